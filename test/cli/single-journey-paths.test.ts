/**
 * `simulate`, `graph` and `play` read one journey through loadJourney. A path that
 * names no file, or a folder, is bad usage (exit 2), as in `lint` and `test`; a file
 * that exists but does not parse stays a finding (exit 1).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, journey, tempDir, type Run } from '../support/cli.js';

/** Each command that reads one journey, with what it needs to run without a terminal. */
const COMMANDS = [
  ['simulate', (file: string) => ['simulate', file, '--runs', '10']],
  ['graph', (file: string) => ['graph', file]],
  ['play', (file: string) => ['play', file, '--events', 'x']],
] as const;

const CASES = {
  missing: 'nothere.journey.yaml',
  missingFolder: 'no-folder/x.journey.yaml',
  folder: 'journeys',
  unparsable: 'journeys/broken.journey.yaml',
} as const;

let work: string;
const runs = new Map<string, Run>();

beforeAll(async () => {
  ensureBuilt();
  work = tempDir('single-journey');
  mkdirSync(join(work, 'journeys'));
  writeFileSync(join(work, 'journeys', 'broken.journey.yaml'), 'journey: broken\nstates: [unclosed\n');
  const jobs = COMMANDS.flatMap(([name, args]) => Object.entries(CASES).map(([what, file]) => [`${name} ${what}`, args(file)] as const));
  const results = await Promise.all(jobs.map(([, args]) => journey(args, work)));
  jobs.forEach(([key], i) => runs.set(key, results[i] as Run));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(COMMANDS.map(([name]) => name))('journey %s FILE', (name) => {
  it('a file that does not exist: exit 2, naming the path, nothing on stdout', () => {
    const run = runs.get(`${name} missing`) as Run;
    expectCleanStreams(run);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('journey: nothere.journey.yaml: no such file; give the path of an existing journey file (*.journey.yaml).\n');
  });

  it('a file in a folder that does not exist: exit 2', () => {
    const run = runs.get(`${name} missingFolder`) as Run;
    expectCleanStreams(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no-folder/x.journey.yaml: no such file');
  });

  it('a folder: exit 2, saying that one journey file is expected', () => {
    const run = runs.get(`${name} folder`) as Run;
    expectCleanStreams(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('journey: journeys is a folder; this command takes one journey file, e.g. journeys/<name>.journey.yaml.\n');
  });

  it('a file that does not parse: still exit 1 with its syntax finding', () => {
    const run = runs.get(`${name} unparsable`) as Run;
    expectCleanStreams(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^journeys\/broken\.journey\.yaml:2:\d+: error: .*\[syntax\]$/m);
    expect(run.stderr).toContain('journey: the journey must parse and follow the format');
  });
});
