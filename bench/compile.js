// Compile benchmark: `journey compile` of 1,000 journeys (against `journey lint` of the same
// files, the floor it builds on), and createJourneyMachine on a 500-state journey against
// xstate's plain createMachine on the same JSON: on one config object (checked once) and on a
// new config object every time (checked every time).
// Usage: node bench/compile.js [--files 1000] [--states 50] [--big 500] [--runs 5] [--machines-only]
// (--machines-only: the createJourneyMachine rows alone, without the lint/compile of the files)
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
const machinesOnly = process.argv.includes('--machines-only');
const bin = join(ROOT, 'bin', 'journey.js');

let lint;
let compile;
if (!machinesOnly) {
  const dir = corpus(files, states);
  const out = join(OUT, 'compiled');
  rmSync(out, { recursive: true, force: true });
  lint = median(3, () => runNode([bin, 'lint', dir, '--format', 'json', '--concurrency', '1']));
  compile = median(3, () => runNode([bin, 'compile', dir, '--out', out]));
  if (compile.status !== 0) throw new Error(`compile failed: ${compile.stderr}`);
}

// createJourneyMachine vs createMachine, in this process, on one 500-state journey.
const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
const { compileJourney, effectNames } = await import(join(ROOT, 'dist', 'compile', 'xstate.js'));
const { createJourneyMachine } = await import(join(ROOT, 'dist', 'runtime', 'index.js'));
const [result] = await lintSources([{ path: 'big.journey.yaml', text: generateJourney(1, big) }]);
const config = compileJourney(result.journey);
mkdirSync(join(OUT, 'big'), { recursive: true });
writeFileSync(join(OUT, 'big', 'big.machine.json'), JSON.stringify(config));
const actions = Object.fromEntries(effectNames(result.journey).map((n) => [n, () => undefined]));

// createMachine allocates a lot: a collection left over from one sample would land in the
// next one, whichever path it times. So every sample starts after a full collection, the two
// paths alternate (which goes first alternates too), and the figures are medians of many pairs.
// The ratio is the median of the ratios within each pair: the two runs of a pair are next to
// each other in time, so a burst of load on the machine hits both.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');
const text = JSON.stringify(config);
const pairs = (plainFn, oursFn) => {
  const plainTimes = [];
  const oursTimes = [];
  const once = (fn, into) => {
    const input = JSON.parse(text); // a fresh config when the path is given one; parsed outside the timing
    collect();
    const start = performance.now();
    fn(input);
    into.push(performance.now() - start);
  };
  for (let i = 0; i < runs * 8; i++) {
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
const middle = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
pairs(() => createMachine(config), () => createJourneyMachine(config, { actions })); // warm both paths alike
// The same config object again and again: the runtime checks it once (a bot creates its machine once per config).
const same = pairs(() => createMachine(config), () => createJourneyMachine(config, { actions }));
// A new config object every time: the checks run on every call.
const fresh = pairs((input) => createMachine(input), (input) => createJourneyMachine(input, { actions }));

process.stdout.write(machinesOnly ? `machines of ${big} states (medians)\n\n` : `journey compile: ${files} files x ${states} states; machines of ${big} states (medians)\n\n`);
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
    [`createJourneyMachine, same config object (checked once)`, ms(same.ours), '', `${same.ratio.toFixed(2)}x`],
    [`createMachine, a new ${big}-state config each time (baseline)`, ms(fresh.plain), '', '1.00x'],
    [`createJourneyMachine, a new config each time (checked each time)`, ms(fresh.ours), '', `${fresh.ratio.toFixed(2)}x`],
  ]) + '\n',
);

// The issue-13 target figures of this run, for bench/targets.js.
const { recordTargets, target } = await import('./support.js');
recordTargets('compile', [
  target('machine-same', `createJourneyMachine / createMachine, ${big} states, same config object`, same.ratio, { atMost: 1.1, note: `median of ${runs * 8} pairs` }),
  target('machine-fresh', `createJourneyMachine / createMachine, ${big} states, a new config each time`, fresh.ratio, { atMost: 1.1, note: `median of ${runs * 8} pairs` }),
]);
