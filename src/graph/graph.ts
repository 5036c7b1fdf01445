import { isReservedSignal, FRUSTRATED, NO_MATCH } from '../spec/names.js';
import { handlerFor, transitionsOf, type Branch, type Journey, type State, type Transition } from '../model/types.js';

/**
 * Kinds of edge. Only `event`, `always` and `offramp` with trigger `on` are routes a
 * customer can choose (see docs/format.md, "Routes to a human").
 */
export type EdgeKind = 'event' | 'signal' | 'always' | 'after' | 'when_closed' | 'offramp';

/** Which part of the journey-wide offramp an offramp edge comes from. */
export type OfframpTrigger = 'on' | 'no_match' | 'frustration';

/** One possible move from one state to another. */
export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  /** The event name for `event`, `signal` and `offramp` edges; the delay for `after`. */
  readonly label: string;
  /** The transition and branch it comes from (absent for `when_closed` and offramp edges). */
  readonly transition?: Transition;
  readonly branch?: Branch;
  readonly offramp?: OfframpTrigger;
}

/** Phase two of the model: states indexed, names resolved, every move an edge. */
export interface JourneyGraph {
  readonly journey: Journey;
  readonly ids: readonly string[];
  readonly states: readonly State[];
  readonly index: ReadonlyMap<string, number>;
  /** Index of the start state, or -1 when `start` names no state. */
  readonly start: number;
  /** Outgoing edges per state, in file order. */
  readonly out: readonly (readonly Edge[])[];
  /** Indices of human states. */
  readonly humans: readonly number[];
}

/** True for edges a customer can choose on the way to a person (ordinary events, `always`, `offramp.on`). */
export function isCustomerRoute(edge: Edge): boolean {
  return edge.kind === 'event' || edge.kind === 'always' || (edge.kind === 'offramp' && edge.offramp === 'on');
}

/** Builds the graph of a journey in time linear in states + transitions (+ offramp events per bot state). */
export function buildGraph(journey: Journey): JourneyGraph {
  const states = [...journey.states.values()];
  const ids = states.map((s) => s.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const out: Edge[][] = states.map(() => []);
  const humans: number[] = [];
  const offramp = journey.offramp;
  const offrampTarget = offramp ? index.get(offramp.to.value) : undefined;

  states.forEach((state, from) => {
    const edges = out[from] as Edge[];
    if (state.type === 'human') humans.push(from);
    for (const transition of transitionsOf(state)) {
      const trigger = transition.trigger;
      const kind: EdgeKind =
        trigger.kind === 'always' ? 'always' : trigger.kind === 'after' ? 'after' : isReservedSignal(trigger.event) ? 'signal' : 'event';
      const label = trigger.kind === 'event' ? trigger.event : trigger.kind === 'after' ? trigger.delay : 'always';
      for (const branch of transition.branches) {
        const to = index.get(branch.to.value);
        if (to !== undefined) edges.push({ from, to, kind, label, transition, branch });
      }
    }
    if (state.type === 'human' && state.whenClosed) {
      const to = index.get(state.whenClosed.value);
      if (to !== undefined) edges.push({ from, to, kind: 'when_closed', label: 'when_closed' });
    }
    if (state.type === 'bot' && offramp && offrampTarget !== undefined) {
      for (const event of offramp.on) {
        if (!handlerFor(state, event.value)) edges.push({ from, to: offrampTarget, kind: 'offramp', label: event.value, offramp: 'on' });
      }
      if (offramp.noMatch !== undefined && !handlerFor(state, NO_MATCH)) {
        edges.push({ from, to: offrampTarget, kind: 'offramp', label: NO_MATCH, offramp: 'no_match' });
      }
      if (offramp.frustration && !handlerFor(state, FRUSTRATED)) {
        edges.push({ from, to: offrampTarget, kind: 'offramp', label: FRUSTRATED, offramp: 'frustration' });
      }
    }
  });

  return { journey, ids, states, index, start: index.get(journey.start.value) ?? -1, out, humans };
}

/** Renders a path for a message: `greet --block--> verify --(always)--> agent`. */
export function formatPath(graph: JourneyGraph, startNode: number, edges: readonly Edge[]): string {
  let text = graph.ids[startNode] ?? '?';
  for (const edge of edges) text += ` --${edgeLabel(edge)}--> ${graph.ids[edge.to]}`;
  return text;
}

/** How an edge is named in paths. */
export function edgeLabel(edge: Edge): string {
  switch (edge.kind) {
    case 'always':
      return '(always)';
    case 'after':
      return `(after ${edge.label})`;
    case 'when_closed':
      return '(closed)';
    case 'offramp':
      return `${edge.label} (offramp)`;
    default:
      return edge.label;
  }
}

/** State ids along a path, starting node included. */
export function pathStates(graph: JourneyGraph, startNode: number, edges: readonly Edge[]): string[] {
  return [graph.ids[startNode] ?? '?', ...edges.map((e) => graph.ids[e.to] ?? '?')];
}
