import { calleeOf, type Journey } from './types.js';

/** Where the journeys of other files are found by id (the files linted together). */
export interface JourneyCatalogue {
  /** The model of the journey with this id, or undefined when no file defines it (or it does not build). */
  journey(id: string): Journey | undefined;
}

/** Every journey id a journey's call states name (its sub-journeys' calls included). */
export function callsOf(journey: Journey): string[] {
  const ids = new Set<string>();
  const visit = (j: Journey): void => {
    for (const state of j.states.values()) if (state.type === 'call') ids.add(state.call.value);
  };
  visit(journey);
  for (const sub of journey.journeys.values()) visit(sub);
  return [...ids];
}

/**
 * The journey with the journeys of other files it calls attached (`callees`), each linked
 * the same way, so that the behaviour table can inline them. A call to an id that is a
 * sub-journey of the same file never looks further; an id no file defines stays unlinked
 * (unknown-target reports it); a cycle of calls is linked once round (call-cycle reports it,
 * and the table does not inline a journey inside itself).
 */
export function linkJourney(journey: Journey, catalogue: JourneyCatalogue, seen: ReadonlyMap<string, Journey> = new Map()): Journey {
  const external = callsOf(journey).filter((id) => !journey.journeys.has(id) && id !== journey.id.value);
  if (external.length === 0) return journey;
  const callees = new Map<string, Journey>();
  const linked: Journey = { ...journey, callees };
  const within = new Map(seen).set(journey.id.value, linked);
  for (const id of external) {
    const known = within.get(id);
    if (known) {
      callees.set(id, known);
      continue;
    }
    const callee = catalogue.journey(id);
    if (callee) callees.set(id, linkJourney(callee, catalogue, within));
  }
  // Sub-journeys of the file call the same catalogue.
  if (journey.journeys.size > 0) {
    for (const [id, sub] of journey.journeys) (journey.journeys as Map<string, Journey>).set(id, { ...sub, callees });
  }
  return linked;
}

/** True when a journey can reach itself through calls (a call cycle), with the cycle's ids in order. */
export function callCycle(journey: Journey): string[] | undefined {
  const path: string[] = [];
  const onPath = new Set<Journey>();
  const done = new Set<Journey>();
  const visit = (j: Journey): string[] | undefined => {
    if (onPath.has(j)) return [...path.slice(path.indexOf(j.id.value)), j.id.value];
    if (done.has(j)) return undefined;
    onPath.add(j);
    path.push(j.id.value);
    for (const state of j.states.values()) {
      if (state.type !== 'call') continue;
      const callee = calleeOf(j, state.call.value);
      const found = callee ? visit(callee) : undefined;
      if (found) return found;
    }
    path.pop();
    onPath.delete(j);
    done.add(j);
    return undefined;
  };
  return visit(journey);
}
