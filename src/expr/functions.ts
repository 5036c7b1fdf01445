// The built-in functions of the expression language (format 1.1; normative: docs/format.md).
// One table serves the parser (names and arity), the type checker (argument and result
// types) and the evaluator (what each computes), so the three cannot drift apart, and the
// interpreter and the runtime compute the same values because both call `evaluate`.
import type { FunctionName, Literal } from './ast.js';

/** The value types a function argument or result can have. */
export type FunctionValueType = 'string' | 'number' | 'boolean';

/** How a built-in function is called, typed and computed. */
export interface BuiltinFunction {
  /** How docs and messages write a call, e.g. `contains(s, part)`. */
  readonly usage: string;
  /** Fewest arguments accepted. */
  readonly minArgs: number;
  /** Most arguments accepted. */
  readonly maxArgs: number;
  /** Type of every argument (all arguments of a function have the same type). */
  readonly arg: 'string' | 'number';
  /** What the function takes, in words for messages: `a string`, `two strings`, `numbers`. */
  readonly takes: string;
  /** Type of the result. */
  readonly result: FunctionValueType;
  /**
   * Computes the result from argument values that are neither UNKNOWN nor errors;
   * undefined when an argument has the wrong type (the call has no value). Never throws.
   */
  readonly apply: (args: readonly Literal[]) => Literal | undefined;
}

/** Most arguments `min` and `max` take: enough for any real rule, and a fixed bound on a call's work. */
export const MAX_FUNCTION_ARGS = 16;

const isString = (v: Literal | undefined): v is string => typeof v === 'string';
const isNumber = (v: Literal | undefined): v is number => typeof v === 'number';

/** The built-in functions by name, in the order the docs list them. */
export const FUNCTIONS: Readonly<Record<FunctionName, BuiltinFunction>> = {
  len: { usage: 'len(s)', minArgs: 1, maxArgs: 1, arg: 'string', takes: 'a string', result: 'number', apply: ([s]) => (isString(s) ? codePoints(s) : undefined) },
  lower: { usage: 'lower(s)', minArgs: 1, maxArgs: 1, arg: 'string', takes: 'a string', result: 'string', apply: ([s]) => (isString(s) ? s.toLowerCase() : undefined) },
  upper: { usage: 'upper(s)', minArgs: 1, maxArgs: 1, arg: 'string', takes: 'a string', result: 'string', apply: ([s]) => (isString(s) ? s.toUpperCase() : undefined) },
  contains: {
    usage: 'contains(s, part)',
    minArgs: 2,
    maxArgs: 2,
    arg: 'string',
    takes: 'two strings',
    result: 'boolean',
    apply: ([s, part]) => (isString(s) && isString(part) ? s.includes(part) : undefined),
  },
  min: { usage: 'min(a, b, ...)', minArgs: 2, maxArgs: MAX_FUNCTION_ARGS, arg: 'number', takes: 'numbers', result: 'number', apply: (args) => extreme(args, -1) },
  max: { usage: 'max(a, b, ...)', minArgs: 2, maxArgs: MAX_FUNCTION_ARGS, arg: 'number', takes: 'numbers', result: 'number', apply: (args) => extreme(args, 1) },
  round: { usage: 'round(n)', minArgs: 1, maxArgs: 1, arg: 'number', takes: 'a number', result: 'number', apply: ([n]) => (isNumber(n) ? roundHalfAwayFromZero(n) : undefined) },
};

/** The function of that name, or undefined: only own entries count, so `constructor` or `__proto__` is no function. */
export function functionNamed(name: string): BuiltinFunction | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name as FunctionName] : undefined;
}

/** Number of Unicode code points: an emoji outside the BMP is one, as a person counts it (a lone surrogate is one too). */
function codePoints(s: string): number {
  let n = 0;
  // The string iterator walks code points; counting them allocates nothing.
  for (const _ of s) n++;
  return n;
}

/** The smallest (sign -1) or largest (sign 1) of numbers; undefined unless every argument is a number. */
function extreme(args: readonly Literal[], sign: 1 | -1): number | undefined {
  let best: number | undefined;
  // A loop, not Math.min(...args): a spread of a huge hand-built argument list could throw.
  for (const v of args) {
    if (!isNumber(v)) return undefined;
    if (best === undefined || (sign < 0 ? v < best : v > best)) best = v;
  }
  return best;
}

/** Nearest whole number, halves away from zero (2.5 -> 3, -2.5 -> -3), as people round money; never -0. */
function roundHalfAwayFromZero(n: number): number {
  const r = Math.sign(n) * Math.round(Math.abs(n));
  return r === 0 ? 0 : r;
}
