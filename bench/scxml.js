// SCXML benchmark: compiling a 500-state journey to SCXML (src/compile/scxml.ts) against
// compiling it to the XState JSON config, both from the same behaviour table (built once
// beforehand, so the figures compare the emitters), and how long SCION takes to load the
// document. Usage: npm run build && node bench/scxml.js [--big 500] [--runs 20]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { flag, ROOT } from './support.js';
import { generateJourney } from './generate.js';

const big = flag('--big', 500);
const runs = flag('--runs', 20);
const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
const { compileJourney, formatMachine } = await import(join(ROOT, 'dist', 'compile', 'xstate.js'));
const { compileScxml } = await import(join(ROOT, 'dist', 'compile', 'scxml.js'));
const [result] = await lintSources([{ path: 'big.journey.yaml', text: generateJourney(1, big) }]);
const journey = result.journey;
formatMachine(compileJourney(journey)); // builds the behaviour table once, outside the timing

/** Median milliseconds of `runs` calls of fn. */
const timed = (fn) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
};
const ms = (n) => `${n.toFixed(1)} ms`;
const xstate = timed(() => formatMachine(compileJourney(journey)));
const scxml = timed(() => compileScxml(journey, 'big.journey.yaml'));
const text = compileScxml(journey, 'big.journey.yaml');

const scion = createRequire(import.meta.url)('@scion-scxml/scxml');
const load = () =>
  new Promise((resolve, reject) => {
    const start = performance.now();
    scion.documentStringToModel('big.scxml', text, (error, model) => {
      if (error) return reject(error);
      model.prepare((e) => (e ? reject(e) : resolve(performance.now() - start)));
    });
  });
const loads = [];
for (let i = 0; i < 5; i++) loads.push(await load());
loads.sort((a, b) => a - b);

console.log(`scxml: ${journey.states.size}-state journey (${(text.length / 1024).toFixed(0)} KiB of SCXML)`);
console.log(`  compile to XState JSON  ${ms(xstate)}`);
console.log(`  compile to SCXML        ${ms(scxml)}  (${(scxml / xstate).toFixed(2)}x)`);
console.log(`  SCION parse + prepare   ${ms(loads[2])}`);
