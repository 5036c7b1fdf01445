/**
 * `journey lint --cache` through the real binary: byte-identical output on a second run,
 * edits and config changes are seen, --cache-location, and corrupt cache files are ignored
 * and rebuilt, never trusted (the output equals an uncached run). More corrupt shapes are
 * checked in-process in test/lint/cache.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';
import { ensureBuilt, expectNoCrash, journey, tempDir, type Run } from '../support/cli.js';
import { findings, parseJson } from './helpers.js';

const FINDINGS = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
const VALID = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = tempDir('cache');
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A project with findings in one file, a clean file, a duplicate id pair and a broken file. */
function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'journeys'), { recursive: true });
  writeFileSync(join(dir, 'journeys', 'findings.journey.yaml'), FINDINGS);
  writeFileSync(join(dir, 'journeys', 'a.journey.yaml'), VALID);
  writeFileSync(join(dir, 'journeys', 'b.journey.yaml'), VALID);
  writeFileSync(join(dir, 'journeys', 'broken.journey.yaml'), 'journey: broken\n  states: [\n');
  return dir;
}

/** Cache entries without the files' stamps. */
function unstamped(entries: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(entries).map(([file, { stamp: _stamp, ...entry }]) => [file, entry]));
}

/** Both outputs of a run: stylish on stdout and JSON written to a file. */
const BOTH = ['--format', 'stylish', '--format', 'json', '--output-file', 'json=report.json'];
function outputs(dir: string, run: Run): { status: number | null; stylish: string; json: string } {
  return { status: run.status, stylish: run.stdout, json: readFileSync(join(dir, 'report.json'), 'utf8') };
}

describe('--cache', () => {
  it('writes .journeycache; a second run gives byte-identical output, equal to an uncached run', async () => {
    const dir = project('identical');
    const uncached = outputs(dir, await journey(['lint', ...BOTH], dir));
    expect(existsSync(join(dir, '.journeycache'))).toBe(false);
    const first = await journey(['lint', '--cache', ...BOTH], dir);
    expectNoCrash(first);
    const cold = outputs(dir, first);
    expect(existsSync(join(dir, '.journeycache'))).toBe(true);
    const cacheAfterFirst = readFileSync(join(dir, '.journeycache'), 'utf8');
    const warm = outputs(dir, await journey(['lint', '--cache', ...BOTH], dir));
    expect(uncached.status).toBe(1);
    expect(cold).toEqual(uncached);
    expect(warm).toEqual(uncached);
    // Nothing changed, so the cache is not rewritten with different content.
    expect(readFileSync(join(dir, '.journeycache'), 'utf8')).toBe(cacheAfterFirst);
  });

  it('editing a file changes its findings (and project findings of unchanged files)', async () => {
    const dir = project('edit');
    await journey(['lint', '--cache'], dir);
    writeFileSync(join(dir, 'journeys', 'findings.journey.yaml'), FINDINGS.replace('  phone: { type: string, pii: true }', '  phone: { type: string, pii: true, purpose: Call back }'));
    writeFileSync(join(dir, 'journeys', 'b.journey.yaml'), VALID.replace('journey: lost-card ', 'journey: lost-card-b '));
    const [cached, uncached] = await Promise.all([journey(['lint', '--cache', '--format', 'json'], dir), journey(['lint', '--format', 'json'], dir)]);
    expect(cached.stdout).toBe(uncached.stdout);
    const results = parseJson(cached);
    const byName = (name: string) => results.find((r) => r.filePath.endsWith(`/${name}`));
    expect(findings(byName('findings.journey.yaml'))).toEqual(['pii-purpose@5', 'offramp-distance@18', 'unreachable-state@27']);
    // a.journey.yaml did not change, but its duplicate is gone.
    expect(findings(byName('a.journey.yaml'))).toEqual([]);
    expect(findings(byName('b.journey.yaml'))).toEqual([]);
  });

  it('changing the config changes results, even for unchanged files', async () => {
    const dir = project('config');
    const before = await journey(['lint', '--cache', '--format', 'json'], dir);
    expect(findings(parseJson(before).find((r) => r.filePath.endsWith('findings.journey.yaml')))).toContain('pii-purpose@5');
    writeFileSync(join(dir, 'journey.config.yaml'), 'rules:\n  pii-purpose: off\n  unreachable-state: error\n  offramp-distance: [error, { urgent: 2 }]\n');
    const [cached, uncached] = await Promise.all([journey(['lint', '--cache', '--format', 'json'], dir), journey(['lint', '--format', 'json'], dir)]);
    expect(cached.stdout).toBe(uncached.stdout);
    const result = parseJson(cached).find((r) => r.filePath.endsWith('findings.journey.yaml'))!;
    expect(result.messages.map((m) => [m.ruleId, m.line, m.severity])).toEqual([['unreachable-state', 27, 2]]);
    // And back again: the old settings give the old results.
    rmSync(join(dir, 'journey.config.yaml'));
    const again = await journey(['lint', '--cache', '--format', 'json'], dir);
    expect(again.stdout).toBe(before.stdout);
  });

  it('--cache-location puts the cache where asked', async () => {
    const dir = project('location');
    const run = await journey(['lint', '--cache', '--cache-location', 'tmp/lint.cache', '--format', 'json'], dir);
    expectNoCrash(run);
    expect(existsSync(join(dir, 'tmp', 'lint.cache'))).toBe(true);
    expect(existsSync(join(dir, '.journeycache'))).toBe(false);
    const again = await journey(['lint', '--cache', '--cache-location', 'tmp/lint.cache', '--format', 'json'], dir);
    expect(again.stdout).toBe(run.stdout);
  });
});

describe('file stamps', () => {
  it('a file rewritten with the same size and its old modification time is seen: its change time moved', async () => {
    const dir = project('stamps');
    // A whole second, so that it can be put back exactly (utimes takes no nanoseconds from JavaScript).
    const file = join(dir, 'journeys', 'a.journey.yaml');
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    utimesSync(file, anHourAgo, anHourAgo);
    // Stamps are kept only for files last written (and changed) 2 s or more before they are read.
    await new Promise((settle) => setTimeout(settle, 2_100));
    const cold = await journey(['lint', '--cache', '--format', 'json'], dir);
    expectNoCrash(cold);
    const stored = JSON.parse(readFileSync(join(dir, '.journeycache'), 'utf8')) as { entries: Record<string, { stamp?: unknown }> };
    expect(Object.values(stored.entries).map((e) => Array.isArray(e.stamp)), 'each file was stamped, so the next run reads none that is unchanged').toEqual([true, true, true, true]);
    const duplicates = (run: Run) => parseJson(run).flatMap((r) => findings(r)).filter((f) => f.startsWith('duplicate-journey@'));
    expect(duplicates(cold).length).toBeGreaterThan(0);
    // Same size, another id: a and b are no longer duplicates. The modification time is put back.
    const before = statSync(file);
    writeFileSync(file, VALID.replace('journey: lost-card ', 'journey: lost-cart '));
    utimesSync(file, anHourAgo, anHourAgo);
    expect(statSync(file).size).toBe(before.size);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    const warm = await journey(['lint', '--cache', '--format', 'json'], dir);
    const uncached = await journey(['lint', '--format', 'json'], dir);
    expect(warm.stdout).toBe(uncached.stdout);
    expect(duplicates(warm)).toEqual([]);
  });
});

describe('one build, every entry point', () => {
  /** Runs `node -e CODE` (an ES module) in `dir`. */
  const nodeModule = (code: string, dir: string) => spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('bin/journey.js (the lint bundle), the ES module bundle, dist/cli/main.js and the library API hit the same cache entries', async () => {
    const dir = project('entry-points');
    const first = await journey(['lint', '--cache', '--format', 'json'], dir);
    expectNoCrash(first);
    const written = readFileSync(join(dir, '.journeycache'), 'utf8');
    const main = join(ROOT, 'dist', 'cli', 'main.js');
    const viaDist = nodeModule(`const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(['node', 'journey', 'lint', '--cache', '--format', 'json']);`, dir);
    expect(viaDist.stderr).toBe('');
    expect(viaDist.stdout).toBe(first.stdout);
    // A miss would have linted every file again and rewritten the cache under another build id.
    expect(readFileSync(join(dir, '.journeycache'), 'utf8')).toBe(written);
    // `journey lint` runs the classic-script bundle; every other command the ES module bundle.
    const esBundle = join(ROOT, 'dist', 'cli-bundle', 'main.js');
    const viaEsBundle = nodeModule(`const { main } = await import(${JSON.stringify(esBundle)}); process.exitCode = await main(['node', 'journey', 'lint', '--cache', '--format', 'json']);`, dir);
    expect(viaEsBundle.stderr).toBe('');
    expect(viaEsBundle.stdout).toBe(first.stdout);
    expect(readFileSync(join(dir, '.journeycache'), 'utf8')).toBe(written);
    const modified = statSync(join(dir, '.journeycache')).mtimeMs;
    const dist = (path: string) => JSON.stringify(join(ROOT, 'dist', path));
    const viaLibrary = nodeModule(
      [
        `const { LintCache, buildIdentity } = await import(${dist('lint/cache.js')});`,
        `const { lintProject } = await import(${dist('lint/lint.js')});`,
        `const { ConfigLookup } = await import(${dist('config/lookup.js')});`,
        `const { discoverFiles } = await import(${dist('lint/discover.js')});`,
        "const found = await discoverFiles(['journeys/'], { cwd: process.cwd() });",
        `const report = await lintProject(found.files, { configs: new ConfigLookup(process.cwd()), cache: await LintCache.open('.journeycache') });`,
        'console.log(JSON.stringify({ id: buildIdentity(), files: report.results.length, saved: report.cacheSaved }));',
      ].join('\n'),
      dir,
    );
    expect(viaLibrary.stderr).toBe('');
    expect(JSON.parse(viaLibrary.stdout)).toEqual({ id: (JSON.parse(written) as { tool: string }).tool, files: 4, saved: true });
    // Every file hit: the cache was not even written again.
    expect(statSync(join(dir, '.journeycache')).mtimeMs).toBe(modified);
  });
});

describe('a corrupt cache is ignored and rebuilt, never trusted', () => {
  let dir: string;
  let reference: { status: number | null; stylish: string; json: string };
  let good: { format: number; tool: string; entries: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    dir = project('corrupt');
    reference = outputs(dir, await journey(['lint', ...BOTH], dir));
    await journey(['lint', '--cache'], dir);
    good = JSON.parse(readFileSync(join(dir, '.journeycache'), 'utf8')) as typeof good;
    expect(Object.keys(good.entries).length).toBe(4);
  });

  const forged = [{ ruleId: 'human-exit', code: 'noHuman', severity: 'error', message: 'FORGED', span: { start: 0, end: 1 } }];
  const each = (change: (e: Record<string, unknown>) => void, top: Record<string, unknown> = {}) => () => {
    const copy = JSON.parse(JSON.stringify(good)) as typeof good;
    for (const e of Object.values(copy.entries)) change(e);
    return JSON.stringify({ ...copy, ...top });
  };
  const cases: [string, () => string][] = [
    ['garbage', () => 'garbage \u0000\u0001 {{{'],
    ['valid JSON of the wrong shape (an array)', () => '[1, 2, 3]'],
    ['entries of the wrong shape (an array)', () => JSON.stringify({ ...good, entries: [] })],
    ['an entry whose diagnostics are not findings', each((e) => (e.diagnostics = [1]))],
    ['an entry whose items are null', each((e) => (e.items = null))],
    ['another tool version, with forged findings', each((e) => (e.diagnostics = forged), { tool: '0.0.0-older' })],
    ['another cache format, with forged findings', each((e) => (e.diagnostics = forged), { format: 0 })],
  ];
  for (const [name, text] of cases) {
    it(`${name}: output identical to an uncached run, and the cache is rebuilt`, async () => {
      writeFileSync(join(dir, '.journeycache'), text());
      const run = await journey(['lint', '--cache', ...BOTH], dir);
      expectNoCrash(run);
      expect(run.stderr).toBe('');
      expect(outputs(dir, run)).toEqual(reference);
      const rebuilt = JSON.parse(readFileSync(join(dir, '.journeycache'), 'utf8')) as typeof good;
      // Stamps are left out: a file's is kept only once it was last written 2 s before it is read.
      expect(unstamped(rebuilt.entries), 'the cache file holds an entry per file again').toEqual(unstamped(good.entries));
    });
  }
});
