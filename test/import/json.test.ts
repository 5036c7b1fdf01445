import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { parseJson } from '../../src/import/json.js';

describe('parseJson (positioned JSON for the importers)', () => {
  it('gives the same value as JSON.parse on what exports contain', () => {
    const text = JSON.stringify({ a: [1, -2.5e3, true, false, null, 'x\u00e9\n"\\/'], b: { c: {}, d: [] }, 'key with space': 'ok' }, null, '\t');
    const parsed = parseJson(text);
    expect(parsed.failed).toBe(false);
    expect(parsed.data).toEqual(JSON.parse(text));
    expect(parseJson('"\\ud83d\\ude00 \\u0041"').data).toBe('\u{1F600} A');
  });

  it('positions every object and list, and every key, as offsets of the text', () => {
    const text = '{\n  "pages": [\n    { "displayName": "start" },\n    { "displayName": "end" }\n  ]\n}';
    const parsed = parseJson(text);
    const pages = (parsed.data as { pages: object[] }).pages;
    const lines = new LineIndex(text);
    expect(lines.position(parsed.sourceMap.container(pages[1])?.span.start ?? -1)).toEqual({ line: 4, column: 5 });
    const key = parsed.sourceMap.keySpan(pages[0], 'displayName');
    expect(text.slice(key.start, key.end)).toBe('"displayName"');
    const value = parsed.sourceMap.valueSpan(pages[0], 'displayName');
    expect(text.slice(value.start, value.end)).toBe('"start"');
  });

  it('makes `__proto__` an own key, never the prototype; a repeated key keeps the last value', () => {
    const parsed = parseJson('{"__proto__": {"polluted": true}, "a": 1, "a": 2}');
    const data = parsed.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(data.a).toBe(2);
  });

  const broken: [string, string, RegExp][] = [
    ['a truncated export', '{\n  "a": [1, 2,\n', /ends inside a list that starts on line 2: the JSON is cut short/],
    ['a truncated string', '{"a": "abc', /ends inside a string/],
    ['a trailing comma', '{"a": 1,}', /trailing commas/],
    ['an unquoted key', '{a: 1}', /Expected a quoted key/],
    ['a single-quoted string', "{'a': 1}", /Expected a quoted key/],
    ['text after the value', '{} {}', /after the end of the JSON value/],
    ['an empty file', '   ', /empty/],
    ['a bad escape', '"\\x41"', /not a JSON escape/],
    ['a raw line break in a string', '"a\nb"', /control character/],
    ['a missing colon', '{"a" 1}', /Expected `:`/],
  ];
  for (const [name, text, message] of broken) {
    it(`refuses ${name} with one positioned finding`, () => {
      const parsed = parseJson(text);
      expect(parsed.failed).toBe(true);
      expect(parsed.data).toBeUndefined();
      expect(parsed.diagnostics).toHaveLength(1);
      expect(parsed.diagnostics[0]?.message).toMatch(message);
      expect(parsed.diagnostics[0]?.code).toBe('json-syntax');
      const at = parsed.diagnostics[0]?.span.start ?? -1;
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThanOrEqual(text.length);
    });
  }

  it('refuses nesting deeper than the limit without overflowing the stack, and parses 200,000 nested-free items', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJson(deep).diagnostics[0]?.message).toMatch(/deeper than 512/);
    const wide = `[${Array.from({ length: 200_000 }, (_, i) => `{"id":${i}}`).join(',')}]`;
    expect((parseJson(wide).data as unknown[]).length).toBe(200_000);
  });
});
