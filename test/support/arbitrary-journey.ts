// fast-check arbitraries for random valid journeys and event sequences (differential
// testing of the interpreter against the compiled XState machine). The generator lives
// in bench/journey-arbitrary.js, plain JavaScript, so that the stress script
// (bench/stress-differential.js, on the built dist/) uses exactly the same one.
import type { Journey } from '../../src/model/types.js';
import type { ScriptStep } from '../../src/sim/drivers.js';
import type { ContextValue } from '../../src/interpret/interpreter.js';

export {
  compare,
  concretize,
  CUSTOMER_EVENTS,
  DATA_FIELDS,
  DELAYS,
  EPOCHS,
  failingRuns,
  FIXTURE_DIR,
  fixtureText,
  hashOf,
  HOURS,
  journeyCaseArb,
  journeySpecArb,
  keepCounterexample,
  LINT_RULES,
  modelOf,
  OFFRAMP_EVENTS,
  parseFixture,
  readFixtures,
  renderJourney,
  resolveSequence,
  SEQUENCES_PER_JOURNEY,
  sequenceSpecArb,
  shrinkFailure,
  singleCaseArb,
  SIGNALS,
  UNKNOWN_EVENT,
  UNSAFE_RULES,
  writeFixture,
} from '../../bench/journey-arbitrary.js';

/** A rendered journey: its YAML and what sequences need to know about it. */
export interface RenderedJourney {
  readonly yaml: string;
  /** Every event the journey reacts to, the signals, and one it never handles. */
  readonly events: readonly string[];
  /** Delays (ms) of its `after` keys. */
  readonly delays: readonly number[];
  readonly fields: readonly { readonly name: string; readonly type: 'number' | 'boolean' | 'string' }[];
  /** Events each state handles (its own `on`; for bot states also the offramp's and the signals). */
  readonly handles: Readonly<Record<string, readonly string[]>>;
}

/** A concrete run: start time, input over the defaults, and the steps. */
export interface ConcreteRun {
  readonly epoch: number;
  readonly input?: Readonly<Record<string, ContextValue>>;
  readonly steps: readonly ScriptStep[];
}

/** A fixture read back from test/fixtures/differential. */
export interface Fixture {
  readonly file: string;
  readonly status: 'open' | 'fixed';
  readonly found: string;
  readonly note?: string;
  readonly yaml: string;
  readonly runs: readonly ConcreteRun[];
}

export type { Journey };
