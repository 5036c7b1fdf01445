import { escapeCommandData, escapeCommandProperty } from './escape.js';
import { displayPath, visible } from '../diagnostics/display.js';
import type { Formatter } from './types.js';

/**
 * GitHub Actions workflow commands: one annotation per finding, grouped per file.
 * Messages are escaped as @actions/core does (`%`, CR, LF); properties also escape
 * `:` and `,`. GitHub shows at most 10 annotations of each level per step, so the
 * CLI prints the full report as well.
 */
export const github: Formatter = (files, context) => {
  const out: string[] = [];
  const root = context.repoRoot ?? context.cwd;
  for (const file of files) {
    if (file.messages.length === 0) continue;
    // The runner reads a relative `file=` against the repository root, whatever the step's working directory.
    // Control characters in a name are shown as escapes even in `file=`: no real file is named so, and raw they
    // would reach the log (the toolkit's escaping covers only `%`, CR, LF, `:` and `,`).
    const path = visible(file.filePath.startsWith('<') ? file.displayPath : displayPath(file.filePath, root));
    out.push(`::group::${escapeCommandData(path)}`);
    for (const m of file.messages) {
      const docs = context.rules.get(m.ruleId)?.docs;
      const props = [
        `file=${escapeCommandProperty(path)}`,
        `line=${m.line}`,
        `endLine=${m.endLine}`,
        `col=${m.column}`,
        `endColumn=${m.endColumn}`,
        `title=${escapeCommandProperty(`journey ${m.ruleId}`)}`,
      ].join(',');
      // The message's own control characters are shown as escapes; the line breaks added here are escaped by the toolkit's rules.
      const text = `${visible(m.message)}${m.hint ? `\nFix: ${visible(m.hint)}` : ''}${docs ? `\nDocs: ${docs}` : ''}`;
      out.push(`::${m.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeCommandData(text)}`);
    }
    out.push('::endgroup::');
  }
  return out.length ? `${out.join('\n')}\n` : '';
};
