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

const ROOT_KEYS = new Set(['id', 'description', 'initial', 'context', 'options', 'meta', 'states', 'on', 'entry', 'exit', 'always', 'after', 'output', 'version']);
const STATE_KEYS = new Set(['description', 'type', 'meta', 'entry', 'exit', 'on', 'always', 'after', 'tags', 'output']);
const BRANCH_KEYS = new Set(['target', 'guard', 'actions', 'reenter', 'description', 'meta']);
const ACTIONS: ReadonlySet<string> = new Set(Object.values(BUILTIN_ACTION));
const GUARDS: ReadonlySet<string> = new Set(Object.values(BUILTIN_GUARD));

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const describeValue = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}` : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`);
/** A value that may be one item or a list (XState's shorthand), as a list: no new array for a list or nothing. */
const NONE: readonly unknown[] = [];
const toList = (v: unknown): readonly unknown[] => (v === undefined ? NONE : Array.isArray(v) ? v : [v]);
/** Params of an action or guard that has none: shared, never written. */
const NO_PARAMS: Obj = Object.freeze({});
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
const isNames = (p: Obj, key: string): boolean => Array.isArray(p[key]) && (p[key] as unknown[]).every((x) => typeof x === 'string');

/** Checks a compiled journey config; returns it parsed, or every problem found. */
export function checkConfig(config: unknown): { readonly checked?: CheckedConfig; readonly problems: readonly string[] } {
  if (!isObject(config)) return { problems: [`this is not a compiled journey: expected an object, got ${describeValue(config)}`] };
  const problems: string[] = [];
  const journey = typeof config.id === 'string' && config.id !== '' ? config.id : undefined;
  if (!journey) problems.push(`\`id\` must be the journey id, got ${describeValue(config.id)}`);
  if (!isObject(config.states) || Object.keys(config.states).length === 0) {
    problems.push(`\`states\` must be an object with at least one state, got ${describeValue(config.states)}`);
    return { problems };
  }
  for (const key of Object.keys(config)) {
    if (key === 'invoke') problems.push('the machine invokes an actor, which the runtime does not provide (compiled journeys invoke nothing)');
    else if (key === 'type') problems.push('the machine is not one flat machine (`type` at the root); compiled journeys have no parallel or nested states');
    else if (!ROOT_KEYS.has(key)) problems.push(`unknown key \`${key}\` at the root (XState would ignore it)`);
  }
  const stateIds = new Set(Object.keys(config.states));

  const fields = checkFields(config, problems);
  const effects = new Set<string>();
  const expressions = new Map<string, Expr>();
  const hours = new Map<string, Hours>();

  const expression = (source: unknown, where: string): void => {
    if (typeof source !== 'string') {
      problems.push(`${where}: an expression must be text, got ${describeValue(source)}`);
      return;
    }
    if (expressions.has(source)) return;
    const parsed = parseExpression(source);
    if (!parsed.expr) {
      problems.push(`${where}: cannot read \`${source}\`: ${parsed.error.message}`);
      return;
    }
    const unknown = fieldsRead(parsed.expr).filter((f) => !fields.has(f));
    if (unknown.length > 0) problems.push(`${where}: \`${source}\` reads undeclared field${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`);
    expressions.set(source, parsed.expr);
  };

  const builtinAction = (type: string, params: unknown, where: string): void => {
    const p = isObject(params) ? params : NO_PARAMS;
    switch (type) {
      case BUILTIN_ACTION.enter:
        if (!isText(p, 'state')) problems.push(`${where}: ${type} needs params.state, the state's id`);
        return;
      case BUILTIN_ACTION.say:
        if (!isText(p, 'text') || !isText(p, 'state')) problems.push(`${where}: ${type} needs params.text and params.state (text), got ${describeValue(params)}`);
        return;
      case BUILTIN_ACTION.countNoMatch:
      case BUILTIN_ACTION.countNoInput:
        return;
      case BUILTIN_ACTION.handoff: {
        if (!isText(p, 'state') || typeof p.queue !== 'string' || p.queue === '' || !isNames(p, 'skills') || !isNames(p, 'carry')) {
          problems.push(`${where}: ${type} needs params.state, params.queue (text), params.skills and params.carry (lists of names), got ${describeValue(params)}`);
          return;
        }
        const unknown = (p.carry as string[]).filter((f) => !fields.has(f));
        if (unknown.length > 0) problems.push(`${where}: ${type} carries undeclared field${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`);
        return;
      }
      case BUILTIN_ACTION.set: {
        if (!isObject(p.assign)) {
          problems.push(`${where}: ${type} needs params.assign, an object of field -> expression, got ${describeValue(params)}`);
          return;
        }
        for (const [field, source] of Object.entries(p.assign)) {
          if (!fields.has(field)) problems.push(`${where}: sets undeclared field ${field}`);
          expression(source, where);
        }
        return;
      }
      default:
        problems.push(`${where}: unknown built-in action ${type} (built-in actions are ${[...ACTIONS].join(', ')})`);
    }
  };

  const action = (a: unknown, where: string): void => {
    const type = typeof a === 'string' ? a : isObject(a) ? a.type : undefined;
    if (typeof type !== 'string' || type === '') {
      problems.push(`${where}: an action has no type (got ${describeValue(a)})`);
      return;
    }
    if (type.startsWith(BUILTIN_PREFIX)) builtinAction(type, isObject(a) ? a.params : undefined, where);
    else effects.add(type);
  };

  const guard = (g: unknown, where: string): void => {
    const type = typeof g === 'string' ? g : isObject(g) ? g.type : undefined;
    const params = isObject(g) && isObject(g.params) ? g.params : NO_PARAMS;
    if (typeof type !== 'string' || !GUARDS.has(type)) {
      problems.push(`${where}: unknown guard ${typeof type === 'string' ? type : describeValue(g)} (guards must be ${[...GUARDS].join(', ')})`);
      return;
    }
    if (type === BUILTIN_GUARD.expr) expression(params.expr, where);
    else if (type === BUILTIN_GUARD.rung) {
      if ((params.counter !== 'noMatch' && params.counter !== 'noInput') || typeof params.index !== 'number' || !Number.isInteger(params.index) || params.index < 0 || typeof params.last !== 'boolean') {
        problems.push(`${where}: ${type} needs params.counter (noMatch or noInput), params.index (a whole number) and params.last (true/false), got ${describeValue(params)}`);
      }
    } else if (type === BUILTIN_GUARD.noMatchLimit) {
      if (typeof params.limit !== 'number' || !Number.isInteger(params.limit) || params.limit < 1) {
        problems.push(`${where}: ${type} needs params.limit, a whole number of at least 1, got ${describeValue(params.limit)}`);
      }
    } else if (type === BUILTIN_GUARD.open) {
      if (typeof params.hours !== 'string') {
        problems.push(`${where}: ${type} needs params.hours, the opening hours as text, got ${describeValue(params.hours)}`);
        return;
      }
      if (hours.has(params.hours)) return;
      const parsed = parseHours(params.hours);
      // Hours that do not parse must never be read as "always open": a closed team would receive customers.
      if (parsed.hours) hours.set(params.hours, parsed.hours);
      else problems.push(`${where}: opening hours ${JSON.stringify(params.hours)} do not parse: ${parsed.error}`);
    }
  };

  const transition = (t: unknown, where: string): void => {
    for (const branch of toList(t)) {
      if (typeof branch === 'string') {
        if (!stateIds.has(branch)) problems.push(`${where}: target ${JSON.stringify(branch)} is not a state`);
        continue;
      }
      if (!isObject(branch)) {
        problems.push(`${where}: a transition must be a target or an object, got ${describeValue(branch)}`);
        continue;
      }
      for (const key of Object.keys(branch)) if (!BRANCH_KEYS.has(key)) problems.push(`${where}: unknown transition key \`${key}\``);
      if (branch.target !== undefined && (typeof branch.target !== 'string' || !stateIds.has(branch.target))) {
        problems.push(`${where}: target ${describeValue(branch.target)} is not a state`);
      }
      if (branch.guard !== undefined) guard(branch.guard, where);
      for (const a of toList(branch.actions)) action(a, where);
    }
  };

  const delays = (after: unknown, where: string): number[] => {
    if (after === undefined) return [];
    if (!isObject(after)) {
      problems.push(`${where}: \`after\` must map delays in milliseconds to transitions, got ${describeValue(after)}`);
      return [];
    }
    const out: number[] = [];
    for (const key of Object.keys(after)) {
      const t = after[key];
      const ms = isDigits(key) ? Number(key) : NaN;
      if (Number.isNaN(ms)) problems.push(`${where}: after key "${key}" is not a number of milliseconds (XState would fire it at once)`);
      else if (ms < 1) problems.push(`${where}: after key "${key}": a delay of 0 ms fires at once; use \`always\``);
      else if (ms > MAX_TIMER_MS) problems.push(`${where}: after key "${key}" is longer than ${MAX_TIMER_MS} ms (about 24.8 days), which timers cannot hold (it would fire after 1 ms)`);
      else out.push(ms);
      transition(t, `${where}, after ${key}`);
    }
    return out.sort((a, b) => a - b);
  };

  const handlers = (node: Obj, where: string): void => {
    for (const a of toList(node.entry)) action(a, where);
    for (const a of toList(node.exit)) action(a, where);
    if (node.on !== undefined) {
      if (!isObject(node.on)) problems.push(`${where}: \`on\` must map events to transitions, got ${describeValue(node.on)}`);
      else for (const event of Object.keys(node.on)) transition(node.on[event], `${where}, event ${event}`);
    }
    if (node.always !== undefined) transition(node.always, `${where}, always`);
  };

  handlers(config, 'the root');
  delays(config.after, 'the root');

  const states = new Map<string, StateInfo>();
  for (const [id, raw] of Object.entries(config.states)) {
    const where = `state ${id}`;
    if (!isObject(raw)) {
      problems.push(`${where}: expected an object, got ${describeValue(raw)}`);
      continue;
    }
    for (const key of Object.keys(raw)) {
      if (key === 'states' || key === 'initial') problems.push(`${where}: has nested states; compiled journeys are one flat machine`);
      else if (key === 'invoke') problems.push(`${where}: invokes an actor, which the runtime does not provide (compiled journeys invoke nothing)`);
      else if (!STATE_KEYS.has(key)) problems.push(`${where}: unknown key \`${key}\` (XState would ignore it)`);
    }
    if (raw.type !== undefined && raw.type !== 'final') problems.push(`${where}: type ${describeValue(raw.type)} is not supported; only \`final\` is`);
    handlers(raw, where);
    states.set(id, { final: raw.type === 'final', delays: delays(raw.after, where) });
  }

  const initial = config.initial;
  if (typeof initial !== 'string' || !stateIds.has(initial)) {
    problems.push(`\`initial\` must name one of the states, got ${describeValue(initial)}${typeof initial === 'string' ? ` (states: ${[...stateIds].slice(0, 10).join(', ')}${stateIds.size > 10 ? ', ...' : ''})` : ''}`);
  }
  if (config.options !== undefined) {
    const options = config.options;
    if (!isObject(options)) problems.push(`\`options\` must be an object, got ${describeValue(options)}`);
    else if (options.maxIterations !== undefined && (typeof options.maxIterations !== 'number' || !Number.isInteger(options.maxIterations) || options.maxIterations < 1)) {
      problems.push(`options.maxIterations must be a whole number of at least 1, got ${describeValue(options.maxIterations)}`);
    }
  }
  if (problems.length > 0 || !journey) return { problems };
  const defaults = isObject(config.context) ? config.context : {};
  return {
    problems,
    checked: {
      journey,
      initial: initial as string,
      states,
      fields,
      defaults,
      effects: [...effects].sort(),
      expressions,
      hours,
      internalStart: isObject(defaults[INTERNAL_KEY]) && Object.hasOwn(defaults[INTERNAL_KEY] as object, 'noInput') ? { noMatch: 0, noInput: 0, enteredAt: null } : { noMatch: 0, enteredAt: null },
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
  for (const [name, value] of Object.entries(context ?? {})) {
    if (name === INTERNAL_KEY) continue;
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
  for (const name of Object.keys(declared ?? {})) if (!fields.has(name)) problems.push(`field ${name} is declared in meta.journey.fields but missing from \`context\``);
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
