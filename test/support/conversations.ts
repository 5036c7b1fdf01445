/**
 * Conversations on REAL xstate actors (the compiled journey through journeyctl/runtime)
 * with the runtime's conversation log, driven by a seeded random customer, and what
 * the actors did counted here, independently of the replay: the truth a replay of the
 * log must find.
 */
import { behaviourOf } from '../../src/behaviour/table.js';
import { domainsOf } from '../../src/behaviour/domains.js';
import { compileJourney, effectNames } from '../../src/compile/xstate.js';
import type { Journey } from '../../src/model/types.js';
import { createJourneyActor } from '../../src/runtime/index.js';
import { seededRandom } from '../../src/sim/random.js';
import { StepClock } from '../../src/sim/xstate-driver.js';
import { asksForPerson, UNAVAILABLE } from '../../src/spec/names.js';

/** What the actors did, counted conversation by conversation. */
export interface Truth {
  conversations: number;
  ends: { contained: number; escalated: number; callback: number; abandoned: number; other: number };
  turns: number[];
  asked: number;
  askedReached: number;
  outcomes: Map<string, number>;
}

/** Options of a logged run. */
export interface LoggedRunOptions {
  readonly conversations: number;
  readonly seed: number;
  /** Epoch ms of the first conversation; later ones start a minute apart. */
  readonly epoch: number;
  /** Conversations running at once, so that their lines interleave. */
  readonly concurrent?: number;
  readonly fields?: readonly string[];
  /** Personal-data fields the host opts in to logging (the log keeps event data that goes into them). */
  readonly pii?: readonly string[];
}

/**
 * Runs `conversations` customers on actors of the compiled journey, `concurrent` at a
 * time taking turns, each line of the runtime's log appended as it is written. A
 * customer picks one of the events the state handles (with data the journey tells
 * apart), now and then one it does not handle, lets a timeout fire, fails a transfer,
 * or leaves; a person taking over ends the driving.
 */
export function loggedConversations(journey: Journey, options: LoggedRunOptions): { lines: string[]; truth: Truth } {
  const config = compileJourney(journey);
  const table = behaviourOf(journey);
  const domains = domainsOf(journey);
  const random = seededRandom(options.seed);
  const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
  const lines: string[] = [];
  const truth: Truth = { conversations: 0, ends: { contained: 0, escalated: 0, callback: 0, abandoned: 0, other: 0 }, turns: [], asked: 0, askedReached: 0, outcomes: new Map() };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const allEvents = [...new Set([...table.states.values()].flatMap((s) => [...s.on.keys()]))];

  interface Running {
    actor: ReturnType<typeof createJourneyActor>;
    clock: StepClock;
    handoffs: number;
    failed: number;
    turns: number;
    personTurns: number;
    askedAt?: number;
    done: boolean;
  }
  const startOne = (index: number): Running => {
    const clock = new StepClock();
    const epoch = options.epoch + index * 60_000;
    const run: Running = { actor: undefined as never, clock, handoffs: 0, failed: 0, turns: 0, personTurns: 0, done: false };
    // Every timer XState sets is an `after` timeout; one firing is the customer's silent turn.
    const counting = {
      setTimeout: (fn: () => void, ms: number) =>
        clock.setTimeout(() => {
          run.turns++;
          fn();
        }, ms),
      clearTimeout: (id: number) => clock.clearTimeout(id),
    };
    run.actor = createJourneyActor(config, {
      actions,
      clock: counting,
      now: () => new Date(epoch + clock.now()),
      onHandoff: () => {
        run.handoffs++;
        run.personTurns = run.turns;
      },
      log: { conversation: `c${index}`, write: (line) => void lines.push(line), ...(options.fields ? { fields: options.fields } : {}), ...(options.pii ? { pii: options.pii } : {}) },
    });
    run.actor.start();
    return run;
  };
  const finish = (run: Running): void => {
    run.done = true;
    const s = run.actor.getSnapshot();
    const withPerson = run.handoffs > run.failed;
    const state = table.states.get(String(s.value));
    const end = withPerson ? 'escalated' : s.status === 'done' ? (state?.finish?.kind === 'end' && state.finish.humanLater ? 'callback' : 'contained') : s.status === 'error' ? 'other' : 'abandoned';
    truth.conversations++;
    truth.ends[end]++;
    truth.turns.push(end === 'escalated' ? run.personTurns : run.turns);
    if (run.askedAt !== undefined) {
      truth.asked++;
      if (end === 'escalated') truth.askedReached++;
    }
    const outcome = (s.output as { outcome?: string } | undefined)?.outcome;
    if ((end === 'contained' || end === 'callback') && outcome) truth.outcomes.set(outcome, (truth.outcomes.get(outcome) ?? 0) + 1);
    run.actor.stop();
  };
  const turn = (run: Running): void => {
    const s = run.actor.getSnapshot();
    if (s.status !== 'active') return finish(run);
    const here = table.states.get(String(s.value));
    if (run.handoffs > run.failed) {
      // A person has the customer; the host may still report that the transfer failed.
      if (here?.handoff?.fallback && random() < 0.3) {
        run.failed++;
        run.actor.send({ type: UNAVAILABLE });
        return;
      }
      return finish(run);
    }
    if (random() < 0.04) return finish(run);
    run.clock.advance(Math.floor(random() * 20_000));
    if (run.actor.getSnapshot().status !== 'active') return finish(run);
    const now = table.states.get(String(run.actor.getSnapshot().value));
    const due = run.clock.nextDueIn();
    const r = random();
    if (due !== undefined && r < 0.1) {
      run.clock.advance(due);
      return;
    }
    const handled = [...(now?.on.keys() ?? [])].filter((e) => e !== UNAVAILABLE);
    const type = r < 0.15 || handled.length === 0 ? pick(allEvents.filter((e) => e !== UNAVAILABLE)) : pick(handled);
    const event: Record<string, unknown> = { type };
    for (const field of domains.decidedEventFields) {
      const d = domains.eventField(field);
      event[field] = d.values.length > 0 ? pick(d.values) : d.type === 'number' ? 1 : 'x';
    }
    if (run.askedAt === undefined && (asksForPerson(type) || now?.askForPerson === type)) run.askedAt = run.turns;
    run.turns++;
    run.actor.send(event as { type: string });
  };

  const concurrent = options.concurrent ?? 20;
  let next = 0;
  const running: Running[] = [];
  while (next < options.conversations || running.length > 0) {
    while (running.length < concurrent && next < options.conversations) running.push(startOne(next++));
    for (const run of running) turn(run);
    for (let i = running.length - 1; i >= 0; i--) if ((running[i] as Running).done || (running[i] as Running).turns > 40) {
      if (!(running[i] as Running).done) finish(running[i] as Running);
      running.splice(i, 1);
    }
  }
  return { lines, truth };
}
