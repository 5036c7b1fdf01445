/**
 * Worker threads (`--concurrency N`) through the real binary: on a corpus of 2,000
 * generated journeys, some of them broken (syntax and schema errors, binary and non-UTF-8 files, duplicate journey ids
 * across files, rule findings, disable comments), every N gives byte-identical output to
 * `--concurrency 1`, and so does a folder with a journey too large for a worker's heap. A
 * crashing worker fails the run with exit 2 and a message, never a hang. `--concurrency 1` on
 * many files lints on one worker thread with a bounded heap: the same report as this thread's,
 * and a run that worker has no memory for is linted in this thread.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';
import { ensureBuilt, expectNoCrash, journey, journeySync, tempDir, type Run } from '../support/cli.js';
import { parseJson } from './helpers.js';

const FILES = 2_000;
let work: string;
let corpus: string;

beforeAll(() => {
  ensureBuilt();
  work = tempDir('concurrency');
  corpus = join(work, 'corpus');
  const gen = spawnSync(process.execPath, [join(ROOT, 'bench', 'generate.js'), corpus, '--files', String(FILES), '--states', '12'], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`bench/generate.js failed: ${gen.stderr}`);
  const names = readdirSync(corpus).sort();
  expect(names).toHaveLength(FILES);
  names.forEach((name, i) => {
    const path = join(corpus, name);
    let text = readFileSync(path, 'utf8');
    if (i % 50 === 7) text = `journey: broken-${i}\ntitle: [unclosed\nstates:\n  a: {\n`; // YAML syntax error
    else if (i % 70 === 3) text = text.replace(/^priority: \w+$/m, 'priority: panic'); // schema error
    else if (i % 60 === 13) text = text.replace(/^journey: synthetic-\d+$/m, `journey: synthetic-${i + 1}`); // duplicate id of the next file
    else if (i % 40 === 21) text = text.replace(', purpose: Identify the account', ''); // pii-purpose warning
    else if (i % 45 === 30) text = text.replace('      next: s1\n', '      next: s1x\n'); // unknown-target error
    else if (i % 80 === 5) text = `# journey-disable-file pii-purpose\n${text}`; // unused disable comment
    // Files that cannot be read as text: workers that read files themselves report them as this thread would.
    if (i % 300 === 17) return writeFileSync(path, Buffer.from([0x6a, 0x6f, 0, 0x0a]));
    if (i % 300 === 41) return writeFileSync(path, Buffer.concat([Buffer.from(text), Buffer.from([0xc3, 0x28, 0x0a])]));
    writeFileSync(path, text);
  });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Stylish on stdout and JSON in a file named after the run. */
async function lintCorpus(concurrency: string, extra: readonly string[] = []): Promise<{ run: Run; json: string }> {
  const out = `report-${concurrency}-${extra.join('_').replace(/\W/g, '')}.json`;
  const run = await journey(['lint', 'corpus', '--concurrency', concurrency, '--format', 'stylish', '--format', 'json', '--output-file', `json=${out}`, ...extra], work, { timeout: 60_000 });
  expectNoCrash(run);
  return { run, json: readFileSync(join(work, out), 'utf8') };
}

describe('--concurrency', () => {
  it('N > 1 gives byte-identical output to --concurrency 1 on a corpus with broken files', { timeout: 120_000 }, async () => {
    const [one, four] = await Promise.all([lintCorpus('1'), lintCorpus('4')]);
    // The corpus really has every kind of problem.
    const results = parseJson({ ...one.run, stdout: one.json });
    expect(results).toHaveLength(FILES);
    const rules = new Set(results.flatMap((r) => r.messages.map((m) => `${m.ruleId}${m.ruleId === 'directive' ? `/${m.messageId}` : ''}`)));
    expect(results.flatMap((r) => r.messages.map((m) => m.message)).join('\n')).toMatch(/binary[\s\S]*UTF-8|UTF-8[\s\S]*binary/);
    for (const id of ['syntax', 'schema', 'duplicate-journey', 'pii-purpose', 'unknown-target', 'directive/unused']) expect(rules, id).toContain(id);
    expect(one.run.status).toBe(1);
    for (const other of [four]) {
      expect(other.run.status).toBe(one.run.status);
      expect(other.run.stdout === one.run.stdout, 'stylish output is byte-identical').toBe(true);
      expect(other.json === one.json, 'JSON output is byte-identical').toBe(true);
      expect(other.run.stderr).toBe(one.run.stderr);
    }
  });

  it('a file too large for a worker heap is checked in the main thread: same output as --concurrency 1', { timeout: 120_000 }, async () => {
    // About 1.9 MB, 6,000 states: its check needs more than a worker's old generation (64 MiB, src/lint/pool.ts), and ends that worker.
    const dir = join(work, 'with-big');
    const gen = spawnSync(process.execPath, [join(ROOT, 'bench', 'generate.js'), dir, '--files', '40', '--states', '12'], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`bench/generate.js failed: ${gen.stderr}`);
    const big = spawnSync(process.execPath, ['--input-type=module', '-e', `import { generateJourney } from ${JSON.stringify(join(ROOT, 'bench', 'generate.js'))}; process.stdout.write(generateJourney(7, 6000));`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    writeFileSync(join(dir, 'synthetic-00020-big.journey.yaml'), big.stdout);
    const lint = (n: string) => journey(['lint', 'with-big', '--concurrency', n, '--format', 'json'], work, { timeout: 100_000 });
    const [one, two] = await Promise.all([lint('1'), lint('2')]);
    expectNoCrash(two);
    expect(two.stderr).toBe(one.stderr);
    expect(two.status).toBe(one.status);
    expect(parseJson(two)).toHaveLength(41);
    expect(two.stdout === one.stdout, 'JSON output is byte-identical').toBe(true);
  });

  it('a crashing worker: exit 2, a message on stderr, no hang', () => {
    const started = performance.now();
    const run = journeySync(['lint', 'corpus', '--concurrency', '2'], work, { env: { JOURNEY_TEST_WORKER_CRASH: '1' }, timeout: 20_000 });
    expect(run.timedOut, 'the run hung and was killed by the guard').toBeFalsy();
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/worker/i);
    expect(run.stderr).not.toMatch(/^\s{4}at /m);
    expect(run.stdout).not.toMatch(/journey files? checked/);
  });

  it('--concurrency 1 on many files lints on one worker (bounded heap); a crash of it: exit 2, a message, no hang', () => {
    const run = journeySync(['lint', 'corpus', '--concurrency', '1'], work, { env: { JOURNEY_TEST_WORKER_CRASH: '1' }, timeout: 20_000 });
    expect(run.timedOut, 'the run hung and was killed by the guard').toBeFalsy();
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/worker/i);
    expect(run.stderr).not.toMatch(/^\s{4}at /m);
  });

  it('--concurrency 1 with a cache that knows the files stays in this thread (a warm run is short); one that does not uses the worker', { timeout: 120_000 }, () => {
    const cache = join(work, 'sole-worker.journeycache');
    const cold = journeySync(['lint', 'corpus', '--concurrency', '1', '--cache', '--cache-location', cache, '--format', 'json'], work, { timeout: 100_000 });
    expectNoCrash(cold);
    // A crashing worker would make the run exit 2: a warm run that succeeds never started one.
    const crash = { JOURNEY_TEST_WORKER_CRASH: '1' };
    const warm = journeySync(['lint', 'corpus', '--concurrency', '1', '--cache', '--cache-location', cache, '--format', 'json'], work, { env: crash, timeout: 100_000 });
    expect(warm.stderr).toBe('');
    expect(warm.status).toBe(cold.status);
    expect(warm.stdout).toBe(cold.stdout);
    const empty = journeySync(['lint', 'corpus', '--concurrency', '1', '--cache', '--cache-location', join(work, 'empty.journeycache'), '--format', 'json'], work, { env: crash, timeout: 20_000 });
    expect(empty.status, 'a cache with no entries: the run is long, and goes to the worker').toBe(2);
    expect(empty.stderr).toMatch(/worker/i);
  });

  it('the sole worker reports what this thread reports, and a run it has no memory for is linted in this thread', { timeout: 120_000 }, async () => {
    // The built library (a worker runs compiled code): the same files with and without `soleWorker`.
    const { lintProject } = (await import(join(ROOT, 'dist', 'lint', 'lint.js'))) as typeof import('../../src/lint/lint.js');
    const { DEFAULT_LIMITS } = (await import(join(ROOT, 'dist', 'load', 'limits.js'))) as typeof import('../../src/load/limits.js');
    const files = readdirSync(corpus).sort().slice(0, 300).map((name) => join(corpus, name));
    const inThread = await lintProject(files, { cwd: work, sources: 'findings' });
    const onWorker = await lintProject(files, { cwd: work, sources: 'findings', soleWorker: true });
    expect(onWorker.results.some((r) => r.diagnostics.length > 0), 'the files have findings').toBe(true);
    expect(onWorker).toEqual(inThread);
    // About 3.8 MB, 12,000 states (allowed by a raised size limit): more than the sole worker's old generation (96 MiB).
    const dir = join(work, 'too-big-for-the-worker');
    const big = spawnSync(process.execPath, ['--input-type=module', '-e', `import { generateJourney } from ${JSON.stringify(join(ROOT, 'bench', 'generate.js'))}; process.stdout.write(generateJourney(7, 12000));`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'big.journey.yaml'), big.stdout);
    const pair = [join(dir, 'big.journey.yaml'), files[0] as string];
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 8 * 1024 * 1024 };
    const here = await lintProject(pair, { cwd: work, sources: 'findings', limits });
    const fallback = await lintProject(pair, { cwd: work, sources: 'findings', limits, soleWorker: true });
    expect(here.results[0]?.diagnostics.filter((d) => d.ruleId === 'syntax')).toEqual([]);
    expect(fallback).toEqual(here);
  });

  it('bad --concurrency values are usage errors (exit 2)', async () => {
    const runs = await Promise.all(['0', 'many', '-1'].map((n) => journey(['lint', 'corpus', `--concurrency=${n}`], work)));
    for (const run of runs) {
      expectNoCrash(run);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/concurrency/);
    }
  });
});
