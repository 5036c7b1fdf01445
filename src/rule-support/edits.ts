import type { Span, TextEdit } from '../diagnostics/diagnostic.js';

/**
 * Replaces the scalar `old` written at `at` (a value span of the model) with `value`, keeping how
 * it was written: a single- or double-quoted scalar stays quoted the same way, a plain one plain.
 * Only the scalar's own characters change, so comments, indentation and line ends stay as they are.
 * Undefined when the text at `at` is not that scalar (a span that fell back to its parent):
 * an edit there would damage the file.
 */
export function replaceScalar(text: string, at: Span, old: string, value: string): TextEdit | undefined {
  const written = text.slice(at.start, at.end);
  if (written === old) return { range: [at.start, at.end], text: value };
  const quote = written[0];
  if ((quote === '"' || quote === "'") && written.length >= 2 && written.endsWith(quote) && written.slice(1, -1) === old) {
    // Ids are plain names; a value needing escapes is left to a person.
    if (value.includes(quote) || value.includes('\\')) return undefined;
    return { range: [at.start + 1, at.end - 1], text: value };
  }
  return undefined;
}
