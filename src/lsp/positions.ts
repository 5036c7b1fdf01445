import type { Span } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';

/** A position as the protocol counts it: 0-based line, 0-based character in UTF-16 code units. */
export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

/** A protocol range: `[start, end)`. */
export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

/**
 * Converts between the offsets of the model (UTF-16 units into the text with a UTF-8 BOM
 * dropped, as the loader reads it) and protocol positions (UTF-16 units into the editor's
 * text, which may still start with the BOM). JavaScript strings are UTF-16, so a character
 * outside the Basic Multilingual Plane counts two, as the protocol's default encoding says.
 */
export class DocumentPositions {
  private readonly lines: LineIndex;
  /** 1 when the editor's text starts with a BOM the model does not see. */
  private readonly bom: number;

  constructor(readonly text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.lines = new LineIndex(text);
  }

  /** The text as the model sees it (BOM dropped). */
  get modelText(): string {
    return this.bom ? this.text.slice(1) : this.text;
  }

  /** Protocol position of a model offset. */
  position(offset: number): LspPosition {
    const at = Math.min(Math.max(0, offset + this.bom), this.text.length);
    // The line after a final line break exists for an editor (the cursor can sit there), not for LineIndex.
    if (at === this.text.length && /[\r\n]$/.test(this.text)) return { line: this.lines.lineCount, character: 0 };
    const p = this.lines.position(at);
    return { line: p.line - 1, character: p.column - 1 };
  }

  /** Protocol range of a model span. */
  range(span: Span): LspRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** Model offset of a protocol position (clamped into the text). */
  offset(position: LspPosition): number {
    if (position.line >= this.lines.lineCount) return this.text.length - this.bom;
    return Math.max(0, this.lines.offset(position.line + 1, position.character + 1) - this.bom);
  }
}
