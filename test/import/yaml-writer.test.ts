import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeYaml } from '../../src/import/yaml-writer.js';
import { PARSE_OPTIONS } from '../../src/load/syntax-errors.js';

const read = (text: string): unknown => parse(text, PARSE_OPTIONS);

const TRICKY = ['true', 'False', 'NULL', 'null', '~', 'yes', 'no', '', ' ', 'a ', ' a', 'a  b', '- x', '-x', ': x', 'a: b', 'a:b', 'a #b', 'a#b', '#x', '@x', '`x', '%x', '!x', '&x', '*x', '|x', '>x', "'q", '"q', 'q"', 'x\u2028y', 'a\nb', 'a\tb', '123', '1e3', '0x1f', '.inf', '.nan', '+1', '{a}', '[a]', 'a, b', 'a,b', '?', '? x', 'x?', 'Shall I put you through?', "I'm here", 'verify$ask', 'ok.done', '\u0000', '\u001b[31m', '\u{1F600}', 'a\\b', 'é'];

describe('writeYaml (the importers\' writer)', () => {
  it('reads back exactly what it wrote, for every awkward string as a key, a value and a list item', () => {
    for (const s of TRICKY) {
      const data = { [s === '' ? 'empty' : s]: s, list: [s, 'b'], long: [s, 'x'.repeat(50)], 'x-source': { id: s, line: 3 }, nested: { items: [{ say: s, to: s }] } };
      expect(read(writeYaml(data)), JSON.stringify(s)).toEqual(data);
    }
  });

  it('reads back any JSON data of strings, numbers, booleans, null, lists and mappings', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.constantFrom(...TRICKY), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom(...TRICKY.filter((t) => t !== ''))), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'), value, { maxKeys: 5 }), (data) => {
        expect(read(writeYaml(data))).toEqual(data);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('writes positions and short lists on one line, a header of comments, and names plainly', () => {
    const text = writeYaml({ journey: 'card', on: ['agent_requested', 'speak_to_person'], 'x-source': { platform: 'rasa', file: 'data/flows/a.yml', line: 2 }, states: { greet: { say: 'Hello! How can I help?' } } }, ['Imported.', 'Second line.']);
    expect(text).toBe(`# Imported.
# Second line.

journey: card
on: [agent_requested, speak_to_person]
x-source: { platform: rasa, file: data/flows/a.yml, line: 2 }
states:
  greet:
    say: Hello! How can I help?
`);
  });
});
