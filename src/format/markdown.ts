import { plural, visible } from '../diagnostics/display.js';
import { escapeMarkdownCell } from './escape.js';
import type { Formatter } from './types.js';

/** A Markdown summary for pull-request comments and `$GITHUB_STEP_SUMMARY`. */
export const markdown: Formatter = (files, context) => {
  let errors = 0;
  let warnings = 0;
  const rows: string[] = [];
  for (const file of files) {
    errors += file.errorCount;
    warnings += file.warningCount;
    for (const m of file.messages) {
      const docs = context.rules.get(m.ruleId)?.docs;
      const rule = docs ? `[${m.ruleId}](${docs})` : m.ruleId;
      const icon = m.severity === 'error' ? '❌ error' : '⚠️ warning';
      rows.push(`| ${icon} | \`${escapeMarkdownCell(visible(file.displayPath))}:${m.line}:${m.column}\` | ${rule} | ${escapeMarkdownCell(visible(m.message))} |`);
    }
  }
  const count = plural(context.fileCount, 'journey file');
  const lines = ['## Journey lint', ''];
  if (rows.length === 0) {
    lines.push(`✅ ${count} checked: no problems.`);
  } else {
    lines.push(`**${plural(errors, 'error')}, ${plural(warnings, 'warning')}** in ${count}.`, '');
    lines.push('| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |', ...rows);
  }
  return `${lines.join('\n')}\n`;
};
