import type { Span } from '../diagnostics/diagnostic.js';
import { UNREACHABLE } from '../graph/traversal.js';
import type { Journey, StateType } from '../model/types.js';
import { turnsPhrase } from './hover.js';
import type { Analysis } from './workspace.js';

/** One entry of the outline: what it is, its whole span and the span of its name. */
export interface OutlineEntry {
  readonly name: string;
  readonly detail?: string;
  readonly kind: 'journey' | 'group' | 'state' | 'field';
  readonly stateType?: StateType;
  readonly span: Span;
  readonly nameSpan: Span;
  readonly children: readonly OutlineEntry[];
}

const GROUPS: readonly { readonly type: StateType; readonly title: string }[] = [
  { type: 'bot', title: 'bot states' },
  { type: 'human', title: 'human states' },
  { type: 'call', title: 'call states' },
  { type: 'end', title: 'end states' },
];

function union(spans: readonly Span[]): Span {
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}

function journeyEntry(journey: Journey): OutlineEntry {
  const children: OutlineEntry[] = [];
  const fields = [...journey.fields.values()].map<OutlineEntry>((f) => ({ name: f.name, detail: f.type.value, kind: 'field', span: union([f.keySpan, f.span]), nameSpan: f.keySpan, children: [] }));
  if (fields.length > 0) children.push({ name: 'context', kind: 'group', span: union(fields.map((f) => f.span)), nameSpan: fields[0]?.nameSpan as Span, children: fields });
  for (const group of GROUPS) {
    const states = [...journey.states.values()]
      .filter((s) => s.type === group.type)
      .map<OutlineEntry>((s) => ({ name: s.id, detail: s.type, kind: 'state', stateType: s.type, span: union([s.keySpan, s.span]), nameSpan: s.keySpan, children: [] }));
    if (states.length > 0) children.push({ name: group.title, detail: String(states.length), kind: 'group', span: union(states.map((s) => s.span)), nameSpan: states[0]?.nameSpan as Span, children: states });
  }
  const span = union([journey.id.span, ...children.map((c) => c.span)]);
  return { name: journey.id.value, detail: journey.title, kind: 'journey', span, nameSpan: journey.id.span, children };
}

/** The outline of a journey file: each journey (sub-journeys too) with its context fields and its states grouped by type. */
export function outlineOf(journey: Journey): OutlineEntry[] {
  return [journeyEntry(journey), ...[...journey.journeys.values()].map(journeyEntry)];
}

/** A code lens: a line of text above a state. */
export interface Lens {
  readonly span: Span;
  readonly title: string;
}

/**
 * "a person is N turns away" above each bot state of the file's journey: the customer turns
 * to the nearest person (src/graph/traversal.ts, as `offramp-distance` counts them). Not for
 * sub-journeys, whose distances depend on the journeys that call them.
 */
export function lensesOf(analysis: Analysis): Lens[] {
  const journey = analysis.journey;
  if (!journey || journey.subJourney) return [];
  const analyses = analysis.analysesOf(journey);
  const out: Lens[] = [];
  for (const state of journey.states.values()) {
    if (state.type !== 'bot') continue;
    const node = analyses.graph.index.get(state.id);
    if (node === undefined) continue;
    out.push({ span: state.keySpan, title: turnsPhrase(analyses.distances.turns[node] ?? UNREACHABLE) });
  }
  return out;
}
