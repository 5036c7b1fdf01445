// Differential stress run: random valid journeys x random event sequences on the
// reference interpreter and on the compiled machine on real XState, using the BUILT
// code in dist/ (run `npm run build` first; `npm run stress:differential` does both).
//
//   node bench/stress-differential.js [--journeys 10000] [--seed N] [--keep 3] [--shrink-seconds 120]
//
// Prints journeys, sequences, steps, mismatches (must be 0), the slowest journey and the
// total time. Every mismatching journey is counted; the first --keep of them are shrunk
// by fast-check and written to test/fixtures/differential/<hash>.yaml, which the normal
// test run replays. Exit code 1 when any mismatch was found (or a journey was invalid).
//
// The generator is the differential test's own, test/support/arbitrary-journey.ts: this
// script bundles it with esbuild when it starts (every package left external, so it
// shares fast-check and yaml with this script) and imports the bundle from a temporary
// file under bench/out/ (inside the repository, so those imports resolve).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { OUT, ROOT } from './support.js';

/** Bundles the TypeScript generator and imports it (esbuild strips its types; src/ is only type-imported). */
async function importGenerator() {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const external = [
    ...new Set(['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) => Object.keys(pkg[k] ?? {}))),
  ];
  const entry = join(ROOT, 'test', 'support', 'arbitrary-journey.ts');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    external,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(OUT, 'stress-differential-'));
  try {
    const file = join(dir, 'arbitrary-journey.mjs');
    writeFileSync(file, output.text);
    return await import(pathToFileURL(file).href);
  } finally {
    // Loaded modules stay in memory; the file is not needed once imported.
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    journeys: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    keep: { type: 'string', default: '3' },
    'shrink-seconds': { type: 'string', default: '120' },
  },
});
const journeys = Number(values.journeys);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
const keep = Number(values.keep);

if (!existsSync(join(ROOT, 'dist', 'sim', 'drivers.js'))) {
  console.error('dist/ is missing: run `npm run build` first (or `npm run stress:differential`).');
  process.exit(2);
}
let generator;
try {
  generator = await importGenerator();
} catch (error) {
  const errors = error?.errors?.map((e) => `${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`);
  console.error(`could not bundle test/support/arbitrary-journey.ts with esbuild: ${errors?.length ? errors.join('\n') : String(error)}`);
  process.exit(2);
}
const { compare, concretize, FIXTURE_DIR, journeyCaseArb, keepCounterexample, modelOf, renderJourney, SEQUENCES_PER_JOURNEY } = generator;
const { lintSources } = await import('../dist/lint/lint.js');
const drivers = { ...(await import('../dist/sim/drivers.js')), ...(await import('../dist/sim/xstate-driver.js')) };
const lib = { lintSources, drivers };

const tty = process.stderr.isTTY;
const totals = { journeys: 0, sequences: 0, steps: 0, mismatches: 0, mismatchedJourneys: 0, invalid: 0 };
const failing = [];
let slowest = { ms: 0, index: -1, states: 0 };
const started = performance.now();
console.log(`differential stress: ${journeys} journeys x ${SEQUENCES_PER_JOURNEY} sequences, seed ${seed}`);

// Every journey is run (the property never fails), so every mismatch is counted; the
// failing cases are shrunk and kept afterwards.
const property = fc.asyncProperty(journeyCaseArb, async ([spec, raws]) => {
  const t0 = performance.now();
  const journey = renderJourney(spec);
  let model;
  try {
    model = await modelOf(lintSources, journey.yaml);
  } catch (error) {
    totals.invalid++;
    if (totals.invalid <= 3) console.error(String(error));
    return true;
  }
  let mismatched = false;
  for (const raw of raws) {
    const run = concretize(drivers, model, journey, raw);
    totals.sequences++;
    totals.steps += run.steps.length;
    const mismatch = compare(drivers, model, run);
    if (mismatch) {
      totals.mismatches++;
      mismatched = true;
      if (totals.mismatches <= 5) console.error(`mismatch in journey ${totals.journeys} at step ${mismatch.index}: ${mismatch.difference}`);
    }
  }
  if (mismatched) {
    totals.mismatchedJourneys++;
    if (failing.length < keep) failing.push({ spec, raws, index: totals.journeys });
  }
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, index: totals.journeys, states: model.states.size };
  totals.journeys++;
  if (tty && totals.journeys % 100 === 0) {
    const elapsed = (performance.now() - started) / 1000;
    process.stderr.write(`\r${totals.journeys}/${journeys} journeys, ${totals.mismatches} mismatches, ${elapsed.toFixed(0)} s`);
  }
  return true;
});
await fc.assert(property, { seed, numRuns: journeys });
if (tty) process.stderr.write('\r\x1b[K');
const seconds = (performance.now() - started) / 1000;

const kept = [];
for (const f of failing) {
  const result = await keepCounterexample(lib, join(ROOT, FIXTURE_DIR), f.spec, f.raws, {
    found: `bench/stress-differential.js --seed ${seed}, journey ${f.index}`,
    seed,
    timeLimitMs: Number(values['shrink-seconds']) * 1000,
  });
  kept.push(result.written ?? `not written: ${result.reason}`);
}

const rows = [
  ['journeys', totals.journeys],
  ['sequences', totals.sequences],
  ['steps', totals.steps],
  ['mismatches', `${totals.mismatches} (in ${totals.mismatchedJourneys} journeys)`],
  ['invalid journeys', totals.invalid],
  ['slowest journey', `${slowest.ms.toFixed(0)} ms (journey ${slowest.index}, ${slowest.states} states, ${SEQUENCES_PER_JOURNEY} sequences)`],
  ['total time', `${seconds.toFixed(1)} s (${((totals.steps / seconds) | 0).toLocaleString('en')} steps/s on both engines)`],
  ['seed', seed],
];
for (const [k, v] of rows) console.log(`${k.padEnd(17)} ${v}`);
for (const path of kept) console.log(`fixture          ${path}`);
process.exit(totals.mismatches > 0 || totals.invalid > 0 ? 1 : 0);
