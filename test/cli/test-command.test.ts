/**
 * `journey test`: scenario tests run on the reference interpreter and on the
 * compiled XState machine. Runs the REAL built binary (`node bin/journey.js`),
 * as users and CI do; run `npm run build` after editing src/.
 *
 * Fixtures live in test/fixtures/scenarios/, one folder per case (a journey and
 * its sibling *.test.yaml, or scenarios inline under `tests:`). The example
 * journeys' own scenario files (journeys/*.test.yaml) are tested here too.
 *
 * Each spawn costs ~100-300 ms, so all runs start together in beforeAll and the
 * tests read their results.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, ROOT } from '../support/lint.js';
import { elements, parseXml, textOf, type XmlElement } from '../format/xml.js';
import { ensureBuilt, expectCleanStreams, journey, type Run } from '../support/cli.js';

const FIXTURES = 'test/fixtures/scenarios';
const fixture = (name: string): string => `${FIXTURES}/${name}`;

/** What `--format json` prints: one entry per journey. */
interface Observation {
  state: string;
  status: 'active' | 'done' | 'error';
  context: Record<string, unknown>;
  output: { outcome?: string } | null;
  noMatch: number;
  handedOff: boolean;
}
interface CoverageFigure {
  covered: number;
  total: number;
  missed: string[];
}
interface JsonSuite {
  file: string;
  journey: string;
  passed: number;
  failed: number;
  scenarios: { name: string; passed: boolean; failures: string[]; interpreter: Observation; xstate: Observation | null }[];
  coverage?: { journey: string; states: CoverageFigure; transitions: CoverageFigure; offramps: CoverageFigure };
}

function parseJson(run: Run): JsonSuite[] {
  try {
    return JSON.parse(run.stdout) as JsonSuite[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
}

/** The example journeys and the scenarios their sibling test files declare, read independently of the tool. */
const EXAMPLES = EXAMPLE_NAMES.map((name) => {
  const doc = parseYamlText(readFileSync(join(ROOT, 'journeys', `${name}.test.yaml`), 'utf8')) as { journey: string; tests: { name: string }[] };
  return { name, file: `journeys/${name}.journey.yaml`, id: doc.journey, scenarios: doc.tests.map((t) => t.name) };
});
const EXAMPLE_TOTAL = EXAMPLES.reduce((n, e) => n + e.scenarios.length, 0);

/** Every run the tests below read, started together. */
const RUNS = {
  examples: ['test', 'journeys/'],
  examplesDefault: ['test'],
  examplesCoverage: ['test', 'journeys/', '--coverage'],
  examplesCoverageJson: ['test', 'journeys/', '--coverage', '--format', 'json'],
  examplesMin90: ['test', 'journeys/', '--min-coverage', '90'],
  examplesJunit: ['test', 'journeys/', '--format', 'junit'],
  examplesJson: ['test', 'journeys/', '--format', 'json'],
  wrong: ['test', fixture('wrong-expectation')],
  wrongJunit: ['test', fixture('wrong-expectation'), '--format', 'junit'],
  wrongJson: ['test', fixture('wrong-expectation'), '--format', 'json'],
  unknownFormat: ['test', 'journeys/', '--format', 'xml'],
  missingPath: ['test', fixture('no-such-folder')],
  missingTestFile: ['test', fixture('card-check/no-such.test.yaml')],
  minCoverageTooHigh: ['test', 'journeys/', '--min-coverage', '101'],
  minCoverageNotANumber: ['test', 'journeys/', '--min-coverage', 'most'],
  unknownNames: ['test', fixture('unknown-names')],
  inlineUnknown: ['test', fixture('inline-unknown')],
  malformedYaml: ['test', fixture('malformed-yaml')],
  malformedSchema: ['test', fixture('malformed-schema')],
  wrongId: ['test', fixture('wrong-id')],
  cardCheck: ['test', fixture('card-check')],
  cardCheckJson: ['test', fixture('card-check'), '--format', 'json'],
  cardCheckCoverage: ['test', fixture('card-check'), '--coverage'],
  cardCheckMin90: ['test', fixture('card-check'), '--min-coverage', '90'],
  cardCheckMin25: ['test', fixture('card-check'), '--min-coverage', '25'],
  cardCheckByTestFile: ['test', fixture('card-check/card-check.test.yaml')],
  inline: ['test', fixture('inline')],
  listForm: ['test', fixture('list-form')],
  closedLoop: ['test', fixture('closed-loop')],
  orphan: ['test', fixture('orphan')],
} as const satisfies Record<string, readonly string[]>;

type RunName = keyof typeof RUNS;
const runs = {} as Record<RunName, Run>;
let outputDir: string;
let outputFileRun: Run;

beforeAll(async () => {
  ensureBuilt();
  outputDir = mkdtempSync(join(tmpdir(), 'journey-test-command-'));
  const names = Object.keys(RUNS) as RunName[];
  const [results, toFile] = await Promise.all([
    // All start at once: on a busy 2-core runner one run can take far longer than alone.
    Promise.all(names.map((n) => journey(RUNS[n], ROOT, { timeout: 110_000 }))),
    journey(['test', 'journeys/', '--format', 'junit', '--output-file', join(outputDir, 'report.xml')], ROOT, { timeout: 110_000 }),
  ]);
  names.forEach((n, i) => {
    runs[n] = results[i] as Run;
  });
  outputFileRun = toFile;
}, 120_000);

afterAll(() => {
  if (outputDir) rmSync(outputDir, { recursive: true, force: true });
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('journey test on the example journeys', () => {
  it('passes: every scenario of every example journey, exit 0', () => {
    const run = runs.examples;
    expectCleanStreams(run);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const e of EXAMPLES) {
      expect(run.stdout).toContain(`${e.file} (${e.id})`);
      for (const name of e.scenarios) expect(run.stdout).toContain(`✔ ${name}\n`);
    }
    expect(run.stdout).not.toContain('✖');
    expect(run.stdout).toContain(`${EXAMPLE_TOTAL} scenarios in ${EXAMPLES.length} journeys: ${EXAMPLE_TOTAL} passed, 0 failed`);
  });

  it('tests journeys/ when no path is given', () => {
    expect(runs.examplesDefault.status).toBe(0);
    expect(runs.examplesDefault.stdout).toBe(runs.examples.stdout);
  });

  it('the example test files name their journey and give each scenario a distinct name', () => {
    for (const e of EXAMPLES) {
      expect(e.id).toBe(e.name);
      expect(new Set(e.scenarios).size, `${e.name}: duplicate scenario names`).toBe(e.scenarios.length);
      expect(e.scenarios.length).toBeGreaterThan(10);
    }
  });

  it('--coverage prints states, transitions and off-ramps for each journey and lists what was missed', () => {
    const run = runs.examplesCoverage;
    expect(run.status).toBe(0);
    expect(run.stdout.match(/^ {2}coverage$/gm)).toHaveLength(EXAMPLES.length);
    for (const figure of ['states', 'transitions', 'off-ramps']) {
      expect(run.stdout.match(new RegExp(`^ {4}${figure} +\\d+%  \\(\\d+/\\d+\\)$`, 'gm'))).toHaveLength(EXAMPLES.length);
    }
    // The examples miss nothing, so no "not exercised" list is printed for them.
    expect(run.stdout).not.toMatch(/not exercised/);
  });

  it('--coverage lists what the scenarios never exercised', () => {
    const run = runs.cardCheckCoverage;
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {4}not exercised:$/m);
    expect(run.stdout).toMatch(/^ {6}off-ramp \w+ --\w+ \(offramp\)--> \w+$/m);
  });

  it('the examples cover every state and transition, and every off-ramp a customer can take', () => {
    const suites = parseJson(runs.examplesCoverageJson);
    expect(suites.map((s) => s.journey).sort()).toEqual(EXAMPLES.map((e) => e.id).sort());
    for (const s of suites) {
      const c = s.coverage;
      if (!c) throw new Error(`${s.journey}: no coverage in the JSON report`);
      expect(c.states.missed, `${s.journey} states`).toEqual([]);
      expect(c.transitions.missed, `${s.journey} transitions`).toEqual([]);
      // Decision states whose last `always` choice has no `if` never keep a customer waiting,
      // so the offramp from them cannot be taken and coverage does not count it.
      expect(c.offramps.missed, `${s.journey} off-ramps`).toEqual([]);
    }
    const by = Object.fromEntries(suites.map((s) => [s.journey, s.coverage]));
    expect(by['billing-dispute']?.offramps).toMatchObject({ covered: 32, total: 32 });
    expect(by['cancellation']?.offramps).toMatchObject({ covered: 33, total: 33 });
    expect(by['lost-card']?.offramps).toMatchObject({ covered: 52, total: 52 });
    expect(by['signup']?.offramps).toMatchObject({ covered: 31, total: 31 });
  });

  it('--min-coverage 90 passes on the examples', () => {
    expect(runs.examplesMin90.status).toBe(0);
    expect(runs.examplesMin90.stderr).toBe('');
  });

  it('--format junit is valid XML: one testsuite per journey, one testcase per scenario', () => {
    const run = runs.examplesJunit;
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const root = parseXml(run.stdout);
    expect(root.name).toBe('testsuites');
    expect(root.attrs.tests).toBe(String(EXAMPLE_TOTAL));
    expect(root.attrs.failures).toBe('0');
    const suites = elements(root, 'testsuite');
    expect(suites).toHaveLength(EXAMPLES.length);
    expect(elements(root)).toHaveLength(EXAMPLES.length);
    for (const e of EXAMPLES) {
      const suite = suites.find((s) => s.attrs.name === e.file);
      if (!suite) throw new Error(`no testsuite for ${e.file}`);
      const cases = elements(suite, 'testcase');
      expect(suite.attrs.tests).toBe(String(e.scenarios.length));
      expect(suite.attrs.failures).toBe('0');
      expect(cases.map((c) => c.attrs.name)).toEqual(e.scenarios);
      for (const c of cases) {
        expect(c.attrs.classname).toBe(e.id);
        expect(elements(c)).toEqual([]);
      }
    }
  });

  it('--output-file writes the report to the file and nothing to stdout', () => {
    expect(outputFileRun.status).toBe(0);
    expect(outputFileRun.stdout).toBe('');
    const path = join(outputDir, 'report.xml');
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(runs.examplesJunit.stdout);
  });

  it('--format json has every scenario with the interpreter and the xstate observations, which agree', () => {
    const run = runs.examplesJson;
    expect(run.status).toBe(0);
    const suites = parseJson(run);
    expect(suites).toHaveLength(EXAMPLES.length);
    for (const e of EXAMPLES) {
      const suite = suites.find((s) => s.journey === e.id);
      if (!suite) throw new Error(`no JSON entry for ${e.id}`);
      expect(suite).toMatchObject({ file: e.file, passed: e.scenarios.length, failed: 0 });
      expect(suite.coverage).toBeUndefined();
      expect(suite.scenarios.map((s) => s.name)).toEqual(e.scenarios);
      for (const s of suite.scenarios) {
        expect(s.passed, s.name).toBe(true);
        expect(s.failures).toEqual([]);
        for (const o of [s.interpreter, s.xstate]) {
          expect(o, s.name).toMatchObject({ state: expect.any(String), status: expect.stringMatching(/^(active|done)$/), noMatch: expect.any(Number), handedOff: expect.any(Boolean) });
          expect(typeof o?.context).toBe('object');
        }
        expect(s.xstate, s.name).toEqual(s.interpreter);
      }
    }
  });

  it('out of hours the cancellation journey routes to when_closed (a callback) with no hand-off, on both engines', () => {
    const cancellation = parseJson(runs.examplesJson).find((s) => s.journey === 'cancellation');
    const closed = cancellation?.scenarios.find((s) => s.name === 'on a Saturday afternoon the customer is offered a callback');
    const open = cancellation?.scenarios.find((s) => s.name === 'on a Saturday morning a customer who asks for someone reaches the team');
    for (const o of [closed?.interpreter, closed?.xstate]) expect(o).toMatchObject({ state: 'book_callback', status: 'active', handedOff: false });
    for (const o of [open?.interpreter, open?.xstate]) expect(o).toMatchObject({ state: 'retention_team', handedOff: true });
  });
});

describe('a failing scenario', () => {
  it('exits 1 and shows expected vs actual and which engine said what', () => {
    const run = runs.wrong;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('  ✔ a verified customer is done\n');
    expect(run.stdout).toContain('  ✖ a customer who only says start is done (wrong on purpose)\n      expected state done, got verify (both engines)\n');
    expect(run.stdout).toContain('✖ 2 scenarios in 1 journey: 1 passed, 1 failed');
  });

  it('is a testcase with a failure in JUnit', () => {
    const run = runs.wrongJunit;
    expect(run.status).toBe(1);
    const root = parseXml(run.stdout);
    expect(root.attrs).toMatchObject({ tests: '2', failures: '1' });
    const [suite] = elements(root, 'testsuite') as [XmlElement];
    expect(suite.attrs).toMatchObject({ tests: '2', failures: '1' });
    const [good, bad] = elements(suite, 'testcase') as [XmlElement, XmlElement];
    expect(elements(good)).toEqual([]);
    const [failure] = elements(bad, 'failure') as [XmlElement];
    expect(failure.attrs.message).toBe('expected state done, got verify (both engines)');
    expect(textOf(failure)).toContain('expected state done, got verify (both engines)');
  });

  it('carries each engine\'s observation in JSON', () => {
    const [suite] = parseJson(runs.wrongJson) as [JsonSuite];
    expect(suite).toMatchObject({ journey: 'card-check', passed: 1, failed: 1 });
    const bad = suite.scenarios[1];
    expect(bad).toMatchObject({ passed: false, failures: ['expected state done, got verify (both engines)'] });
    expect(bad?.interpreter).toMatchObject({ state: 'verify', status: 'active', handedOff: false });
    expect(bad?.xstate).toMatchObject({ state: 'verify', status: 'active', handedOff: false });
  });
});

describe('usage errors exit 2', () => {
  it.each([
    ['an unknown format', 'unknownFormat', /unknown format "xml"/],
    ['a path that does not exist', 'missingPath', /no-such-folder: no such file or directory/],
    ['a test file with no journey beside it', 'missingTestFile', /no-such\.test\.yaml: there is no journey beside it/],
    ['--min-coverage over 100', 'minCoverageTooHigh', /--min-coverage takes a whole number from 0 to 100, got "101"/],
    ['--min-coverage that is not a number', 'minCoverageNotANumber', /--min-coverage takes a whole number/],
  ] as const)('%s', (_what, name, message) => {
    const run = runs[name as RunName];
    expectCleanStreams(run);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});

describe('test files with problems are reported at file:line:col, exit 1', () => {
  const testFile = (dir: string): string => `${fixture(dir)}/card-check.test.yaml`;

  it('a scenario naming an unknown state or context field; the good scenarios still run', () => {
    const run = runs.unknownNames;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    const file = escape(testFile('unknown-names'));
    expect(run.stderr).toMatch(new RegExp(`^${file}:6:22: error: Scenario \`expects a state that does not exist\`: \`expect\\.state\` names \`finished\`, which is not a state of the journey\\.`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^${file}:8:16: error: Scenario \`starts with a context field that does not exist\`: \`context\` names \`attemps\`, which is not a context field of the journey\\.`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^${file}:13:26: error: Scenario \`expects a context field that does not exist\`: \`expect\\.context\` names \`last_four\``, 'm'));
    expect(run.stdout).toContain('✔ a good scenario still runs');
  });

  it('an inline scenario (under tests:) naming an unknown state, at its place in the journey file', () => {
    const run = runs.inlineUnknown;
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${escape(fixture('inline-unknown/card-check.journey.yaml'))}:30:22: error: Scenario \`expects a state that does not exist\`: \`expect\\.state\` names \`finished\``, 'm'));
  });

  it('a test file that is not valid YAML', () => {
    const run = runs.malformedYaml;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${escape(testFile('malformed-yaml'))}:[45]:\\d+: error: `, 'm'));
  });

  it('a test file that does not follow the schema', () => {
    const run = runs.malformedSchema;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${escape(testFile('malformed-schema'))}:3:5: error: Scenario 1: needs \`expect\`\\.`, 'm'));
  });

  it('a test file whose journey: id does not match the journey beside it', () => {
    const run = runs.wrongId;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${escape(testFile('wrong-id'))}:1:10: error: These scenarios are for journey \`lost-card\`, but the journey beside them is \`card-check\`\\.`, 'm'));
    expect(run.stdout).not.toContain('a verified customer is done');
  });
});

describe('coverage thresholds', () => {
  it('--coverage lists the off-ramps the scenarios miss, and alone does not fail', () => {
    const run = runs.cardCheckCoverage;
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {4}states +100% {2}\(6\/6\)$/m);
    expect(run.stdout).toMatch(/^ {4}transitions +100% {2}\(5\/5\)$/m);
    expect(run.stdout).toMatch(/^ {4}off-ramps +29% {2}\(2\/7\)$/m);
    for (const missed of [
      'greet --no_match (offramp)--> agent',
      'greet --frustrated (offramp)--> agent',
      'verify --agent_requested (offramp)--> agent',
      'verify --no_match (offramp)--> agent',
      'verify --frustrated (offramp)--> agent',
    ]) {
      expect(run.stdout).toContain(`      off-ramp ${missed}\n`);
    }
  });

  it('--min-coverage 90 fails (exit 1) on a journey whose scenarios miss most off-ramps, and says which figure', () => {
    const run = runs.cardCheckMin90;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('5 passed, 0 failed');
    expect(run.stderr).toContain(`${fixture('card-check/card-check.journey.yaml')}: off-ramps coverage 29% is below --min-coverage 90%.`);
    expect(run.stderr).not.toMatch(/states coverage|transitions coverage/);
  });

  it('--min-coverage below every figure passes', () => {
    expect(runs.cardCheckMin25.status).toBe(0);
    expect(runs.cardCheckMin25.stderr).toBe('');
  });
});

describe('time: after timeouts and opening hours', () => {
  const scenario = (name: string) => {
    const [suite] = parseJson(runs.cardCheckJson) as [JsonSuite];
    const found = suite.scenarios.find((s) => s.name === name);
    if (!found) throw new Error(`no scenario ${name}`);
    return found;
  };

  it('all card-check scenarios pass', () => {
    expect(runs.cardCheck.status).toBe(0);
    expect(runs.cardCheck.stdout).toContain('5 scenarios in 1 journey: 5 passed, 0 failed');
  });

  it('a wait of exactly the delay fires the after timeout, on both engines', () => {
    const s = scenario('the code times out at exactly five minutes');
    expect(s.passed).toBe(true);
    for (const o of [s.interpreter, s.xstate]) expect(o).toMatchObject({ state: 'timed_out', status: 'done', output: { outcome: 'timed_out' } });
  });

  it('a wait one millisecond short does not', () => {
    const s = scenario('the code has not timed out a millisecond before five minutes');
    for (const o of [s.interpreter, s.xstate]) expect(o).toMatchObject({ state: 'verify', status: 'active' });
  });

  it('at: outside opening hours goes to when_closed with no hand-off, on both engines', () => {
    const s = scenario('out of hours a customer who asks for a person books a callback instead');
    expect(s.passed).toBe(true);
    for (const o of [s.interpreter, s.xstate]) expect(o).toMatchObject({ state: 'callback', status: 'done', handedOff: false, output: { outcome: 'callback_booked' } });
    const open = scenario('a third failure reaches a person in opening hours');
    for (const o of [open.interpreter, open.xstate]) expect(o).toMatchObject({ state: 'agent', handedOff: true, output: { outcome: 'handed_off' } });
  });
});

describe('where scenarios are written', () => {
  it('naming a *.test.yaml runs the journey beside it', () => {
    expect(runs.cardCheckByTestFile.status).toBe(0);
    expect(runs.cardCheckByTestFile.stdout).toBe(runs.cardCheck.stdout);
  });

  it('scenarios inline under the journey\'s tests: key run too', () => {
    const run = runs.inline;
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('✔ a customer who starts is done');
    expect(run.stdout).toContain('✔ a customer not understood twice reaches a person');
  });

  // BUG (src/sim/scenario.ts): a sibling test file may be "a list of scenarios"
  // (docs/simulate.md, schemas/tests.schema.json), but loadScenarios parses it
  // with the journey loader's parseYaml, which rejects any root that is not a
  // mapping: "A journey file must be a mapping with `journey`, `title`, `start`
  // and `states`, but it is a list." (exit 1, no scenario runs).
  it('a sibling test file written as a bare list of scenarios runs', () => {
    const run = runs.listForm;
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✔ a verified customer is done');
    expect(run.stdout).toContain('2 scenarios in 1 journey: 2 passed, 0 failed');
    expect(run.status).toBe(0);
  });
});

describe('a run that stops with an error', () => {
  // BUG (src/sim/scenario.ts, runScenario/misses): out of hours, entering either
  // desk of this journey is a closed-redirect loop, and both engines stop with
  // status `error` (docs/format.md: "the journey stops with an error"). The
  // scenario only expects `state: greet`, the state the error left behind, so it
  // passes and the error is never shown. A scenario whose run ends in an engine
  // error should fail and say so.
  it('fails the scenario and says that the journey stopped with an error', () => {
    const run = runs.closedLoop;
    expect(run.stdout).toContain('✖ a customer who asks for help on a Sunday is still greeted');
    expect(run.stdout).toMatch(/error/);
    expect(run.status).toBe(1);
  });
  it('a test file named after no journey is reported instead of silently never running (exit 1)', () => {
    const run = runs.orphan;
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/card-chek\.test\.yaml: no journey file beside it has this name/);
    expect(run.stdout).toMatch(/✖ 0 scenarios in 1 journey: 0 passed, 0 failed .*1 problem in journey or test files/);
  });
});
