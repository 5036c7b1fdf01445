/**
 * Counts printed with a noun agree with it: "1 warning", "2 warnings", "1 stale
 * baseline entry", "stopped after 1 error" (the issue: "1 warnings, more than
 * --max-warnings 0.").
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, journey, ROOT, tempDir } from '../support/cli.js';

/** A journey with exactly one finding, a warning (close-the-loop). */
const WARNING_ONLY = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'warning-only', 'lost-card.journey.yaml'), 'utf8');
/** A lint-clean journey with one inline scenario. */
const ONE_SCENARIO = [
  'journey: tiny',
  'title: Tiny',
  'offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }',
  'start: ask',
  'states:',
  '  ask:',
  '    say: Hello',
  '    on: { finish: done }',
  '  agent: { type: human, queue: help, hours: always }',
  '  done: { type: end, outcome: resolved, feedback: true }',
  'tests:',
  '  - name: finishes',
  '    events: [finish]',
  '    expect: { state: done }',
  '',
].join('\n');

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = tempDir('plurals');
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A folder holding `count` journeys with one warning each. */
function warnings(name: string, count: number): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) writeFileSync(join(dir, `w${i}.journey.yaml`), WARNING_ONLY.replace('journey: lost-card-quiet', `journey: quiet-${i}`));
  return dir;
}

describe('plurals', () => {
  it('--max-warnings: "1 warning", "2 warnings"', async () => {
    const [one, two] = await Promise.all([journey(['lint', '.', '--max-warnings', '0'], warnings('one', 1)), journey(['lint', '.', '--max-warnings', '1'], warnings('two', 2))]);
    for (const run of [one, two]) expectCleanStreams(run);
    expect(one.status).toBe(1);
    expect(one.stderr).toBe('journey: 1 warning, more than --max-warnings 0.\n');
    expect(one.stdout).toContain('✖ 1 problem (0 errors, 1 warning) in 1 of 1 journey file\n');
    expect(two.status).toBe(1);
    expect(two.stderr).toBe('journey: 2 warnings, more than --max-warnings 1.\n');
    expect(two.stdout).toContain('✖ 2 problems (0 errors, 2 warnings) in 2 of 2 journey files\n');
  });

  it('the markdown summary: "0 errors, 1 warning" in "1 journey file"', async () => {
    const run = await journey(['lint', '.', '--format', 'markdown'], warnings('markdown', 1));
    expect(run.stdout).toContain('**0 errors, 1 warning** in 1 journey file.');
  });

  it('--max-errors: "stopped after 1 error", "stopped after 2 errors"', async () => {
    const [one, two] = await Promise.all([
      journey(['lint', 'test/fixtures/cli/bad-input', '--max-errors', '1', '--concurrency', '1'], ROOT),
      journey(['lint', 'test/fixtures/cli/bad-input', '--max-errors', '2', '--concurrency', '1'], ROOT),
    ]);
    expect(one.status).toBe(1);
    expect(one.stdout).toContain('(stopped after 1 error: --max-errors;');
    expect(two.status).toBe(1);
    expect(two.stdout).toContain('(stopped after 2 errors: --max-errors;');
  });

  it('the baseline: "1 finding in 1 file", "1 known finding", "1 baseline finding is fixed", "1 stale baseline entry"', async () => {
    const dir = warnings('baseline', 1);
    const written = await journey(['lint', '.', '--baseline-write'], dir);
    expect(written.status).toBe(0);
    expect(written.stderr).toMatch(/^journey: wrote 1 finding in 1 file to .*journey-baseline\.json; /);
    const hidden = await journey(['lint', '.'], dir);
    expect(hidden.status).toBe(0);
    expect(hidden.stdout).toContain('(1 known finding hidden by the baseline)');
    // Fix the finding: the baseline entry is stale.
    writeFileSync(join(dir, 'w1.journey.yaml'), WARNING_ONLY.replace('journey: lost-card-quiet', 'journey: quiet-1').replace(/^( +)outcome: resolved .*$/m, '$1outcome: resolved\n$1feedback: true'));
    const stale = await journey(['lint', '.'], dir);
    expectCleanStreams(stale);
    expect(stale.stdout).toContain('no problems');
    expect(stale.status).toBe(0);
    expect(stale.stderr).toMatch(/^journey: 1 baseline finding is fixed \(stale entry: w1\.journey\.yaml \[close-the-loop\]\); run with --baseline-prune to remove it\.$/m);
    const pruned = await journey(['lint', '.', '--baseline-prune'], dir);
    expect(pruned.stderr).toMatch(/^journey: pruned 1 stale baseline entry from /m);
  });

  it('journey test: "1 scenario in 1 journey"', async () => {
    const dir = join(work, 'tests');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tiny.journey.yaml'), ONE_SCENARIO);
    const run = await journey(['test', dir], work);
    expectCleanStreams(run);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 scenario in 1 journey: 1 passed, 0 failed');
  });

  it('journey test: "2 scenarios in 2 journeys"', async () => {
    const dir = join(work, 'two-tests');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.journey.yaml'), ONE_SCENARIO.replace('journey: tiny', 'journey: tiny-a'));
    writeFileSync(join(dir, 'b.journey.yaml'), ONE_SCENARIO.replace('journey: tiny', 'journey: tiny-b'));
    const run = await journey(['test', dir], work);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('2 scenarios in 2 journeys: 2 passed, 0 failed');
  });
});
