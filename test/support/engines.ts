import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintSources } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import { difference, InterpreterDriver, type Observation, type ScriptStep } from '../../src/sim/drivers.js';
import { XStateDriver } from '../../src/sim/xstate-driver.js';
import type { ContextValue } from '../../src/interpret/interpreter.js';
import { ROOT } from './lint.js';

export { canonical, type Observation, type ScriptStep } from '../../src/sim/drivers.js';

/** Builds the model of a journey from YAML text; throws when it has syntax or schema errors. */
export async function journeyFrom(yaml: string, path = 'test.journey.yaml'): Promise<Journey> {
  const [result] = await lintSources([{ path, text: yaml }]);
  if (!result?.journey) throw new Error(`no model: ${result?.diagnostics.map((d) => `${d.ruleId} ${d.message}`).join('; ')}`);
  return result.journey;
}

/** The model of an example journey in journeys/, with the journeys it calls (found among the other examples). */
export async function example(name: string): Promise<Journey> {
  const folder = join(ROOT, 'journeys');
  const others = readdirSync(folder).filter((f) => f.endsWith('.journey.yaml')).map((f) => join(folder, f));
  const path = join(folder, `${name}.journey.yaml`);
  const [result] = await lintSources([{ path, text: readFileSync(path, 'utf8') }], { catalogueFiles: others });
  if (!result?.journey) throw new Error(`no model: ${result?.diagnostics.map((d) => `${d.ruleId} ${d.message}`).join('; ')}`);
  return result.journey;
}

/** Drives the interpreter and the compiled machine through a script; observations after the start and every step. */
export function runBoth(journey: Journey, script: readonly ScriptStep[], options: { epoch?: number; input?: Readonly<Record<string, ContextValue>> } = {}) {
  const epoch = options.epoch ?? Date.parse('2026-12-02T10:00:00Z'); // a Wednesday, mid-morning in London
  const interpreter = new InterpreterDriver(journey, epoch, options.input);
  const xstate = new XStateDriver(journey, epoch, options.input as Record<string, unknown> | undefined);
  const trace: { step: ScriptStep | null; interpreter: Observation; xstate: Observation }[] = [{ step: null, interpreter: interpreter.observe(), xstate: xstate.observe() }];
  for (const step of script) {
    interpreter.step(step);
    xstate.step(step);
    trace.push({ step, interpreter: interpreter.observe(), xstate: xstate.observe() });
  }
  xstate.stop();
  return { trace, interpreter, xstate };
}

/** The first step where the engines disagree, or undefined. */
export function firstMismatch(trace: ReturnType<typeof runBoth>['trace']): { index: number; difference: string; interpreter: Observation; xstate: Observation } | undefined {
  for (let i = 0; i < trace.length; i++) {
    const t = trace[i] as (typeof trace)[number];
    const diff = difference(t.interpreter, t.xstate);
    if (diff) return { index: i, difference: diff, interpreter: t.interpreter, xstate: t.xstate };
  }
  return undefined;
}
