// Play startup: `journey play --events` (load the journey, ink and react, replay, print the
// final screen) against bare `node` and against `node` importing ink from node_modules.
// Usage: node bench/play.js [--runs 21]
import { join } from 'node:path';
import { flag, median, mib, ms, ratio, ROOT, runNode, table } from './support.js';

const runs = flag('--runs', 21);
const bin = join(ROOT, 'bin', 'journey.js');
const journey = join(ROOT, 'journeys', 'lost-card.journey.yaml');

const bare = median(runs, () => runNode(['-e', '']));
const ink = median(runs, () => runNode(['--input-type=module', '-e', "await import('ink')"]));
const interpreter = median(runs, () => runNode([bin, 'play', journey, '--events', 'lost']));
const xstate = median(runs, () => runNode([bin, 'play', journey, '--events', 'lost', '--engine', 'xstate']));
for (const run of [interpreter, xstate]) {
  if (run.status !== 0) {
    process.stderr.write(`journey play exited ${run.status}\n${run.stderr}\n`);
    process.exit(1);
  }
}

process.stdout.write(`journey play startup (median of ${runs} runs)\n\n`);
process.stdout.write(
  table([
    ['case', 'time', 'peak memory', 'ratio to node', 'ratio to import(ink)'],
    ['node -e "" (baseline)', ms(bare.ms), mib(bare.maxRSS), '1.00x', ''],
    ["node importing ink from node_modules (baseline)", ms(ink.ms), mib(ink.maxRSS), ratio(ink.ms, bare.ms), '1.00x'],
    ['journey play --events lost', ms(interpreter.ms), mib(interpreter.maxRSS), ratio(interpreter.ms, bare.ms), ratio(interpreter.ms, ink.ms)],
    ['journey play --events lost --engine xstate', ms(xstate.ms), mib(xstate.maxRSS), ratio(xstate.ms, bare.ms), ratio(xstate.ms, ink.ms)],
  ]) + '\n',
);
