import { formatDuration } from '../model/duration.js';
import { buildGraph, type JourneyGraph } from '../graph/graph.js';
import { turnsToHuman, UNREACHABLE } from '../graph/traversal.js';
import { behaviourOf, type StateOrigin } from '../behaviour/table.js';
import { RESERVED_SIGNALS, UNAVAILABLE } from '../spec/names.js';
import type { Journey } from '../model/types.js';
import type { ContextValue } from '../interpret/interpreter.js';
import { InterpreterDriver, type Driver, type DriverFactory, type Observation, type ScriptStep } from '../sim/drivers.js';

/** Which engine a session drives. */
export type EngineName = 'interpreter' | 'xstate';

/** One turn of a walk: where the customer was, what they did, what was said, where they went. */
export interface Turn {
  readonly from: string;
  /** The input as a scenario writes it: an event name, or `{ wait: 5m }`. */
  readonly input: string;
  readonly step: ScriptStep;
  readonly said: readonly string[];
  readonly to: string;
}

/** Everything the screen shows, computed from the session (no terminal involved). */
export interface PlayView {
  readonly journey: string;
  readonly title: string;
  readonly priority: string;
  readonly engine: EngineName;
  readonly state: string;
  /** For a called journey's state: where it is, for people (`send_code in identity-check`). */
  readonly place?: string;
  readonly badge: 'BOT' | 'HUMAN' | 'END';
  readonly said: readonly string[];
  readonly context: readonly (readonly [string, string])[];
  readonly events: readonly string[];
  readonly signals: readonly string[];
  readonly turns: number;
  /** Customer turns to the nearest person from here (0 with a person; null when there is no route). */
  readonly personTurns: number | null;
  /** The event `h` sends here to ask for a person (the offramp's, or the journey's own; src/behaviour/table.ts). */
  readonly askEvent?: string;
  /** How long `t` lets pass, when a timeout is pending. */
  readonly timeout?: string;
  readonly ended: boolean;
  readonly output?: unknown;
  readonly handedOff: boolean;
  /** True at an end state with `feedback: true`: the journey asks the customer for feedback here. */
  readonly asksFeedback: boolean;
  /** The queue of the person who has taken over, in a human state. */
  readonly queue?: string;
}

/**
 * A walk through a journey on either engine, with undo and restart. The session
 * keeps the inputs; undo replays all but the last one on a fresh engine, so both
 * engines undo the same way and nothing but the journey's own semantics is involved.
 */
export class PlaySession {
  private driver!: Driver;
  private inputs: ScriptStep[] = [];
  private turnList: Turn[] = [];
  private startSaid: string[] = [];
  private readonly graph: JourneyGraph;
  private readonly distances: Float64Array;

  /** Opens a session; loads xstate only for the compiled machine. */
  static async open(journey: Journey, engine: EngineName, at: number, input?: Readonly<Record<string, ContextValue>>): Promise<PlaySession> {
    const createDriver: DriverFactory =
      engine === 'xstate' ? (await import('../sim/xstate-driver.js')).createXStateDriver : (j, epoch, values) => new InterpreterDriver(j, epoch, values);
    return new PlaySession(journey, engine, at, createDriver, input);
  }

  private constructor(
    readonly journey: Journey,
    readonly engine: EngineName,
    readonly at: number,
    private readonly createDriver: DriverFactory,
    /** The host's values over the defaults (`--input`), for every restart. */
    private readonly input?: Readonly<Record<string, ContextValue>>,
  ) {
    this.graph = buildGraph(journey);
    this.distances = turnsToHuman(this.graph).turns;
    this.restart();
  }

  /** Starts again from `start`. */
  restart(): void {
    this.driver?.stop();
    this.driver = this.createDriver(this.journey, this.at, this.input);
    this.inputs = [];
    this.turnList = [];
    this.startSaid = [...this.driver.said()];
  }

  /** Takes one step: an event (or signal), or time passing. Ignored once the journey has ended. */
  send(step: ScriptStep): void {
    const before = this.driver.observe();
    if (before.status !== 'active') return;
    const count = this.driver.said().length;
    this.driver.step(step);
    this.inputs.push(step);
    const after = this.driver.observe();
    const input = 'event' in step ? step.event.type : `wait ${formatDuration(step.wait)}`;
    this.turnList.push({ from: before.state, input, step, said: this.driver.said().slice(count), to: after.state });
  }

  /** Sends an event by name. */
  event(type: string): void {
    this.send({ event: { type } });
  }

  /** Lets time pass until the current state's next timeout; false when none is pending. */
  fireTimeout(): boolean {
    const wait = this.driver.nextTimeoutIn();
    if (wait === undefined) return false;
    this.send({ wait });
    return true;
  }

  /** Takes back the last step. */
  undo(): void {
    if (this.inputs.length === 0) return;
    const kept = this.inputs.slice(0, -1);
    this.restart();
    for (const step of kept) this.send(step);
  }

  /** The turns so far. */
  get turns(): readonly Turn[] {
    return this.turnList;
  }

  /** What was said when the journey started. */
  get opening(): readonly string[] {
    return this.startSaid;
  }

  /** The engine's current observation. */
  observe(): Observation {
    return this.driver.observe();
  }

  /** Everything the screen shows now. */
  view(): PlayView {
    const o = this.driver.observe();
    // The table knows every state the engines can be in, a called journey's too.
    const row = behaviourOf(this.journey).states.get(o.state);
    const state = row?.state;
    const ended = o.status !== 'active';
    const badge: PlayView['badge'] = ended ? (state?.type === 'human' ? 'HUMAN' : 'END') : state?.type === 'human' ? 'HUMAN' : 'BOT';
    // What the customer can do here comes from the behaviour table, like every engine's view of the journey.
    const here = ended ? undefined : row;
    const events = here ? [...here.choices] : [];
    const askEvent = here?.askForPerson;
    const index = this.graph.index.get(o.state);
    const d = index === undefined ? UNREACHABLE : (this.distances[index] as number);
    const last = this.turnList[this.turnList.length - 1];
    const pending = ended ? undefined : this.driver.nextTimeoutIn();
    return {
      journey: this.journey.id.value,
      title: this.journey.title,
      priority: this.journey.priority,
      engine: this.engine,
      state: o.state,
      ...(row && row.origin.calls.length > 0 ? { place: placeOf(row.origin) } : {}),
      badge,
      said: last ? last.said : this.startSaid,
      context: Object.entries(o.context).map(([k, v]) => [k, v === null || v === undefined ? '—' : typeof v === 'string' ? v : String(v)] as const),
      events,
      // The host's `unavailable` (the transfer failed) can be tried where a fallback exists.
      signals: ended ? [] : [...RESERVED_SIGNALS, ...(here?.handoff?.fallback ? [UNAVAILABLE] : [])],
      turns: this.turnList.length,
      personTurns: state?.type === 'human' ? 0 : d === UNREACHABLE ? null : d,
      ...(askEvent ? { askEvent } : {}),
      ...(pending !== undefined ? { timeout: formatDuration(pending) } : {}),
      ended,
      ...(o.output ? { output: o.output } : {}),
      handedOff: o.handedOff,
      asksFeedback: state?.type === 'end' && state.feedback,
      ...(state?.type === 'human' ? { queue: state.queue.value } : {}),
    };
  }

  /** Stops the engine. */
  stop(): void {
    this.driver.stop();
  }
}

/** Where a called journey's state is, for people: `send_code in identity-check` (the header has one short line). */
function placeOf(origin: StateOrigin): string {
  return `${origin.id} in ${origin.calls[origin.calls.length - 1]?.state.call.value ?? '?'}`;
}

/** How the journey ended, for people. */
export function outcomeText(output: unknown): string {
  const o = output as { outcome?: string; state?: string; queue?: string } | undefined;
  if (!o?.outcome) return 'no outcome';
  if (o.outcome === 'handed_off') return `handed to a person (${o.state}, queue ${o.queue})`;
  return o.outcome;
}
