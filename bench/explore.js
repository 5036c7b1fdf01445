// Exhaustive explorer benchmark: `explore` (what `journey simulate --exhaustive` runs) on a
// 500-state journey against xstate's `getShortestPaths` (xstate/graph) on the compiled machine
// of the same journey, in one run; the reference search the explorer replaced is timed too.
// Both sides explore every reachable configuration and find a shortest input path to each:
// the explorer without its turn bound (state, context, no_match count, fired timers), xstate
// over snapshots (state value and context, which holds the no_match count), sending each
// state's own events, and of its delayed events only the next one due, as the explorer does
// (xstate/graph would otherwise also fire a later timer first, which no clock can do).
// Usage: node bench/explore.js [--states 500] [--runs 7]
import { join } from 'node:path';
import { getShortestPaths } from 'xstate/graph';
import { flag, ratio, recordTargets, ROOT, table, target } from './support.js';
import { generateJourney } from './generate.js';

const states = flag('--states', 500);
const runs = flag('--runs', 7);

const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
const { compileJourney, effectNames } = await import(join(ROOT, 'dist', 'compile', 'xstate.js'));
const { createJourneyMachine } = await import(join(ROOT, 'dist', 'runtime', 'index.js'));
const { explore } = await import(join(ROOT, 'dist', 'interpret', 'explore.js'));
const { exploreReference } = await import(join(ROOT, 'dist', 'interpret', 'explore-reference.js'));

const [result] = await lintSources([{ path: 'big.journey.yaml', text: generateJourney(1, states) }]);
const journey = result.journey;
const at = Date.UTC(2026, 0, 5, 12);
const config = compileJourney(journey);
const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
const machine = createJourneyMachine(config, { actions, now: () => new Date(at) });

// The next timer due in a state is its shortest `after` (every timer of this journey leaves the state).
const firstDelay = new Map();
for (const [id, node] of Object.entries(config.states)) if (node.after) firstDelay.set(id, Math.min(...Object.keys(node.after).map(Number)));
const nextDueOnly = (snapshot, event) => {
  const m = /^xstate\.after\.(\d+)\./.exec(event.type);
  return !m || Number(m[1]) === firstDelay.get(snapshot.value);
};
const unbounded = { maxTurns: Number.MAX_SAFE_INTEGER };

// Runs interleaved (one of each per round), so that the noise of a shared machine falls on all alike; medians.
const cases = {
  xstate: () => getShortestPaths(machine, { filterEvents: nextDueOnly }),
  reference: () => exploreReference(journey, unbounded),
  packed: () => explore(journey, unbounded),
  cli: () => explore(journey), // `journey simulate --exhaustive` bounds (30 turns)
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const last = {};
for (let round = 0; round <= runs; round++) {
  for (const [name, fn] of Object.entries(cases)) {
    const start = performance.now();
    last[name] = fn();
    // Round 0 warms every path alike and is not counted.
    if (round > 0) samples[name].push(performance.now() - start);
  }
}
const medianOf = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const xstate = { ms: medianOf(samples.xstate), value: last.xstate };
const reference = { ms: medianOf(samples.reference), value: last.reference };
const packed = { ms: medianOf(samples.packed), value: last.packed };
const cli = { ms: medianOf(samples.cli), value: last.cli };

const counts = { xstate: xstate.value.length, reference: reference.value.nodes.length, packed: packed.value.nodes.length };
if (counts.xstate !== counts.packed || counts.reference !== counts.packed || packed.value.bound) {
  throw new Error(`the explorations differ: xstate ${counts.xstate}, reference ${counts.reference}, explorer ${counts.packed} configurations${packed.value.bound ? ` (bound ${packed.value.bound})` : ''}`);
}
const faster = (base, ms) => `${(base / ms).toFixed(1)}x faster`;
process.stdout.write(`exhaustive exploration of a ${states}-state journey: ${counts.packed} configurations, ${packed.value.edges.length} transitions (median of ${runs})\n\n`);
process.stdout.write(
  table([
    ['case', 'configurations', 'time', 'vs xstate'],
    ['xstate getShortestPaths, compiled machine (baseline)', counts.xstate, `${xstate.ms.toFixed(1)} ms`, '1.00x'],
    ['reference explorer (before), no turn bound', counts.reference, `${reference.ms.toFixed(1)} ms`, faster(xstate.ms, reference.ms)],
    ['explore (packed), no turn bound', counts.packed, `${packed.ms.toFixed(1)} ms`, faster(xstate.ms, packed.ms)],
    [`explore (packed), simulate's default bounds`, cli.value.nodes.length, `${cli.ms.toFixed(1)} ms`, ''],
  ]) + `\n\npacked / reference: ${ratio(packed.ms, reference.ms)}\n`,
);
recordTargets('explore', [
  target('explorer', `exhaustive explorer / xstate getShortestPaths, ${states} states (${counts.packed} configurations)`, xstate.ms / packed.ms, { atLeast: 10, unit: 'x faster', digits: 1, note: `median of ${runs}` }),
]);
