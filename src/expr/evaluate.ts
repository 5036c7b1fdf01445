import type { Expr, Literal } from './ast.js';

/** A value an expression can produce. */
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
 * event; values that are not strings, finite numbers or booleans are errors.
 * Runs in time linear in the expression's size (no loops, no calls).
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
  }
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
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : EVAL_ERROR;
  return EVAL_ERROR;
}

function finite(n: number): Outcome {
  return Number.isFinite(n) ? n : EVAL_ERROR;
}
