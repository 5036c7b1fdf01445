import { evaluate, EVAL_ERROR, UNKNOWN, type Outcome } from '../expr/evaluate.js';
import type { Expr } from '../expr/ast.js';
import { isOpen } from '../model/hours.js';
import { FRUSTRATED, NO_MATCH } from '../spec/names.js';
import { handlerFor, type Branch, type Expression, type Journey, type State } from '../model/types.js';

/** Most transitions without a customer event (decisions, closed redirects) before a run is stopped as a loop. */
export const MAX_CHAIN = 100;
/** Most timeouts that may fall due in one wait; beyond it the run stops with an error instead of running for hours. */
export const MAX_TIMEOUTS_PER_WAIT = 1_000_000;

/** A context value: a literal, `null` (no value yet), or UNKNOWN (event data, in the explorer). */
export type ContextValue = string | number | boolean | null | typeof UNKNOWN;

/** How a journey ended. */
export interface JourneyOutput {
  readonly journey: string;
  readonly outcome: string;
  /** For handoffs: the human state and its queue. */
  readonly state?: string;
  readonly queue?: string;
}

/** A running journey: everything the reference semantics needs to take the next step. */
export interface Configuration {
  /** The current state (always one of the journey's own states). */
  readonly state: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** Consecutive `no_match` signals in the current state. */
  readonly noMatch: number;
  /** Clock time (ms) when the current state was entered. */
  readonly enteredAt: number;
  /** Clock time (ms) now. */
  readonly now: number;
  /** Delays (ms) of the current state's timeouts that already fired without taking a transition. */
  readonly firedTimers: readonly number[];
  readonly status: 'active' | 'done' | 'error';
  readonly output?: JourneyOutput;
  readonly error?: string;
}

/** Something the journey does on the way (what a bot would run or say). */
export type Effect =
  | { readonly type: 'say'; readonly state: string; readonly text: string }
  | { readonly type: 'do'; readonly name: string; readonly state: string }
  | { readonly type: 'handoff'; readonly state: string; readonly queue: string; readonly skills: readonly string[]; readonly carried: Readonly<Record<string, ContextValue>> }
  | { readonly type: 'closed'; readonly state: string; readonly to: string }
  | { readonly type: 'enter'; readonly state: string }
  /** A transition taken: its source, trigger (event, `always`, `after 5m`), choice index (or `offramp`) and target. */
  | { readonly type: 'transition'; readonly from: string; readonly trigger: string; readonly choice: number | 'offramp'; readonly to: string }
  | { readonly type: 'evalError'; readonly state: string; readonly expression: string };

/** The result of one step: the next configuration, what happened, and whether the input was ignored. */
export interface Step {
  readonly configuration: Configuration;
  readonly effects: readonly Effect[];
  /** True when nothing handled the event (the configuration is unchanged). */
  readonly ignored: boolean;
}

/** An event: a customer event or reserved signal, with optional data fields. */
export interface JourneyEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Options of a run. */
export interface RunOptions {
  /** Context values at the start, over the declared defaults. */
  readonly input?: Readonly<Record<string, ContextValue>>;
  /** Clock time (epoch ms) at the start; hours are judged against it. */
  readonly startTime?: number;
  /**
   * Decides guards whose value is unknown (explorer only); without it, an unknown
   * guard does not hold.
   */
  readonly decide?: (expression: Expression) => boolean;
  /** Told the value of every guard evaluated (the explorer's record of guards that never hold). */
  readonly onGuard?: (expression: Expression, value: Outcome) => void;
  /** Record only hand-offs among the effects (the explorer and Monte Carlo need no more; saves allocations). */
  readonly quiet?: boolean;
}

const NO_EFFECTS: readonly Effect[] = [];
const NO_TIMERS: readonly number[] = [];

/** The context a journey starts with: defaults, `null` where there is none, input over them. */
export function initialContext(journey: Journey, input?: Readonly<Record<string, ContextValue>>): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const field of journey.fields.values()) context[field.name] = field.default ? field.default.value : null;
  if (input) for (const [k, v] of Object.entries(input)) if (journey.fields.has(k)) context[k] = v;
  return context;
}

/** Starts a journey: enters `start` (following decisions and closed redirects). */
export function start(journey: Journey, options: RunOptions = {}): Step {
  const now = options.startTime ?? Date.now();
  const effects: Effect[] = [];
  const base: Configuration = {
    state: journey.start.value,
    context: initialContext(journey, options.input),
    noMatch: 0,
    enteredAt: now,
    now,
    firedTimers: NO_TIMERS,
    status: 'active',
  };
  const configuration = enter(journey, base, base.context, journey.start.value, { type: 'journey.start' }, effects, options, 0);
  return { configuration, effects, ignored: false };
}

/**
 * The step function of the reference semantics (docs/format.md): handles one
 * customer event or signal in the current state. Pure: returns a new configuration.
 */
export function send(journey: Journey, configuration: Configuration, event: JourneyEvent, options: RunOptions = {}): Step {
  if (configuration.status !== 'active') return { configuration, effects: NO_EFFECTS, ignored: true };
  const state = journey.states.get(configuration.state);
  if (!state) return { configuration, effects: NO_EFFECTS, ignored: true };
  const effects: Effect[] = [];
  const handler = handlerFor(state, event.type);
  if (handler) {
    const branch = choose(handler.branches, configuration.context, event, effects, state.id, options);
    if (!branch) return { configuration, effects, ignored: true };
    if (!options.quiet) effects.push({ type: 'transition', from: state.id, trigger: event.type, choice: handler.branches.indexOf(branch), to: branch.to.value });
    return { configuration: take(journey, configuration, branch, event, effects, options), effects, ignored: false };
  }
  const offramp = journey.offramp;
  if (state.type === 'bot' && offramp && journey.states.has(offramp.to.value)) {
    const escalate: Branch = { to: offramp.to, set: [], effects: [], span: offramp.keySpan };
    const note = (): void => {
      if (!options.quiet) effects.push({ type: 'transition', from: state.id, trigger: event.type, choice: 'offramp', to: offramp.to.value });
    };
    if (offramp.on.some((e) => e.value === event.type)) {
      note();
      return { configuration: take(journey, configuration, escalate, event, effects, options), effects, ignored: false };
    }
    if (event.type === NO_MATCH && offramp.noMatch !== undefined) {
      const count = configuration.noMatch + 1;
      if (count >= offramp.noMatch.value) {
        note();
        return { configuration: take(journey, configuration, escalate, event, effects, options), effects, ignored: false };
      }
      return { configuration: { ...configuration, noMatch: count }, effects, ignored: false };
    }
    if (event.type === FRUSTRATED && offramp.frustration) {
      note();
      return { configuration: take(journey, configuration, escalate, event, effects, options), effects, ignored: false };
    }
  }
  return { configuration, effects: NO_EFFECTS, ignored: true };
}

/** Clock time of the current state's next timeout, or undefined when none is pending. */
export function nextTimeout(journey: Journey, configuration: Configuration): { at: number; delay: number } | undefined {
  if (configuration.status !== 'active') return undefined;
  const state = journey.states.get(configuration.state);
  if (!state || state.type !== 'bot') return undefined;
  let best: { at: number; delay: number } | undefined;
  for (const t of state.after) {
    if (t.trigger.kind !== 'after' || configuration.firedTimers.includes(t.trigger.ms)) continue;
    const at = configuration.enteredAt + t.trigger.ms;
    if (!best || at < best.at) best = { at, delay: t.trigger.ms };
  }
  return best;
}

/**
 * Lets `ms` of time pass: every timeout that comes due fires at its own due time,
 * in order (a state entered by a timeout starts its timers then).
 */
export function advance(journey: Journey, configuration: Configuration, ms: number, options: RunOptions = {}): Step {
  const target = configuration.now + Math.max(0, ms);
  const effects: Effect[] = [];
  let current = configuration;
  let ignored = true;
  for (let fired = 0; ; fired++) {
    const due = nextTimeout(journey, current);
    if (!due || due.at > target) break;
    if (fired >= MAX_TIMEOUTS_PER_WAIT) {
      return { configuration: { ...current, status: 'error', error: `more than ${MAX_TIMEOUTS_PER_WAIT} timeouts fell due in one wait` }, effects, ignored: false };
    }
    const step = fireTimeout(journey, { ...current, now: due.at }, due.delay, options);
    effects.push(...step.effects);
    current = step.configuration;
    if (!step.ignored) ignored = false;
  }
  return { configuration: { ...current, now: Math.max(current.now, target) }, effects, ignored };
}

/** Fires the current state's timeout of `delay` ms now (the explorer's and `journey play`'s "time passes"). */
export function fireTimeout(journey: Journey, configuration: Configuration, delay: number, options: RunOptions = {}): Step {
  const state = journey.states.get(configuration.state);
  if (configuration.status !== 'active' || !state || state.type !== 'bot') return { configuration, effects: NO_EFFECTS, ignored: true };
  const timer = state.after.find((t) => t.trigger.kind === 'after' && t.trigger.ms === delay);
  if (!timer) return { configuration, effects: NO_EFFECTS, ignored: true };
  const effects: Effect[] = [];
  const event: JourneyEvent = { type: `$timeout.${delay}` };
  const branch = choose(timer.branches, configuration.context, event, effects, state.id, options);
  if (!branch) return { configuration: { ...configuration, firedTimers: [...configuration.firedTimers, delay] }, effects, ignored: true };
  if (!options.quiet) effects.push({ type: 'transition', from: state.id, trigger: `after ${timer.trigger.kind === 'after' ? timer.trigger.delay : delay}`, choice: timer.branches.indexOf(branch), to: branch.to.value });
  return { configuration: take(journey, configuration, branch, event, effects, options), effects, ignored: false };
}

function choose(
  branches: readonly Branch[],
  context: Readonly<Record<string, ContextValue>>,
  event: JourneyEvent,
  effects: Effect[],
  stateId: string,
  options: RunOptions,
): Branch | undefined {
  for (const branch of branches) {
    if (!branch.guard) return branch;
    const value = evaluateExpression(branch.guard, context, event, effects, stateId);
    options.onGuard?.(branch.guard, value);
    if (value === true) return branch;
    if (value === UNKNOWN && options.decide?.(branch.guard)) return branch;
  }
  return undefined;
}

function evaluateExpression(
  expression: Expression,
  context: Readonly<Record<string, ContextValue>>,
  event: JourneyEvent,
  effects: Effect[],
  stateId: string,
): Outcome {
  const expr = expression.parsed.expr as Expr | undefined;
  if (!expr) {
    effects.push({ type: 'evalError', state: stateId, expression: expression.source });
    return EVAL_ERROR;
  }
  const value = evaluate(expr, { context, event: eventData(event) });
  if (value === EVAL_ERROR) effects.push({ type: 'evalError', state: stateId, expression: expression.source });
  return value;
}

/** Event data fields (the event minus its type); internal events carry none. */
function eventData(event: JourneyEvent): Record<string, unknown> | undefined {
  if (event.type.startsWith('$') || event.type === 'journey.start') return undefined;
  return event;
}

/** Takes a transition: `set` (all against the old context), the transition's `do`, then enter the target. */
function take(journey: Journey, configuration: Configuration, branch: Branch, event: JourneyEvent, effects: Effect[], options: RunOptions): Configuration {
  const context = applySet(branch, configuration.context, configuration.state, event, effects);
  if (!options.quiet) for (const effect of branch.effects) effects.push({ type: 'do', name: effect.value, state: configuration.state });
  return enter(journey, configuration, context, branch.to.value, event, effects, options, 1);
}

function applySet(
  branch: Branch,
  context: Readonly<Record<string, ContextValue>>,
  stateId: string,
  event: JourneyEvent,
  effects: Effect[],
): Readonly<Record<string, ContextValue>> {
  if (branch.set.length === 0) return context;
  let next: Record<string, ContextValue> | undefined;
  for (const assignment of branch.set) {
    // Every expression sees the context as it was before the transition.
    const value = evaluateExpression(assignment.value, context, event, effects, stateId);
    if (value === EVAL_ERROR) continue;
    next ??= { ...context };
    next[assignment.field.value] = value;
  }
  return next ?? context;
}

/**
 * Enters `target`, following closed-hours redirects and decision states until the
 * customer is at rest, a journey end, or the chain bound (a loop). Builds the new
 * configuration once, at the end.
 */
function enter(
  journey: Journey,
  from: Configuration,
  startContext: Readonly<Record<string, ContextValue>>,
  target: string,
  event: JourneyEvent,
  effects: Effect[],
  options: RunOptions,
  chainStart: number,
): Configuration {
  const now = from.now;
  let context = startContext;
  let at = from.state;
  let next: string = target;
  const rest = (state: string, status: Configuration['status'], extra: Partial<Configuration> = {}): Configuration => ({
    state,
    context,
    noMatch: 0,
    enteredAt: now,
    now,
    firedTimers: NO_TIMERS,
    status,
    ...extra,
  });
  for (let chain = chainStart; ; chain++) {
    if (chain > MAX_CHAIN) {
      return { ...from, state: at, context, status: 'error', error: `more than ${MAX_CHAIN} transitions without a customer event (a loop through ${next})` };
    }
    const state: State | undefined = journey.states.get(next);
    if (!state) return { ...from, state: at, context, status: 'error', error: `no state named ${next}` };
    if (state.type === 'human' && state.hours.kind === 'weekly' && state.whenClosed && !isOpen(state.hours, new Date(now))) {
      if (!options.quiet) effects.push({ type: 'closed', state: state.id, to: state.whenClosed.value });
      next = state.whenClosed.value;
      continue;
    }
    at = state.id;
    if (!options.quiet) effects.push({ type: 'enter', state: state.id });
    if (state.type === 'human') {
      const carried: Record<string, ContextValue> = {};
      for (const c of state.carry) carried[c.value] = Object.hasOwn(context, c.value) ? (context[c.value] as ContextValue) : null;
      effects.push({ type: 'handoff', state: state.id, queue: state.queue.value, skills: state.skills, carried });
    }
    if (!options.quiet) {
      for (const effect of state.effects) effects.push({ type: 'do', name: effect.value, state: state.id });
      if (state.say) effects.push({ type: 'say', state: state.id, text: state.say.value });
    }
    if (state.type === 'end') return rest(state.id, 'done', { output: { journey: journey.id.value, outcome: state.outcome.value } });
    if (state.type === 'human') {
      if (state.on.length === 0) return rest(state.id, 'done', { output: { journey: journey.id.value, outcome: 'handed_off', state: state.id, queue: state.queue.value } });
      return rest(state.id, 'active');
    }
    if (!state.always) return rest(state.id, 'active');
    const branch = choose(state.always.branches, context, event, effects, state.id, options);
    if (!branch) return rest(state.id, 'active');
    if (!options.quiet) effects.push({ type: 'transition', from: state.id, trigger: 'always', choice: state.always.branches.indexOf(branch), to: branch.to.value });
    context = applySet(branch, context, state.id, event, effects);
    if (!options.quiet) for (const effect of branch.effects) effects.push({ type: 'do', name: effect.value, state: state.id });
    next = branch.to.value;
  }
}
