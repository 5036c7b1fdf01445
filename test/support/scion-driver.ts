// A driver (src/sim/drivers.ts) for the SCXML target on a second engine, SCION
// (@scion-scxml/scxml, a dev dependency: the library never loads it). Time is a step
// clock: SCION's delayed <send> calls the global setTimeout, which is swapped for a
// queue of deadlines only while SCION runs, so `wait` fires timers in deadline order.
import { createRequire } from 'node:module';
import { behaviourOf } from '../../src/behaviour/table.js';
import { compileScxml, SCXML_HOURS_EVENT, scxmlRouteId, scxmlStateId } from '../../src/compile/scxml.js';
import type { ContextValue, JourneyEvent } from '../../src/interpret/interpreter.js';
import { isOpen } from '../../src/model/hours.js';
import type { Journey } from '../../src/model/types.js';
import { isFailedTransfer, type Driver, type Observation, type ScriptStep } from '../../src/sim/drivers.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const scxml: any = require('@scion-scxml/scxml');

/** A prepared SCION model of an SCXML document (the function model SCION's Statechart takes). */
export type ScionModel = unknown;

/** Parses and prepares an SCXML document with SCION. */
export function scionModel(text: string): Promise<ScionModel> {
  return new Promise((resolve, reject) => {
    scxml.documentStringToModel('journey.scxml', text, (error: unknown, model: { prepare(cb: (e: unknown, fn: unknown) => void): void }) => {
      if (error) return reject(error);
      model.prepare((e, fnModel) => (e ? reject(e) : resolve(fnModel)));
    });
  });
}

/** Compiles a journey to SCXML and prepares it with SCION. */
export function scionModelOf(journey: Journey): Promise<ScionModel> {
  return scionModel(compileScxml(journey, 'test.journey.yaml'));
}

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly fire: () => void;
}

/** SCION running the compiled SCXML document, as a Driver. */
export class ScionDriver implements Driver {
  private now: number;
  private timers = new Map<number, Timer>();
  private nextTimer = 1;
  private readonly saidTexts: string[] = [];
  private handoffs = 0;
  private failedTransfers = 0;
  private failed = false;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly chart: any;
  private readonly tableId = new Map<string, string>();
  private readonly routed: { id: string; hours: import('../../src/model/hours.js').Hours }[] = [];

  constructor(
    readonly journey: Journey,
    model: ScionModel,
    epoch: number,
    input?: Readonly<Record<string, ContextValue>>,
  ) {
    this.now = epoch;
    const table = behaviourOf(journey);
    for (const s of table.states.values()) {
      this.tableId.set(scxmlStateId(s.id), s.id);
      if (s.closed) {
        this.tableId.set(scxmlRouteId(s.id), s.id);
        this.routed.push({ id: s.id, hours: s.closed.hours });
      }
    }
    const console = {
      log: (label: string, value: unknown) => {
        if (label === 'journey.say') this.saidTexts.push(String(value));
        else if (label === 'journey.handoff') this.handoffs++;
      },
    };
    this.chart = new scxml.core.Statechart(model, {
      console,
      params: { journey_ctx: { ...table.defaults, ...(input ?? {}) }, journey_counts: { noMatch: 0, noInput: 0 }, journey_open: this.openNow() },
    });
    this.run(() => this.chart.start());
  }

  private openNow(): Record<string, boolean> {
    const open: Record<string, boolean> = {};
    for (const r of this.routed) open[r.id] = isOpen(r.hours, new Date(this.now));
    return open;
  }

  private run(f: () => void): void {
    const saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    const g = globalThis as unknown as { setTimeout: unknown; clearTimeout: unknown };
    g.setTimeout = (fire: () => void, ms: number) => {
      const handle = this.nextTimer++;
      this.timers.set(handle, { at: this.now + Number(ms), order: handle, fire });
      return handle;
    };
    g.clearTimeout = (handle: number) => void this.timers.delete(handle);
    try {
      f();
    } catch {
      this.failed = true;
    } finally {
      g.setTimeout = saved.setTimeout;
      g.clearTimeout = saved.clearTimeout;
    }
  }

  private send(event: JourneyEvent): void {
    const { type, ...data } = event as { type: string } & Record<string, unknown>;
    if (this.routed.length > 0 && !this.final()) this.run(() => this.chart.gen({ name: SCXML_HOURS_EVENT, data: this.openNow() }));
    this.run(() => this.chart.gen({ name: type, data }));
  }

  private final(): boolean {
    return this.chart.getSnapshot()[2] === true;
  }

  step(step: ScriptStep): void {
    if (this.failed) return;
    if ('event' in step) {
      const o = this.observe();
      if (isFailedTransfer(this.journey, o.status, o.state, step.event.type)) this.failedTransfers++;
      this.send(step.event);
      return;
    }
    const until = this.now + step.wait;
    for (;;) {
      let due: [number, Timer] | undefined;
      for (const entry of this.timers) if (entry[1].at <= until && (!due || entry[1].at < due[1].at || (entry[1].at === due[1].at && entry[1].order < due[1].order))) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      if (this.routed.length > 0 && !this.final()) this.run(() => this.chart.gen({ name: SCXML_HOURS_EVENT, data: this.openNow() }));
      this.run(due[1].fire);
    }
    this.now = until;
  }

  observe(): Observation {
    const [configuration, , isFinal, datamodel] = this.chart.getSnapshot() as [string[], unknown, boolean, Record<string, unknown>];
    const id = configuration[0] as string;
    const state = this.tableId.get(id) ?? id;
    const finish = behaviourOf(this.journey).states.get(state)?.finish;
    const output = !isFinal || !finish
      ? null
      : finish.kind === 'end'
        ? { outcome: finish.outcome, journey: this.journey.id.value, ...(finish.humanLater ? { human: 'later' } : {}) }
        : { journey: this.journey.id.value, outcome: 'handed_off', state, queue: finish.queue };
    const counts = datamodel.journey_counts as { noMatch: number; noInput: number };
    return {
      state,
      status: this.failed ? 'error' : isFinal ? 'done' : 'active',
      context: { ...(datamodel.journey_ctx as Record<string, unknown>) },
      output,
      noMatch: isFinal ? 0 : counts.noMatch,
      noInput: isFinal ? 0 : counts.noInput,
      handedOff: this.handoffs > this.failedTransfers,
    };
  }

  said(): readonly string[] {
    return this.saidTexts;
  }

  nextTimeoutIn(): number | undefined {
    let at: number | undefined;
    for (const t of this.timers.values()) if (at === undefined || t.at < at) at = t.at;
    return at === undefined ? undefined : Math.max(0, at - this.now);
  }

  stop(): void {
    this.timers.clear();
  }
}
