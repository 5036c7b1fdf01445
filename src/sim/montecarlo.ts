import { leadsToHuman } from '../graph/traversal.js';
import { buildGraph } from '../graph/graph.js';
import { FRUSTRATED, isReservedSignal, NO_INPUT, NO_MATCH } from '../spec/names.js';
import { handlerFor, type Journey } from '../model/types.js';
import { fireTimeout, nextTimeout, send, start, type Configuration, type JourneyEvent, type Step } from '../interpret/interpreter.js';
import { behaviourFor, type Behaviour, type Persona } from './personas.js';
import { seededRandom, type Random } from './random.js';
import { distribution, wilson, type Distribution, type Share } from './stats.js';

/** Options of a Monte Carlo run. */
export interface MonteCarloOptions {
  readonly runs: number;
  readonly seed: number;
  readonly personas: readonly Persona[];
  /** Clock time (epoch ms) every walk starts at; hours are judged against it as time passes. */
  readonly at: number;
  /** Hard cap on turns per walk, whatever the persona's patience (default 200). */
  readonly maxTurns?: number;
  readonly cost?: CostModel;
  /** Called every `progressEvery` walks (progress bars). */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
}

/** Cost of a customer: bot turns, plus the person's time for each escalation. */
export interface CostModel {
  readonly botTurn: number;
  readonly humanMinute: number;
  /** Minutes a person spends on an escalated customer (default 6). */
  readonly handleMinutes: number;
}

/** How one walk ended. */
export type WalkEnd = 'contained' | 'escalated' | 'abandoned' | 'other';

/** A friction state: where customers were last with the bot before a person or giving up. */
export interface FrictionState {
  readonly state: string;
  readonly escalations: number;
  readonly abandonments: number;
}

/** The figures of a Monte Carlo run (field names are stable: docs/simulate.md). */
export interface MonteCarloResult {
  readonly journey: string;
  readonly runs: number;
  readonly seed: number;
  readonly containment: number;
  readonly escalation: number;
  readonly abandonment: number;
  /** Walks that neither ended, reached a person nor gave up within the turn cap (or hit a loop). */
  readonly other: number;
  readonly intervals: Readonly<Record<'containment' | 'escalation' | 'abandonment' | 'other', Share>>;
  /** Turns to resolution of contained walks. */
  readonly turns: Distribution;
  /** Turns from the first request for a person to reaching one, for customers who asked and got one. */
  readonly turnsToPerson: Distribution;
  /** Customers who asked for a person at least once, and how many of them reached one. */
  readonly asked: { readonly customers: number; readonly reachedPerson: number };
  readonly frictionStates: readonly FrictionState[];
  readonly outcomes: readonly { readonly outcome: string; readonly count: number }[];
  readonly personas: readonly { readonly name: string; readonly share: number; readonly runs: number }[];
  /** Number of contained walks per number of turns (index = turns), for histograms. */
  readonly turnsHistogram: readonly number[];
  readonly cost?: { readonly perCustomer: number; readonly total: number; readonly model: CostModel };
}

interface StateChoices {
  readonly events: readonly string[];
  readonly escalation?: string;
  readonly handlesNoInput: boolean;
}

/**
 * Seeded random walks of simulated customers through the journey on the reference
 * interpreter. Same seed, same personas, same journey: same result, byte for byte.
 */
export function runMonteCarlo(journey: Journey, options: MonteCarloOptions): MonteCarloResult {
  const random = seededRandom(options.seed);
  const maxTurns = options.maxTurns ?? 200;
  const choices = stateChoices(journey);
  const personas = options.personas.map((p) => ({ persona: p, behaviour: behaviourFor(p, journey.intent), weights: weightTables(p, choices), runs: 0 }));
  const cumulative: number[] = [];
  let acc = 0;
  for (const p of personas) cumulative.push((acc += p.persona.share));

  const counts = { contained: 0, escalated: 0, abandoned: 0, other: 0 };
  const contained: number[] = [];
  const toPerson: number[] = [];
  let asked = 0;
  let askedReached = 0;
  let botTurns = 0;
  const friction = new Map<string, { escalations: number; abandonments: number }>();
  const outcomes = new Map<string, number>();
  const histogram: number[] = [];
  const first = start(journey, { startTime: options.at, quiet: true });

  for (let run = 0; run < options.runs; run++) {
    const r = random();
    let index = cumulative.findIndex((c) => r < c);
    if (index < 0) index = personas.length - 1;
    const p = personas[index] as (typeof personas)[number];
    p.runs++;
    const walk = walkOnce(journey, first, p.persona, p.behaviour, p.weights, choices, random, maxTurns);
    counts[walk.end]++;
    botTurns += walk.turns;
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
  const result: MonteCarloResult = {
    journey: journey.id.value,
    runs,
    seed: options.seed,
    containment: share(counts.contained),
    escalation: share(counts.escalated),
    abandonment: share(counts.abandoned),
    other: share(counts.other),
    intervals: {
      containment: wilson(counts.contained, runs),
      escalation: wilson(counts.escalated, runs),
      abandonment: wilson(counts.abandoned, runs),
      other: wilson(counts.other, runs),
    },
    turns: distribution(contained),
    turnsToPerson: distribution(toPerson),
    asked: { customers: asked, reachedPerson: askedReached },
    frictionStates: [...friction]
      .map(([state, f]) => ({ state, ...f }))
      .sort((a, b) => b.escalations + b.abandonments - (a.escalations + a.abandonments) || (a.state < b.state ? -1 : 1)),
    outcomes: [...outcomes].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count || (a.outcome < b.outcome ? -1 : 1)),
    personas: personas.map((p) => ({ name: p.persona.name, share: p.persona.share, runs: p.runs })),
    turnsHistogram: Array.from(histogram, (v) => v ?? 0),
    ...(options.cost
      ? {
          cost: {
            model: options.cost,
            total: botTurns * options.cost.botTurn + counts.escalated * options.cost.handleMinutes * options.cost.humanMinute,
            perCustomer: runs === 0 ? 0 : (botTurns * options.cost.botTurn + counts.escalated * options.cost.handleMinutes * options.cost.humanMinute) / runs,
          },
        }
      : {}),
  };
  return result;
}

interface Walk {
  readonly end: WalkEnd;
  readonly turns: number;
  readonly askedAt?: number;
  readonly lastBotState?: string;
  readonly outcome?: string;
}

function walkOnce(
  journey: Journey,
  first: Step,
  persona: Persona,
  behaviour: Behaviour,
  weights: ReadonlyMap<string, { events: readonly string[]; cumulative: readonly number[] }>,
  choices: ReadonlyMap<string, StateChoices>,
  random: Random,
  maxTurns: number,
): Walk {
  let c: Configuration = first.configuration;
  if (handedOff(first)) return { end: 'escalated', turns: 0 };
  let turns = 0;
  let askedAt: number | undefined;
  let lastBotState: string | undefined;
  const { askForPerson, misunderstood, silence, frustration, patience } = behaviour;
  for (;;) {
    if (c.status === 'done') return { end: 'contained', turns, ...(askedAt !== undefined ? { askedAt } : {}), ...(c.output ? { outcome: c.output.outcome } : {}) };
    if (c.status === 'error') return { end: 'other', turns, ...(askedAt !== undefined ? { askedAt } : {}) };
    if (turns >= patience) return { end: 'abandoned', turns, ...(askedAt !== undefined ? { askedAt } : {}), lastBotState: c.state };
    if (turns >= maxTurns) return { end: 'other', turns, ...(askedAt !== undefined ? { askedAt } : {}) };
    const here = choices.get(c.state);
    lastBotState = c.state;
    const r = random();
    let step: Step;
    if (r < askForPerson) {
      askedAt ??= turns;
      step = send(journey, c, { type: here?.escalation ?? NO_MATCH }, { quiet: true });
    } else if (r < askForPerson + misunderstood) {
      step = send(journey, c, { type: NO_MATCH }, { quiet: true });
    } else if (r < askForPerson + misunderstood + silence) {
      const due = nextTimeout(journey, c);
      step = here?.handlesNoInput || !due ? send(journey, c, { type: NO_INPUT }, { quiet: true }) : fireTimeout(journey, { ...c, now: due.at }, due.delay, { quiet: true });
    } else if (r < askForPerson + misunderstood + silence + frustration) {
      step = send(journey, c, { type: FRUSTRATED }, { quiet: true });
    } else {
      const table = weights.get(c.state);
      if (table && table.events.length > 0) {
        const total = table.cumulative[table.cumulative.length - 1] as number;
        const x = random() * total;
        let i = 0;
        while (i < table.cumulative.length - 1 && x >= (table.cumulative[i] as number)) i++;
        const type = table.events[i] as string;
        step = send(journey, c, eventWithData(persona, type, random), { quiet: true });
      } else {
        // Nothing to choose here: the customer waits for the state's next timeout.
        const due = nextTimeout(journey, c);
        step = due ? fireTimeout(journey, { ...c, now: due.at }, due.delay, { quiet: true }) : send(journey, c, { type: NO_INPUT }, { quiet: true });
      }
    }
    turns++;
    c = step.configuration;
    if (handedOff(step)) return { end: 'escalated', turns, ...(askedAt !== undefined ? { askedAt } : {}), lastBotState };
  }
}

function handedOff(step: Step): boolean {
  for (const e of step.effects) if (e.type === 'handoff') return true;
  return false;
}

function eventWithData(persona: Persona, type: string, random: Random): JourneyEvent {
  const fields = persona.data.get(type);
  if (!fields) return { type };
  const event: Record<string, unknown> = { type };
  for (const [field, values] of fields) event[field] = values[Math.floor(random() * values.length)];
  return event as JourneyEvent;
}

/** Per state: the customer's ordinary events, and the event that asks for a person there. */
function stateChoices(journey: Journey): Map<string, StateChoices> {
  const graph = buildGraph(journey);
  const memo = new Map<number, boolean>();
  const out = new Map<string, StateChoices>();
  for (const state of journey.states.values()) {
    if (state.type === 'end') continue;
    const events = state.on.filter((t) => t.trigger.kind === 'event' && !isReservedSignal(t.trigger.event)).map((t) => (t.trigger as { event: string }).event);
    let escalation: string | undefined;
    if (state.type === 'bot') escalation = journey.offramp?.on.find((e) => !handlerFor(state, e.value))?.value;
    if (!escalation) {
      const direct = state.on.find((t) => {
        const target = graph.index.get(t.branches[0]?.to.value ?? '');
        return t.trigger.kind === 'event' && !isReservedSignal(t.trigger.event) && target !== undefined && leadsToHuman(graph, target, memo);
      });
      if (direct?.trigger.kind === 'event') escalation = direct.trigger.event;
    }
    out.set(state.id, { events, ...(escalation ? { escalation } : {}), handlesNoInput: handlerFor(state, NO_INPUT) !== undefined });
  }
  return out;
}

/** Cumulative weights per state for a persona (events not listed weigh 1). */
function weightTables(persona: Persona, choices: ReadonlyMap<string, StateChoices>): Map<string, { events: string[]; cumulative: number[] }> {
  const out = new Map<string, { events: string[]; cumulative: number[] }>();
  for (const [state, c] of choices) {
    const given = persona.weights.get(state);
    const events: string[] = [];
    const cumulative: number[] = [];
    let acc = 0;
    for (const e of c.events) {
      const w = given?.get(e) ?? 1;
      if (w <= 0) continue;
      events.push(e);
      cumulative.push((acc += w));
    }
    out.set(state, { events, cumulative });
  }
  return out;
}
