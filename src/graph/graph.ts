import { behaviourOf, type Choice, type Handler, type StateBehaviour } from '../behaviour/table.js';
import type { Branch, Journey, State, Transition } from '../model/types.js';
import { isReservedSignal } from '../spec/names.js';

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

/**
 * Builds the graph of a journey from its behaviour table, in time linear in states +
 * choices: the state's own moves (events and signals, `always`, timeouts, closed
 * hours) in file order, then the journey-wide offramp's moves.
 */
export function buildGraph(journey: Journey): JourneyGraph {
  const table = behaviourOf(journey);
  const states = [...journey.states.values()];
  const ids = states.map((s) => s.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const out: Edge[][] = states.map(() => []);
  const humans: number[] = [];

  states.forEach((state, from) => {
    const edges = out[from] as Edge[];
    const here = table.states.get(state.id) as StateBehaviour;
    if (state.type === 'human') humans.push(from);
    const push = (choice: Choice, kind: EdgeKind, label: string): void => {
      const to = index.get(choice.to);
      if (to === undefined) return;
      const origin = choice.origin;
      edges.push(origin.kind === 'own' ? { from, to, kind, label, transition: origin.transition, branch: origin.branch } : { from, to, kind: 'offramp', label, offramp: origin.trigger });
    };
    const offramp: [string, Handler][] = [];
    for (const [event, handler] of here.on) {
      if (handler.kind === 'count-no-match' || handler.choices.some((c) => c.origin.kind === 'offramp')) {
        offramp.push([event, handler]);
        continue;
      }
      for (const choice of handler.choices) push(choice, isReservedSignal(event) ? 'signal' : 'event', event);
    }
    for (const choice of here.always ?? []) push(choice, 'always', 'always');
    for (const t of here.timeouts) for (const choice of t.choices) push(choice, 'after', t.delay);
    if (here.closed) {
      const to = index.get(here.closed.to);
      if (to !== undefined) edges.push({ from, to, kind: 'when_closed', label: 'when_closed' });
    }
    for (const [event, handler] of offramp) {
      if (handler.kind === 'count-no-match') push(handler.escalate, 'offramp', event);
      else for (const choice of handler.choices) push(choice, 'offramp', event);
    }
  });

  return { journey, ids, states, index, start: index.get(table.start) ?? -1, out, humans };
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

/** How the customer arrives at the end of a path, for messages: the path, or that this is where the journey starts. */
export function describeArrival(graph: JourneyGraph, startNode: number, edges: readonly Edge[]): string {
  return edges.length === 0 ? 'This is where the journey starts' : `The customer gets here by ${formatPath(graph, startNode, edges)}`;
}

/** State ids along a path, starting node included. */
export function pathStates(graph: JourneyGraph, startNode: number, edges: readonly Edge[]): string[] {
  return [graph.ids[startNode] ?? '?', ...edges.map((e) => graph.ids[e.to] ?? '?')];
}
