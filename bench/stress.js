// `npm run stress`: large fuzz and differential runs against the built code (dist/), well
// beyond what the normal test run affords. Prints inputs tried per category, crashes,
// hangs, differential mismatches, the slowest input, and how lint time grows with size.
// Exit code 1 when anything crashed, hung or disagreed.
// Usage: node bench/stress.js [--scale 1] [--seed N]   (scale multiplies every count)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { generateJourney } from './generate.js';
import { mutatedJourney } from './fuzz-inputs.js';
import { flag, ROOT, table } from './support.js';

const scale = flag('--scale', 1);
const seed = flag('--seed', 20261130);
const HANG_MS = 20_000;
const started = performance.now();
const BIN = join(ROOT, 'bin', 'journey.js');

// The differential run takes longest: start it first, on its own core.
const differential = new Promise((resolve) => {
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'stress-differential.js'), '--journeys', String(Math.round(10_000 * scale)), '--seed', String(seed)], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  child.on('close', (code) => resolve({ code, out }));
});

const categories = [
  ['random bytes', 20_000],
  ['random YAML', 10_000],
  ['journey mutations', 8_000],
  ['expression strings', 50_000],
  ['expression trees', 50_000],
  ['hostile expressions', 1],
];
const rows = [];
let failures = 0;
let slowest = { ms: 0, where: '' };

for (const [category, base] of categories) {
  const runs = Math.max(1, Math.round(base * scale));
  const result = await new Promise((resolve) => {
    const worker = new Worker(new URL('./stress-worker.js', import.meta.url), { workerData: { category, runs, seed } });
    let last = 0;
    let timer;
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve({ tried: last, crashes: [], hang: `no progress for ${HANG_MS / 1000} s after input ${last} (seed ${seed})`, slowest: { ms: HANG_MS, sample: '' } });
      }, HANG_MS);
    };
    watch();
    worker.on('message', (m) => {
      if (m.progress) {
        last = m.progress;
        watch();
      } else if (m.done) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      resolve({ tried: last, crashes: [{ problem: `worker died: ${error.message}` }], slowest: { ms: 0, sample: '' } });
    });
  });
  const hangs = result.hang ? 1 : 0;
  failures += result.crashes.length + hangs;
  if (result.slowest.ms > slowest.ms) slowest = { ms: result.slowest.ms, where: `${category}: ${result.slowest.sample}` };
  rows.push([category, result.tried, result.crashes.length, hangs, `${result.slowest.ms.toFixed(1)} ms`]);
  for (const c of result.crashes.slice(0, 5)) process.stderr.write(`CRASH ${category}: ${c.problem}${c.input ? `\n  input: ${c.input}` : ''}\n`);
  if (result.hang) process.stderr.write(`HANG ${category}: ${result.hang}\n`);
}

// The real binary on mutated journeys: exit codes 0, 1 or 2 only, never a stack trace, never a hang.
{
  const dir = mkdtempSync(join(tmpdir(), 'journey-stress-'));
  const examples = ['lost-card', 'signup', 'cancellation', 'billing-dispute'].map((n) => readFileSync(join(ROOT, 'journeys', `${n}.journey.yaml`), 'utf8'));
  const batches = Math.max(1, Math.round(20 * scale));
  let tried = 0;
  let crashes = 0;
  let hangs = 0;
  let worst = 0;
  for (let b = 0; b < batches; b++) {
    const folder = join(dir, `batch-${b}`);
    mkdirSync(folder);
    const texts = fc.sample(mutatedJourney(examples[b % examples.length]), { numRuns: 25, seed: seed + b });
    texts.forEach((t, i) => writeFileSync(join(folder, `m${i}.journey.yaml`), t));
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'lint', folder, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
    const ms = performance.now() - t0;
    worst = Math.max(worst, ms / texts.length);
    tried += texts.length;
    if (run.error || run.signal) {
      hangs++;
      process.stderr.write(`HANG cli: batch ${b}: ${run.error?.message ?? run.signal}\n`);
    } else if (![0, 1, 2].includes(run.status) || /^\s{4}at /m.test(run.stderr) || /^\s{4}at /m.test(run.stdout)) {
      crashes++;
      process.stderr.write(`CRASH cli: batch ${b}: exit ${run.status}\n${run.stderr.slice(0, 500)}\n`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  failures += crashes + hangs;
  rows.push(['CLI on mutated journeys', tried, crashes, hangs, `${worst.toFixed(1)} ms per file`]);
}

// Lint stays linear in the size of a journey.
const scaleRows = [];
{
  const dir = mkdtempSync(join(tmpdir(), 'journey-scale-'));
  for (const states of [1_000, 10_000, 100_000]) {
    const file = join(dir, `s${states}.journey.yaml`);
    writeFileSync(file, generateJourney(1, states));
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'lint', file, '--max-file-size', '512MB', '--format', 'json'], { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 30 });
    const ms = performance.now() - t0;
    if (run.status !== 0) {
      failures++;
      process.stderr.write(`SCALE ${states} states: exit ${run.status}\n${(run.stderr || run.stdout).slice(0, 500)}\n`);
    }
    scaleRows.push([`${states.toLocaleString('en-US')} states`, `${(ms / 1000).toFixed(1)} s`, `${((ms * 1000) / states).toFixed(0)} µs per state`]);
  }
  rmSync(dir, { recursive: true, force: true });
}

const diff = await differential;
const field = (name) => new RegExp(`^${name}\\s+(.*)$`, 'm').exec(diff.out)?.[1] ?? '?';
if (diff.code !== 0) failures++;

process.stdout.write(`journeyctl stress run (seed ${seed}, scale ${scale})\n\n`);
process.stdout.write(`${table([['category', 'inputs tried', 'crashes', 'hangs', 'slowest input'], ...rows])}\n\n`);
process.stdout.write(`differential (interpreter vs compiled machine on XState): ${field('journeys')} journeys, ${field('sequences')} sequences, ${field('steps')} steps; mismatches: ${field('mismatches')}; slowest journey: ${field('slowest journey')}\n\n`);
process.stdout.write(`lint time by journey size (one file):\n${table(scaleRows)}\n\n`);
process.stdout.write(`slowest single input: ${slowest.ms.toFixed(1)} ms (${slowest.where})\n`);
process.stdout.write(`crashes + hangs + mismatches: ${failures === 0 ? 0 : failures}; total time ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
if (diff.code !== 0) process.stdout.write(`\n${diff.out}\n`);
process.exit(failures === 0 ? 0 : 1);
