// Shared helpers for the benchmark scripts: timed child processes, medians, tables.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './generate.js';

/** The value after `--name` on the command line, as a number (or the fallback). */
export function flag(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where generated corpora live (git-ignored). */
export const OUT = join(ROOT, 'bench', 'out');

/** A corpus of `files` journeys with `states` states, generated once and reused. */
export function corpus(files, states) {
  const dir = join(OUT, `corpus-${files}x${states}`);
  if (!existsSync(join(dir, `synthetic-${String(files - 1).padStart(5, '0')}.journey.yaml`))) writeCorpus(dir, files, states);
  return dir;
}

/** Runs `node args...` and returns wall time in ms, peak RSS in KiB, exit status and output. */
export function runNode(args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', join(ROOT, 'bench', 'usage.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', ...(options.env ?? {}) },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const match = /BENCH_USAGE (\{.*\})/.exec(result.stderr ?? '');
  const usage = match ? JSON.parse(match[1]) : { maxRSS: NaN };
  return { ms, maxRSS: usage.maxRSS, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `fn` `times` times and returns the run with the median time. */
export function median(times, fn) {
  const runs = Array.from({ length: times }, fn).sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

/**
 * Runs every function once per round, in turn, `times` rounds, and returns each one's median run:
 * a burst of load on the machine lands on every case alike, so ratios between them hold.
 */
export function interleaved(times, fns) {
  const runs = fns.map(() => []);
  for (let round = 0; round < times; round++) fns.forEach((fn, i) => runs[i].push(fn()));
  return runs.map((list) => [...list].sort((a, b) => a.ms - b.ms)[Math.floor(list.length / 2)]);
}

/** Prints an aligned table. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ')).join('\n');
}

/** `12.3 ms`. */
export const ms = (v) => `${v.toFixed(1)} ms`;
/** `45.6 MiB` from KiB. */
export const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
/** `1.23x`. */
export const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

/** Where the benchmarks leave the issue-13 target figures they measured, one JSON file per script (bench/targets.js reads them). */
export const TARGETS = join(OUT, 'targets');

/**
 * One issue-13 target figure as measured: `value` against `limit` (`at most` or `at least`),
 * shown with `digits` decimals and `unit` after the number ('x', ' MiB', 'x faster').
 */
export function target(id, figure, value, { atMost, atLeast, unit = 'x', digits = 2, note = '' }) {
  const limit = atMost ?? atLeast;
  const shown = (v) => `${v.toFixed(digits)}${unit}`;
  return {
    id,
    figure,
    value,
    measured: `${Number.isFinite(value) ? shown(value) : 'not measured'}${note ? ` (${note})` : ''}`,
    target: `${atMost !== undefined ? '<=' : '>='} ${limit}${unit}`,
    met: Number.isFinite(value) && (atMost !== undefined ? value <= atMost : value >= atLeast),
  };
}

/** Writes the target figures a script measured, for bench/targets.js. */
export function recordTargets(script, figures) {
  mkdirSync(TARGETS, { recursive: true });
  writeFileSync(join(TARGETS, `${script}.json`), `${JSON.stringify({ script, command: ['node', `bench/${script}.js`, ...process.argv.slice(2)].join(' '), at: new Date().toISOString(), figures }, null, 2)}\n`);
}
