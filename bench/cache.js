// The lint cache and the memory of a large lint, as ratios against baselines measured in the same run:
// - warm cache (nothing changed) / a bare read of every file;
// - the same build through bin/journey.js, through dist/cli/main.js and through the library API
//   (dist/index.js): each must hit the entries the others wrote (the cache file is left as it is);
// - peak RSS of `journey lint` (one thread; the default, which is one thread below 3 cores; two worker
//   threads; the default writing the cache) / the bare `yaml` parse of the files.
// Usage: node bench/cache.js [--files 10000] [--states 50] [--runs 3] [--bin other/bin/journey.js]
//   --bin compares another build (say, a checkout of the previous commit, built) side by side.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { corpus, median, mib, ms, OUT, ratio, recordTargets, ROOT, runNode, table, target } from './support.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const files = Number(flag('--files', 10_000));
const states = Number(flag('--states', 50));
const runs = Number(flag('--runs', 3));
const builds = [{ name: 'this build', bin: join(ROOT, 'bin', 'journey.js') }];
if (flag('--bin')) builds.push({ name: 'other build', bin: resolve(flag('--bin')) });

const dir = corpus(files, states);
const bareRead = `const fs=require('fs'),p=require('path');const d=${JSON.stringify(dir)};let n=0;for(const f of fs.readdirSync(d).sort())if(f.endsWith('.journey.yaml')){fs.readFileSync(p.join(d,f),'utf8');n++}console.log(n)`;
const read = median(runs, () => runNode(['-e', bareRead]));
// Only its peak memory is used, which varies little between runs; one run (each takes a minute at 10,000 files).
const parse = runNode([join(ROOT, 'bench', 'parse-baseline.js'), dir]);

const rows = [
  ['case', 'time', 'peak memory', 'vs baseline'],
  [`bare read, ${files} files (time baseline)`, ms(read.ms), mib(read.maxRSS), '1.00x'],
  [`read + yaml parse, ${files} files (memory baseline)`, ms(parse.ms), mib(parse.maxRSS), '1.00x'],
];
const checks = [];
const figures = [];
process.stderr.write(`${rows.slice(1).map((r) => r.join('  ')).join('\n')}\n`);

/** A script file for `node` (not `-e`: worker threads inherit the flags of the process, and `--input-type` stops them). */
function script(name, code) {
  const path = join(OUT, `cache-bench-${name}.mjs`);
  writeFileSync(path, code);
  return path;
}

/** `journey lint` of the corpus through an entry: bin, or dist/cli/main.js imported directly. */
function lint(bin, entry, extra) {
  const args = ['lint', dir, '--format', 'json', ...extra];
  const main = join(dirname(bin), '..', 'dist', 'cli', 'main.js');
  const r =
    entry === 'bin'
      ? runNode([bin, ...args])
      : runNode([script('dist', `const { main } = await import(${JSON.stringify(main)});\nprocess.exitCode = await main(['node', 'journey', ...process.argv.slice(2)]);\n`), ...args]);
  if (r.status !== 0) throw new Error(`journey ${args.join(' ')} (${entry}) exited ${r.status}: ${r.stderr}`);
  return r;
}

/** The library API on the same cache: lintProject with LintCache.open(path) and the CLI's settings. */
function library(bin, cacheFile) {
  const dist = join(dirname(bin), '..', 'dist');
  const code = `
    const { lintProject } = await import(${JSON.stringify(join(dist, 'lint', 'lint.js'))});
    const { LintCache } = await import(${JSON.stringify(join(dist, 'lint', 'cache.js'))});
    const { ConfigLookup } = await import(${JSON.stringify(join(dist, 'config', 'lookup.js'))});
    const { discoverFiles } = await import(${JSON.stringify(join(dist, 'lint', 'discover.js'))});
    const found = await discoverFiles([${JSON.stringify(dir)}], { cwd: process.cwd() });
    const cache = await LintCache.open(${JSON.stringify(cacheFile)});
    const report = await lintProject(found.files, { configs: new ConfigLookup(process.cwd()), cache, sources: 'findings' });
    console.log(report.results.length);
  `;
  const r = runNode([script('library', code)]);
  if (r.status !== 0) throw new Error(`the library run exited ${r.status}: ${r.stderr}`);
  return r;
}

/** Prints a row as soon as it is measured (a long run that fails late still shows what it measured). */
function row(cells) {
  rows.push(cells);
  process.stderr.write(`${cells.join('  ')}\n`);
}

/** What `--concurrency auto` picks for 10,000 files here (src/cli/lint.ts: workers from 3 cores). */
const defaultThreads = availableParallelism() >= 3 ? `${Math.min(availableParallelism(), 8)} worker threads` : 'one thread on this machine';

for (const build of builds) {
  const cacheFile = join(OUT, `cache-bench-${files}.journeycache`);
  rmSync(cacheFile, { force: true });
  const one = median(Math.min(runs, 1), () => lint(build.bin, 'bin', ['--concurrency', '1']));
  // What `journey lint` does by default (no cache): the peak-memory figure. Below 3 cores that is one thread.
  const plain = lint(build.bin, 'bin', []);
  // The worker pool itself, whatever the default is on this machine.
  const pool = lint(build.bin, 'bin', ['--concurrency', '2']);
  const workers = lint(build.bin, 'bin', ['--concurrency', 'auto', '--cache', '--cache-location', cacheFile]);
  const written = readFileSync(cacheFile, 'utf8');
  const warm = median(runs, () => lint(build.bin, 'bin', ['--cache', '--cache-location', cacheFile]));
  const sameOutput = [workers, plain, pool].every((r) => r.stdout === one.stdout) && warm.stdout === one.stdout;
  row([`${build.name}: lint, one thread`, ms(one.ms), mib(one.maxRSS), `${ratio(one.maxRSS, parse.maxRSS)} RSS`]);
  row([`${build.name}: lint, default (${defaultThreads})`, ms(plain.ms), mib(plain.maxRSS), `${ratio(plain.maxRSS, parse.maxRSS)} RSS`]);
  row([`${build.name}: lint, 2 worker threads`, ms(pool.ms), mib(pool.maxRSS), `${ratio(pool.maxRSS, parse.maxRSS)} RSS`]);
  row([`${build.name}: lint, default, writing the cache`, ms(workers.ms), mib(workers.maxRSS), `${ratio(workers.maxRSS, parse.maxRSS)} RSS`]);
  row([`${build.name}: lint, warm cache (bin)`, ms(warm.ms), mib(warm.maxRSS), `${ratio(warm.ms, read.ms)} time`]);
  const untouched = () => readFileSync(cacheFile, 'utf8') === written;
  const viaDist = lint(build.bin, 'dist', ['--cache', '--cache-location', cacheFile]);
  const distHit = untouched() && viaDist.stdout === one.stdout;
  row([`${build.name}: lint, warm cache (dist/cli/main.js)`, ms(viaDist.ms), mib(viaDist.maxRSS), `${ratio(viaDist.ms, read.ms)} time`]);
  // Before LintCache.open took the build as its default there was no library call that could hit; not timed for other builds.
  let libraryHit = 'not run';
  if (build === builds[0]) try {
    const viaLibrary = library(build.bin, cacheFile);
    libraryHit = untouched() ? 'yes' : 'no';
    row([`${build.name}: library lintProject, warm cache`, ms(viaLibrary.ms), mib(viaLibrary.maxRSS), `${ratio(viaLibrary.ms, read.ms)} time`]);
  } catch (error) {
    libraryHit = `failed (${String(error.message).split('\n')[0]})`;
  }
  if (build === builds[0]) {
    const size = `${files} x ${states}`;
    figures.push(
      target('rss-workers', `journey lint ${size}, peak RSS (default: ${defaultThreads})`, plain.maxRSS / 1024, { atMost: 180, unit: ' MiB', digits: 0 }),
      target('rss-one', `journey lint --concurrency 1, ${size}, peak RSS`, one.maxRSS / 1024, { atMost: 180, unit: ' MiB', digits: 0 }),
      target('warm-cache', `warm cache, ${files} files / bare read of the files`, warm.ms / read.ms, { atMost: 2, note: `medians of ${runs}` }),
    );
  }
  checks.push(`${build.name}: output of every run identical: ${sameOutput ? 'yes' : 'NO'}; dist/ hits the entries bin wrote: ${distHit ? 'yes' : 'no'}; the library hits them: ${libraryHit}; cache file ${mib(statSync(cacheFile).size / 1024)}`);
  rmSync(cacheFile, { force: true });
}

process.stdout.write(`journey lint --cache and peak memory (${files} journeys of ${states} states; medians of ${runs} runs where it says so)\n\n${table(rows)}\n\n${checks.join('\n')}\n`);
process.stdout.write('\ntargets (issue 13): warm cache <= 2x the bare read; peak RSS of lint 10,000 x 50 <= 180 MiB\n');
recordTargets('cache', figures);
