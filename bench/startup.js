// Startup benchmark: one-file commands against bare Node, measured in one run.
// Each round runs every case once, in turn, so that a burst of load on the machine hits
// every case alike; the figures are medians over the rounds, the ratios against `node -e 0`.
// Rows: `journey lint one.yaml`, the same with fake-offramp off (what that rule's first
// match costs), `journey --version`, `journey simulate` on the same file, and the floors:
// Node importing `yaml` from node_modules and parsing the file, and the same with `yaml`
// bundled into one module (as the CLI has it).
// Usage: node bench/startup.js [--runs 21] [--file journeys/lost-card.journey.yaml]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { OUT, ROOT, flag, ms, ratio, recordTargets, table, target } from './support.js';

const runs = Math.max(3, flag('--runs', 21));
const source = resolve(ROOT, flagText('--file', join('journeys', 'lost-card.journey.yaml')));
const bin = join(ROOT, 'bin', 'journey.js');

// The file alone in a folder (no config above it but the repository's none), and a copy beside a config
// that turns fake-offramp off: the difference is what that one rule costs a cold process.
const work = join(OUT, 'startup');
const plainDir = join(work, 'plain');
const quietDir = join(work, 'no-fake-offramp');
for (const dir of [plainDir, quietDir]) mkdirSync(dir, { recursive: true });
const one = join(plainDir, basename(source));
const quiet = join(quietDir, basename(source));
copyFileSync(source, one);
copyFileSync(source, quiet);
writeFileSync(join(quietDir, 'journey.config.yaml'), 'rules:\n  fake-offramp: off\n');

// Node + yaml, as a user script would do it (node_modules), and bundled into one module.
const yamlScript = join(work, 'yaml-parse.mjs');
writeFileSync(
  yamlScript,
  `import { readFileSync } from 'node:fs';\nimport { parseDocument } from ${JSON.stringify(join(ROOT, 'node_modules', 'yaml', 'dist', 'index.js'))};\nparseDocument(readFileSync(process.argv[2], 'utf8'), { uniqueKeys: true });\n`,
);
const yamlBundled = join(work, 'yaml-parse.bundle.mjs');
await build({
  stdin: { contents: `import { readFileSync } from 'node:fs';\nimport { parseDocument } from 'yaml';\nparseDocument(readFileSync(process.argv[2], 'utf8'), { uniqueKeys: true });\n`, resolveDir: ROOT, loader: 'js' },
  outfile: yamlBundled,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  alias: { yaml: join(ROOT, 'node_modules', 'yaml', 'browser', 'index.js') },
  logLevel: 'warning',
});

const cases = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'node + yaml (node_modules) parsing the file', args: [yamlScript, one] },
  { name: 'node + yaml (bundled) parsing the file', args: [yamlBundled, one] },
  { name: 'journey --version', args: [bin, '--version'] },
  { name: 'journey lint one.yaml', args: [bin, 'lint', one] },
  { name: 'journey lint one.yaml, fake-offramp off', args: [bin, 'lint', quiet] },
  { name: 'journey simulate one.yaml', args: [bin, 'simulate', one] },
];

const samples = cases.map(() => []);
for (let round = 0; round < runs + 1; round++) {
  cases.forEach((c, i) => {
    const took = timeNode(c.args);
    if (round > 0) samples[i].push(took); // round 0 warms the file cache
  });
}
const medians = samples.map(median);
const base = medians[0];
process.stdout.write(`Startup of one-file commands on ${basename(source)} (${readFileSync(source).length} bytes): medians of ${runs} interleaved rounds, wall time\n\n`);
process.stdout.write(
  table([['case', 'time', 'min', 'ratio'], ...cases.map((c, i) => [c.name, ms(medians[i]), ms(Math.min(...samples[i])), ratio(medians[i], base)])]) + '\n',
);

const lintOne = cases.findIndex((c) => c.name === 'journey lint one.yaml');
recordTargets('startup', [
  target('startup', `journey lint one.yaml / node -e 0 (${basename(source)})`, medians[lintOne] / base, { atMost: 2, note: `medians of ${runs} interleaved rounds` }),
]);

/** Wall time of one `node args...` run, in ms; a failing run stops the benchmark. */
function timeNode(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const took = Number(process.hrtime.bigint() - start) / 1e6;
  // lint exits 1 when it finds problems: still a full run.
  if (run.status !== 0 && run.status !== 1) throw new Error(`node ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return took;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function flagText(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? String(process.argv[i + 1]) : fallback;
}
