import type { Clock } from '../runtime/index.js';
import { createJourneyActor } from '../runtime/index.js';
import { compileJourney, effectNames } from '../compile/xstate.js';
import { INTERNAL_KEY } from '../runtime/protocol.js';
import type { Journey } from '../model/types.js';
import { isFailedTransfer, type Driver, type DriverFactory, type Observation, type ScriptStep } from './drivers.js';
import { MAX_TIMEOUTS_PER_WAIT } from '../interpret/interpreter.js';

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

/** The compiled machine on real XState through journeyctl/runtime, with a step clock and hours judged at `epoch + clock`. */
export class XStateDriver implements Driver {
  readonly clock = new StepClock();
  readonly handoffs: unknown[] = [];
  readonly problems: string[] = [];
  private failed: string | undefined;
  private failedTransfers = 0;
  private readonly saidTexts: string[] = [];
  private readonly actor;

  constructor(private readonly journey: Journey, readonly epoch: number, input?: Readonly<Record<string, unknown>>) {
    const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
    this.actor = createJourneyActor(compileJourney(journey), {
      actions,
      clock: this.clock,
      now: () => new Date(this.epoch + this.clock.now()),
      onHandoff: (h) => void this.handoffs.push(h),
      onSay: (s) => void this.saidTexts.push(s.text),
      onError: (p) => void this.problems.push(p.message),
      ...(input ? { input } : {}),
    });
    this.actor.start();
  }

  step(step: ScriptStep): void {
    if (this.failed) return;
    if ('event' in step) {
      // A finished actor ignores events (XState would also warn); so does the interpreter.
      const before = this.actor.getSnapshot();
      if (before.status !== 'active') return;
      if (isFailedTransfer(this.journey, before.status, String(before.value), step.event.type)) this.failedTransfers++;
      this.actor.send(step.event);
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
      noInput: s.status === 'active' ? ((internal as { noInput?: number } | undefined)?.noInput ?? 0) : 0,
      handedOff: this.handoffs.length > this.failedTransfers,
    };
  }

  said(): readonly string[] {
    return this.saidTexts;
  }

  nextTimeoutIn(): number | undefined {
    return this.clock.nextDueIn();
  }

  stop(): void {
    this.actor.stop();
  }
}

/** Makes drivers of the compiled machine (for play sessions). */
export const createXStateDriver: DriverFactory = (journey, epoch, input) => new XStateDriver(journey, epoch, input as Record<string, unknown> | undefined);
