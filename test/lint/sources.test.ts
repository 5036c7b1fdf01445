/**
 * What a large lint keeps in memory (src/lint/lint.ts): with `sources: 'findings'` a clean
 * file's text is let go as soon as it is checked, and read again only if a project rule
 * (duplicate-journey) reports on it later; the streamed path of `concurrency > 1` commits
 * files in order with cache hits and misses interleaved. Each is compared with the plain
 * path (every text kept, one thread, no cache) on the examples, on random journeys and on
 * edge cases: every finding, every count and the output of every formatter must be identical.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_NAMES, loadFormatter } from '../../src/format/index.js';
import { prepareResults } from '../../src/format/prepare.js';
import type { FormatContext } from '../../src/format/types.js';
import { LintCache } from '../../src/lint/cache.js';
import { lintProject, type FileResult, type LintOptions } from '../../src/lint/lint.js';
import { loadRules } from '../../src/rules/index.js';
import { journeySpecArb, renderJourney } from '../support/arbitrary-journey.js';
import { ROOT } from '../support/lint.js';

let dir: string;
let files: string[];
let context: FormatContext;

/** Writes a file of the corpus and returns its path. */
function put(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'journey-sources-'));
  files = [];
  const examples = join(ROOT, 'journeys');
  for (const name of readdirSync(examples).filter((n) => n.endsWith('.journey.yaml')).sort()) files.push(put(`example-${name}`, readFileSync(join(examples, name), 'utf8')));
  const specs = fc.sample(journeySpecArb, { seed: 13, numRuns: 40 });
  specs.forEach((spec, i) => {
    // Every fifth journey shares its id with the one before: clean files that only duplicate-journey reports on.
    const id = `random-${i % 5 === 4 ? i - 1 : i}`;
    files.push(put(`random-${String(i).padStart(2, '0')}.journey.yaml`, renderJourney(spec, id).yaml));
  });
  const clean = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');
  const findings = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
  files.push(
    // Duplicates in CRLF and with a BOM, with tabs in a comment and an astral character: positions must stay exact after the re-read.
    put('dup-crlf.journey.yaml', `\uFEFF# \t\u{1F600} crlf\n${clean}`.replace(/\n/g, '\r\n')),
    put('dup-plain.journey.yaml', clean),
    // A clean file with a disable comment (its text is needed for directives) and one with a directive that disables nothing.
    put('directive-used.journey.yaml', `# journey-disable-file pii-purpose -- reviewed\n${findings.replace(/^journey: .*$/m, 'journey: directive-used')}`),
    put('directive-unused.journey.yaml', `# journey-disable-file unreachable-state -- not needed\n${clean.replace(/^journey: .*$/m, 'journey: directive-unused')}`),
    put('findings.journey.yaml', findings),
    // Clean files nobody reports on, and another pair of duplicates.
    ...['clean-1', 'clean-2', 'clean-3'].map((id) => put(`${id}.journey.yaml`, clean.replace(/^journey: .*$/m, `journey: ${id}`))),
    ...['a', 'b'].map((n) => put(`pair-${n}.journey.yaml`, clean.replace(/^journey: .*$/m, 'journey: pair'))),
    put('broken.journey.yaml', 'journey: broken\n  states: [\n'),
    put('empty.journey.yaml', ''),
  );
  files.push(join(dir, 'missing.journey.yaml'));
  const metas = (await loadRules()).map((r) => r.meta);
  context = { cwd: dir, color: false, rules: new Map(metas.map((m) => [m.id, m])), fileCount: files.length, repoRoot: dir, version: 'test', ruleIds: metas.map((m) => m.id) };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every formatter's output of a run. */
async function outputs(results: readonly FileResult[]): Promise<Record<string, string>> {
  const prepared = prepareResults(results, dir);
  const out: Record<string, string> = {};
  for (const name of FORMAT_NAMES) out[name] = (await loadFormatter(name))(prepared, context);
  return out;
}

const findingsOf = (results: readonly FileResult[]): unknown => results.map((r) => ({ file: r.filePath, diagnostics: r.diagnostics, suppressed: r.suppressed }));

async function lint(options: LintOptions = {}): Promise<{ results: FileResult[]; stoppedEarly: boolean }> {
  return lintProject(files, { cwd: dir, ...options });
}

describe("sources: 'findings'", () => {
  it('the corpus has clean files, findings, project findings on clean files, directives and unreadable files', async () => {
    const { results } = await lint();
    const rules = new Set(results.flatMap((r) => r.diagnostics.map((d) => d.ruleId)));
    for (const id of ['duplicate-journey', 'syntax', 'directive', 'pii-purpose']) expect(rules, id).toContain(id);
    expect(results.filter((r) => r.diagnostics.length === 0).length).toBeGreaterThanOrEqual(3);
    const onlyDuplicates = results.filter((r) => r.diagnostics.length > 0 && r.diagnostics.every((d) => d.ruleId === 'duplicate-journey'));
    expect(onlyDuplicates.length, 'clean files that only a project rule reports on').toBeGreaterThanOrEqual(4);
    expect(results.some((r) => r.suppressed > 0)).toBe(true);
  });

  it('gives the same findings and byte-identical output of every formatter as keeping every text', async () => {
    const all = (await lint()).results;
    const kept = (await lint({ sources: 'findings' })).results;
    expect(findingsOf(kept)).toEqual(findingsOf(all));
    expect(await outputs(kept)).toEqual(await outputs(all));
  });

  it('keeps the text of the files with findings (read again for project findings) or disable comments, and no other', async () => {
    const all = (await lint()).results;
    const kept = (await lint({ sources: 'findings' })).results;
    let released = 0;
    kept.forEach((r, i) => {
      const full = all[i] as FileResult;
      const needed = full.diagnostics.length > 0 || /journey-(disable|enable)/.test(full.source);
      if (!needed) released++;
      expect(r.source, r.filePath).toBe(needed ? full.source : '');
    });
    expect(released).toBeGreaterThanOrEqual(3);
  });

  it('the same through the cache, cold and warm', async () => {
    const all = await outputs((await lint()).results);
    const path = join(dir, '.cache-sources');
    rmSync(path, { force: true });
    for (const round of ['cold', 'warm']) {
      const cache = await LintCache.open(path, 'test');
      const report = await lintProject(files, { cwd: dir, sources: 'findings', cache });
      expect(await outputs(report.results), round).toEqual(all);
    }
  });
});

describe('the streamed path (concurrency > 1), checked in this thread below workerMinBytes', () => {
  const streamed = (options: LintOptions = {}): Promise<{ results: FileResult[]; stoppedEarly: boolean }> =>
    lint({ concurrency: 2, workerMinBytes: Number.MAX_SAFE_INTEGER, sources: 'findings', ...options });

  it('gives the same results as one thread', async () => {
    const one = await lint();
    const many = await streamed();
    expect(findingsOf(many.results)).toEqual(findingsOf(one.results));
    expect(await outputs(many.results)).toEqual(await outputs(one.results));
  });

  it('with cache hits and misses interleaved, in file order', async () => {
    const one = await outputs((await lint()).results);
    const path = join(dir, '.cache-streamed');
    rmSync(path, { force: true });
    // Warm only every other file: the first run sees half the files.
    const half = files.filter((_, i) => i % 2 === 0);
    await lintProject(half, { cwd: dir, cache: await LintCache.open(path, 'test') });
    const report = await streamed({ cache: await LintCache.open(path, 'test') });
    expect(await outputs(report.results)).toEqual(one);
  });

  it('maxErrors stops at the same file as one thread', async () => {
    for (const maxErrors of [1, 2, 5, 1000]) {
      const one = await lint({ maxErrors });
      const many = await streamed({ maxErrors });
      expect(many.stoppedEarly, `maxErrors ${maxErrors}`).toBe(one.stoppedEarly);
      expect(findingsOf(many.results), `maxErrors ${maxErrors}`).toEqual(findingsOf(one.results));
    }
  });
});
