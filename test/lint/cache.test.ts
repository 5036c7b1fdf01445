/**
 * The lint cache (src/lint/cache.ts) through lintProject: a cache file that is garbage, has the
 * wrong JSON shape, or comes from another format or tool version is ignored and rebuilt, never
 * trusted: results are the same as without a cache. The CLI side (--cache, byte-identical
 * output, edits and config changes) is in test/cli/cache.test.ts.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, LintCache } from '../../src/lint/cache.js';
import { lintProject, type FileResult } from '../../src/lint/lint.js';
import { ROOT } from '../support/lint.js';

const TOOL = 'test-tool-1';
let dir: string;
let files: string[];
let cachePath: string;
/** Results of a run without a cache: what every cached run must equal. */
let uncached: unknown;
/** A cache written by a normal run (its keys are the real ones). */
let good: { format: number; tool: string; entries: Record<string, { key: string; diagnostics: unknown[]; items: unknown }> };

const shape = (results: readonly FileResult[]): unknown => results.map((r) => ({ file: r.filePath, diagnostics: r.diagnostics, suppressed: r.suppressed }));

/** A cache entry without its file's stamp. */
function unstamped(entry: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!entry) return entry;
  const { stamp: _stamp, ...rest } = entry;
  return rest;
}

async function run(withCache: boolean): Promise<unknown> {
  const cache = withCache ? await LintCache.open(cachePath, TOOL) : undefined;
  const report = await lintProject(files, { cwd: dir, keepModels: false, ...(cache ? { cache } : {}) });
  return shape(report.results);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'journey-cache-unit-'));
  mkdirSync(join(dir, 'journeys'));
  cpSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), join(dir, 'journeys', 'findings.journey.yaml'));
  cpSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), join(dir, 'journeys', 'a.journey.yaml'));
  cpSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), join(dir, 'journeys', 'b.journey.yaml')); // duplicate id: a project-rule finding
  writeFileSync(join(dir, 'journeys', 'broken.journey.yaml'), 'journey: x\n  bad: [\n');
  files = ['a', 'b', 'broken', 'findings'].map((n) => join(dir, 'journeys', `${n}.journey.yaml`));
  cachePath = join(dir, '.journeycache');
  uncached = await run(false);
  await run(true);
  good = JSON.parse(readFileSync(cachePath, 'utf8')) as typeof good;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The good cache with every entry changed by `change`. */
function variant(change: (entry: Record<string, unknown>) => void, top: Record<string, unknown> = {}): string {
  const copy = JSON.parse(JSON.stringify(good)) as typeof good;
  for (const entry of Object.values(copy.entries)) change(entry as unknown as Record<string, unknown>);
  return JSON.stringify({ ...copy, ...top });
}

/** A well-formed but false finding: if the cache were trusted, it would show up. */
const FORGED = [{ ruleId: 'human-exit', code: 'noHuman', severity: 'error', message: 'FORGED finding from a cache that must not be trusted', span: { start: 0, end: 1 } }];

describe('LintCache with lintProject', () => {
  it('a good cache is written with an entry per file and gives the same results', async () => {
    expect(Object.keys(good.entries).sort()).toEqual([...files].sort());
    expect(good.tool).toBe(TOOL);
    expect(await run(true)).toEqual(uncached);
  });

  const corrupt: [string, () => string][] = [
    ['garbage bytes', () => '\u0000\u0001 not json at all {{{'],
    ['an empty file', () => ''],
    ['JSON null', () => 'null'],
    ['a JSON array', () => '[]'],
    ['a JSON string', () => '"cache"'],
    ['entries is an array', () => JSON.stringify({ ...good, entries: [] })],
    ['entries is a string', () => JSON.stringify({ ...good, entries: 'x' })],
    ['entries is null', () => JSON.stringify({ ...good, entries: null })],
    ['an entry is a number', () => JSON.stringify({ ...good, entries: Object.fromEntries(Object.keys(good.entries).map((k) => [k, 5])) })],
    ['an entry has no key', () => variant((e) => delete e.key)],
    ['diagnostics is an object', () => variant((e) => (e.diagnostics = {}))],
    ['diagnostics holds numbers', () => variant((e) => (e.diagnostics = [1]))],
    ['diagnostics holds empty objects', () => variant((e) => (e.diagnostics = [{}]))],
    ['a diagnostic without a span', () => variant((e) => (e.diagnostics = [{ ruleId: 'pii-purpose', severity: 'warning', message: 'm' }]))],
    ['items is null', () => variant((e) => (e.items = null))],
    ['items is a number', () => variant((e) => (e.items = 5))],
    ['an entry without the calls fact, with forged findings', () => variant((e) => ((e.diagnostics = FORGED), delete e.calls))],
    ['directives is a string, with forged findings', () => variant((e) => ((e.diagnostics = FORGED), (e.directives = 'no')))],
    ['the previous cache format, with forged findings', () => variant((e) => ((e.diagnostics = FORGED), delete e.calls, delete e.directives), { format: 1 })],
    ['another cache format, with forged findings', () => variant((e) => (e.diagnostics = FORGED), { format: 999 })],
    ['another tool version, with forged findings', () => variant((e) => (e.diagnostics = FORGED), { tool: '0.0.0-other' })],
    ['no format field, with forged findings', () => variant((e) => (e.diagnostics = FORGED), { format: undefined })],
  ];

  for (const [name, text] of corrupt) {
    it(`${name}: ignored (same results as without a cache) and rebuilt`, async () => {
      writeFileSync(cachePath, text());
      let results: unknown;
      try {
        results = await run(true);
      } catch (error) {
        throw new Error(`linting with this cache threw instead of ignoring it: ${(error as Error).message}`);
      }
      expect(results).toEqual(uncached);
      const rebuilt = JSON.parse(readFileSync(cachePath, 'utf8')) as typeof good;
      expect(rebuilt.tool).toBe(TOOL);
      expect(rebuilt.entries !== null && typeof rebuilt.entries === 'object' && !Array.isArray(rebuilt.entries), 'entries is an object again').toBe(true);
      for (const file of Object.keys(good.entries)) {
        // Without the file's stamp: kept only once the file was last written 2 s before it is read.
        expect(unstamped(rebuilt.entries[file]), `rebuilt entry for ${file}`).toEqual(unstamped(good.entries[file]));
      }
    });
  }
});

describe('what a cache hit needs of the text', () => {
  let where: string;
  let paths: { directives: string; caller: string; callee: string; clean: string; bom: string };
  const STORE_HELP = join(ROOT, 'test', 'fixtures', 'import', 'copilot-studio', 'store-help', 'expected');

  beforeAll(() => {
    where = mkdtempSync(join(tmpdir(), 'journey-cache-facts-'));
    paths = {
      directives: join(where, 'mixed.journey.yaml'),
      caller: join(where, 'store-hours.journey.yaml'),
      callee: join(where, 'escalate.journey.yaml'),
      clean: join(where, 'lost-card.journey.yaml'),
      bom: join(where, 'bom.journey.yaml'),
    };
    cpSync(join(ROOT, 'test', 'fixtures', 'lint', 'directives', 'mixed.journey.yaml'), paths.directives);
    cpSync(join(STORE_HELP, 'store-hours.journey.yaml'), paths.caller);
    cpSync(join(STORE_HELP, 'escalate.journey.yaml'), paths.callee);
    cpSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), paths.clean);
    writeFileSync(paths.bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'))]));
  });
  afterAll(() => rmSync(where, { recursive: true, force: true }));

  const lint = async (cache?: LintCache) => (await lintProject(Object.values(paths), { cwd: where, keepModels: false, sources: 'findings', ...(cache ? { cache } : {}) })).results;
  const bySource = (results: readonly FileResult[]) => Object.fromEntries(results.map((r) => [r.filePath, r.source]));

  it('records whether each text calls other journeys or holds disable comments', async () => {
    const path = join(where, 'facts.journeycache');
    const cache = await LintCache.open(path, TOOL);
    await lint(cache);
    await cache.save();
    const entries = (JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, { calls: boolean; directives: boolean }> }).entries;
    expect(entries[paths.caller]).toMatchObject({ calls: true, directives: false });
    expect(entries[paths.directives]).toMatchObject({ calls: false, directives: true });
    expect(entries[paths.clean]).toMatchObject({ calls: false, directives: false });
  });

  it('a warm run gives the results of a cold one: disable comments applied, texts kept for findings only, a BOM file hit', async () => {
    const path = join(where, 'warm.journeycache');
    const cold = await LintCache.open(path, TOOL);
    const first = await lint(cold);
    await cold.save();
    const written = readFileSync(path, 'utf8');
    const warm = await LintCache.open(path, TOOL);
    const second = await lint(warm);
    await warm.save();
    expect(shape(second)).toEqual(shape(first));
    expect(bySource(second)).toEqual(bySource(first));
    expect(second.find((r) => r.filePath === paths.directives)?.suppressed, 'disable comments hid findings on the hit').toBeGreaterThan(0);
    expect(bySource(second)[paths.clean], 'a clean file keeps no text').toBe('');
    expect(bySource(second)[paths.bom], 'the BOM file keeps its text (it has findings), without the BOM').toBe(readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8'));
    expect(readFileSync(path, 'utf8'), 'nothing was rewritten: every file but the caller hit, and its entry is the same').toBe(written);
  });

  it('a file whose model is kept (an open editor document) still gets an entry under its content hash', async () => {
    const path = join(where, 'kept.journeycache');
    const cache = await LintCache.open(path, TOOL);
    await lintProject([paths.clean], { cwd: where, keepModelsOf: () => true, sources: 'all', cache });
    await cache.save();
    const entries = (JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, { key: string }> }).entries;
    expect(entries[paths.clean]?.key.split(':')[0]).toBe(contentHash(readFileSync(paths.clean, 'utf8')));
  });

  it('a file that calls other journeys is checked afresh even when its entry matches (its callees may have changed)', async () => {
    const path = join(where, 'caller.journeycache');
    const cache = await LintCache.open(path, TOOL);
    const truth = await lint(cache);
    await cache.save();
    const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, { diagnostics: unknown[] }> };
    for (const entry of Object.values(file.entries)) entry.diagnostics = FORGED;
    writeFileSync(path, JSON.stringify(file));
    const results = await lint(await LintCache.open(path, TOOL));
    const caller = results.find((r) => r.filePath === paths.caller);
    expect(caller?.diagnostics).toEqual(truth.find((r) => r.filePath === paths.caller)?.diagnostics);
    // The forged entries of the others were trusted: proof that the caller's was seen and passed over.
    expect(results.find((r) => r.filePath === paths.clean)?.diagnostics.map((d) => d.message)).toEqual([FORGED[0]?.message]);
  });
});

describe('file stamps: an unchanged file is looked up without being read', () => {
  const FILE = '/work/stamped.journey.yaml';
  const CHECK = { diagnostics: [], items: {} };
  const FACTS = { calls: false, directives: false };
  /** A stamp of a file last written and changed a minute ago. */
  const settled = () => ({ size: 120, ino: 7, mtimeMs: Date.now() - 60_000.25, ctimeMs: Date.now() - 59_000.5 });

  it('a settled stamp is kept with the content hash, and names it only while size, inode and both times are equal', async () => {
    const path = join(dir, 'stamps-kept.journeycache');
    const cache = await LintCache.open(path, TOOL);
    const stamp = settled();
    cache.set(FILE, 'hash-1:settings', CHECK, FACTS, { stamp, hash: 'hash-1' });
    expect(await cache.save()).toBe(true);
    const reopened = await LintCache.open(path, TOOL);
    expect(reopened.hashIfUnchanged(FILE, () => stamp)).toBe('hash-1');
    for (const change of [{ size: 121 }, { ino: 8 }, { mtimeMs: stamp.mtimeMs + 0.001 }, { ctimeMs: stamp.ctimeMs + 1 }]) {
      expect(reopened.hashIfUnchanged(FILE, () => ({ ...stamp, ...change })), JSON.stringify(change)).toBeUndefined();
    }
    expect(reopened.hashIfUnchanged('/work/other.journey.yaml', () => stamp)).toBeUndefined();
    // The file is stat'ed only when its entry kept a stamp.
    let stats = 0;
    expect(reopened.hashIfUnchanged('/work/other.journey.yaml', () => (stats++, stamp))).toBeUndefined();
    expect(stats).toBe(0);
  });

  it('the stamp of a file written or changed less than 2 s ago is not kept (a later write could leave the same times)', async () => {
    const cache = await LintCache.open(join(dir, 'stamps-recent.journeycache'), TOOL);
    const now = Date.now();
    for (const recent of [{ mtimeMs: now - 500 }, { ctimeMs: now - 500 }, { mtimeMs: now + 5_000 }]) {
      const stamp = { ...settled(), ...recent };
      cache.set(FILE, 'hash-2:settings', CHECK, FACTS, { stamp, hash: 'hash-2' });
      expect(cache.hashIfUnchanged(FILE, () => stamp), JSON.stringify(recent)).toBeUndefined();
    }
  });

  it('a stamp recorded on a hit is written with the next change to the cache, never on its own', async () => {
    const path = join(dir, 'stamps-restamp.journeycache');
    const first = await LintCache.open(path, TOOL);
    first.set(FILE, 'hash-3:settings', CHECK, FACTS);
    expect(await first.save()).toBe(true);
    const written = readFileSync(path, 'utf8');
    const second = await LintCache.open(path, TOOL);
    const stamp = settled();
    second.restamp(FILE, stamp, 'hash-3');
    expect(second.hashIfUnchanged(FILE, () => stamp)).toBe('hash-3');
    expect(await second.save()).toBe(true);
    expect(readFileSync(path, 'utf8'), 'a run whose every file hit leaves the cache file as it was').toBe(written);
    second.set('/work/new.journey.yaml', 'hash-4:settings', CHECK, FACTS);
    expect(await second.save()).toBe(true);
    expect((await LintCache.open(path, TOOL)).hashIfUnchanged(FILE, () => stamp)).toBe('hash-3');
  });

  it('a stamp of the wrong shape is ignored, and the entry still serves by its key', async () => {
    const path = join(dir, 'stamps-forged.journeycache');
    const cache = await LintCache.open(path, TOOL);
    cache.set(FILE, 'hash-5:settings', CHECK, FACTS, { stamp: settled(), hash: 'hash-5' });
    expect(await cache.save()).toBe(true);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, { stamp: unknown[] }> };
    const stamp = stored.entries[FILE]?.stamp as [number, number, number, number, string];
    const asStamp = { size: stamp[0], ino: stamp[1], mtimeMs: stamp[2], ctimeMs: stamp[3] };
    for (const forged of ['hash-5', [stamp[0], stamp[1]], [...stamp.slice(0, 4), 5], { 0: stamp[0] }]) {
      (stored.entries[FILE] as { stamp: unknown }).stamp = forged;
      writeFileSync(path, JSON.stringify(stored));
      const reopened = await LintCache.open(path, TOOL);
      expect(reopened.hashIfUnchanged(FILE, () => asStamp), JSON.stringify(forged)).toBeUndefined();
      expect(reopened.get(FILE, 'hash-5:settings')).toBeDefined();
    }
  });
});
