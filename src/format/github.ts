import { escapeCommandData, escapeCommandProperty } from './escape.js';
import type { Formatter } from './types.js';

/**
 * GitHub Actions workflow commands: one annotation per finding, grouped per file.
 * Messages are escaped as @actions/core does (`%`, CR, LF); properties also escape
 * `:` and `,`. GitHub shows at most 10 annotations of each level per step, so the
 * CLI prints the full report as well.
 */
export const github: Formatter = (files, context) => {
  const out: string[] = [];
  for (const file of files) {
    if (file.messages.length === 0) continue;
    out.push(`::group::${escapeCommandData(file.displayPath)}`);
    for (const m of file.messages) {
      const docs = context.rules.get(m.ruleId)?.docs;
      const props = [
        `file=${escapeCommandProperty(file.displayPath)}`,
        `line=${m.line}`,
        `endLine=${m.endLine}`,
        `col=${m.column}`,
        `endColumn=${m.endColumn}`,
        `title=${escapeCommandProperty(`journey ${m.ruleId}`)}`,
      ].join(',');
      const text = `${m.message}${m.hint ? `\nFix: ${m.hint}` : ''}${docs ? `\nDocs: ${docs}` : ''}`;
      out.push(`::${m.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeCommandData(text)}`);
    }
    out.push('::endgroup::');
  }
  return out.length ? `${out.join('\n')}\n` : '';
};
