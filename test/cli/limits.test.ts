/**
 * Every command takes the same limits from the same places (issue 17, item 5): with
 * `max-file-size: 10MB` in journey.config.yaml, `simulate`, `graph`, `test`, `report` and
 * `play` used to say "over the 2.0 MiB limit ... raise the limit with --max-file-size" and
 * then reject `--max-file-size` as an unknown option.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectNoCrash, journey, tempDir } from '../support/cli.js';

/** A lint-clean journey with one scenario, padded with comments to a little over 2 MiB. */
const BIG = [
  'journey: big',
  'title: Big',
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
  ...Array.from({ length: 23_000 }, (_, i) => `# padding line ${String(i).padStart(6, '0')} ${'.'.repeat(80)}`),
  '',
].join('\n');

/** Each command that reads journeys, as run on the big file (exit 0 when the file is read). */
const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
  ['lint', ['lint', 'journeys/big.journey.yaml']],
  ['compile', ['compile', 'journeys/', '--out', 'out']],
  ['simulate', ['simulate', 'journeys/big.journey.yaml', '--runs', '50']],
  ['simulate --exhaustive', ['simulate', 'journeys/big.journey.yaml', '--exhaustive']],
  ['graph', ['graph', 'journeys/big.journey.yaml']],
  ['test', ['test', 'journeys/']],
  ['report', ['report', 'journeys/', '--runs', '50']],
  ['play', ['play', 'journeys/big.journey.yaml', '--events', 'finish']],
];

describe('the file-size limit, in every command', () => {
  let withConfig: string;
  let without: string;

  beforeAll(() => {
    ensureBuilt();
    expect(BIG.length).toBeGreaterThan(2 * 1024 * 1024);
    withConfig = tempDir('limits-config');
    without = tempDir('limits-none');
    for (const dir of [withConfig, without]) {
      mkdirSync(join(dir, 'journeys'));
      writeFileSync(join(dir, 'journeys', 'big.journey.yaml'), BIG);
    }
    writeFileSync(join(withConfig, 'journey.config.yaml'), 'max-file-size: 10MB\n');
  });

  afterAll(() => {
    rmSync(withConfig, { recursive: true, force: true });
    rmSync(without, { recursive: true, force: true });
  });

  it.each(COMMANDS)('%s honours `max-file-size` in journey.config.yaml', async (_name, args) => {
    const run = await journey(args, withConfig, { timeout: 60_000 });
    expectNoCrash(run);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/limit/);
    expect(run.status, run.stderr).toBe(0);
  });

  it.each(COMMANDS)('%s without a config refuses the file with the 2 MiB limit and says how to raise it', async (_name, args) => {
    const run = await journey(args, without, { timeout: 60_000 });
    expectNoCrash(run);
    expect(`${run.stdout}${run.stderr}`).toMatch(/over the 2\.0 MiB limit/);
    // The report is Markdown for a pull request: it lists the finding; the terminal shows how to fix it.
    if (args[0] !== 'report') expect(`${run.stdout}${run.stderr}`).toMatch(/--max-file-size or `max-file-size` in journey\.config\.yaml/);
    expect(run.status).toBe(1);
  });

  it.each(COMMANDS)('%s takes --max-file-size (over the config too)', async (_name, args) => {
    const raised = await journey([...args, '--max-file-size', '3MB'], without, { timeout: 60_000 });
    expectNoCrash(raised);
    expect(raised.status, raised.stderr).toBe(0);
    // The flag wins over the config: 1MB refuses the file even where the config allows 10MB.
    const lowered = await journey([...args, '--max-file-size', '1MB'], withConfig, { timeout: 60_000 });
    expect(`${lowered.stdout}${lowered.stderr}`).toMatch(/over the 1\.0 MiB limit/);
    expect(lowered.status).toBe(1);
  });

  it('a bad --max-file-size is bad usage (exit 2) in every command', async () => {
    for (const [name, args] of COMMANDS) {
      const run = await journey([...args, '--max-file-size', 'huge'], without);
      expect(run.status, name).toBe(2);
      expect(run.stderr, name).toMatch(/--max-file-size takes a size such as 2MB/);
    }
  });
});
