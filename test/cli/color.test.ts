/**
 * The colour decision (README, docs/cli.md): an explicit --color or --no-color wins;
 * otherwise NO_COLOR set to any non-empty value turns colour off, even where
 * FORCE_COLOR would turn it on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSI, ensureBuilt, expectNoCrash, journey, ROOT, type Run } from '../support/cli.js';

/** A journey with findings, so that the stylish report has something to colour. */
const FINDINGS = 'test/fixtures/format/findings';

const CASES = {
  noColorWithFlag: [['--color'], { NO_COLOR: '1' }],
  noColor: [[], { NO_COLOR: '1', FORCE_COLOR: '1' }],
  emptyNoColor: [[], { NO_COLOR: '', FORCE_COLOR: '1' }],
  forced: [[], { FORCE_COLOR: '1' }],
  forcedButFlagOff: [['--no-color'], { FORCE_COLOR: '1' }],
  piped: [[], {}],
} as const;
type Case = keyof typeof CASES;
const runs = {} as Record<Case, Run>;

beforeAll(async () => {
  ensureBuilt();
  const names = Object.keys(CASES) as Case[];
  const results = await Promise.all(names.map((n) => journey(['lint', FINDINGS, ...CASES[n][0]], ROOT, { env: { ...CASES[n][1] } })));
  names.forEach((n, i) => {
    runs[n] = results[i] as Run;
  });
});

describe('colour', () => {
  it.each([
    ['NO_COLOR=1 with --color: the flag wins, colour on', 'noColorWithFlag', true],
    ['NO_COLOR=1 (and FORCE_COLOR=1): colour off', 'noColor', false],
    ['NO_COLOR empty counts as unset: FORCE_COLOR=1 turns colour on', 'emptyNoColor', true],
    ['FORCE_COLOR=1: colour on although stdout is a pipe', 'forced', true],
    ['FORCE_COLOR=1 with --no-color: the flag wins, colour off', 'forcedButFlagOff', false],
    ['nothing set, stdout a pipe: colour off', 'piped', false],
  ] as const)('%s', (_what, name, colour) => {
    const run = runs[name];
    expectNoCrash(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('[unknown-target]');
    expect(ANSI.test(run.stdout)).toBe(colour);
  });
});
