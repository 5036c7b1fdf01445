import { SCHEMA, SYNTAX, type Diagnostic, type Span, type TextEdit } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { DIRECTIVE, parseDirectives, REASON_REQUIRED } from '../lint/directives.js';
import { applyFixes, fixText } from '../lint/fix.js';
import { lineBreakOf } from '../rule-support/block-edits.js';

/** A code action before it is put in protocol terms: its title, the finding it is about and its edits of the file. */
export interface FileAction {
  readonly title: string;
  readonly diagnostic: Diagnostic;
  readonly edits: readonly TextEdit[];
  /** The rule's own safe fix (`--fix` would apply it): editors offer it first. */
  readonly preferred: boolean;
}

/** True when two spans share a character, or touch where one is empty (a cursor). */
function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * The code actions for the findings in `range`: each finding's fix, its suggestions, and
 * a comment that disables its rule for the line, with room for the reason after `--`
 * (for `human-exit` and `offramp-distance` the comment is reported until a reason is written).
 */
export function actionsFor(text: string, diagnostics: readonly Diagnostic[], range: Span): FileAction[] {
  const out: FileAction[] = [];
  const lines = new LineIndex(text);
  for (const d of diagnostics) {
    if (!overlaps(d.span, range)) continue;
    if (d.fix) out.push({ title: `Fix: ${firstSentence(d.message)}`, diagnostic: d, edits: [d.fix], preferred: true });
    for (const s of d.suggestions ?? []) out.push({ title: s.desc, diagnostic: d, edits: [s.fix], preferred: false });
    const disable = disableEdit(text, lines, d);
    if (disable) {
      const needs = REASON_REQUIRED.has(d.ruleId) ? ' (write the required reason after --)' : ' (write the reason after --)';
      out.push({ title: `Disable ${d.ruleId} for this line${needs}`, diagnostic: d, edits: [disable], preferred: false });
    }
  }
  return out;
}

function firstSentence(message: string): string {
  const end = message.search(/[.:](\s|$)/);
  return end < 0 ? message : message.slice(0, end);
}

/**
 * A `# journey-disable-next-line <rule> --` comment above the finding's line, indented
 * like it. Offered only when the YAML lexer reads the comment back as a disable comment
 * for that line (never inside a block scalar, where it would become text).
 */
function disableEdit(text: string, lines: LineIndex, d: Diagnostic): TextEdit | undefined {
  if (d.ruleId === SYNTAX || d.ruleId === SCHEMA || d.ruleId === DIRECTIVE) return undefined;
  const line = lines.position(d.span.start).line;
  const lineText = lines.lineText(line);
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const at = lines.offset(line, 1);
  const edit: TextEdit = { range: [at, at], text: `${indent}# journey-disable-next-line ${d.ruleId} --${lineBreakOf(text)}` };
  const changed = applyFixes(text, [edit]).output;
  const found = parseDirectives(changed).some((c) => c.kind === 'disable-next-line' && c.line === line && c.rules.includes(d.ruleId));
  return found ? edit : undefined;
}

/**
 * Every safe fix of a file applied as `journey lint --fix` applies them (in passes until
 * stable), as one edit of the part that changed; undefined when there is nothing to fix.
 */
export async function fixAllEdit(text: string, diagnostics: readonly Diagnostic[], lint: (text: string) => Promise<readonly Diagnostic[]>): Promise<TextEdit | undefined> {
  if (!diagnostics.some((d) => d.fix)) return undefined;
  const fixed = await fixText(text, lint, (found) => found.flatMap((d) => (d.fix ? [d.fix] : [])));
  if (fixed.output === text) return undefined;
  let start = 0;
  while (start < text.length && start < fixed.output.length && text[start] === fixed.output[start]) start++;
  let end = 0;
  while (end < text.length - start && end < fixed.output.length - start && text[text.length - 1 - end] === fixed.output[fixed.output.length - 1 - end]) end++;
  return { range: [start, text.length - end], text: fixed.output.slice(start, fixed.output.length - end) };
}
