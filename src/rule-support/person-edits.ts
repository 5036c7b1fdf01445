import type { Suggestion } from '../diagnostics/diagnostic.js';
import type { JourneyGraph } from '../graph/graph.js';
import { nearestOf } from '../graph/traversal.js';
import type { Journey } from '../model/types.js';
import { appendEntry, insertEntryBefore } from './block-edits.js';

/** The event a suggested route to a person listens for: one `asksForPerson` recognises (src/spec/names.ts). */
export const PERSON_EVENT = 'agent_requested';

/**
 * The human state a suggested route from state `i` should lead to: the journey's own human
 * state nearest from `i` by any move, else the nearest from the start, else the first in the
 * file. Only the journey's own states: a target in a called journey cannot be named here.
 */
export function nearestHuman(graph: JourneyGraph, i: number): string | undefined {
  const own = graph.humans.filter((h) => graph.local[h] === 1);
  const found = nearestOf(graph, i, own) ?? nearestOf(graph, graph.start, own) ?? own[0];
  return found === undefined ? undefined : graph.ids[found];
}

/** A state id as a YAML value: the few ids YAML would read as something else are quoted. */
function yamlName(id: string): string {
  return /^(true|false|null)$/.test(id) ? `"${id}"` : id;
}

/** What a suggested journey-wide offramp adds: a way to ask for a person, or escalation after misunderstandings. */
export type OfframpKey = 'on' | 'no_match';

const OFFRAMP_VALUE: Record<OfframpKey, string> = { on: `[${PERSON_EVENT}]`, no_match: '2' };

/**
 * A suggestion that makes the journey-wide `offramp` cover what is missing: a new
 * `offramp: { to: <human>, ... }` line before `start:` when the journey has none, or the missing
 * key added to the one it has. The description shows the edit, since a suggestion is a choice.
 */
export function offrampSuggestion(text: string, journey: Journey, human: string, key: OfframpKey): Suggestion | undefined {
  const raw = journey.raw as Record<string, unknown>;
  const offramp = raw.offramp;
  if (offramp === undefined) {
    const value = `{ to: ${yamlName(human)}, ${key}: ${OFFRAMP_VALUE[key]} }`;
    const fix = insertEntryBefore(text, journey.sourceMap, raw, 'start', 'offramp', value);
    return fix && { desc: `Add a journey-wide \`offramp: ${value}\` before \`start:\``, fix };
  }
  if (typeof offramp !== 'object' || offramp === null || key in offramp) return undefined;
  const fix = appendEntry(text, journey.sourceMap, offramp, key, OFFRAMP_VALUE[key]);
  return fix && { desc: `Add \`${key}: ${OFFRAMP_VALUE[key]}\` to the journey-wide \`offramp\``, fix };
}

/**
 * A suggestion that adds `event: human` to state `state`'s own `on` (or writes `on:` with it),
 * for a route that only this state needs. Undefined when the state already handles the event.
 */
export function stateRouteSuggestion(text: string, journey: Journey, state: string, event: string, human: string): Suggestion | undefined {
  const raw = (journey.raw.states as Record<string, unknown> | undefined)?.[state];
  if (typeof raw !== 'object' || raw === null) return undefined;
  const on = (raw as { on?: unknown }).on;
  if (on !== undefined && (typeof on !== 'object' || on === null || event in on)) return undefined;
  const target = yamlName(human);
  const fix = on === undefined ? appendEntry(text, journey.sourceMap, raw, 'on', `{ ${event}: ${target} }`) : appendEntry(text, journey.sourceMap, on, event, target);
  return fix && { desc: `Add \`${event}: ${target}\` to \`on\` of \`${state}\``, fix };
}
