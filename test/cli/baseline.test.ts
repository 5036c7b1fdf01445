/**
 * `journey lint --baseline-write / --baseline / --baseline-prune` through the real binary:
 * recorded findings are hidden, only new ones fail the run, moved lines do not make findings
 * new, fixed findings leave stale entries (reported, then pruned), and corrupt baselines.
 * The tests of the first describe block run in order on one project.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';
import { ensureBuilt, expectNoCrash, journey, tempDir } from '../support/cli.js';
import { findings, parseJson } from './helpers.js';

const FINDINGS = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
const VALID = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');

interface BaselineFile {
  version: number;
  files: Record<string, { rule: string; message: string; count: number }[]>;
}

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = tempDir('baseline');
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A project: journey.config.yaml (when `config`), journeys/findings.journey.yaml and a clean journey. */
function project(name: string, config = true): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'journeys'), { recursive: true });
  if (config) writeFileSync(join(dir, 'journey.config.yaml'), 'rules: {}\n');
  writeFileSync(join(dir, 'journeys', 'findings.journey.yaml'), FINDINGS);
  writeFileSync(join(dir, 'journeys', 'valid.journey.yaml'), VALID);
  return dir;
}

const readBaseline = (path: string): BaselineFile => JSON.parse(readFileSync(path, 'utf8')) as BaselineFile;

describe('a baseline over time (one project, tests in order)', () => {
  let dir: string;
  let file: string;
  let baselinePath: string;
  beforeAll(() => {
    dir = project('over-time');
    file = join(dir, 'journeys', 'findings.journey.yaml');
    baselinePath = join(dir, 'journey-baseline.json');
  });

  it('without a baseline the project fails; --baseline-write records its findings beside the config and exits 0', async () => {
    const before = await journey(['lint'], dir);
    expect(before.status).toBe(1);
    const write = await journey(['lint', '--baseline-write'], dir);
    expectNoCrash(write);
    expect(write.status).toBe(0);
    expect(existsSync(baselinePath)).toBe(true);
    const baseline = readBaseline(baselinePath);
    expect(baseline.version).toBe(1);
    expect(Object.keys(baseline.files)).toEqual(['journeys/findings.journey.yaml']);
    expect(baseline.files['journeys/findings.journey.yaml']!.map((e) => e.rule).sort()).toEqual(['offramp-distance', 'pii-purpose', 'pii-purpose', 'unreachable-state']);
    expect(write.stderr).toMatch(/4 findings/);
  });

  it('later runs hide recorded findings: exit 0, an empty JSON report, a note in the stylish report', async () => {
    const [json, stylish] = await Promise.all([journey(['lint', '--format', 'json'], dir), journey(['lint'], dir)]);
    expect(json.status).toBe(0);
    expect(parseJson(json).map((r) => r.messages)).toEqual([[], []]);
    expect(stylish.status).toBe(0);
    expect(stylish.stdout).toMatch(/4 known findings hidden by the baseline/);
    expect(stylish.stderr).toBe('');
  });

  it('moving lines (blank lines and a comment inserted) does not make recorded findings new', async () => {
    writeFileSync(file, `# moved\n\n\n${FINDINGS.replace('states:\n', 'states:\n\n\n').replace('  orphan:\n', '\n  orphan:\n')}`);
    const run = await journey(['lint', '--format', 'json'], dir);
    expect(run.status).toBe(0);
    expect(parseJson(run).map((r) => r.messages)).toEqual([[], []]);
    expect(run.stderr).toBe('');
  });

  it('a new error fails the run (exit 1) and is the only finding reported', async () => {
    const edited = FINDINGS.replace('      agent_please: agent\n', '      agent_please: agent\n      detour: detour\n').replace(
      '  escalate:\n',
      '  detour:\n    say: One more question.\n    on:\n      next: escalate\n  escalate:\n',
    );
    writeFileSync(file, edited);
    const run = await journey(['lint', '--format', 'json'], dir);
    expectNoCrash(run);
    expect(run.status).toBe(1);
    const result = parseJson(run).find((r) => r.filePath === file)!;
    expect(findings(result)).toEqual(['offramp-distance@24']);
    expect(result.messages[0]!.message).toContain('`detour`');
  });

  it('a fixed finding leaves a stale entry, reported on stderr; the run still passes when nothing is new', async () => {
    writeFileSync(file, FINDINGS.replace('  phone: { type: string, pii: true }', '  phone: { type: string, pii: true, purpose: Call the customer back }'));
    const run = await journey(['lint', '--format', 'json'], dir);
    expectNoCrash(run);
    expect(run.status).toBe(0);
    expect(parseJson(run).map((r) => r.messages)).toEqual([[], []]);
    expect(run.stderr).toMatch(/fixed|stale/);
    expect(run.stderr).toContain('journeys/findings.journey.yaml');
    expect(run.stderr).toContain('pii-purpose');
    expect(run.stderr).toContain('--baseline-prune');
    expect(readBaseline(baselinePath).files['journeys/findings.journey.yaml']).toHaveLength(4);
  });

  it('--baseline-prune removes stale entries from the file; afterwards nothing is stale', async () => {
    const prune = await journey(['lint', '--baseline-prune', '--format', 'json'], dir);
    expectNoCrash(prune);
    expect(prune.status).toBe(0);
    const entries = readBaseline(baselinePath).files['journeys/findings.journey.yaml']!;
    expect(entries.map((e) => e.rule).sort()).toEqual(['offramp-distance', 'pii-purpose', 'unreachable-state']);
    expect(entries.find((e) => e.rule === 'pii-purpose')!.message).toContain('`account`');
    const after = await journey(['lint', '--format', 'json'], dir);
    expect(after.status).toBe(0);
    expect(after.stderr).toBe('');
  });

  it('a pruned finding that comes back is new again', async () => {
    writeFileSync(file, FINDINGS);
    const run = await journey(['lint', '--format', 'json'], dir);
    expect(run.status).toBe(0); // a warning: reported, but not a failure
    expect(findings(parseJson(run).find((r) => r.filePath === file))).toEqual(['pii-purpose@6']);
  });
});

describe('where the baseline lives', () => {
  it('without a config: in the working directory; --baseline FILE chooses another file', async () => {
    const dir = project('no-config', false);
    const [write, custom] = await Promise.all([journey(['lint', '--baseline-write'], dir), journey(['lint', '--baseline-write', '--baseline', 'ci/known.json'], dir)]);
    expect(write.status).toBe(0);
    expect(custom.status).toBe(0);
    expect(existsSync(join(dir, 'journey-baseline.json'))).toBe(true);
    expect(existsSync(join(dir, 'ci', 'known.json'))).toBe(true);
    rmSync(join(dir, 'journey-baseline.json'));
    const [withCustom, without] = await Promise.all([journey(['lint', '--baseline', 'ci/known.json'], dir), journey(['lint'], dir)]);
    expect(withCustom.status).toBe(0);
    expect(without.status).toBe(1);
  });

  it('with a config in a parent folder: beside the config, even when run from a subfolder', async () => {
    const dir = project('config-above');
    const write = await journey(['lint', '.', '--baseline-write'], join(dir, 'journeys'));
    expect(write.status).toBe(0);
    expect(existsSync(join(dir, 'journey-baseline.json'))).toBe(true);
    expect(existsSync(join(dir, 'journeys', 'journey-baseline.json'))).toBe(false);
    const fromRoot = await journey(['lint', '--format', 'json'], dir);
    expect(fromRoot.status).toBe(0);
    expect(parseJson(fromRoot).map((r) => r.messages)).toEqual([[], []]);
  });

  it('a baseline written at the root also hides findings when linting from a subfolder', async () => {
    const dir = project('cwd-plain');
    expect((await journey(['lint', '--baseline-write'], dir)).status).toBe(0);
    const run = await journey(['lint', '.', '--format', 'json'], join(dir, 'journeys'));
    expect(run.status).toBe(0);
    expect(parseJson(run).map((r) => r.messages)).toEqual([[], []]);
    expect(run.stderr).toBe('');
  });

  it('recorded duplicate-journey findings stay hidden when linting from a subfolder', async () => {
    const dir = project('cwd-duplicate');
    writeFileSync(join(dir, 'journeys', 'copy.journey.yaml'), VALID);
    const write = await journey(['lint', '--baseline-write'], dir);
    expect(write.status).toBe(0);
    expect((await journey(['lint'], dir)).status).toBe(0);
    // Same files, same baseline (beside the config), run from journeys/.
    const run = await journey(['lint', '.', '--format', 'json'], join(dir, 'journeys'));
    expect(parseJson(run).flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)} ${m.ruleId}: ${m.message}`))).toEqual([]);
    expect(run.status).toBe(0);
  });
});

describe('corrupt baselines', () => {
  it('named with --baseline: exit 2 with the reason; the default one: ignored with a note on stderr', async () => {
    const dir = project('corrupt');
    writeFileSync(join(dir, 'named.json'), '{ this is not json');
    writeFileSync(join(dir, 'shape.json'), JSON.stringify({ version: 1, files: { 'journeys/findings.journey.yaml': [{ fingerprint: 5 }] } }));
    writeFileSync(join(dir, 'version.json'), JSON.stringify({ version: 99, files: {} }));
    writeFileSync(join(dir, 'journey-baseline.json'), 'garbage\u0000');
    // An empty baseline: the same report as no baseline at all (a --baseline that does not exist is refused).
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ version: 1, files: {} }));
    const [named, shape, version, byDefault, reference] = await Promise.all([
      journey(['lint', '--baseline', 'named.json'], dir),
      journey(['lint', '--baseline', 'shape.json'], dir),
      journey(['lint', '--baseline', 'version.json'], dir),
      journey(['lint', '--format', 'json'], dir),
      journey(['lint', '--format', 'json', '--baseline', 'empty.json'], dir),
    ]);
    for (const [run, name] of [
      [named, 'named.json'],
      [shape, 'shape.json'],
      [version, 'version.json'],
    ] as const) {
      expectNoCrash(run);
      expect(run.status, name).toBe(2);
      expect(run.stderr, name).toContain(name);
    }
    expectNoCrash(byDefault);
    expect(byDefault.stderr).toMatch(/ignoring the baseline/);
    expect(byDefault.stderr).toContain('journey-baseline.json');
    // Ignored means: the same report as with no baseline at all.
    expect(byDefault.status).toBe(1);
    expect(byDefault.stdout).toBe(reference.stdout);
  });
});
