import type { Expr, FunctionName, Literal } from './ast.js';
import { functionNamed } from './functions.js';

/** A value an expression can produce (`null` included, format 1.1). */
export type Value = Literal;

/** Longest string an expression may build; longer results are run-time errors (a `set` that doubles a field cannot exhaust memory). */
export const MAX_STRING_LENGTH = 10_000;

/** Marks a value that is not known before run time (event data, in the explorer). */
export const UNKNOWN: unique symbol = Symbol('journey.unknown');
/** Marks an evaluation that failed at run time (type mismatch on event data, division by zero...). */
export const EVAL_ERROR: unique symbol = Symbol('journey.evalError');

/** What evaluation returns: a value, UNKNOWN, or EVAL_ERROR; it never throws. */
export type Outcome = Value | typeof UNKNOWN | typeof EVAL_ERROR;

/** Read-only view of the values an expression may read. */
export interface Scope {
  /** Context values by field name (only declared fields are ever present). */
  readonly context: Readonly<Record<string, unknown>>;
  /** The event being handled, with its data fields; absent for `always` and timeouts. */
  readonly event?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Evaluates an expression. Reads only own properties of the context and the
 * event; values that are not strings, finite numbers, booleans or null are errors.
 * Runs in time linear in the expression's size and the length of the strings it
 * reads (no loops; the built-in functions each make one pass over their arguments).
 */
export function evaluate(expr: Expr, scope: Scope): Outcome {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'field':
      return Object.hasOwn(scope.context, expr.name) ? asValue(scope.context[expr.name]) : EVAL_ERROR;
    case 'event': {
      const event = scope.event;
      if (!event || !Object.hasOwn(event, expr.name)) return EVAL_ERROR;
      return asValue(event[expr.name]);
    }
    case 'unary': {
      const v = evaluate(expr.arg, scope);
      if (v === UNKNOWN || v === EVAL_ERROR) return v;
      if (expr.op === '!') return typeof v === 'boolean' ? !v : EVAL_ERROR;
      return typeof v === 'number' ? finite(-v) : EVAL_ERROR;
    }
    case 'binary': {
      if (expr.op === '&&' || expr.op === '||') return logical(expr.op, expr.left, expr.right, scope);
      const l = evaluate(expr.left, scope);
      if (l === EVAL_ERROR) return l;
      const r = evaluate(expr.right, scope);
      if (r === EVAL_ERROR) return r;
      if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
      switch (expr.op) {
        case '==':
          return l === r;
        case '!=':
          return l !== r;
        case '+':
          if (typeof l === 'number' && typeof r === 'number') return finite(l + r);
          if (typeof l === 'string' && typeof r === 'string') return l.length + r.length > MAX_STRING_LENGTH ? EVAL_ERROR : l + r;
          return EVAL_ERROR;
        default:
          if (typeof l !== 'number' || typeof r !== 'number') return EVAL_ERROR;
          switch (expr.op) {
            case '<':
              return l < r;
            case '<=':
              return l <= r;
            case '>':
              return l > r;
            case '>=':
              return l >= r;
            case '-':
              return finite(l - r);
            case '*':
              return finite(l * r);
            case '/':
              return r === 0 ? EVAL_ERROR : finite(l / r);
          }
      }
    }
    case 'call':
      return call(expr.fn, expr.args, scope);
  }
}

/**
 * A built-in function call: an argument that fails fails the call; otherwise an
 * unknown argument makes it unknown (as for operators); otherwise the function
 * decides, and a result beyond the limits (a string too long) is an error.
 */
function call(fn: FunctionName, args: readonly Expr[], scope: Scope): Outcome {
  const f = functionNamed(fn);
  // Hand-built trees are not checked by the parser: an unknown name or arity has no value.
  if (f === undefined || args.length < f.minArgs || args.length > f.maxArgs) return EVAL_ERROR;
  const values: Value[] = [];
  let unknown = false;
  for (const arg of args) {
    const v = evaluate(arg, scope);
    if (v === EVAL_ERROR) return v;
    if (v === UNKNOWN) unknown = true;
    else values.push(v);
  }
  if (unknown) return UNKNOWN;
  const result = f.apply(values);
  if (result === undefined) return EVAL_ERROR;
  if (typeof result === 'number') return finite(result);
  return typeof result === 'string' && result.length > MAX_STRING_LENGTH ? EVAL_ERROR : result;
}

function logical(op: '&&' | '||', left: Expr, right: Expr, scope: Scope): Outcome {
  const l = evaluate(left, scope);
  if (l === EVAL_ERROR) return l;
  if (l !== UNKNOWN && typeof l !== 'boolean') return EVAL_ERROR;
  // Short-circuit as JavaScript does, also when the other side is unknown.
  if (l === (op === '||')) return l;
  const r = evaluate(right, scope);
  if (r === EVAL_ERROR) return r;
  if (r !== UNKNOWN && typeof r !== 'boolean') return EVAL_ERROR;
  if (l === UNKNOWN) return r === (op === '||') ? r : UNKNOWN;
  return r;
}

function asValue(v: unknown): Outcome {
  if (v === UNKNOWN) return UNKNOWN;
  // A field not set yet, or unset with `set: { x: null }`, and event data sent as null: the value null.
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : EVAL_ERROR;
  return EVAL_ERROR;
}

function finite(n: number): Outcome {
  return Number.isFinite(n) ? n : EVAL_ERROR;
}
