/**
 * Runs the REAL built binary (`node bin/journey.js ...`), as users and CI do.
 *
 * The binary loads the compiled CLI from dist/. `npm ci` builds it (the `prepare`
 * script runs `npm run build`), and `npm test` is expected to run on a built tree;
 * only when dist/ is missing altogether does beforeAll run `npm run build` itself.
 * After editing src/, run `npm run build` before these tests, or they test stale code.
 *
 * Each spawn costs ~100-150 ms, so checks that can share one run do.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, ensureBuilt, expectCleanStreams, journeySync, ROOT, type Run } from '../support/cli.js';
import { parseJson, type JsonResult } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli');

/** The 17 rule ids of issue 2, and human-exit-proved (the simulator's proof). */
const RULE_IDS = [
  'human-exit',
  'human-exit-proved',
  'offramp-distance',
  'no-match-handled',
  'frustration-handled',
  'unknown-target',
  'unknown-context',
  'invalid-expression',
  'unreachable-state',
  'dead-end',
  'trap-loop',
  'handoff-hours',
  'handoff-context',
  'pii-purpose',
  'close-the-loop',
  'duplicate-journey',
  'always-loop',
  'offramp-shadowed',
  'fake-offramp',
  'refused-human',
  'unavailable-loop',
  'call-cycle',
  'import-lossy',
];

/** Checks ESLint's result shape field by field. */
function expectEslintShape(results: unknown): void {
  expect(Array.isArray(results)).toBe(true);
  for (const r of results as JsonResult[]) {
    expect(typeof r.filePath).toBe('string');
    expect(r.filePath.startsWith('/')).toBe(true);
    expect(Array.isArray(r.messages)).toBe(true);
    expect(Number.isInteger(r.errorCount)).toBe(true);
    expect(Number.isInteger(r.warningCount)).toBe(true);
    for (const m of r.messages) {
      expect(m.ruleId === null || typeof m.ruleId === 'string').toBe(true);
      expect([1, 2]).toContain(m.severity);
      expect(typeof m.message).toBe('string');
      expect(m.message.length).toBeGreaterThan(0);
      for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) {
        expect(Number.isInteger(m[k]), k).toBe(true);
        expect(m[k], k).toBeGreaterThanOrEqual(1);
      }
      expect(m.endLine > m.line || (m.endLine === m.line && m.endColumn >= m.column)).toBe(true);
    }
    expect(r.errorCount).toBe(r.messages.filter((m) => m.severity === 2).length);
    expect(r.warningCount).toBe(r.messages.filter((m) => m.severity === 1).length);
  }
}


let work: string;
/** Folders under `work`, one per scenario. */
const dir = (name: string): string => join(work, name);

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'journey-cli-'));
  cpSync(FIXTURES, work, { recursive: true });
  // A project whose journeys live in the default folder, journeys/.
  mkdirSync(join(work, 'project', 'journeys'), { recursive: true });
  cpSync(join(FIXTURES, 'valid', 'lost-card.journey.yaml'), join(work, 'project', 'journeys', 'lost-card.journey.yaml'));
  mkdirSync(join(work, 'empty'));
  mkdirSync(join(work, 'no-default'));
  writeFileSync(join(work, 'no-default', 'README.md'), 'no journeys here\n');
  // Bad inputs that are easier to generate than to keep as files.
  const bad = join(work, 'bad-input');
  // 10,000 levels of nesting: each file in a folder of its own (see the tests on deep nesting below).
  const deepFlow = '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
  const deepBlock = '- '.repeat(10_000) + 'x\n';
  for (const [name, text] of [
    ['deep-flow', deepFlow],
    ['deep-block', deepBlock],
    ['deep-two-documents', `${deepFlow}---\n${deepFlow}`],
  ] as const) {
    mkdirSync(join(work, name));
    writeFileSync(join(work, name, `${name}.journey.yaml`), text);
  }
  mkdirSync(join(work, 'deep-both'));
  writeFileSync(join(work, 'deep-both', 'deep-flow.journey.yaml'), deepFlow);
  writeFileSync(join(work, 'deep-both', 'deep-block.journey.yaml'), deepBlock);
  writeFileSync(join(bad, 'binary.journey.yaml'), Buffer.from([0x6a, 0x3a, 0x20, 0x00, 0x01, 0x02, 0x0a]));
  writeFileSync(join(bad, 'utf16.journey.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('journey: a\n', 'utf16le')]));
  writeFileSync(join(bad, 'invalid-utf8.journey.yaml'), Buffer.from([0x6a, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
  writeFileSync(join(bad, 'list-root.journey.yaml'), '- journey: a\n- title: b\n');
  writeFileSync(join(bad, 'empty.journey.yaml'), '');
  // A 5 MB journey: the valid example padded with comments, so only its size is wrong.
  const example = readFileSync(join(FIXTURES, 'valid', 'lost-card.journey.yaml'), 'utf8');
  const pad = `# ${'x'.repeat(998)}\n`;
  mkdirSync(join(work, 'big'));
  writeFileSync(join(work, 'big', 'big.journey.yaml'), example + pad.repeat(Math.ceil((5 * 1000 * 1000 - example.length) / pad.length)));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The stylish report of urgent-distance/ with NO_COLOR=1 and FORCE_COLOR=1 (NO_COLOR must win), shared by two tests. */
let urgentStylishRun: Run | undefined;
const urgentStylish = (): Run => (urgentStylishRun ??= journeySync(['lint', 'urgent-distance'], work, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }));

describe('journey lint: results', () => {
  it('a valid folder: exit 0, a clean summary, no colour when stdout is not a TTY', () => {
    const run = journeySync(['lint', 'valid'], work);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/1 journey file.*no problems/);
    expect(run.stderr).toBe('');
    expectCleanStreams(run);
  });

  it('no human state: exit 1, human-exit at `states:`, and the message names the states or a path', () => {
    const run = journeySync(['lint', 'no-human', '--format', 'json'], work);
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    const [result] = parseJson(run);
    expectEslintShape([result]);
    const findings = result!.messages.filter((m) => m.ruleId === 'human-exit');
    expect(findings.map((m) => [m.line, m.column, m.severity])).toEqual([[4, 1, 2]]);
    expect(findings[0]!.message).toMatch(/-->|`greet`|`balance`/);
  });

  it('a trap loop: exit 1, trap-loop at each trapped state, messages name the path', () => {
    const run = journeySync(['lint', 'trap-loop', '--format', 'json'], work);
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    const [result] = parseJson(run);
    expectEslintShape([result]);
    const findings = result!.messages.filter((m) => m.ruleId === 'trap-loop');
    expect(findings.map((m) => [m.line, m.column, m.severity])).toEqual([
      [12, 3, 2],
      [16, 3, 2],
    ]);
    for (const m of findings) {
      expect(m.message).toContain('-->');
      expect(m.message).toContain('`ask`');
      expect(m.message).toContain('`thank`');
    }
  });

  it('an urgent state 2 turns from a human: exit 1, offramp-distance at the state, message gives the path', () => {
    const run = journeySync(['lint', 'urgent-distance', '--format', 'json'], work);
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    const [result] = parseJson(run);
    expectEslintShape([result]);
    expect(result!.messages.map((m) => [m.ruleId, m.line, m.column, m.severity])).toEqual([['offramp-distance', 15, 3, 2]]);
    expect(result!.messages[0]!.message).toMatch(/confirm --\S+--> escalate --\S+--> agent/);
    expect(result!.messages[0]!.message).toMatch(/\b2\b/);
  });

  it('the stylish report shows file:line:col, severity, rule id, a source line with a caret, and a summary', () => {
    const run = urgentStylish();
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    expect(run.stdout).toContain('urgent-distance.journey.yaml:15:3: error:');
    expect(run.stdout).toContain('[offramp-distance]');
    expect(run.stdout).toMatch(/^\s+15 \|\s+confirm:\n\s+\| {3}\^~~~~~~$/m);
    expect(run.stdout).toMatch(/1 problem \(1 error, 0 warnings\)/);
  });

  it('warnings only: exit 0; --quiet hides them; --max-warnings 0 exits 1; --max-warnings 1 exits 0', () => {
    const plain = journeySync(['lint', 'warning-only', '--format', 'json'], work);
    expect(plain.status).toBe(0);
    const [result] = parseJson(plain);
    expectEslintShape([result]);
    expect(result!.messages.map((m) => [m.ruleId, m.severity, m.line])).toEqual([['close-the-loop', 1, 20]]);
    expect(result!.warningCount).toBe(1);

    const quiet = journeySync(['lint', 'warning-only', '--format', 'json', '--quiet'], work);
    expect(quiet.status).toBe(0);
    expect(parseJson(quiet)[0]).toMatchObject({ messages: [], warningCount: 0, errorCount: 0 });
    const strict = journeySync(['lint', 'warning-only', '--max-warnings', '0'], work);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('[close-the-loop]');
    expectCleanStreams(strict);

    const lenient = journeySync(['lint', 'warning-only', '--max-warnings', '1'], work);
    expect(lenient.status).toBe(0);
  });

  it('--format json over several folders: ESLint shape, one result per file, exit 1 when any has errors', () => {
    const run = journeySync(['lint', 'valid', 'warning-only', 'urgent-distance', '--format', 'json'], work);
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    const results = parseJson(run);
    expectEslintShape(results);
    expect(results.find((r) => r.filePath === join(work, 'valid', 'lost-card.journey.yaml'))).toMatchObject({ messages: [], errorCount: 0, warningCount: 0 });
    expect(results.map((r) => [r.filePath.slice(work.length + 1), r.errorCount, r.warningCount])).toEqual([
      ['urgent-distance/urgent-distance.journey.yaml', 1, 0],
      ['valid/lost-card.journey.yaml', 0, 0],
      ['warning-only/lost-card.journey.yaml', 0, 1],
    ]);
  });

  it('two files with one journey id: duplicate-journey at the `journey:` value of each', () => {
    const run = journeySync(['lint', 'valid', join('project', 'journeys'), '--format', 'json'], work);
    expect(run.status).toBe(1);
    const results = parseJson(run);
    expectEslintShape(results);
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['duplicate-journey', 2, 10]]);
    }
  });

  it('lints journeys/ when no path is given', () => {
    const run = journeySync(['lint', '--format', 'json'], dir('project'));
    expect(run.status).toBe(0);
    expect(parseJson(run).map((r) => r.filePath)).toEqual([join(work, 'project', 'journeys', 'lost-card.journey.yaml')]);
    const missing = journeySync(['lint'], dir('no-default'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('journeys');
    expectCleanStreams(missing);
  });
});

describe('journey lint: bad input gives positioned findings and exit 1, never a stack trace', () => {
  it('every bad file gets exactly one fatal `syntax` (or `schema`) finding, and the run exits 1', () => {
    const started = performance.now();
    const run = journeySync(['lint', 'bad-input', '--format', 'json'], work);
    expect(performance.now() - started).toBeLessThan(10_000); // hang guard for the alias bomb, not a benchmark
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    const results = parseJson(run);
    expectEslintShape(results);
    const byName = Object.fromEntries(
      results.map((r) => [r.filePath.slice(join(work, 'bad-input').length + 1), r.messages.map((m) => ({ ruleId: m.ruleId, code: m.messageId, line: m.line, column: m.column, fatal: m.fatal }))]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'alias-bomb.journey.yaml',
      'binary.journey.yaml',
      'duplicate-key.journey.yaml',
      'empty.journey.yaml',
      'invalid-utf8.journey.yaml',
      'list-root.journey.yaml',
      'proto-key.journey.yaml',
      'syntax-error.journey.yaml',
      'utf16.journey.yaml',
    ]);
    expect(byName['duplicate-key.journey.yaml']).toEqual([{ ruleId: 'syntax', code: 'duplicate-key', line: 3, column: 1, fatal: true }]);
    expect(byName['proto-key.journey.yaml']).toEqual([{ ruleId: 'syntax', code: 'forbidden-key', line: 2, column: 1, fatal: true }]);
    expect(byName['syntax-error.journey.yaml']).toEqual([{ ruleId: 'syntax', code: 'yaml-syntax', line: 2, column: 8, fatal: true }]);
    expect(byName['binary.journey.yaml']).toEqual([{ ruleId: 'syntax', code: 'binary', line: 1, column: 1, fatal: true }]);
    expect(byName['utf16.journey.yaml']).toEqual([{ ruleId: 'syntax', code: 'encoding', line: 1, column: 1, fatal: true }]);
    expect(byName['invalid-utf8.journey.yaml']).toEqual([{ ruleId: 'syntax', code: 'encoding', line: 1, column: 1, fatal: true }]);
    expect(byName['list-root.journey.yaml']).toEqual([{ ruleId: 'schema', code: 'not-a-mapping', line: 1, column: 1, fatal: undefined }]);
    expect(byName['empty.journey.yaml']).toEqual([{ ruleId: 'schema', code: 'not-a-mapping', line: 1, column: 1, fatal: undefined }]);
    const bomb = byName['alias-bomb.journey.yaml']!;
    expect(bomb.map((f) => [f.ruleId, f.code, f.fatal])).toEqual([['syntax', 'alias-limit', true]]);
    expect(bomb[0]!.line).toBeGreaterThanOrEqual(1);
    expect(bomb[0]!.line).toBeLessThanOrEqual(9);
  });

  /** One stylish run over bad-input/, shared by the tests that read it. */
  let stylishRun: Run | undefined;
  const stylish = (): Run => (stylishRun ??= journeySync(['lint', 'bad-input'], work));

  it('the stylish report of the same files: exit 1, no stack trace, one line per finding with its position', () => {
    const run = stylish();
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    expect(run.stdout).toContain('duplicate-key.journey.yaml:3:1: error:');
    expect(run.stdout).toContain('proto-key.journey.yaml:2:1: error:');
    expect(run.stdout).toMatch(/alias-bomb\.journey\.yaml:\d+:\d+: error: .* \[syntax\]/);
  });

  it('a code frame on the last line of a file is the source line directly followed by the caret line', () => {
    // duplicate-key.journey.yaml ends with a newline; its finding is on its last line.
    expect(stylish().stdout).toMatch(/^ {2}3 \| journey: again\n {4}\| \^/m);
  });

  /** Runs `journey lint <folder> --format json` and checks every finding is a fatal too-deep/yaml-syntax one. */
  function expectDeepRejected(folder: string, files: number, codes: readonly string[] = ['too-deep', 'yaml-syntax']): void {
    const run = journeySync(['lint', folder, '--format', 'json'], work);
    expect(run.stderr).not.toMatch(/FATAL ERROR|out of memory|Native stack trace/);
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    const results = parseJson(run);
    expectEslintShape(results);
    expect(results).toHaveLength(files);
    for (const r of results) {
      expect(r.messages.length, r.filePath).toBeGreaterThanOrEqual(1);
      for (const m of r.messages) {
        expect(m.ruleId).toBe('syntax');
        expect(m.fatal).toBe(true);
        expect(codes).toContain(m.messageId);
      }
      expect(r.messages.some((m) => m.messageId === 'too-deep')).toBe(true);
    }
  }

  it('10,000 levels of flow nesting: exit 1, a too-deep finding', () => expectDeepRejected('deep-flow', 1));
  it('10,000 levels of block nesting: exit 1, a too-deep finding', () => expectDeepRejected('deep-block', 1));
  it('two deeply nested files in one run: exit 1, a too-deep finding for each (no crash)', () => expectDeepRejected('deep-both', 2));
  it('one file with two deeply nested documents: exit 1, syntax findings (no crash)', () => expectDeepRejected('deep-two-documents', 1, ['too-deep', 'yaml-syntax', 'multiple-documents']));

  it('a 5 MB file: exit 1 with one `syntax` finding (too-large at 1:1), quickly', () => {
    const started = performance.now();
    const run = journeySync(['lint', 'big', '--format', 'json'], work);
    expect(performance.now() - started).toBeLessThan(10_000); // hang guard only
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    const [result] = parseJson(run);
    expect(result!.messages.map((m) => ({ ruleId: m.ruleId, code: m.messageId, line: m.line, column: m.column, fatal: m.fatal, severity: m.severity }))).toEqual([
      { ruleId: 'syntax', code: 'too-large', line: 1, column: 1, fatal: true, severity: 2 },
    ]);
  });

});

describe('journey lint: usage errors exit 2 with a one-line reason and no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['lint', 'valid', '--bogus'], /unknown option/],
    ['an unknown format', ['lint', 'valid', '--format', 'xml'], /format/],
    ['a nonexistent path', ['lint', 'does-not-exist'], /does-not-exist/],
    ['an empty directory', ['lint', 'empty'], /empty/],
    ['a bad --max-warnings', ['lint', 'valid', '--max-warnings', 'many'], /max-warnings/],
    ['a bad --max-file-size', ['lint', 'valid', '--max-file-size', 'huge'], /max-file-size/],
    ['an unknown command', ['frobnicate'], /frobnicate/],
  ];
  for (const [name, args, reason] of cases) {
    it(name, () => {
      const run = journeySync(args, work);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(reason);
      expectCleanStreams(run);
    });
  }
});

describe('journey: colour, rules, version', () => {
  it('NO_COLOR=1 wins even over FORCE_COLOR; FORCE_COLOR alone does colour (so the check above means something)', () => {
    const noColor = urgentStylish();
    expect(noColor.status).toBe(1);
    expect(noColor.stdout).not.toMatch(ANSI);
    expect(noColor.stderr).not.toMatch(ANSI);
    const forced = journeySync(['lint', 'urgent-distance'], work, { env: { FORCE_COLOR: '1' } });
    expect(forced.status).toBe(1);
    expect(forced.stdout).toMatch(ANSI);
    const flag = journeySync(['lint', 'urgent-distance', '--no-color'], work, { env: { FORCE_COLOR: '1' } });
    expect(flag.stdout).not.toMatch(ANSI);
  });

  it('--max-file-size raises the limit for the 5 MB file (then it is linted, and clean)', () => {
    const run = journeySync(['lint', 'big', '--max-file-size', '6MB'], work);
    expect(run.status).toBe(0);
    expectCleanStreams(run);
  });

  it('`journey rules` lists every rule id, in table and JSON form', () => {
    const table = journeySync(['rules'], work);
    expect(table.status).toBe(0);
    expectCleanStreams(table);
    for (const id of RULE_IDS) expect(table.stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
    const json = journeySync(['rules', '--format', 'json'], work);
    expect(json.status).toBe(0);
    const rules = JSON.parse(json.stdout) as { id: string; fixable: boolean; hasSuggestions: boolean; type: string }[];
    expect(rules.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
    // What each rule's findings may carry, in both forms: handoff-context fixes, close-the-loop suggests, unknown-target does both.
    const edits = (id: string) => rules.find((r) => r.id === id);
    expect(edits('handoff-context')).toMatchObject({ fixable: true, hasSuggestions: false, type: 'problem' });
    expect(edits('close-the-loop')).toMatchObject({ fixable: false, hasSuggestions: true, type: 'suggestion' });
    expect(edits('unknown-target')).toMatchObject({ fixable: true, hasSuggestions: true });
    expect(table.stdout).toMatch(/^rule +default +type +fixable +description$/m);
    expect(table.stdout).toMatch(/^handoff-context +warning +problem +fix +A human state/m);
    expect(table.stdout).toMatch(/^close-the-loop +warning +suggestion +suggest +At least/m);
    expect(table.stdout).toMatch(/^unknown-target +error +problem +fix\+suggest +/m);
    expect(table.stdout).toMatch(/^duplicate-journey +\w+ +problem +- +/m);
  });

  it('`journey --version` exits 0 and prints the package version', () => {
    const run = journeySync(['--version'], work);
    expect(run.status).toBe(0);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run.stdout.trim()).toBe(version);
  });
});
