import { domainsOf, OTHER_TEXT, type Domain } from '../behaviour/domains.js';
import { behaviourOf, choicesOf, handlerChoices, handlesNoInput, offrampCanApply, onlyToPerson, type BehaviourTable, type Choice, type FieldValue, type StateBehaviour } from '../behaviour/table.js';
import { eventFieldsRead } from '../expr/ast.js';
import type { Journey } from '../model/types.js';
import { asksForPerson, FRUSTRATED, NO_INPUT, NO_MATCH, UNAVAILABLE } from '../spec/names.js';
import { isHostField } from '../interpret/explore.js';
import { fireTimeout, nextTimeout, send, start, waitedUntil, type Configuration, type ContextValue, type JourneyEvent, type Step } from '../interpret/interpreter.js';
import { behaviourFor, type Behaviour, type Persona, type ValueSource } from './personas.js';
import { seededRandom, type Random } from './random.js';
import { distribution, wilson, type Distribution, type Share } from './stats.js';
import type { ConversationLogLine } from '../runtime/log.js';

/** Most simulated customers in one run (a bound, so that a typo cannot keep a machine busy for hours). */
export const MAX_RUNS = 10_000_000;

/** Options of a Monte Carlo run. */
export interface MonteCarloOptions {
  readonly runs: number;
  readonly seed: number;
  readonly personas: readonly Persona[];
  /** Clock time (epoch ms) every walk starts at; hours are judged against it as time passes. */
  readonly at: number;
  /** Context values the host sets (`--input`), over the defaults and over what personas set. */
  readonly input?: Readonly<Record<string, FieldValue>>;
  /** Per queue, the share of hand-offs that fail (`unavailable`), for human states with `when_unavailable`. */
  readonly unavailable?: ReadonlyMap<string, number>;
  /** Hard cap on turns per walk, whatever the persona's patience (default 200). */
  readonly maxTurns?: number;
  readonly cost?: CostModel;
  /**
   * Told every step of every walk, in the shape of a conversation log line (docs/logs.md):
   * what generates logs from known personas (the test of `journey personas fit`).
   */
  readonly onStep?: (walk: number, step: SimulatedStep) => void;
  /** Called every `progressEvery` walks (progress bars). */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
}

/** One step of a simulated walk, as the runtime would log it (`$start`, events, `$timeout`): the log line's step fields, on the walk's clock. */
export interface SimulatedStep extends Pick<ConversationLogLine, 'event' | 'delay' | 'data' | 'from' | 'to' | 'human' | 'outcome' | 'context'> {
  /** Clock time (epoch ms). */
  readonly ts: number;
}

/** Cost of a customer: bot turns, plus the person's time for each escalation. */
export interface CostModel {
  readonly botTurn: number;
  readonly humanMinute: number;
  /** Minutes a person spends on an escalated customer (default 6). */
  readonly handleMinutes: number;
}

/** How one walk ended: `callback` is an end where a person calls back later (`human: later`). */
export type WalkEnd = 'contained' | 'escalated' | 'callback' | 'abandoned' | 'other';

/** A friction state: where customers were last with the bot before a person or giving up. */
export interface FrictionState {
  readonly state: string;
  readonly escalations: number;
  readonly abandonments: number;
}

/** Customers who passed through each state and took each move between two states, each counted once per customer (the heat of `journey graph --heat`). */
export interface Traffic {
  /** Per state id of the behaviour table (`verify$ask` for a called journey's state): customers who entered it at least once. */
  readonly states: Readonly<Record<string, number>>;
  /** Moves from one state to the next, in table order: customers who took the move at least once. */
  readonly moves: readonly { readonly from: string; readonly to: string; readonly customers: number }[];
}

/** A field the journey decides on that nobody gave a value: what the simulation assumed. */
export interface AssumedField {
  readonly field: string;
  /** The values drawn, equally often; empty when none could be assumed (the field stays null). */
  readonly values: readonly FieldValue[];
}

/** A choice of the journey no simulated customer took. */
export interface UntakenChoice {
  readonly state: string;
  /** The event, `always` or `after 5m`. */
  readonly input: string;
  /** 1-based choice number among the input's choices, or the rung's number in its ladder (`offramp` for the journey-wide offramp). */
  readonly choice: number | 'offramp';
  /** Where the choice comes from: the state's own transition, the offramp, a ladder rung, a failed transfer, or a sub-journey's outcome returning. */
  readonly kind: 'own' | 'offramp' | 'rung' | 'unavailable' | 'return';
  /** How many choices the input has in the state (own transitions: a `choice 1` of 1 says nothing). */
  readonly of: number;
  readonly to: string;
  readonly guard?: string;
  /** For `return`: the callee outcome. */
  readonly outcome?: string;
}

/** The figures of a Monte Carlo run (field names are stable: docs/simulate.md). */
export interface MonteCarloResult {
  readonly journey: string;
  readonly runs: number;
  readonly seed: number;
  readonly containment: number;
  readonly escalation: number;
  /** Walks that ended with a callback booked: a person later, not now. */
  readonly callback: number;
  readonly abandonment: number;
  /** Walks that neither ended, reached a person nor gave up within the turn cap (or hit a loop). */
  readonly other: number;
  readonly intervals: Readonly<Record<'containment' | 'escalation' | 'callback' | 'abandonment' | 'other', Share>>;
  /** Hand-offs tried, and how many of them failed (`--unavailable`, `queues:` in the personas file). */
  readonly transfers: { readonly attempted: number; readonly failed: number };
  /** Turns every customer took, whatever the end. */
  readonly turns: Distribution;
  /** Turns to resolution of contained walks. */
  readonly turnsToResolution: Distribution;
  /** Turns from the first request for a person to reaching one, for customers who asked and got one. */
  readonly turnsToPerson: Distribution;
  /** Customers who asked for a person at least once, how many of them reached one, and how many asked where the journey offers no way to ask. */
  readonly asked: { readonly customers: number; readonly reachedPerson: number; readonly noWayToAsk: number };
  readonly frictionStates: readonly FrictionState[];
  /** Customers per state and per move. */
  readonly traffic: Traffic;
  readonly outcomes: readonly { readonly outcome: string; readonly count: number }[];
  readonly personas: readonly { readonly name: string; readonly share: number; readonly runs: number }[];
  /** Fields the journey decides on that neither --input nor the personas set: what was assumed. */
  readonly assumed: readonly AssumedField[];
  /** Choices of the journey no customer took. */
  readonly untaken: readonly UntakenChoice[];
  /** Number of contained walks per number of turns (index = turns), for histograms. */
  readonly turnsHistogram: readonly number[];
  /** Number of customers who asked for a person and reached one, per number of turns from asking to the person (index = turns). */
  readonly turnsToPersonHistogram: readonly number[];
  readonly cost?: { readonly perCustomer: number; readonly total: number; readonly model: CostModel };
}

/** What a state offers a simulated customer, read off the behaviour table. */
interface StateChoices {
  /** The journey's own choices for the customer: ordinary events that neither ask for a person nor only lead to one. */
  readonly events: readonly string[];
  /** The other ordinary events: chosen only where a persona gives them a weight. */
  readonly personEvents: readonly string[];
  /** The event that asks for a person here, if any. */
  readonly askForPerson?: string;
  readonly handlesNoInput: boolean;
  /** Data fields each event's handling reads (decisions after it included). */
  readonly data: ReadonlyMap<string, readonly string[]>;
}

/**
 * Seeded random walks of simulated customers through the journey on the reference
 * interpreter (the persona model: docs/simulate.md). Same seed, same personas, same
 * journey and input: same result, byte for byte.
 */
export function runMonteCarlo(journey: Journey, options: MonteCarloOptions): MonteCarloResult {
  const random = seededRandom(options.seed);
  const maxTurns = options.maxTurns ?? 200;
  const table = behaviourOf(journey);
  const choices = stateChoices(table);
  const domains = domainsOf(journey);
  const assumed = assumedFields(journey, options);
  const personas = options.personas.map((p) => ({ persona: p, behaviour: behaviourFor(p, journey.intent, journey.priority), weights: weightTables(p, choices), runs: 0 }));
  const cumulative: number[] = [];
  let acc = 0;
  for (const p of personas) cumulative.push((acc += p.persona.share));

  const counts = { contained: 0, escalated: 0, callback: 0, abandoned: 0, other: 0 };
  const transfers = { attempted: 0, failed: 0 };
  const allTurns: number[] = [];
  const contained: number[] = [];
  const toPerson: number[] = [];
  let asked = 0;
  let askedReached = 0;
  let noWayToAsk = 0;
  let botTurns = 0;
  const friction = new Map<string, { escalations: number; abandonments: number }>();
  const outcomes = new Map<string, number>();
  const histogram: number[] = [];
  const taken = new Set<Choice>();
  const onChoice = (choice: Choice): void => void taken.add(choice);
  const traffic = new TrafficRecorder();
  const onEnter = traffic.enter;
  // A start shared by every walk is entered once: its states are told again to each walk.
  const startStates: string[] = [];
  const fixedStart = assumed.length === 0 && personas.every((p) => p.persona.context.size === 0) ? start(journey, { startTime: options.at, quiet: true, onChoice, onEnter: (state) => void startStates.push(state), ...(options.input ? { input: options.input } : {}) }) : undefined;

  for (let run = 0; run < options.runs; run++) {
    const r = random();
    let index = cumulative.findIndex((c) => r < c);
    if (index < 0) index = personas.length - 1;
    const p = personas[index] as (typeof personas)[number];
    p.runs++;
    traffic.begin(run);
    for (const state of startStates) onEnter(state);
    const first = fixedStart ?? start(journey, { startTime: options.at, quiet: true, onChoice, onEnter, input: startInput(journey, p.persona, assumed, options.input, random) });
    const onStep = options.onStep ? (step: SimulatedStep): void => options.onStep?.(run, step) : undefined;
    const walk = walkOnce({ journey, table, persona: p.persona, behaviour: p.behaviour, weights: p.weights, choices, domains, random, maxTurns, onChoice, onEnter, unavailable: options.unavailable ?? NO_FAILURES, transfers, ...(onStep ? { onStep } : {}) }, first);
    counts[walk.end]++;
    botTurns += walk.turns;
    allTurns.push(walk.turns);
    if (walk.end === 'contained') {
      contained.push(walk.turns);
      histogram[walk.turns] = (histogram[walk.turns] ?? 0) + 1;
    }
    if (walk.outcome) outcomes.set(walk.outcome, (outcomes.get(walk.outcome) ?? 0) + 1);
    if (walk.askedAt !== undefined) {
      asked++;
      if (walk.end === 'escalated') {
        askedReached++;
        toPerson.push(walk.turns - walk.askedAt);
      }
    }
    if (walk.noWayToAsk) noWayToAsk++;
    if ((walk.end === 'escalated' || walk.end === 'abandoned') && walk.lastBotState) {
      const f = friction.get(walk.lastBotState) ?? { escalations: 0, abandonments: 0 };
      if (walk.end === 'escalated') f.escalations++;
      else f.abandonments++;
      friction.set(walk.lastBotState, f);
    }
    if (options.onProgress && (run + 1) % (options.progressEvery ?? 10_000) === 0) options.onProgress(run + 1);
  }

  const runs = options.runs;
  const share = (n: number): number => (runs === 0 ? 0 : n / runs);
  const costOf = (model: CostModel): number => botTurns * model.botTurn + counts.escalated * model.handleMinutes * model.humanMinute;
  return {
    journey: journey.id.value,
    runs,
    seed: options.seed,
    containment: share(counts.contained),
    escalation: share(counts.escalated),
    callback: share(counts.callback),
    abandonment: share(counts.abandoned),
    other: share(counts.other),
    intervals: {
      containment: wilson(counts.contained, runs),
      escalation: wilson(counts.escalated, runs),
      callback: wilson(counts.callback, runs),
      abandonment: wilson(counts.abandoned, runs),
      other: wilson(counts.other, runs),
    },
    turns: distribution(allTurns),
    turnsToResolution: distribution(contained),
    turnsToPerson: distribution(toPerson),
    asked: { customers: asked, reachedPerson: askedReached, noWayToAsk },
    transfers,
    frictionStates: [...friction]
      .map(([state, f]) => ({ state, ...f }))
      .sort((a, b) => b.escalations + b.abandonments - (a.escalations + a.abandonments) || (a.state < b.state ? -1 : 1)),
    traffic: traffic.result([...table.states.keys()]),
    outcomes: [...outcomes].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count || (a.outcome < b.outcome ? -1 : 1)),
    personas: personas.map((p) => ({ name: p.persona.name, share: p.persona.share, runs: p.runs })),
    assumed,
    untaken: untakenChoices(table, taken),
    turnsHistogram: Array.from(histogram, (v) => v ?? 0),
    turnsToPersonHistogram: histogramOf(toPerson),
    ...(options.cost ? { cost: { model: options.cost, total: costOf(options.cost), perCustomer: runs === 0 ? 0 : costOf(options.cost) / runs } } : {}),
  };
}

/** How many values are 0, 1, 2, ... (index = value). */
function histogramOf(values: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return Array.from(out, (n) => n ?? 0);
}

/** A count of customers, with the walk that last added to it (so that a customer counts once). */
interface TrafficCell {
  customers: number;
  walk: number;
}

/** Counts, per walk, the states entered and the moves between consecutive states, once each. */
class TrafficRecorder {
  private readonly states = new Map<string, TrafficCell>();
  private readonly moves = new Map<string, Map<string, TrafficCell>>();
  private walk = -1;
  private last: string | undefined;

  /** Starts the count of walk number `walk`. */
  begin(walk: number): void {
    this.walk = walk;
    this.last = undefined;
  }

  /** The interpreter's `onEnter`: the customer is in `state` now. */
  readonly enter = (state: string): void => {
    this.bump(this.states, state);
    if (this.last !== undefined) {
      let row = this.moves.get(this.last);
      if (!row) this.moves.set(this.last, (row = new Map()));
      this.bump(row, state);
    }
    this.last = state;
  };

  private bump(cells: Map<string, TrafficCell>, key: string): void {
    const cell = cells.get(key);
    if (!cell) cells.set(key, { customers: 1, walk: this.walk });
    else if (cell.walk !== this.walk) {
      cell.walk = this.walk;
      cell.customers++;
    }
  }

  /** The counts, states and moves in the order of `order` (the table's). */
  result(order: readonly string[]): Traffic {
    const rank = new Map(order.map((id, i) => [id, i]));
    const byRank = (a: string, b: string): number => (rank.get(a) ?? order.length) - (rank.get(b) ?? order.length) || (a < b ? -1 : a > b ? 1 : 0);
    const states: Record<string, number> = {};
    for (const id of [...this.states.keys()].sort(byRank)) states[id] = (this.states.get(id) as TrafficCell).customers;
    const moves: { from: string; to: string; customers: number }[] = [];
    for (const from of [...this.moves.keys()].sort(byRank)) {
      const row = this.moves.get(from) as Map<string, TrafficCell>;
      for (const to of [...row.keys()].sort(byRank)) moves.push({ from, to, customers: (row.get(to) as TrafficCell).customers });
    }
    return { states, moves };
  }
}

/**
 * Fields the journey decides on that have no default and that neither `--input` nor
 * any persona sets. Walks draw each from every value the journey tells apart, equally
 * often, so that no decision is left to a missing value (which would strand every
 * customer in the first decision); the report names them so a team can give real shares.
 */
function assumedFields(journey: Journey, options: MonteCarloOptions): AssumedField[] {
  const domains = domainsOf(journey);
  const out: AssumedField[] = [];
  for (const field of journey.fields.values()) {
    if (!isHostField(journey, field.name) || !domains.decidedFields.has(field.name)) continue;
    if (options.input && Object.hasOwn(options.input, field.name)) continue;
    if (options.personas.every((p) => p.context.has(field.name))) continue;
    out.push({ field: field.name, values: domains.field(field.name).values });
  }
  return out;
}

/** A walk's start input: the persona's context values, assumed values for the rest, `--input` over both. */
function startInput(journey: Journey, persona: Persona, assumed: readonly AssumedField[], input: Readonly<Record<string, FieldValue>> | undefined, random: Random): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const a of assumed) if (!persona.context.has(a.field) && a.values.length > 0) out[a.field] = a.values[Math.floor(random() * a.values.length)] as FieldValue;
  for (const [field, source] of persona.context) {
    const declared = journey.fields.get(field);
    if (declared) out[field] = draw(source, declared.type.value, random);
  }
  return { ...out, ...(input ?? {}) };
}

/** Draws a value from a persona's source; share keys are read as the field's type. */
function draw(source: ValueSource, type: 'string' | 'number' | 'boolean' | undefined, random: Random): FieldValue {
  switch (source.kind) {
    case 'fixed':
      return source.value;
    case 'list':
      return source.values[Math.floor(random() * source.values.length)] as FieldValue;
    case 'range': {
      const whole = Number.isInteger(source.min) && Number.isInteger(source.max);
      const x = source.min + random() * (source.max - source.min + (whole ? 1 : 0));
      return whole ? Math.min(source.max, Math.floor(x)) : x;
    }
    case 'shares': {
      const x = random();
      let acc = 0;
      let key = source.shares[source.shares.length - 1]?.[0] ?? '';
      for (const [k, share] of source.shares) {
        acc += share;
        if (x < acc) {
          key = k;
          break;
        }
      }
      return typedKey(key, type);
    }
  }
}

/** A shares key as a value: booleans and numbers where the field is one (or where the key can only be one). */
function typedKey(key: string, type: 'string' | 'number' | 'boolean' | undefined): FieldValue {
  if (type === 'string') return key;
  if ((type === 'boolean' || type === undefined) && (key === 'true' || key === 'false')) return key === 'true';
  if ((type === 'number' || type === undefined) && key.trim() !== '' && Number.isFinite(Number(key))) return Number(key);
  return key;
}

interface Walk {
  readonly end: WalkEnd;
  readonly turns: number;
  readonly askedAt?: number;
  readonly noWayToAsk?: boolean;
  readonly lastBotState?: string;
  readonly outcome?: string;
}

interface WalkContext {
  readonly journey: Journey;
  readonly table: BehaviourTable;
  readonly persona: Persona;
  readonly behaviour: Behaviour;
  readonly weights: ReadonlyMap<string, { events: readonly string[]; cumulative: readonly number[] }>;
  readonly choices: ReadonlyMap<string, StateChoices>;
  readonly domains: ReturnType<typeof domainsOf>;
  readonly random: Random;
  readonly maxTurns: number;
  readonly onChoice: (choice: Choice) => void;
  readonly onEnter: (state: string) => void;
  readonly unavailable: ReadonlyMap<string, number>;
  readonly transfers: { attempted: number; failed: number };
  readonly onStep?: (step: SimulatedStep) => void;
}

const NO_FAILURES: ReadonlyMap<string, number> = new Map();

/**
 * One customer. Each turn they either ask for a person (a trait: a chance per turn,
 * higher once the bot has failed them some turns in a row), are not understood, say
 * nothing, are frustrated, or pick one of the journey's own events (never one that only
 * leads to a person: asking is the trait). Events carry data as the persona says, or
 * every value the journey tells apart, equally often.
 */
function walkOnce(w: WalkContext, initial: Step): Walk {
  let first = initial;
  const { journey, behaviour, random } = w;
  const quiet = { quiet: true, onChoice: w.onChoice, onEnter: w.onEnter } as const;
  let c: Configuration = first.configuration;
  const settle = (step: Step): Step => transferOutcome(w, step);
  const log = w.onStep;
  if (log) log({ event: '$start', from: null, to: c.state, human: handedOff(first), ...(c.status === 'done' && c.output ? { outcome: c.output.outcome } : {}), ts: c.now, context: { ...c.context } });
  first = settle(first);
  c = first.configuration;
  if (handedOff(first)) return { end: 'escalated', turns: 0 };
  let turns = 0;
  let failures = 0;
  let askedAt: number | undefined;
  let noWayToAsk = false;
  let lastBotState: string | undefined;
  const { askForPerson, askAfterFailures, misunderstood, silence, frustration, patience } = behaviour;
  const extra = (): Partial<Walk> => ({ ...(askedAt !== undefined ? { askedAt } : {}), ...(noWayToAsk ? { noWayToAsk } : {}) });
  for (;;) {
    if (c.status === 'done') return { end: c.output?.human === 'later' ? 'callback' : 'contained', turns, ...extra(), ...(c.output ? { outcome: c.output.outcome } : {}) };
    if (c.status === 'error') return { end: 'other', turns, ...extra() };
    if (turns >= patience) return { end: 'abandoned', turns, ...extra(), lastBotState: c.state };
    if (turns >= w.maxTurns) return { end: 'other', turns, ...extra() };
    const here = w.choices.get(c.state);
    lastBotState = c.state;
    const ask = askAfterFailures && failures >= askAfterFailures.failures ? askAfterFailures.chance : askForPerson;
    const r = random();
    let step: Step;
    let failed = false;
    // What the customer did this turn, for `onStep`: the event (with data) or the timeout that fired.
    let did: { event: string; delay?: number; data?: Record<string, unknown> } | undefined;
    const sending = (event: JourneyEvent): Step => {
      if (log) {
        const { type, ...data } = event;
        did = { event: type, ...(Object.keys(data).length > 0 ? { data } : {}) };
      }
      return send(journey, c, event, quiet);
    };
    const timing = (due: { at: number; delay: number }): Step => {
      if (log) did = { event: '$timeout', delay: due.delay };
      return fireTimeout(journey, waitedUntil(c, due.at), due.delay, quiet);
    };
    if (r < ask) {
      askedAt ??= turns;
      if (here?.askForPerson) step = sending({ type: here.askForPerson });
      else {
        // The journey offers no way to ask here: the bot does not understand the request.
        noWayToAsk = true;
        step = sending({ type: NO_MATCH });
        failed = true;
      }
    } else if (r < ask + misunderstood) {
      step = sending({ type: NO_MATCH });
      failed = true;
    } else if (r < ask + misunderstood + silence) {
      const due = nextTimeout(journey, c);
      step = here?.handlesNoInput || !due ? sending({ type: NO_INPUT }) : timing(due);
    } else if (r < ask + misunderstood + silence + frustration) {
      step = sending({ type: FRUSTRATED });
    } else {
      const table = w.weights.get(c.state);
      if (table && table.events.length > 0) {
        const total = table.cumulative[table.cumulative.length - 1] as number;
        const x = random() * total;
        let i = 0;
        while (i < table.cumulative.length - 1 && x >= (table.cumulative[i] as number)) i++;
        const type = table.events[i] as string;
        step = sending(eventWithData(w, here, type));
      } else {
        // Nothing to choose here: the customer waits for the state's next timeout.
        const due = nextTimeout(journey, c);
        step = due ? timing(due) : sending({ type: NO_INPUT });
      }
    }
    turns++;
    if (log && did) {
      const n = step.configuration;
      log({ ...did, from: c.state, to: n.state, human: handedOff(step), ...(n.status === 'done' && n.output ? { outcome: n.output.outcome } : {}), ts: n.now });
    }
    step = settle(step);
    // A turn fails the customer when they were not understood or nothing happened; any move resets the count.
    failures = failed || step.ignored || step.configuration.state === c.state ? failures + 1 : 0;
    c = step.configuration;
    if (handedOff(step)) return { end: 'escalated', turns, ...extra(), lastBotState };
  }
}

/**
 * A hand-off to a human state with `when_unavailable` fails with its queue's share:
 * the host sends `unavailable` at once and the walk goes on from the fallback (more
 * hand-offs there are settled the same way). Other hand-offs always succeed.
 */
function transferOutcome(w: WalkContext, step: Step): Step {
  let current = step;
  for (let guard = 0; guard < 100; guard++) {
    const handoff = current.effects.find((e) => e.type === 'handoff');
    if (!handoff || handoff.type !== 'handoff') return current;
    w.transfers.attempted++;
    const here = w.table.states.get(current.configuration.state);
    const share = w.unavailable.get(handoff.queue) ?? 0;
    if (!here?.handoff?.fallback || current.configuration.state !== handoff.state || !(w.random() < share)) return current;
    w.transfers.failed++;
    const before = current.configuration;
    current = send(w.journey, before, { type: UNAVAILABLE }, { quiet: true, onChoice: w.onChoice, onEnter: w.onEnter });
    const n = current.configuration;
    w.onStep?.({ event: UNAVAILABLE, from: before.state, to: n.state, human: handedOff(current), ...(n.status === 'done' && n.output ? { outcome: n.output.outcome } : {}), ts: n.now });
  }
  return current;
}

function handedOff(step: Step): boolean {
  for (const e of step.effects) if (e.type === 'handoff') return true;
  return false;
}

/** The event with its data: the persona's values where it gives them, else a value the journey tells apart, else a stand-in. */
function eventWithData(w: WalkContext, here: StateChoices | undefined, type: string): JourneyEvent {
  const fields = here?.data.get(type);
  if (!fields || fields.length === 0) return { type };
  const event: Record<string, unknown> = { type };
  const given = w.persona.data.get(type);
  for (const field of fields) {
    const source = given?.get(field);
    const domain = w.domains.eventField(field);
    event[field] = source ? draw(source, domain.type, w.random) : fallback(domain, w.random);
  }
  return event as JourneyEvent;
}

/** A value for event data no persona describes: each value the journey tells apart equally often, or a stand-in of its type. */
function fallback(domain: Domain, random: Random): FieldValue {
  if (domain.values.length > 0) return domain.values[Math.floor(random() * domain.values.length)] as FieldValue;
  return domain.type === 'number' ? 1 : domain.type === 'boolean' ? true : OTHER_TEXT;
}

/** Per state: the customer's own choices, the event that asks for a person, and the data each event's handling reads. */
function stateChoices(table: BehaviourTable): Map<string, StateChoices> {
  const memo = new Map<string, boolean>();
  // Decisions after an event see its data: data read by any decision goes with every event.
  const chained = new Set<string>();
  for (const s of table.states.values()) for (const c of s.always ?? []) for (const e of [c.guard, ...c.set.map((a) => a.value)]) if (e?.parsed.expr) for (const f of eventFieldsRead(e.parsed.expr)) chained.add(f);
  const out = new Map<string, StateChoices>();
  for (const s of table.states.values()) {
    if (s.state.type === 'end') continue;
    // Asking for a person is the persona's trait, not one of the journey's choices (docs/simulate.md):
    // events that ask, or that only hand over to a person, are chosen only where a persona weighs them.
    const events = s.choices.filter((e) => e !== s.askForPerson && !asksForPerson(e) && !isOfframpEvent(s, e) && !onlyToPerson(table, s, e, memo));
    const personEvents = s.choices.filter((e) => !events.includes(e));
    const data = new Map<string, string[]>();
    for (const [event, handler] of s.on) {
      const read = new Set<string>(chained);
      for (const c of handlerChoices(handler)) for (const e of [c.guard, ...c.set.map((a) => a.value)]) if (e?.parsed.expr) for (const f of eventFieldsRead(e.parsed.expr)) read.add(f);
      data.set(event, [...read].sort());
    }
    out.set(s.id, { events, personEvents, ...(s.askForPerson ? { askForPerson: s.askForPerson } : {}), handlesNoInput: handlesNoInput(s), data });
  }
  return out;
}

/** True for the events the journey-wide offramp adds: the journey says they ask for a person. */
function isOfframpEvent(s: StateBehaviour, event: string): boolean {
  const handler = s.on.get(event);
  return handler?.kind === 'choices' && handler.choices.some((c) => c.origin.kind === 'offramp');
}

/** Cumulative weights per state for a persona (events not listed weigh 1). */
function weightTables(persona: Persona, choices: ReadonlyMap<string, StateChoices>): Map<string, { events: string[]; cumulative: number[] }> {
  const out = new Map<string, { events: string[]; cumulative: number[] }>();
  for (const [state, c] of choices) {
    const given = persona.weights.get(state);
    const events: string[] = [];
    const cumulative: number[] = [];
    let acc = 0;
    for (const e of [...c.events, ...c.personEvents.filter((p) => given?.has(p))]) {
      const w = given?.get(e) ?? 1;
      if (w <= 0) continue;
      events.push(e);
      cumulative.push((acc += w));
    }
    out.set(state, { events, cumulative });
  }
  return out;
}

/** The choices of the journey no walk took, in file order. */
function untakenChoices(table: BehaviourTable, taken: ReadonlySet<Choice>): UntakenChoice[] {
  const out: UntakenChoice[] = [];
  for (const s of table.states.values()) {
    for (const { input, choice } of choicesOf(s)) {
      const origin = choice.origin;
      // Starting a call is no choice: it happens whenever the call state is entered.
      if (taken.has(choice) || origin.kind === 'call' || (origin.kind === 'offramp' && !offrampCanApply(s))) continue;
      out.push({
        state: s.id,
        input,
        choice: origin.kind === 'own' ? origin.index + 1 : origin.kind === 'rung' ? origin.index + 1 : origin.kind === 'offramp' ? 'offramp' : 1,
        kind: origin.kind,
        of: origin.kind === 'own' ? origin.transition.branches.length : 1,
        to: choice.to,
        ...(choice.guard ? { guard: choice.guard.source } : {}),
        ...(origin.kind === 'return' ? { outcome: origin.outcome } : {}),
      });
    }
  }
  return out;
}
