import { behaviourOf, choiceIndex, type Choice, type ResolvedRung, type StateBehaviour } from '../behaviour/table.js';
import { evaluate, EVAL_ERROR, UNKNOWN, type Outcome } from '../expr/evaluate.js';
import type { Expr } from '../expr/ast.js';
import { isOpen } from '../model/hours.js';
import type { Expression, Journey } from '../model/types.js';

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
  /** `later` for an end where a person follows up after the conversation (a callback). */
  readonly human?: 'later';
}

/** A running journey: everything the reference semantics needs to take the next step. */
export interface Configuration {
  /** The current state (always one of the journey's own states). */
  readonly state: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** Consecutive `no_match` signals in the current state. */
  readonly noMatch: number;
  /** Consecutive `no_input` signals in the current state (for a `no_input` retry ladder). */
  readonly noInput: number;
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
  readonly decide?: (expression: Expression, scope: { readonly context: Readonly<Record<string, ContextValue>>; readonly event: JourneyEvent }) => boolean;
  /** Told the value of every guard evaluated (the explorer's record of guards that never hold). */
  readonly onGuard?: (expression: Expression, value: Outcome) => void;
  /** Record only hand-offs among the effects (the explorer and Monte Carlo need no more; saves allocations). */
  readonly quiet?: boolean;
  /** Told every choice taken (Monte Carlo's record of branches never taken), also when `quiet`. */
  readonly onChoice?: (choice: Choice) => void;
  /** Told every state the customer passes through, in order, also when `quiet` (Monte Carlo's traffic per state and move); a closed state is told before its redirect. */
  readonly onEnter?: (state: string) => void;
}

const NO_EFFECTS: readonly Effect[] = [];
const NO_TIMERS: readonly number[] = [];

/** The context a journey starts with: defaults, `null` where there is none, input over them (fields it declares only). */
export function initialContext(journey: Journey, input?: Readonly<Record<string, ContextValue>>): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = { ...behaviourOf(journey).defaults };
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
    noInput: 0,
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
  const here = behaviourOf(journey).states.get(configuration.state);
  const handler = here?.on.get(event.type);
  if (!here || !handler) return { configuration, effects: NO_EFFECTS, ignored: true };
  const effects: Effect[] = [];
  if (handler.kind === 'ladder') {
    // Rung N for the Nth signal in a row in this visit; past the last rung, the last one again.
    const count = handler.signal === 'no_match' ? configuration.noMatch : configuration.noInput;
    const rung = handler.rungs[Math.min(count, handler.rungs.length - 1)] as ResolvedRung;
    if (rung.leave) return { configuration: take(journey, configuration, here, event.type, rung.leave, event, effects, options), effects, ignored: false };
    if (!options.quiet) effects.push({ type: 'transition', from: here.id, trigger: event.type, choice: rung.index, to: here.id });
    const context = applySet(rung, configuration.context, here.id, event, effects);
    if (!options.quiet) {
      for (const effect of rung.effects) effects.push({ type: 'do', name: effect.value, state: here.id });
      if (rung.say !== undefined) effects.push({ type: 'say', state: here.id, text: rung.say });
    }
    const counted = handler.signal === 'no_match' ? { noMatch: count + 1 } : { noInput: count + 1 };
    const stayed: Configuration = { ...configuration, context, ...counted };
    // A decision that waits checks its choices again: the rung's `set` may have changed what they read.
    const decided = here.always ? choose(here.always, context, event, effects, here.id, options) : undefined;
    if (decided) return { configuration: take(journey, stayed, here, 'always', decided, event, effects, options), effects, ignored: false };
    return { configuration: stayed, effects, ignored: false };
  }
  if (handler.kind === 'count-no-match') {
    const count = configuration.noMatch + 1;
    if (count < handler.limit) return { configuration: { ...configuration, noMatch: count }, effects, ignored: false };
    return { configuration: take(journey, configuration, here, event.type, handler.escalate, event, effects, options), effects, ignored: false };
  }
  const choice = choose(handler.choices, configuration.context, event, effects, here.id, options);
  if (!choice) return { configuration, effects, ignored: true };
  return { configuration: take(journey, configuration, here, event.type, choice, event, effects, options), effects, ignored: false };
}

/** Clock time of the current state's next timeout, or undefined when none is pending. */
export function nextTimeout(journey: Journey, configuration: Configuration): { at: number; delay: number } | undefined {
  if (configuration.status !== 'active') return undefined;
  const here = behaviourOf(journey).states.get(configuration.state);
  if (!here) return undefined;
  // Timeouts are sorted shortest first: the first that has not fired is the next due.
  for (const t of here.timeouts) if (!configuration.firedTimers.includes(t.ms)) return { at: configuration.enteredAt + t.ms, delay: t.ms };
  return undefined;
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
    const step = fireTimeout(journey, waitedUntil(current, due.at), due.delay, options);
    effects.push(...step.effects);
    current = step.configuration;
    if (!step.ignored) ignored = false;
  }
  return { configuration: waitedUntil(current, Math.max(current.now, target)), effects, ignored };
}

/** Fires the current state's timeout of `delay` ms now (the explorer's and `journey play`'s "time passes"). */
export function fireTimeout(journey: Journey, configuration: Configuration, delay: number, options: RunOptions = {}): Step {
  const here = behaviourOf(journey).states.get(configuration.state);
  const timer = here?.timeouts.find((t) => t.ms === delay);
  if (configuration.status !== 'active' || !here || !timer) return { configuration, effects: NO_EFFECTS, ignored: true };
  const effects: Effect[] = [];
  const event: JourneyEvent = { type: `$timeout.${delay}` };
  const choice = choose(timer.choices, configuration.context, event, effects, here.id, options);
  if (!choice) return { configuration: { ...configuration, firedTimers: [...configuration.firedTimers, delay] }, effects, ignored: true };
  return { configuration: take(journey, configuration, here, `after ${timer.delay}`, choice, event, effects, options), effects, ignored: false };
}

function choose(
  choices: readonly Choice[],
  context: Readonly<Record<string, ContextValue>>,
  event: JourneyEvent,
  effects: Effect[],
  stateId: string,
  options: RunOptions,
): Choice | undefined {
  for (const choice of choices) {
    if (!choice.guard) return choice;
    const value = evaluateExpression(choice.guard, context, event, effects, stateId);
    options.onGuard?.(choice.guard, value);
    if (value === true) return choice;
    if (value === UNKNOWN && options.decide?.(choice.guard, { context, event })) return choice;
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

/** Takes a transition from `here`: `set` (all against the old context), the transition's `do` (and a rung's `say`), then enter the target. */
function take(journey: Journey, configuration: Configuration, here: StateBehaviour, trigger: string, choice: Choice, event: JourneyEvent, effects: Effect[], options: RunOptions): Configuration {
  if (!options.quiet) effects.push({ type: 'transition', from: here.id, trigger, choice: choiceIndex(choice), to: choice.to });
  options.onChoice?.(choice);
  const context = applySet(choice, configuration.context, configuration.state, event, effects);
  if (!options.quiet) {
    for (const effect of choice.effects) effects.push({ type: 'do', name: effect.value, state: configuration.state });
    if (choice.say !== undefined) effects.push({ type: 'say', state: configuration.state, text: choice.say });
  }
  return enter(journey, configuration, context, choice.to, event, effects, options, 1);
}

function applySet(
  choice: { readonly set: Choice['set'] },
  context: Readonly<Record<string, ContextValue>>,
  stateId: string,
  event: JourneyEvent,
  effects: Effect[],
): Readonly<Record<string, ContextValue>> {
  if (choice.set.length === 0) return context;
  let next: Record<string, ContextValue> | undefined;
  for (const assignment of choice.set) {
    // Every expression sees the context as it was before the transition.
    const value = evaluateExpression(assignment.value, context, event, effects, stateId);
    if (value === EVAL_ERROR) continue;
    next ??= { ...context };
    next[assignment.field.value] = value;
  }
  return next ?? context;
}

/** An active configuration with its clock moved on to `now` (time passing changes nothing else until a timeout fires). */
export function waitedUntil(configuration: Configuration, now: number): Configuration {
  const c = configuration;
  if (c.status !== 'active') return { ...c, now };
  return { state: c.state, context: c.context, noMatch: c.noMatch, noInput: c.noInput, enteredAt: c.enteredAt, now, firedTimers: c.firedTimers, status: 'active' };
}

/** The configuration of a customer who has just come to rest in `state` (its counters and timers start again). */
function atRest(state: string, context: Readonly<Record<string, ContextValue>>, now: number): Configuration {
  return { state, context, noMatch: 0, noInput: 0, enteredAt: now, now, firedTimers: NO_TIMERS, status: 'active' };
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
  const table = behaviourOf(journey);
  for (let chain = chainStart; ; chain++) {
    if (chain > MAX_CHAIN) {
      return { ...from, state: at, context, status: 'error', error: `more than ${MAX_CHAIN} transitions without a customer event (a loop through ${next})` };
    }
    const s = table.states.get(next);
    if (!s) return { ...from, state: at, context, status: 'error', error: `no state named ${next}` };
    options.onEnter?.(s.id);
    if (s.closed && !isOpen(s.closed.hours, new Date(now))) {
      if (!options.quiet) effects.push({ type: 'closed', state: s.id, to: s.closed.to });
      next = s.closed.to;
      continue;
    }
    at = s.id;
    if (!options.quiet) effects.push({ type: 'enter', state: s.id });
    if (s.handoff) {
      const carried: Record<string, ContextValue> = {};
      for (const field of s.handoff.carry) carried[field] = Object.hasOwn(context, field) ? (context[field] as ContextValue) : null;
      effects.push({ type: 'handoff', state: s.id, queue: s.handoff.queue, skills: s.handoff.skills, carried });
    }
    if (!options.quiet) {
      for (const effect of s.state.effects) effects.push({ type: 'do', name: effect.value, state: s.id });
      if (s.state.say) effects.push({ type: 'say', state: s.id, text: s.state.say.value });
    }
    if (s.finish) {
      const output: JourneyOutput =
        s.finish.kind === 'end'
          ? { journey: journey.id.value, outcome: s.finish.outcome, ...(s.finish.humanLater ? { human: 'later' as const } : {}) }
          : { journey: journey.id.value, outcome: 'handed_off', state: s.id, queue: s.finish.queue };
      return { state: s.id, context, noMatch: 0, noInput: 0, enteredAt: now, now, firedTimers: NO_TIMERS, status: 'done', output };
    }
    if (!s.always) return atRest(s.id, context, now);
    const choice = choose(s.always, context, event, effects, s.id, options);
    if (!choice) return atRest(s.id, context, now);
    if (!options.quiet) effects.push({ type: 'transition', from: s.id, trigger: 'always', choice: choiceIndex(choice), to: choice.to });
    options.onChoice?.(choice);
    context = applySet(choice, context, s.id, event, effects);
    if (!options.quiet) for (const effect of choice.effects) effects.push({ type: 'do', name: effect.value, state: s.id });
    next = choice.to;
  }
}
