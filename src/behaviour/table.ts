// The journey's behaviour, resolved once: for every state and every input, the ordered
// choices that apply, with the journey-wide offramp, no_match counting and closed-hours
// routing already expanded. The interpreter steps over this table, the compiler emits
// from it, the graph's edges come from it, and the explorer, Monte Carlo, play and
// coverage list a state's events from it, so the semantics of docs/format.md
// ("Execution semantics") live here and nowhere else.
import type { Hours } from '../model/hours.js';
import type { Assignment, Branch, Expression, Journey, Located, State, Transition } from '../model/types.js';
import { asksForPerson, FRUSTRATED, isReservedSignal, NO_INPUT, NO_MATCH } from '../spec/names.js';

/** A value a context field can hold at rest: a literal, or null (not known yet). */
export type FieldValue = string | number | boolean | null;

/** Where a resolved choice comes from: the state's own transition, or the journey-wide offramp. */
export type ChoiceOrigin =
  | { readonly kind: 'own'; readonly transition: Transition; readonly branch: Branch; readonly index: number }
  | { readonly kind: 'offramp'; readonly trigger: 'on' | 'no_match' | 'frustration' };

/** One resolved choice: where it leads, when, and what it does on the way. */
export interface Choice {
  readonly to: string;
  readonly guard?: Expression;
  readonly set: readonly Assignment[];
  readonly effects: readonly Located<string>[];
  readonly origin: ChoiceOrigin;
}

/** What an input does in a state. */
export type Handler =
  /** The first choice whose guard holds is taken; none holding means the input is ignored. */
  | { readonly kind: 'choices'; readonly choices: readonly Choice[] }
  /**
   * `offramp.no_match: N` where the state has no `no_match` of its own: one more
   * not-understood turn in a row; the Nth takes `escalate`, earlier ones only count.
   */
  | { readonly kind: 'count-no-match'; readonly limit: number; readonly escalate: Choice };

/** A timeout of a state: its delay and its choices. */
export interface Timeout {
  readonly delay: string;
  readonly ms: number;
  readonly transition: Transition;
  readonly choices: readonly Choice[];
}

/** How a state ends the journey on entry, when it does. */
export type Finish = { readonly kind: 'end'; readonly outcome: string } | { readonly kind: 'handed-off'; readonly queue: string };

/** Everything a state does, resolved. */
export interface StateBehaviour {
  readonly id: string;
  readonly state: State;
  /** Inputs with an effect here (customer events and reserved signals): the state's own first, in file order, then the offramp's. */
  readonly on: ReadonlyMap<string, Handler>;
  /** Decision choices, evaluated on entry. */
  readonly always?: readonly Choice[];
  /** Timeouts, shortest first. */
  readonly timeouts: readonly Timeout[];
  /** Closed-hours routing on entry: when the hours are closed, the state is not entered and the customer goes to `to`. */
  readonly closed?: { readonly hours: Hours; readonly to: string };
  /** The hand-off on entry of a human state. */
  readonly handoff?: { readonly queue: string; readonly skills: readonly string[]; readonly carry: readonly string[] };
  /** Entering this state ends the journey. */
  readonly finish?: Finish;
  /** Ordinary events the customer can choose here (not reserved signals), in the order of `on`. */
  readonly choices: readonly string[];
  /** Reserved signals with an effect here, in the order of `on`. */
  readonly signals: readonly string[];
  /** The customer event that asks for a person here, if any: the offramp's event, else an own event named so (`speak_to_person`), else one that only leads to a person. */
  readonly askForPerson?: string;
  /** True when the customer can be at rest here: a bot state (a decision whose choices all fail waits too) or a human state with `on`. */
  readonly atRest: boolean;
}

/** A journey's behaviour, resolved once per journey. */
export interface BehaviourTable {
  readonly journey: Journey;
  readonly start: string;
  readonly states: ReadonlyMap<string, StateBehaviour>;
  /** The context a journey starts with before input: declared defaults, null where there is none. */
  readonly defaults: Readonly<Record<string, FieldValue>>;
}

const tables = new WeakMap<Journey, BehaviourTable>();

/** The behaviour table of a journey (built once per journey model, then shared). */
export function behaviourOf(journey: Journey): BehaviourTable {
  let table = tables.get(journey);
  if (!table) {
    table = buildTable(journey);
    tables.set(journey, table);
  }
  return table;
}

function buildTable(journey: Journey): BehaviourTable {
  const states = new Map<string, StateBehaviour>();
  for (const state of journey.states.values()) states.set(state.id, resolveState(journey, state));
  const defaults: Record<string, FieldValue> = {};
  for (const field of journey.fields.values()) defaults[field.name] = field.default ? field.default.value : null;
  const table: BehaviourTable = { journey, start: journey.start.value, states, defaults };
  // Asking for a person needs the whole table (a decision that leads only to people counts).
  for (const [id, s] of states) {
    const ask = askForPerson(table, s);
    if (ask !== undefined) states.set(id, { ...s, askForPerson: ask });
  }
  return table;
}

/** The resolved choices of one of the state's own transitions. */
function ownChoices(transition: Transition): Choice[] {
  return transition.branches.map((branch, index) => ({
    to: branch.to.value,
    ...(branch.guard ? { guard: branch.guard } : {}),
    set: branch.set,
    effects: branch.effects,
    origin: { kind: 'own', transition, branch, index },
  }));
}

function resolveState(journey: Journey, state: State): StateBehaviour {
  const on = new Map<string, Handler>();
  const timeouts: Timeout[] = [];
  let always: Choice[] | undefined;
  if (state.type !== 'end') {
    // The first transition of an event wins; the schema makes event keys unique anyway.
    for (const t of state.on) if (t.trigger.kind === 'event' && !on.has(t.trigger.event)) on.set(t.trigger.event, { kind: 'choices', choices: ownChoices(t) });
  }
  if (state.type === 'bot') {
    if (state.always) always = ownChoices(state.always);
    for (const t of state.after) if (t.trigger.kind === 'after') timeouts.push({ delay: t.trigger.delay, ms: t.trigger.ms, transition: t, choices: ownChoices(t) });
    timeouts.sort((a, b) => a.ms - b.ms);
    // The journey-wide offramp: only bot states, only for inputs the state does not handle itself, only towards a state that exists.
    const offramp = journey.offramp;
    if (offramp && journey.states.has(offramp.to.value)) {
      const escalate = (trigger: 'on' | 'no_match' | 'frustration'): Choice => ({ to: offramp.to.value, set: [], effects: [], origin: { kind: 'offramp', trigger } });
      for (const event of offramp.on) if (!on.has(event.value)) on.set(event.value, { kind: 'choices', choices: [escalate('on')] });
      if (offramp.noMatch !== undefined && !on.has(NO_MATCH)) on.set(NO_MATCH, { kind: 'count-no-match', limit: offramp.noMatch.value, escalate: escalate('no_match') });
      if (offramp.frustration && !on.has(FRUSTRATED)) on.set(FRUSTRATED, { kind: 'choices', choices: [escalate('frustration')] });
    }
  }
  const events = [...on.keys()];
  const base = {
    id: state.id,
    state,
    on,
    ...(always ? { always } : {}),
    timeouts,
    choices: events.filter((e) => !isReservedSignal(e)),
    signals: events.filter(isReservedSignal),
  };
  if (state.type === 'human') {
    return {
      ...base,
      ...(state.hours.kind === 'weekly' && state.whenClosed ? { closed: { hours: state.hours, to: state.whenClosed.value } } : {}),
      handoff: { queue: state.queue.value, skills: state.skills, carry: state.carry.map((c) => c.value) },
      ...(state.on.length === 0 ? { finish: { kind: 'handed-off', queue: state.queue.value } as Finish } : {}),
      atRest: state.on.length > 0,
    };
  }
  if (state.type === 'end') return { ...base, finish: { kind: 'end', outcome: state.outcome.value }, atRest: false };
  return { ...base, atRest: true };
}

/**
 * The event that asks for a person in a state: the offramp's first `on` event where the
 * offramp applies; else the first own event whose name says so (`speak_to_person`,
 * `agent_requested`: spec/names.ts), wherever it leads (a journey that answers such a
 * request without a person is what the rules and the simulator must see); else the
 * first own event that can only lead to a person.
 */
function askForPerson(table: BehaviourTable, s: StateBehaviour): string | undefined {
  for (const event of s.choices) {
    const handler = s.on.get(event) as Handler;
    if (handler.kind === 'choices' && handler.choices.some((c) => c.origin.kind === 'offramp')) return event;
  }
  const named = s.choices.find(asksForPerson);
  if (named !== undefined) return named;
  const memo = new Map<string, boolean>();
  return s.choices.find((e) => onlyToPerson(table, s, e, memo));
}

/** True when every choice of an event leads to a person: choosing it hands the customer over. */
export function onlyToPerson(table: BehaviourTable, s: StateBehaviour, event: string, memo: Map<string, boolean> = new Map()): boolean {
  const handler = s.on.get(event);
  if (!handler) return false;
  const choices = handler.kind === 'choices' ? handler.choices : [handler.escalate];
  return choices.length > 0 && choices.every((c) => leadsToPerson(table, c.to, memo));
}

/**
 * True when entering `id` puts the customer with a person: a human state, or a decision
 * whose every choice leads to one (guards are not evaluated, so every choice counts).
 */
export function leadsToPerson(table: BehaviourTable, id: string, memo: Map<string, boolean> = new Map()): boolean {
  const known = memo.get(id);
  if (known !== undefined) return known;
  const s = table.states.get(id);
  if (!s) return false;
  if (s.state.type === 'human') return true;
  if (!s.always) return false;
  memo.set(id, false); // a cycle of decisions never reaches a person
  const result = s.always.length > 0 && s.always.every((c) => leadsToPerson(table, c.to, memo));
  memo.set(id, result);
  return result;
}

/** True when the journey-wide offramp can be taken in the state: a decision whose last choice has no guard never keeps the customer waiting there. */
export function offrampCanApply(s: StateBehaviour): boolean {
  return !(s.always?.some((c) => !c.guard) ?? false);
}

/** True when the state reacts to `no_input` (its own handler: the offramp never covers silence). */
export function handlesNoInput(s: StateBehaviour): boolean {
  return s.on.has(NO_INPUT);
}

/** How a trigger is named in coverage keys and transition effects: an event name, `always`, `after 5m`. */
export function triggerName(origin: ChoiceOrigin, event?: string): string {
  if (origin.kind === 'offramp') return event ?? origin.trigger;
  const t = origin.transition.trigger;
  return t.kind === 'event' ? t.event : t.kind === 'always' ? 'always' : `after ${t.delay}`;
}

/** Every choice of a state, own and offramp, with the input it answers (`always`, `after 5m`, or the event). */
export function choicesOf(s: StateBehaviour): { readonly input: string; readonly choice: Choice }[] {
  const out: { input: string; choice: Choice }[] = [];
  for (const [event, handler] of s.on) {
    if (handler.kind === 'choices') for (const choice of handler.choices) out.push({ input: event, choice });
    else out.push({ input: event, choice: handler.escalate });
  }
  for (const choice of s.always ?? []) out.push({ input: 'always', choice });
  for (const t of s.timeouts) for (const choice of t.choices) out.push({ input: `after ${t.delay}`, choice });
  return out;
}
