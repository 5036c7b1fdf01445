import { visibleKeepingTabs } from './display.js';
import { LineIndex } from './line-index.js';

/** Widest source excerpt shown; longer lines are cut around the finding. */
const MAX_WIDTH = 120;

/** The source line of a finding (control characters escaped) and an underline sized to the offending token. */
export interface CodeFrame {
  readonly lineNumber: number;
  readonly text: string;
  /** Spaces (and tabs, to keep alignment) then `^~~~` under the token. */
  readonly underline: string;
}

/**
 * Builds the excerpt for a finding from 1-based positions. The underline covers
 * the token on the first line (to the end of the line when the span goes on).
 */
export function codeFrame(lines: LineIndex, line: number, column: number, endLine: number, endColumn: number): CodeFrame {
  let text = lines.lineText(line);
  let start = Math.max(0, column - 1);
  let end = endLine > line ? text.length : Math.max(start + 1, endColumn - 1);
  end = Math.min(Math.max(end, start + 1), Math.max(text.length, start + 1));
  if (text.length > MAX_WIDTH) {
    const from = Math.max(0, Math.min(start - 20, text.length - MAX_WIDTH));
    text = (from > 0 ? '…' : '') + text.slice(from, from + MAX_WIDTH) + (from + MAX_WIDTH < text.length ? '…' : '');
    const shift = from > 0 ? from - 1 : 0;
    start -= shift;
    end = Math.min(end - shift, text.length);
  }
  // Control characters are shown as escapes; the underline is measured on the shown text so it still lines up.
  const before = visibleKeepingTabs(text.slice(0, start));
  const token = visibleKeepingTabs(text.slice(start, end));
  const lead = before.replace(/[^\t]/g, ' ');
  const width = Math.max(1, token.length);
  return { lineNumber: line, text: visibleKeepingTabs(text), underline: `${lead}^${'~'.repeat(width - 1)}` };
}

export { LineIndex };
