import type { Clock } from '../runtime/index.js';
import { createJourneyActor } from '../runtime/index.js';
import { compileJourney, effectNames, INTERNAL_KEY } from '../compile/xstate.js';
import type { Journey } from '../model/types.js';
import { advance, MAX_TIMEOUTS_PER_WAIT, send, start, type Configuration, type ContextValue, type Effect, type JourneyEvent } from './interpreter.js';

/** One input of a scripted run: an event (with data), or time passing. */
export type ScriptStep = { readonly event: JourneyEvent } | { readonly wait: number };

/** What either engine looks like at rest: what scenarios and conformance checks compare. */
export interface Observation {
  readonly state: string;
  readonly status: 'active' | 'done' | 'error';
  readonly context: Readonly<Record<string, unknown>>;
  readonly output: unknown;
  /** Consecutive `no_match` signals in the current state (0 once finished). */
  readonly noMatch: number;
  /** Whether a hand-off to a person has happened so far. */
  readonly handedOff: boolean;
}

/** A driver runs one engine through a script. */
export interface Driver {
  step(step: ScriptStep): void;
  observe(): Observation;
  stop(): void;
}

/**
 * A clock for XState that only moves when told to, and fires each due timer at its
 * own due time (XState's SimulatedClock starts timers set while it flushes at the
 * end of an increment, which would delay a timeout that follows another).
 */
export class StepClock implements Clock {
  private now0 = 0;
  private next = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  /** Current time in ms since the clock started. */
  now(): number {
    return this.now0;
  }

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.now0 + timeout, fn });
    return id;
  }

  clearTimeout(id: number): void {
    this.timers.delete(id);
  }

  /** Milliseconds until the next pending timer, or undefined when none is pending. */
  nextDueIn(): number | undefined {
    let due = Infinity;
    for (const t of this.timers.values()) due = Math.min(due, t.at);
    return due === Infinity ? undefined : Math.max(0, due - this.now0);
  }

  /**
   * Moves time forward by `ms`, firing every timer that comes due, in order, at its due
   * time. Throws when more than MAX_TIMEOUTS_PER_WAIT fall due (the interpreter's bound).
   */
  advance(ms: number): void {
    const target = this.now0 + ms;
    for (let fired = 0; ; fired++) {
      let dueId = -1;
      let dueAt = Infinity;
      for (const [id, t] of this.timers) if (t.at < dueAt || (t.at === dueAt && id < dueId)) [dueId, dueAt] = [id, t.at];
      if (dueId < 0 || dueAt > target) break;
      if (fired >= MAX_TIMEOUTS_PER_WAIT) throw new Error(`more than ${MAX_TIMEOUTS_PER_WAIT} timeouts fell due in one wait`);
      const timer = this.timers.get(dueId) as { at: number; fn: () => void };
      this.timers.delete(dueId);
      this.now0 = Math.max(this.now0, dueAt);
      timer.fn();
    }
    this.now0 = target;
  }
}

/** The reference interpreter as a driver; keeps every effect for reports and coverage. */
export class InterpreterDriver implements Driver {
  configuration: Configuration;
  readonly effects: Effect[] = [];
  private handedOff = false;

  constructor(
    readonly journey: Journey,
    epoch: number,
    input?: Readonly<Record<string, ContextValue>>,
  ) {
    const first = start(journey, { startTime: epoch, ...(input ? { input } : {}) });
    this.configuration = first.configuration;
    this.record(first.effects);
  }

  step(step: ScriptStep): void {
    const next = 'event' in step ? send(this.journey, this.configuration, step.event) : advance(this.journey, this.configuration, step.wait);
    this.configuration = next.configuration;
    this.record(next.effects);
  }

  private record(effects: readonly Effect[]): void {
    for (const e of effects) {
      this.effects.push(e);
      if (e.type === 'handoff') this.handedOff = true;
    }
  }

  observe(): Observation {
    const c = this.configuration;
    return { state: c.state, status: c.status, context: { ...c.context }, output: c.output ?? null, noMatch: c.status === 'active' ? c.noMatch : 0, handedOff: this.handedOff };
  }

  stop(): void {}
}

/** The compiled machine on real XState through journeyctl/runtime, with a step clock and hours judged at `epoch + clock`. */
export class XStateDriver implements Driver {
  readonly clock = new StepClock();
  readonly handoffs: unknown[] = [];
  readonly said: string[] = [];
  readonly problems: string[] = [];
  private failed: string | undefined;
  private readonly actor;

  constructor(journey: Journey, readonly epoch: number, input?: Readonly<Record<string, unknown>>) {
    const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
    this.actor = createJourneyActor(compileJourney(journey), {
      actions,
      clock: this.clock,
      now: () => new Date(this.epoch + this.clock.now()),
      onHandoff: (h) => void this.handoffs.push(h),
      onSay: (s) => void this.said.push(s.text),
      onError: (p) => void this.problems.push(p.message),
      ...(input ? { input } : {}),
    });
    this.actor.start();
  }

  step(step: ScriptStep): void {
    if (this.failed) return;
    if ('event' in step) {
      // A finished actor ignores events (XState would also warn); so does the interpreter.
      if (this.actor.getSnapshot().status === 'active') this.actor.send(step.event);
      return;
    }
    try {
      this.clock.advance(step.wait);
    } catch (error) {
      this.failed = (error as Error).message;
    }
  }

  observe(): Observation {
    const s = this.actor.getSnapshot();
    const { [INTERNAL_KEY]: internal, ...context } = s.context as Record<string, unknown>;
    return {
      state: String(s.value),
      status: this.failed ? 'error' : s.status === 'stopped' ? 'done' : (s.status as Observation['status']),
      context,
      output: s.output ?? null,
      noMatch: s.status === 'active' ? ((internal as { noMatch?: number } | undefined)?.noMatch ?? 0) : 0,
      handedOff: this.handoffs.length > 0,
    };
  }

  stop(): void {
    this.actor.stop();
  }
}

/** JSON with object keys sorted, so key order never counts as a difference. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** Where two observations differ, in words, or undefined when they agree (errors compare by status only). */
export function difference(a: Observation, b: Observation): string | undefined {
  if (a.status === 'error' || b.status === 'error') return a.status === b.status ? undefined : `status ${a.status} vs ${b.status}`;
  const parts: string[] = [];
  if (a.state !== b.state) parts.push(`state ${a.state} vs ${b.state}`);
  if (a.status !== b.status) parts.push(`status ${a.status} vs ${b.status}`);
  if (canonical(a.context) !== canonical(b.context)) parts.push(`context ${canonical(a.context)} vs ${canonical(b.context)}`);
  if (canonical(a.output) !== canonical(b.output)) parts.push(`output ${canonical(a.output)} vs ${canonical(b.output)}`);
  if (a.noMatch !== b.noMatch) parts.push(`no_match count ${a.noMatch} vs ${b.noMatch}`);
  if (a.handedOff !== b.handedOff) parts.push(`hand-off ${a.handedOff} vs ${b.handedOff}`);
  return parts.length ? parts.join('; ') : undefined;
}
