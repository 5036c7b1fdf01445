import { behaviourOf, type BehaviourTable, type StateBehaviour } from '../behaviour/table.js';
import { listNames } from '../diagnostics/suggest.js';
import { formatPath, pathStates, type Edge, type JourneyGraph } from '../graph/graph.js';
import type { HumanState } from '../model/types.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/** Which fallback of a human state is judged. */
type FallbackKey = 'when_unavailable' | 'when_closed';

const rule: JourneyRule = {
  meta: {
    id: 'unavailable-loop',
    description: 'Where a failed transfer (`when_unavailable`) or a closed team (`when_closed`) sends the customer, some way on ends or reaches another person.',
    severity: 'error',
    docs: docsUrl('unavailable-loop'),
    messages: {
      unavailableLoop:
        '`{{key}}` of `{{state}}` leads back to `{{state}}` without a bound: {{path}}. No end and no other person can be reached on the way, so {{failing}} sends the customer round forever.',
      unavailableTrap:
        '`{{key}}` of `{{state}}` sends the customer to `{{target}}`, from where no end and no other person can be reached{{back}}: while {{failing}}, the customer is stuck among {{states}}.',
    },
    hints: {
      unavailableLoop:
        'Give `{{target}}` a way on that does not lead back to `{{state}}`: a call back (an end state with `human: later`), another team, or an end; bound the retries with a counter (`if: tries < 3`) whose last choice goes there.',
      unavailableTrap: 'Let the customer leave from `{{target}}`: a call back (an end state with `human: later`), another team, or an end state.',
    },
  },
  create(context) {
    const { journey, analysis } = context;
    const graph = analysis.graph;
    const table = behaviourOf(journey);
    const rawStates = (journey.raw.states ?? {}) as Record<string, unknown>;
    graph.states.forEach((state, h) => {
      if (graph.local[h] !== 1 || state.type !== 'human') return;
      const row = table.states.get(graph.ids[h] as string) as StateBehaviour;
      const fallbacks: { key: FallbackKey; to: string }[] = [];
      if (row.handoff?.fallback !== undefined) fallbacks.push({ key: 'when_unavailable', to: row.handoff.fallback });
      // A closed redirect that loops through closed redirects and calls alone is handoff-hours' `loop`.
      if (row.closed && !closedLoop(graph, table, h)) fallbacks.push({ key: 'when_closed', to: row.closed.to });
      for (const { key, to } of fallbacks) {
        const f = graph.index.get(to);
        if (f === undefined) continue; // unknown-target reports it
        const found = judge(graph, table, h, f);
        if (!found) continue;
        const data = { key, state: state.id, target: to };
        const span = journey.sourceMap.keySpan(rawStates[state.id], key);
        const fallbackEdge = (graph.out[h] as Edge[]).find((e) => e.kind === key && e.to === f);
        if (found.kind === 'loop') {
          const edges = fallbackEdge ? [fallbackEdge, ...found.edges] : found.edges;
          context.report({ messageId: 'unavailableLoop', data: { ...data, path: formatPath(graph, h, edges), failing: key === 'when_unavailable' ? 'a transfer that keeps failing' : 'a team that stays closed' }, span, path: pathStates(graph, h, edges) });
        } else {
          const back = found.backGuarded ? ` (only a guarded choice leads back to \`${state.id}\`)` : '';
          context.report({
            messageId: 'unavailableTrap',
            data: { ...data, back, failing: key === 'when_unavailable' ? `transfers to \`${state.id}\` keep failing` : `\`${state.id}\` is closed`, states: listNames(found.states.map((i) => graph.ids[i] as string)) },
            span,
          });
        }
      }
    });
  },
};

/** What follows a fallback when no way on ends or reaches another person: a way back to the human state with no guard on it, or a trap. */
type Finding = { readonly kind: 'loop'; readonly edges: readonly Edge[] } | { readonly kind: 'trap'; readonly states: readonly number[]; readonly backGuarded: boolean };

/**
 * Judges the fallback `f` of human state `h`, in time linear in states + edges.
 *
 * The states reachable from `f` by any move (events, signals, `always`, calls and
 * returns, timeouts, the offramp, failed transfers, closed redirects), without entering
 * `h` again and without going past an exit, are searched. Exits: an end state that ends
 * the journey (a call back with `human: later` included) and a human state other than
 * `h` without `when_unavailable` (as far as the journey says, a person takes the
 * customer there). A human state with `when_unavailable` can fail too: only its
 * fallbacks (`when_unavailable`, `when_closed`) are followed, not its `on` (that needs a
 * person). With an exit in reach there is no finding. Without one, the customer can
 * only go back to `h` or stay among the states found: when `h` can be entered again by
 * moves without a guard (no `if` on the choice taken or on an earlier choice of the same
 * input), it is a loop without a bound; otherwise (no way back, or only a guarded one,
 * such as a counter) it is a trap.
 */
function judge(graph: JourneyGraph, table: BehaviourTable, h: number, f: number): Finding | undefined {
  if (f === h) return { kind: 'loop', edges: [] };
  const n = graph.ids.length;
  const seen = new Uint8Array(n);
  const order: number[] = [f];
  seen[f] = 1;
  let back = false;
  for (let head = 0; head < order.length; head++) {
    const u = order[head] as number;
    if (isExit(graph, table, u, h)) return undefined;
    for (const edge of followed(graph, u)) {
      if (edge.to === h) {
        back = true;
        continue;
      }
      if (seen[edge.to]) continue;
      seen[edge.to] = 1;
      order.push(edge.to);
    }
  }
  if (back) {
    // A way back to `h` by unguarded moves only (breadth first, for the shortest path).
    const via: (Edge | undefined)[] = new Array(n).fill(undefined);
    const reached = new Uint8Array(n);
    reached[f] = 1;
    const queue = [f];
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head] as number;
      for (const edge of followed(graph, u)) {
        if (!unguarded(edge)) continue;
        if (edge.to === h) {
          const edges: Edge[] = [edge];
          for (let e = via[u]; e; e = via[e.from]) edges.push(e);
          return { kind: 'loop', edges: edges.reverse() };
        }
        if (reached[edge.to]) continue;
        reached[edge.to] = 1;
        via[edge.to] = edge;
        queue.push(edge.to);
      }
    }
  }
  return { kind: 'trap', states: order, backGuarded: back };
}

/** True when the customer is done at state `i` (an end) or with a person whose transfer the journey does not expect to fail. */
function isExit(graph: JourneyGraph, table: BehaviourTable, i: number, h: number): boolean {
  const s = graph.states[i];
  if (s?.type === 'human') return i !== h && (s as HumanState).whenUnavailable === undefined;
  return table.states.get(graph.ids[i] as string)?.finish?.kind === 'end';
}

/** The moves followed from state `i`: all of them, except from a human state, whose transfer fails (its fallbacks only). */
function followed(graph: JourneyGraph, i: number): readonly Edge[] {
  const edges = graph.out[i] as Edge[];
  if (graph.states[i]?.type !== 'human') return edges;
  return edges.filter((e) => e.kind === 'when_unavailable' || e.kind === 'when_closed');
}

/** True for a move no guard can stop: its choice has no `if`, nor has an earlier choice of the same input. */
function unguarded(edge: Edge): boolean {
  if (!edge.transition || !edge.branch) return true;
  for (const branch of edge.transition.branches) {
    if (branch.guard) return false;
    if (branch === edge.branch) return true;
  }
  return true;
}

/**
 * True when the closed redirect of human state `h` is part of a loop of closed redirects
 * and of the moves that happen on entry whatever the context (a call starting its
 * callee, a callee's end returning): the loop handoff-hours reports.
 */
function closedLoop(graph: JourneyGraph, table: BehaviourTable, h: number): boolean {
  const next = (i: number): number | undefined => {
    const s = table.states.get(graph.ids[i] as string);
    if (!s) return undefined;
    if (s.closed) return graph.index.get(s.closed.to);
    const only = s.always?.[0];
    if (only && (only.origin.kind === 'call' || only.origin.kind === 'return')) return graph.index.get(only.to);
    return undefined;
  };
  const seen = new Set<number>();
  for (let i = next(h); i !== undefined && !seen.has(i); i = next(i)) {
    if (i === h) return true;
    seen.add(i);
  }
  return false;
}

export default rule;
