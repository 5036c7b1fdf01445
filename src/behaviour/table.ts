// The journey's behaviour, resolved once: for every state and every input, the ordered
// choices that apply, with the journey-wide offramp, no_match counting, retry ladders,
// failed transfers, closed-hours routing and sub-journeys already expanded. The interpreter
// steps over this table, the compiler emits from it, the graph's edges come from it, and
// the explorer, Monte Carlo, play and coverage list a state's events from it, so the
// semantics of docs/format.md ("Execution semantics") live here and nowhere else.
//
// A call state is resolved by inlining: the called journey's states and fields are copied
// into the table under the call state's name (`verify$ask`, `verify$attempts`: no journey
// name can hold `$`), its end states continue in the caller by the call's `outcomes`, and
// its expressions are renamed to the copied fields. So every engine sees one flat table,
// and the compiled machine is one flat XState machine.
import type { Expr } from '../expr/ast.js';
import { printExpr } from '../expr/ast.js';
import type { Hours } from '../model/hours.js';
import { calleeOf, type Assignment, type Branch, type CallState, type Expression, type Field, type FieldType, type Journey, type Located, type Offramp, type State, type Transition } from '../model/types.js';
import { Derived } from '../util/derived.js';
import { asksForPerson, CALL_SEPARATOR, DEFAULT_OUTCOME, FRUSTRATED, isReservedSignal, NO_INPUT, NO_MATCH, UNAVAILABLE } from '../spec/names.js';

/** A value a context field can hold at rest: a literal, or null (not known yet). */
export type FieldValue = string | number | boolean | null;

/** Where a resolved choice comes from. */
export type ChoiceOrigin =
  /** The state's own transition (`on`, `always`, `after`), choice `index`. */
  | { readonly kind: 'own'; readonly transition: Transition; readonly branch: Branch; readonly index: number }
  /** The journey-wide offramp (the state's own journey's, or a calling journey's). */
  | { readonly kind: 'offramp'; readonly trigger: 'on' | 'no_match' | 'frustration' }
  /** A call state starting its callee. */
  | { readonly kind: 'call'; readonly call: CallState }
  /** A callee's end state continuing in the caller by the call's `outcomes`. */
  | { readonly kind: 'return'; readonly call: CallState; readonly outcome: string }
  /** A failed transfer, to `when_unavailable`. */
  | { readonly kind: 'unavailable' }
  /** A rung of a retry ladder that leaves the state. */
  | { readonly kind: 'rung'; readonly signal: 'no_match' | 'no_input'; readonly index: number };

/** One resolved choice: where it leads, when, and what it does on the way. */
export interface Choice {
  readonly to: string;
  readonly guard?: Expression;
  readonly set: readonly Assignment[];
  readonly effects: readonly Located<string>[];
  /** What the bot says on the way, after `do` and before the target is entered (a leaving ladder rung's `say`). */
  readonly say?: string;
  readonly origin: ChoiceOrigin;
}

/** One resolved rung of a retry ladder. */
export interface ResolvedRung {
  readonly index: number;
  readonly say?: string;
  readonly effects: readonly Located<string>[];
  readonly set: readonly Assignment[];
  /** The move out of the state, when the rung leaves it; without it the customer stays. */
  readonly leave?: Choice;
}

/** What an input does in a state. */
export type Handler =
  /** The first choice whose guard holds is taken; none holding means the input is ignored. */
  | { readonly kind: 'choices'; readonly choices: readonly Choice[] }
  /**
   * `offramp.no_match: N` where the state has no `no_match` of its own: one more
   * not-understood turn in a row; the Nth takes `escalate`, earlier ones only count.
   */
  | { readonly kind: 'count-no-match'; readonly limit: number; readonly escalate: Choice }
  /** A retry ladder: the Nth signal in a row in this state visit takes rung N (the last repeats). */
  | { readonly kind: 'ladder'; readonly signal: 'no_match' | 'no_input'; readonly rungs: readonly ResolvedRung[] };

/** A timeout of a state: its delay and its choices. */
export interface Timeout {
  readonly delay: string;
  readonly ms: number;
  readonly transition: Transition;
  readonly choices: readonly Choice[];
}

/** How a state ends the journey on entry, when it does. */
export type Finish =
  | { readonly kind: 'end'; readonly outcome: string; readonly humanLater: boolean }
  | { readonly kind: 'handed-off'; readonly queue: string };

/** Where a state of the table comes from: its journey and, for an inlined one, the call states that led to it. */
export interface StateOrigin {
  /** The journey whose state this is (the top journey, or a callee). */
  readonly journey: Journey;
  /** The state's id in that journey. */
  readonly id: string;
  /** The call states of the top journey and the callees, outermost first, that inline it (empty: a state of the top journey). */
  readonly calls: readonly { readonly journey: Journey; readonly state: CallState }[];
}

/** Everything a state does, resolved. */
export interface StateBehaviour {
  /** The state's id in the table: its own id, or `call$inner` for an inlined state. */
  readonly id: string;
  readonly state: State;
  readonly origin: StateOrigin;
  /** Inputs with an effect here (customer events, reserved signals, `unavailable`): the state's own first, in file order, then the offramps'. */
  readonly on: ReadonlyMap<string, Handler>;
  /** Decision choices (or a call's start, a callee's return), evaluated on entry. */
  readonly always?: readonly Choice[];
  /** Timeouts, shortest first. */
  readonly timeouts: readonly Timeout[];
  /** Closed-hours routing on entry: when the hours are closed, the state is not entered and the customer goes to `to`. */
  readonly closed?: { readonly hours: Hours; readonly to: string };
  /** The hand-off on entry of a human state (`carry` names fields of the table). */
  readonly handoff?: { readonly queue: string; readonly skills: readonly string[]; readonly carry: readonly string[]; readonly fallback?: string };
  /** Entering this state ends the journey. */
  readonly finish?: Finish;
  /** Ordinary events the customer can choose here (not reserved signals, not `unavailable`), in the order of `on`. */
  readonly choices: readonly string[];
  /** Reserved signals with an effect here, in the order of `on`. */
  readonly signals: readonly string[];
  /** The customer event that asks for a person here, if any: the offramp's event, else an own event named so (`speak_to_person`), else one that only leads to a person. */
  readonly askForPerson?: string;
  /** True when the customer can be at rest here: a bot state (a decision whose choices all fail waits too) or a human state that is not the end. */
  readonly atRest: boolean;
}

/** A journey's behaviour, resolved once per journey. */
export interface BehaviourTable {
  readonly journey: Journey;
  readonly start: string;
  readonly states: ReadonlyMap<string, StateBehaviour>;
  /** The context a journey starts with before input: declared defaults, null where there is none (inlined fields included). */
  readonly defaults: Readonly<Record<string, FieldValue>>;
  /** The type of every context field of the table (inlined fields included). */
  readonly fieldTypes: ReadonlyMap<string, FieldType>;
  /** Every context field of the table by its table name, as its journey declares it (`verify$code` is `code` of the callee). */
  readonly fields: ReadonlyMap<string, Field>;
}

const tables = new Derived<Journey, BehaviourTable>('behaviour table', (journey) => buildTable(journey));

/** The behaviour table of a journey (built once per journey model, then shared). */
export function behaviourOf(journey: Journey): BehaviourTable {
  return tables.of(journey);
}

/** A journey-wide offramp with its target resolved to a table id. */
interface ResolvedOfframp {
  readonly offramp: Offramp;
  readonly to: string;
}

/** How names of one journey map into the table: the prefix of its states and fields. */
interface Scope {
  readonly journey: Journey;
  readonly prefix: string;
  readonly calls: StateOrigin['calls'];
  /** Offramps that apply in its bot states, its own first, then the callers' (innermost first). */
  readonly offramps: readonly ResolvedOfframp[];
  /** For a callee: the call state that runs it, and the scope of the caller. */
  readonly caller?: { readonly call: CallState; readonly scope: Scope };
}

function buildTable(journey: Journey): BehaviourTable {
  const states = new Map<string, StateBehaviour>();
  const defaults: Record<string, FieldValue> = {};
  const fieldTypes = new Map<string, FieldType>();
  const fields = new Map<string, Field>();
  const root: Scope = { journey, prefix: '', calls: [], offramps: [] };
  const withOfframp = (scope: Scope): Scope => {
    const own = scope.journey.offramp;
    const offramps = own && scope.journey.states.has(own.to.value) ? [{ offramp: own, to: scope.prefix + own.to.value }, ...scope.offramps] : scope.offramps;
    return { ...scope, offramps };
  };
  const resolveJourney = (scope: Scope, stack: readonly Journey[]): void => {
    for (const field of scope.journey.fields.values()) {
      defaults[scope.prefix + field.name] = field.default ? field.default.value : null;
      fieldTypes.set(scope.prefix + field.name, field.type.value);
      fields.set(scope.prefix + field.name, field);
    }
    for (const state of scope.journey.states.values()) {
      states.set(scope.prefix + state.id, resolveState(scope, state));
      if (state.type !== 'call') continue;
      const callee = calleeOf(scope.journey, state.call.value);
      // An unknown callee, or a call back into a journey already being called (a cycle), is not inlined: lint reports both.
      if (!callee || stack.includes(callee)) continue;
      resolveJourney(withOfframp({ journey: callee, prefix: `${scope.prefix}${state.id}${CALL_SEPARATOR}`, calls: [...scope.calls, { journey: scope.journey, state }], offramps: scope.offramps, caller: { call: state, scope } }), [...stack, callee]);
    }
  };
  resolveJourney(withOfframp(root), [journey]);
  const table: BehaviourTable = { journey, start: journey.start.value, states, defaults, fieldTypes, fields };
  // Asking for a person needs the whole table (a decision that leads only to people counts).
  for (const s of states.values()) {
    const ask = askForPerson(table, s);
    // Set on the state itself (made by resolveState with the field in place): the table is not yet shared.
    if (ask !== undefined) (s as { askForPerson: string | undefined }).askForPerson = ask;
  }
  return table;
}

/** The resolved choices of one of the state's own transitions, names mapped into the table. */
function ownChoices(scope: Scope, transition: Transition): Choice[] {
  return transition.branches.map((branch, index) => ({
    to: scope.prefix + branch.to.value,
    guard: branch.guard ? renamed(scope.prefix, branch.guard) : undefined,
    set: assignmentsIn(scope.prefix, scope.prefix, branch.set),
    effects: branch.effects,
    origin: { kind: 'own', transition, branch, index },
  }));
}

function resolveState(scope: Scope, state: State): StateBehaviour {
  const p = scope.prefix;
  const on = new Map<string, Handler>();
  const timeouts: Timeout[] = [];
  let always: Choice[] | undefined;
  if (state.type === 'bot' || state.type === 'human') {
    // The first transition of an event wins; the schema makes event keys unique anyway.
    for (const t of state.on) if (t.trigger.kind === 'event' && !on.has(t.trigger.event)) on.set(t.trigger.event, { kind: 'choices', choices: ownChoices(scope, t) });
  }
  if (state.type === 'bot') {
    for (const ladder of state.ladders) {
      on.set(ladder.signal, {
        kind: 'ladder',
        signal: ladder.signal,
        rungs: ladder.rungs.map((rung) => ({
          index: rung.index,
          ...(rung.say ? { say: rung.say.value } : {}),
          effects: rung.effects,
          set: assignmentsIn(p, p, rung.set),
          ...(rung.to
            ? { leave: { to: p + rung.to.value, set: assignmentsIn(p, p, rung.set), effects: rung.effects, ...(rung.say ? { say: rung.say.value } : {}), origin: { kind: 'rung', signal: ladder.signal, index: rung.index } } }
            : {}),
        })),
      });
    }
    if (state.always) always = ownChoices(scope, state.always);
    for (const t of state.after) if (t.trigger.kind === 'after') timeouts.push({ delay: t.trigger.delay, ms: t.trigger.ms, transition: t, choices: ownChoices(scope, t) });
    timeouts.sort((a, b) => a.ms - b.ms);
    // Journey-wide offramps: only bot states, only for inputs the state does not handle itself (its own journey's first).
    for (const { offramp, to } of scope.offramps) {
      const escalate = (trigger: 'on' | 'no_match' | 'frustration'): Choice => ({ to, set: [], effects: [], origin: { kind: 'offramp', trigger } });
      for (const event of offramp.on) if (!on.has(event.value)) on.set(event.value, { kind: 'choices', choices: [escalate('on')] });
      if (offramp.noMatch !== undefined && !on.has(NO_MATCH)) on.set(NO_MATCH, { kind: 'count-no-match', limit: offramp.noMatch.value, escalate: escalate('no_match') });
      if (offramp.frustration && !on.has(FRUSTRATED)) on.set(FRUSTRATED, { kind: 'choices', choices: [escalate('frustration')] });
    }
  }
  if (state.type === 'human' && state.whenUnavailable) {
    on.set(UNAVAILABLE, { kind: 'choices', choices: [{ to: p + state.whenUnavailable.value, set: [], effects: [], origin: { kind: 'unavailable' } }] });
  }
  const choices: string[] = [];
  const signals: string[] = [];
  for (const e of on.keys()) {
    if (isReservedSignal(e)) signals.push(e);
    else if (!(e === UNAVAILABLE && state.type === 'human' && state.whenUnavailable)) choices.push(e);
  }
  let closed: StateBehaviour['closed'];
  let handoff: StateBehaviour['handoff'];
  let finish: Finish | undefined;
  let atRest = true;
  if (state.type === 'human') {
    if (state.hours.kind === 'weekly' && state.whenClosed) closed = { hours: state.hours, to: p + state.whenClosed.value };
    handoff = { queue: state.queue.value, skills: state.skills, carry: state.carry.map((c) => p + c.value), ...(state.whenUnavailable ? { fallback: p + state.whenUnavailable.value } : {}) };
    // A person who cannot hand back ends the journey, unless a failed transfer may still send the customer on.
    if (state.on.length === 0 && !state.whenUnavailable) finish = { kind: 'handed-off', queue: state.queue.value };
    atRest = state.on.length > 0 || state.whenUnavailable !== undefined;
  } else if (state.type === 'end') {
    const back = returnOf(scope, state.outcome.value);
    if (back) always = [back];
    else finish = { kind: 'end', outcome: state.outcome.value, humanLater: state.humanLater };
    atRest = false;
  } else if (state.type === 'call') {
    const callee = calleeOf(scope.journey, state.call.value);
    if (callee) {
      const inner = `${p}${state.id}${CALL_SEPARATOR}`;
      // Every callee field starts at its default, then `input` (read in the caller's names) sets what it names.
      const given = new Set(state.input.map((a) => a.field.value));
      const set: Assignment[] = [];
      for (const field of callee.fields.values()) {
        if (given.has(field.name)) continue;
        set.push({ field: { value: inner + field.name, span: field.keySpan }, value: literalExpression(field.default ? field.default.value : null, field.keySpan) });
      }
      set.push(...assignmentsIn(inner, p, state.input));
      always = [{ to: inner + callee.start.value, set, effects: [], origin: { kind: 'call', call: state } }];
      atRest = false;
    }
  }
  // One literal with every field (absent ones undefined): one shape for every state, no spread copies.
  return { id: p + state.id, state, origin: { journey: scope.journey, id: state.id, calls: scope.calls }, on, always, timeouts, closed, handoff, finish, choices, signals, askForPerson: undefined, atRest };
}

/**
 * Where a called journey's end with `outcome` continues: the call's state for that
 * outcome (or `default`), with `output` read in the callee's names and written in the
 * caller's. An outcome the call does not map ends the caller with the same outcome, so
 * the caller's own call is asked next, outward; undefined when no call maps it (the
 * whole journey ends). The outputs of the calls passed on the way are applied as one
 * `set`: each later one reads what the earlier ones wrote (substituted), so the result
 * is as if each call had ended in turn.
 */
function returnOf(scope: Scope, outcome: string): Choice | undefined {
  const written = new Map<string, Expr>();
  const set: Assignment[] = [];
  for (let at = scope; at.caller; at = at.caller.scope) {
    const { call, scope: up } = at.caller;
    const passed = new Map<string, Expr>();
    for (const a of assignmentsIn(up.prefix, at.prefix, call.output)) {
      const expr = a.value.parsed.expr ? substituteFields(a.value.parsed.expr, written) : undefined;
      const value: Expression = expr ? { ...a.value, source: printExpr(expr), parsed: { expr } } : a.value;
      set.push({ field: a.field, value });
      if (expr) passed.set(a.field.value, expr);
    }
    for (const [field, expr] of passed) written.set(field, expr);
    const target = call.outcomes.get(outcome) ?? call.outcomes.get(DEFAULT_OUTCOME);
    if (target) return { to: up.prefix + target.value, set, effects: [], origin: { kind: 'return', call, outcome } };
  }
  return undefined;
}

/** An expression with the fields `values` names replaced by their expressions (one call's output read by the next). */
function substituteFields(expr: Expr, values: ReadonlyMap<string, Expr>): Expr {
  if (values.size === 0) return expr;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const n = node as Record<string, unknown>;
    if (n.kind === 'field' && typeof n.name === 'string') return values.get(n.name) ?? n;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) out[k] = walk(v);
    return out;
  };
  return walk(expr) as Expr;
}

/** Assignments with their fields named in `writePrefix` and their expressions read in `readPrefix`. */
function assignmentsIn(writePrefix: string, readPrefix: string, list: readonly Assignment[]): Assignment[] {
  if (writePrefix === '' && readPrefix === '') return [...list];
  return list.map((a) => ({ field: { value: writePrefix + a.field.value, span: a.field.span }, value: renamed(readPrefix, a.value) }));
}

/** An expression with every context field renamed into the table (`attempts` -> `verify$attempts`). */
function renamed(prefix: string, expression: Expression): Expression {
  if (prefix === '' || !expression.parsed.expr) return expression;
  const expr = renameFields(expression.parsed.expr, prefix);
  return { ...expression, source: printExpr(expr), parsed: { expr } };
}

/** Renames the fields of an expression tree, whatever its node kinds (the tree is data: fields are the `field` nodes). */
function renameFields(expr: Expr, prefix: string): Expr {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const n = node as Record<string, unknown>;
    if (n.kind === 'field' && typeof n.name === 'string') return { ...n, name: prefix + n.name };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) out[k] = walk(v);
    return out;
  };
  return walk(expr) as Expr;
}

/** A literal value as an expression (defaults given to a callee's fields when it is called). */
function literalExpression(value: FieldValue, at: Located<string>['span']): Expression {
  const expr = { kind: 'literal', value } as unknown as Expr;
  return { source: value === null ? 'null' : printExpr(expr), span: at, literal: true, parsed: { expr } };
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

/** The choices an input of a state can take (a ladder's rungs that leave, the no_match escalation). */
export function handlerChoices(handler: Handler): readonly Choice[] {
  if (handler.kind === 'choices') return handler.choices;
  if (handler.kind === 'count-no-match') return [handler.escalate];
  return handler.rungs.flatMap((r) => (r.leave ? [r.leave] : []));
}

/** True when every choice of an event leads to a person: choosing it hands the customer over. */
export function onlyToPerson(table: BehaviourTable, s: StateBehaviour, event: string, memo: Map<string, boolean> = new Map()): boolean {
  const handler = s.on.get(event);
  if (!handler) return false;
  const choices = handlerChoices(handler);
  return choices.length > 0 && choices.every((c) => leadsToPerson(table, c.to, memo));
}

/** What, besides a human state, counts as putting the customer with a person at once (`leadsToPerson`). */
export interface PersonOptions {
  /** An end with `human: later`: a person calls back. */
  readonly callbacks?: boolean;
  /** An end of a sub-journey checked on its own: it returns to its callers, whose `outcomes` decide what follows. */
  readonly subJourneyEnds?: boolean;
}

/**
 * True when entering `id` puts the customer with a person at once: a human state, or a
 * decision, call or return whose every choice does (guards are not evaluated), and what
 * `options` adds. `memo` is per set of options.
 */
export function leadsToPerson(table: BehaviourTable, id: string, memo: Map<string, boolean> = new Map(), options: PersonOptions = {}): boolean {
  const known = memo.get(id);
  if (known !== undefined) return known;
  const s = table.states.get(id);
  if (!s) return false;
  if (s.state.type === 'human') return true;
  if (s.finish?.kind === 'end') return (options.callbacks === true && s.finish.humanLater) || (options.subJourneyEnds === true && table.journey.subJourney && s.origin.calls.length === 0);
  if (!s.always) return false;
  memo.set(id, false); // a cycle of decisions never reaches a person
  const result = s.always.length > 0 && s.always.every((c) => leadsToPerson(table, c.to, memo, options));
  memo.set(id, result);
  return result;
}

/** True when the journey-wide offramp can be taken in the state: a decision whose last choice has no guard never keeps the customer waiting there. */
export function offrampCanApply(s: StateBehaviour): boolean {
  return !(s.always?.some((c) => !c.guard) ?? false);
}

/** True when the state reacts to `no_input` (its own handler or ladder: the offramp never covers silence). */
export function handlesNoInput(s: StateBehaviour): boolean {
  return s.on.has(NO_INPUT);
}

/** How a trigger is named in coverage keys and transition effects: an event name, `always`, `after 5m`. */
export function triggerName(origin: ChoiceOrigin, event?: string): string {
  if (origin.kind !== 'own') return event ?? origin.kind;
  const t = origin.transition.trigger;
  return t.kind === 'event' ? t.event : t.kind === 'always' ? 'always' : `after ${t.delay}`;
}

/** Every choice of a state, own and offramp, with the input it answers (`always`, `after 5m`, or the event). */
export function choicesOf(s: StateBehaviour): readonly { readonly input: string; readonly choice: Choice }[] {
  return stateChoices.of(s);
}

/** `choicesOf` per state, made once: several rules and engines walk every state's choices. */
const stateChoices = new Derived<StateBehaviour, readonly { readonly input: string; readonly choice: Choice }[]>('choices', (s) => {
  const made: { input: string; choice: Choice }[] = [];
  for (const [event, handler] of s.on) for (const choice of handlerChoices(handler)) made.push({ input: event, choice });
  for (const choice of s.always ?? []) made.push({ input: 'always', choice });
  for (const t of s.timeouts) for (const choice of t.choices) made.push({ input: `after ${t.delay}`, choice });
  return made;
});

/** The index a choice is known by in coverage and transition effects: its place among its transition's choices, else `offramp` or 0. */
export function choiceIndex(choice: Choice): number | 'offramp' {
  if (choice.origin.kind === 'own') return choice.origin.index;
  if (choice.origin.kind === 'offramp') return 'offramp';
  if (choice.origin.kind === 'rung') return choice.origin.index;
  return 0;
}
