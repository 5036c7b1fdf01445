import { behaviourOf, handlerChoices, type Choice, type Handler, type StateOrigin } from '../behaviour/table.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { Branch, Journey, State, Transition } from '../model/types.js';
import { isReservedSignal } from '../spec/names.js';

/**
 * Kinds of edge. Only `event`, `always` and `offramp` with trigger `on` are routes a
 * customer can choose (see docs/format.md, "Routes to a human").
 */
export type EdgeKind = 'event' | 'signal' | 'always' | 'after' | 'when_closed' | 'when_unavailable' | 'offramp';

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
  /** For a retry-ladder rung that leaves the state: its index and the ladder's length (the last rung repeats). */
  readonly rung?: { readonly index: number; readonly count: number };
}

/** Phase two of the model: states indexed, names resolved, every move an edge. */
export interface JourneyGraph {
  readonly journey: Journey;
  /** Ids in the behaviour table: a state's own id, or `call$inner` for a state of a called journey. */
  readonly ids: readonly string[];
  readonly states: readonly State[];
  readonly index: ReadonlyMap<string, number>;
  /** Index of the start state, or -1 when `start` names no state. */
  readonly start: number;
  /** Outgoing edges per state, in file order. */
  readonly out: readonly (readonly Edge[])[];
  /** Indices of human states (called journeys' included). */
  readonly humans: readonly number[];
  /** 1 for the journey's own states, 0 for states of journeys it calls (checked, but reported at the call). */
  readonly local: Uint8Array;
  /** Where each state comes from (its journey, and the calls that inline it). */
  readonly origins: readonly StateOrigin[];
}

/** Where a finding about state `i` goes: the state's own key, or, for a called journey's state, the key of the outermost call state. */
export function spanOf(graph: JourneyGraph, i: number): Span {
  const origin = graph.origins[i];
  const call = origin?.calls[0];
  return call ? call.state.keySpan : (graph.states[i] as State).keySpan;
}

/** True for edges a customer can choose on the way to a person (ordinary events, `always`, `offramp.on`). */
export function isCustomerRoute(edge: Edge): boolean {
  return edge.kind === 'event' || edge.kind === 'always' || (edge.kind === 'offramp' && edge.offramp === 'on');
}

/**
 * Builds the graph of a journey from its behaviour table, in time linear in states +
 * choices: the state's own moves (events and signals, ladder rungs, failed transfers,
 * `always` with calls and returns, timeouts, closed hours) in file order, then the
 * journey-wide offramp's moves. States of called journeys are nodes too (`local` 0).
 */
export function buildGraph(journey: Journey): JourneyGraph {
  const table = behaviourOf(journey);
  const index = new Map<string, number>();
  const humans: number[] = [];
  const ids = [...table.states.keys()];
  ids.forEach((id, i) => index.set(id, i));
  const rows = [...table.states.values()];
  const states = rows.map((r) => r.state);
  const out: Edge[][] = rows.map(() => []);
  const local = new Uint8Array(rows.length);
  rows.forEach((here, from) => {
    const edges = out[from] as Edge[];
    const state = here.state;
    if (here.origin.calls.length === 0) local[from] = 1;
    if (state.type === 'human') humans.push(from);
    const push = (choice: Choice, kind: EdgeKind, label: string): void => {
      const to = index.get(choice.to);
      if (to === undefined) return;
      const origin = choice.origin;
      if (origin.kind === 'own') edges.push({ from, to, kind, label, transition: origin.transition, branch: origin.branch });
      else if (origin.kind === 'offramp') edges.push({ from, to, kind: 'offramp', label, offramp: origin.trigger });
      else edges.push({ from, to, kind, label });
    };
    const offramp: [string, Handler][] = [];
    for (const [event, handler] of here.on) {
      if (handler.kind === 'count-no-match' || (handler.kind === 'choices' && handler.choices.some((c) => c.origin.kind === 'offramp'))) {
        offramp.push([event, handler]);
        continue;
      }
      if (handler.kind === 'ladder') {
        for (const rung of handler.rungs) {
          const to = rung.leave ? index.get(rung.leave.to) : undefined;
          if (to !== undefined) edges.push({ from, to, kind: 'signal', label: event, rung: { index: rung.index, count: handler.rungs.length } });
        }
        continue;
      }
      for (const choice of handler.choices) {
        if (choice.origin.kind === 'unavailable') push(choice, 'when_unavailable', 'when_unavailable');
        else push(choice, isReservedSignal(event) ? 'signal' : 'event', event);
      }
    }
    for (const choice of here.always ?? []) {
      const origin = choice.origin;
      push(choice, 'always', origin.kind === 'call' ? `call ${origin.call.call.value}` : origin.kind === 'return' ? `returns ${origin.outcome}` : 'always');
    }
    for (const t of here.timeouts) for (const choice of t.choices) push(choice, 'after', t.delay);
    if (here.closed) {
      const to = index.get(here.closed.to);
      if (to !== undefined) edges.push({ from, to, kind: 'when_closed', label: 'when_closed' });
    }
    for (const [event, handler] of offramp) for (const choice of handlerChoices(handler)) push(choice, 'offramp', event);
  });

  return { journey, ids, states, index, start: index.get(table.start) ?? -1, out, humans, local, origins: rows.map((r) => r.origin) };
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
      return edge.label === 'always' ? '(always)' : `(${edge.label})`;
    case 'when_unavailable':
      return '(transfer failed)';
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
