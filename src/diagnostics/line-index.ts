/** A 1-based line and column, as shown to people. Columns count UTF-16 units, as ESLint does. */
export interface LinePosition {
  readonly line: number;
  readonly column: number;
}

const LF = 10;
const CR = 13;

/**
 * Text with every lone CR (old Mac line endings) turned into LF. Offsets do not
 * move (one character for one), so spans found in the result are spans of the
 * original text. YAML counts CR, LF and CRLF as line breaks, but the `yaml`
 * package only knows LF and CRLF.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Maps offsets to lines and columns. Line breaks are LF, CRLF and a lone CR, as in
 * YAML. Built lazily, only when a finding is displayed, so that clean files never
 * pay for it.
 */
export class LineIndex {
  /** Offset where each line starts. */
  private readonly starts: number[];
  /** Offset where each line's text ends (before its line break). */
  private readonly ends: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    const ends: number[] = [];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      ends.push(i);
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      starts.push(i + 1);
    }
    ends.push(n);
    // A trailing line break does not open a line a finding could sit on.
    if (starts.length > 1 && starts[starts.length - 1] === n) {
      starts.pop();
      ends.pop();
    }
    this.starts = starts;
    this.ends = ends;
  }

  /** Number of lines in the file (at least 1). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Position of an offset; offsets past the end are clamped to the last line, offsets on a line break to its line's end. */
  position(offset: number): LinePosition {
    const clamped = Math.min(Math.max(0, offset), this.text.length);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.starts[lo] as number;
    const lineEnd = this.ends[lo] as number;
    return { line: lo + 1, column: Math.min(clamped, lineEnd) - lineStart + 1 };
  }

  /** Offset of a 1-based line and column (clamped into the file): the inverse of `position`. */
  offset(line: number, column: number): number {
    const i = Math.min(Math.max(1, line), this.starts.length) - 1;
    const start = this.starts[i] as number;
    return Math.min(start + Math.max(0, column - 1), this.ends[i] as number);
  }

  /** Offset where the text of a 1-based line ends (before its line break). */
  lineEnd(line: number): number {
    return this.ends[Math.min(Math.max(1, line), this.ends.length) - 1] as number;
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const i = Math.min(Math.max(1, line), this.starts.length) - 1;
    return this.text.slice(this.starts[i], this.ends[i]);
  }
}
