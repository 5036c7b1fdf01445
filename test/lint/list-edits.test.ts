/** appendItem: a list item added the way the list is written, by both YAML readers (fast path and Document); callersOf. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYaml, parseYamlWithDocument } from '../../src/load/yaml.js';
import { appendItem } from '../../src/rule-support/block-edits.js';
import { callEntryOf, callersOf } from '../../src/lint/catalogue.js';

const CASES: readonly [name: string, before: string, after: string | undefined][] = [
  ['flow, comment after', 'a:\n  carry: [x, y]   # c\n  q: 1\n', 'a:\n  carry: [x, y, z]   # c\n  q: 1\n'],
  ['empty flow', 'a:\n  carry: []\n', 'a:\n  carry: [z]\n'],
  ['flow over several lines', 'a:\n  carry: [\n    x,\n    y # c\n  ]\n', 'a:\n  carry: [\n    x,\n    y, z # c\n  ]\n'],
  ['block, comments and a blank line kept', 'a:\n  carry:\n    - x   # c\n    - y # d\n\n  q: 1\n', 'a:\n  carry:\n    - x   # c\n    - y # d\n    - z\n\n  q: 1\n'],
  ['block at the key indentation, CRLF, quoted item', 'a:\r\n  carry:\r\n  - x\r\n  - "y"\r\n', 'a:\r\n  carry:\r\n  - x\r\n  - "y"\r\n  - z\r\n'],
  ['block at the end of a file without a final line break', 'a:\n  carry:\n    - x\n    - y', 'a:\n  carry:\n    - x\n    - y\n    - z'],
  ['a list in a list is left to a person', 'a:\n  carry:\n  - - x\n', undefined],
];

describe('appendItem', () => {
  for (const [reader, parse] of [['fast path', parseYaml], ['yaml Document', parseYamlWithDocument]] as const) {
    for (const [name, before, after] of CASES) {
      it(`${reader}: ${name}`, () => {
        const parsed = parse(before, DEFAULT_LIMITS);
        const list = (parsed.data as { a: { carry: unknown[] } }).a.carry;
        const edit = appendItem(before, parsed.sourceMap, name.includes('list in a list') ? (list[0] as unknown[]) : list, 'z');
        expect(edit === undefined ? undefined : before.slice(0, edit.range[0]) + edit.text + before.slice(edit.range[1])).toBe(after);
      });
    }
  }
});

describe('callersOf (what a change of a journey affects, for --watch)', () => {
  const entry = (text: string) => callEntryOf(text);
  const files = new Map([
    ['a.yaml', entry('journey: a\nstates:\n  s:\n    type: call\n    call: b\n')],
    ['b.yaml', entry('journey: b\nstates:\n  s:\n    type: call\n    call: "c"   # quoted\n')],
    ['c.yaml', entry('journey: c\nstates: {}\n')],
    ['d.yaml', entry('journey: d\nstates:\n  s:\n    type: call\n    call: &x e\n')],
    ['e.yaml', entry('journey: e\n')],
  ]);

  it('follows chains of calls, and counts a file whose calls cannot be read as a caller of everything', () => {
    expect([...callersOf(files, ['c'])].sort()).toEqual(['a.yaml', 'b.yaml', 'd.yaml']);
    expect([...callersOf(files, ['b'])].sort()).toEqual(['a.yaml', 'd.yaml']);
    expect([...callersOf(files, ['a'])].sort()).toEqual(['d.yaml']);
    expect(files.get('b.yaml')?.calls).toEqual(new Set(['c']));
  });
});
