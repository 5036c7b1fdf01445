// The fast reader (src/load/fast-yaml.ts) against yaml's Document path: on every input
// it either gives up, or gives exactly the same data, the same position of every
// container, key and value, and the same (no) findings. And it must not give up on the
// journeys the speed-up is for: the examples and generated ones.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeLineBreaks } from '../../src/diagnostics/line-index.js';
import { readSimpleYaml } from '../../src/load/fast-yaml.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../../src/load/limits.js';
import type { SourceMap } from '../../src/load/source-map.js';
import { parseYaml, parseYamlWithDocument } from '../../src/load/yaml.js';
import { journeySpecArb, renderJourney } from '../support/arbitrary-journey.js';
import { ROOT } from '../support/lint.js';
import { mutatedJourney, randomYamlText } from '../fuzz/inputs.js';
import { generateJourney } from '../../bench/generate.js';

const SEED = 20261130;
/** How many inputs of each group the fast reader read (rather than gave up on): a group it always gave up on would prove nothing. */
const tally = { mutated: 0, trivia: 0, edge: 0 };

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const EXAMPLES = filesUnder(join(ROOT, 'journeys'), '.journey.yaml');
const FIXTURES = [...filesUnder(join(ROOT, 'test', 'fixtures'), '.yaml'), ...filesUnder(join(ROOT, 'journeys'), '.yaml')];

/** Same containers at the same places: walks both trees together, comparing every container location. */
function expectSameMap(fast: SourceMap, slow: SourceMap, a: unknown, b: unknown, path: string): void {
  if (typeof a !== 'object' || a === null) return;
  const fa = fast.container(a);
  const sb = slow.container(b);
  expect(fa, `container at ${path}`).toBeDefined();
  expect(fa?.span, `span of ${path}`).toEqual(sb?.span);
  expect([...(fa?.entries ?? [])], `entries of ${path}`).toEqual([...(sb?.entries ?? [])]);
  for (const key of Object.keys(a)) expectSameMap(fast, slow, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`);
}

/** Checks one input; returns whether the fast reader read it (false: it gave up). */
function check(text: string, limits: LoadLimits = DEFAULT_LIMITS): boolean {
  const slow = parseYamlWithDocument(text, limits);
  const fast = readSimpleYaml(normalizeLineBreaks(text), limits.maxDepth);
  const viaParse = parseYaml(text, limits);
  if (!fast) {
    // It gave up: parseYaml is then the Document path itself.
    expect(viaParse.diagnostics).toEqual(slow.diagnostics);
    expect(viaParse.data).toStrictEqual(slow.data);
    return false;
  }
  expect(slow.diagnostics, `yaml reports findings the fast reader missed in ${JSON.stringify(text.slice(0, 200))}`).toEqual([]);
  expect(slow.failed).toBe(false);
  expect(fast.data).toStrictEqual(slow.data);
  expect(fast.sourceMap.rootSpan).toEqual(slow.sourceMap.rootSpan);
  expectSameMap(fast.sourceMap, slow.sourceMap, fast.data, slow.data, '');
  expect(viaParse.data).toStrictEqual(slow.data);
  return true;
}

describe('the fast YAML reader gives what yaml gives, or gives up', () => {
  it('reads every example journey, exactly as yaml does', () => {
    expect(EXAMPLES.length).toBeGreaterThan(0);
    for (const file of EXAMPLES) expect(check(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it('reads generated benchmark journeys, exactly as yaml does', () => {
    for (let i = 0; i < 30; i++) expect(check(generateJourney(i, 8 + (i % 5) * 11))).toBe(true);
  });

  it('agrees on every YAML fixture (or gives up)', () => {
    expect(FIXTURES.length).toBeGreaterThan(0);
    for (const file of FIXTURES) check(readFileSync(file, 'utf8'));
  });

  it('reads random journeys exactly as yaml does', () => {
    let read = 0;
    fc.assert(
      fc.property(journeySpecArb, (spec) => {
        if (check(renderJourney(spec).yaml)) read++;
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(read).toBeGreaterThan(0);
  });

  it('agrees on the fuzz tests mutated journeys', () => {
    const sources = EXAMPLES.map((f) => readFileSync(f, 'utf8'));
    fc.assert(
      fc.property(fc.constantFrom(...sources).chain(mutatedJourney), (text) => {
        if (check(text)) tally.mutated++;
      }),
      { seed: SEED, numRuns: 600 },
    );
    expect(tally.mutated).toBeGreaterThan(100);
  });

  it('agrees on random YAML-ish text', () => {
    fc.assert(
      fc.property(randomYamlText, (text) => {
        check(text);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('agrees where comments, blank lines and spaces are put between lines', () => {
    const sources = [...EXAMPLES.map((f) => readFileSync(f, 'utf8')), generateJourney(1, 12) as string];
    const filler = fc.oneof(
      fc.nat({ max: 12 }).map((k) => `${' '.repeat(k)}# note`),
      fc.constant(''),
      fc.nat({ max: 8 }).map((k) => ' '.repeat(k)),
    );
    const insertion = fc.tuple(fc.nat(), fc.array(filler, { minLength: 1, maxLength: 3 }));
    const lineEdit = fc.tuple(fc.nat(), fc.constantFrom('  # trailing', ' ', '#x', ': x', ' 12', ' -1.5e3', ' 0x1f', ' ~', ' true', ':', ' [a, b]', ' {a: 1}', ' "q"', " 'q''s'"));
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(insertion, { maxLength: 5 }), fc.array(lineEdit, { maxLength: 3 }), (source, inserts, edits) => {
        const lines = source.split('\n');
        for (const [at, extra] of inserts) lines.splice(at % (lines.length + 1), 0, ...extra);
        for (const [at, suffix] of edits) lines[at % lines.length] += suffix;
        if (check(lines.join('\n'))) tally.trivia++;
      }),
      { seed: SEED, numRuns: 800 },
    );
    expect(tally.trivia).toBeGreaterThan(200);
  });

  it('agrees on hand-written edge cases', () => {
    const cases = [
      'a: 1\n',
      'a: 1',
      'a: b  # c\nd:\n  e: [x, y ]  \n  f: {g: 1, h: "q" } # z\n  # own\n\nl:\n  - m\n  -   n: 1\n      o: 2\n',
      'a:\n  b:\n    c: 1\n\n  # x\n# y\n\n    # z\n  d: 2\n# w\ne: 3\n',
      'a:\n  - 1\n  # q\n\n  - 2\n\n# r\nb: 1',
      'a:\n  b: 1\n     # deeper\n  c: 2\n',
      'a:\n  b: 1\n\n     # deeper after a blank\n# end\n',
      'a:\n  b:\n    c: 1\n    # same\n  # less\nd: 1\n',
      'a:\n  b:\n    - c\n      # deeper\n    # at seq\n  # at map\nz: 0\n',
      'a:\n  b: >-\n    x y\n    z\n\n    w\n\n  c: 1\nd: |\n  q\n  # n\n\ne: 2\n',
      'a: >\n  one\n  two\n\n\n  three\n',
      'a: |-\n  one\n\n  two\nb: x',
      'a: >-\n  text\n    more\nb: 1\n',
      'a: >-\n  text  \nb: 1\n',
      'a: >-\n    text\n  # between\nb: 1\n',
      'a: b\n  c\n',
      'a: b\n   # c\nd: 1\n',
      'a: 1.50\nb: -0\nc: +7\nd: .5\ne: 1e3\nf: 0o17\ng: 0x1F\nh: .inf\ni: .nan\nj: 99999999999999999999999\nk: 1e999\n',
      'a: ~\nb: Null\nc: TRUE\nd: False\ne: yes\nf: 08:00-20:00\ng: 5m\n',
      '1: a\n',
      'true: a\n',
      'a: 1\na: 2\n',
      '__proto__: 1\n',
      '<<: {a: 1}\n',
      'a: [a, b,]\n',
      'a: [a, [b, {c: d}], {}]\nb: {}\nc: []\n',
      'a: {a: 1, a: 2}\n',
      'a: "x\\ny"\n',
      "a: 'it''s'\n",
      'a: "x" # c\n',
      'a: "x"#c\n',
      'a: b: c\n',
      'a: http://x.y/z#frag\n',
      'a: -\n',
      'a: - b\n',
      '- a\n- b\n',
      'a:\n- b\n',
      '---\na: 1\n',
      'a: 1\n...\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '\uFEFFa: 1\n',
      'a: 1\r\nb: 2\r\n',
      'a: 1\rb: 2\r',
      'a:\tb\n',
      'a: 😀 astral\nb: [😀]\n',
      'a: \uD800\n',
      'a:\n',
      'a:\n  # only a comment\nb: 1\n',
      'a:\n\n  # before\n\n  b: 1\n',
      '  a: 1\n',
      '# only comments\n',
      '',
      'a: 1\n  b: 2\n',
      'a:\n    b: 1\n  c: 2\n',
      `${'x'.repeat(1100)}: 1\n`,
      'a: [b\n  , c]\n',
      'a: {b: c d, e: f}\n',
      'a: [b:c]\n',
      'a: [-1, -x, - y]\n',
      'a: ,b\n',
      'a: ]\n',
      'a: b]\n',
      'a: b{c}\n',
      'a: @x\n',
      'a: x\n\n\n',
      'a:\n  b: 1\n\n\n',
      'a:\n  b: 1\n  # tail\n',
      'a:\n  b: 1\n    # tail deeper\n',
      'a:\n  - b: 1\n    c: 2\n    # tail\n  - d\n',
      'a:\n  - b: 1\n      # deeper tail\n',
    ];
    for (const text of cases) if (check(text)) tally.edge++;
    expect(tally.edge).toBeGreaterThan(cases.length / 5);
    let deep = 'a: 1\n';
    for (let i = 0; i < 70; i++) deep = `k:\n${deep.replace(/^/gm, '  ')}`;
    check(deep);
    check(deep, { ...DEFAULT_LIMITS, maxDepth: 200 });
  });
});
