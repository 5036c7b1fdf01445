// fast-check arbitraries for hostile and random inputs, shared by the fuzz tests (test/fuzz)
// and `npm run stress` (bench/stress.js, on the built dist/). Plain JavaScript for both.
import fc from 'fast-check';

/**
 * Line-level mutations of a valid journey: deleted lines, shifted indentation, duplicated keys, truncation, random unicode, huge scalars.
 * @param {string} source
 * @returns {import('fast-check').Arbitrary<string>}
 */
export function mutatedJourney(source) {
  const lines = source.split('\n');
  const mutation = fc.oneof(
    fc.nat({ max: lines.length - 1 }).map((i) => (ls) => ls.filter((_, j) => j !== i)),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.integer({ min: -4, max: 4 })).map(([i, d]) => (ls) =>
      ls.map((l, j) => (j === i ? (d > 0 ? ' '.repeat(d) + l : l.slice(Math.min(-d, l.length - l.trimStart().length))) : l)),
    ),
    fc.nat({ max: lines.length - 1 }).map((i) => (ls) => [...ls.slice(0, i + 1), ls[i] ?? '', ...ls.slice(i + 1)]),
    fc.nat({ max: source.length }).map((n) => () => source.slice(0, n).split('\n')),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.string({ unit: 'grapheme', maxLength: 12 })).map(([i, s]) => (ls) =>
      ls.map((l, j) => (j === i ? l.slice(0, Math.floor(l.length / 2)) + s + l.slice(Math.floor(l.length / 2)) : l)),
    ),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.integer({ min: 1_000, max: 200_000 })).map(([i, n]) => (ls) =>
      ls.map((l, j) => (j === i && l.includes(': ') ? `${l.slice(0, l.indexOf(': ') + 2)}${'x'.repeat(n)}` : l)),
    ),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.constantFrom('\t', '"', "'", '[', ']', '{', '}', '&a', '*a', '!tag', '%', '@', '`', '|', '>', '- ', '? ', '---', '...')).map(
      ([i, s]) => (ls) => ls.map((l, j) => (j === i ? s + l : l)),
    ),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce((ls, m) => m(ls), lines).join('\n'));
}

/** Random YAML-ish documents: values of every shape, serialised, plus raw YAML fragments. */
export const randomYamlText = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v, null, 1)),
  fc.array(fc.constantFrom('journey: a', 'title: t', 'start: s', 'states:', '  s:', '    on:', '      go: s', '  - x', 'a: &x [1]', 'b: *x', '<<: *x', '? k', ': v', '{a: 1', '"str', "'q'", '  type: human', '    queue: q', 'hours: always'), { maxLength: 30 }).map((ls) => ls.join('\n')),
);

/** Calls designed to reach something through the built-in functions (format 1.1), or to make them slow or deep. */
export const HOSTILE_CALLS = [
  '__proto__(1)',
  'constructor(1)',
  "constructor('return process')()",
  'hasOwnProperty("attempts")',
  'toString()',
  'valueOf()',
  'len.constructor',
  "len['constructor']('return process')()",
  "len.call(null, 'x')",
  "len.apply(null, ['x'])",
  'event.__proto__(1)',
  'event.constructor(1)',
  'attempts()',
  "lower('X')('y')",
  'min(1, 2)()',
  "new len('x')",
  'len`x`',
  'min(...[1, 2])',
  'len(__proto__)',
  "contains(constructor, 'x')",
  'lower(event.__proto__)',
  'len(event.constructor)',
  `max(${Array.from({ length: 17 }, () => '1').join(', ')})`,
  `max(${Array.from({ length: 600 }, () => '1').join(',')})`,
  `${'len('.repeat(100)}'x'${')'.repeat(100)}`,
  `${'round('.repeat(64)}1${')'.repeat(64)}`,
  `${'round('.repeat(65)}1${')'.repeat(65)}`,
  `${'len('.repeat(30)}'x'${')'.repeat(30)}`,
  `${'lower('.repeat(5_000)}'x'${')'.repeat(5_000)}`,
  `${'!len('.repeat(40)}'x'${')'.repeat(40)}`,
  `contains('${'a'.repeat(480)}', '${'a'.repeat(480)}b')`,
  `upper('${'ß'.repeat(990)}')`,
  "len('\uD800')",
  'round(1e308 * 10)',
  'len(null)',
  'null + 1',
  'null()',
];


/** Expressions designed to break out of the evaluator. */
export const HOSTILE_EXPRESSIONS = [
  "constructor.constructor('return process')()",
  'constructor',
  '__proto__',
  '__proto__.polluted',
  'this',
  'this.constructor',
  'a.b.c',
  'event.__proto__',
  'event.constructor.constructor',
  'a[0]',
  "a['constructor']",
  '`template ${1}`',
  'new Date()',
  'process.exit(1)',
  'globalThis',
  'require("fs")',
  'import("fs")',
  '(() => 1)()',
  'a = 1',
  'a, b',
  'a ? b : c',
  'a === b',
  'a ?? b',
  'a | b',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '1e400',
  `${'('.repeat(10_000)}1${')'.repeat(10_000)}`,
  `${'!'.repeat(10_000)}true`,
  `${'-'.repeat(10_000)}1`,
  Array.from({ length: 20_000 }, () => 'a').join(' + '),
  `'${'x'.repeat(100_000)}'`,
  '\u0000',
  '\uD800',
  ...HOSTILE_CALLS,
];
