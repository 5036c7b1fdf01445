import { behaviourOf, leadsToPerson } from '../behaviour/table.js';
import { isCustomerRoute, type Edge, type JourneyGraph } from './graph.js';

/** Distance value for "no route". */
export const UNREACHABLE = Number.POSITIVE_INFINITY;

/** States reachable from the start by any transition, with the edge that first reached each (for paths). */
export interface Reachability {
  readonly reachable: Uint8Array;
  /** The edge by which BFS first reached each state (shortest path tree), or undefined. */
  readonly via: readonly (Edge | undefined)[];
}

/** BFS from the start over every kind of edge. */
export function reachFromStart(graph: JourneyGraph): Reachability {
  const n = graph.ids.length;
  const reachable = new Uint8Array(n);
  const via: (Edge | undefined)[] = new Array(n).fill(undefined);
  if (graph.start < 0) return { reachable, via };
  const queue = [graph.start];
  reachable[graph.start] = 1;
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head] as number;
    for (const edge of graph.out[u] as Edge[]) {
      if (reachable[edge.to]) continue;
      reachable[edge.to] = 1;
      via[edge.to] = edge;
      queue.push(edge.to);
    }
  }
  return { reachable, via };
}

/** The path from the start to `node` in a reachability tree. */
export function pathFromStart(reach: Reachability, node: number): Edge[] {
  const edges: Edge[] = [];
  for (let edge = reach.via[node]; edge; edge = reach.via[edge.from]) edges.push(edge);
  return edges.reverse();
}

/** Customer turns to the nearest human state from each state, and the first move of a shortest route. */
export interface HumanDistances {
  /** Fewest ordinary customer events to a human state; UNREACHABLE when there is no route. */
  readonly turns: Float64Array;
  /** First edge of a shortest route, per state (undefined at human states and where there is no route). */
  readonly next: readonly (Edge | undefined)[];
}

/**
 * Reverse 0-1 BFS from every human state (or from `targets`) over customer routes:
 * ordinary events and `offramp.on` cost one turn, `always` costs nothing (decisions,
 * a call starting its callee, a callee's end returning to the caller). Signals,
 * timeouts, closed hours and failed transfers are not choices and are not followed;
 * routes do not continue through human states. Linear in states + edges.
 */
export function turnsToHuman(graph: JourneyGraph, keep: (edge: Edge) => boolean = () => true, targets: readonly number[] = graph.humans): HumanDistances {
  const n = graph.ids.length;
  const turns = new Float64Array(n).fill(UNREACHABLE);
  const next: (Edge | undefined)[] = new Array(n).fill(undefined);
  const incoming: Edge[][] = Array.from({ length: n }, () => []);
  graph.out.forEach((edges, from) => {
    if (graph.states[from]?.type === 'human') return;
    for (const edge of edges) if (isCustomerRoute(edge) && keep(edge)) (incoming[edge.to] as Edge[]).push(edge);
  });
  // 0-1 BFS by levels: zero-cost moves join the current level, one-turn moves the next.
  let level: number[] = [];
  for (const h of targets) {
    turns[h] = 0;
    level.push(h);
  }
  const done = new Uint8Array(n);
  for (let d = 0; level.length > 0; d++) {
    const nextLevel: number[] = [];
    for (let i = 0; i < level.length; i++) {
      const v = level[i] as number;
      if (done[v] || turns[v] !== d) continue;
      done[v] = 1;
      for (const edge of incoming[v] as Edge[]) {
        const cost = edge.kind === 'always' ? 0 : 1;
        if (d + cost < (turns[edge.from] as number)) {
          turns[edge.from] = d + cost;
          next[edge.from] = edge;
          (cost === 0 ? level : nextLevel).push(edge.from);
        }
      }
    }
    level = nextLevel;
  }
  return { turns, next };
}

/** Follows `next` edges from a state to the nearest human state. */
export function routeToHuman(distances: HumanDistances, node: number): Edge[] {
  const edges: Edge[] = [];
  const seen = new Set<number>();
  for (let edge = distances.next[node]; edge && !seen.has(edge.from); edge = distances.next[edge.to]) {
    seen.add(edge.from);
    edges.push(edge);
  }
  return edges;
}

/**
 * States from which an end or human state can be reached by any transition (signals,
 * timeouts, offramp included). A call state and a called journey's end that returns to
 * its caller move on at once (`always`): they are ways through, not ends.
 */
export function canFinish(graph: JourneyGraph): Uint8Array {
  const finished: number[] = [];
  graph.states.forEach((s, i) => {
    if (s.type !== 'bot' && !movesOnAtOnce(graph, i)) finished.push(i);
  });
  return reachingAny(graph, finished);
}

/** True when the customer never rests in state `i`: it has `always` moves (a decision, a call, a callee's end returning). */
function movesOnAtOnce(graph: JourneyGraph, i: number): boolean {
  return (graph.out[i] as Edge[]).some((e) => e.kind === 'always');
}

/**
 * End states that finish the journey with `human: later` (a person calls the customer
 * back): a called journey's end counts only where it ends the caller too.
 */
export function callbackEnds(graph: JourneyGraph): number[] {
  const table = behaviourOf(graph.journey);
  const out: number[] = [];
  graph.ids.forEach((id, i) => {
    const finish = table.states.get(id)?.finish;
    if (finish?.kind === 'end' && finish.humanLater) out.push(i);
  });
  return out;
}

/** True when a call back (`human: later`) counts as reaching a person: routine and sensitive journeys, never urgent ones. */
export function callbackCounts(graph: JourneyGraph): boolean {
  return graph.journey.priority !== 'urgent';
}

/** Where a customer reaches a person: the human states, and the call-back ends where the journey's priority lets them count. */
export function personStates(graph: JourneyGraph): number[] {
  return callbackCounts(graph) ? [...graph.humans, ...callbackEnds(graph)] : [...graph.humans];
}

/** The first of `targets` a BFS from `from` meets over every kind of transition (the nearest by moves), or undefined. */
export function nearestOf(graph: JourneyGraph, from: number, targets: readonly number[]): number | undefined {
  if (from < 0) return undefined;
  const wanted = new Set(targets);
  const seen = new Uint8Array(graph.ids.length);
  seen[from] = 1;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head] as number;
    if (wanted.has(u)) return u;
    for (const edge of graph.out[u] as Edge[]) {
      if (seen[edge.to]) continue;
      seen[edge.to] = 1;
      queue.push(edge.to);
    }
  }
  return undefined;
}

/** States that can reach `target` by any transition (target included). */
export function canReach(graph: JourneyGraph, target: number): Uint8Array {
  return reachingAny(graph, [target]);
}

/** States from which any of `targets` can be reached by any transition (targets included): BFS over reversed edges. */
function reachingAny(graph: JourneyGraph, targets: readonly number[]): Uint8Array {
  const n = graph.ids.length;
  const ok = new Uint8Array(n);
  const incoming: number[][] = Array.from({ length: n }, () => []);
  graph.out.forEach((edges, from) => {
    for (const edge of edges) (incoming[edge.to] as number[]).push(from);
  });
  return markReaching(incoming, ok, targets);
}

/**
 * Marks in `marked` every node that can reach one of `seeds` over the moves whose reverse
 * `incoming` lists (the seeds included): one BFS, linear in nodes + moves. Returns `marked`.
 */
export function markReaching(incoming: readonly (readonly number[])[], marked: Uint8Array, seeds: readonly number[]): Uint8Array {
  const queue: number[] = [];
  for (const t of seeds) {
    if (marked[t]) continue;
    marked[t] = 1;
    queue.push(t);
  }
  for (let head = 0; head < queue.length; head++) {
    for (const from of incoming[queue[head] as number] ?? []) {
      if (marked[from]) continue;
      marked[from] = 1;
      queue.push(from);
    }
  }
  return marked;
}

/**
 * Strongly connected components over the edges accepted by `keep` (Tarjan,
 * iterative so that long chains cannot overflow the stack). Components are
 * returned in reverse topological order, each listed in discovery order.
 */
export function stronglyConnected(graph: JourneyGraph, keep: (edge: Edge) => boolean): number[][] {
  return componentsOf(graph.out, keep);
}

/**
 * Tarjan's strongly connected components over any adjacency list; shared by the
 * state graph (rules) and the explored configuration graph (simulator).
 */
export function componentsOf<E extends { readonly to: number }>(out: readonly (readonly E[])[], keep: (edge: E, from: number) => boolean): number[][] {
  const n = out.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const frames: { node: number; edge: number }[] = [];
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    frames.push({ node: root, edge: 0 });
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: number; edge: number };
      const edges = out[frame.node] as readonly E[];
      if (frame.edge < edges.length) {
        const edge = edges[frame.edge++] as E;
        if (!keep(edge, frame.node)) continue;
        const w = edge.to;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push({ node: w, edge: 0 });
        } else if (onStack[w]) {
          low[frame.node] = Math.min(low[frame.node] as number, order[w] as number);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node] as number, low[frame.node] as number);
      if (low[frame.node] === order[frame.node]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component.push(w);
        } while (w !== frame.node);
        components.push(component.reverse());
      }
    }
  }
  return components;
}

/** True when a component is a real cycle: more than one state, or one state with an edge to itself. */
export function isCycle(graph: JourneyGraph, component: readonly number[], keep: (edge: Edge) => boolean): boolean {
  if (component.length > 1) return true;
  const only = component[0] as number;
  return (graph.out[only] as Edge[]).some((e) => e.to === only && keep(e));
}

/**
 * True when entering `node` puts the customer with a person: a human state, or a state
 * that moves on at once (a decision, a call) whose every choice leads to one. Guards are
 * not evaluated, so every choice counts (the behaviour table's `leadsToPerson`).
 */
export function leadsToHuman(graph: JourneyGraph, node: number, memo: Map<string, boolean> = new Map()): boolean {
  const id = graph.ids[node];
  return id !== undefined && leadsToPerson(behaviourOf(graph.journey), id, memo);
}

/**
 * True for moves that happen whatever the context holds: the offramp, a call starting
 * its callee and a callee's end returning, and transitions whose first choice has no
 * guard (a later unguarded choice can be pre-empted by an earlier guarded one).
 */
export function isUnconditional(edge: Edge): boolean {
  if (edge.kind === 'offramp') return true;
  if (edge.kind === 'always' && edge.branch === undefined) return true;
  return edge.branch !== undefined && edge.transition?.branches[0] === edge.branch && edge.branch.guard === undefined;
}
