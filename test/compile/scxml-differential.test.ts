// Differential property test for the SCXML target: random valid journeys and random event
// sequences (test/support/arbitrary-journey.ts, the generator the XState differential uses)
// run on the reference interpreter and on the compiled SCXML document on SCION, a second,
// independent statechart engine; both must agree on state, status, context, output,
// no_match / no_input counts, hand-off and what the bot said after every step.
//
// Fixed seed for CI. Environment overrides: SCXML_DIFFERENTIAL_SEED, SCXML_DIFFERENTIAL_JOURNEYS,
// SCXML_DIFFERENTIAL_SEQUENCES. A failure is shrunk by fast-check and kept in
// test/fixtures/scxml-differential/<hash>.json, which the replay test runs from then on.
// Larger runs: `npm run stress:scxml` (bench/stress-scxml.js).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import * as interpreterDrivers from '../../src/sim/drivers.js';
import { difference, InterpreterDriver, type ScriptStep } from '../../src/sim/drivers.js';
import type { ContextValue } from '../../src/interpret/interpreter.js';
import { concretize, journeyCaseArb, modelOf, renderJourney, type ConcreteRun, type RenderedJourney } from '../support/arbitrary-journey.js';
import { journeyFrom } from '../support/engines.js';
import { ROOT } from '../support/lint.js';
import { ScionDriver, scionModelOf, type ScionModel } from '../support/scion-driver.js';

const SEED = Number(process.env.SCXML_DIFFERENTIAL_SEED ?? 20261202);
const JOURNEYS = Number(process.env.SCXML_DIFFERENTIAL_JOURNEYS ?? 200);
const SEQUENCES = Number(process.env.SCXML_DIFFERENTIAL_SEQUENCES ?? 10);
const FIXTURES = join(ROOT, 'test', 'fixtures', 'scxml-differential');

interface Run {
  readonly epoch: number;
  readonly input?: Readonly<Record<string, ContextValue>>;
  readonly steps: readonly ScriptStep[];
}

/** The first disagreement of a run, in words, or undefined when SCION and the interpreter agree at every step. */
function mismatchOf(journey: Journey, model: ScionModel, run: Run): string | undefined {
  const reference = new InterpreterDriver(journey, run.epoch, run.input);
  const scion = new ScionDriver(journey, model, run.epoch, run.input);
  const check = (index: number): string | undefined => {
    const d = difference(reference.observe(), scion.observe());
    if (d) return `step ${index}: ${d}`;
    const a = JSON.stringify(reference.said());
    const b = JSON.stringify(scion.said());
    return a === b ? undefined : `step ${index}: said ${a} vs ${b}`;
  };
  let found = check(0);
  for (let i = 0; i < run.steps.length && !found; i++) {
    reference.step(run.steps[i] as ScriptStep);
    scion.step(run.steps[i] as ScriptStep);
    found = check(i + 1);
  }
  scion.stop();
  return found;
}

describe('differential: interpreter vs the SCXML document on SCION', () => {
  it(`agrees at every step on ${JOURNEYS} random journeys x ${SEQUENCES} random sequences (seed ${SEED})`, { timeout: 900_000 }, async () => {
    const totals = { journeys: 0, sequences: 0, steps: 0 };
    const started = performance.now();
    let failing: { yaml: string; run: Run; mismatch: string } | undefined;
    const property = fc.asyncProperty(journeyCaseArb, async ([spec, raws]) => {
      const journey = renderJourney(spec) as RenderedJourney;
      const model = await modelOf(lintSources, journey.yaml);
      const scion = await scionModelOf(model);
      totals.journeys++;
      for (const raw of raws.slice(0, SEQUENCES)) {
        const run = concretize(interpreterDrivers, model, journey, raw) as ConcreteRun;
        totals.sequences++;
        totals.steps += run.steps.length;
        const mismatch = mismatchOf(model, scion, run);
        if (mismatch) {
          failing = { yaml: journey.yaml, run, mismatch };
          throw new Error(mismatch);
        }
      }
    });
    const result = await fc.check(property, { seed: SEED, numRuns: JOURNEYS });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`scxml differential: ${totals.journeys} journeys, ${totals.sequences} sequences, ${totals.steps} steps in ${seconds} s (seed ${SEED})`);
    if (!result.failed) {
      expect(result.numRuns).toBe(JOURNEYS);
      expect(totals.steps).toBeGreaterThan(JOURNEYS * SEQUENCES);
      return;
    }
    // fast-check ran the shrunk counterexample last, so `failing` holds the smallest case.
    const kept = failing as { yaml: string; run: Run; mismatch: string };
    const text = `${JSON.stringify({ found: `seed ${result.seed}, path ${result.counterexamplePath}`, mismatch: kept.mismatch, yaml: kept.yaml, runs: [kept.run] }, null, 2)}\n`;
    mkdirSync(FIXTURES, { recursive: true });
    const file = join(FIXTURES, `${createHash('sha256').update(text).digest('hex').slice(0, 12)}.json`);
    writeFileSync(file, text);
    expect.fail(`interpreter and SCION disagree (seed ${result.seed}): ${kept.mismatch}\nkept as ${file}\n${kept.yaml}\nrun: ${JSON.stringify(kept.run)}`);
  });
});

describe('SCXML differential fixtures (test/fixtures/scxml-differential)', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  it('the fixture folder is read', () => {
    expect(readdirSync(FIXTURES)).toContain('README.md');
  });
  for (const file of files) {
    it(`${file} replays with no mismatch`, async () => {
      const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { yaml: string; runs: Run[] };
      const journey = await journeyFrom(fixture.yaml, `${file}.journey.yaml`);
      const model = await scionModelOf(journey);
      expect(fixture.runs.map((run) => mismatchOf(journey, model, run)).filter(Boolean)).toEqual([]);
    });
  }
});
