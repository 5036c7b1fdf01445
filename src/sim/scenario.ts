import { behaviourOf } from '../behaviour/table.js';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SCHEMA, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { loadDocument } from '../load/document.js';
import { TESTS_DOCUMENT } from '../load/kinds.js';
import type { SourceMap } from '../load/source-map.js';
import { parseDuration } from '../model/duration.js';
import type { Journey } from '../model/types.js';
import { difference, InterpreterDriver, type Observation, type ScriptStep } from './drivers.js';
import { XStateDriver } from './xstate-driver.js';
import type { ContextValue, Effect } from '../interpret/interpreter.js';
import { DEFAULT_ARRIVAL, parseAt } from './time.js';

/** What a scenario expects at the end. */
export interface Expectation {
  readonly state?: string;
  readonly outcome?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly human?: boolean;
}

/** One scenario test of a journey. */
export interface Scenario {
  readonly name: string;
  readonly steps: readonly ScriptStep[];
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Epoch ms when the customer arrives. */
  readonly at: number;
  readonly expect: Expectation;
  /** Where it is written: the file and the span of the scenario. */
  readonly file: string;
  readonly span: Span;
}

/** Scenarios of one journey, and findings about how they are written. */
export interface LoadedScenarios {
  readonly scenarios: readonly Scenario[];
  readonly diagnostics: readonly { readonly file: string; readonly source: string; readonly diagnostic: Diagnostic }[];
}

/** The result of running one scenario on both engines. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly passed: boolean;
  /** Why it failed: each line names the expectation and what each engine said. */
  readonly failures: readonly string[];
  readonly interpreter: Observation;
  readonly xstate?: Observation;
  /** Every effect of the interpreter run (for coverage). */
  readonly effects: readonly Effect[];
}

/** The sibling test file of a journey file: `x.journey.yaml` -> `x.test.yaml` (or `.yml`). */
export function siblingTestFile(journeyFile: string): string | undefined {
  const base = basename(journeyFile).replace(/\.journey\.ya?ml$/, '');
  for (const ext of ['.test.yaml', '.test.yml']) {
    const candidate = join(dirname(journeyFile), `${base}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Reads a journey's scenarios: its own `tests:` and those of its sibling *.test.yaml file. */
export async function loadScenarios(journey: Journey, journeyFile: string, journeySource: string, limits: LoadLimits = DEFAULT_LIMITS): Promise<LoadedScenarios> {
  const scenarios: Scenario[] = [];
  const diagnostics: LoadedScenarios['diagnostics'][number][] = [];
  const own = journey.raw.tests;
  if (Array.isArray(own)) {
    own.forEach((raw, i) => {
      const built = buildScenario(journey, raw as Record<string, unknown>, own, i, journey.sourceMap, journeyFile);
      if ('scenario' in built) scenarios.push(built.scenario);
      else diagnostics.push({ file: journeyFile, source: journeySource, diagnostic: built.diagnostic });
    });
  }
  const sibling = siblingTestFile(journeyFile);
  if (sibling) {
    const loaded = await loadDocument(sibling, TESTS_DOCUMENT, limits);
    if (!loaded.data || !loaded.sourceMap) {
      for (const d of loaded.diagnostics) diagnostics.push({ file: sibling, source: loaded.source, diagnostic: d });
      return { scenarios, diagnostics };
    }
    const data = loaded.data as Record<string, unknown> | unknown[];
    const decoded = { text: loaded.source };
    const parsed = { sourceMap: loaded.sourceMap };
    const list = (Array.isArray(data) ? data : (data as { tests: unknown[] }).tests) as Record<string, unknown>[];
    const named = Array.isArray(data) ? undefined : (data as { journey?: string }).journey;
    if (named !== undefined && named !== journey.id.value) {
      diagnostics.push({
        file: sibling,
        source: decoded.text,
        diagnostic: problem(`These scenarios are for journey \`${named}\`, but the journey beside them is \`${journey.id.value}\`.`, parsed.sourceMap.valueSpan(data, 'journey')),
      });
      return { scenarios, diagnostics };
    }
    list.forEach((raw, i) => {
      const built = buildScenario(journey, raw, list, i, parsed.sourceMap, sibling);
      if ('scenario' in built) scenarios.push(built.scenario);
      else diagnostics.push({ file: sibling, source: decoded.text, diagnostic: built.diagnostic });
    });
  }
  return { scenarios, diagnostics };
}

function buildScenario(
  journey: Journey,
  raw: Record<string, unknown>,
  list: readonly unknown[],
  index: number,
  map: SourceMap,
  file: string,
): { scenario: Scenario } | { diagnostic: Diagnostic } {
  const at = raw.at === undefined ? { at: DEFAULT_ARRIVAL } : parseAt(raw.at as string);
  if (at.error !== undefined) return { diagnostic: problem(`Scenario \`${String(raw.name)}\`: \`at\`: ${at.error}.`, map.valueSpan(raw, 'at')) };
  const steps: ScriptStep[] = [];
  const events = raw.events as unknown[];
  for (const [i, step] of events.entries()) {
    if (typeof step === 'string') steps.push({ event: { type: step } });
    else if (step && typeof step === 'object' && 'wait' in step) {
      const d = parseDuration(String((step as { wait: unknown }).wait));
      if (d.error !== undefined) return { diagnostic: problem(`Scenario \`${String(raw.name)}\`, event ${i + 1}: ${d.error}.`, map.valueSpan(events, i)) };
      steps.push({ wait: d.ms });
    } else steps.push({ event: step as { type: string } });
  }
  const context = (raw.context ?? undefined) as Record<string, ContextValue> | undefined;
  for (const [field, value] of Object.entries(context ?? {})) {
    const declared = journey.fields.get(field);
    if (!declared) {
      return { diagnostic: problem(`Scenario \`${String(raw.name)}\`: \`context\` names \`${field}\`, which is not a context field of the journey.`, map.keySpan(raw.context, field)) };
    }
    if (value !== null && typeof value !== declared.type.value) {
      return { diagnostic: problem(`Scenario \`${String(raw.name)}\`: \`context.${field}\` is a ${declared.type.value} field, but ${JSON.stringify(value)} is a ${typeof value}.`, map.valueSpan(raw.context, field)) };
    }
  }
  const expect = raw.expect as Expectation;
  for (const field of Object.keys(expect.context ?? {})) {
    if (!journey.fields.has(field) && !behaviourOf(journey).fieldTypes.has(field)) {
      return { diagnostic: problem(`Scenario \`${String(raw.name)}\`: \`expect.context\` names \`${field}\`, which is not a context field of the journey.`, map.keySpan(expect.context, field)) };
    }
  }
  // A sub-journey's states are the caller's too, under the call state's name (`verify$ask`).
  if (expect.state !== undefined && !behaviourOf(journey).states.has(expect.state)) {
    return { diagnostic: problem(`Scenario \`${String(raw.name)}\`: \`expect.state\` names \`${expect.state}\`, which is not a state of the journey.`, map.valueSpan(expect, 'state')) };
  }
  return {
    scenario: {
      name: raw.name as string,
      steps,
      ...(context ? { context } : {}),
      at: at.at,
      expect,
      file,
      span: map.valueSpan(list, index),
    },
  };
}

/**
 * Runs a scenario on the interpreter and on the compiled machine (real XState),
 * step by step; it fails when either engine misses the expectation or when the two
 * disagree after any step.
 */
export function runScenario(journey: Journey, scenario: Scenario, options: { xstate?: boolean; input?: Readonly<Record<string, ContextValue>> } = {}): ScenarioResult {
  // The host's values (`--input`) first; what the scenario says about the context wins.
  const context = options.input ? { ...options.input, ...(scenario.context ?? {}) } : scenario.context;
  const interpreter = new InterpreterDriver(journey, scenario.at, context);
  let xstate: XStateDriver | undefined;
  const failures: string[] = [];
  if (options.xstate !== false) {
    try {
      xstate = new XStateDriver(journey, scenario.at, context);
    } catch (error) {
      failures.push(`the compiled machine could not start: ${(error as Error).message}`);
    }
  }
  let disagreement: string | undefined;
  const check = (i: number): void => {
    if (!xstate || disagreement) return;
    const diff = difference(interpreter.observe(), xstate.observe());
    if (diff) disagreement = `the engines disagree after ${i === 0 ? 'the start' : `input ${i} (${describeStep(scenario.steps[i - 1] as ScriptStep)})`}: interpreter vs xstate: ${diff}`;
  };
  check(0);
  scenario.steps.forEach((step, i) => {
    interpreter.step(step);
    xstate?.step(step);
    check(i + 1);
  });
  const a = interpreter.observe();
  const b = xstate?.observe();
  xstate?.stop();
  if (disagreement) failures.push(disagreement);
  for (const [engine, o] of [['interpreter', a], ['xstate', b]] as const) {
    if (!o) continue;
    // No expectation can ask for an engine error: a journey that stops with one always fails its scenario.
    if (o.status === 'error') failures.push(`the journey stopped with an error (for example a loop of closed-hours redirects) (${engine})`);
    for (const miss of misses(scenario.expect, o)) failures.push(`${miss} (${engine})`);
  }
  return { scenario, passed: failures.length === 0, failures: dedupeEngines(failures), interpreter: a, ...(b ? { xstate: b } : {}), effects: interpreter.effects };
}

function misses(expect: Expectation, o: Observation): string[] {
  const out: string[] = [];
  if (expect.state !== undefined && o.state !== expect.state) out.push(`expected state ${expect.state}, got ${o.state}`);
  if (expect.outcome !== undefined) {
    const outcome = (o.output as { outcome?: string } | null)?.outcome;
    if (outcome !== expect.outcome) out.push(`expected outcome ${expect.outcome}, got ${outcome ?? `none (the journey is still ${o.status === 'active' ? 'running' : o.status})`}`);
  }
  for (const [field, value] of Object.entries(expect.context ?? {})) {
    if (o.context[field] !== value) out.push(`expected context ${field} = ${JSON.stringify(value)}, got ${JSON.stringify(o.context[field] ?? null)}`);
  }
  if (expect.human !== undefined && o.handedOff !== expect.human) out.push(expect.human ? 'expected the customer to reach a person, but no person took over (no hand-off happened, or its transfer failed)' : 'expected no hand-off, but the customer was handed to a person');
  return out;
}

/** "expected X, got Y (interpreter)" and the same from xstate become one line naming both engines. */
function dedupeEngines(failures: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of failures) {
    const m = /^(.*) \((interpreter|xstate)\)$/.exec(f);
    const other = m ? `${m[1]} (${m[2] === 'interpreter' ? 'xstate' : 'interpreter'})` : undefined;
    if (m && other && failures.includes(other)) {
      const both = `${m[1]} (both engines)`;
      if (!out.includes(both)) out.push(both);
    } else out.push(f);
  }
  return out;
}

function describeStep(step: ScriptStep): string {
  return 'event' in step ? step.event.type : `wait ${step.wait} ms`;
}

function problem(message: string, at: Span): Diagnostic {
  return { ruleId: SCHEMA, code: 'value', severity: 'error', message, span: at };
}
