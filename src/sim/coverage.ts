import { behaviourOf, choicesOf, offrampCanApply } from '../behaviour/table.js';
import type { Journey } from '../model/types.js';
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

/** Coverage from the interpreter effects of every scenario run of the journey (what can be covered: the behaviour table). */
export function computeCoverage(journey: Journey, runs: readonly (readonly Effect[])[]): Coverage {
  const entered = new Set<string>();
  const taken = new Set<string>();
  for (const effects of runs) {
    for (const e of effects) {
      if (e.type === 'enter') entered.add(e.state);
      else if (e.type === 'transition') taken.add(`${e.from}|${e.trigger}|${e.choice}`);
    }
  }
  const table = behaviourOf(journey);
  const transitions: { key: string; label: string }[] = [];
  const offramps: { key: string; label: string }[] = [];
  for (const s of table.states.values()) {
    for (const { input, choice } of choicesOf(s)) {
      const origin = choice.origin;
      if (origin.kind === 'own') {
        const many = origin.transition.branches.length > 1;
        const item = { key: `${s.id}|${input}|${origin.index}`, label: `${s.id} --${input}${many ? ` (choice ${origin.index + 1})` : ''}--> ${choice.to}` };
        transitions.push(item);
        // Every route into a human state is an off-ramp to cover.
        if (journey.states.get(choice.to)?.type === 'human') offramps.push(item);
        continue;
      }
      if (!offrampCanApply(s)) continue;
      offramps.push({ key: `${s.id}|${input}|offramp`, label: `${s.id} --${input} (offramp)--> ${choice.to}` });
    }
  }
  const figure = (items: readonly { key: string; label: string }[], covered: (key: string) => boolean): CoverageFigure => {
    const missed = items.filter((i) => !covered(i.key)).map((i) => i.label);
    return { covered: items.length - missed.length, total: items.length, missed };
  };
  return {
    journey: journey.id.value,
    states: figure([...journey.states.keys()].map((s) => ({ key: s, label: s })), (k) => entered.has(k)),
    transitions: figure(transitions, (k) => taken.has(k)),
    offramps: figure(offramps, (k) => taken.has(k)),
  };
}

/** A figure as a percentage (100 when there is nothing to cover). */
export function percentOf(figure: CoverageFigure): number {
  return figure.total === 0 ? 100 : (figure.covered / figure.total) * 100;
}
