/** A 1-based line and column, as shown to people. Columns count UTF-16 units, as ESLint does. */
export interface LinePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets to lines and columns. Built lazily, only when a finding is
 * displayed, so that clean files never pay for it.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    // A trailing newline does not open a line a finding could sit on.
    if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
    this.starts = starts;
  }

  /** Number of lines in the file (at least 1). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Position of an offset; offsets past the end are clamped to the last line. */
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
    const lineEnd = this.lineEnd(lo + 1);
    return { line: lo + 1, column: Math.min(clamped, lineEnd) - lineStart + 1 };
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const i = Math.min(Math.max(1, line), this.starts.length) - 1;
    return this.text.slice(this.starts[i], this.lineEnd(i + 1));
  }

  private lineEnd(line: number): number {
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next - 1;
    // The last line of a file that ends with a newline stops before it.
    if (next === undefined && end > 0 && this.text.charCodeAt(end - 1) === 10) end -= 1;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13 && end - 1 >= (this.starts[line - 1] as number)) end -= 1;
    return end;
  }
}
