// Simulation benchmark: customer turns per second of the interpreter against the compiled
// machine on real XState actors, over the same walks, in one run; and 100,000 persona
// Monte Carlo walks of a 50-state journey.
// Usage: node bench/simulate.js [--walks 2000] [--states 50] [--runs 100000]
import { join } from 'node:path';
import { flag, ROOT, table } from './support.js';
import { generateJourney } from './generate.js';

const walks = flag('--walks', 2000);
const states = flag('--states', 50);
const runs = flag('--runs', 100_000);

const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
const { start, send } = await import(join(ROOT, 'dist', 'interpret', 'interpreter.js'));
const { seededRandom } = await import(join(ROOT, 'dist', 'sim', 'random.js'));
const { runMonteCarlo } = await import(join(ROOT, 'dist', 'sim', 'montecarlo.js'));
const { loadPersonasFile, DEFAULT_PERSONAS_FILE } = await import(join(ROOT, 'dist', 'sim', 'personas.js'));
const { compileJourney, effectNames } = await import(join(ROOT, 'dist', 'compile', 'xstate.js'));
const { createJourneyMachine } = await import(join(ROOT, 'dist', 'runtime', 'index.js'));
const { createActor } = await import('xstate');

const [result] = await lintSources([{ path: 'bench.journey.yaml', text: generateJourney(7, states) }]);
const journey = result.journey;
const at = Date.parse('2026-12-02T10:00:00Z');

// The walks: uniform random choices among each state's events (signals and offramp events included), seeded.
const random = seededRandom(42);
const eventsOf = new Map();
for (const s of journey.states.values()) {
  const names = new Set();
  if (s.type !== 'end') for (const t of s.on) names.add(t.trigger.event);
  if (s.type === 'bot' && journey.offramp) for (const e of journey.offramp.on) names.add(e.value);
  if (s.type === 'bot') names.add('no_match');
  eventsOf.set(s.id, [...names]);
}
const scripts = [];
let turns = 0;
for (let w = 0; w < walks; w++) {
  let c = start(journey, { startTime: at, quiet: true }).configuration;
  const script = [];
  while (c.status === 'active' && script.length < 30) {
    const options = eventsOf.get(c.state) ?? [];
    if (options.length === 0) break;
    const type = options[Math.floor(random() * options.length)];
    script.push({ type });
    c = send(journey, c, { type }, { quiet: true }).configuration;
  }
  scripts.push(script);
  turns += script.length;
}

const time = (fn) => {
  const startAt = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - startAt) / 1e6;
};
const replayInterpreter = () => {
  for (const script of scripts) {
    let c = start(journey, { startTime: at, quiet: true }).configuration;
    for (const e of script) c = send(journey, c, e, { quiet: true }).configuration;
  }
};
const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
const machine = createJourneyMachine(compileJourney(journey), { actions, now: () => new Date(at) });
const replayXState = () => {
  for (const script of scripts) {
    const actor = createActor(machine).start();
    for (const e of script) actor.send(e);
    actor.stop();
  }
};
replayInterpreter();
replayXState(); // warm both the same way
const interpreterMs = Math.min(time(replayInterpreter), time(replayInterpreter), time(replayInterpreter));
const xstateMs = Math.min(time(replayXState), time(replayXState), time(replayXState));

const personas = (await loadPersonasFile(DEFAULT_PERSONAS_FILE)).personas;
let mc;
const mcMs = time(() => {
  mc = runMonteCarlo(journey, { runs, seed: 1, personas, at });
});

const perSecond = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
process.stdout.write(`simulation: ${walks} walks (${turns} customer turns) on a ${states}-state journey; best of 3\n\n`);
process.stdout.write(
  table([
    ['case', 'time', 'turns per second', 'ratio'],
    ['XState actors, compiled machine (baseline)', `${xstateMs.toFixed(1)} ms`, perSecond(turns, xstateMs), '1.00x'],
    ['journeyctl interpreter, same walks', `${interpreterMs.toFixed(1)} ms`, perSecond(turns, interpreterMs), `${(xstateMs / interpreterMs).toFixed(1)}x faster`],
  ]) + '\n\n',
);
process.stdout.write(`Monte Carlo: ${runs.toLocaleString('en-US')} persona walks of the ${states}-state journey in ${mcMs.toFixed(0)} ms on one core (containment ${(mc.containment * 100).toFixed(1)}%, escalation ${(mc.escalation * 100).toFixed(1)}%, abandonment ${(mc.abandonment * 100).toFixed(1)}%)\n`);
