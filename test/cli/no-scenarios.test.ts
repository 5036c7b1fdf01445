/**
 * `journey test` on journeys without any scenario used to print "0 passed" and exit 0,
 * so a CI job could pass without testing anything. It now says that no scenarios were
 * found, and where they are looked for, and exits 1 unless --pass-with-no-tests.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, journey, ROOT, tempDir, type Run } from '../support/cli.js';

const VALID = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');
const MESSAGE = "journey: no scenarios found in 2 journeys: scenarios are read from a journey's `tests:` key and from <name>.test.yaml beside <name>.journey.yaml";

let work: string;
let runs: Record<'text' | 'json' | 'coverage' | 'allowed' | 'allowedJunit' | 'broken' | 'brokenAllowed', Run>;

beforeAll(async () => {
  ensureBuilt();
  work = tempDir('no-scenarios');
  const none = join(work, 'none');
  mkdirSync(none);
  writeFileSync(join(none, 'a.journey.yaml'), VALID.replace('journey: lost-card', 'journey: card-a'));
  writeFileSync(join(none, 'b.journey.yaml'), VALID.replace('journey: lost-card', 'journey: card-b'));
  // A test file that does not parse: its scenarios exist but cannot be read.
  const broken = join(work, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'a.journey.yaml'), VALID);
  writeFileSync(join(broken, 'a.test.yaml'), 'tests: [unclosed\n');
  const [text, json, coverage, allowed, allowedJunit, brokenRun, brokenAllowed] = await Promise.all([
    journey(['test', 'none'], work),
    journey(['test', 'none', '--format', 'json'], work),
    journey(['test', 'none', '--coverage'], work),
    journey(['test', 'none', '--pass-with-no-tests'], work),
    journey(['test', 'none', '--pass-with-no-tests', '--format', 'junit'], work),
    journey(['test', 'broken'], work),
    journey(['test', 'broken', '--pass-with-no-tests'], work),
  ]);
  runs = { text, json, coverage, allowed, allowedJunit, broken: brokenRun, brokenAllowed } as typeof runs;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('journey test with no scenarios', () => {
  it('exit 1, saying that no scenarios were found and where they are looked for', () => {
    const run = runs.text;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${MESSAGE}. Add scenarios there, or pass --pass-with-no-tests to allow a run without any.\n`);
  });

  it('the same in every format, and with --coverage', () => {
    for (const run of [runs.json, runs.coverage]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(MESSAGE);
    }
    expect(JSON.parse(runs.json.stdout)).toHaveLength(2);
  });

  it('--pass-with-no-tests: exit 0, still saying so', () => {
    for (const run of [runs.allowed, runs.allowedJunit]) {
      expectCleanStreams(run);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe(`${MESSAGE}; passing because of --pass-with-no-tests.\n`);
    }
    expect(runs.allowedJunit.stdout).toContain('tests="0"');
  });

  it('a test file that cannot be read is its own problem (exit 1 even with --pass-with-no-tests), not "no scenarios"', () => {
    for (const run of [runs.broken, runs.brokenAllowed]) {
      expectCleanStreams(run);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/a\.test\.yaml:1:\d+: error: /);
      expect(run.stderr).not.toContain('no scenarios found');
    }
  });
});
