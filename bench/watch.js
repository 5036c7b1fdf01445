// Watch mode: how long `journey lint --watch` takes from a saved change to the new report,
// against a fresh `journey lint` of the same folder (measured in the same run).
// Usage: node bench/watch.js [--files 1000] [--states 50] [--changes 5]
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus, flag, ms, ratio, ROOT, runNode, table } from './support.js';

const files = Number(flag('--files', 1000));
const states = Number(flag('--states', 50));
const changes = Number(flag('--changes', 5));
const bin = join(ROOT, 'bin', 'journey.js');
const dir = mkdtempSync(join(tmpdir(), 'journey-watch-bench-'));
cpSync(corpus(files, states), dir, { recursive: true });

const fresh = runNode([bin, 'lint', dir, '--format', 'json']);
if (fresh.status !== 0 && fresh.status !== 1) throw new Error(`journey lint exited ${fresh.status}: ${fresh.stderr}`);

const child = spawn(process.execPath, [bin, 'lint', '--watch', dir, '--format', 'json'], { env: { ...process.env, NO_COLOR: '1' } });
let stderr = '';
let waiting;
child.stdout.resume();
child.stderr.on('data', (chunk) => {
  stderr += chunk;
  const cycles = stderr.split('for changes (Ctrl-C stops)').length - 1;
  if (waiting && cycles >= waiting.cycles) waiting.resolve();
});
const cycle = (n) => new Promise((resolve) => (waiting = { cycles: n, resolve }));

let start = process.hrtime.bigint();
await cycle(1);
const first = Number(process.hrtime.bigint() - start) / 1e6;
const times = [];
for (let i = 0; i < changes; i++) {
  start = process.hrtime.bigint();
  appendFileSync(join(dir, `synthetic-${String(i).padStart(5, '0')}.journey.yaml`), `# change ${i}\n`);
  await cycle(i + 2);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
child.kill('SIGINT');
await new Promise((resolve) => child.on('exit', resolve));
rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`${files} journeys of ${states} states; median of ${changes} changes (one file each)`);
console.log(
  table([
    ['case', 'time', 'vs fresh lint'],
    ['fresh `journey lint` (process)', ms(fresh.ms), '1.00x'],
    ['--watch: first report (after the scan)', ms(first), ratio(first, fresh.ms)],
    ['--watch: change saved -> new report', ms(median), ratio(median, fresh.ms)],
  ]),
);
