import type { Journey } from '../model/types.js';
import { behaviourOf } from '../behaviour/table.js';
import { UNAVAILABLE } from '../spec/names.js';
import { advance, nextTimeout, send, start, type Configuration, type ContextValue, type Effect, type JourneyEvent } from '../interpret/interpreter.js';

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
  /** Consecutive `no_input` signals in the current state, for retry ladders (0 once finished). */
  readonly noInput: number;
  /** Whether a person took the customer so far: a hand-off whose transfer did not then fail (`unavailable`). */
  readonly handedOff: boolean;
}

/**
 * A driver runs one engine through a script. The compiled machine's driver lives in
 * ./xstate-driver.ts, so that only the code that runs it loads xstate.
 */
export interface Driver {
  step(step: ScriptStep): void;
  observe(): Observation;
  /** Everything the bot has said so far, in order. */
  said(): readonly string[];
  /** Milliseconds until the next pending timeout, or undefined when none is pending. */
  nextTimeoutIn(): number | undefined;
  stop(): void;
}

/**
 * True when sending `event` in `state` reports that the transfer to a person failed: the
 * host's `unavailable` in a human state with `when_unavailable` (the one rule both drivers use).
 */
export function isFailedTransfer(journey: Journey, status: string, state: string, event: string): boolean {
  return status === 'active' && event === UNAVAILABLE && behaviourOf(journey).states.get(state)?.handoff?.fallback !== undefined;
}

/** Makes a fresh driver for `journey`, the customer arriving at `epoch`, with the host's input over the defaults. */
export type DriverFactory = (journey: Journey, epoch: number, input?: Readonly<Record<string, ContextValue>>) => Driver;

/** The reference interpreter as a driver; keeps every effect for reports and coverage. */
export class InterpreterDriver implements Driver {
  configuration: Configuration;
  readonly effects: Effect[] = [];
  private readonly saidTexts: string[] = [];
  private handoffs = 0;
  private failedTransfers = 0;

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
    if ('event' in step && isFailedTransfer(this.journey, this.configuration.status, this.configuration.state, step.event.type)) this.failedTransfers++;
    const next = 'event' in step ? send(this.journey, this.configuration, step.event) : advance(this.journey, this.configuration, step.wait);
    this.configuration = next.configuration;
    this.record(next.effects);
  }

  private record(effects: readonly Effect[]): void {
    for (const e of effects) {
      this.effects.push(e);
      if (e.type === 'handoff') this.handoffs++;
      else if (e.type === 'say') this.saidTexts.push(e.text);
    }
  }

  observe(): Observation {
    const c = this.configuration;
    return { state: c.state, status: c.status, context: { ...c.context }, output: c.output ?? null, noMatch: c.status === 'active' ? c.noMatch : 0, noInput: c.status === 'active' ? c.noInput : 0, handedOff: this.handoffs > this.failedTransfers };
  }

  said(): readonly string[] {
    return this.saidTexts;
  }

  nextTimeoutIn(): number | undefined {
    const due = nextTimeout(this.journey, this.configuration);
    return due ? Math.max(0, due.at - this.configuration.now) : undefined;
  }

  stop(): void {}
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
  if (a.noInput !== b.noInput) parts.push(`no_input count ${a.noInput} vs ${b.noInput}`);
  if (a.handedOff !== b.handedOff) parts.push(`hand-off ${a.handedOff} vs ${b.handedOff}`);
  return parts.length ? parts.join('; ') : undefined;
}
