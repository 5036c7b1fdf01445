// Fits the persona model (src/sim/personas.ts, docs/simulate.md) to replayed conversations:
// the chances per turn of asking for a person, not being understood, silence and
// frustration; the customers' choice shares per state; patience; event-data shares.
// It counts what Replay reports turn by turn, so a turn means what it means in the figures.
import { behaviourOf, type BehaviourTable } from '../behaviour/table.js';
import type { Journey } from '../model/types.js';
import { LOG_TIMEOUT } from '../runtime/log.js';
import { asksForPerson, FRUSTRATED, NO_INPUT, NO_MATCH, UNAVAILABLE } from '../spec/names.js';
import type { LogRecord } from './log-read.js';
import type { WalkEnd } from './montecarlo.js';

/** A fitted persona in the shape of a personas file entry (schemas/personas.schema.json). */
export interface FittedPersona {
  readonly name: string;
  readonly description: string;
  readonly share: 1;
  readonly patience: number;
  readonly ask_for_person: number;
  readonly misunderstood: number;
  readonly silence: number;
  readonly frustration: number;
  readonly weights: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly data: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;
}

/** What the fit was made from. */
export interface FitBasis {
  readonly conversations: number;
  readonly turns: number;
  readonly abandoned: number;
}

/** Shares are written with this many decimals (and made to add up to 1 exactly where the schema checks it). */
const DIGITS = 4;
const round = (x: number): number => Number(x.toFixed(DIGITS));

/** Counts turns and ends as a Replay reports them (`onTurn`, `onClose`), then gives the persona that fits them. */
export class PersonaFit {
  private readonly table: BehaviourTable;
  private turns = 0;
  private asks = 0;
  private noMatch = 0;
  private silence = 0;
  private frustration = 0;
  private conversations = 0;
  private readonly abandonedTurns = new Map<number, number>();
  private maxTurns = 0;
  private readonly choices = new Map<string, Map<string, number>>();
  private readonly values = new Map<string, Map<string, Map<string, number>>>();

  constructor(readonly journey: Journey) {
    this.table = behaviourOf(journey);
  }

  /** One customer turn taken in `state`. */
  readonly turn = (state: string, record: LogRecord): void => {
    const event = record.event;
    if (event === UNAVAILABLE) return;
    this.turns++;
    const here = this.table.states.get(state);
    if (asksForPerson(event) || here?.askForPerson === event) this.asks++;
    else if (event === NO_MATCH) this.noMatch++;
    else if (event === NO_INPUT || event === LOG_TIMEOUT) this.silence++;
    else if (event === FRUSTRATED) this.frustration++;
    else {
      let counts = this.choices.get(state);
      if (!counts) this.choices.set(state, (counts = new Map()));
      counts.set(event, (counts.get(event) ?? 0) + 1);
      for (const [field, value] of Object.entries(record.data ?? {})) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
        let fields = this.values.get(event);
        if (!fields) this.values.set(event, (fields = new Map()));
        let seen = fields.get(field);
        if (!seen) fields.set(field, (seen = new Map()));
        seen.set(String(value), (seen.get(String(value)) ?? 0) + 1);
      }
    }
  };

  /** One conversation closed. */
  readonly close = (end: WalkEnd, turns: number): void => {
    this.conversations++;
    if (turns > this.maxTurns) this.maxTurns = turns;
    if (end === 'abandoned') this.abandonedTurns.set(turns, (this.abandonedTurns.get(turns) ?? 0) + 1);
  };

  /**
   * The persona: chances per turn are the logged shares of turns; patience is the
   * commonest number of turns of the customers who gave up (the model gives up at
   * exactly `patience` turns), or one more than the longest conversation when nobody
   * did; each state's weights are the shares of the customers' own events there (the
   * events of the state never chosen weigh 0); data shares are the shares of values.
   */
  result(): { persona: FittedPersona; basis: FitBasis } {
    const n = this.turns;
    const share = (k: number): number => (n === 0 ? 0 : round(k / n));
    let patience = this.maxTurns + 1;
    let best = 0;
    for (const [turns, count] of this.abandonedTurns) if (count > best || (count === best && turns < patience)) [patience, best] = [turns, count];
    const weights: Record<string, Record<string, number>> = {};
    for (const s of this.table.states.values()) {
      const counts = this.choices.get(s.id);
      if (!counts) continue;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const row: Record<string, number> = {};
      for (const e of s.choices) if (!asksForPerson(e) && s.askForPerson !== e) row[e] = round((counts.get(e) ?? 0) / total);
      // Events the state does not handle were ignored by the bot: no choice the model can make there.
      for (const [e, c] of counts) if (!(e in row) && s.on.has(e)) row[e] = round(c / total);
      weights[s.id] = row;
    }
    const data: Record<string, Record<string, Record<string, number>>> = {};
    for (const [event, fields] of [...this.values].sort(([a], [b]) => (a < b ? -1 : 1))) {
      data[event] = {};
      for (const [field, seen] of [...fields].sort(([a], [b]) => (a < b ? -1 : 1))) data[event][field] = sharesAddingToOne(seen);
    }
    return {
      persona: {
        name: 'fitted',
        description: `Fitted to ${n} turns of ${this.conversations} logged conversations of ${this.journey.id.value} (journey personas fit).`,
        share: 1,
        patience: Math.max(1, patience),
        ask_for_person: share(this.asks),
        misunderstood: share(this.noMatch),
        silence: share(this.silence),
        frustration: share(this.frustration),
        weights,
        data,
      },
      basis: { conversations: this.conversations, turns: n, abandoned: [...this.abandonedTurns.values()].reduce((a, b) => a + b, 0) },
    };
  }
}

/** Shares of the values seen, rounded, the largest taking the rounding rest so that they add up to 1 (the personas file checks it). */
function sharesAddingToOne(seen: ReadonlyMap<string, number>): Record<string, number> {
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  const entries = [...seen].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const out: Record<string, number> = {};
  let sum = 0;
  for (const [value, count] of entries.slice(1)) sum += out[value] = round(count / total);
  out[(entries[0] as [string, number])[0]] = round(1 - sum);
  return out;
}
