// Lint at scale: cold (one thread), concurrent (worker threads), and cached runs over
// 1,000 and 10,000 journeys of 50 states, against the bare yaml parse of the same files.
// Usage: node bench/lint-scale.js [--sizes 1000,10000] [--states 50]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, mib, ms, OUT, ratio, ROOT, runNode, table } from './support.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = String(flag('--sizes', '1000,10000')).split(',').map(Number);
const states = Number(flag('--states', 50));
const bin = join(ROOT, 'bin', 'journey.js');
const rows = [['case', 'time', 'peak memory', 'vs yaml parse']];

for (const files of sizes) {
  const dir = corpus(files, states);
  const cacheFile = join(OUT, `scale-${files}.journeycache`);
  rmSync(cacheFile, { force: true });
  const run = (extra) => {
    const r = runNode([bin, 'lint', dir, '--format', 'json', ...extra]);
    if (r.status !== 0) throw new Error(`journey lint ${extra.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r;
  };
  const baseline = runNode([join(ROOT, 'bench', 'parse-baseline.js'), dir]);
  const cold = run(['--concurrency', '1']);
  const concurrent = run(['--concurrency', 'auto']);
  run(['--cache', '--cache-location', cacheFile, '--concurrency', 'auto']);
  const cached = run(['--cache', '--cache-location', cacheFile]);
  rows.push(
    [`yaml parse, ${files} files (baseline)`, ms(baseline.ms), mib(baseline.maxRSS), '1.00x'],
    [`lint, ${files} files, one thread`, ms(cold.ms), mib(cold.maxRSS), ratio(cold.ms, baseline.ms)],
    [`lint, ${files} files, worker threads`, ms(concurrent.ms), mib(concurrent.maxRSS), ratio(concurrent.ms, baseline.ms)],
    [`lint, ${files} files, cached`, ms(cached.ms), mib(cached.maxRSS), ratio(cached.ms, baseline.ms)],
  );
}
process.stdout.write(`journey lint at scale (${states} states per journey; one run each)\n\n${table(rows)}\n`);
