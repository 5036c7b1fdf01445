import type { Span } from '../diagnostics/diagnostic.js';
import type { ParseResult } from '../expr/parse.js';
import type { SourceMap } from '../load/source-map.js';
import type { Hours } from './hours.js';
import { Derived } from '../util/derived.js';

/** A value together with the span of the YAML node it came from. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** How urgently a customer must be able to reach a person. */
export type Priority = 'routine' | 'sensitive' | 'urgent';
/** Channels a journey runs on. */
export type Channel = 'chat' | 'voice' | 'web' | 'app' | 'email' | 'sms';
/** Types a context field can hold. */
export type FieldType = 'string' | 'number' | 'boolean';
/** Kinds of state. */
export type StateType = 'bot' | 'human' | 'end' | 'call';
/** Versions of the journey format (docs/format.md). */
export type FormatVersion = '1.0' | '1.1';

/** A declared context field. */
export interface Field {
  readonly name: string;
  readonly keySpan: Span;
  readonly span: Span;
  readonly type: Located<FieldType>;
  readonly default?: Located<string | number | boolean>;
  readonly pii: boolean;
  /** The bot computes it (a counter, a flag); the customer never said it. */
  readonly internal: boolean;
  /** The host sets it, before or during the journey (simulations try its every value). */
  readonly input: boolean;
  readonly purpose?: string;
  readonly description?: string;
}

/** An expression as written (or a YAML literal), with its parse result. */
export interface Expression {
  readonly source: string;
  readonly span: Span;
  /** True when the YAML value was a number, boolean or null rather than expression text. */
  readonly literal: boolean;
  readonly parsed: ParseResult;
}

/** `set: { field: expression }`, one entry. */
export interface Assignment {
  readonly field: Located<string>;
  readonly value: Expression;
}

/** One choice of a transition: where it goes, when, and what it does on the way. */
export interface Branch {
  readonly to: Located<string>;
  readonly guard?: Expression;
  readonly set: readonly Assignment[];
  readonly effects: readonly Located<string>[];
  readonly description?: string;
  /** The whole choice (the string target or the mapping). */
  readonly span: Span;
}

/** What fires a transition. */
export type Trigger =
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'always' }
  | { readonly kind: 'after'; readonly delay: string; readonly ms: number };

/** A transition: a trigger and its choices, first whose guard holds wins. */
export interface Transition {
  readonly trigger: Trigger;
  /** The key (`block`, `always`, `5m`). */
  readonly keySpan: Span;
  /** The value (target, mapping or list). */
  readonly span: Span;
  readonly branches: readonly Branch[];
}

interface StateBase {
  readonly id: string;
  /** The state's key under `states:` (where per-state findings go). */
  readonly keySpan: Span;
  readonly span: Span;
  readonly say?: Located<string>;
  readonly description?: string;
  readonly effects: readonly Located<string>[];
}

/** The reserved signals a retry ladder answers. */
export type LadderSignal = 'no_match' | 'no_input';

/** One rung of a retry ladder: what the Nth signal in a row in a state visit does. */
export interface Rung {
  readonly index: number;
  readonly say?: Located<string>;
  readonly effects: readonly Located<string>[];
  readonly set: readonly Assignment[];
  /** Where the customer goes; without it they stay (the state is not re-entered). */
  readonly to?: Located<string>;
  readonly span: Span;
}

/** A retry ladder (`no_match: [...]` or `no_input: [...]` on a state): rungs in order, the last one repeating. */
export interface Ladder {
  readonly signal: LadderSignal;
  readonly rungs: readonly Rung[];
  /** The `no_match:` / `no_input:` key. */
  readonly keySpan: Span;
}

/** A state where the bot talks; it waits for input unless it has `always`. */
export interface BotState extends StateBase {
  readonly type: 'bot';
  readonly on: readonly Transition[];
  readonly always?: Transition;
  readonly after: readonly Transition[];
  /** Retry ladders of the state, by signal (format 1.1). */
  readonly ladders: readonly Ladder[];
}

/** A state where a person has taken over. */
export interface HumanState extends StateBase {
  readonly type: 'human';
  readonly queue: Located<string>;
  readonly skills: readonly string[];
  readonly carry: readonly Located<string>[];
  /** The source text of `hours`, as written. */
  readonly hoursText: Located<string>;
  readonly hours: Hours;
  readonly whenClosed?: Located<string>;
  /** Where the customer goes when the transfer fails (format 1.1). */
  readonly whenUnavailable?: Located<string>;
  readonly on: readonly Transition[];
}

/** A state that ends the journey with an outcome. */
export interface EndState extends StateBase {
  readonly type: 'end';
  readonly outcome: Located<string>;
  readonly feedback: boolean;
  /** `human: later`: a person follows up after the conversation (a callback; format 1.1). */
  readonly humanLater: boolean;
}

/** A state that runs another journey and continues by its outcome (format 1.1). */
export interface CallState extends StateBase {
  readonly type: 'call';
  /** Id of the journey called. */
  readonly call: Located<string>;
  /** Callee field := expression over this journey's context, when the call starts. */
  readonly input: readonly Assignment[];
  /** This journey's field := expression over the callee's context, when it ends. */
  readonly output: readonly Assignment[];
  /** Callee outcome (or `default`) -> where this journey continues. */
  readonly outcomes: ReadonlyMap<string, Located<string>>;
}

/** Any state. */
export type State = BotState | HumanState | EndState | CallState;

/** The journey-wide human exit. */
export interface Offramp {
  readonly to: Located<string>;
  readonly on: readonly Located<string>[];
  readonly noMatch?: Located<number>;
  readonly frustration: boolean;
  /** The `offramp:` key. */
  readonly keySpan: Span;
}

/** A validated journey: the typed, immutable model every later stage reads. */
export interface Journey {
  /** Path of the file as given on the command line (or a label for in-memory sources). */
  readonly file: string;
  readonly id: Located<string>;
  /** The format version: as declared, or 1.1 when the journey uses anything of 1.1. */
  readonly format: FormatVersion;
  /** Only called by others: rules about reaching a person judge it inside its callers. */
  readonly subJourney: boolean;
  /** Sub-journeys defined in this file (`journeys:`), by id. */
  readonly journeys: ReadonlyMap<string, Journey>;
  /** Journeys of other files this one calls, by id, once linked (src/model/link.ts). */
  readonly callees: ReadonlyMap<string, Journey>;
  readonly title: string;
  readonly description?: string;
  readonly intent?: string;
  readonly priority: Priority;
  readonly channels: readonly Channel[];
  readonly fields: ReadonlyMap<string, Field>;
  readonly offramp?: Offramp;
  readonly start: Located<string>;
  /** States in file order. */
  readonly states: ReadonlyMap<string, State>;
  /** The `states:` key (where journey-level findings go). */
  readonly statesKeySpan: Span;
  /** The validated document as plain data, kept beside the model. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly sourceMap: SourceMap;
}

/** Every transition leaving a state, in file order (`on`, then `always`, then `after`). */
export function transitionsOf(state: State): readonly Transition[] {
  if (state.type === 'end' || state.type === 'call') return [];
  if (state.type === 'human') return state.on;
  if (state.always) return [...state.on, state.always, ...state.after];
  return state.after.length === 0 ? state.on : [...state.on, ...state.after];
}

/** True for bot states that wait for the customer (no `always`). */
export function waitsForInput(state: State): state is BotState {
  return state.type === 'bot' && state.always === undefined;
}

const handlers = new Derived<BotState | HumanState, ReadonlyMap<string, Transition>>('handlers', (state) => {
  const map = new Map<string, Transition>();
  for (const t of state.on) if (t.trigger.kind === 'event' && !map.has(t.trigger.event)) map.set(t.trigger.event, t);
  return map;
});

/** The transition a state declares for an event, if any (indexed once per state: the simulator asks often). */
export function handlerFor(state: State, event: string): Transition | undefined {
  if (state.type === 'end' || state.type === 'call') return undefined;
  return handlers.of(state).get(event);
}

/** The journey a call state runs: a sub-journey of the caller's file, else a linked journey of another file. */
export function calleeOf(journey: Journey, id: string): Journey | undefined {
  return journey.journeys.get(id) ?? journey.callees.get(id);
}
