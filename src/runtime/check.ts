// Everything the runtime refuses before XState ever sees it: a compiled config that would
// misbehave (silently, later, or with a raw TypeError), input of the wrong type, and snapshots
// that are corrupt or belong to another machine. Each check returns problems in plain words;
// the caller throws them together as one JourneyConfigError.
import { fieldsRead, type Expr } from '../expr/ast.js';
import { parseExpression } from '../expr/parse.js';
import { parseHours, type Hours } from '../model/hours.js';
import { BUILTIN_ACTION, BUILTIN_GUARD, BUILTIN_PREFIX, INTERNAL_KEY, MAX_TIMER_MS } from './protocol.js';

/** The kind of value a context field holds. */
export type FieldKind = 'string' | 'number' | 'boolean';

/** What the runtime needs to know of one state. */
export interface StateInfo {
  readonly final: boolean;
  /** Delays of its `after` timers, in ms, ascending. */
  readonly delays: readonly number[];
}

/** A compiled config that passed every check, with what was parsed on the way. */
export interface CheckedConfig {
  readonly journey: string;
  readonly initial: string;
  readonly states: ReadonlyMap<string, StateInfo>;
  /** Declared fields and their kinds (undefined kind: a hand-written config that says nothing). */
  readonly fields: ReadonlyMap<string, FieldKind | undefined>;
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Side-effect names the journey uses (each needs an implementation), sorted. */
  readonly effects: readonly string[];
  /** Every expression, parsed once, by its source. */
  readonly expressions: ReadonlyMap<string, Expr>;
  /** Every opening-hours text, parsed once. */
  readonly hours: ReadonlyMap<string, Hours>;
  /** The runtime's counters a conversation starts with (as the compiled context declares them). */
  readonly internalStart: Readonly<Record<string, unknown>>;
}

const ROOT_KEYS: ReadonlySet<string> = new Set(['id', 'description', 'initial', 'context', 'options', 'meta', 'states', 'on', 'entry', 'exit', 'always', 'after', 'output', 'version']);
const STATE_KEYS: ReadonlySet<string> = new Set(['description', 'type', 'meta', 'entry', 'exit', 'on', 'always', 'after', 'tags', 'output']);
const BRANCH_KEYS: ReadonlySet<string> = new Set(['target', 'guard', 'actions', 'reenter', 'description', 'meta']);
const ACTIONS: ReadonlySet<string> = new Set(Object.values(BUILTIN_ACTION));
const GUARDS: ReadonlySet<string> = new Set(Object.values(BUILTIN_GUARD));

type Obj = Record<string, unknown>;

// `for (k in o) if (hasOwn.call(o, k))` walks the same keys as Object.keys without
// allocating an array, and V8 turns the test into a map check when o has an enum cache.
const hasOwn = Object.prototype.hasOwnProperty;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const describeValue = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}` : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`);
/** Params of an action or guard that has none: shared, never written. */
const NO_PARAMS: Obj = Object.freeze({});
/** What most states are: one shared record each instead of one per state. */
const PLAIN: StateInfo = Object.freeze({ final: false, delays: Object.freeze([]) as readonly number[] });
const FINAL: StateInfo = Object.freeze({ final: true, delays: PLAIN.delays });
/** `/^\d+$/` without a regular expression run per key. */
const isDigits = (key: string): boolean => {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};
const isText = (p: Obj, key: string): boolean => typeof p[key] === 'string';
const isNames = (p: Obj, key: string): boolean => {
  const list = p[key];
  if (!Array.isArray(list)) return false;
  // Holes are skipped, as Array.prototype.every skips them.
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string' && i in list) return false;
  return true;
};
const isCount = (v: unknown, least: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= least;
/** How many items a value that may be one item or a list (XState's shorthand) holds; with `itemOf`, walked without a new array. */
const countOf = (v: unknown): number => (v === undefined ? 0 : Array.isArray(v) ? v.length : 1);
/** Item `i` of a value that may be one item or a list. */
const itemOf = (v: unknown, i: number): unknown => (Array.isArray(v) ? v[i] : v);

// What part of a node the check is in, for the words of a problem found there.
const NODE = 0;
const EVENT = 1;
const AFTER = 2;
const ALWAYS = 3;
type Part = typeof NODE | typeof EVENT | typeof AFTER | typeof ALWAYS;

/**
 * One pass over a config. Where a problem is (state, event, delay) is kept as the
 * pieces it is made of and put into words only for a problem: a valid config of 500
 * states allocates no text for the thousands of places that have none.
 */
class Check {
  readonly effects = new Set<string>();
  readonly expressions = new Map<string, Expr>();
  readonly hours = new Map<string, Hours>();
  /**
   * Every state, by id, in the config's order: all of them are set to PLAIN before any is
   * checked (a target may name a later state), and a timed or final state then gets its own record.
   */
  readonly states = new Map<string, StateInfo>();
  /** The state being checked, unless it is the root. */
  private state = '';
  /** Whether the node being checked is the root (then `state` means nothing). */
  private root = true;
  private part: Part = NODE;
  /** The event or the delay, for EVENT and AFTER. */
  private key = '';

  /**
   * V8 holds the hidden class a Check's fields are added to only weakly: once no Check is
   * alive, a full collection drops it and deoptimizes every method optimized for it, so
   * the next check runs unoptimized. This Check, kept for the module's life, keeps the
   * class (each field holds one kind of value from construction on, so all Checks share it).
   */
  static readonly kept = new Check([], new Map());

  constructor(
    readonly problems: string[],
    private readonly fields: ReadonlyMap<string, FieldKind | undefined>,
  ) {}

  private where(): string {
    const node = this.root ? 'the root' : `state ${this.state}`;
    switch (this.part) {
      case EVENT:
        return `${node}, event ${this.key}`;
      case AFTER:
        return `${node}, after ${this.key}`;
      case ALWAYS:
        return `${node}, always`;
      default:
        return node;
    }
  }

  private at(problem: string): void {
    this.problems.push(`${this.where()}: ${problem}`);
  }

  /** Names in `names` that are not declared fields (holes skipped, as by Array.prototype.filter), or undefined when all are. */
  private undeclared(names: readonly string[]): string[] | undefined {
    let unknown: string[] | undefined;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (!this.fields.has(name) && i in names) (unknown ??= []).push(name);
    }
    return unknown;
  }

  private expression(source: unknown): void {
    if (typeof source !== 'string') {
      this.at(`an expression must be text, got ${describeValue(source)}`);
      return;
    }
    if (this.expressions.has(source)) return;
    const parsed = parseExpression(source);
    if (!parsed.expr) {
      this.at(`cannot read \`${source}\`: ${parsed.error.message}`);
      return;
    }
    const unknown = this.undeclared(fieldsRead(parsed.expr));
    if (unknown) this.at(`\`${source}\` reads undeclared field${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`);
    this.expressions.set(source, parsed.expr);
  }

  /** Actions given as one or a list (XState's shorthand): each needs a type; built-in ones their params. */
  private actions(list: unknown): void {
    for (let i = 0, n = countOf(list); i < n; i++) {
      const a = itemOf(list, i);
      const type = typeof a === 'string' ? a : isObject(a) ? a.type : undefined;
      if (typeof type !== 'string' || type === '') this.at(`an action has no type (got ${describeValue(a)})`);
      else if (type.startsWith(BUILTIN_PREFIX)) this.builtinAction(type, isObject(a) ? a.params : undefined);
      else this.effects.add(type);
    }
  }

  private builtinAction(type: string, params: unknown): void {
    const p = isObject(params) ? params : NO_PARAMS;
    switch (type) {
      case BUILTIN_ACTION.enter:
        if (!isText(p, 'state')) this.at(`${type} needs params.state, the state's id`);
        return;
      case BUILTIN_ACTION.say:
        if (!isText(p, 'text') || !isText(p, 'state')) this.at(`${type} needs params.text and params.state (text), got ${describeValue(params)}`);
        return;
      case BUILTIN_ACTION.countNoMatch:
      case BUILTIN_ACTION.countNoInput:
        return;
      case BUILTIN_ACTION.handoff: {
        if (!isText(p, 'state') || typeof p.queue !== 'string' || p.queue === '' || !isNames(p, 'skills') || !isNames(p, 'carry')) {
          this.at(`${type} needs params.state, params.queue (text), params.skills and params.carry (lists of names), got ${describeValue(params)}`);
          return;
        }
        const unknown = this.undeclared(p.carry as string[]);
        if (unknown) this.at(`${type} carries undeclared field${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`);
        return;
      }
      case BUILTIN_ACTION.set: {
        const assign = p.assign;
        if (!isObject(assign)) {
          this.at(`${type} needs params.assign, an object of field -> expression, got ${describeValue(params)}`);
          return;
        }
        for (const field in assign) {
          if (!hasOwn.call(assign, field)) continue;
          if (!this.fields.has(field)) this.at(`sets undeclared field ${field}`);
          this.expression(assign[field]);
        }
        return;
      }
      default:
        this.at(`unknown built-in action ${type} (built-in actions are ${[...ACTIONS].join(', ')})`);
    }
  }

  private guard(g: unknown): void {
    const type = typeof g === 'string' ? g : isObject(g) ? g.type : undefined;
    const params = isObject(g) && isObject(g.params) ? g.params : NO_PARAMS;
    if (typeof type !== 'string' || !GUARDS.has(type)) {
      this.at(`unknown guard ${typeof type === 'string' ? type : describeValue(g)} (guards must be ${[...GUARDS].join(', ')})`);
      return;
    }
    if (type === BUILTIN_GUARD.expr) this.expression(params.expr);
    else if (type === BUILTIN_GUARD.rung) {
      if ((params.counter !== 'noMatch' && params.counter !== 'noInput') || !isCount(params.index, 0) || typeof params.last !== 'boolean') {
        this.at(`${type} needs params.counter (noMatch or noInput), params.index (a whole number) and params.last (true/false), got ${describeValue(params)}`);
      }
    } else if (type === BUILTIN_GUARD.noMatchLimit) {
      if (!isCount(params.limit, 1)) this.at(`${type} needs params.limit, a whole number of at least 1, got ${describeValue(params.limit)}`);
    } else if (type === BUILTIN_GUARD.open) {
      const text = params.hours;
      if (typeof text !== 'string') {
        this.at(`${type} needs params.hours, the opening hours as text, got ${describeValue(text)}`);
        return;
      }
      if (this.hours.has(text)) return;
      const parsed = parseHours(text);
      // Hours that do not parse must never be read as "always open": a closed team would receive customers.
      if (parsed.hours) this.hours.set(text, parsed.hours);
      else this.at(`opening hours ${JSON.stringify(text)} do not parse: ${parsed.error}`);
    }
  }

  /** A transition: one branch or a list of them (XState's shorthand), in the part of the node set before. */
  private transition(t: unknown): void {
    for (let i = 0, n = countOf(t); i < n; i++) {
      const branch = itemOf(t, i);
      if (typeof branch === 'string') {
        if (!this.states.has(branch)) this.at(`target ${JSON.stringify(branch)} is not a state`);
        continue;
      }
      if (!isObject(branch)) {
        this.at(`a transition must be a target or an object, got ${describeValue(branch)}`);
        continue;
      }
      // Own keys only, as Object.keys: hasOwn is asked only of a key that would be reported.
      for (const key in branch) if (!BRANCH_KEYS.has(key) && hasOwn.call(branch, key)) this.at(`unknown transition key \`${key}\``);
      const { target, guard, actions } = branch;
      if (target !== undefined && (typeof target !== 'string' || !this.states.has(target))) this.at(`target ${describeValue(target)} is not a state`);
      if (guard !== undefined) this.guard(guard);
      this.actions(actions);
    }
  }

  /** The delays of a node's `after` timers, ascending, checking each timer's transition. */
  private delays(after: unknown): readonly number[] {
    if (after === undefined) return PLAIN.delays;
    if (!isObject(after)) {
      this.at(`\`after\` must map delays in milliseconds to transitions, got ${describeValue(after)}`);
      return PLAIN.delays;
    }
    const out: number[] = [];
    for (const key in after) {
      if (!hasOwn.call(after, key)) continue;
      this.part = NODE;
      const ms = isDigits(key) ? Number(key) : NaN;
      if (Number.isNaN(ms)) this.at(`after key "${key}" is not a number of milliseconds (XState would fire it at once)`);
      else if (ms < 1) this.at(`after key "${key}": a delay of 0 ms fires at once; use \`always\``);
      else if (ms > MAX_TIMER_MS) this.at(`after key "${key}" is longer than ${MAX_TIMER_MS} ms (about 24.8 days), which timers cannot hold (it would fire after 1 ms)`);
      else out.push(ms);
      this.part = AFTER;
      this.key = key;
      this.transition(after[key]);
    }
    this.part = NODE;
    return out.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  /** Entry, exit, events and `always` of the root or of a state; then its delays. */
  node(node: Obj): readonly number[] {
    this.part = NODE;
    this.actions(node.entry);
    this.actions(node.exit);
    const on = node.on;
    if (on !== undefined) {
      if (!isObject(on)) this.at(`\`on\` must map events to transitions, got ${describeValue(on)}`);
      else {
        this.part = EVENT;
        for (const event in on) {
          if (!hasOwn.call(on, event)) continue;
          this.key = event;
          this.transition(on[event]);
        }
      }
    }
    if (node.always !== undefined) {
      this.part = ALWAYS;
      this.transition(node.always);
    }
    this.part = NODE;
    return this.delays(node.after);
  }

  /** A state of the config: its keys, its type, then what `node` checks. */
  stateNode(id: string, raw: unknown): void {
    this.root = false;
    this.state = id;
    this.part = NODE;
    if (!isObject(raw)) {
      this.at(`expected an object, got ${describeValue(raw)}`);
      return;
    }
    for (const key in raw) {
      if (STATE_KEYS.has(key) || !hasOwn.call(raw, key)) continue;
      if (key === 'states' || key === 'initial') this.at('has nested states; compiled journeys are one flat machine');
      else if (key === 'invoke') this.at('invokes an actor, which the runtime does not provide (compiled journeys invoke nothing)');
      else this.at(`unknown key \`${key}\` (XState would ignore it)`);
    }
    if (raw.type !== undefined && raw.type !== 'final') this.at(`type ${describeValue(raw.type)} is not supported; only \`final\` is`);
    const delays = this.node(raw);
    const final = raw.type === 'final';
    if (delays.length > 0) this.states.set(id, { final, delays });
    else if (final) this.states.set(id, FINAL);
  }
}

/** Checks a compiled journey config; returns it parsed, or every problem found. */
export function checkConfig(config: unknown): { readonly checked?: CheckedConfig; readonly problems: readonly string[] } {
  if (!isObject(config)) return { problems: [`this is not a compiled journey: expected an object, got ${describeValue(config)}`] };
  const problems: string[] = [];
  const journey = typeof config.id === 'string' && config.id !== '' ? config.id : undefined;
  if (!journey) problems.push(`\`id\` must be the journey id, got ${describeValue(config.id)}`);
  const rawStates = config.states;
  let empty = true;
  if (isObject(rawStates)) {
    for (const id in rawStates) {
      if (!hasOwn.call(rawStates, id)) continue;
      empty = false;
      break;
    }
  }
  if (empty) {
    problems.push(`\`states\` must be an object with at least one state, got ${describeValue(rawStates)}`);
    return { problems };
  }
  const states = rawStates as Obj;
  for (const key in config) {
    if (!hasOwn.call(config, key)) continue;
    if (key === 'invoke') problems.push('the machine invokes an actor, which the runtime does not provide (compiled journeys invoke nothing)');
    else if (key === 'type') problems.push('the machine is not one flat machine (`type` at the root); compiled journeys have no parallel or nested states');
    else if (!ROOT_KEYS.has(key)) problems.push(`unknown key \`${key}\` at the root (XState would ignore it)`);
  }
  const fields = checkFields(config, problems);
  const check = new Check(problems, fields);
  // Every id is known before any target is checked against it.
  for (const id in states) if (hasOwn.call(states, id)) check.states.set(id, PLAIN);
  check.node(config);
  for (const id in states) if (hasOwn.call(states, id)) check.stateNode(id, states[id]);

  const initial = config.initial;
  if (typeof initial !== 'string' || !check.states.has(initial)) {
    const some = typeof initial === 'string' ? [...check.states.keys()].slice(0, 10).join(', ') : '';
    problems.push(`\`initial\` must name one of the states, got ${describeValue(initial)}${typeof initial === 'string' ? ` (states: ${some}${check.states.size > 10 ? ', ...' : ''})` : ''}`);
  }
  if (config.options !== undefined) {
    const options = config.options;
    if (!isObject(options)) problems.push(`\`options\` must be an object, got ${describeValue(options)}`);
    else if (options.maxIterations !== undefined && !isCount(options.maxIterations, 1)) {
      problems.push(`options.maxIterations must be a whole number of at least 1, got ${describeValue(options.maxIterations)}`);
    }
  }
  if (problems.length > 0 || !journey) return { problems };
  const defaults = isObject(config.context) ? config.context : {};
  const internal = defaults[INTERNAL_KEY];
  return {
    problems,
    checked: {
      journey,
      initial: initial as string,
      states: check.states,
      fields,
      defaults,
      effects: [...check.effects].sort(),
      expressions: check.expressions,
      hours: check.hours,
      internalStart: isObject(internal) && Object.hasOwn(internal, 'noInput') ? { noMatch: 0, noInput: 0, enteredAt: null } : { noMatch: 0, enteredAt: null },
    },
  };
}

/** Declared fields and their kinds, from `meta.journey.fields` (what the compiler writes) or the defaults. */
function checkFields(config: Obj, problems: string[]): Map<string, FieldKind | undefined> {
  const fields = new Map<string, FieldKind | undefined>();
  const context = config.context;
  if (context !== undefined && !isObject(context)) {
    problems.push(`\`context\` must be an object of field -> default, got ${describeValue(context)}`);
    return fields;
  }
  const declared = isObject(config.meta) && isObject(config.meta.journey) && isObject(config.meta.journey.fields) ? config.meta.journey.fields : undefined;
  if (context !== undefined) {
    for (const name in context) {
      if (!hasOwn.call(context, name) || name === INTERNAL_KEY) continue;
      const value = context[name];
      const meta = declared?.[name];
      const type = isObject(meta) ? meta.type : undefined;
      if (declared && !isObject(meta)) problems.push(`context field ${name} is not declared in meta.journey.fields`);
      if (type !== undefined && type !== 'string' && type !== 'number' && type !== 'boolean') {
        problems.push(`context field ${name}: type ${describeValue(type)} is not string, number or boolean`);
        continue;
      }
      const kind = (type as FieldKind | undefined) ?? (value === null ? undefined : (typeof value as FieldKind));
      const problem = valueProblem(value, kind);
      if (problem) problems.push(`context field ${name}: the default ${problem}`);
      fields.set(name, kind);
    }
  }
  if (declared) for (const name in declared) if (hasOwn.call(declared, name) && !fields.has(name)) problems.push(`field ${name} is declared in meta.journey.fields but missing from \`context\``);
  return fields;
}

/** Why a value cannot be held by a field of this kind, or undefined when it can (null always can: not yet known). */
export function valueProblem(value: unknown, kind: FieldKind | undefined): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return `${String(value)} is not a finite number`;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return `must be text, a number, true/false or null, got ${describeValue(value)}`;
  if (kind !== undefined && typeof value !== kind) return `must be ${kind === 'string' ? 'text' : kind === 'number' ? 'a number' : 'true or false'} (or null), got ${describeValue(value)}`;
  return undefined;
}

/** Problems with input given for a journey: unknown fields and values of the wrong kind. */
export function checkInput(checked: CheckedConfig, input: unknown, what: string): string[] {
  if (input === undefined) return [];
  if (!isObject(input)) return [`${what} must be an object of field -> value, got ${describeValue(input)}`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!checked.fields.has(key)) {
      problems.push(`${what} names ${key}, which is not a context field (fields: ${[...checked.fields.keys()].join(', ') || 'none'})`);
      continue;
    }
    const problem = valueProblem(value, checked.fields.get(key));
    if (problem) problems.push(`${what} ${key} ${problem}`);
  }
  return problems;
}

/** Problems with an XState snapshot to resume from: not one this machine could have produced at rest. */
export function checkSnapshot(checked: CheckedConfig, snapshot: unknown): string[] {
  if (!isObject(snapshot)) return [`the snapshot must be an object (XState's persisted snapshot), got ${describeValue(snapshot)}`];
  const problems: string[] = [];
  if (snapshot.status !== 'active') {
    problems.push(
      snapshot.status === 'done' || snapshot.status === 'error' || snapshot.status === 'stopped'
        ? `the snapshot's conversation is over (status ${snapshot.status}); start a new actor instead of restoring it`
        : `the snapshot's status ${describeValue(snapshot.status)} is not one XState writes`,
    );
  }
  const value = snapshot.value;
  const state = typeof value === 'string' ? checked.states.get(value) : undefined;
  if (!state) {
    problems.push(`the snapshot is in ${typeof value === 'string' ? `state ${JSON.stringify(value)}, which this journey does not have` : `no state (value ${describeValue(value)})`}`);
  } else if (state.final) problems.push(`the snapshot is in the final state ${String(value)} but says the conversation is still active`);
  else if ((value as string).startsWith('$')) problems.push(`the snapshot rests in the hidden state ${String(value)}, which resolves within a step`);
  if (snapshot.children !== undefined && (!isObject(snapshot.children) || Object.keys(snapshot.children).length > 0)) problems.push('the snapshot has child actors; compiled journeys have none');

  const context = snapshot.context;
  if (!isObject(context)) {
    problems.push(`the snapshot's context must be an object, got ${describeValue(context)}`);
    return problems;
  }
  for (const [name, kind] of checked.fields) {
    if (!Object.hasOwn(context, name)) {
      problems.push(`the snapshot's context has no field ${name}`);
      continue;
    }
    const problem = valueProblem(context[name], kind);
    if (problem) problems.push(`the snapshot's context field ${name} ${problem}`);
  }
  for (const name of Object.keys(context)) if (name !== INTERNAL_KEY && !checked.fields.has(name)) problems.push(`the snapshot's context has ${name}, which is not a field of this journey`);
  const internal = context[INTERNAL_KEY];
  const count = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!isObject(internal) || !count(internal.noMatch) || (internal.noInput !== undefined && !count(internal.noInput)) || !(internal.enteredAt === null || (typeof internal.enteredAt === 'number' && Number.isFinite(internal.enteredAt)))) {
    problems.push(`the snapshot's context.${INTERNAL_KEY} must be { noMatch: a whole number, noInput: a whole number (optional), enteredAt: a time in ms or null }, got ${describeValue(internal)}`);
  } else if (state && state.delays.length > 0 && internal.enteredAt === null) {
    problems.push(`the snapshot is in ${String(value)}, which has timeouts, but does not say when it was entered`);
  }
  return problems;
}

/** Problems with the deadlines of a persisted journey: every timeout of its state, once, at a real time. */
export function checkDeadlines(checked: CheckedConfig, state: string, deadlines: unknown): string[] {
  if (!Array.isArray(deadlines)) return [`deadlines must be a list of { delay, at }, got ${describeValue(deadlines)}`];
  const expected = checked.states.get(state)?.delays ?? [];
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const d of deadlines) {
    if (!isObject(d) || typeof d.delay !== 'number' || typeof d.at !== 'number' || !Number.isFinite(d.at)) {
      problems.push(`a deadline must be { delay: ms, at: epoch ms }, got ${describeValue(d)}`);
      continue;
    }
    if (!expected.includes(d.delay)) problems.push(`a deadline is for a ${d.delay} ms timeout, which state ${state} does not have`);
    else if (seen.has(d.delay)) problems.push(`the ${d.delay} ms timeout has two deadlines`);
    seen.add(d.delay);
  }
  for (const delay of expected) if (!seen.has(delay)) problems.push(`the deadline of the ${delay} ms timeout of state ${state} is missing (the customer would never time out)`);
  return problems;
}

const hashes = new WeakMap<object, string>();

/**
 * A content hash of a compiled config (canonical JSON: keys sorted), to tell whether a
 * persisted conversation was saved by this same machine. 64 bits of two FNV-1a
 * hashes: for telling versions apart, not for security.
 */
export function machineHash(config: object): string {
  const known = hashes.get(config);
  if (known) return known;
  const text = canonicalJson(config);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x0100019d);
  }
  const hash = `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
  hashes.set(config, hash);
  return hash;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
