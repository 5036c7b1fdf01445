// Compile benchmark: `journey compile` of 1,000 journeys (against `journey lint` of the same
// files, the floor it builds on), and createJourneyMachine on a 500-state journey against
// xstate's plain createMachine on the same JSON: on one config object (checked once) and on a
// new config object every time (checked every time).
// Usage: node bench/compile.js [--files 1000] [--states 50] [--big 500] [--runs 5] [--processes 5] [--machines-only]
// (--machines-only: the createJourneyMachine rows alone, without the lint/compile of the files)
// The machine figures are measured in --processes separate processes, each one's median of
// --runs x 3 pairs of blocks of calls: which of XState's functions V8 optimizes, and when, differs from one process
// to the next, and a single process's median moved by up to 0.3x between runs of the same build.
// The figure is the median of the processes' ratios; the table shows their range beside it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMachine } from 'xstate';
import { corpus, flag, median, mib, ms, OUT, ratio, ROOT, runNode, table } from './support.js';
import { generateJourney } from './generate.js';

const files = flag('--files', 1000);
const states = flag('--states', 50);
const big = flag('--big', 500);
const runs = flag('--runs', 5);
const processes = flag('--processes', 5);
const machinesOnly = process.argv.includes('--machines-only');
/** Set in the processes that measure the machines: print this process's figures as JSON, nothing else. */
const child = process.argv.includes('--child');
const bin = join(ROOT, 'bin', 'journey.js');

let lint;
let compile;
if (!machinesOnly && !child) {
  const dir = corpus(files, states);
  const out = join(OUT, 'compiled');
  rmSync(out, { recursive: true, force: true });
  lint = median(3, () => runNode([bin, 'lint', dir, '--format', 'json', '--concurrency', '1']));
  compile = median(3, () => runNode([bin, 'compile', dir, '--out', out]));
  if (compile.status !== 0) throw new Error(`compile failed: ${compile.stderr}`);
}

/** The middle value (the upper one of an even count). */
const middle = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (child) {
  process.stdout.write(`${JSON.stringify(await measureMachines())}\n`);
  process.exit(0);
}

/** createJourneyMachine vs createMachine, in this process, on one 500-state journey: medians of pairs. */
async function measureMachines() {
  const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
  const { compileJourney, effectNames } = await import(join(ROOT, 'dist', 'compile', 'xstate.js'));
  const { createJourneyMachine } = await import(join(ROOT, 'dist', 'runtime', 'index.js'));
  const [result] = await lintSources([{ path: 'big.journey.yaml', text: generateJourney(1, big) }]);
  const config = compileJourney(result.journey);
  mkdirSync(join(OUT, 'big'), { recursive: true });
  writeFileSync(join(OUT, 'big', 'big.machine.json'), JSON.stringify(config));
  const actions = Object.fromEntries(effectNames(result.journey).map((n) => [n, () => undefined]));

  // createMachine allocates a lot, and what one call leaves for the collector is paid by the
  // calls after it. So a sample is a block of BLOCK calls of one path after a full collection:
  // the block pays for its own garbage, and little of it is left to the next block. The two
  // paths alternate (which goes first alternates too); the ratio is the median of the ratios
  // within each pair of blocks, which are next to each other in time, so a burst of load on
  // the machine hits both.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc');
  const text = JSON.stringify(config);
  const BLOCK = 4;
  const pairs = (plainFn, oursFn, count = runs * 3) => {
    const plainTimes = [];
    const oursTimes = [];
    const once = (fn, into) => {
      // A fresh config per call when the path is given one; parsed outside the timing.
      const inputs = Array.from({ length: BLOCK }, () => JSON.parse(text));
      collect();
      const start = performance.now();
      for (const input of inputs) fn(input);
      into.push((performance.now() - start) / BLOCK);
    };
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0) {
        once(plainFn, plainTimes);
        once(oursFn, oursTimes);
      } else {
        once(oursFn, oursTimes);
        once(plainFn, plainTimes);
      }
    }
    const ratios = oursTimes.map((t, i) => t / plainTimes[i]);
    return { plain: middle(plainTimes), ours: middle(oursTimes), ratio: middle(ratios) };
  };
  pairs(() => createMachine(config), () => createJourneyMachine(config, { actions }), 4); // warm both paths alike
  // The same config object again and again: the runtime checks it once (a bot creates its machine once per config).
  const same = pairs(() => createMachine(config), () => createJourneyMachine(config, { actions }));
  // A new config object every time: the checks run on every call.
  const fresh = pairs((input) => createMachine(input), (input) => createJourneyMachine(input, { actions }));
  return { same, fresh };
}

// Each process measures alone (they run one after the other), so they do not compete for the cores.
const measured = [];
for (let i = 0; i < processes; i++) {
  const r = runNode([join(ROOT, 'bench', 'compile.js'), '--child', '--big', String(big), '--runs', String(runs)]);
  if (r.status !== 0) throw new Error(`the machine measurement exited ${r.status}: ${r.stderr}`);
  measured.push(JSON.parse(r.stdout.trim().split('\n').pop()));
}
const across = (pick) => {
  const values = measured.map(pick).sort((a, b) => a - b);
  return { median: middle(values), low: values[0], high: values[values.length - 1] };
};
const same = { plain: across((m) => m.same.plain).median, ours: across((m) => m.same.ours).median, ratio: across((m) => m.same.ratio) };
const fresh = { plain: across((m) => m.fresh.plain).median, ours: across((m) => m.fresh.ours).median, ratio: across((m) => m.fresh.ratio) };
const shown = (r) => `${r.median.toFixed(2)}x (${r.low.toFixed(2)}-${r.high.toFixed(2)})`;

const about = `machines of ${big} states: medians of ${processes} processes, each the median of ${runs * 3} pairs of 4-call blocks (range of the processes in brackets)`;
process.stdout.write(machinesOnly ? `${about}\n\n` : `journey compile: ${files} files x ${states} states; ${about}\n\n`);
const fileRows = machinesOnly
  ? []
  : [
      [`journey lint of ${files} files (baseline)`, ms(lint.ms), mib(lint.maxRSS), '1.00x'],
      [`journey compile of ${files} files`, ms(compile.ms), mib(compile.maxRSS), ratio(compile.ms, lint.ms)],
    ];
process.stdout.write(
  table([
    ['case', 'time', 'peak memory', 'ratio'],
    ...fileRows,
    [`createMachine, ${big}-state JSON (baseline)`, ms(same.plain), '', '1.00x'],
    [`createJourneyMachine, same config object (checked once)`, ms(same.ours), '', shown(same.ratio)],
    [`createMachine, a new ${big}-state config each time (baseline)`, ms(fresh.plain), '', '1.00x'],
    [`createJourneyMachine, a new config each time (checked each time)`, ms(fresh.ours), '', shown(fresh.ratio)],
  ]) + '\n',
);

// The issue-13 target figures of this run, for bench/targets.js.
const { recordTargets, target } = await import('./support.js');
recordTargets('compile', [
  target('machine-same', `createJourneyMachine / createMachine, ${big} states, same config object`, same.ratio.median, { atMost: 1.1, note: `median of ${processes} processes (${same.ratio.low.toFixed(2)}-${same.ratio.high.toFixed(2)}), ${runs * 3} pairs of 4-call blocks each` }),
  target('machine-fresh', `createJourneyMachine / createMachine, ${big} states, a new config each time`, fresh.ratio.median, { atMost: 1.1, note: `median of ${processes} processes (${fresh.ratio.low.toFixed(2)}-${fresh.ratio.high.toFixed(2)}), ${runs * 3} pairs of 4-call blocks each` }),
]);
