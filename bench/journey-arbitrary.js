// Random VALID journeys and random event sequences for the differential test
// (interpreter vs compiled XState machine). Plain JavaScript so that both the vitest
// test (test/sim/differential.test.ts, through test/support/arbitrary-journey.ts) and
// the stress script (bench/stress-differential.js, on the built dist/) share it.
//
// The arbitraries generate raw "specs" made only of numbers, booleans and small
// arrays; `renderJourney` turns any spec into a journey that is valid by
// construction, so every value fast-check shrinks to is still a valid journey:
// - targets are indexes taken modulo the number of states, so they always exist;
// - the last state is always an end state;
// - `always` choices and `when_closed` only go to states with a higher index, so
//   chains without a customer event (decisions, closed redirects) always end;
// - expressions are rendered by the type their position needs (`if` boolean, `set`
//   the field's type) from declared fields, literals, and `event.<field>` only in
//   transitions that receive an event (`on`), never in `always` or `after`;
// - limited hours always come with a `when_closed`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';

/** Customer events a journey may handle (a small pool so sequences hit them often). */
export const CUSTOMER_EVENTS = ['yes', 'no', 'next', 'back', 'help', 'retry', 'order.status', 'error'];
/** Events a journey-wide offramp may list. */
export const OFFRAMP_EVENTS = ['agent_requested', 'speak_to_person'];
/** The reserved signals. */
export const SIGNALS = ['no_match', 'no_input', 'frustrated'];
/** An event no journey handles (must be ignored by both engines). */
export const UNKNOWN_EVENT = 'unheard_of';
/** Every name a state's `on` may use: customer events, offramp events (shadowing), signals. */
const ON_EVENTS = [...CUSTOMER_EVENTS, ...OFFRAMP_EVENTS, ...SIGNALS];
/** Delays of `after` keys: text and milliseconds (all distinct, none shorter than 30 s). */
export const DELAYS = [
  ['30s', 30_000],
  ['90s', 90_000],
  ['5m', 300_000],
  ['1h', 3_600_000],
  ['2h30m', 9_000_000],
  ['1d', 86_400_000],
];
/** Limited opening hours (with DST-sensitive windows); `always` is chosen separately. */
export const HOURS = [
  'mon-fri 09:00-17:00 Europe/London',
  'mon-sun 07:00-23:00 Europe/London',
  'mon-fri 08:00-20:00, sat 09:00-13:00 Europe/London',
  'sat-sun 00:30-02:30 Europe/London',
  'sun 01:00-03:00 Europe/London',
  'fri 22:00-06:00 America/New_York',
  'sat-mon 00:00-02:00, mon-fri 09:00-24:00 America/New_York',
  'mon-sun 01:30-01:45 America/New_York',
  'tue-thu 10:00-11:00 Asia/Tokyo',
  'mon-sun 00:00-12:00 UTC',
];
/** Data fields events may carry, and what expressions read as `event.<field>`. */
export const DATA_FIELDS = ['amount', 'code', 'ok', 'tier'];
const NUMBERS = [0, 1, 2, 3, -1, 0.5, 10, 100];
const STRINGS = ['gold', 'basic', '', 'a b'];
const EFFECTS = ['crm.log', 'cards.block', 'notify', 'audit.write'];
const OUTCOMES = ['resolved', 'cancelled', 'callback_booked', 'abandoned'];
const TYPES = ['number', 'boolean', 'string'];
const DAY = 86_400_000;

/**
 * Start times: inside and outside opening hours, at window edges, and in the
 * daylight-saving change weeks (Europe/London 2026-03-29 01:00 UTC and
 * 2026-10-25 01:00 UTC; America/New_York 2026-03-08 07:00 UTC and 2026-11-01 06:00 UTC).
 */
export const EPOCHS = [
  '2026-12-02T10:00:00Z', // Wednesday mid-morning, London open
  '2026-12-06T03:00:00Z', // Sunday night, mostly closed
  '2026-12-04T16:59:59.999Z', // Friday, one ms before 17:00 London
  '2026-12-04T17:00:00Z', // Friday 17:00 London, just closed
  '2026-03-28T23:30:00Z', // Saturday night before London springs forward
  '2026-03-29T00:59:00Z', // one minute before the London change
  '2026-03-29T01:00:00Z', // London: 01:00 GMT becomes 02:00 BST
  '2026-03-29T01:45:00Z',
  '2026-10-25T00:30:00Z', // London falls back at 01:00 UTC
  '2026-10-25T01:15:00Z',
  '2026-10-31T22:00:00Z', // Saturday evening in New York, before it falls back
  '2026-11-01T05:30:00Z', // 01:30 EDT
  '2026-11-01T06:15:00Z', // 01:15 EST (the repeated hour)
  '2026-11-01T06:40:00Z',
  '2026-03-08T06:50:00Z', // New York springs forward at 07:00 UTC
  '2026-03-08T07:00:00Z',
  '2026-03-27T21:59:00Z', // Friday 17:59 New York
].map((t) => Date.parse(t));

const pick = (list, n) => list[((n % list.length) + list.length) % list.length];

// ---------------------------------------------------------------------------
// Raw specs

/** A raw expression tree: `k` picks the form, `a` a leaf value, `kids` sub-trees. */
function exprArb(depth) {
  const leaf = fc.record({ k: fc.nat(11), a: fc.nat(1000), kids: fc.constant(null) });
  if (depth === 0) return leaf;
  const sub = exprArb(depth - 1);
  return fc.oneof({ arbitrary: leaf, weight: 2 }, { arbitrary: fc.record({ k: fc.nat(11), a: fc.nat(1000), kids: fc.tuple(sub, sub) }), weight: 3 });
}
const EXPR = exprArb(3);

const choiceArb = fc.record({
  // -1: this state; -2: the next state (keeps most states reachable); else any state.
  to: fc.oneof({ arbitrary: fc.nat(100), weight: 4 }, { arbitrary: fc.constant(-2), weight: 2 }, { arbitrary: fc.constant(-1), weight: 1 }),
  guard: fc.option(EXPR, { nil: undefined, freq: 2 }),
  set: fc.array(fc.record({ field: fc.nat(20), value: EXPR, literal: fc.boolean() }), { maxLength: 2 }),
  do: fc.array(fc.nat(EFFECTS.length - 1), { maxLength: 2 }),
  description: fc.boolean(),
});

/** A transition: form 0 plain target, 1 mapping, 2 list; `lastUnguarded` drops the last choice's `if`. */
const transitionArb = fc.record({
  form: fc.nat(2),
  choices: fc.array(choiceArb, { minLength: 1, maxLength: 3 }),
  lastUnguarded: fc.boolean(),
});

const stateArb = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('bot'), weight: 10 },
    { arbitrary: fc.constant('decision'), weight: 3 },
    { arbitrary: fc.constant('human'), weight: 4 },
    { arbitrary: fc.constant('end'), weight: 1 },
  ),
  on: fc.uniqueArray(fc.record({ event: fc.nat(ON_EVENTS.length - 1), t: transitionArb }), {
    minLength: 1,
    maxLength: 4,
    selector: (r) => r.event,
  }),
  after: fc.uniqueArray(fc.record({ delay: fc.nat(DELAYS.length - 1), t: transitionArb }), { maxLength: 3, selector: (r) => r.delay }),
  hasAfter: fc.nat(2), // 0: no timeouts, otherwise the `after` list
  always: transitionArb,
  humanOn: fc.nat(3), // human states: how many of `on` to keep (0: terminal)
  hours: fc.oneof({ arbitrary: fc.constant(-1), weight: 2 }, { arbitrary: fc.nat(HOURS.length - 1), weight: 3 }), // -1: always
  whenClosed: fc.nat(100),
  carry: fc.array(fc.nat(20), { maxLength: 3 }),
  do: fc.array(fc.nat(EFFECTS.length - 1), { maxLength: 2 }),
  say: fc.boolean(),
  a: fc.nat(1000),
});

const fieldArb = fc.oneof(
  fc.record({ type: fc.constant('number'), default: fc.option(fc.constantFrom(...NUMBERS), { nil: undefined, freq: 3 }) }),
  fc.record({ type: fc.constant('boolean'), default: fc.option(fc.boolean(), { nil: undefined, freq: 3 }) }),
  fc.record({ type: fc.constant('string'), default: fc.option(fc.constantFrom(...STRINGS), { nil: undefined, freq: 3 }) }),
);

/** Raw spec of a journey (see `renderJourney`). */
export const journeySpecArb = fc.record({
  fields: fc.array(fieldArb, { maxLength: 5 }),
  states: fc.array(stateArb, { minLength: 3, maxLength: 12 }),
  start: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.nat(100), weight: 1 }),
  offramp: fc.option(
    fc.record({
      to: fc.nat(100),
      on: fc.subarray(OFFRAMP_EVENTS),
      noMatch: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      frustration: fc.boolean(),
    }),
    { nil: undefined, freq: 2 },
  ),
});

// ---------------------------------------------------------------------------
// Rendering a spec as a valid journey

function fieldName(field, i) {
  return `${field.type === 'number' ? 'num' : field.type === 'boolean' ? 'flag' : 'text'}${i}`;
}

/** Renders an expression of type `type` ('number' | 'boolean' | 'string') from a raw tree. */
function renderExpr(raw, type, env) {
  const ofType = env.fields.filter((f) => f.type === type);
  const wrap = (s) => (/^[\w.']*$/.test(s) ? s : `(${s})`);
  const leaf = () => {
    // Event data (only where an event is received), a declared field, or a literal.
    if (env.event && raw.a % 5 === 0) return `event.${pick(DATA_FIELDS, raw.a)}`;
    if (ofType.length > 0 && raw.a % 3 !== 0 && (type !== 'string' || env.strings === undefined || env.strings.left-- > 0)) return pick(ofType, raw.a).name;
    if (type === 'number') return String(pick(NUMBERS, raw.a));
    if (type === 'boolean') return raw.a % 2 === 0 ? 'true' : 'false';
    return `'${pick(STRINGS, raw.a)}'`;
  };
  const kids = raw.kids;
  if (!kids) return leaf();
  const [l, r] = kids;
  if (type === 'boolean') {
    switch (raw.k % 7) {
      case 0:
        return `!${wrap(renderExpr(l, 'boolean', env))}`;
      case 1:
        return `${wrap(renderExpr(l, 'boolean', env))} && ${wrap(renderExpr(r, 'boolean', env))}`;
      case 2:
        return `${wrap(renderExpr(l, 'boolean', env))} || ${wrap(renderExpr(r, 'boolean', env))}`;
      case 3:
      case 4:
        return `${wrap(renderExpr(l, 'number', env))} ${pick(['<', '<=', '>', '>=', '==', '!='], raw.a)} ${wrap(renderExpr(r, 'number', env))}`;
      case 5:
        return `${wrap(renderExpr(l, 'string', env))} ${raw.a % 2 ? '==' : '!='} ${wrap(renderExpr(r, 'string', env))}`;
      default:
        return `${wrap(renderExpr(l, 'boolean', env))} ${raw.a % 2 ? '==' : '!='} ${wrap(renderExpr(r, 'boolean', env))}`;
    }
  }
  if (type === 'number') {
    if (raw.k % 6 === 5) return `-${wrap(renderExpr(l, 'number', env))}`;
    return `${wrap(renderExpr(l, 'number', env))} ${pick(['+', '-', '*', '/', '+'], raw.k)} ${wrap(renderExpr(r, 'number', env))}`;
  }
  return `${wrap(renderExpr(l, 'string', env))} + ${wrap(renderExpr(r, 'string', env))}`;
}

/** A `set` value for a field: a YAML literal (numbers, booleans) or expression text. */
function renderSetValue(entry, field, env) {
  if (entry.literal && field.type !== 'string') {
    return field.type === 'number' ? pick(NUMBERS, entry.value.a) : entry.value.a % 2 === 0;
  }
  // A string field set from two string fields (`text0: text0 + text0`) doubles on every
  // pass through a loop and soon exceeds the longest string JavaScript can hold (see
  // test/fixtures/differential/README.md); set values read at most one string field.
  return renderExpr(entry.value, field.type, { ...env, strings: { left: 1 } });
}

/**
 * Renders one transition. `targets(raw)` resolves a raw target; `env.event` says
 * whether expressions may read event data.
 */
function renderTransition(raw, self, targets, env, forceList) {
  const choices = raw.choices.map((c, i) => {
    const to = targets(c.to);
    const unguarded = raw.lastUnguarded && i === raw.choices.length - 1;
    const out = { to };
    if (c.guard && !unguarded) out.if = renderExpr(c.guard, 'boolean', env);
    if (env.fields.length > 0 && c.set.length > 0) {
      const set = {};
      for (const entry of c.set) {
        const field = pick(env.fields, entry.field);
        if (!(field.name in set)) set[field.name] = renderSetValue(entry, field, env);
      }
      out.set = set;
    }
    if (c.do.length > 0) out.do = c.do.length === 1 && c.do[0] % 2 === 0 ? EFFECTS[c.do[0]] : c.do.map((d) => EFFECTS[d]);
    if (c.description) out.description = `go to ${to}`;
    return out;
  });
  const plain = (c) => Object.keys(c).length === 1;
  if (!forceList && raw.form === 0 && plain(choices[0])) return choices[0].to;
  if (!forceList && raw.form <= 1) return choices[0];
  return choices.map((c) => (plain(c) ? c.to : c));
}

/**
 * Turns a raw spec into journey YAML (valid by construction) and what a sequence
 * generator needs to know about it: the events it reacts to and its delays.
 */
export function renderJourney(spec, id = 'random-journey') {
  const n = spec.states.length;
  const names = spec.states.map((_, i) => `s${i}`);
  const fields = spec.fields.map((f, i) => ({ ...f, name: fieldName(f, i) }));
  const kinds = spec.states.map((s, i) => (i === n - 1 ? 'end' : s.kind));
  const humans = kinds.flatMap((k, i) => (k === 'human' ? [i] : []));
  const anyTarget = (i) => (raw) => names[raw === -1 ? i : raw === -2 ? (i + 1) % n : raw % n];
  const laterTarget = (i) => (raw) => names[i + 1 + (Math.max(0, raw) % (n - 1 - i))];
  const events = new Set(SIGNALS);
  const handles = {};
  const delays = new Set();

  const doc = { journey: id, title: 'A random journey' };
  if (fields.length > 0) {
    doc.context = {};
    for (const f of fields) doc.context[f.name] = f.default === undefined ? { type: f.type } : { type: f.type, default: f.default };
  }
  if (spec.offramp && humans.length > 0) {
    const o = spec.offramp;
    doc.offramp = { to: names[pick(humans, o.to)] };
    if (o.on.length > 0) doc.offramp.on = o.on;
    if (o.noMatch !== undefined) doc.offramp.no_match = o.noMatch;
    if (o.frustration) doc.offramp.frustration = true;
    for (const e of o.on) events.add(e);
  }
  doc.start = names[spec.start % n];
  doc.states = {};
  spec.states.forEach((raw, i) => {
    const name = names[i];
    const kind = kinds[i];
    const state = {};
    const onEnv = { fields, event: true };
    const noEventEnv = { fields, event: false };
    if (kind === 'bot' || kind === 'decision') {
      if (kind === 'decision') {
        state.always = renderTransition(raw.always, name, laterTarget(i), noEventEnv, true);
      } else {
        state.on = {};
        for (const { event, t } of raw.on) {
          const e = ON_EVENTS[event];
          events.add(e);
          state.on[e] = renderTransition(t, name, anyTarget(i), onEnv, false);
        }
        if (raw.hasAfter > 0 && raw.after.length > 0) {
          state.after = {};
          for (const { delay, t } of raw.after) {
            const [text, ms] = DELAYS[delay];
            delays.add(ms);
            state.after[text] = renderTransition(t, name, anyTarget(i), noEventEnv, false);
          }
        }
      }
    } else if (kind === 'human') {
      state.type = 'human';
      state.queue = `queue_${i}`;
      if (raw.a % 3 === 0) state.skills = ['fraud'];
      if (raw.hours < 0) state.hours = 'always';
      else {
        state.hours = HOURS[raw.hours];
        // Closed redirects only go forward, so they never loop (`handoff-hours`).
        state.when_closed = laterTarget(i)(raw.whenClosed);
      }
      const carry = [...new Set(fields.length ? raw.carry.map((c) => pick(fields, c).name) : [])];
      if (carry.length > 0) state.carry = carry;
      const keep = raw.on.slice(0, raw.humanOn);
      if (keep.length > 0) {
        state.on = {};
        for (const { event, t } of keep) {
          const e = ON_EVENTS[event];
          events.add(e);
          state.on[e] = renderTransition(t, name, anyTarget(i), onEnv, false);
        }
      }
    } else {
      state.type = 'end';
      state.outcome = pick(OUTCOMES, raw.a);
      if (raw.say) state.feedback = true;
    }
    if (raw.do.length > 0) state.do = raw.do.length === 1 ? EFFECTS[raw.do[0]] : raw.do.map((d) => EFFECTS[d]);
    if (raw.say) state.say = `This is ${name}.`;
    doc.states[name] = state;
    const own = Object.keys(state.on ?? {});
    handles[name] = kind === 'bot' || kind === 'decision' ? [...new Set([...own, ...(doc.offramp?.on ?? []), ...SIGNALS])] : own;
  });
  return {
    yaml: YAML.stringify(doc, { lineWidth: 0 }),
    events: [...events, UNKNOWN_EVENT].sort(),
    delays: [...delays].sort((a, b) => a - b),
    fields: fields.map((f) => ({ name: f.name, type: f.type })),
    handles,
  };
}

// ---------------------------------------------------------------------------
// Event sequences

const dataValueArb = fc.oneof(
  { arbitrary: fc.constantFrom(...NUMBERS), weight: 4 },
  { arbitrary: fc.integer({ min: -5, max: 200 }), weight: 1 },
  { arbitrary: fc.constantFrom(...STRINGS), weight: 3 },
  { arbitrary: fc.boolean(), weight: 3 },
  { arbitrary: fc.constantFrom(null, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, -0), weight: 1 },
);

/** A raw step: an event picked from the journey's events, or a wait. */
const stepArb = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('event'),
      event: fc.nat(100),
      // Focused: an event the current state handles (decided while running, see `concretize`).
      focus: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 2 }),
      data: fc.option(fc.uniqueArray(fc.record({ field: fc.nat(DATA_FIELDS.length - 1), value: dataValueArb }), { minLength: 1, maxLength: 3, selector: (d) => d.field }), {
        nil: undefined,
      }),
    }),
    weight: 24,
  },
  // Exactly one of the journey's delays (or one ms either side).
  { arbitrary: fc.record({ kind: fc.constant('delay'), delay: fc.nat(100), jitter: fc.constantFrom(0, 0, 0, -1, 1) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('wait'), ms: fc.integer({ min: 0, max: 2 * 3_600_000 }) }), weight: 2 },
  // Large jumps: across opening hours, days and daylight-saving changes.
  { arbitrary: fc.record({ kind: fc.constant('wait'), ms: fc.constantFrom(6 * 3_600_000, DAY - 1, DAY, 25 * 3_600_000, 2 * DAY) }), weight: 1 },
);

const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MINUTES = 365 * 24 * 60;
const epochArb = fc.oneof(
  { arbitrary: fc.constantFrom(...EPOCHS), weight: 3 },
  // Any minute of 2026.
  {
    arbitrary: fc.integer({ min: 0, max: YEAR_MINUTES - 1 }).map(
      (m) => YEAR_START + m * 60_000,
      // The unmapper lets fast-check shrink a failing case given as an example (`shrinkFailure`).
      (t) => {
        const m = (t - YEAR_START) / 60_000;
        if (!Number.isInteger(m) || m < 0 || m >= YEAR_MINUTES) throw new Error('not a minute of 2026');
        return m;
      },
    ),
    weight: 1,
  },
);

/** A raw run: start time, optional input over the defaults, and 0-30 steps. */
export const sequenceSpecArb = fc.record({
  epoch: epochArb,
  input: fc.option(fc.array(fc.record({ field: fc.nat(20), value: dataValueArb }), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 4 }),
  steps: fc.array(stepArb, { maxLength: 30, size: 'max' }),
});

/**
 * Turns a raw run into a concrete script for a rendered journey: `{ epoch, input?, steps }`.
 * `stateOf()` tells the current state when the script is built while running (see
 * `concretize`): focused events are then picked among the events that state handles.
 */
export function resolveSequence(raw, journey, stateOf = () => undefined) {
  const steps = [];
  for (const s of raw.steps) steps.push(resolveStep(s, journey, stateOf()));
  return { ...resolveRun(raw, journey), steps };
}

function resolveStep(s, journey, state) {
  {
    if (s.kind === 'event') {
      const handled = s.focus && state !== undefined ? journey.handles[state] : undefined;
      const event = { type: pick(handled && handled.length > 0 ? handled : journey.events, s.event) };
      for (const d of s.data ?? []) event[DATA_FIELDS[d.field]] = d.value;
      return { event };
    }
    if (s.kind === 'delay') {
      const delay = journey.delays.length > 0 ? pick(journey.delays, s.delay) : 30_000;
      return { wait: delay + s.jitter };
    }
    return { wait: s.ms };
  }
}

function resolveRun(raw, journey) {
  const out = { epoch: raw.epoch };
  if (raw.input && journey.fields.length > 0) {
    const input = {};
    for (const entry of raw.input) {
      const field = pick(journey.fields, entry.field);
      // Values of the field's own type (or null): input of another type is refused by both engines
      // (tested on its own); run-time type errors come from event data, which has no declared type.
      input[field.name] = typedValue(field.type, entry.value);
    }
    out.input = input;
  }
  return out;
}

function typedValue(type, value) {
  if (value === null || typeof value === type) return typeof value === 'number' && !Number.isFinite(value) ? 1 : value;
  if (type === 'number') return typeof value === 'boolean' ? (value ? 1 : 0) : String(value).length;
  if (type === 'boolean') return Boolean(value);
  return String(value);
}

/**
 * Builds the concrete script of a raw run by stepping the reference interpreter
 * (`drivers.InterpreterDriver`), so focused events are ones the current state handles.
 * If the interpreter throws, the rest of the steps are resolved without focus.
 */
export function concretize(drivers, model, journey, raw) {
  const run = resolveRun(raw, journey);
  let driver;
  try {
    driver = new drivers.InterpreterDriver(model, run.epoch, run.input);
  } catch {
    driver = undefined;
  }
  const steps = [];
  for (const s of raw.steps) {
    const state = driver?.configuration.status === 'active' ? driver.configuration.state : undefined;
    const step = resolveStep(s, journey, state);
    steps.push(step);
    try {
      driver?.step(step);
    } catch {
      driver = undefined;
    }
  }
  return { ...run, steps };
}

/** How many runs each journey gets. */
export const SEQUENCES_PER_JOURNEY = 20;

/** One property input: a journey spec and its runs (exactly SEQUENCES_PER_JOURNEY). */
export const journeyCaseArb = fc.tuple(
  journeySpecArb,
  fc.array(sequenceSpecArb, { minLength: SEQUENCES_PER_JOURNEY, maxLength: SEQUENCES_PER_JOURNEY }),
);

// ---------------------------------------------------------------------------
// Checking and fixtures (shared by the test and the stress script)

/** Lint rules whose errors would make a compiled machine unsafe; a generated journey must have none. */
export const UNSAFE_RULES = ['syntax', 'schema', 'unknown-target', 'unknown-context', 'invalid-expression', 'always-loop', 'handoff-hours'];

/** Lint settings for the differential runs: the explorer-backed rule is slow and irrelevant here. */
export const LINT_RULES = new Map([['human-exit-proved', { severity: 'off' }]]);

/**
 * Lints journey YAML with `lintSources` (src or dist) and returns its model, or
 * throws listing the unsafe findings.
 */
export async function modelOf(lintSources, yaml) {
  const [result] = await lintSources([{ path: 'random.journey.yaml', text: yaml }], { rules: LINT_RULES });
  const unsafe = (result?.diagnostics ?? []).filter((d) => d.severity === 'error' && UNSAFE_RULES.includes(d.ruleId));
  if (!result?.journey || unsafe.length > 0) {
    throw new Error(`generated journey is not valid: ${unsafe.map((d) => `${d.ruleId}: ${d.message}`).join('; ') || 'no model'}\n${yaml}`);
  }
  return result.journey;
}

/**
 * Runs one script on both engines (drivers: src/sim/drivers and src/sim/xstate-driver, or their dist/ builds, merged)
 * and returns the first step where they disagree, or undefined. Index 0 is the
 * start; index i the state after step i.
 */
export function compare(drivers, journey, run) {
  const { InterpreterDriver, XStateDriver, difference } = drivers;
  // An engine that throws is a finding too (neither should ever throw on a valid journey).
  const attempt = (fn) => {
    try {
      return { value: fn() };
    } catch (error) {
      return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
  const a = attempt(() => new InterpreterDriver(journey, run.epoch, run.input));
  const b = attempt(() => new XStateDriver(journey, run.epoch, run.input));
  const see = (result, driver) => (result.threw || !driver ? null : attempt(() => driver.observe()).value ?? null);
  const thrown = (index, ra, rb) =>
    ra.threw || rb.threw
      ? {
          index,
          difference: `interpreter ${ra.threw ? `threw ${ra.threw}` : 'ran'}; xstate ${rb.threw ? `threw ${rb.threw}` : 'ran'}`,
          interpreter: see(ra, a.value),
          xstate: see(rb, b.value),
        }
      : undefined;
  try {
    const failed = thrown(0, a, b);
    if (failed) return failed;
    const [ia, xb] = [a.value, b.value];
    let diff = difference(ia.observe(), xb.observe());
    if (diff) return { index: 0, difference: diff, interpreter: ia.observe(), xstate: xb.observe(), problems: xb.problems };
    for (let i = 0; i < run.steps.length; i++) {
      const failedStep = thrown(i + 1, attempt(() => ia.step(run.steps[i])), attempt(() => xb.step(run.steps[i])));
      if (failedStep) return { ...failedStep, problems: xb.problems };
      const oa = ia.observe();
      const ob = xb.observe();
      diff = difference(oa, ob);
      if (diff) return { index: i + 1, difference: diff, interpreter: oa, xstate: ob, problems: xb.problems };
    }
    return undefined;
  } finally {
    b.value?.stop();
  }
}

/** A short stable name for a failing case (FNV-1a of its fixture text). */
export function hashOf(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The text of a regression fixture: the journey YAML, the failing runs, and what was
 * seen. `status: open` marks a disagreement not yet fixed in src/ (the replay test
 * then expects it to fail); set it to `fixed` once the engines agree.
 */
export function fixtureText({ yaml, runs, found, seed, mismatch, note, status = 'open' }) {
  const doc = {
    status,
    found,
    ...(seed !== undefined ? { seed } : {}),
    ...(note ? { note } : {}),
    // Observations as seen (very long texts shortened: they are not replayed from here).
    ...(mismatch ? { mismatch: JSON.parse(JSON.stringify(mismatch, (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 40)}... (${v.length} characters)` : encodeValue(v)))) } : {}),
    journey: yaml,
    runs: encodeRuns(runs),
  };
  return YAML.stringify(doc, { lineWidth: 0 });
}

function encodeRuns(runs) {
  return runs.map((r) => ({ epoch: new Date(r.epoch).toISOString(), ...(r.input ? { input: encodeValues(r.input) } : {}), steps: r.steps.map(encodeStep) }));
}

/** Reads a fixture back: `{ yaml, runs, found, note }` with concrete runs. */
export function parseFixture(text) {
  const doc = YAML.parse(text);
  return {
    ...doc,
    yaml: doc.journey,
    runs: doc.runs.map((r) => ({ epoch: Date.parse(r.epoch), ...(r.input ? { input: decodeValues(r.input) } : {}), steps: r.steps.map(decodeStep) })),
  };
}

// Non-finite numbers and -0 do not survive YAML/JSON; they are written as tagged text.
const SPECIAL = new Map([
  ['$NaN', Number.NaN],
  ['$Infinity', Number.POSITIVE_INFINITY],
  ['$-Infinity', Number.NEGATIVE_INFINITY],
  ['$-0', -0],
]);
function encodeValue(v) {
  if (typeof v !== 'number') return v;
  if (Number.isNaN(v)) return '$NaN';
  if (v === Number.POSITIVE_INFINITY) return '$Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '$-Infinity';
  if (Object.is(v, -0)) return '$-0';
  return v;
}
function decodeValue(v) {
  return typeof v === 'string' && SPECIAL.has(v) ? SPECIAL.get(v) : v;
}
function encodeValues(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, encodeValue(v)]));
}
function decodeValues(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeValue(v)]));
}
function encodeStep(s) {
  return 'event' in s ? { event: encodeValues(s.event) } : { wait: s.wait };
}
function decodeStep(s) {
  return 'event' in s ? { event: decodeValues(s.event) } : { wait: s.wait };
}

/**
 * Re-runs a (shrunk) failing case with `compare` and returns its failing runs, each
 * cut just after the step where the engines first disagree, with that disagreement.
 */
export async function failingRuns(lib, spec, raws) {
  const journey = renderJourney(spec);
  let model;
  try {
    model = await modelOf(lib.lintSources, journey.yaml);
  } catch (error) {
    return { journey, model: undefined, invalid: String(error), failures: [] };
  }
  const failures = [];
  for (const raw of raws) {
    const run = concretize(lib.drivers, model, journey, raw);
    const mismatch = compare(lib.drivers, model, run);
    if (mismatch) failures.push({ raw, run: { ...run, steps: run.steps.slice(0, mismatch.index) }, mismatch });
  }
  return { journey, model, failures };
}

/** One journey with one run: what a found failure is shrunk over. */
export const singleCaseArb = fc.tuple(journeySpecArb, sequenceSpecArb);

/**
 * Shrinks a failing journey + run with fast-check (from that example, over
 * `singleCaseArb`: one run instead of twenty makes every shrink step 20x cheaper).
 * Stops shrinking after `timeLimitMs` and keeps the smallest failure found so far.
 */
export async function shrinkFailure(lib, spec, raw, { seed = 0, timeLimitMs = 120_000 } = {}) {
  const property = fc.asyncProperty(singleCaseArb, async ([s, r]) => {
    const journey = renderJourney(s);
    const model = await modelOf(lib.lintSources, journey.yaml);
    const mismatch = compare(lib.drivers, model, concretize(lib.drivers, model, journey, r));
    if (mismatch) throw new Error(`step ${mismatch.index}: ${mismatch.difference}`);
  });
  const result = await fc.check(property, { examples: [[[spec, raw]]], numRuns: 1, seed, interruptAfterTimeLimit: timeLimitMs });
  return result.failed ? { case: result.counterexample[0], shrinks: result.numShrinks } : { case: [spec, raw], shrinks: 0 };
}

/**
 * Keeps a failing case (a journey spec and its raw runs, as the property saw them)
 * as a regression fixture: finds the first failing run, shrinks journey + run, and
 * writes `<dir>/<hash>.yaml`. Returns what was written (or why nothing was).
 */
export async function keepCounterexample(lib, dir, spec, raws, { found, seed, timeLimitMs } = {}) {
  const before = await failingRuns(lib, spec, raws);
  if (before.invalid) return { written: undefined, reason: before.invalid, journey: before.journey };
  const index = raws.findIndex((raw) => before.failures.some((f) => f.raw === raw));
  if (index < 0) return { written: undefined, reason: 'the case no longer fails when run again', journey: before.journey };
  const shrunk = await shrinkFailure(lib, spec, raws[index], { seed, timeLimitMs });
  const [s, r] = shrunk.case;
  const after = await failingRuns(lib, s, [r]);
  const failing = after.failures.length > 0 ? after : before;
  const first = failing.failures[0];
  const path = writeFixture(dir, {
    yaml: failing.journey.yaml,
    runs: [first.run],
    found: `${found ?? 'differential'}${failing === after ? ` (shrunk in ${shrunk.shrinks} steps)` : ' (not shrunk)'}`,
    seed,
    mismatch: first.mismatch,
  });
  return { written: path, journey: failing.journey, run: first.run, mismatch: first.mismatch };
}

/** Folder of the regression fixtures (relative to the repository root). */
export const FIXTURE_DIR = join('test', 'fixtures', 'differential');

/** Writes a regression fixture `<hash>.yaml` into `dir` and returns its path. */
export function writeFixture(dir, fixture) {
  const body = fixtureText(fixture);
  // Named by content (journey and runs), so the same case found twice is one file.
  const path = join(dir, `${hashOf(fixture.yaml + JSON.stringify(encodeRuns(fixture.runs)))}.yaml`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, body);
  return path;
}

/** Every fixture in `dir`: `{ file, yaml, runs, status, ... }`. */
export function readFixtures(dir) {
  let names;
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
  return names.map((file) => ({ file, ...parseFixture(readFileSync(join(dir, file), 'utf8')) }));
}
