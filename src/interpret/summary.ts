import { UNKNOWN } from '../expr/evaluate.js';
import { componentsOf } from '../graph/traversal.js';
import { behaviourOf } from '../behaviour/table.js';
import { transitionsOf, type Expression, type Journey } from '../model/types.js';
import type { ConfigEdge, Exploration, Input, Node } from './explore.js';
import { traceTo } from './explore.js';

/** A state reached, with the shortest input sequence to it. */
export interface Reached {
  readonly state: string;
  readonly outcome?: string;
  readonly trace: readonly Input[];
}

/** A state from which no person can be reached, on values the journey can hold. */
export interface Stuck {
  readonly state: string;
  readonly trace: readonly Input[];
  readonly context: Readonly<Record<string, unknown>>;
  /** True when no input at all (signals and timeouts included) leads to a person; false when only choices fail. */
  readonly anyInput: boolean;
}

/** A loop of configurations the customer can be kept in without reaching an end or a person. */
export interface Cycle {
  readonly states: readonly string[];
  /** How the customer gets into the loop. */
  readonly trace: readonly Input[];
  /** Configurations in the loop. */
  readonly size: number;
  /**
   * Separate loops among the same states (the same loop, with context values that differ
   * but change nothing in it, such as a counter left by an earlier step): counted once.
   */
  readonly loops: number;
}

/** A guard that was evaluated but never held. */
export interface DeadGuard {
  readonly state: string;
  readonly trigger: string;
  readonly expression: string;
  readonly target: string;
}

/** What the explorer's graph says about a journey. */
export interface ExplorationSummary {
  readonly configurations: number;
  readonly transitions: number;
  readonly bound?: 'max-configs' | 'max-turns';
  readonly maxConfigs: number;
  readonly maxTurns: number;
  /** Context fields that held a value nobody knows, and where it came from (no decision reads them). */
  readonly unknownFields: Exploration['unknownFields'];
  /** Unknown values decisions read, tried for every value the journey distinguishes. */
  readonly varied: Exploration['varied'];
  /** Guards on unknown values that were taken both ways. */
  readonly decidedBothWays: readonly string[];
  /** Active configurations where the customer waits with the bot (what `noHuman` and the worst case are about). */
  readonly waiting: number;
  readonly outcomes: readonly Reached[];
  readonly humans: readonly Reached[];
  /** Ends where a person calls back later (`human: later`), reached. */
  readonly callbacks: readonly Reached[];
  /** Waiting bot states with configurations from which no choice of the customer reaches a person. */
  readonly noHuman: readonly Stuck[];
  /** The largest number of customer choices to a person from any reachable waiting configuration. */
  readonly worstTurnsToHuman: { readonly turns: number; readonly state: string; readonly trace: readonly Input[] } | null;
  readonly cycles: readonly Cycle[];
  readonly deadGuards: readonly DeadGuard[];
}

const INF = Number.POSITIVE_INFINITY;

/** Reads the configuration graph: outcomes, hand-offs, stuck states, worst case, loops, dead guards. */
export function summarize(ex: Exploration): ExplorationSummary {
  const { nodes, edges, journey } = ex;
  const incoming: ConfigEdge[][] = nodes.map(() => []);
  const outgoing: ConfigEdge[][] = nodes.map(() => []);
  for (const e of edges) {
    (incoming[e.to] as ConfigEdge[]).push(e);
    (outgoing[e.from] as ConfigEdge[]).push(e);
  }

  const table = behaviourOf(journey);
  const outcomes = new Map<string, Reached>();
  const humans = new Map<string, Reached>();
  const callbacks = new Map<string, Reached>();
  for (const node of nodes) {
    const c = node.configuration;
    if (c.status === 'done' && c.output && !outcomes.has(c.output.outcome)) outcomes.set(c.output.outcome, { state: c.state, outcome: c.output.outcome, trace: traceTo(ex, node.id) });
    if (node.human && !humans.has(c.state) && table.states.get(c.state)?.state.type === 'human') humans.set(c.state, { state: c.state, trace: traceTo(ex, node.id) });
    if (c.status === 'done' && c.output?.human === 'later' && !callbacks.has(c.state)) callbacks.set(c.state, { state: c.state, outcome: c.output.outcome, trace: traceTo(ex, node.id) });
  }

  // Frontier nodes (left by a bound) might lead anywhere: treat them as reaching a person, so findings are proofs.
  const choiceTurns = backwardDistances(nodes, incoming, (n) => n.human || !n.expanded, true);
  const anyReach = backwardDistances(nodes, incoming, (n) => n.human || !n.expanded, false);
  const trueTurns = backwardDistances(nodes, incoming, (n) => n.human, true);

  const noHuman = new Map<string, Stuck>();
  let worst: ExplorationSummary['worstTurnsToHuman'] = null;
  let waiting = 0;
  for (const node of nodes) {
    const c = node.configuration;
    const state = table.states.get(c.state)?.state;
    // At rest with the bot: a bot state waiting for input, or a decision none of whose choices held.
    if (c.status !== 'active' || node.human || state?.type !== 'bot' || !table.states.get(c.state)?.atRest) continue;
    waiting++;
    if ((choiceTurns[node.id] as number) === INF && !noHuman.has(c.state)) {
      noHuman.set(c.state, { state: c.state, trace: traceTo(ex, node.id), context: readable(c.context), anyInput: (anyReach[node.id] as number) !== INF });
    }
    const t = trueTurns[node.id] as number;
    if (t !== INF && (!worst || t > worst.turns)) worst = { turns: t, state: c.state, trace: traceTo(ex, node.id) };
  }

  return {
    configurations: nodes.length,
    transitions: edges.length,
    ...(ex.bound ? { bound: ex.bound } : {}),
    maxConfigs: ex.options.maxConfigs,
    maxTurns: ex.options.maxTurns,
    unknownFields: ex.unknownFields,
    varied: ex.varied,
    decidedBothWays: ex.decidedBothWays,
    waiting,
    outcomes: [...outcomes.values()],
    humans: [...humans.values()],
    callbacks: [...callbacks.values()],
    noHuman: [...noHuman.values()],
    worstTurnsToHuman: worst,
    cycles: findCycles(ex, outgoing),
    deadGuards: deadGuards(journey, ex.guards),
  };
}

/** Fewest inputs (choices only, or any) from each node to a target node, following edges backwards. */
function backwardDistances(nodes: readonly Node[], incoming: readonly ConfigEdge[][], target: (n: Node) => boolean, choicesOnly: boolean): Float64Array {
  const dist = new Float64Array(nodes.length).fill(INF);
  const queue: number[] = [];
  for (const n of nodes) {
    if (target(n)) {
      dist[n.id] = 0;
      queue.push(n.id);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number;
    for (const e of incoming[v] as ConfigEdge[]) {
      if (choicesOnly && !e.choice) continue;
      if ((dist[e.from] as number) !== INF) continue;
      dist[e.from] = (dist[v] as number) + 1;
      queue.push(e.from);
    }
  }
  return dist;
}

/** Loops among active, non-human configurations (strongly connected components of the explored graph). */
function findCycles(ex: Exploration, outgoing: readonly ConfigEdge[][]): Cycle[] {
  const { nodes } = ex;
  const inside = (i: number): boolean => {
    const node = nodes[i] as Node;
    return node.configuration.status === 'active' && !node.human;
  };
  const keep = (e: ConfigEdge, from: number): boolean => inside(from) && inside(e.to);
  const byStates = new Map<string, Cycle>();
  for (const members of componentsOf(outgoing, keep)) {
    const first = members[0] as number;
    const selfLoop = members.length === 1 && (outgoing[first] as ConfigEdge[]).some((e) => e.to === first && keep(e, first));
    if (members.length === 1 && !selfLoop) continue;
    const entry = Math.min(...members);
    const states = [...new Set(members.map((m) => (nodes[m] as Node).configuration.state))].sort();
    const key = states.join('\n');
    const trace = traceTo(ex, entry);
    const known = byStates.get(key);
    if (!known) byStates.set(key, { states, trace, size: members.length, loops: 1 });
    else byStates.set(key, { states, trace: trace.length < known.trace.length ? trace : known.trace, size: known.size + members.length, loops: known.loops + 1 });
  }
  const cycles = [...byStates.values()];
  return cycles.sort((a, b) => b.size - a.size || (a.states.join() < b.states.join() ? -1 : 1));
}

function deadGuards(journey: Journey, stats: Exploration['guards']): DeadGuard[] {
  const out: DeadGuard[] = [];
  for (const state of journey.states.values()) {
    for (const t of transitionsOf(state)) {
      for (const b of t.branches) {
        if (!b.guard) continue;
        const s = stats.get(b.guard as Expression);
        if (!s || s.true > 0 || s.unknown > 0) continue;
        const trigger = t.trigger.kind === 'event' ? t.trigger.event : t.trigger.kind === 'after' ? `after ${t.trigger.delay}` : 'always';
        out.push({ state: state.id, trigger, expression: b.guard.source, target: b.to.value });
      }
    }
  }
  return out;
}

function readable(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context)) out[k] = v === UNKNOWN ? '(unknown)' : v;
  return out;
}
