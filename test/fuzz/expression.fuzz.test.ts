import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printExpr, type Expr, type FunctionName } from '../../src/expr/ast.js';
import { checkTypes } from '../../src/expr/check.js';
import { evaluate, EVAL_ERROR, MAX_STRING_LENGTH, UNKNOWN, type Outcome } from '../../src/expr/evaluate.js';
import { FUNCTIONS } from '../../src/expr/functions.js';
import { parseExpression } from '../../src/expr/parse.js';
import { HOSTILE_EXPRESSIONS } from './inputs.js';

const SEED = 20261130;
const FIELDS = ['attempts', 'plan', 'vip', 'score'];

/**
 * A context that records every property whose value the evaluator reads. (Asking
 * whether an own property exists is how it refuses undeclared names: not a read.)
 */
function recordingContext(values: Record<string, unknown>): { context: Record<string, unknown>; touched: Set<string> } {
  const touched = new Set<string>();
  const context = new Proxy(values, {
    get(target, key) {
      touched.add(String(key));
      return Reflect.get(target, key);
    },
  });
  return { context, touched };
}

/** A value is what an expression may produce: a string, a finite number, a boolean or null, or UNKNOWN / EVAL_ERROR. */
function isOutcome(value: Outcome): boolean {
  if (value === EVAL_ERROR || value === UNKNOWN || value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string';
}

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .oneof(fc.integer({ min: -100, max: 100 }), fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constantFrom('premium', 'basic', "it's", '', '😀', 'İß'))
      .map((value) => ({ kind: 'literal', value }) as Expr),
    fc.constantFrom(...FIELDS, 'ghost').map((name) => ({ kind: 'field', name }) as Expr),
    fc.constantFrom('amount', 'plan', 'nothing', '__proto__', 'constructor').map((name) => ({ kind: 'event', name }) as Expr),
    fc.tuple(fc.constantFrom('!', '-'), tie('e')).map(([op, arg]) => ({ kind: 'unary', op, arg }) as Expr),
    fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '-', '*', '/'), tie('e'), tie('e')).map(([op, left, right]) => ({ kind: 'binary', op, left, right }) as Expr),
    // Calls with an arity the parser accepts (min and max up to 4 arguments, enough to exercise the loop).
    fc
      .constantFrom(...NAMES)
      .chain((fn) => fc.array(tie('e'), { minLength: FUNCTIONS[fn].minArgs, maxLength: Math.min(FUNCTIONS[fn].maxArgs, 4) }).map((args) => ({ kind: 'call', fn, args }) as Expr)),
  ),
})).e;

describe('the expression evaluator', () => {
  it('refuses every hostile expression, or evaluates it without reading anything but declared fields', () => {
    for (const source of HOSTILE_EXPRESSIONS) {
      const parsed = parseExpression(source);
      if (!parsed.expr) {
        expect(parsed.error.message.length, source.slice(0, 40)).toBeGreaterThan(0);
        continue;
      }
      const { context, touched } = recordingContext({ attempts: 1 });
      const value = evaluate(parsed.expr, { context, event: { type: 'x' } });
      expect(value === EVAL_ERROR || value === null || ['string', 'number', 'boolean'].includes(typeof value), source.slice(0, 40)).toBe(true);
      for (const key of touched) expect(['attempts'], `${source.slice(0, 40)} read ${key}`).toContain(key);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('random strings: parsing never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        const parsed = parseExpression(source);
        expect(parsed.expr !== undefined || parsed.error.message.length > 0).toBe(true);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it('random expressions: printed, parsed again and evaluated, they never throw and read only declared fields', () => {
    fc.assert(
      fc.property(
        expr,
        fc.record({
          attempts: fc.oneof(fc.integer(), fc.constant(null)),
          plan: fc.oneof(fc.string({ unit: 'grapheme' }), fc.constant(null), fc.constant('ß'.repeat(MAX_STRING_LENGTH / 2 + 1))),
          vip: fc.oneof(fc.boolean(), fc.constant(null)),
          score: fc.double({ noNaN: false }),
        }),
        fc.record({ amount: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant({ nested: true })), plan: fc.constant(UNKNOWN) }),
        fc.boolean(),
        (tree, values, data, nullable) => {
          const source = printExpr(tree);
          const parsed = parseExpression(source);
          if (!parsed.expr) return; // e.g. too deep: refused, which is fine
          expect(printExpr(parsed.expr)).toBe(source);
          checkTypes(parsed.expr, (name) => (FIELDS.includes(name) ? { type: 'number', nullable } : undefined));
          const { context, touched } = recordingContext(values);
          const value = evaluate(parsed.expr, { context, event: { type: 'e', ...data } });
          expect(isOutcome(value), String(value)).toBe(true);
          // Every string read here is short enough that only one built beyond the limit could be longer.
          if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(MAX_STRING_LENGTH);
          for (const key of touched) expect(FIELDS).toContain(key);
        },
      ),
      { seed: SEED, numRuns: 3_000 },
    );
  });
});
