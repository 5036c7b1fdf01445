/**
 * `null` in expressions (format 1.1, docs/format.md "Null"): a literal, `== null` and
 * `!= null` against anything (strict), every other operator a run-time error, fields
 * that hold null and event data sent as null read as null, absent event data still an
 * error, and `set: { x: null }` (or `~`) unsetting a field in both engines.
 */
import { describe, expect, it } from 'vitest';
import { printExpr, type Expr } from '../../src/expr/ast.js';
import { checkTypes, nullOrigin, type FieldTypes } from '../../src/expr/check.js';
import { evaluate, EVAL_ERROR, UNKNOWN, type Outcome } from '../../src/expr/evaluate.js';
import { parseExpression } from '../../src/expr/parse.js';
import { journeyFrom, runBoth } from '../support/engines.js';
import { lintYaml } from '../support/lint.js';

const parse = (source: string): Expr => {
  const parsed = parseExpression(source);
  if (!parsed.expr) throw new Error(`${source}: ${parsed.error.message}`);
  return parsed.expr;
};

const run = (source: string, context: Record<string, unknown> = {}, event?: Record<string, unknown>): Outcome =>
  evaluate(parse(source), event ? { context, event } : { context });

/** `x` may be null, `n` (a number) and `plan` (a string) never are. */
const FIELDS: FieldTypes = (name) =>
  name === 'x' ? { type: 'number', nullable: true } : name === 'n' ? { type: 'number', nullable: false } : name === 'plan' ? { type: 'string', nullable: false } : undefined;
const problemsOf = (source: string): string[] => checkTypes(parse(source), FIELDS).problems.map((p) => p.message);

describe('parsing null', () => {
  it('is a literal, printed as `null`', () => {
    expect(parse('null')).toEqual({ kind: 'literal', value: null });
    expect(parse('x == null')).toEqual({ kind: 'binary', op: '==', left: { kind: 'field', name: 'x' }, right: { kind: 'literal', value: null } });
    expect(printExpr(parse('null != x  &&  ! (y == null)'))).toBe('null != x && !(y == null)');
  });

  it('`undefined` is still refused, and `??` points at `== null`', () => {
    expect(parseExpression('undefined').error?.message).toBe('`undefined` is not part of the language');
    expect(parseExpression('a ?? b').error?.message.startsWith('the operator `??` is not supported (compare the field with `null` instead: `x == null`)')).toBe(true);
  });
});

describe('evaluating null', () => {
  it('a field that holds null is null (a field not set yet, or unset)', () => {
    expect(run('x', { x: null })).toBe(null);
    expect(run('x == null', { x: null })).toBe(true);
    expect(run('x != null', { x: null })).toBe(false);
    expect(run('null == x', { x: 3 })).toBe(false);
    expect(run('x != null', { x: 3 })).toBe(true);
  });

  it('`==` is strict: null equals only null', () => {
    expect(run('null == null')).toBe(true);
    for (const source of ['null == 0', "null == ''", 'null == false', "'null' == null"]) expect(run(source), source).toBe(false);
    for (const value of [0, '', false]) expect(run('x == null', { x: value }), String(value)).toBe(false);
  });

  it('event data sent as null is the value null; absent event data is still an error', () => {
    expect(run('event.x', {}, { x: null })).toBe(null);
    expect(run('event.x == null', {}, { x: null })).toBe(true);
    expect(run('event.x == null', {}, { y: 1 })).toBe(EVAL_ERROR);
    expect(run('event.x == null')).toBe(EVAL_ERROR);
  });

  it('every other operator with a null operand has no value', () => {
    for (const source of ['null + 1', '1 + null', "'a' + null", 'x + 1', 'null - 1', 'x * 2', '2 / x', 'x < 2', 'null >= null', '-null', '-x', '!null', '!x', 'null && true', 'true && x', 'x || false', 'false || null']) {
      expect(run(source, { x: null }), source).toBe(EVAL_ERROR);
    }
  });

  it('`&&` and `||` do not evaluate a right side they do not need, null or not', () => {
    expect(run('false && x', { x: null })).toBe(false);
    expect(run('true || x', { x: null })).toBe(true);
  });

  it('an unknown value stays unknown, compared with null or not', () => {
    expect(run('event.u == null', {}, { u: UNKNOWN })).toBe(UNKNOWN);
    expect(run('x == null', { x: UNKNOWN })).toBe(UNKNOWN);
    expect(run('null + event.u', {}, { u: UNKNOWN })).toBe(UNKNOWN);
  });

  it('only own properties are read: a missing field is an error, not null', () => {
    expect(run('ghost == null')).toBe(EVAL_ERROR);
    expect(run('constructor == null')).toBe(EVAL_ERROR);
    expect(run('event.__proto__ == null', {}, { type: 'x' })).toBe(EVAL_ERROR);
  });
});

describe('the type of null', () => {
  it('`null` has type null; comparisons with it are booleans', () => {
    expect(checkTypes(parse('null'), FIELDS)).toEqual({ type: 'null', nullable: true, problems: [] });
    expect(checkTypes(parse('x == null'), FIELDS)).toEqual({ type: 'boolean', nullable: false, problems: [] });
  });

  it('`==` and `!=` accept null against any type that may be null', () => {
    for (const source of ['x == null', 'null != x', 'event.v == null', 'ghost != null', 'null == null']) expect(problemsOf(source), source).toEqual([]);
  });

  it('a test against null that can never change is reported, with what it always gives', () => {
    const [problem] = checkTypes(parse('n > 1 && n == null'), FIELDS).problems;
    expect(problem).toEqual({
      message: '`n` is never null, so `n == null` is always false',
      nullTest: { test: parse('n == null'), operand: { kind: 'field', name: 'n' }, result: false },
    });
    expect(problemsOf('null != plan')).toEqual(['`plan` is never null, so `null != plan` is always true']);
    expect(problemsOf("'a' == null")).toEqual(["`'a'` is never null, so `'a' == null` is always false"]);
    expect(problemsOf('len(plan) != null')).toEqual(['`len(plan)` is never null, so `len(plan) != null` is always true']);
    expect(problemsOf('x + 1 == null')).toEqual(['`x + 1` is never null, so `x + 1 == null` is always false']);
  });

  it('other operators on null are type errors', () => {
    expect(problemsOf('null + 1 == 2')).toEqual(['`+` adds two numbers or joins two strings, not null']);
    expect(problemsOf('null < 2')).toEqual(['`<` compares numbers, not null']);
    expect(problemsOf('!null')).toEqual(['`!` takes a boolean, not null']);
    expect(problemsOf('-null > 0')).toEqual(['`-` takes a number, not null']);
    expect(problemsOf('null && true')).toEqual(['`&&` takes booleans, not null']);
    expect(problemsOf('n * null > 0')).toEqual(['`*` takes numbers, not null']);
    expect(problemsOf('len(null) > 0')).toEqual(['`len` takes a string, not null']);
  });

  it('arithmetic on a field that may be null is not a type error: null there fails at run time', () => {
    expect(problemsOf('x + 1 > 2 && -x < 0 && round(x) == 1')).toEqual([]);
  });

  it('null can come from null itself, event data, or a bare field', () => {
    expect(nullOrigin(parse('null'))).toBe(true);
    expect(nullOrigin(parse('event.x'))).toBe(true);
    expect(nullOrigin(parse('x'))).toBe('x');
    for (const source of ['1', "'a'", 'x + 1', 'len(plan)', 'x == null', '!x']) expect(nullOrigin(parse(source)), source).toBe(false);
  });
});

const UNSET = `journey: unset
title: Unset
context:
  plan: { type: string, default: basic }
  count: { type: number, default: 2 }
  note: { type: string }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    on:
      forget: { to: ask, set: { plan: null, count: ~ } }
      copy: { to: ask, set: { note: event.note } }
      check:
        - if: plan == null
          to: agent
        - to: ask
  agent:
    type: human
    queue: help
    hours: always
`;

describe('set: { x: null } unsets a field', () => {
  it('a YAML null in `set` is the literal null, written `null` for the compiled runtime', async () => {
    const journey = await journeyFrom(UNSET);
    const ask = journey.states.get('ask');
    const forget = ask?.type === 'bot' ? ask.on.find((t) => t.trigger.kind === 'event' && t.trigger.event === 'forget') : undefined;
    const values = forget?.branches[0]?.set.map((a) => [a.field.value, a.value.source, a.value.literal, a.value.parsed.expr]);
    expect(values).toEqual([
      ['plan', 'null', true, { kind: 'literal', value: null }],
      ['count', 'null', true, { kind: 'literal', value: null }],
    ]);
  });

  it('the schema takes it and lint has nothing to say', async () => {
    const findings = await lintYaml(UNSET);
    expect(findings.filter((d) => d.ruleId === 'schema' || d.ruleId === 'invalid-expression')).toEqual([]);
  });

  it('both engines unset the field, and `== null` then holds; event data sent as null is copied as null', async () => {
    const journey = await journeyFrom(UNSET);
    const { trace } = runBoth(journey, [
      { event: { type: 'check' } },
      { event: { type: 'copy', note: 'hi' } },
      { event: { type: 'copy', note: null } },
      { event: { type: 'forget' } },
      { event: { type: 'check' } },
    ]);
    for (const t of trace) {
      expect(t.xstate.context, JSON.stringify(t.step)).toEqual(t.interpreter.context);
      expect(t.xstate.state).toBe(t.interpreter.state);
    }
    expect(trace.map((t) => t.interpreter.state)).toEqual(['ask', 'ask', 'ask', 'ask', 'ask', 'agent']);
    expect(trace[2]?.interpreter.context).toEqual({ plan: 'basic', count: 2, note: 'hi' });
    expect(trace[3]?.interpreter.context).toEqual({ plan: 'basic', count: 2, note: null });
    expect(trace[4]?.interpreter.context).toEqual({ plan: null, count: null, note: null });
  });

  it('`default: null` is still refused: a field without a default already starts as null', async () => {
    const findings = await lintYaml(UNSET.replace('note: { type: string }', 'note: { type: string, default: null }'));
    expect(findings.filter((d) => d.ruleId === 'schema').map((d) => d.line)).toEqual([6]);
  });
});
