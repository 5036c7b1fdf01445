// fast-check arbitraries for hostile and random inputs. They live in bench/fuzz-inputs.js, plain
// JavaScript, so that `npm run stress` (on the built dist/) uses exactly the same ones.
import type fc from 'fast-check';
import * as inputs from '../../bench/fuzz-inputs.js';

/** Line-level mutations of a valid journey. */
export const mutatedJourney: (source: string) => fc.Arbitrary<string> = inputs.mutatedJourney;
/** Random YAML-ish documents. */
export const randomYamlText: fc.Arbitrary<string> = inputs.randomYamlText;

/** Calls designed to reach something through the built-in functions (format 1.1), or to make them slow or deep. */
export const HOSTILE_CALLS: readonly string[] = inputs.HOSTILE_CALLS;

/** Expressions designed to break out of the evaluator. */
export const HOSTILE_EXPRESSIONS: readonly string[] = inputs.HOSTILE_EXPRESSIONS;
