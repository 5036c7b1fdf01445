// Compile benchmark: `journey compile` of 1,000 journeys (against `journey lint` of the same
// files, the floor it builds on), and createJourneyMachine on a 500-state journey against
// xstate's plain createMachine on the same JSON.
// Usage: node bench/compile.js [--files 1000] [--states 50] [--big 500] [--runs 5]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMachine } from 'xstate';
import { corpus, flag, median, mib, ms, OUT, ratio, ROOT, runNode, table } from './support.js';
import { generateJourney } from './generate.js';

const files = flag('--files', 1000);
const states = flag('--states', 50);
const big = flag('--big', 500);
const runs = flag('--runs', 5);
const bin = join(ROOT, 'bin', 'journey.js');

const dir = corpus(files, states);
const out = join(OUT, 'compiled');
rmSync(out, { recursive: true, force: true });
const lint = median(3, () => runNode([bin, 'lint', dir, '--format', 'json', '--concurrency', '1']));
const compile = median(3, () => runNode([bin, 'compile', dir, '--out', out]));
if (compile.status !== 0) throw new Error(`compile failed: ${compile.stderr}`);

// createJourneyMachine vs createMachine, in this process, on one 500-state journey.
const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
const { compileJourney, effectNames } = await import(join(ROOT, 'dist', 'compile', 'xstate.js'));
const { createJourneyMachine } = await import(join(ROOT, 'dist', 'runtime', 'index.js'));
const [result] = await lintSources([{ path: 'big.journey.yaml', text: generateJourney(1, big) }]);
const config = compileJourney(result.journey);
mkdirSync(join(OUT, 'big'), { recursive: true });
writeFileSync(join(OUT, 'big', 'big.machine.json'), JSON.stringify(config));
const actions = Object.fromEntries(effectNames(result.journey).map((n) => [n, () => undefined]));
const time = (fn) => {
  const samples = [];
  for (let i = 0; i < runs * 4; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
};
time(() => createMachine(config)); // warm both paths alike
time(() => createJourneyMachine(config, { actions }));
const plain = time(() => createMachine(config));
const ours = time(() => createJourneyMachine(config, { actions }));

process.stdout.write(`journey compile: ${files} files x ${states} states; machines of ${big} states (medians)\n\n`);
process.stdout.write(
  table([
    ['case', 'time', 'peak memory', 'ratio'],
    [`journey lint of ${files} files (baseline)`, ms(lint.ms), mib(lint.maxRSS), '1.00x'],
    [`journey compile of ${files} files`, ms(compile.ms), mib(compile.maxRSS), ratio(compile.ms, lint.ms)],
    [`createMachine, ${big}-state JSON (baseline)`, ms(plain), '', '1.00x'],
    [`createJourneyMachine, same JSON`, ms(ours), '', ratio(ours, plain)],
  ]) + '\n',
);
