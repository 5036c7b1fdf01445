// Random VALID journeys and random event sequences for the differential test
// (interpreter vs compiled XState machine). The vitest test (test/sim/differential.test.ts)
// imports this file; the stress script (bench/stress-differential.js, on the built dist/)
// bundles it with esbuild at run time, so both use exactly the same generator.
// Only types come from src/: the engines and the linter are passed in (src/ in the
// test, dist/ in the stress script).
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
//   transitions that receive an event (`on`, ladder rungs, a call's `input`), never in
//   `always` or `after`;
// - limited hours always come with a `when_closed`.
// A third of the specs have no `v11` part and render as format 1.0 journeys exactly as
// before format 1.1. The others may use every 1.1 addition:
// - sub-journeys (`journeys:`, 0-2, each with its own fields, offramp, ends), called
//   from `type: call` states; sub-journey k calls only sub-journeys after it and the
//   top journey any of them, so there is never a call cycle; at most 3 call states in
//   the top journey and 1 in a sub-journey (chains without a customer event stay short);
// - a call's `outcomes` name only outcomes the callee can end with, and continue at a
//   later state unless the callee's start waits for the customer (so calls and returns,
//   which happen on entry, can never form a loop); `input`/`output` are typed by the
//   field they set, read the caller's/callee's fields;
// - `no_match` / `no_input` retry ladders (1-4 rungs, staying or leaving) replace the
//   state's `on` entry for that signal; `when_unavailable` only where `on` has no
//   `unavailable`; `human: later` ends; `input: true` / `internal: true` fields;
// - with GENERATE_EXPRESSIONS_11, `null` (tests only of what may be null) and the functions.
//
// The generated values depend on the order in which the arbitraries below are
// built and on the key order of every `fc.record`: changing either changes what a
// seed produces (the differential test's seed and the fixtures' runs rely on it).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import type { ContextValue, JourneyEvent } from '../../src/interpret/interpreter.js';
import type { lintSources as lintSourcesFunction, LintOptions } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import type * as InterpreterDrivers from '../../src/sim/drivers.js';
import type { Observation, ScriptStep } from '../../src/sim/drivers.js';
import type * as XStateDrivers from '../../src/sim/xstate-driver.js';

/** The journey model the helpers take (re-exported for their callers). */
export type { Journey };

// ---------------------------------------------------------------------------
// Types

/** The type of a context field. */
export type FieldType = 'number' | 'boolean' | 'string';

/** A value event data or input may carry (including the numbers YAML cannot hold). */
export type DataValue = number | string | boolean | null;

/** A raw expression tree: `k` picks the form, `a` a leaf value, `kids` sub-trees. */
export interface RawExpr {
  readonly k: number;
  readonly a: number;
  readonly kids: readonly [RawExpr, RawExpr] | null;
}

/** One raw `set` entry: a field index, the value's tree, and whether a literal is used. */
export interface RawSetEntry {
  readonly field: number;
  readonly value: RawExpr;
  readonly literal: boolean;
}

/** One raw choice of a transition. */
export interface RawChoice {
  /** -1: this state; -2: the next state; otherwise any state (modulo their number). */
  readonly to: number;
  readonly guard: RawExpr | undefined;
  readonly set: readonly RawSetEntry[];
  readonly do: readonly number[];
  readonly description: boolean;
}

/** A raw transition: form 0 plain target, 1 mapping, 2 list; `lastUnguarded` drops the last choice's `if`. */
export interface RawTransition {
  readonly form: number;
  readonly choices: readonly RawChoice[];
  readonly lastUnguarded: boolean;
}

/** What kind of state a raw state becomes (the last state is always an end state; `call` only through `RawStateExt.kind`). */
export type RawStateKind = 'bot' | 'decision' | 'human' | 'end' | 'call';

/** A raw state; which keys are used depends on its kind. */
export interface RawState {
  readonly kind: RawStateKind;
  readonly on: readonly { readonly event: number; readonly t: RawTransition }[];
  readonly after: readonly { readonly delay: number; readonly t: RawTransition }[];
  /** 0: no timeouts, otherwise the `after` list. */
  readonly hasAfter: number;
  readonly always: RawTransition;
  /** Human states: how many of `on` to keep (0: terminal). */
  readonly humanOn: number;
  /** -1: always open; otherwise an index into HOURS. */
  readonly hours: number;
  readonly whenClosed: number;
  readonly carry: readonly number[];
  readonly do: readonly number[];
  readonly say: boolean;
  readonly a: number;
}

/** A raw context field: its type and optional default. */
export type RawField =
  | { readonly type: 'number'; readonly default: number | undefined }
  | { readonly type: 'boolean'; readonly default: boolean | undefined }
  | { readonly type: 'string'; readonly default: string | undefined };

/** A raw journey-wide offramp. */
export interface RawOfframp {
  readonly to: number;
  readonly on: readonly string[];
  readonly noMatch: number | undefined;
  readonly frustration: boolean;
}

/** One raw rung of a retry ladder (`no_match: [...]`, `no_input: [...]`). */
export interface RawRung {
  readonly say: boolean;
  readonly do: readonly number[];
  readonly set: readonly RawSetEntry[];
  /** undefined: the rung stays (the state is not re-entered); otherwise a target as in `RawChoice.to`. */
  readonly to: number | undefined;
}

/** A raw call (`type: call`): which journey it calls and how it maps fields and outcomes. */
export interface RawCall {
  /** Index among the journeys this one may call (modulo their number). */
  readonly callee: number;
  /** Callee field (index) := expression over the caller's context. */
  readonly input: readonly RawSetEntry[];
  /** Caller field (index) := expression over the callee's context. */
  readonly output: readonly RawSetEntry[];
  /** Outcome (index into the outcomes the callee can end with) -> target. */
  readonly outcomes: readonly { readonly outcome: number; readonly to: number }[];
  /** `default:` target, or none (an outcome not named then ends the caller). */
  readonly default: number | undefined;
}

/** Format 1.1 additions to one raw state; which of them apply depends on the state's kind. */
export interface RawStateExt {
  /** 0: the base state's kind; 1: a call state (when there is a journey to call); 2: an end state. */
  readonly kind: number;
  readonly call: RawCall;
  /** Bot states (decisions too): a `no_match` retry ladder. */
  readonly noMatch: readonly RawRung[] | undefined;
  /** Bot states (decisions too): a `no_input` retry ladder. */
  readonly noInput: readonly RawRung[] | undefined;
  /** Human states: the `when_unavailable` target, as in `RawChoice.to`. */
  readonly whenUnavailable: number | undefined;
  /** End states: `human: later` (a callback). */
  readonly later: boolean;
  /** Bot and human states without `when_unavailable`: their first customer event is named `unavailable` (an ordinary event there). */
  readonly unavailableEvent: boolean;
}

/** Format 1.1 flags of a raw field. */
export interface RawFieldExt {
  readonly input: boolean;
  readonly internal: boolean;
}

/** Format 1.1 additions to one journey body (the top journey or a sub-journey), by field and state index. */
export interface RawBodyExt {
  readonly fields: readonly RawFieldExt[];
  readonly states: readonly RawStateExt[];
  /** Expressions use `null` and the functions (when GENERATE_EXPRESSIONS_11 is on). */
  readonly expressions: boolean;
}

/** The part every journey has (format 1.0): fields, states, start and offramp. */
export interface RawBody {
  readonly fields: readonly RawField[];
  readonly states: readonly RawState[];
  readonly start: number;
  readonly offramp: RawOfframp | undefined;
}

/** A raw sub-journey (under `journeys:`). */
export interface RawSubJourney extends RawBody {
  readonly ext: RawBodyExt;
  readonly title: boolean;
}

/** The format 1.1 part of a journey spec. */
export interface RawV11 {
  /** Write `format: 1.1` (otherwise the version follows from what the journey uses). */
  readonly declare: boolean;
  readonly ext: RawBodyExt;
  /** Sub-journeys; sub-journey i may call only sub-journeys after it (no call cycle). */
  readonly subs: readonly RawSubJourney[];
}

/** Raw spec of a journey (see `renderJourney`): without `v11`, a plain format 1.0 journey. */
export interface JourneySpec extends RawBody {
  readonly v11: RawV11 | undefined;
}

/** A raw step: an event picked from the journey's events, one of its delays, a wait, or pressure. */
export type RawStep =
  | {
      readonly kind: 'event';
      readonly event: number;
      /** Focused: an event the current state handles (decided while running, see `concretize`). */
      readonly focus: boolean;
      readonly data: readonly { readonly field: number; readonly value: DataValue }[] | undefined;
    }
  | { readonly kind: 'delay'; readonly delay: number; readonly jitter: number }
  | { readonly kind: 'wait'; readonly ms: number }
  /**
   * `repeat` events in a row, each one the current state's pressure signal (a retry
   * ladder's, the offramp's `no_match` count, `unavailable` where a transfer can fail),
   * else an event it handles (see `RenderedJourney.pressure`).
   */
  | { readonly kind: 'pressure'; readonly event: number; readonly repeat: number };

/** A raw run: start time, optional input over the defaults, and its raw steps. */
export interface SequenceSpec {
  readonly epoch: number;
  readonly input: readonly { readonly field: number; readonly value: DataValue }[] | undefined;
  readonly steps: readonly RawStep[];
}

/** One property input: a journey spec and its raw runs. */
export type JourneyCase = [JourneySpec, SequenceSpec[]];

/** The format 1.1 additions a rendered journey uses (see `RenderedJourney.features`). */
export type Feature =
  | 'format'
  | 'sub-journey'
  | 'call'
  | 'nested-call'
  | 'call-input'
  | 'call-output'
  | 'outcomes'
  | 'outcomes-default'
  | 'sub-offramp'
  | 'ladder-no-match'
  | 'ladder-no-input'
  | 'ladder-stay'
  | 'ladder-leave'
  | 'ladder-on-decision'
  | 'when-unavailable'
  | 'unavailable-event'
  | 'human-later'
  | 'input-field'
  | 'internal-field'
  | 'null'
  | 'functions';

/** Every format 1.1 addition the generator makes, in the order of `Feature`. */
export const FEATURES: readonly Feature[] = [
  'format',
  'sub-journey',
  'call',
  'nested-call',
  'call-input',
  'call-output',
  'outcomes',
  'outcomes-default',
  'sub-offramp',
  'ladder-no-match',
  'ladder-no-input',
  'ladder-stay',
  'ladder-leave',
  'ladder-on-decision',
  'when-unavailable',
  'unavailable-event',
  'human-later',
  'input-field',
  'internal-field',
  'null',
  'functions',
];

/** A rendered journey: its YAML and what sequences need to know about it. */
export interface RenderedJourney {
  readonly yaml: string;
  /** Every event the journey reacts to, the signals, `unavailable` (format 1.1), and one it never handles. */
  readonly events: readonly string[];
  /** Delays (ms) of its `after` keys (sub-journeys' too). */
  readonly delays: readonly number[];
  /** The top journey's fields (what a run's input may set); `input` marks `input: true` ones. */
  readonly fields: readonly { readonly name: string; readonly type: FieldType; readonly input?: boolean }[];
  /**
   * Events each state handles, by its id in the engines (`call$inner` for a sub-journey's
   * state): its own `on`; for bot states also the offramps' (its journey's and the
   * callers') and the signals; `unavailable` where a transfer can fail.
   */
  readonly handles: Readonly<Record<string, readonly string[]>>;
  /** Signals worth sending again and again in a state: its ladders', the offramp's `no_match` count, `unavailable` where a transfer can fail. */
  readonly pressure: Readonly<Record<string, readonly string[]>>;
  /** The format 1.1 additions it uses, sorted (empty for a format 1.0 journey). */
  readonly features: readonly Feature[];
}

/** A concrete run: start time, input over the defaults, and the steps. */
export interface ConcreteRun {
  readonly epoch: number;
  readonly input?: Readonly<Record<string, ContextValue>>;
  readonly steps: readonly ScriptStep[];
}

/** Where a fixture stands: `open` (the engines still disagree) or `fixed`. */
export type FixtureStatus = 'open' | 'fixed';

/** A fixture as parsed from its text (see test/fixtures/differential/README.md). */
export interface ParsedFixture {
  readonly status: FixtureStatus;
  readonly found: string;
  readonly seed?: number;
  readonly note?: string;
  /** The first disagreement as seen when the fixture was written (not replayed). */
  readonly mismatch?: unknown;
  /** The journey YAML (the fixture's `journey` key). */
  readonly journey: string;
  /** The journey YAML again, under the name the replay uses. */
  readonly yaml: string;
  readonly runs: readonly ConcreteRun[];
}

/** A fixture read back from test/fixtures/differential. */
export interface Fixture extends ParsedFixture {
  readonly file: string;
}

/** What `fixtureText` writes. */
export interface FixtureInput {
  readonly yaml: string;
  readonly runs: readonly ConcreteRun[];
  readonly found: string;
  readonly seed?: number | undefined;
  readonly mismatch?: Mismatch | undefined;
  readonly note?: string | undefined;
  readonly status?: FixtureStatus;
}

/** The engine drivers (src/sim/drivers and src/sim/xstate-driver, or their dist/ builds, merged). */
export type EngineDrivers = Pick<typeof InterpreterDrivers, 'InterpreterDriver' | 'difference'> & Pick<typeof XStateDrivers, 'XStateDriver'>;

/** `lintSources` of src/lint/lint.ts (or of its dist/ build). */
export type LintSources = typeof lintSourcesFunction;

/** What the checking helpers need: the linter and both engines' drivers. */
export interface Lib {
  readonly lintSources: LintSources;
  readonly drivers: EngineDrivers;
}

/** The first step where the engines disagree (index 0 is the start, i the state after step i). */
export interface Mismatch {
  readonly index: number;
  readonly difference: string;
  /** What the engine showed then; null when it threw. */
  readonly interpreter: Observation | null;
  readonly xstate: Observation | null;
  /** Problems the compiled machine reported to its host. */
  readonly problems?: readonly string[];
}

/** A failing run of a case: the raw run, its concrete script cut after the mismatch, and the mismatch. */
export interface Failure {
  readonly raw: SequenceSpec;
  readonly run: ConcreteRun;
  readonly mismatch: Mismatch;
}

/** `failingRuns`'s answer: the rendered journey, its model (unless invalid) and its failing runs. */
export interface FailingRuns {
  readonly journey: RenderedJourney;
  readonly model: Journey | undefined;
  /** Why the journey is not valid, when it is not. */
  readonly invalid?: string;
  readonly failures: readonly Failure[];
}

/** What `keepCounterexample` did: the fixture path written, or why none was. */
export interface KeptCounterexample {
  readonly written: string | undefined;
  readonly reason?: string;
  readonly journey: RenderedJourney;
  readonly run?: ConcreteRun;
  readonly mismatch?: Mismatch;
}

// ---------------------------------------------------------------------------
// Pools

/** Customer events a journey may handle (a small pool so sequences hit them often). */
export const CUSTOMER_EVENTS: readonly string[] = ['yes', 'no', 'next', 'back', 'help', 'retry', 'order.status', 'error'];
/** Events a journey-wide offramp may list. */
export const OFFRAMP_EVENTS: readonly string[] = ['agent_requested', 'speak_to_person'];
/** The reserved signals. */
export const SIGNALS: readonly string[] = ['no_match', 'no_input', 'frustrated'];
/** An event no journey handles (must be ignored by both engines). */
export const UNKNOWN_EVENT = 'unheard_of';
/** The event the host sends when a hand-off failed (format 1.1: a human state's `when_unavailable`; an ordinary event elsewhere). */
export const UNAVAILABLE_EVENT = 'unavailable';
/** Separates a call state from the states of the journey it calls in the engines' state ids (`s3$a0`). */
export const CALL_SEPARATOR = '$';
/**
 * Switch: format 1.1 journeys also use the expression language's 1.1 additions (`null`,
 * `len` `lower` `upper` `contains` `min` `max` `round`) in a share of guards, `set`s and
 * call mappings. On: `parseExpression('len(x) > 1')` and `parseExpression('x == null')`
 * parse (checked 2026-03 against src/expr). Turn it off if the expression language changes under it.
 */
export const GENERATE_EXPRESSIONS_11: boolean = true;
/** Every name a state's `on` may use: customer events, offramp events (shadowing), signals. */
const ON_EVENTS: readonly string[] = [...CUSTOMER_EVENTS, ...OFFRAMP_EVENTS, ...SIGNALS];
/** Delays of `after` keys: text and milliseconds (all distinct, none shorter than 30 s). */
export const DELAYS: readonly (readonly [text: string, ms: number])[] = [
  ['30s', 30_000],
  ['90s', 90_000],
  ['5m', 300_000],
  ['1h', 3_600_000],
  ['2h30m', 9_000_000],
  ['1d', 86_400_000],
];
/** Limited opening hours (with DST-sensitive windows); `always` is chosen separately. */
export const HOURS: readonly string[] = [
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
export const DATA_FIELDS: readonly string[] = ['amount', 'code', 'ok', 'tier'];
const NUMBERS: readonly number[] = [0, 1, 2, 3, -1, 0.5, 10, 100];
const STRINGS: readonly string[] = ['gold', 'basic', '', 'a b'];
/** String literals of format 1.1 expressions: cases where lower/upper/len are not trivial too. */
const STRINGS_11: readonly string[] = [...STRINGS, 'Gold', 'straße', 'I', '😀 ok'];
const EFFECTS: readonly string[] = ['crm.log', 'cards.block', 'notify', 'audit.write'];
const OUTCOMES: readonly string[] = ['resolved', 'cancelled', 'callback_booked', 'abandoned'];
const DAY = 86_400_000;

/**
 * Start times: inside and outside opening hours, at window edges, and in the
 * daylight-saving change weeks (Europe/London 2026-03-29 01:00 UTC and
 * 2026-10-25 01:00 UTC; America/New_York 2026-03-08 07:00 UTC and 2026-11-01 06:00 UTC).
 */
export const EPOCHS: readonly number[] = [
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

/** The item at index `n` of a non-empty list, wrapping around (negative `n` counts from the end). */
function pick<T>(list: readonly T[], n: number): T {
  if (list.length === 0) throw new RangeError('pick from an empty list');
  return list[((n % list.length) + list.length) % list.length] as T;
}

/** The item at index `i` (which the caller knows exists). */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new RangeError(`no item ${i} in a list of ${list.length}`);
  return item;
}

// ---------------------------------------------------------------------------
// Raw specs

/** Raw expression trees up to `depth` levels of operators. */
function exprArb(depth: number): fc.Arbitrary<RawExpr> {
  const leaf: fc.Arbitrary<RawExpr> = fc.record({ k: fc.nat(11), a: fc.nat(1000), kids: fc.constant(null) });
  if (depth === 0) return leaf;
  const sub = exprArb(depth - 1);
  return fc.oneof({ arbitrary: leaf, weight: 2 }, { arbitrary: fc.record({ k: fc.nat(11), a: fc.nat(1000), kids: fc.tuple(sub, sub) }), weight: 3 });
}
const EXPR = exprArb(3);

/** -1: this state; -2: the next state (keeps most states reachable); else any state. */
const targetArb: fc.Arbitrary<number> = fc.oneof({ arbitrary: fc.nat(100), weight: 4 }, { arbitrary: fc.constant(-2), weight: 2 }, { arbitrary: fc.constant(-1), weight: 1 });

const setEntryArb: fc.Arbitrary<RawSetEntry> = fc.record({ field: fc.nat(20), value: EXPR, literal: fc.boolean() });

const choiceArb: fc.Arbitrary<RawChoice> = fc.record({
  to: targetArb,
  guard: fc.option(EXPR, { nil: undefined, freq: 2 }),
  set: fc.array(setEntryArb, { maxLength: 2 }),
  do: fc.array(fc.nat(EFFECTS.length - 1), { maxLength: 2 }),
  description: fc.boolean(),
});

const transitionArb: fc.Arbitrary<RawTransition> = fc.record({
  form: fc.nat(2),
  choices: fc.array(choiceArb, { minLength: 1, maxLength: 3 }),
  lastUnguarded: fc.boolean(),
});

const stateArb: fc.Arbitrary<RawState> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('bot' as const), weight: 10 },
    { arbitrary: fc.constant('decision' as const), weight: 3 },
    { arbitrary: fc.constant('human' as const), weight: 4 },
    { arbitrary: fc.constant('end' as const), weight: 1 },
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

const fieldArb: fc.Arbitrary<RawField> = fc.oneof(
  fc.record({ type: fc.constant('number' as const), default: fc.option(fc.constantFrom(...NUMBERS), { nil: undefined, freq: 3 }) }),
  fc.record({ type: fc.constant('boolean' as const), default: fc.option(fc.boolean(), { nil: undefined, freq: 3 }) }),
  fc.record({ type: fc.constant('string' as const), default: fc.option(fc.constantFrom(...STRINGS), { nil: undefined, freq: 3 }) }),
);

const offrampArb: fc.Arbitrary<RawOfframp> = fc.record({
  to: fc.nat(100),
  on: fc.subarray([...OFFRAMP_EVENTS]),
  noMatch: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  frustration: fc.boolean(),
});

/** `arb` with weight `some`, undefined with weight `none` (undefined first: fast-check shrinks towards it). */
function sometimes<T>(arb: fc.Arbitrary<T>, some: number, none: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: none }, { arbitrary: arb, weight: some });
}

/** True with weight `yes`, false with weight `no` (false first: fast-check shrinks towards it). */
function chance(yes: number, no: number): fc.Arbitrary<boolean> {
  return fc.oneof({ arbitrary: fc.constant(false), weight: no }, { arbitrary: fc.constant(true), weight: yes });
}

const rungArb: fc.Arbitrary<RawRung> = fc.record({
  say: fc.boolean(),
  do: fc.array(fc.nat(EFFECTS.length - 1), { maxLength: 2 }),
  set: fc.array(setEntryArb, { maxLength: 2 }),
  to: sometimes(targetArb, 1, 1),
});

/** A retry ladder: 1-4 rungs. */
const ladderArb: fc.Arbitrary<RawRung[]> = fc.array(rungArb, { minLength: 1, maxLength: 4 });

const callArb: fc.Arbitrary<RawCall> = fc.record({
  callee: fc.nat(3),
  input: fc.array(setEntryArb, { maxLength: 3 }),
  output: fc.array(setEntryArb, { maxLength: 2 }),
  outcomes: fc.array(fc.record({ outcome: fc.nat(7), to: targetArb }), { maxLength: 3 }),
  default: sometimes(targetArb, 1, 1),
});

/** Format 1.1 additions to a state; `kinds` weighs keeping the kind, a call, an end. */
function stateExtArb(kinds: readonly [keep: number, call: number, end: number]): fc.Arbitrary<RawStateExt> {
  return fc.record({
    kind: fc.oneof({ arbitrary: fc.constant(0), weight: kinds[0] }, { arbitrary: fc.constant(1), weight: kinds[1] }, { arbitrary: fc.constant(2), weight: kinds[2] }),
    call: callArb,
    noMatch: sometimes(ladderArb, 1, 2),
    noInput: sometimes(ladderArb, 1, 2),
    whenUnavailable: sometimes(targetArb, 1, 1),
    later: chance(1, 2),
    unavailableEvent: chance(1, 6),
  });
}

const fieldExtArb: fc.Arbitrary<RawFieldExt> = fc.record({ input: chance(1, 2), internal: chance(1, 3) });

function bodyExtArb(state: fc.Arbitrary<RawStateExt>): fc.Arbitrary<RawBodyExt> {
  return fc.record({
    fields: fc.array(fieldExtArb, { maxLength: 5, size: 'max' }),
    states: fc.array(state, { maxLength: 12, size: 'max' }),
    expressions: chance(2, 1),
  });
}

/** A sub-journey: 0-3 fields, 2-5 states (more of them ends), an offramp half the time. */
const subJourneyArb: fc.Arbitrary<RawSubJourney> = fc.record({
  fields: fc.array(fieldArb, { maxLength: 3 }),
  states: fc.array(stateArb, { minLength: 2, maxLength: 5 }),
  start: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.nat(100), weight: 1 }),
  offramp: fc.option(offrampArb, { nil: undefined, freq: 2 }),
  ext: bodyExtArb(stateExtArb([6, 2, 3])),
  title: fc.boolean(),
});

const v11Arb: fc.Arbitrary<RawV11> = fc.record({
  declare: fc.boolean(),
  ext: bodyExtArb(stateExtArb([12, 6, 1])),
  subs: fc.array(subJourneyArb, { maxLength: 2, size: 'max' }),
});

/** Raw spec of a journey (see `renderJourney`): a third are plain format 1.0 journeys (`v11` undefined). */
export const journeySpecArb: fc.Arbitrary<JourneySpec> = fc.record({
  fields: fc.array(fieldArb, { maxLength: 5 }),
  states: fc.array(stateArb, { minLength: 3, maxLength: 12 }),
  start: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.nat(100), weight: 1 }),
  offramp: fc.option(offrampArb, { nil: undefined, freq: 2 }),
  v11: fc.option(v11Arb, { nil: undefined, freq: 3 }),
});

// ---------------------------------------------------------------------------
// Rendering a spec as a valid journey

/** A declared field as rendering sees it. */
interface NamedField {
  readonly name: string;
  readonly type: FieldType;
  readonly default: number | boolean | string | undefined;
}

/** What an expression may read: the declared fields, event data or not, and a budget of string fields. */
interface ExprEnv {
  readonly fields: readonly NamedField[];
  readonly event: boolean;
  /** How many more string fields a `set` value may read (unlimited when absent). */
  readonly strings?: { left: number };
  /** Format 1.1 expressions: `null` and the functions (see GENERATE_EXPRESSIONS_11). */
  readonly extended?: boolean;
}

/** A `set` (or `input`, `output`) value as written: expression text, a YAML literal, or null. */
type SetValue = string | number | boolean | null;

/** A transition choice in the mapping form. */
interface ChoiceDoc {
  to: string;
  if?: string;
  set?: Record<string, SetValue>;
  do?: string | string[];
  description?: string;
}

/** A transition as written in YAML: a plain target, a mapping, or a list. */
type TransitionDoc = string | ChoiceDoc | (string | ChoiceDoc)[];

/** A rung of a retry ladder as written in YAML. */
interface RungDoc {
  say?: string;
  do?: string | string[];
  set?: Record<string, SetValue>;
  to?: string;
}

/** A state as written in YAML (keys in the order they are written). */
interface StateDoc {
  always?: TransitionDoc;
  on?: Record<string, TransitionDoc>;
  after?: Record<string, TransitionDoc>;
  no_match?: RungDoc[];
  no_input?: RungDoc[];
  type?: 'human' | 'end' | 'call';
  call?: string;
  input?: Record<string, SetValue>;
  output?: Record<string, SetValue>;
  outcomes?: Record<string, string>;
  queue?: string;
  skills?: string[];
  hours?: string;
  when_closed?: string;
  carry?: string[];
  when_unavailable?: string;
  outcome?: string;
  feedback?: boolean;
  human?: 'later';
  do?: string | string[];
  say?: string;
}

/** A context field as written in YAML. */
interface FieldDoc {
  type: FieldType;
  default?: number | boolean | string;
  input?: true;
  internal?: true;
}

/** What a journey body holds in YAML (the top journey's keys below `title`, or a sub-journey). */
interface BodyDoc {
  title?: string;
  context?: Record<string, FieldDoc>;
  offramp?: { to: string; on?: readonly string[]; no_match?: number; frustration?: boolean };
  start?: string;
  states?: Record<string, StateDoc>;
}

/** A journey as written in YAML (keys in the order they are written). */
interface JourneyDoc extends Omit<BodyDoc, 'title'> {
  journey: string;
  title: string;
  format?: number;
  journeys?: Record<string, BodyDoc>;
}

function fieldName(field: RawField, i: number): string {
  return `${field.type === 'number' ? 'num' : field.type === 'boolean' ? 'flag' : 'text'}${i}`;
}

/** Wraps an operand in parentheses unless it is a name, a number or a plain string literal. */
function wrap(s: string): string {
  return /^[\w.']*$/.test(s) ? s : `(${s})`;
}

/** Renders an expression of type `type` from a raw tree. */
function renderExpr(raw: RawExpr, type: FieldType, env: ExprEnv): string {
  // Format 1.1 forms take a quarter of the operator nodes (k 9-11) where they are on.
  if (env.extended === true && raw.kids && raw.k >= 9) {
    const extended = renderExtendedExpr(raw, raw.kids, type, env);
    if (extended !== undefined) return extended;
  }
  const ofType = env.fields.filter((f) => f.type === type);
  const leaf = (): string => {
    // Event data (only where an event is received), a declared field, or a literal.
    if (env.event && raw.a % 5 === 0) return `event.${pick(DATA_FIELDS, raw.a)}`;
    if (ofType.length > 0 && raw.a % 3 !== 0 && (type !== 'string' || env.strings === undefined || env.strings.left-- > 0)) return pick(ofType, raw.a).name;
    if (type === 'number') return String(pick(NUMBERS, raw.a));
    if (type === 'boolean') return raw.a % 2 === 0 ? 'true' : 'false';
    return `'${pick(env.extended === true ? STRINGS_11 : STRINGS, raw.a)}'`;
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

/**
 * The format 1.1 forms (`raw.k` 9-11): null tests (only of what may be null, else lint
 * reports the test as constant), `contains`, `len`, `min`/`max`, `round`, `lower`/`upper`.
 * Undefined when the form has nothing to test (no field may be null and no event data).
 */
function renderExtendedExpr(raw: RawExpr, [l, r]: readonly [RawExpr, RawExpr], type: FieldType, env: ExprEnv): string | undefined {
  if (type === 'boolean') {
    if (raw.k === 9) {
      // A field without a default, or event data: the only operands lint accepts in a null test.
      const nullable = env.fields.filter((f) => f.default === undefined);
      const subjects = [...nullable.map((f) => f.name), ...(env.event ? DATA_FIELDS.map((d) => `event.${d}`) : [])];
      if (subjects.length === 0) return undefined;
      const subject = pick(subjects, raw.a);
      const field = nullable.find((f) => f.name === subject);
      // `x != null && x > 2`: the right side is only evaluated when it has a value.
      if (raw.a % 4 === 3 && field?.type === 'number') return `${subject} != null && ${subject} > ${wrap(renderExpr(r, 'number', env))}`;
      return `${subject} ${raw.a % 2 ? '==' : '!='} null`;
    }
    if (raw.k === 10) return `contains(${renderExpr(l, 'string', env)}, ${renderExpr(r, 'string', env)})`;
    return `len(${renderExpr(l, 'string', env)}) ${pick(['<', '<=', '>', '>=', '==', '!='], raw.a)} ${wrap(renderExpr(r, 'number', env))}`;
  }
  if (type === 'number') {
    if (raw.k === 9) return `len(${renderExpr(l, 'string', env)})`;
    if (raw.k === 10) return `${raw.a % 2 ? 'min' : 'max'}(${renderExpr(l, 'number', env)}, ${renderExpr(r, 'number', env)}${raw.a % 3 === 0 ? `, ${pick(NUMBERS, raw.a)}` : ''})`;
    return `round(${renderExpr(l, 'number', env)})`;
  }
  if (raw.k === 9) return `lower(${renderExpr(l, 'string', env)})`;
  if (raw.k === 10) return `upper(${renderExpr(l, 'string', env)})`;
  return `lower(${renderExpr(l, 'string', env)}) + ${wrap(renderExpr(r, 'string', env))}`;
}

/** A `set` value for a field: a YAML literal (numbers, booleans; null in format 1.1) or expression text. */
function renderSetValue(entry: RawSetEntry, field: NamedField, env: ExprEnv): SetValue {
  // Format 1.1: `null` unsets the field (a fifth of the literals).
  if (env.extended === true && entry.literal && entry.value.a % 5 === 1) return null;
  if (entry.literal && field.type !== 'string') {
    return field.type === 'number' ? pick(NUMBERS, entry.value.a) : entry.value.a % 2 === 0;
  }
  // A string field set from two string fields (`text0: text0 + text0`) doubles on every
  // pass through a loop and soon exceeds the longest string JavaScript can hold (see
  // test/fixtures/differential/README.md); set values read at most one string field.
  return renderExpr(entry.value, field.type, { ...env, strings: { left: 1 } });
}

/** `field: value` entries written into `target` (fields picked by index from `fields`, first one of a name wins); undefined when there are none. */
function renderAssignments(entries: readonly RawSetEntry[], fields: readonly NamedField[], env: ExprEnv): Record<string, SetValue> | undefined {
  if (fields.length === 0 || entries.length === 0) return undefined;
  const out: Record<string, SetValue> = {};
  for (const entry of entries) {
    const field = pick(fields, entry.field);
    if (!(field.name in out)) out[field.name] = renderSetValue(entry, field, env);
  }
  return out;
}

/** `do` as written: one name, or a list. */
function renderEffects(list: readonly number[]): string | string[] {
  return list.length === 1 && at(list, 0) % 2 === 0 ? at(EFFECTS, at(list, 0)) : list.map((d) => at(EFFECTS, d));
}

/**
 * Renders one transition. `targets(raw)` resolves a raw target; `env.event` says
 * whether expressions may read event data; `forceList` writes the list form.
 */
function renderTransition(raw: RawTransition, targets: (raw: number) => string, env: ExprEnv, forceList: boolean): TransitionDoc {
  const choices = raw.choices.map((c, i): ChoiceDoc => {
    const to = targets(c.to);
    const unguarded = raw.lastUnguarded && i === raw.choices.length - 1;
    const out: ChoiceDoc = { to };
    if (c.guard && !unguarded) out.if = renderExpr(c.guard, 'boolean', env);
    const set = renderAssignments(c.set, env.fields, env);
    if (set) out.set = set;
    if (c.do.length > 0) out.do = renderEffects(c.do);
    if (c.description) out.description = `go to ${to}`;
    return out;
  });
  const plain = (c: ChoiceDoc): boolean => Object.keys(c).length === 1;
  const first = at(choices, 0);
  if (!forceList && raw.form === 0 && plain(first)) return first.to;
  if (!forceList && raw.form <= 1) return first;
  return choices.map((c) => (plain(c) ? c.to : c));
}

/** A journey a body may call, as the caller needs to know it. */
interface Callable {
  /** Index of the sub-journey. */
  readonly index: number;
  readonly id: string;
  readonly fields: readonly NamedField[];
  readonly outcomes: readonly string[];
  /** Its start state waits for the customer: a call's return may then go anywhere (no chain without an event can come back). */
  readonly waitsAtStart: boolean;
}

/** How to render one journey body. */
interface BodyOptions {
  readonly ext: RawBodyExt | undefined;
  /** First letter of its state ids (`s` for the top journey). */
  readonly letter: string;
  readonly callable: readonly Callable[];
  /** Most call states it may have (keeps chains without a customer event short). */
  readonly maxCalls: number;
  readonly title?: string;
  readonly sub: boolean;
  /** The 1.1 additions used, filled in while rendering. */
  readonly features: Set<Feature>;
}

/** One rendered journey body and what sequences and its callers need to know about it. */
interface RenderedBody {
  readonly doc: BodyDoc;
  readonly fields: readonly NamedField[];
  readonly inputFields: ReadonlySet<string>;
  /** Own events per state (`on`, and `unavailable` where a transfer can fail); bot states get the offramps' and the signals when expanded. */
  readonly handles: Readonly<Record<string, readonly string[]>>;
  /** Bot states (decisions included). */
  readonly bot: ReadonlySet<string>;
  /** Ladder signals per state. */
  readonly ladders: Readonly<Record<string, readonly string[]>>;
  /** Bot states that answer `no_match` themselves (`on` or a ladder): no offramp count there. */
  readonly ownNoMatch: ReadonlySet<string>;
  /** Human states with `when_unavailable`. */
  readonly unavailable: ReadonlySet<string>;
  readonly offrampOn: readonly string[];
  readonly offrampNoMatch: boolean;
  /** Call states and the index of the sub-journey each calls. */
  readonly calls: readonly (readonly [state: string, sub: number])[];
  /** Outcomes it can end with: its end states', and those of its calls it does not continue on. */
  readonly outcomes: readonly string[];
  readonly waitsAtStart: boolean;
  readonly events: ReadonlySet<string>;
  readonly delays: ReadonlySet<number>;
}

/** Renders a journey body (valid by construction; see the file's header for the rules). */
function renderBody(body: RawBody, o: BodyOptions): RenderedBody {
  const n = body.states.length;
  const names = body.states.map((_, i) => `${o.letter}${i}`);
  const ext = o.ext;
  const features = o.features;
  const extended = GENERATE_EXPRESSIONS_11 && ext?.expressions === true;
  const fields: NamedField[] = body.fields.map((f, i) => ({ ...f, name: fieldName(f, i) }));
  let callsLeft = o.maxCalls;
  const kinds = body.states.map((s, i): RawStateKind => {
    if (i === n - 1) return 'end';
    const kind = ext?.states[i]?.kind;
    if (kind === 2) return 'end';
    if (kind === 1 && o.callable.length > 0 && callsLeft > 0) {
      callsLeft--;
      return 'call';
    }
    return s.kind;
  });
  const humans = kinds.flatMap((k, i) => (k === 'human' ? [i] : []));
  const anyTarget =
    (i: number) =>
    (raw: number): string =>
      at(names, raw === -1 ? i : raw === -2 ? (i + 1) % n : raw % n);
  const laterTarget =
    (i: number) =>
    (raw: number): string =>
      at(names, i + 1 + (Math.max(0, raw) % (n - 1 - i)));
  const events = new Set<string>(SIGNALS);
  const handles: Record<string, readonly string[]> = {};
  const delays = new Set<number>();
  const bot = new Set<string>();
  const ladders: Record<string, readonly string[]> = {};
  const ownNoMatch = new Set<string>();
  const unavailable = new Set<string>();
  const inputFields = new Set<string>();
  const calls: [string, number][] = [];
  const outcomes: string[] = [];

  const doc: BodyDoc = {};
  if (o.title !== undefined) doc.title = o.title;
  if (fields.length > 0) {
    const context: Record<string, FieldDoc> = {};
    doc.context = context;
    fields.forEach((f, i) => {
      const field: FieldDoc = f.default === undefined ? { type: f.type } : { type: f.type, default: f.default };
      const flags = ext?.fields[i];
      if (flags?.input) {
        field.input = true;
        inputFields.add(f.name);
        features.add('input-field');
      }
      if (flags?.internal) {
        field.internal = true;
        features.add('internal-field');
      }
      context[f.name] = field;
    });
  }
  let offrampOn: readonly string[] = [];
  let offrampNoMatch = false;
  if (body.offramp && humans.length > 0) {
    const raw = body.offramp;
    const offramp: NonNullable<BodyDoc['offramp']> = { to: at(names, pick(humans, raw.to)) };
    doc.offramp = offramp;
    if (raw.on.length > 0) offramp.on = raw.on;
    if (raw.noMatch !== undefined) offramp.no_match = raw.noMatch;
    if (raw.frustration) offramp.frustration = true;
    for (const e of raw.on) events.add(e);
    offrampOn = raw.on;
    offrampNoMatch = raw.noMatch !== undefined;
    if (o.sub) features.add('sub-offramp');
  }
  doc.start = at(names, body.start % n);
  const states: Record<string, StateDoc> = {};
  doc.states = states;
  body.states.forEach((raw, i) => {
    const name = at(names, i);
    const kind = at(kinds, i);
    const e = ext?.states[i];
    const state: StateDoc = {};
    const onEnv: ExprEnv = extended ? { fields, event: true, extended } : { fields, event: true };
    const noEventEnv: ExprEnv = extended ? { fields, event: false, extended } : { fields, event: false };
    // The first customer event of `on` may be named `unavailable`: an ordinary event where no failed transfer is handled.
    let rename = e?.unavailableEvent === true && !(kind === 'human' && e.whenUnavailable !== undefined);
    const eventName = (index: number): string => {
      const name = at(ON_EVENTS, index);
      if (!rename || SIGNALS.includes(name)) return name;
      rename = false;
      features.add('unavailable-event');
      return UNAVAILABLE_EVENT;
    };
    if (kind === 'bot' || kind === 'decision') {
      bot.add(name);
      // Retry ladders; on a decision state two thirds of the time (they matter only while no choice holds).
      const ladderList: (readonly [signal: 'no_match' | 'no_input', rungs: readonly RawRung[]])[] = [];
      if (e && (kind === 'bot' || raw.a % 3 !== 0)) {
        if (e.noMatch) ladderList.push(['no_match', e.noMatch]);
        if (e.noInput) ladderList.push(['no_input', e.noInput]);
      }
      const laddered = new Set(ladderList.map(([signal]) => signal));
      if (kind === 'decision') {
        state.always = renderTransition(raw.always, laterTarget(i), noEventEnv, true);
      } else {
        const on: Record<string, TransitionDoc> = {};
        state.on = on;
        for (const { event, t } of raw.on) {
          // A state with a ladder for a signal may not also handle it in `on`.
          if (laddered.has(at(ON_EVENTS, event) as 'no_match' | 'no_input')) continue;
          const ev = eventName(event);
          events.add(ev);
          on[ev] = renderTransition(t, anyTarget(i), onEnv, false);
        }
        if (Object.keys(on).length === 0) delete state.on;
        if (raw.hasAfter > 0 && raw.after.length > 0) {
          const after: Record<string, TransitionDoc> = {};
          state.after = after;
          for (const { delay, t } of raw.after) {
            const [text, ms] = at(DELAYS, delay);
            delays.add(ms);
            after[text] = renderTransition(t, anyTarget(i), noEventEnv, false);
          }
        }
      }
      for (const [signal, rungs] of ladderList) {
        state[signal] = rungs.map((rung, k): RungDoc => {
          const out: RungDoc = {};
          if (rung.say) out.say = `${signal} ${k + 1} in ${name}.`;
          if (rung.do.length > 0) out.do = renderEffects(rung.do);
          // The signal is an event: it may carry data.
          const set = renderAssignments(rung.set, fields, onEnv);
          if (set) out.set = set;
          if (rung.to !== undefined) out.to = anyTarget(i)(rung.to);
          features.add(rung.to === undefined ? 'ladder-stay' : 'ladder-leave');
          return out;
        });
        features.add(signal === 'no_match' ? 'ladder-no-match' : 'ladder-no-input');
        if (kind === 'decision') features.add('ladder-on-decision');
      }
      if (laddered.size > 0) ladders[name] = [...laddered];
      if (laddered.has('no_match') || state.on?.no_match !== undefined) ownNoMatch.add(name);
    } else if (kind === 'human') {
      state.type = 'human';
      state.queue = o.sub ? `queue_${o.letter}${i}` : `queue_${i}`;
      if (raw.a % 3 === 0) state.skills = ['fraud'];
      if (raw.hours < 0) state.hours = 'always';
      else {
        state.hours = at(HOURS, raw.hours);
        // Closed redirects only go forward, so they never loop (`handoff-hours`).
        state.when_closed = laterTarget(i)(raw.whenClosed);
      }
      const carry = [...new Set(fields.length ? raw.carry.map((c) => pick(fields, c).name) : [])];
      if (carry.length > 0) state.carry = carry;
      const keep = raw.on.slice(0, raw.humanOn);
      if (keep.length > 0) {
        const on: Record<string, TransitionDoc> = {};
        state.on = on;
        for (const { event, t } of keep) {
          const ev = eventName(event);
          events.add(ev);
          on[ev] = renderTransition(t, anyTarget(i), onEnv, false);
        }
      }
      if (e?.whenUnavailable !== undefined) {
        // A failed transfer is an event (the host's `unavailable`): it may go anywhere.
        state.when_unavailable = anyTarget(i)(e.whenUnavailable);
        unavailable.add(name);
        features.add('when-unavailable');
      }
    } else if (kind === 'call') {
      const callee = pick(o.callable, (e as RawStateExt).call.callee);
      const call = (e as RawStateExt).call;
      calls.push([name, callee.index]);
      features.add('call');
      if (o.sub) features.add('nested-call');
      state.type = 'call';
      state.call = callee.id;
      // `input` reads the caller's context (and the data of the event that led here, if any).
      const input = renderAssignments(call.input, callee.fields, onEnv);
      if (input) {
        state.input = input;
        features.add('call-input');
      }
      const output = renderAssignments(call.output, fields, extended ? { fields: callee.fields, event: false, extended } : { fields: callee.fields, event: false });
      if (output) {
        state.output = output;
        features.add('call-output');
      }
      // Returns go forward unless the callee waits at its start, so a chain without a customer event never comes back.
      const targets = callee.waitsAtStart ? anyTarget(i) : laterTarget(i);
      // Only outcomes the callee can end with (unknown-target reports others).
      const mapped: Record<string, string> = {};
      for (const { outcome, to } of call.outcomes) {
        const key = pick(callee.outcomes, outcome);
        if (!(key in mapped)) mapped[key] = targets(to);
      }
      if (Object.keys(mapped).length > 0) features.add('outcomes');
      if (call.default !== undefined) {
        mapped.default = targets(call.default);
        features.add('outcomes-default');
      }
      if (Object.keys(mapped).length > 0) state.outcomes = mapped;
      // Outcomes it does not continue on end this journey too.
      if (call.default === undefined) for (const outcome of callee.outcomes) if (!(outcome in mapped)) outcomes.push(outcome);
    } else {
      state.type = 'end';
      state.outcome = pick(OUTCOMES, raw.a);
      outcomes.push(state.outcome);
      if (raw.say) state.feedback = true;
      if (e?.later) {
        state.human = 'later';
        features.add('human-later');
      }
    }
    if (raw.do.length > 0) state.do = raw.do.length === 1 ? at(EFFECTS, at(raw.do, 0)) : raw.do.map((d) => at(EFFECTS, d));
    if (raw.say) state.say = `This is ${name}.`;
    states[name] = state;
    const own = Object.keys(state.on ?? {});
    handles[name] = unavailable.has(name) ? [...own, UNAVAILABLE_EVENT] : own;
  });
  return {
    doc,
    fields,
    inputFields,
    handles,
    bot,
    ladders,
    ownNoMatch,
    unavailable,
    offrampOn,
    offrampNoMatch,
    calls,
    outcomes: [...new Set(outcomes)],
    waitsAtStart: at(kinds, body.start % n) === 'bot',
    events,
    delays,
  };
}

/** Letters of the sub-journeys' state ids (the top journey's are `s0`, `s1`...). */
const SUB_LETTERS: readonly string[] = ['a', 'b', 'c', 'd'];

/** Most call states in the top journey and in each sub-journey (with at most 2 sub-journeys of 5 states, chains without an event stay far below MAX_CHAIN). */
const MAX_CALLS = { top: 3, sub: 1 } as const;

/**
 * Turns a raw spec into journey YAML (valid by construction) and what a sequence
 * generator needs to know about it: the events it reacts to and its delays.
 */
export function renderJourney(spec: JourneySpec, id = 'random-journey'): RenderedJourney {
  const v11 = spec.v11;
  const features = new Set<Feature>();
  const rawSubs = v11?.subs ?? [];
  const subIds = rawSubs.map((_, k) => `part-${at(SUB_LETTERS, k)}`);
  // Sub-journey k may call only those after it (no call cycle): rendered last first, so callers know their callees.
  const subs: RenderedBody[] = [];
  const callable = (first: number): Callable[] => {
    const out: Callable[] = [];
    for (let m = first; m < rawSubs.length; m++) {
      const b = at(subs, m);
      out.push({ index: m, id: at(subIds, m), fields: b.fields, outcomes: b.outcomes, waitsAtStart: b.waitsAtStart });
    }
    return out;
  };
  for (let k = rawSubs.length - 1; k >= 0; k--) {
    const sub = at(rawSubs, k);
    subs[k] = renderBody(sub, { ext: sub.ext, letter: at(SUB_LETTERS, k), callable: callable(k + 1), maxCalls: MAX_CALLS.sub, sub: true, features, ...(sub.title ? { title: `Part ${at(SUB_LETTERS, k)}` } : {}) });
  }
  if (subs.length > 0) features.add('sub-journey');
  const top = renderBody(spec, { ext: v11?.ext, letter: 's', callable: callable(0), maxCalls: MAX_CALLS.top, sub: false, features });

  const doc: JourneyDoc = { journey: id, title: 'A random journey' };
  if (v11?.declare) {
    doc.format = 1.1;
    features.add('format');
  }
  Object.assign(doc, top.doc);
  if (subs.length > 0) doc.journeys = Object.fromEntries(subs.map((b, k) => [at(subIds, k), b.doc]));

  // Per state id in the engines: a called journey's states are `call$inner`; callers' offramps apply in its bot states.
  const handles: Record<string, readonly string[]> = {};
  const pressure: Record<string, readonly string[]> = {};
  const expand = (b: RenderedBody, prefix: string, inherited: { readonly on: readonly string[]; readonly noMatch: boolean }): void => {
    const offrampOn = [...b.offrampOn, ...inherited.on];
    const offrampNoMatch = b.offrampNoMatch || inherited.noMatch;
    for (const [name, own] of Object.entries(b.handles)) {
      const stateId = prefix + name;
      handles[stateId] = b.bot.has(name) ? [...new Set([...own, ...offrampOn, ...SIGNALS])] : own;
      const push: string[] = [...(b.ladders[name] ?? [])];
      if (b.bot.has(name) && offrampNoMatch && !b.ownNoMatch.has(name)) push.push('no_match');
      if (b.unavailable.has(name)) push.push(UNAVAILABLE_EVENT);
      if (push.length > 0) pressure[stateId] = push;
    }
    for (const [name, k] of b.calls) expand(at(subs, k), `${prefix}${name}${CALL_SEPARATOR}`, { on: offrampOn, noMatch: offrampNoMatch });
  };
  expand(top, '', { on: [], noMatch: false });

  const events = new Set<string>([...top.events, ...subs.flatMap((b) => [...b.events])]);
  if (v11) events.add(UNAVAILABLE_EVENT);
  const yaml = YAML.stringify(doc, { lineWidth: 0 });
  // `== null`, `!= null`, or a `set` (input, output) value null: no other YAML value here is null.
  if (/(?:==|!=) null\b|: null$/m.test(yaml)) features.add('null');
  if (/\b(len|lower|upper|contains|min|max|round)\(/.test(yaml)) features.add('functions');
  return {
    yaml,
    events: [...events, UNKNOWN_EVENT].sort(),
    delays: [...new Set([...top.delays, ...subs.flatMap((b) => [...b.delays])])].sort((a, b) => a - b),
    fields: top.fields.map((f) => (top.inputFields.has(f.name) ? { name: f.name, type: f.type, input: true } : { name: f.name, type: f.type })),
    handles,
    pressure,
    features: [...features].sort(),
  };
}

// ---------------------------------------------------------------------------
// Event sequences

const dataValueArb: fc.Arbitrary<DataValue> = fc.oneof(
  { arbitrary: fc.constantFrom(...NUMBERS), weight: 4 },
  { arbitrary: fc.integer({ min: -5, max: 200 }), weight: 1 },
  { arbitrary: fc.constantFrom(...STRINGS), weight: 3 },
  { arbitrary: fc.boolean(), weight: 3 },
  { arbitrary: fc.constantFrom(null, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, -0), weight: 1 },
);

/** A raw step: an event picked from the journey's events, a wait, or pressure (signals in a row). */
const stepArb: fc.Arbitrary<RawStep> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
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
  { arbitrary: fc.record({ kind: fc.constant('delay' as const), delay: fc.nat(100), jitter: fc.constantFrom(0, 0, 0, -1, 1) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 2 * 3_600_000 }) }), weight: 2 },
  // Large jumps: across opening hours, days and daylight-saving changes.
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(6 * 3_600_000, DAY - 1, DAY, 25 * 3_600_000, 2 * DAY) }), weight: 1 },
  // Ladders climbed rung by rung, the offramp's no_match count, failed transfers.
  { arbitrary: fc.record({ kind: fc.constant('pressure' as const), event: fc.nat(100), repeat: fc.integer({ min: 1, max: 4 }) }), weight: 6 },
);

const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MINUTES = 365 * 24 * 60;
const epochArb: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...EPOCHS), weight: 3 },
  // Any minute of 2026.
  {
    arbitrary: fc.integer({ min: 0, max: YEAR_MINUTES - 1 }).map(
      (m) => YEAR_START + m * 60_000,
      // The unmapper lets fast-check shrink a failing case given as an example (`shrinkFailure`).
      (t: unknown): number => {
        const m = typeof t === 'number' ? (t - YEAR_START) / 60_000 : Number.NaN;
        if (!Number.isInteger(m) || m < 0 || m >= YEAR_MINUTES) throw new Error('not a minute of 2026');
        return m;
      },
    ),
    weight: 1,
  },
);

/** A raw run: start time, optional input over the defaults, and 0-30 steps. */
export const sequenceSpecArb: fc.Arbitrary<SequenceSpec> = fc.record({
  epoch: epochArb,
  input: fc.option(fc.array(fc.record({ field: fc.nat(20), value: dataValueArb }), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 4 }),
  steps: fc.array(stepArb, { maxLength: 30, size: 'max' }),
});

/** How many concrete steps a raw step makes (a pressure step repeats its signal). */
function repeats(s: RawStep): number {
  return s.kind === 'pressure' ? s.repeat : 1;
}

/**
 * Turns a raw run into a concrete script for a rendered journey: `{ epoch, input?, steps }`.
 * `stateOf()` tells the current state when the script is built while running (see
 * `concretize`): focused events are then picked among the events that state handles.
 */
export function resolveSequence(raw: SequenceSpec, journey: RenderedJourney, stateOf: () => string | undefined = () => undefined): ConcreteRun {
  const steps: ScriptStep[] = [];
  for (const s of raw.steps) for (let r = 0; r < repeats(s); r++) steps.push(resolveStep(s, journey, stateOf()));
  return { ...resolveRun(raw, journey), steps };
}

function resolveStep(s: RawStep, journey: RenderedJourney, state: string | undefined): ScriptStep {
  if (s.kind === 'event') {
    const handled = s.focus && state !== undefined ? journey.handles[state] : undefined;
    const event: { type: string; [field: string]: unknown } = { type: pick(handled && handled.length > 0 ? handled : journey.events, s.event) };
    for (const d of s.data ?? []) event[at(DATA_FIELDS, d.field)] = d.value;
    return { event: event satisfies JourneyEvent };
  }
  if (s.kind === 'pressure') {
    // The state's pressure signals, else an event it handles, else any event.
    const options = [state !== undefined ? journey.pressure[state] : undefined, state !== undefined ? journey.handles[state] : undefined, journey.events].find((l) => l !== undefined && l.length > 0);
    return { event: { type: pick(options ?? [UNKNOWN_EVENT], s.event) } };
  }
  if (s.kind === 'delay') {
    const delay = journey.delays.length > 0 ? pick(journey.delays, s.delay) : 30_000;
    return { wait: delay + s.jitter };
  }
  return { wait: s.ms };
}

/** The start time and input of a concrete run (no steps yet); half the entries set `input: true` fields when there are some. */
function resolveRun(raw: SequenceSpec, journey: RenderedJourney): { epoch: number; input?: Record<string, ContextValue> } {
  const out: { epoch: number; input?: Record<string, ContextValue> } = { epoch: raw.epoch };
  if (raw.input && journey.fields.length > 0) {
    const input: Record<string, ContextValue> = {};
    const hostSet = journey.fields.filter((f) => f.input === true);
    for (const entry of raw.input) {
      const field = hostSet.length > 0 && entry.field % 2 === 0 ? pick(hostSet, entry.field / 2) : pick(journey.fields, entry.field);
      // Values of the field's own type (or null): input of another type is refused by both engines
      // (tested on its own); run-time type errors come from event data, which has no declared type.
      input[field.name] = typedValue(field.type, entry.value);
    }
    out.input = input;
  }
  return out;
}

/** A data value turned into one of the field's type (or null); non-finite numbers become 1. */
function typedValue(type: FieldType, value: DataValue): DataValue {
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
export function concretize(drivers: Pick<EngineDrivers, 'InterpreterDriver'>, model: Journey, journey: RenderedJourney, raw: SequenceSpec): ConcreteRun {
  const run = resolveRun(raw, journey);
  let driver: InstanceType<EngineDrivers['InterpreterDriver']> | undefined;
  try {
    driver = new drivers.InterpreterDriver(model, run.epoch, run.input);
  } catch {
    driver = undefined;
  }
  const steps: ScriptStep[] = [];
  for (const s of raw.steps) {
    for (let r = 0; r < repeats(s); r++) {
      const state = driver?.configuration.status === 'active' ? driver.configuration.state : undefined;
      const step = resolveStep(s, journey, state);
      steps.push(step);
      try {
        driver?.step(step);
      } catch {
        driver = undefined;
      }
    }
  }
  return { ...run, steps };
}

/** How many runs each journey gets. */
export const SEQUENCES_PER_JOURNEY = 20;

/** One property input: a journey spec and its runs (exactly SEQUENCES_PER_JOURNEY). */
export const journeyCaseArb: fc.Arbitrary<JourneyCase> = fc.tuple(
  journeySpecArb,
  fc.array(sequenceSpecArb, { minLength: SEQUENCES_PER_JOURNEY, maxLength: SEQUENCES_PER_JOURNEY }),
);

// ---------------------------------------------------------------------------
// Checking and fixtures (shared by the test and the stress script)

/** Lint rules whose errors would make a compiled machine unsafe; a generated journey must have none. */
export const UNSAFE_RULES: readonly string[] = ['syntax', 'schema', 'unknown-target', 'unknown-context', 'invalid-expression', 'always-loop', 'handoff-hours', 'call-cycle'];

/** Lint settings for the differential runs: the explorer-backed rule is slow and irrelevant here. */
export const LINT_RULES: NonNullable<LintOptions['rules']> = new Map([['human-exit-proved', { severity: 'off' }]]);

/**
 * Lints journey YAML with `lintSources` (src or dist) and returns its model, or
 * throws listing the unsafe findings.
 */
export async function modelOf(lintSources: LintSources, yaml: string): Promise<Journey> {
  const [result] = await lintSources([{ path: 'random.journey.yaml', text: yaml }], { rules: LINT_RULES });
  const unsafe = (result?.diagnostics ?? []).filter((d) => d.severity === 'error' && UNSAFE_RULES.includes(d.ruleId));
  if (!result?.journey || unsafe.length > 0) {
    throw new Error(`generated journey is not valid: ${unsafe.map((d) => `${d.ruleId}: ${d.message}`).join('; ') || 'no model'}\n${yaml}`);
  }
  return result.journey;
}

/** The value `fn` returned, or what it threw, in words. */
type Attempt<T> = { readonly value: T; readonly threw?: undefined } | { readonly value?: undefined; readonly threw: string };

function attempt<T>(fn: () => T): Attempt<T> {
  try {
    return { value: fn() };
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * Runs one script on both engines (drivers: src/sim/drivers and src/sim/xstate-driver, or their dist/ builds, merged)
 * and returns the first step where they disagree, or undefined. Index 0 is the
 * start; index i the state after step i.
 */
export function compare(drivers: EngineDrivers, journey: Journey, run: ConcreteRun): Mismatch | undefined {
  const { InterpreterDriver, XStateDriver, difference } = drivers;
  // An engine that throws is a finding too (neither should ever throw on a valid journey).
  const a = attempt(() => new InterpreterDriver(journey, run.epoch, run.input));
  const b = attempt(() => new XStateDriver(journey, run.epoch, run.input));
  const see = (result: Attempt<unknown>, driver: { observe(): Observation } | undefined): Observation | null =>
    result.threw || !driver ? null : (attempt(() => driver.observe()).value ?? null);
  const thrown = (index: number, ra: Attempt<unknown>, rb: Attempt<unknown>): Mismatch | undefined =>
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
    if (failed || a.value === undefined || b.value === undefined) return failed;
    const [ia, xb] = [a.value, b.value];
    let diff = difference(ia.observe(), xb.observe());
    if (diff) return { index: 0, difference: diff, interpreter: ia.observe(), xstate: xb.observe(), problems: xb.problems };
    for (const [i, step] of run.steps.entries()) {
      const failedStep = thrown(
        i + 1,
        attempt(() => ia.step(step)),
        attempt(() => xb.step(step)),
      );
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
export function hashOf(text: string): string {
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
export function fixtureText({ yaml, runs, found, seed, mismatch, note, status = 'open' }: FixtureInput): string {
  const doc = {
    status,
    found,
    ...(seed !== undefined ? { seed } : {}),
    ...(note ? { note } : {}),
    // Observations as seen (very long texts shortened: they are not replayed from here).
    ...(mismatch
      ? {
          mismatch: JSON.parse(
            JSON.stringify(mismatch, (_k, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 40)}... (${v.length} characters)` : encodeValue(v))),
          ) as unknown,
        }
      : {}),
    journey: yaml,
    runs: encodeRuns(runs),
  };
  return YAML.stringify(doc, { lineWidth: 0 });
}

/** A run as written in a fixture: ISO start time, encoded values. */
interface EncodedRun {
  readonly epoch: string;
  readonly input?: Record<string, unknown>;
  readonly steps: readonly EncodedStep[];
}

/** A step as written in a fixture. */
type EncodedStep = { readonly event: Record<string, unknown> } | { readonly wait: number };

function encodeRuns(runs: readonly ConcreteRun[]): EncodedRun[] {
  return runs.map((r) => ({ epoch: new Date(r.epoch).toISOString(), ...(r.input ? { input: encodeValues(r.input) } : {}), steps: r.steps.map(encodeStep) }));
}

/** A plain object (a YAML mapping), or undefined. */
function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reads a fixture back: its fields, `yaml` (the journey) and concrete runs. Throws on a malformed fixture. */
export function parseFixture(text: string): ParsedFixture {
  const doc = record(YAML.parse(text) as unknown);
  if (!doc) throw new Error('a differential fixture is a YAML mapping');
  const { status, found, journey, runs } = doc;
  if (status !== 'open' && status !== 'fixed') throw new Error(`a differential fixture's status is open or fixed, not ${JSON.stringify(status)}`);
  if (typeof journey !== 'string') throw new Error("a differential fixture's journey is YAML text");
  if (!Array.isArray(runs)) throw new Error("a differential fixture's runs are a list");
  return {
    ...doc,
    status,
    found: typeof found === 'string' ? found : String(found ?? ''),
    journey,
    yaml: journey,
    runs: runs.map(decodeRun),
  };
}

function decodeRun(value: unknown): ConcreteRun {
  const r = record(value);
  if (!r || typeof r.epoch !== 'string' || !Array.isArray(r.steps)) throw new Error(`a fixture run has an epoch (ISO time) and steps: ${JSON.stringify(value)}`);
  const input = record(r.input);
  return { epoch: Date.parse(r.epoch), ...(input ? { input: decodeValues(input) } : {}), steps: r.steps.map(decodeStep) };
}

// Non-finite numbers and -0 do not survive YAML/JSON; they are written as tagged text.
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['$NaN', Number.NaN],
  ['$Infinity', Number.POSITIVE_INFINITY],
  ['$-Infinity', Number.NEGATIVE_INFINITY],
  ['$-0', -0],
]);
function encodeValue(v: unknown): unknown {
  if (typeof v !== 'number') return v;
  if (Number.isNaN(v)) return '$NaN';
  if (v === Number.POSITIVE_INFINITY) return '$Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '$-Infinity';
  if (Object.is(v, -0)) return '$-0';
  return v;
}
function decodeValue(v: unknown): unknown {
  return typeof v === 'string' && SPECIAL.has(v) ? SPECIAL.get(v) : v;
}
function encodeValues(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, encodeValue(v)]));
}
/** Decoded input values (a fixture holds what a run was given: literals or null). */
function decodeValues(o: Readonly<Record<string, unknown>>): Record<string, ContextValue> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeValue(v) as ContextValue]));
}
function encodeStep(s: ScriptStep): EncodedStep {
  return 'event' in s ? { event: encodeValues(s.event) } : { wait: s.wait };
}
function decodeStep(value: unknown): ScriptStep {
  const s = record(value);
  const event = record(s?.event);
  if (event && typeof event.type === 'string') return { event: { ...Object.fromEntries(Object.entries(event).map(([k, v]) => [k, decodeValue(v)])), type: event.type } };
  if (s && typeof s.wait === 'number') return { wait: s.wait };
  throw new Error(`a fixture step is { event: { type, ... } } or { wait: ms }: ${JSON.stringify(value)}`);
}

/**
 * Re-runs a (shrunk) failing case with `compare` and returns its failing runs, each
 * cut just after the step where the engines first disagree, with that disagreement.
 */
export async function failingRuns(lib: Lib, spec: JourneySpec, raws: readonly SequenceSpec[]): Promise<FailingRuns> {
  const journey = renderJourney(spec);
  let model: Journey;
  try {
    model = await modelOf(lib.lintSources, journey.yaml);
  } catch (error) {
    return { journey, model: undefined, invalid: String(error), failures: [] };
  }
  const failures: Failure[] = [];
  for (const raw of raws) {
    const run = concretize(lib.drivers, model, journey, raw);
    const mismatch = compare(lib.drivers, model, run);
    if (mismatch) failures.push({ raw, run: { ...run, steps: run.steps.slice(0, mismatch.index) }, mismatch });
  }
  return { journey, model, failures };
}

/** One journey with one run: what a found failure is shrunk over. */
export const singleCaseArb: fc.Arbitrary<[JourneySpec, SequenceSpec]> = fc.tuple(journeySpecArb, sequenceSpecArb);

/**
 * Shrinks a failing journey + run with fast-check (from that example, over
 * `singleCaseArb`: one run instead of twenty makes every shrink step 20x cheaper).
 * Stops shrinking after `timeLimitMs` and keeps the smallest failure found so far.
 */
export async function shrinkFailure(
  lib: Lib,
  spec: JourneySpec,
  raw: SequenceSpec,
  { seed = 0, timeLimitMs = 120_000 }: { seed?: number | undefined; timeLimitMs?: number | undefined } = {},
): Promise<{ case: [JourneySpec, SequenceSpec]; shrinks: number }> {
  const property = fc.asyncProperty<[[JourneySpec, SequenceSpec]]>(singleCaseArb, async ([s, r]) => {
    const journey = renderJourney(s);
    const model = await modelOf(lib.lintSources, journey.yaml);
    const mismatch = compare(lib.drivers, model, concretize(lib.drivers, model, journey, r));
    if (mismatch) throw new Error(`step ${mismatch.index}: ${mismatch.difference}`);
  });
  const example: [[JourneySpec, SequenceSpec]] = [[spec, raw]];
  const result = await fc.check(property, { examples: [example], numRuns: 1, seed, interruptAfterTimeLimit: timeLimitMs });
  return result.failed && result.counterexample ? { case: result.counterexample[0], shrinks: result.numShrinks } : { case: [spec, raw], shrinks: 0 };
}

/** True when `value` is a journey spec this generator could have made. */
export function isJourneySpec(value: unknown): value is JourneySpec {
  return journeySpecArb.canShrinkWithoutContext(value);
}

/** True when `value` is a raw run this generator could have made. */
export function isSequenceSpec(value: unknown): value is SequenceSpec {
  return sequenceSpecArb.canShrinkWithoutContext(value);
}

/**
 * Keeps a failing case (a journey spec and its raw runs, as the property saw them:
 * fast-check's counterexample, checked here to come from this generator) as a
 * regression fixture: finds the first failing run, shrinks journey + run, and
 * writes `<dir>/<hash>.yaml`. Returns what was written (or why nothing was).
 */
export async function keepCounterexample(
  lib: Lib,
  dir: string,
  spec: unknown,
  raws: readonly unknown[],
  { found, seed, timeLimitMs }: { found?: string; seed?: number; timeLimitMs?: number } = {},
): Promise<KeptCounterexample> {
  if (!isJourneySpec(spec) || !raws.every(isSequenceSpec)) throw new TypeError('keepCounterexample takes a journey spec and raw runs made by journeyCaseArb');
  const before = await failingRuns(lib, spec, raws);
  if (before.invalid) return { written: undefined, reason: before.invalid, journey: before.journey };
  const index = raws.findIndex((raw) => before.failures.some((f) => f.raw === raw));
  const failingRaw = raws[index];
  if (index < 0 || failingRaw === undefined) return { written: undefined, reason: 'the case no longer fails when run again', journey: before.journey };
  const shrunk = await shrinkFailure(lib, spec, failingRaw, { seed, timeLimitMs });
  const [s, r] = shrunk.case;
  const after = await failingRuns(lib, s, [r]);
  const failing = after.failures.length > 0 ? after : before;
  const first = at(failing.failures, 0);
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
export function writeFixture(dir: string, fixture: FixtureInput): string {
  const body = fixtureText(fixture);
  // Named by content (journey and runs), so the same case found twice is one file.
  const path = join(dir, `${hashOf(fixture.yaml + JSON.stringify(encodeRuns(fixture.runs)))}.yaml`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, body);
  return path;
}

/** Every fixture in `dir` (none when the folder is missing), sorted by file name. */
export function readFixtures(dir: string): Fixture[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch {
    return [];
  }
  return names.map((file) => ({ file, ...parseFixture(readFileSync(join(dir, file), 'utf8')) }));
}
