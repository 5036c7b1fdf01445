/**
 * The built-in functions of format 1.1 (docs/format.md, "Functions"): `len`, `lower`,
 * `upper`, `contains`, `min`, `max`, `round`. Parsed only by name with their arity,
 * typed by the checker, total in the evaluator, the same in the interpreter and the
 * compiled runtime.
 */
import { describe, expect, it } from 'vitest';
import { fieldsRead, eventFieldsRead, printExpr, readsEvent, usesFormat11, type Expr } from '../../src/expr/ast.js';
import { checkTypes, type FieldTypes } from '../../src/expr/check.js';
import { evaluate, EVAL_ERROR, MAX_STRING_LENGTH, UNKNOWN, type Outcome, type Scope } from '../../src/expr/evaluate.js';
import { FUNCTIONS, MAX_FUNCTION_ARGS } from '../../src/expr/functions.js';
import { MAX_EXPRESSION_DEPTH, parseExpression, SUPPORTED_SYNTAX } from '../../src/expr/parse.js';
import { journeyFrom, runBoth } from '../support/engines.js';

const parse = (source: string): Expr => {
  const parsed = parseExpression(source);
  if (!parsed.expr) throw new Error(`${source}: ${parsed.error.message}`);
  return parsed.expr;
};

const refusal = (source: string): string => {
  const parsed = parseExpression(source);
  if (!parsed.error) throw new Error(`${source} parsed`);
  return parsed.error.message;
};

const run = (source: string, context: Record<string, unknown> = {}, event?: Record<string, unknown>): Outcome => {
  const scope: Scope = event ? { context, event } : { context };
  return evaluate(parse(source), scope);
};

const FIELD_TYPES: FieldTypes = (name) =>
  name === 'plan' ? { type: 'string', nullable: false } : name === 'n' ? { type: 'number', nullable: false } : name === 'vip' ? { type: 'boolean', nullable: false } : undefined;
const typeOf = (source: string) => checkTypes(parse(source), FIELD_TYPES);
const problemsOf = (source: string): string[] => typeOf(source).problems.map((p) => p.message);

const LIST = '`len(s)` `lower(s)` `upper(s)` `contains(s, part)` `min(a, b, ...)` `max(a, b, ...)` `round(n)`';

describe('parsing calls', () => {
  it('each function is a call node with its arguments', () => {
    expect(parse('len(plan)')).toEqual({ kind: 'call', fn: 'len', args: [{ kind: 'field', name: 'plan' }] });
    expect(parse("contains(event.text, 'card')")).toEqual({
      kind: 'call',
      fn: 'contains',
      args: [
        { kind: 'event', name: 'text' },
        { kind: 'literal', value: 'card' },
      ],
    });
    expect(parse('max(a, b, 3)')).toEqual({
      kind: 'call',
      fn: 'max',
      args: [
        { kind: 'field', name: 'a' },
        { kind: 'field', name: 'b' },
        { kind: 'literal', value: 3 },
      ],
    });
    for (const source of ['lower(plan)', 'upper(plan)', 'min(1, 2)', 'round(2.5)']) expect(parse(source).kind).toBe('call');
  });

  it('prints back in canonical form, and printing then parsing gives the same tree', () => {
    for (const [source, printed] of [
      ['len( plan )', 'len(plan)'],
      ['max(a,b ,c)', 'max(a, b, c)'],
      ['-round(x)', '-round(x)'],
      ['!contains(s, "a")', "!contains(s, 'a')"],
      ['(len(s) + 1) * 2', '(len(s) + 1) * 2'],
      ['min(a + 1, b * 2)', 'min(a + 1, b * 2)'],
    ] as const) {
      expect(printExpr(parse(source))).toBe(printed);
      expect(parse(printExpr(parse(source)))).toEqual(parse(source));
    }
  });

  it('a field named like a function is still a field when it is not called', () => {
    expect(parse('len == 2')).toEqual({ kind: 'binary', op: '==', left: { kind: 'field', name: 'len' }, right: { kind: 'literal', value: 2 } });
    expect(parse('len(len)')).toEqual({ kind: 'call', fn: 'len', args: [{ kind: 'field', name: 'len' }] });
  });

  it('the walks see inside calls, in first-use order', () => {
    const e = parse('contains(plan, event.word) && max(n, event.limit, m) > len(plan)');
    expect(fieldsRead(e)).toEqual(['plan', 'n', 'm']);
    expect(eventFieldsRead(e)).toEqual(['word', 'limit']);
    expect(readsEvent(e)).toBe(true);
    expect(readsEvent(parse('len(plan)'))).toBe(false);
  });

  it('usesFormat11 tells a call or null anywhere from format 1.0 expressions', () => {
    expect(usesFormat11(parse('a > 1 && len(b) > 2'))).toBe(true);
    expect(usesFormat11(parse('!(x == null)'))).toBe(true);
    expect(usesFormat11(parse("a > 1 && b == 'len(x)'"))).toBe(false);
  });

  it('an unknown function, a field or event data called, is refused naming it and listing the functions', () => {
    for (const [source, named] of [
      ['f(x)', '`f` is not one of them'],
      ['plan(1)', '`plan` is not one of them'],
      ['length(plan)', '`length` is not one of them'],
      ['constructor(1)', '`constructor` is not one of them'],
      ['__proto__(1)', '`__proto__` is not one of them'],
      ['toString()', '`toString` is not one of them'],
      ['event.x()', '`event.x` is not one of them (values have no methods)'],
      ["plan.startsWith('p')", '`plan.startsWith` is not one of them (values have no methods)'],
      ['len(plan)(1)', 'only a function named directly can be called'],
      ["constructor.constructor('return process')()", 'only a function named directly can be called'],
    ] as const) {
      const message = refusal(source);
      expect(message, source).toBe(`function calls are not allowed except to the language's own functions, and ${named}; ${SUPPORTED_SYNTAX}`);
    }
    expect(SUPPORTED_SYNTAX).toContain(`the functions ${LIST}`);
  });

  it('the wrong number of arguments is refused, saying how many and how to call it', () => {
    expect(refusal('len()')).toBe(`\`len\` takes 1 argument, not 0: write \`len(s)\`; ${SUPPORTED_SYNTAX}`);
    expect(refusal('len(a, b)')).toBe(`\`len\` takes 1 argument, not 2: write \`len(s)\`; ${SUPPORTED_SYNTAX}`);
    expect(refusal('lower()')).toBe(`\`lower\` takes 1 argument, not 0: write \`lower(s)\`; ${SUPPORTED_SYNTAX}`);
    expect(refusal("upper('a', 'b')")).toBe(`\`upper\` takes 1 argument, not 2: write \`upper(s)\`; ${SUPPORTED_SYNTAX}`);
    expect(refusal('contains(plan)')).toBe(`\`contains\` takes 2 arguments, not 1: write \`contains(s, part)\`; ${SUPPORTED_SYNTAX}`);
    expect(refusal('contains(a, b, c)')).toBe(`\`contains\` takes 2 arguments, not 3: write \`contains(s, part)\`; ${SUPPORTED_SYNTAX}`);
    expect(refusal('round(1, 2)')).toBe(`\`round\` takes 1 argument, not 2: write \`round(n)\`; ${SUPPORTED_SYNTAX}`);
  });

  it('min and max of one value are refused: they take 2 to 16 numbers', () => {
    expect(refusal('min(n)')).toBe(`\`min\` takes 2 to 16 arguments, not 1: write \`min(a, b, ...)\` (the smallest of one number is that number); ${SUPPORTED_SYNTAX}`);
    expect(refusal('max(n)')).toBe(`\`max\` takes 2 to 16 arguments, not 1: write \`max(a, b, ...)\` (the largest of one number is that number); ${SUPPORTED_SYNTAX}`);
    expect(refusal('max()')).toBe(`\`max\` takes 2 to 16 arguments, not 0: write \`max(a, b, ...)\`; ${SUPPORTED_SYNTAX}`);
    const ones = (n: number): string => Array.from({ length: n }, () => '1').join(', ');
    expect(MAX_FUNCTION_ARGS).toBe(16);
    expect(run(`max(${ones(16)})`)).toBe(1);
    expect(refusal(`min(${ones(17)})`)).toBe(`\`min\` takes 2 to 16 arguments, not 17: write \`min(a, b, ...)\`; ${SUPPORTED_SYNTAX}`);
  });

  it('commas belong to calls: a comma elsewhere is still named as unsupported', () => {
    expect(refusal('a, b').startsWith('the operator `,` is not supported (write one expression; a comma only separates the arguments of a function')).toBe(true);
    expect(refusal('min(a, (b, c))').startsWith('the operator `,` is not supported')).toBe(true);
    expect(refusal('min(a,, b)')).toBe('unexpected token ,');
  });

  it('nesting through calls counts toward the depth limit, arguments included', () => {
    const nested = (n: number, inner = '1'): string => `${'round('.repeat(n)}${inner}${')'.repeat(n)}`;
    expect(run(nested(MAX_EXPRESSION_DEPTH))).toBe(1);
    expect(refusal(nested(MAX_EXPRESSION_DEPTH + 1))).toBe(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    expect(refusal(`max(1, ${nested(MAX_EXPRESSION_DEPTH)})`)).toBe(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    // Prefix operators between calls nest too.
    expect(run(`${'-round('.repeat(32)}1${')'.repeat(32)}`)).toBe(1);
    expect(refusal(`${'-round('.repeat(33)}1${')'.repeat(33)}`)).toBe(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`);
  });

  it('the length limit applies to calls', () => {
    expect(refusal(`len('${'x'.repeat(1000)}')`)).toBe('the expression is longer than 1000 characters');
  });
});

describe('len(s): the number of Unicode code points', () => {
  it.each([
    ["''", 0],
    ["'abc'", 3],
    ["'😀'", 1],
    ["'👍🏽'", 2],
    ["'e\u0301'", 2],
    ["'𝄞a'", 2],
    ["'\uD800'", 1],
    ["'a\uDC00b'", 3],
  ] as const)('len(%s) = %d', (literal, expected) => {
    expect(run(`len(${literal})`)).toBe(expected);
  });

  it('counts strings read from fields and event data, however long', () => {
    expect(run('len(plan)', { plan: '😀'.repeat(MAX_STRING_LENGTH) })).toBe(MAX_STRING_LENGTH);
    expect(run('len(event.text)', {}, { text: 'x'.repeat(1_000_000) })).toBe(1_000_000);
  });

  it('of anything but a string has no value', () => {
    expect(run('len(5)')).toBe(EVAL_ERROR);
    expect(run('len(true)')).toBe(EVAL_ERROR);
    expect(run('len(null)')).toBe(EVAL_ERROR);
    expect(run('len(plan)', { plan: null })).toBe(EVAL_ERROR);
    expect(run('len(len(plan))', { plan: 'abc' })).toBe(EVAL_ERROR);
    expect(run('len(event.text)', {}, { text: ['a'] })).toBe(EVAL_ERROR);
  });
});

describe('lower(s) and upper(s): locale-independent case mapping', () => {
  it.each([
    ["lower('PREMIUM')", 'premium'],
    ["lower('')", ''],
    ["lower('ÀÉÎ')", 'àéî'],
    ["lower('I')", 'i'],
    ["upper('i')", 'I'],
    ["upper('straße')", 'STRASSE'],
    ["lower('İ')", 'i\u0307'],
    ["upper('😀a')", '😀A'],
    ["lower(upper('MiXeD'))", 'mixed'],
  ] as const)('%s = %j', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('a result longer than the string limit has no value, even when the argument is within it', () => {
    const half = MAX_STRING_LENGTH / 2;
    expect(run('upper(s)', { s: 'ß'.repeat(half) })).toBe('SS'.repeat(half));
    expect(run('upper(s)', { s: 'ß'.repeat(half + 1) })).toBe(EVAL_ERROR);
    expect(run('lower(s)', { s: 'A'.repeat(MAX_STRING_LENGTH) })).toBe('a'.repeat(MAX_STRING_LENGTH));
    expect(run('lower(s)', { s: 'A'.repeat(MAX_STRING_LENGTH + 1) })).toBe(EVAL_ERROR);
  });

  it('of anything but a string has no value', () => {
    for (const source of ['lower(1)', 'upper(false)', 'lower(null)', 'upper(-2)']) expect(run(source), source).toBe(EVAL_ERROR);
  });
});

describe('contains(s, part): case-sensitive substring test', () => {
  it.each([
    ["contains('lost card', 'card')", true],
    ["contains('lost card', 'Card')", false],
    ["contains('abc', '')", true],
    ["contains('', '')", true],
    ["contains('', 'a')", false],
    ["contains('a', 'abc')", false],
    ["contains('😀x', '😀')", true],
  ] as const)('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('works on huge strings from the context and event data', () => {
    const hay = 'a'.repeat(1_000_000);
    expect(run('contains(s, event.part)', { s: hay }, { part: `${'a'.repeat(500_000)}b` })).toBe(false);
    expect(run('contains(s, event.part)', { s: `${hay}b` }, { part: `${'a'.repeat(500_000)}b` })).toBe(true);
  });

  it('needs two strings', () => {
    for (const source of ["contains('a1', 1)", "contains(1, '1')", "contains(null, 'a')", "contains('a', null)", 'contains(true, true)']) expect(run(source), source).toBe(EVAL_ERROR);
  });
});

describe('min and max: of numbers only', () => {
  it.each([
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['min(-1.5, -1.25)', -1.5],
    ['max(-1.5, -1.25)', -1.25],
    ['min(2, 2)', 2],
    ['max(n, 0)', 0],
    ['min(n - 10, 5)', -13],
  ] as const)('%s = %d', (source, expected) => {
    expect(run(source, { n: -3 })).toBe(expected);
  });

  it('a string, a boolean or null among the arguments has no value', () => {
    for (const source of ["min(1, '2')", 'max(1, true)', 'max(1, null)', 'min(n, 1)']) expect(run(source, { n: null }), source).toBe(EVAL_ERROR);
  });
});

describe('round(n): nearest whole number, halves away from zero', () => {
  it.each([
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(0.5)', 1],
    ['round(-0.5)', -1],
    ['round(1.5)', 2],
    ['round(2.4999)', 2],
    ['round(-2.4999)', -2],
    ['round(2.6)', 3],
    ['round(7)', 7],
    ['round(1e21)', 1e21],
    ['round(0.49999999999999994)', 0],
  ] as const)('%s = %d', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('never gives -0', () => {
    expect(Object.is(run('round(-0.4)'), 0)).toBe(true);
    expect(Object.is(run('round(-0)'), 0)).toBe(true);
  });

  it('of anything but a number has no value', () => {
    for (const source of ["round('2.5')", 'round(true)', 'round(null)']) expect(run(source), source).toBe(EVAL_ERROR);
  });
});

describe('NaN and Infinity cannot reach or leave a function', () => {
  it('an overflowing argument fails before the call, and non-finite context values are errors', () => {
    expect(run('round(1e308 * 10)')).toBe(EVAL_ERROR);
    expect(run('max(1e308 * 10, 1)')).toBe(EVAL_ERROR);
    expect(run('min(n, 1)', { n: Number.NaN })).toBe(EVAL_ERROR);
    expect(run('round(n)', { n: Number.POSITIVE_INFINITY })).toBe(EVAL_ERROR);
    expect(run('len(1 / 0)')).toBe(EVAL_ERROR);
    expect(parseExpression('round(1e400)').error?.message).toBe('number literals must be finite');
  });
});

describe('unknown and failing arguments', () => {
  it('an unknown argument makes the call unknown; a failing one makes it fail, whichever comes first', () => {
    expect(run('len(event.text)', {}, { text: UNKNOWN })).toBe(UNKNOWN);
    expect(run('max(1, event.n, 3)', {}, { n: UNKNOWN })).toBe(UNKNOWN);
    expect(run('max(event.n, event.missing)', {}, { n: UNKNOWN })).toBe(EVAL_ERROR);
    expect(run('max(event.missing, event.n)', {}, { n: UNKNOWN })).toBe(EVAL_ERROR);
    expect(run('contains(plan, event.part)', { plan: 'x' })).toBe(EVAL_ERROR);
  });

  it('reads only own properties: prototype names are not fields or data', () => {
    expect(run('len(constructor)')).toBe(EVAL_ERROR);
    expect(run("contains(__proto__, 'x')")).toBe(EVAL_ERROR);
    expect(run('lower(event.constructor)', {}, { type: 'x' })).toBe(EVAL_ERROR);
  });

  it('a hand-built tree with a wrong arity or an unknown name has no value (the evaluator never throws)', () => {
    const call = (fn: string, args: Expr[]): Expr => ({ kind: 'call', fn, args }) as unknown as Expr;
    expect(evaluate(call('len', []), { context: {} })).toBe(EVAL_ERROR);
    expect(evaluate(call('min', [{ kind: 'literal', value: 1 }]), { context: {} })).toBe(EVAL_ERROR);
    expect(evaluate(call('constructor', [{ kind: 'literal', value: 1 }]), { context: {} })).toBe(EVAL_ERROR);
    expect(evaluate(call('max', Array.from({ length: 200_000 }, () => ({ kind: 'literal', value: 1 }) as Expr)), { context: {} })).toBe(EVAL_ERROR);
  });
});

describe('types of calls', () => {
  it.each([
    ['len(plan)', 'number'],
    ['lower(plan)', 'string'],
    ['upper(plan)', 'string'],
    ["contains(plan, 'x')", 'boolean'],
    ['min(n, 1)', 'number'],
    ['max(n, 1, 2)', 'number'],
    ['round(n / 3)', 'number'],
    ['len(event.text)', 'number'],
    ['upper(event.code)', 'string'],
  ] as const)('%s is a %s', (source, type) => {
    expect(typeOf(source)).toEqual({ type, nullable: false, problems: [] });
  });

  it('wrong argument types are reported with what the function takes', () => {
    expect(problemsOf('len(n)')).toEqual(['`len` takes a string, not a number']);
    expect(problemsOf('lower(vip)')).toEqual(['`lower` takes a string, not a boolean']);
    expect(problemsOf('upper(null)')).toEqual(['`upper` takes a string, not null']);
    expect(problemsOf('contains(plan, 3)')).toEqual(['`contains` takes two strings, not a number']);
    expect(problemsOf('contains(n, vip)')).toEqual(['`contains` takes two strings, not a number', '`contains` takes two strings, not a boolean']);
    expect(problemsOf("min(n, 'a')")).toEqual(['`min` takes numbers, not a string']);
    expect(problemsOf('max(vip, 1)')).toEqual(['`max` takes numbers, not a boolean']);
    expect(problemsOf('round(plan)')).toEqual(['`round` takes a number, not a string']);
    expect(problemsOf('len(len(plan))')).toEqual(['`len` takes a string, not a number']);
  });

  it('results are typed where they are used', () => {
    expect(problemsOf("len(plan) == 'x'")).toEqual(['`==` compares a number with a string; both sides must have the same type']);
    expect(problemsOf('upper(plan) + 1 == 2')).toEqual(['`+` mixes a string and a number; both sides must be numbers or both strings']);
    expect(problemsOf('!contains(plan, "a") && len(lower(plan)) >= round(n)')).toEqual([]);
  });

  it('a nullable field is not a type error in a call: null there is a run-time error', () => {
    expect(checkTypes(parse('len(plan)'), () => ({ type: 'string', nullable: true })).problems).toEqual([]);
  });
});

describe('the interpreter and the compiled runtime compute the same values', () => {
  it('functions in `set` and `if` agree step for step', async () => {
    const journey = await journeyFrom(`journey: functions
title: Functions
context:
  text: { type: string, default: '' }
  size: { type: number, default: 0 }
  loud: { type: string, default: '' }
  quiet: { type: string, default: '' }
  card: { type: boolean, default: false }
  low: { type: number, default: 0 }
  high: { type: number, default: 0 }
  whole: { type: number, default: 0 }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    on:
      said:
        to: decide
        set:
          text: event.text
          size: len(event.text)
          loud: upper(event.text)
          quiet: lower(event.text)
          card: "contains(lower(event.text), 'card')"
          low: min(event.amount, 100, 50)
          high: max(event.amount, 100)
          whole: round(event.amount)
  decide:
    always:
      - if: "card && len(text) > 3"
        to: card
      - to: ask
  card:
    on:
      again: ask
  agent:
    type: human
    queue: help
    hours: always
`);
    const script = [
      { event: { type: 'said', text: 'Lost my CARD 😀', amount: 2.5 } },
      { event: { type: 'again' } },
      { event: { type: 'said', text: 'straße', amount: -2.5 } },
      { event: { type: 'said', text: 'x', amount: 'many' } },
      { event: { type: 'said', amount: 1 } },
    ];
    const { trace } = runBoth(journey, script);
    for (const t of trace) expect(t.xstate.context, JSON.stringify(t.step)).toEqual(t.interpreter.context);
    expect(trace[1]?.interpreter.state).toBe('card');
    expect(trace[1]?.interpreter.context).toEqual({ text: 'Lost my CARD 😀', size: 14, loud: 'LOST MY CARD 😀', quiet: 'lost my card 😀', card: true, low: 2.5, high: 100, whole: 3 });
    expect(trace[3]?.interpreter.context).toMatchObject({ text: 'straße', size: 6, loud: 'STRASSE', card: false, low: -2.5, high: 100, whole: -3 });
    // `amount: 'many'`: min, max and round have no value, so those fields keep theirs.
    expect(trace[4]?.interpreter.context).toMatchObject({ text: 'x', size: 1, low: -2.5, high: 100, whole: -3 });
    // No text at all: every entry reading it keeps its value.
    expect(trace[5]?.interpreter.context).toMatchObject({ text: 'x', size: 1, low: 1, high: 100, whole: 1 });
  });
});

it('the table lists exactly the seven functions, each with its usage', () => {
  expect(Object.entries(FUNCTIONS).map(([name, f]) => [name, f.usage, f.minArgs, f.maxArgs])).toEqual([
    ['len', 'len(s)', 1, 1],
    ['lower', 'lower(s)', 1, 1],
    ['upper', 'upper(s)', 1, 1],
    ['contains', 'contains(s, part)', 2, 2],
    ['min', 'min(a, b, ...)', 2, 16],
    ['max', 'max(a, b, ...)', 2, 16],
    ['round', 'round(n)', 1, 1],
  ]);
});
