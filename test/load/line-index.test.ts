import { describe, expect, it } from 'vitest';
import { span } from '../../src/diagnostics/diagnostic.js';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { locate } from '../../src/diagnostics/located.js';

describe('LineIndex positions', () => {
  it('maps offsets to 1-based lines and columns', () => {
    const index = new LineIndex('ab\ncd\nef');
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(1)).toEqual({ line: 1, column: 2 });
    expect(index.position(3)).toEqual({ line: 2, column: 1 });
    expect(index.position(7)).toEqual({ line: 3, column: 2 });
    expect(index.lineCount).toBe(3);
  });

  it('CRLF: the same lines and columns as LF', () => {
    const lf = new LineIndex('ab\ncd\nef\n');
    const crlf = new LineIndex('ab\r\ncd\r\nef\r\n');
    expect(crlf.lineCount).toBe(lf.lineCount);
    expect(crlf.position(4)).toEqual(lf.position(3)); // `c`
    expect(crlf.position(9)).toEqual(lf.position(7)); // `f`
    expect(crlf.lineText(2)).toBe('cd');
  });

  it('clamps an offset past the end of a file without a final newline to the end of its last line', () => {
    const index = new LineIndex('ab\ncd');
    expect(index.position(5)).toEqual({ line: 2, column: 3 });
    expect(index.position(10_000)).toEqual({ line: 2, column: 3 });
  });

  it('clamps an offset past the end of a file with a final newline to its last line (a trailing newline opens no line)', () => {
    const index = new LineIndex('ab\ncd\n');
    expect(index.lineCount).toBe(2);
    expect(index.position(10_000).line).toBe(2);
    expect(index.position(6).line).toBe(2);
  });

  it('clamps past the end to a column on the last line, not beyond its text', () => {
    for (const text of ['ab\ncd\n', 'ab\r\ncd\r\n']) {
      const index = new LineIndex(text);
      expect(index.position(10_000), JSON.stringify(text)).toEqual({ line: 2, column: 3 });
    }
  });

  it('the text of the last line excludes the final line terminator', () => {
    expect(new LineIndex('ab\ncd\n').lineText(2)).toBe('cd');
    expect(new LineIndex('ab\r\ncd\r\n').lineText(2)).toBe('cd');
    expect(new LineIndex('ab\ncd').lineText(2)).toBe('cd');
  });

  it('clamps negative offsets and out-of-range line numbers', () => {
    const index = new LineIndex('ab\ncd');
    expect(index.position(-5)).toEqual({ line: 1, column: 1 });
    expect(index.lineText(0)).toBe('ab');
    expect(index.lineText(99)).toBe('cd');
  });

  it('an empty file has one line, and every offset maps to 1:1', () => {
    const index = new LineIndex('');
    expect(index.lineCount).toBe(1);
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(42)).toEqual({ line: 1, column: 1 });
  });
});

describe('locate', () => {
  const finding = (start: number, end: number) => ({ ruleId: 'schema', code: 'required' as const, severity: 'error' as const, message: 'm', span: span(start, end) });

  it('a span past the end of the file is clamped to the last line', () => {
    const [d] = locate('journey: a\ntitle: t\n', [finding(500, 600)]);
    expect(d).toMatchObject({ line: 2 });
    expect(d!.endLine).toBe(2);
  });

  it('an empty span at 0 is 1:1 and ends one column later', () => {
    const [d] = locate('journey: a\n', [finding(0, 0)]);
    expect(d).toMatchObject({ line: 1, column: 1, endLine: 1, endColumn: 2 });
  });

  it('a span over a key gives its start and end columns', () => {
    const text = 'journey: a\ntitle: t\n';
    const [d] = locate(text, [finding(text.indexOf('title'), text.indexOf('title') + 5)]);
    expect(d).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 6 });
  });
});
