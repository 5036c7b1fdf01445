import type { Diagnostic } from './diagnostic.js';
import { LineIndex, type LinePosition } from './line-index.js';

/** A diagnostic with its display positions resolved (what formatters print). */
export interface LocatedDiagnostic extends Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Resolves spans to 1-based lines and columns; an empty span ends one column after it starts. */
export function locate(text: string, diagnostics: readonly Diagnostic[], index?: LineIndex): LocatedDiagnostic[] {
  if (diagnostics.length === 0) return [];
  const lines = index ?? new LineIndex(text);
  return diagnostics.map((d) => {
    const start: LinePosition = lines.position(d.span.start);
    let end: LinePosition = lines.position(d.span.end);
    if (end.line < start.line || (end.line === start.line && end.column <= start.column)) {
      end = { line: start.line, column: start.column + 1 };
    }
    return { ...d, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  });
}
