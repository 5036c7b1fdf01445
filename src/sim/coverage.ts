import { buildGraph } from '../graph/graph.js';
import { transitionsOf, type Journey, type Transition } from '../model/types.js';
import type { Effect } from '../interpret/interpreter.js';

/** How much of one kind of thing the scenarios exercise. */
export interface CoverageFigure {
  readonly covered: number;
  readonly total: number;
  /** Items never exercised, in file order, described for people. */
  readonly missed: readonly string[];
}

/** Scenario coverage of a journey: states entered, transition choices taken, and off-ramps taken. */
export interface Coverage {
  readonly journey: string;
  readonly states: CoverageFigure;
  readonly transitions: CoverageFigure;
  /** Every route into a human state: each choice that targets one, and the journey-wide offramp from each bot state. */
  readonly offramps: CoverageFigure;
}

function triggerName(t: Transition): string {
  return t.trigger.kind === 'event' ? t.trigger.event : t.trigger.kind === 'always' ? 'always' : `after ${t.trigger.delay}`;
}

/** Coverage from the interpreter effects of every scenario run of the journey. */
export function computeCoverage(journey: Journey, runs: readonly (readonly Effect[])[]): Coverage {
  const entered = new Set<string>();
  const taken = new Set<string>();
  for (const effects of runs) {
    for (const e of effects) {
      if (e.type === 'enter') entered.add(e.state);
      else if (e.type === 'transition') taken.add(`${e.from}|${e.trigger}|${e.choice}`);
    }
  }
  const states = [...journey.states.keys()];
  const transitions: { key: string; label: string; human: boolean }[] = [];
  for (const state of journey.states.values()) {
    for (const t of transitionsOf(state)) {
      t.branches.forEach((b, i) => {
        const target = journey.states.get(b.to.value);
        transitions.push({
          key: `${state.id}|${triggerName(t)}|${i}`,
          label: `${state.id} --${triggerName(t)}${t.branches.length > 1 ? ` (choice ${i + 1})` : ''}--> ${b.to.value}`,
          human: target?.type === 'human',
        });
      });
    }
  }
  const offramps = transitions.filter((t) => t.human);
  const graph = buildGraph(journey);
  for (const edges of graph.out) {
    for (const e of edges) {
      if (e.kind !== 'offramp') continue;
      // A decision whose choices end with an unguarded one never keeps the customer waiting: its offramp cannot be taken.
      const from = graph.states[e.from];
      if (from?.type === 'bot' && from.always?.branches.some((b) => !b.guard)) continue;
      offramps.push({ key: `${graph.ids[e.from]}|${e.label}|offramp`, label: `${graph.ids[e.from]} --${e.label} (offramp)--> ${graph.ids[e.to]}`, human: true });
    }
  }
  const figure = (items: readonly { key: string; label: string }[], covered: (key: string) => boolean): CoverageFigure => {
    const missed = items.filter((i) => !covered(i.key)).map((i) => i.label);
    return { covered: items.length - missed.length, total: items.length, missed };
  };
  return {
    journey: journey.id.value,
    states: figure(states.map((s) => ({ key: s, label: s })), (k) => entered.has(k)),
    transitions: figure(transitions, (k) => taken.has(k)),
    offramps: figure(offramps, (k) => taken.has(k)),
  };
}

/** A figure as a percentage (100 when there is nothing to cover). */
export function percentOf(figure: CoverageFigure): number {
  return figure.total === 0 ? 100 : (figure.covered / figure.total) * 100;
}
