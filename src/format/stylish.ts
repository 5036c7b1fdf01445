import { codeFrame, LineIndex } from '../diagnostics/code-frame.js';
import { plural, visible } from '../diagnostics/display.js';
import type { TextEdit } from '../diagnostics/diagnostic.js';
import type { Paint } from './paint.js';
import { PLAIN } from './paint.js';
import type { FormatContext, FormatFile, Formatter } from './types.js';

/** The default terminal report: position, severity, message, rule, source excerpt, fix and docs, then a summary. */
export const stylish: Formatter = (files, context) => renderStylish(files, context, PLAIN);

/** Stylish with colours; `summary: false` leaves out the closing count line. */
export function renderStylish(files: readonly FormatFile[], context: FormatContext, paint: Paint, options: { summary?: boolean } = {}): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let withProblems = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const file of files) {
    if (file.messages.length === 0) continue;
    withProblems++;
    errors += file.errorCount;
    warnings += file.warningCount;
    const lines = new LineIndex(file.source);
    for (const m of file.messages) {
      const severity = m.severity === 'error' ? paint.red('error') : paint.yellow('warning');
      // File names and messages may hold line breaks or escape sequences (a hostile file name): shown escaped, one line each.
      out.push(`${paint.bold(`${visible(file.displayPath)}:${m.line}:${m.column}`)}: ${severity}: ${visible(m.message)} ${paint.dim(`[${visible(m.ruleId)}]`)}`);
      if (file.source !== '') {
        const frame = codeFrame(lines, m.line, m.column, m.endLine, m.endColumn);
        const gutter = String(frame.lineNumber).length;
        const pad = ' '.repeat(gutter);
        out.push(paint.dim(`  ${String(frame.lineNumber)} | `) + frame.text);
        out.push(paint.dim(`  ${pad} | `) + (m.severity === 'error' ? paint.red(frame.underline) : paint.yellow(frame.underline)));
      }
      if (m.hint) out.push(`  ${paint.cyan('fix:')} ${visible(m.hint)}`);
      if (m.fix) {
        if (m.severity === 'error') fixableErrors++;
        else fixableWarnings++;
        out.push(`  ${paint.cyan('fixable:')} --fix ${describeEdit(file.source, m.fix)}`);
      }
      for (const s of m.suggestions ?? []) out.push(`  ${paint.cyan('suggestion:')} ${visible(s.desc)}`);
      const docs = context.rules.get(m.ruleId)?.docs;
      if (docs) out.push(`  ${paint.cyan('docs:')} ${docs}`);
      out.push('');
    }
  }
  if (options.summary === false) return out.map((line) => `${line}\n`).join('');
  out.push(summary(errors, warnings, withProblems, context.fileCount, paint));
  if (fixableErrors + fixableWarnings > 0) {
    out.push(paint.dim(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`));
  }
  return out.join('\n') + '\n';
}

function summary(errors: number, warnings: number, withProblems: number, fileCount: number, paint: Paint): string {
  const files = plural(fileCount, 'journey file');
  if (errors + warnings === 0) return paint.green(`✔ ${files} checked: no problems`);
  const total = errors + warnings;
  const text = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${withProblems} of ${files}`;
  return errors > 0 ? paint.red(paint.bold(text)) : paint.yellow(paint.bold(text));
}

/** One line saying what an edit does: the text it replaces and the text it writes, escaped. */
function describeEdit(source: string, fix: TextEdit): string {
  const old = source.slice(fix.range[0], fix.range[1]);
  const short = (t: string) => visible(t.length > 40 ? `${t.slice(0, 40)}...` : t);
  if (old === '') return `inserts \`${short(fix.text)}\``;
  if (fix.text === '') return `removes \`${short(old)}\``;
  return `changes \`${short(old)}\` to \`${short(fix.text)}\``;
}
