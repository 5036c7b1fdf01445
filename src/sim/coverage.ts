import { behaviourOf, choiceIndex, choicesOf, offrampCanApply } from '../behaviour/table.js';
import type { Journey } from '../model/types.js';
import type { Effect } from '../interpret/interpreter.js';

/** How much of one kind of thing the scenarios exercise. */
export interface CoverageFigure {
  readonly covered: number;
  readonly total: number;
  /** Items never exercised, in file order, described for people. */
  readonly missed: readonly string[];
}

/** Scenario coverage of a journey: states entered, transition choices (and ladder rungs, failed transfers, call returns) taken, and off-ramps taken. */
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
  const toPerson = (to: string): boolean => table.states.get(to)?.state.type === 'human';
  const add = (item: { key: string; label: string }, to: string): void => {
    transitions.push(item);
    // Every route into a human state is an off-ramp to cover.
    if (toPerson(to)) offramps.push(item);
  };
  for (const s of table.states.values()) {
    // A callee's own states are covered by its own scenarios; what the caller decides (where each outcome returns) is the caller's.
    const own = s.origin.calls.length === 0;
    for (const [input, handler] of s.on) {
      if (handler.kind !== 'ladder' || !own) continue;
      for (const rung of handler.rungs) {
        const to = rung.leave?.to ?? s.id;
        add({ key: `${s.id}|${input}|${rung.index}`, label: `${s.id} --${input} (rung ${rung.index + 1})--> ${rung.leave ? to : `${s.id} (stays)`}` }, to);
      }
    }
    for (const { input, choice } of choicesOf(s)) {
      const origin = choice.origin;
      const key = `${s.id}|${input}|${choiceIndex(choice)}`;
      if (origin.kind === 'own' && own) {
        const many = origin.transition.branches.length > 1;
        add({ key, label: `${s.id} --${input}${many ? ` (choice ${origin.index + 1})` : ''}--> ${choice.to}` }, choice.to);
      } else if (origin.kind === 'unavailable' && own) {
        add({ key, label: `${s.id} --unavailable--> ${choice.to}` }, choice.to);
      } else if (origin.kind === 'return' && journey.states.get(origin.call.id) === origin.call) {
        // Where a called journey's outcome continues is this journey's choice (its call state's `outcomes`).
        add({ key, label: `${origin.call.id} --returns ${origin.outcome}--> ${choice.to}` }, choice.to);
      } else if (origin.kind === 'offramp' && own && offrampCanApply(s)) {
        offramps.push({ key, label: `${s.id} --${input} (offramp)--> ${choice.to}` });
      }
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
