// Replays logged conversations on the reference interpreter (docs/logs.md): which ones the
// journey explains (conformance, with the first deviating step of each that it does not),
// and the real figures, defined as Monte Carlo defines them (src/sim/montecarlo.ts) so
// that a replay and a simulation mean the same thing by the same word.
import { behaviourOf, handlerChoices, type BehaviourTable, type FieldValue } from '../behaviour/table.js';
import { compileJourney } from '../compile/xstate.js';
import type { Expression, Journey } from '../model/types.js';
import { machineHash } from '../runtime/check.js';
import { LOG_START, LOG_TIMEOUT } from '../runtime/log.js';
import { asksForPerson, NO_MATCH, RESERVED_SIGNALS, UNAVAILABLE } from '../spec/names.js';
import { advance, fireTimeout, send, start, waitedUntil, type RunOptions, type Configuration, type ContextValue, type Effect, type JourneyEvent, type Step } from '../interpret/interpreter.js';
import type { LogRecord } from './log-read.js';
import { Tally, wilson, type Distribution, type MeanInterval, type Share } from './stats.js';
import type { MonteCarloResult, Traffic, WalkEnd } from './montecarlo.js';

/** Why a logged step is not what the journey does. */
export type DeviationKind = 'unknown-event' | 'guard-false' | 'state-mismatch';

/** The first step of a conversation that the journey does not explain. */
export interface Deviation {
  readonly kind: DeviationKind;
  readonly conversation: string;
  /** The file (as given) and 1-based line of the step. */
  readonly file: string;
  readonly line: number;
  /** The interpreter's state before the step. */
  readonly state: string;
  readonly event: string;
  /** In words: what the log says and what the journey does. */
  readonly detail: string;
}

/** Deviations alike in kind, state, event and detail. */
export interface DeviationPattern {
  readonly kind: DeviationKind;
  readonly state: string;
  readonly event: string;
  readonly detail: string;
  readonly conversations: number;
  /** The first conversation that showed it. */
  readonly example: { readonly conversation: string; readonly file: string; readonly line: number };
}

/** A friction state: where real customers got stuck. */
export interface ReplayFrictionState {
  readonly state: string;
  /** Conversations whose last turn with the bot was here before a person (as in simulate). */
  readonly escalations: number;
  /** Conversations that were last here when they stopped without an end or a person (as in simulate). */
  readonly abandonments: number;
  /** Turns after which the customer was still here (they had to say it again). */
  readonly repeats: number;
  /** `no_match` signals here. */
  readonly noMatch: number;
}

/** The outcome of the conversations that started the same way. */
export interface EntryPath {
  /** The first customer event and the state it led to (`lost -> verify`), or `(no turn)`. */
  readonly path: string;
  readonly conversations: number;
  readonly ends: Readonly<Record<WalkEnd, number>>;
}

/** What the replay found. Figures are named and defined as in `MonteCarloResult` (docs/logs.md). */
export interface ReplayResult {
  readonly journey: string;
  readonly priority: string;
  /** The content hash of the journey's compiled machine, to compare with the log's `version`. */
  readonly version: string;
  readonly conversations: number;
  readonly steps: number;
  /** Lines of other journeys (their `journey` is not this one): skipped. */
  readonly otherJourneys: number;
  /** Conversations per logged machine version (the log's `version`; `(none)` for plain logs). */
  readonly versions: readonly { readonly version: string; readonly conversations: number; readonly current: boolean }[];
  readonly conformance: {
    readonly conforming: number;
    readonly share: Share;
    readonly byKind: Readonly<Record<DeviationKind, number>>;
    readonly patterns: readonly DeviationPattern[];
    /** The first deviation of each non-conforming conversation, in the order they closed (the first `listDeviations`). */
    readonly deviations: readonly Deviation[];
  };
  readonly containment: Share;
  readonly escalation: Share;
  readonly callback: Share;
  readonly abandonment: Share;
  readonly other: Share;
  readonly turns: Distribution;
  readonly turnsMean: MeanInterval;
  readonly turnsToResolution: Distribution;
  readonly turnsToPerson: Distribution;
  readonly turnsToPersonMean: MeanInterval;
  /** Seconds from the start of the conversation to the hand-off that stuck, for escalated conversations. */
  readonly secondsToPerson: Distribution;
  readonly secondsToPersonMean: MeanInterval;
  /** Customers who asked for a person, how many reached one, and the share of those who asked and did not. */
  readonly asked: { readonly customers: number; readonly reachedPerson: number; readonly notReached: Share };
  readonly frictionStates: readonly ReplayFrictionState[];
  readonly outcomes: readonly { readonly outcome: string; readonly count: number }[];
  readonly entryPaths: readonly EntryPath[];
  /** With the `traffic` option: conversations per state entered and per move taken while the journey explained them (as Monte Carlo counts customers). */
  readonly traffic?: Traffic;
}

/** Options of a replay. */
export interface ReplayOptions {
  /** The files read, by index (for deviation and malformed-line positions). */
  readonly files: readonly string[];
  /** A conversation with no line for this long (log time) while later lines keep coming is closed (default 30 min). */
  readonly idleMs?: number;
  /** Most deviations listed one by one (all are counted and grouped); default 100. */
  readonly listDeviations?: number;
  /** Told every customer turn as it is counted: the state it was taken in, and the record (what `personas fit` counts). */
  readonly onTurn?: (state: string, record: LogRecord) => void;
  /** Told every conversation as it closes: how it ended and its turns (as the figures count them). */
  readonly onClose?: (end: WalkEnd, turns: number) => void;
  /** Count the states each conversation entered and the moves it took, once each, up to its first deviation (`ReplayResult.traffic`, for a heat diagram). */
  readonly traffic?: boolean;
}

/** Default idle time after which an open conversation is closed: longer than any pause in a chat, short enough to hold few. */
export const DEFAULT_IDLE_MS = 30 * 60 * 1000;
/** Records between two sweeps for idle conversations. */
const SWEEP_EVERY = 1 << 13;

/** What a conversation did so far, as the figures count it. */
class Facts {
  startTs: number | undefined = undefined;
  turns = 0;
  askedAt: number | undefined = undefined;
  withPerson = false;
  personTurns = 0;
  personTs = 0;
  ended = false;
  outcome: string | undefined = undefined;
  callback = false;
  error = false;
  lastFrom: string | undefined = undefined;
  state: string | undefined = undefined;
  /** The first customer event and the state it led to (the entry path, put into words when the figures are made). */
  entryEvent: string | undefined = undefined;
  entryTo = '';
  version: string | undefined = undefined;
  /** Per state, turns the customer stayed and `no_match` signals (added to the totals when it closes; made when first needed). */
  repeats: Map<string, number> | undefined = undefined;
  noMatch: Map<string, number> | undefined = undefined;
}

/** A conversation held open: its records so far and where its replay stands. */
class Open {
  readonly records: LogRecord[] = [];
  /** Records applied to `c` so far (a late record out of time order makes the replay start again). */
  applied = 0;
  c: Configuration | undefined = undefined;
  deviation: Deviation | undefined = undefined;
  /** A plain log's conversation whose replay stopped at a deviation: nothing more is known of it. */
  lost = false;
  facts = new Facts();
  /** With `traffic`: the states entered and moves (`from\nto`) taken so far, and the last state entered. */
  entered: Set<string> | undefined = undefined;
  moved: Set<string> | undefined = undefined;
  lastEntered: string | undefined = undefined;

  constructor(
    readonly id: string,
    public lastTs: number,
  ) {}

  /** Forgets the replay so far (a record came in out of time order: all of it is applied again). */
  restart(): void {
    this.applied = 0;
    this.c = undefined;
    this.facts = new Facts();
    this.deviation = undefined;
    this.lost = false;
    this.entered = undefined;
    this.moved = undefined;
    this.lastEntered = undefined;
  }
}

/** The entry path of conversations with no customer turn. */
const NO_TURN = '(no turn)';
const NO_ENDS = (): Record<WalkEnd, number> => ({ contained: 0, escalated: 0, callback: 0, abandoned: 0, other: 0 });
const SIGNALS: ReadonlySet<string> = new Set([...RESERVED_SIGNALS, UNAVAILABLE]);
/** Shared empty list: most steps wait on nothing. */
const NO_EFFECTS: readonly Effect[] = [];

/**
 * Replays records of many conversations as they stream in (interleaved across
 * conversations, in any order within one): only open conversations are held. A
 * conversation closes when it reaches a final state, when it has been idle for
 * `idleMs` of log time, or at `finish()` (end of input).
 */
export class Replay {
  private readonly table: BehaviourTable;
  private readonly known: ReadonlySet<string>;
  private readonly version: string;
  private readonly open = new Map<string, Open>();
  private readonly idleMs: number;
  private readonly listLimit: number;
  private maxTs = -Infinity;
  private sinceSweep = 0;
  private steps = 0;
  private otherJourneys = 0;
  private conversations = 0;
  private conforming = 0;
  private readonly byKind: Record<DeviationKind, number> = { 'unknown-event': 0, 'guard-false': 0, 'state-mismatch': 0 };
  private readonly patterns = new Map<string, { pattern: Omit<DeviationPattern, 'conversations'>; count: number }>();
  private readonly listed: Deviation[] = [];
  private readonly ends = NO_ENDS();
  private readonly turns = new Tally();
  private readonly resolution = new Tally();
  private readonly toPerson = new Tally();
  private readonly secondsToPerson = new Tally();
  private asked = 0;
  private askedReached = 0;
  private readonly friction = new Map<string, { escalations: number; abandonments: number; repeats: number; noMatch: number }>();
  private readonly outcomes = new Map<string, number>();
  /** Ends per entry path, by first event and then the state it led to (`(no turn)` under the empty event). */
  private readonly entries = new Map<string, Map<string, Record<WalkEnd, number>>>();
  private readonly versions = new Map<string, number>();
  /** Whether an event's name asks for a person, by name (the pattern is tested once per name). */
  private readonly asking = new Map<string, boolean>();
  private asks(event: string): boolean {
    let known = this.asking.get(event);
    if (known === undefined) this.asking.set(event, (known = asksForPerson(event)));
    return known;
  }
  private readonly stateTraffic = new Map<string, number>();
  private readonly moveTraffic = new Map<string, number>();
  /** States the interpreter entered in the step being checked: counted only when the journey explains the step (with `traffic`). */
  private readonly entering: string[] = [];
  private enteredCount = 0;
  /** Guards evaluated false in a step that deviates (to tell `guard-false` apart). */
  private readonly falseGuards: Expression[] = [];
  private readonly bareEvents = new Map<string, JourneyEvent>();
  /**
   * Only hand-offs among the effects (all the figures need); the states entered only with
   * `traffic`. Guard values are not watched on the way: a step that deviates is taken again
   * with `guardOptions` (the interpreter is pure), so conforming steps pay nothing for them.
   */
  private readonly stepOptions: RunOptions;
  private readonly onEnter: ((state: string) => void) | undefined;
  private readonly guardOptions: RunOptions = {
    quiet: true,
    onGuard: (expression: Expression, value: unknown): void => {
      if (value !== true) this.falseGuards.push(expression);
    },
  };

  constructor(
    readonly journey: Journey,
    private readonly options: ReplayOptions,
  ) {
    this.table = behaviourOf(journey);
    const known = new Set<string>(SIGNALS);
    for (const s of this.table.states.values()) for (const e of s.on.keys()) known.add(e);
    this.known = known;
    this.version = machineHash(compileJourney(journey));
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.listLimit = options.listDeviations ?? 100;
    this.onEnter =
      options.traffic === true
        ? (state: string): void => {
            this.entering[this.enteredCount++] = state;
          }
        : undefined;
    this.stepOptions = this.onEnter ? { quiet: true, onEnter: this.onEnter } : { quiet: true };
  }

  /** The options of a conversation's start, built as a literal: spreading `stepOptions` costs more than the whole start. */
  private startOptions(startTime: number, input: Readonly<Record<string, ContextValue>> | undefined): RunOptions {
    return this.onEnter ? { quiet: true, onEnter: this.onEnter, startTime, input } : { quiet: true, startTime, input };
  }

  /** Takes one record. */
  add(record: LogRecord): void {
    if (record.journey !== undefined && record.journey !== this.journey.id.value) {
      this.otherJourneys++;
      return;
    }
    this.steps++;
    let o = this.open.get(record.conversation);
    if (!o) {
      o = new Open(record.conversation, record.ts);
      this.open.set(record.conversation, o);
    }
    const records = o.records;
    if (records.length === 0 || record.ts >= (records[records.length - 1] as LogRecord).ts) records.push(record);
    else {
      // Out of time order within the conversation: insert after every record at or before its time, and replay again.
      let i = records.length;
      while (i > 0 && (records[i - 1] as LogRecord).ts > record.ts) i--;
      records.splice(i, 0, record);
      o.restart();
    }
    if (record.ts > o.lastTs) o.lastTs = record.ts;
    while (o.applied < records.length) {
      this.apply(o, records[o.applied] as LogRecord);
      o.applied++;
    }
    if (o.facts.ended) this.close(o);
    if (record.ts > this.maxTs) this.maxTs = record.ts;
    if (++this.sinceSweep >= SWEEP_EVERY) this.sweep();
  }

  /** Closes every conversation idle for longer than the idle time. */
  private sweep(): void {
    this.sinceSweep = 0;
    const before = this.maxTs - this.idleMs;
    for (const o of this.open.values()) if (o.lastTs < before) this.close(o);
  }

  /** Closes every open conversation (end of input) and returns the figures. */
  finish(): ReplayResult {
    for (const o of [...this.open.values()]) this.close(o);
    return this.result();
  }

  /** Number of conversations held open now. */
  get openConversations(): number {
    return this.open.size;
  }

  private deviate(o: Open, record: LogRecord, kind: DeviationKind, detail: string): void {
    o.deviation = {
      kind,
      conversation: o.id,
      file: this.options.files[record.file] ?? String(record.file),
      line: record.line,
      state: o.c?.state ?? this.table.start,
      event: record.event,
      detail,
    };
    if (record.to === undefined) o.lost = true;
  }

  /** Applies one record: checks it against the interpreter (until the first deviation) and counts what happened. */
  private apply(o: Open, record: LogRecord): void {
    const f = o.facts;
    if (f.ended) return;
    f.version ??= record.version ?? '(none)';
    f.startTs ??= record.ts;
    const explicit = record.to !== undefined;
    if (record.event !== LOG_START && !o.c && !o.deviation) {
      // No `$start` line (plain logs): the conversation starts at its first line, with no input.
      this.enteredCount = 0;
      const first = start(this.journey, this.startOptions(record.ts, undefined));
      this.countEntered(o);
      o.c = first.configuration;
      const c = first.configuration;
      this.observeStart(f, c.state, handedOff(first.effects), c.status === 'done' ? c.output?.outcome : undefined);
      if (f.ended) return;
    }
    const before = o.c?.state ?? this.table.start;
    this.enteredCount = 0;
    const step = !o.deviation && !o.lost ? this.check(o, record) : undefined;
    if (step) this.countEntered(o);
    if (record.event === LOG_START) {
      if (explicit) this.observeStart(f, record.to as string, record.human === true, record.outcome);
      else if (step) this.observeStart(f, step.configuration.state, handedOff(step.effects), step.configuration.output?.outcome);
      return;
    }
    if (explicit) {
      this.observe(f, record, record.from ?? f.state ?? before, record.to as string, record.human === true, record.outcome, record.error !== undefined);
    } else if (step && !o.lost) {
      const c = step.configuration;
      this.observe(f, record, before, c.state, handedOff(step.effects), c.status === 'done' ? c.output?.outcome : undefined, c.status === 'error');
    }
  }

  /** Adds the states of an explained step to the conversation's traffic (with the `traffic` option). */
  private countEntered(o: Open): void {
    if (this.options.traffic !== true) return;
    for (let i = 0; i < this.enteredCount; i++) {
      const state = this.entering[i] as string;
      (o.entered ??= new Set()).add(state);
      if (o.lastEntered !== undefined) (o.moved ??= new Set()).add(`${o.lastEntered}\n${state}`);
      o.lastEntered = state;
    }
  }

  /** The start facts: a journey may hand over or end before the first turn. */
  private observeStart(f: Facts, to: string, human: boolean, outcome: string | undefined): void {
    f.state = to;
    if (human) {
      f.withPerson = true;
      f.personTs = 0;
    }
    this.endAt(f, to, outcome);
  }

  private endAt(f: Facts, to: string, outcome: string | undefined): void {
    const finish = this.table.states.get(to)?.finish;
    if (outcome === undefined && !finish) return;
    f.ended = true;
    f.outcome = outcome ?? (finish?.kind === 'end' ? finish.outcome : 'handed_off');
    f.callback = finish?.kind === 'end' && finish.humanLater;
  }

  /** Counts one step (not the start): turns, asking for a person, hand-offs and failed transfers, repeats, the end. */
  private observe(f: Facts, record: LogRecord, from: string, to: string, human: boolean, outcome: string | undefined, error: boolean): void {
    const event = record.event;
    if (event === UNAVAILABLE) {
      // The host reports a failed transfer: not a customer turn; the person did not take the customer.
      if (to !== from) f.withPerson = false;
    } else {
      if (f.askedAt === undefined && (this.asks(event) || this.table.states.get(from)?.askForPerson === event)) f.askedAt = f.turns;
      f.turns++;
      this.options.onTurn?.(from, record);
      f.lastFrom = from;
      if (f.entryEvent === undefined) {
        f.entryEvent = event;
        f.entryTo = to;
      }
      if (to === from) (f.repeats ??= new Map()).set(from, (f.repeats.get(from) ?? 0) + 1);
      if (event === NO_MATCH) (f.noMatch ??= new Map()).set(from, (f.noMatch.get(from) ?? 0) + 1);
    }
    if (human) {
      f.withPerson = true;
      f.personTurns = f.turns;
      f.personTs = record.ts - (f.startTs ?? record.ts);
    }
    f.state = to;
    if (error) {
      f.error = true;
      f.ended = true;
      return;
    }
    this.endAt(f, to, outcome);
  }

  /**
   * Checks one record against the interpreter and moves it on; records a deviation and
   * returns undefined when the journey does not explain the step.
   */
  private check(o: Open, record: LogRecord): Step | undefined {
    const journey = this.journey;
    const explicit = record.to !== undefined;
    const event = record.event;
    if (event === LOG_START) {
      if (o.c) {
        this.deviate(o, record, 'state-mismatch', 'a second $start in one conversation');
        return undefined;
      }
      const first = start(journey, this.startOptions(record.ts, this.inputOf(record.context)));
      o.c = first.configuration;
      if (explicit && first.configuration.state !== record.to) this.deviate(o, record, 'state-mismatch', `the journey starts in ${first.configuration.state}, the log in ${record.to as string}`);
      return first;
    }
    let c = o.c as Configuration;
    let waitedEffects: readonly Effect[] = NO_EFFECTS;
    if (!explicit && record.ts > c.now) {
      // A plain log writes no timeouts: the time that passed fires them, as it did for the bot.
      const waited = advance(journey, c, record.ts - c.now, this.stepOptions);
      waitedEffects = waited.effects;
      c = waited.configuration;
    } else if (record.ts > c.now && c.status === 'active') c = waitedUntil(c, record.ts);
    o.c = c;
    if (c.status !== 'active') {
      this.deviate(o, record, 'state-mismatch', `the journey had already ended in ${c.state}${c.output ? ` (${c.output.outcome})` : ''}`);
      return undefined;
    }
    if (explicit && record.from !== undefined && record.from !== c.state) {
      this.deviate(o, record, 'state-mismatch', `the log says the customer was in ${String(record.from)}, the journey has them in ${c.state}`);
      return undefined;
    }
    const here = this.table.states.get(c.state);
    let step: Step;
    let input: JourneyEvent | undefined;
    if (event === LOG_TIMEOUT) {
      const delay = record.delay ?? -1;
      if (!here?.timeouts.some((t) => t.ms === delay)) {
        this.deviate(o, record, 'state-mismatch', `${c.state} has no timeout of ${delay} ms`);
        return undefined;
      }
      step = fireTimeout(journey, c, delay, this.stepOptions);
    } else {
      if (!this.known.has(event)) {
        this.deviate(o, record, 'unknown-event', `the journey has no event ${event}`);
        return undefined;
      }
      input = record.data ? ({ ...record.data, type: event } as JourneyEvent) : this.bareEvent(event);
      step = send(journey, c, input, this.stepOptions);
    }
    const next = step.configuration;
    const handler = input === undefined ? undefined : here?.on.get(event);
    if (explicit) {
      if (next.state !== record.to) {
        const watched = handler ? this.guardsFalseIn(c, record, input) : [];
        const guarded = handler ? handlerChoices(handler).find((ch) => ch.to === record.to && ch.guard && watched.includes(ch.guard)) : undefined;
        if (guarded?.guard) this.deviate(o, record, 'guard-false', `\`${guarded.guard.source}\` did not hold, so the journey goes to ${next.state}; the log says ${record.to as string}`);
        else this.deviate(o, record, 'state-mismatch', `the journey goes to ${next.state}, the log says ${record.to as string}`);
        return undefined;
      }
      const mismatch = this.contextMismatch(record.context, next);
      if (mismatch) {
        this.deviate(o, record, 'state-mismatch', mismatch);
        return undefined;
      }
    } else if (step.ignored && !SIGNALS.has(event)) {
      const watched = handler ? this.guardsFalseIn(c, record, input) : [];
      if (watched.length > 0) this.deviate(o, record, 'guard-false', `no choice of ${event} in ${c.state} held (${watched.map((g) => `\`${g.source}\``).join(', ')})`);
      else this.deviate(o, record, 'state-mismatch', `${c.state} does not handle ${event}`);
      return undefined;
    }
    o.c = next;
    return waitedEffects.length > 0 ? { ...step, effects: [...waitedEffects, ...step.effects] } : step;
  }

  /** The guards that were false in a step that deviates: the step is taken again, watching them (the interpreter is pure). */
  private guardsFalseIn(c: Configuration, record: LogRecord, input: JourneyEvent | undefined): readonly Expression[] {
    this.falseGuards.length = 0;
    if (input === undefined) fireTimeout(this.journey, c, record.delay ?? -1, this.guardOptions);
    else send(this.journey, c, input, this.guardOptions);
    return this.falseGuards;
  }

  /** The event of a name without data: one object per name (the interpreter never changes an event). */
  private bareEvent(type: string): JourneyEvent {
    let event = this.bareEvents.get(type);
    if (!event) this.bareEvents.set(type, (event = { type }));
    return event;
  }

  /** Where the logged context differs from the interpreter's, in words (only fields the log has). */
  private contextMismatch(context: Readonly<Record<string, unknown>> | undefined, c: Configuration): string | undefined {
    if (!context) return undefined;
    for (const [field, value] of Object.entries(context)) {
      if (!Object.hasOwn(c.context, field)) continue;
      const mine = c.context[field];
      if (mine !== value) return `context field ${field} is ${JSON.stringify(value)} in the log, ${JSON.stringify(mine)} in the journey`;
    }
    return undefined;
  }

  /** The host's input of a conversation: the start line's context, fields the journey declares only. */
  private inputOf(context: Readonly<Record<string, unknown>> | undefined): Record<string, ContextValue> | undefined {
    if (!context) return undefined;
    const input: Record<string, ContextValue> = {};
    for (const [field, value] of Object.entries(context)) {
      if (!this.table.fieldTypes.has(field)) continue;
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') input[field] = value as FieldValue;
    }
    return input;
  }

  /** Counts a conversation's figures and forgets it. */
  private close(o: Open): void {
    this.open.delete(o.id);
    this.conversations++;
    const f = o.facts;
    this.versions.set(f.version ?? '(none)', (this.versions.get(f.version ?? '(none)') ?? 0) + 1);
    if (o.deviation) {
      const d = o.deviation;
      this.byKind[d.kind]++;
      const key = `${d.kind}\u0000${d.state}\u0000${d.event}\u0000${d.detail}`;
      const known = this.patterns.get(key);
      if (known) known.count++;
      else this.patterns.set(key, { pattern: { kind: d.kind, state: d.state, event: d.event, detail: d.detail, example: { conversation: d.conversation, file: d.file, line: d.line } }, count: 1 });
      if (this.listed.length < this.listLimit) this.listed.push(d);
    } else this.conforming++;

    const end: WalkEnd = o.lost || f.error ? 'other' : f.withPerson ? 'escalated' : f.ended ? (f.callback ? 'callback' : 'contained') : 'abandoned';
    this.ends[end]++;
    const turns = end === 'escalated' ? f.personTurns : f.turns;
    this.options.onClose?.(end, turns);
    this.turns.add(turns);
    if (end === 'contained') this.resolution.add(turns);
    if ((end === 'contained' || end === 'callback') && f.outcome) this.outcomes.set(f.outcome, (this.outcomes.get(f.outcome) ?? 0) + 1);
    if (f.askedAt !== undefined) {
      this.asked++;
      if (end === 'escalated') {
        this.askedReached++;
        this.toPerson.add(turns - f.askedAt);
      }
    }
    if (end === 'escalated') this.secondsToPerson.add(Math.round(f.personTs / 1000));
    if (end === 'escalated' && f.lastFrom) this.frictionOf(f.lastFrom).escalations++;
    if (end === 'abandoned' && f.state) this.frictionOf(f.state).abandonments++;
    if (f.repeats) for (const [state, n] of f.repeats) this.frictionOf(state).repeats += n;
    if (f.noMatch) for (const [state, n] of f.noMatch) this.frictionOf(state).noMatch += n;
    if (o.entered) for (const state of o.entered) this.stateTraffic.set(state, (this.stateTraffic.get(state) ?? 0) + 1);
    if (o.moved) for (const move of o.moved) this.moveTraffic.set(move, (this.moveTraffic.get(move) ?? 0) + 1);
    const firstEvent = f.entryEvent ?? '';
    let byTarget = this.entries.get(firstEvent);
    if (!byTarget) this.entries.set(firstEvent, (byTarget = new Map()));
    let ends = byTarget.get(f.entryTo);
    if (!ends) byTarget.set(f.entryTo, (ends = NO_ENDS()));
    ends[end]++;
  }

  /** The friction counts of a state (made when first needed). */
  private frictionOf(state: string): { escalations: number; abandonments: number; repeats: number; noMatch: number } {
    let entry = this.friction.get(state);
    if (!entry) this.friction.set(state, (entry = { escalations: 0, abandonments: 0, repeats: 0, noMatch: 0 }));
    return entry;
  }

  private result(): ReplayResult {
    const n = this.conversations;
    return {
      journey: this.journey.id.value,
      priority: this.journey.priority,
      version: this.version,
      conversations: n,
      steps: this.steps,
      otherJourneys: this.otherJourneys,
      versions: [...this.versions]
        .map(([version, conversations]) => ({ version, conversations, current: version === this.version }))
        .sort((a, b) => b.conversations - a.conversations || (a.version < b.version ? -1 : 1)),
      conformance: {
        conforming: this.conforming,
        share: wilson(this.conforming, n),
        byKind: { ...this.byKind },
        patterns: [...this.patterns.values()]
          .map(({ pattern, count }) => ({ ...pattern, conversations: count }))
          .sort((a, b) => b.conversations - a.conversations || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.state < b.state ? -1 : a.state > b.state ? 1 : a.event < b.event ? -1 : a.event > b.event ? 1 : a.detail < b.detail ? -1 : 1)),
        deviations: this.listed,
      },
      containment: wilson(this.ends.contained, n),
      escalation: wilson(this.ends.escalated, n),
      callback: wilson(this.ends.callback, n),
      abandonment: wilson(this.ends.abandoned, n),
      other: wilson(this.ends.other, n),
      turns: this.turns.distribution(),
      turnsMean: this.turns.meanInterval(),
      turnsToResolution: this.resolution.distribution(),
      turnsToPerson: this.toPerson.distribution(),
      turnsToPersonMean: this.toPerson.meanInterval(),
      secondsToPerson: this.secondsToPerson.distribution(),
      secondsToPersonMean: this.secondsToPerson.meanInterval(),
      asked: { customers: this.asked, reachedPerson: this.askedReached, notReached: wilson(this.asked - this.askedReached, this.asked) },
      frictionStates: [...this.friction]
        .map(([state, f]) => ({ state, ...f }))
        .filter((f) => f.escalations + f.abandonments + f.repeats + f.noMatch > 0)
        .sort((a, b) => b.escalations + b.abandonments - (a.escalations + a.abandonments) || b.repeats + b.noMatch - (a.repeats + a.noMatch) || (a.state < b.state ? -1 : 1)),
      outcomes: [...this.outcomes].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count || (a.outcome < b.outcome ? -1 : 1)),
      entryPaths: [...this.entries]
        .flatMap(([event, byTarget]) => [...byTarget].map(([to, ends]) => ({ path: event === '' ? NO_TURN : `${event} -> ${to}`, conversations: Object.values(ends).reduce((x, y) => x + y, 0), ends })))
        .sort((a, b) => b.conversations - a.conversations || (a.path < b.path ? -1 : 1)),
      ...(this.options.traffic === true
        ? {
            traffic: {
              states: Object.fromEntries(this.stateTraffic),
              moves: [...this.moveTraffic].map(([move, customers]) => {
                const [from, to] = move.split('\n') as [string, string];
                return { from, to, customers };
              }),
            },
          }
        : {}),
    };
  }
}

function handedOff(effects: readonly Effect[]): boolean {
  for (const e of effects) if (e.type === 'handoff') return true;
  return false;
}

/** One figure of a replay beside the same figure of a simulation. */
export interface FigureGap {
  readonly figure: string;
  /** A share (0..1) or a mean number of turns. */
  readonly unit: 'share' | 'turns';
  readonly real: MeanInterval;
  readonly simulated: MeanInterval;
  /** real - simulated. */
  readonly gap: number;
  /** True when the two 95% intervals overlap (the simulation is within what the log allows). */
  readonly agrees: boolean;
}

/** The figures a replay and a Monte Carlo run both have, side by side, with the gap. */
export function versusSimulation(real: ReplayResult, sim: MonteCarloResult): FigureGap[] {
  const share = (s: Share): MeanInterval => ({ mean: s.share, low: s.low, high: s.high });
  const exact = (mean: number): MeanInterval => ({ mean, low: mean, high: mean });
  const rows: [string, 'share' | 'turns', MeanInterval, MeanInterval][] = [
    ['containment', 'share', share(real.containment), share(sim.intervals.containment)],
    ['escalation', 'share', share(real.escalation), share(sim.intervals.escalation)],
    ['callback', 'share', share(real.callback), share(sim.intervals.callback)],
    ['abandonment', 'share', share(real.abandonment), share(sim.intervals.abandonment)],
    ['other', 'share', share(real.other), share(sim.intervals.other)],
    ['asked for a person, did not get one', 'share', share(real.asked.notReached), share(wilson(sim.asked.customers - sim.asked.reachedPerson, sim.asked.customers))],
    ['turns (mean)', 'turns', real.turnsMean, exact(sim.turns.mean)],
    ['turns from asking to a person (mean)', 'turns', real.turnsToPersonMean, exact(sim.turnsToPerson.mean)],
  ];
  return rows.map(([figure, unit, r, s]) => ({ figure, unit, real: r, simulated: s, gap: r.mean - s.mean, agrees: r.low <= s.high && s.low <= r.high }));
}
