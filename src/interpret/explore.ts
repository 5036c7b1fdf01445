import { eventFieldsRead } from '../expr/ast.js';
import { UNKNOWN } from '../expr/evaluate.js';
import { isReservedSignal, NO_MATCH, FRUSTRATED } from '../spec/names.js';
import { transitionsOf, type Expression, type Journey } from '../model/types.js';
import { fireTimeout, nextTimeout, send, start, type Configuration, type ContextValue, type JourneyEvent, type RunOptions, type Step } from './interpreter.js';

/** Bounds of an exhaustive exploration. */
export interface ExploreOptions {
  /** Most distinct configurations explored (default 100,000). */
  readonly maxConfigs?: number;
  /** Most inputs (customer events, signals, timeouts) on any path from the start (default 30). */
  readonly maxTurns?: number;
  /** Clock time (epoch ms) the exploration runs at; hours are judged then. Without it every human state counts as open. */
  readonly at?: number;
  /** Most unknown guard outcomes branched on in one step (a bound on the fan-out; default 12). */
  readonly maxDecisions?: number;
  /** Context at the start over the defaults. Fields without a default or input are unknown (any value). */
  readonly input?: Readonly<Record<string, ContextValue>>;
}

/** An input the explorer can send: an event (with unknown data) or "time passes" (the next timeout). */
export type Input = { readonly kind: 'event'; readonly event: string } | { readonly kind: 'timeout'; readonly delay: number };

/** One explored configuration and how it was first reached. */
export interface Node {
  readonly id: number;
  readonly configuration: Configuration;
  /** Inputs from the start (shortest, in inputs). */
  readonly depth: number;
  readonly parent?: number;
  readonly via?: Input;
  /** True when the configuration is in a human state, or a handoff happened on the way in. */
  readonly human: boolean;
  /** True once its successors were computed (false for the frontier left by a bound). */
  expanded: boolean;
}

/** An edge of the configuration graph. */
export interface ConfigEdge {
  readonly from: number;
  readonly to: number;
  readonly input: Input;
  /** True for inputs the customer chooses: ordinary events and `offramp.on` events (not signals, not timeouts). */
  readonly choice: boolean;
}

/** What an exhaustive exploration found. */
export interface Exploration {
  readonly journey: Journey;
  readonly nodes: readonly Node[];
  readonly edges: readonly ConfigEdge[];
  /** Which bound stopped the exploration, if any. */
  readonly bound?: 'max-configs' | 'max-turns';
  /** Context fields that held an unknown value (from event data or no default) somewhere. */
  readonly unknownFields: readonly string[];
  /** Every guard evaluated, and how often it was true, false or unknown. */
  readonly guards: ReadonlyMap<Expression, { true: number; false: number; unknown: number }>;
  readonly options: Required<Pick<ExploreOptions, 'maxConfigs' | 'maxTurns'>> & ExploreOptions;
}

const DEFAULTS = { maxConfigs: 100_000, maxTurns: 30, maxDecisions: 12 };

/**
 * Breadth-first search over reachable configurations (state, context, `no_match`
 * count, fired timers), deduplicated. Event data is unknown: a guard that depends
 * on it may go either way and both are explored; a field set from it holds an
 * unknown value. Fields without a default (and no input) start unknown too, since
 * a host fills them. Timeouts are explored as "time passes" to the next due one.
 */
export function explore(journey: Journey, options: ExploreOptions = {}): Exploration {
  const maxConfigs = options.maxConfigs ?? DEFAULTS.maxConfigs;
  const maxTurns = options.maxTurns ?? DEFAULTS.maxTurns;
  const maxDecisions = options.maxDecisions ?? DEFAULTS.maxDecisions;
  // Without `at`, hours do not matter (every human state is open) and this instant is never used for them.
  const at = options.at ?? Date.UTC(2026, 0, 5, 12);
  const unknownFields = new Set<string>();
  const guards = new Map<Expression, { true: number; false: number; unknown: number }>();
  const explorationJourney = options.at === undefined ? alwaysOpen(journey) : journey;
  const inputsByState = eventInputs(journey);

  const nodes: Node[] = [];
  const edges: ConfigEdge[] = [];
  const index = new Map<string, number>();
  let bound: Exploration['bound'];

  const input: Record<string, ContextValue> = {};
  for (const field of journey.fields.values()) if (!field.default) input[field.name] = UNKNOWN;
  Object.assign(input, options.input ?? {});
  const intern = (step: Step, depth: number, parent?: number, via?: Input): number | undefined => {
    const c = step.configuration;
    const key = keyOf(c, unknownFields);
    const known = index.get(key);
    if (known !== undefined) return known;
    if (nodes.length >= maxConfigs) {
      bound = 'max-configs';
      return undefined;
    }
    const state = journey.states.get(c.state);
    const human = state?.type === 'human' || step.effects.some((e) => e.type === 'handoff');
    const node: Node = { id: nodes.length, configuration: c, depth, ...(parent !== undefined ? { parent } : {}), ...(via ? { via } : {}), human, expanded: false };
    nodes.push(node);
    index.set(key, node.id);
    return node.id;
  };

  intern(start(explorationJourney, { startTime: at, input }), 0);
  for (let head = 0; head < nodes.length; head++) {
    const node = nodes[head] as Node;
    const c = node.configuration;
    if (c.status !== 'active') {
      node.expanded = true;
      continue;
    }
    if (node.depth >= maxTurns) {
      bound ??= 'max-turns';
      continue;
    }
    const candidates: { input: Input; event?: JourneyEvent }[] = inputsByState.get(c.state) ?? [];
    const due = nextTimeout(journey, c);
    let complete = true;
    for (const { input: candidate, event } of due ? [...candidates, { input: { kind: 'timeout', delay: due.delay } as Input }] : candidates) {
      for (const step of branches(explorationJourney, c, candidate, event, maxDecisions, guards)) {
        if (step.ignored && step.configuration === c) continue;
        const to = intern(step, node.depth + 1, node.id, candidate);
        if (to === undefined) {
          complete = false;
          continue;
        }
        edges.push({ from: node.id, to, input: candidate, choice: candidate.kind === 'event' && !isReservedSignal(candidate.event) });
      }
    }
    node.expanded = complete;
  }
  return { journey, nodes, edges, ...(bound ? { bound } : {}), unknownFields: [...unknownFields].sort(), guards, options: { ...options, maxConfigs, maxTurns } };
}

type GuardStats = Map<Expression, { true: number; false: number; unknown: number }>;

/** Every outcome of one input, branching on guards whose value is unknown. */
function branches(journey: Journey, c: Configuration, input: Input, event: JourneyEvent | undefined, maxDecisions: number, guards: GuardStats): Step[] {
  const out: Step[] = [];
  const pending: boolean[][] = [[]];
  while (pending.length > 0) {
    const prefix = pending.pop() as boolean[];
    const decisions: boolean[] = [];
    const options: RunOptions = {
      quiet: true,
      decide: () => {
        const d = decisions.length < prefix.length ? (prefix[decisions.length] as boolean) : false;
        decisions.push(d);
        return d;
      },
      onGuard: (expression, value) => {
        let stat = guards.get(expression);
        if (!stat) guards.set(expression, (stat = { true: 0, false: 0, unknown: 0 }));
        if (value === true) stat.true++;
        else if (value === UNKNOWN) stat.unknown++;
        else stat.false++;
      },
    };
    const step = event ? send(journey, c, event, options) : fireTimeout(journey, c, (input as { delay: number }).delay, options);
    out.push(step);
    for (let j = prefix.length; j < decisions.length && j < maxDecisions; j++) pending.push([...decisions.slice(0, j), true]);
  }
  return out;
}

/** The events worth sending in each state (its own handlers and the offramp's), with unknown data. */
function eventInputs(journey: Journey): Map<string, { input: Input; event: JourneyEvent }[]> {
  const out = new Map<string, { input: Input; event: JourneyEvent }[]>();
  for (const state of journey.states.values()) {
    const names = new Set<string>();
    for (const t of transitionsOf(state)) if (t.trigger.kind === 'event') names.add(t.trigger.event);
    if (state.type === 'bot' && journey.offramp) {
      for (const e of journey.offramp.on) names.add(e.value);
      if (journey.offramp.noMatch !== undefined) names.add(NO_MATCH);
      if (journey.offramp.frustration) names.add(FRUSTRATED);
    }
    out.set(
      state.id,
      [...names].map((name) => ({ input: { kind: 'event', event: name } as Input, event: withUnknownData(journey, state.id, name) })),
    );
  }
  return out;
}

/** The event with every data field its handler reads set to an unknown value. */
function withUnknownData(journey: Journey, stateId: string, type: string): JourneyEvent {
  const state = journey.states.get(stateId);
  const event: Record<string, unknown> = { type };
  for (const t of state ? transitionsOf(state) : []) {
    if (t.trigger.kind !== 'event' || t.trigger.event !== type) continue;
    for (const b of t.branches) {
      for (const e of [b.guard, ...b.set.map((a) => a.value)]) if (e?.parsed.expr) for (const f of eventFieldsRead(e.parsed.expr)) event[f] = UNKNOWN;
    }
  }
  return event as JourneyEvent;
}

/** A copy of the journey where every human state is open (lint counts a route to a person whatever the hours). */
function alwaysOpen(journey: Journey): Journey {
  let changed = false;
  const states = new Map(journey.states);
  for (const [id, s] of journey.states) {
    if (s.type === 'human' && s.hours.kind === 'weekly') {
      states.set(id, { ...s, hours: { kind: 'always' } });
      changed = true;
    }
  }
  return changed ? { ...journey, states } : journey;
}

/** Identity of a configuration (the clock aside); also notes fields holding unknown values. */
function keyOf(c: Configuration, unknownFields: Set<string>): string {
  let key = `${c.status}|${c.state}|${c.noMatch}|${c.firedTimers.length ? c.firedTimers.join(',') : ''}|`;
  const context = c.context;
  for (const k in context) {
    const v = context[k];
    if (v === UNKNOWN) {
      unknownFields.add(k);
      key += '?;';
    } else key += typeof v === 'string' ? `"${v}";` : `${String(v)};`;
  }
  return key;
}

/** Inputs along the path from the start to a node (the shortest, as BFS found it). */
export function traceTo(exploration: Exploration, id: number): Input[] {
  const inputs: Input[] = [];
  for (let node = exploration.nodes[id]; node && node.via; node = exploration.nodes[node.parent as number]) inputs.push(node.via);
  return inputs.reverse();
}

/** A trace for people: `block, failed, failed, (5m passes)`. */
export function formatTrace(inputs: readonly Input[]): string {
  if (inputs.length === 0) return '(at the start)';
  return inputs.map((i) => (i.kind === 'event' ? i.event : `(${formatDelay(i.delay)} passes)`)).join(', ');
}

function formatDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

