import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { compileJourney, effectNames, INTERNAL_KEY, type MachineJson } from '../../src/compile/xstate.js';
import { lintSources } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import { createJourneyActor, type Handoff } from '../../src/runtime/index.js';
import { advance, send, start, type Configuration, type ContextValue, type JourneyEvent } from '../../src/sim/interpreter.js';
import { ROOT } from './lint.js';

/** One step of a scenario: a customer event (or signal), or time passing. */
export type ScriptStep = { readonly event: JourneyEvent } | { readonly wait: number };

/** What both engines are compared on after each step. */
export interface Observation {
  readonly state: string;
  readonly status: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly output: unknown;
  readonly noMatch: number;
}

/** Builds the model of a journey from YAML text; throws when it does not lint clean of syntax/schema errors. */
export async function journeyFrom(yaml: string, path = 'test.journey.yaml'): Promise<Journey> {
  const [result] = await lintSources([{ path, text: yaml }]);
  if (!result?.journey) throw new Error(`no model: ${result?.diagnostics.map((d) => `${d.ruleId} ${d.message}`).join('; ')}`);
  return result.journey;
}

/** The model of an example journey in journeys/. */
export async function example(name: string): Promise<Journey> {
  return journeyFrom(readFileSync(join(ROOT, 'journeys', `${name}.journey.yaml`), 'utf8'), `journeys/${name}.journey.yaml`);
}

/** The interpreter, driven step by step. */
export class InterpreterDriver {
  configuration: Configuration;

  constructor(
    readonly journey: Journey,
    epoch: number,
    input?: Readonly<Record<string, ContextValue>>,
  ) {
    this.configuration = start(journey, { startTime: epoch, ...(input ? { input } : {}) }).configuration;
  }

  step(step: ScriptStep): void {
    this.configuration = 'event' in step ? send(this.journey, this.configuration, step.event).configuration : advance(this.journey, this.configuration, step.wait).configuration;
  }

  observe(): Observation {
    const c = this.configuration;
    return { state: c.state, status: c.status, context: { ...c.context }, output: c.output ?? null, noMatch: c.status === 'active' ? c.noMatch : 0 };
  }
}

/** The compiled machine on real XState, with a simulated clock and hours judged at `epoch + clock`. */
export class XStateDriver {
  readonly clock = new SimulatedClock();
  readonly handoffs: Handoff[] = [];
  readonly said: string[] = [];
  readonly effects: string[] = [];
  readonly errors: string[] = [];
  readonly actor;

  constructor(
    readonly config: MachineJson,
    names: readonly string[],
    readonly epoch: number,
    input?: Readonly<Record<string, unknown>>,
  ) {
    const actions = Object.fromEntries(names.map((n) => [n, () => void this.effects.push(n)]));
    this.actor = createJourneyActor(config, {
      actions,
      clock: this.clock,
      now: () => new Date(this.epoch + this.clock.now()),
      onHandoff: (h) => void this.handoffs.push(h),
      onSay: (s) => void this.said.push(s.text),
      onError: (p) => void this.errors.push(p.message),
      ...(input ? { input } : {}),
    });
    this.actor.start();
  }

  step(step: ScriptStep): void {
    if ('event' in step) {
      // A finished actor ignores events (XState also warns about them); so does the interpreter.
      if (this.actor.getSnapshot().status === 'active') this.actor.send(step.event);
      return;
    }
    // SimulatedClock.increment starts timers set while flushing at the end time; step through each due time instead.
    const target = this.clock.now() + step.wait;
    const timeouts = (this.clock as unknown as { timeouts: Map<number, { start: number; timeout: number }> }).timeouts;
    for (let guard = 0; guard < 10_000; guard++) {
      let due = Infinity;
      for (const t of timeouts.values()) due = Math.min(due, t.start + t.timeout);
      if (due > target) break;
      this.clock.set(Math.max(due, this.clock.now()));
    }
    this.clock.set(target);
  }

  observe(): Observation {
    const s = this.actor.getSnapshot();
    const { [INTERNAL_KEY]: internal, ...context } = s.context as Record<string, unknown>;
    return {
      state: String(s.value),
      status: s.status === 'stopped' ? 'done' : s.status,
      context,
      output: s.output ?? null,
      noMatch: s.status === 'active' ? ((internal as { noMatch: number }).noMatch ?? 0) : 0,
    };
  }
}

/** Drives both engines through a script and returns their observations after the start and after every step. */
export function runBoth(journey: Journey, script: readonly ScriptStep[], options: { epoch?: number; input?: Readonly<Record<string, ContextValue>> } = {}) {
  const epoch = options.epoch ?? Date.parse('2026-12-02T10:00:00Z'); // a Wednesday, mid-morning in London
  const interpreter = new InterpreterDriver(journey, epoch, options.input);
  const xstate = new XStateDriver(compileJourney(journey), effectNames(journey), epoch, options.input as Record<string, unknown> | undefined);
  const trace: { step: ScriptStep | null; interpreter: Observation; xstate: Observation }[] = [{ step: null, interpreter: interpreter.observe(), xstate: xstate.observe() }];
  for (const step of script) {
    interpreter.step(step);
    xstate.step(step);
    trace.push({ step, interpreter: interpreter.observe(), xstate: xstate.observe() });
  }
  xstate.actor.stop();
  return { trace, interpreter, xstate };
}

/** The first step where the engines disagree, or undefined. Error states are compared by status only. */
export function firstMismatch(trace: ReturnType<typeof runBoth>['trace']): { index: number; interpreter: Observation; xstate: Observation } | undefined {
  for (let i = 0; i < trace.length; i++) {
    const t = trace[i] as (typeof trace)[number];
    if (t.interpreter.status === 'error' || t.xstate.status === 'error') {
      if (t.interpreter.status !== t.xstate.status) return { index: i, interpreter: t.interpreter, xstate: t.xstate };
      return undefined;
    }
    if (canonical(t.interpreter) !== canonical(t.xstate)) return { index: i, interpreter: t.interpreter, xstate: t.xstate };
  }
  return undefined;
}

/** JSON with object keys sorted, so key order never counts as a difference. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
