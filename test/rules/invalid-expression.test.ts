import { describe, expect, it } from 'vitest';
import { lintYaml, testRule, type InvalidCase, type ValidCase } from '../support/lint.js';

// Spec: "`invalid-expression` (error: unparsable, or a type mismatch such as comparing a
// number field with a string)". "Expression typing: `if` must be boolean; `&&`, `||`, `!`
// take booleans; `+` two numbers or two strings; `- * /` and ordering take numbers;
// `==`/`!=` need the same type; a field's `default` must match its `type`." Format 1.1
// adds "a `null` literal, `== null` / `!= null`, and unsetting a field (`set: { x: null }`)
// ... The type checker knows which fields may be null", and "`len(s)`, `lower(s)`,
// `upper(s)`, `contains(s, part)`, `min`, `max`, `round` ... typed by the checker".
// Expressions are "numbers, strings in quotes, booleans, `== != < <= > >= && || !`,
// `+ - * /`, parentheses", evaluated "with an allow-list: never `eval`, `new Function` or
// property access outside declared context fields". "expressions may read
// `event.<field>` ... lint cannot type-check those". "YAML numbers and booleans are
// literals, strings are expressions". Findings go at the expression value.

/** A guard on line 14, its value at column 13. `reason` has no default, so it may be null. */
const guard = (expr: string): string => `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  plan: { type: string, default: '' }
  vip: { type: boolean, default: false }
  reason: { type: string }
start: greet
states:
  greet:
    on:
      help: agent
      check:
        if: ${expr}
        to: agent
  agent:
    type: human
    queue: q
    hours: always
`;

/** A `set` of one field on line 15: attempts at column 21, plan at 17, vip at 16. */
const set = (field: 'attempts' | 'plan' | 'vip', expr: string): string => `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  plan: { type: string, default: '' }
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: agent
      check:
        to: agent
        set:
          ${field}: ${expr}
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts, plan, vip]
`;

/**
 * `attempts` has a default, `reason` none; `plan` and `vip` have defaults and are set on
 * line 15 to `value` (null, a copy, event data...); `check` on line 18 is the guard.
 */
const nullable = (value: string, test: string): string => `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  plan: { type: string, default: '' }
  vip: { type: boolean, default: false }
  reason: { type: string }
start: greet
states:
  greet:
    on:
      help: agent
      change:
        to: greet
        set: { plan: ${value}, vip: true }
      check:
        to: agent
        if: ${test}
  agent:
    type: human
    queue: q
    hours: always
`;

const SET_COLUMN = { attempts: 21, plan: 17, vip: 16 } as const;

/** A context field on line 4 (flow style, so key and default share the line). */
const field = (decl: string): string => `journey: t
title: T
context:
  f: ${decl}
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`;

const validGuards: [string, string][] = [
  ['boolean operators on booleans and comparisons', `attempts >= 2 && !vip || plan == 'premium'`],
  ['arithmetic on numbers inside parentheses', `"(attempts + 1) * 2 / 3 - 1 > 0"`],
  ['+ on two strings, != on strings', `"plan + 'x' != 'y'"`],
  ['== on booleans', `vip == false`],
  ['every ordering operator on numbers', `attempts < 3 || attempts <= 3 || attempts > 3 || attempts >= 3`],
  ['a YAML boolean literal', `true`],
  ['a YAML false literal', `false`],
  ['a boolean literal inside the expression', `"true"`],
  ['a boolean field alone', `vip`],
  ['event fields are untyped: compared with a number', `event.amount > 100`],
  ['event fields are untyped: compared with a string and used as a boolean', `"event.kind == 'x' && event.flag"`],
  ['event fields are untyped: in arithmetic with a field', `event.amount + attempts >= 2`],
  ['! of a comparison in parentheses', `"!(attempts == 2)"`],
  ['a double-quoted string literal', `'plan == "premium"'`],
  ['a decimal number', `attempts >= 1.5`],
  ['a field without a default compared with null', `reason == null`],
  ['a field without a default tested for a value', `"reason != null && reason != ''"`],
  ['null on the left', `null == reason`],
  ['event data compared with null', `event.note == null`],
  ['joining a field that may be null (null there is a run-time error, not a type error)', `"reason + 'x' == 'ax'"`],
  ['a function of a field that may be null', `"len(reason) > 2"`],
  ['len of a string field', `len(plan) > 3`],
  ['lower and upper in a comparison', `"lower(plan) == upper('x')"`],
  ['contains of two strings, negated', `"!contains(plan, 'gold')"`],
  ['min, max and round of numbers', `"min(attempts, 3) < max(attempts, 1, 2) && round(attempts / 2) >= 1"`],
  ['functions of event data', `"contains(lower(event.text), 'card') && len(event.text) < 200"`],
];

const invalidGuards: [string, string, string?][] = [
  ['a number field as a guard', `attempts`, 'guardType'],
  ['a string literal as a guard', `"'yes'"`, 'guardType'],
  ['arithmetic as a guard', `attempts + 1`, 'guardType'],
  ['a string field as a guard', `plan`, 'guardType'],
  ['&& with a number', `vip && attempts`],
  ['|| with a number', `attempts || vip`],
  ['|| with a string', `"plan || vip"`],
  ['! of a number', `"!attempts"`],
  ['+ of a number and a string', `"attempts + plan == 'x'"`],
  ['+ of a string literal and a number literal', `"'a' + 1 == 'a1'"`],
  ['+ of two booleans', `vip + vip == true`],
  ['- on strings', `"plan - 'a' > 0"`],
  ['* on a boolean', `vip * 2 > 1`],
  ['/ with a string', `attempts / plan > 1`],
  ['< on strings', `"plan < 'b'"`],
  ['>= on booleans', `vip >= true`],
  ['== on a number and a string', `"attempts == 'two'"`],
  ['!= on a boolean and a number', `vip != 0`],
  ['a field with a default that is never set to null, compared with null', `"plan == null"`, 'neverNull'],
  ['!= null on a field that is never null', `attempts != null`, 'neverNull'],
  ['a literal compared with null', `"'x' == null"`, 'neverNull'],
  ['a function result compared with null', `"len(reason) == null"`, 'neverNull'],
  ['null in arithmetic', `null + 1 > 0`, 'type'],
  ['null in an ordering', `null < 2`, 'type'],
  ['! of null', `"!null"`, 'type'],
  ['null as a guard', `"null"`, 'guardType'],
  ['len of a number', `len(attempts) > 1`, 'type'],
  ['len of len', `len(len(plan)) > 1`, 'type'],
  ['contains with a number', `"contains(plan, 1)"`, 'type'],
  ['min of a string', `"min(plan, 1) > 0"`, 'type'],
  ['round of a boolean', `round(vip) == 1`, 'type'],
  ['a function result of the wrong type in a comparison', `"upper(plan) == 1"`, 'type'],
  ['a function result as a guard', `len(plan)`, 'guardType'],
  ['contains with one argument', `"contains(plan)"`, 'syntax'],
  ['min of one value', `min(attempts) > 1`, 'syntax'],
  ['an unknown function', `"length(plan) > 1"`, 'syntax'],
  ['a function named constructor', `"constructor(1)"`, 'syntax'],
  ['a function call', `check(attempts)`],
  ['a method call on a field', `"plan.startsWith('p')"`],
  ['this', `"this == this"`],
  ['member access on a context field', `plan.length > 3`],
  ['computed member access', `"plan[0] == 'p'"`],
  ['the % operator (not in the allow-list)', `attempts % 2 == 0`],
  ['the ternary operator (not in the allow-list)', `"vip ? true : false"`],
  ['=== (not in the allow-list)', `attempts === 2`],
  ['an array literal', `"attempts == [1]"`],
  ['unparsable: a dangling operator', `attempts >=`, 'syntax'],
  ['unparsable: an unclosed parenthesis', `"(attempts > 1"`, 'syntax'],
  ['unparsable: assignment', `"attempts = 2"`],
  ['unparsable: an empty expression', `""`],
  ['computed member access on event (only event.<field> is allowed)', `"event['x'] == 1"`],
  ['ordering on a string literal, even against an untyped event field', `"event.x < 'a'"`],
  ['&& with a number, even next to an untyped event field', `"event.ok && attempts"`],
];

const guardCases: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: validGuards.map(([name, expr]) => ({ name: `guard: ${name}: ${expr}`, yaml: guard(expr) })),
  invalid: invalidGuards.map(([name, expr, messageId]) => ({
    name: `guard: ${name}: ${expr}`,
    yaml: guard(expr),
    errors: [{ line: 14, column: 13, ...(messageId ? { messageId } : {}) }],
  })),
};

const validSets: [string, 'attempts' | 'plan' | 'vip', string][] = [
  ['number arithmetic into a number field', 'attempts', 'attempts + 1'],
  ['a quoted string literal into a string field', 'plan', `"'premium'"`],
  ['string concatenation into a string field', 'plan', `"plan + '-2'"`],
  ['a negation into a boolean field', 'vip', `"!vip"`],
  ['a comparison into a boolean field', 'vip', 'attempts > 2'],
  ['a YAML number literal into a number field', 'attempts', '5'],
  ['a YAML boolean literal into a boolean field', 'vip', 'true'],
  ['an event field into a string field', 'plan', 'event.plan'],
  ['an event field into a number field', 'attempts', 'event.count'],
  ['a YAML null unsets a number field', 'attempts', 'null'],
  ['a YAML ~ unsets a string field', 'plan', '~'],
  ['null as expression text unsets a boolean field', 'vip', `"null"`],
  ['len into a number field', 'attempts', 'len(plan)'],
  ['upper into a string field', 'plan', 'upper(plan)'],
  ['contains into a boolean field', 'vip', `"contains(plan, 'x')"`],
  ['round of min into a number field', 'attempts', 'round(min(attempts / 2, 10))'],
];

const invalidSets: [string, 'attempts' | 'plan' | 'vip', string, string?][] = [
  ['a string literal into a number field', 'attempts', `"'many'"`, 'setType'],
  ['a YAML boolean into a number field', 'attempts', 'true', 'setType'],
  ['a YAML number into a boolean field', 'vip', '1', 'setType'],
  ['a YAML number into a string field', 'plan', '5', 'setType'],
  ['number arithmetic into a string field', 'plan', 'attempts + 1', 'setType'],
  ['a comparison into a number field', 'attempts', 'attempts > 1', 'setType'],
  ['+ of a number and a string inside a set', 'attempts', `"attempts + 'x'"`],
  ['unparsable set expression', 'attempts', `"attempts +"`, 'syntax'],
  ['len into a string field', 'plan', 'len(plan)', 'setType'],
  ['contains into a number field', 'attempts', `"contains(plan, 'x')"`, 'setType'],
  ['lower of a number', 'plan', 'lower(attempts)', 'type'],
  ['null in arithmetic inside a set', 'attempts', 'null + 1', 'type'],
];

const setCases: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: validSets.map(([name, f, expr]) => ({ name: `set: ${name}: ${f}: ${expr}`, yaml: set(f, expr) })),
  invalid: invalidSets.map(([name, f, expr, messageId]) => ({
    name: `set: ${name}: ${f}: ${expr}`,
    yaml: set(f, expr),
    errors: [{ line: 15, column: SET_COLUMN[f], ...(messageId ? { messageId } : {}) }],
  })),
};

testRule('invalid-expression', {
  valid: [
    ...guardCases.valid,
    ...setCases.valid,
    { name: 'null test on a field some `set` makes null', yaml: nullable('null', 'plan == null') },
    { name: 'null test on a field some `set` unsets with ~', yaml: nullable('~', 'plan != null') },
    { name: 'null test on a field set from event data (which may be null)', yaml: nullable('event.plan', 'plan == null') },
    { name: 'null test on a field set from a field without a default', yaml: nullable('reason', 'plan == null') },
    { name: 'null test on a field set from an undeclared field', yaml: nullable('ghost', 'plan == null') },
    {
      name: 'null travels through chains of copies, in any order of the file',
      yaml: `journey: t
title: T
context:
  a: { type: string, default: x }
  b: { type: string, default: x }
  c: { type: string, default: x }
start: greet
states:
  greet:
    on:
      help: agent
      one: { to: greet, set: { a: b } }
      two: { to: greet, set: { b: c } }
      three: { to: greet, set: { c: null } }
      check:
        to: agent
        if: a == null
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    { name: 'default: number', yaml: field('{ type: number, default: 3 }') },
    { name: 'default: string', yaml: field(`{ type: string, default: 'x' }`) },
    { name: 'default: empty string', yaml: field(`{ type: string, default: '' }`) },
    { name: 'default: boolean', yaml: field('{ type: boolean, default: false }') },
    { name: 'no default', yaml: field('{ type: number }') },
    {
      name: 'null test on a host input field with a default (the host may send null)',
      yaml: `format: 1.1
journey: t
title: T
context:
  plan: { type: string, default: '', input: true }
start: greet
states:
  greet:
    on:
      help: agent
      check:
        to: agent
        if: plan == null
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'guards in always and after, and a set with several fields seeing the old context',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  total: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      help: agent
      go: decide
    after:
      5m:
        if: attempts < 3
        to: greet
        set: { attempts: attempts + 1, total: attempts + total }
  decide:
    always:
      - if: "attempts >= 2"
        to: agent
      - to: greet
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts, total]
`,
    },
  ],
  invalid: [
    ...guardCases.invalid,
    ...setCases.invalid,
    { name: 'null test on a field only ever set to other strings', yaml: nullable(`"'gold'"`, 'plan == null'), errors: [{ line: 18, column: 13, messageId: 'neverNull' }] },
    { name: 'null test on a field set from a field with a default', yaml: nullable('upper(plan)', 'plan == null'), errors: [{ line: 18, column: 13, messageId: 'neverNull' }] },
    { name: 'null test on a field set only to a literal', yaml: nullable(`"'x'"`, 'vip != null'), errors: [{ line: 18, column: 13, messageId: 'neverNull' }] },
    { name: 'null test on a field set from a field that is never null', yaml: nullable('lower(plan)', 'attempts == null'), errors: [{ line: 18, column: 13, messageId: 'neverNull' }] },
    { name: 'default: a string for a number field', yaml: field(`{ type: number, default: 'zero' }`), errors: [{ line: 4, messageId: 'defaultType' }] },
    { name: 'default: a quoted number for a number field', yaml: field(`{ type: number, default: '0' }`), errors: [{ line: 4, messageId: 'defaultType' }] },
    { name: 'default: a number for a boolean field', yaml: field('{ type: boolean, default: 1 }'), errors: [{ line: 4, messageId: 'defaultType' }] },
    { name: 'default: a number for a string field', yaml: field('{ type: string, default: 3 }'), errors: [{ line: 4, messageId: 'defaultType' }] },
    { name: 'default: a boolean for a string field', yaml: field('{ type: string, default: true }'), errors: [{ line: 4, messageId: 'defaultType' }] },
    {
      name: 'guards in always and after are checked, one finding per expression',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      help: agent
      go: decide
    after:
      5m:
        if: attempts
        to: greet
  decide:
    always:
      - if: "attempts == 'x'"
        to: agent
      - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 13, column: 13, messageId: 'guardType' },
        { line: 17, column: 13, messageId: 'type' },
      ],
    },
    {
      name: 'an unparsable guard on the last line of a file without a final newline stays on that line',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  agent:
    type: human
    queue: q
    hours: always
  greet:
    on:
      help: agent
      check:
        to: agent
        if: attempts >=`,
      errors: [{ line: 16, messageId: 'syntax' }],
    },
    {
      name: 'a guard on a transition out of a human state is checked',
      yaml: `journey: t
title: T
context:
  plan: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    on:
      resolved:
        if: "plan > 1"
        to: done
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 16, column: 13 }],
    },
  ],
});

describe('invalid-expression messages for null and functions', () => {
  const messages = async (yaml: string): Promise<string[]> => (await lintYaml(yaml)).filter((d) => d.ruleId === 'invalid-expression').map((d) => d.message);

  it('a null test on a field that is never null says why and what it always gives', async () => {
    expect(await messages(guard(`"plan == null"`))).toEqual(['State `greet`, event `check`, `if`: `plan` has a default and is never set to null, so `plan == null` is always false.']);
    expect(await messages(guard(`"attempts > 1 && null != attempts"`))).toEqual([
      'State `greet`, event `check`, `if`: `attempts` has a default and is never set to null, so `null != attempts` is always true.',
    ]);
    expect(await messages(guard(`"len(plan) == null"`))).toEqual(['State `greet`, event `check`, `if`: `len(plan)` is never null, so `len(plan) == null` is always false.']);
  });

  it('a null test finding has a hint saying what can be null', async () => {
    const [finding] = (await lintYaml(guard(`"plan == null"`))).filter((d) => d.ruleId === 'invalid-expression');
    expect(finding?.hint).toBe(
      'Only event data, a field without a `default` and a field that some `set` makes null can be null: remove the test, or remove the `default` if the value can really be unknown.',
    );
  });

  it('type errors with null and functions', async () => {
    expect(await messages(guard('null < 2'))).toEqual(['State `greet`, event `check`, `if`: `<` compares numbers, not null in `null < 2`.']);
    expect(await messages(guard('len(attempts) > 1'))).toEqual(['State `greet`, event `check`, `if`: `len` takes a string, not a number in `len(attempts) > 1`.']);
    expect(await messages(guard('"null"'))).toEqual(['State `greet`, event `check`, `if`: a condition must be true or false, but `null` is a null value.']);
    expect(await messages(set('plan', 'len(plan)'))).toEqual(['State `greet`, event `check`, `set.plan`: `plan` is a string field, but `len(plan)` is a number.']);
  });

  it('a refused call says which function and lists the ones there are', async () => {
    const [message] = await messages(guard('min(attempts) > 1'));
    expect(message?.startsWith('State `greet`, event `check`, `if`: cannot read `min(attempts) > 1`: `min` takes 2 to 16 arguments, not 1: write `min(a, b, ...)`')).toBe(true);
    expect(message).toContain('`len(s)` `lower(s)` `upper(s)` `contains(s, part)` `min(a, b, ...)` `max(a, b, ...)` `round(n)`');
  });
});

describe('invalid-expression: ladder rungs and call input/output (format 1.1)', () => {
  /** A call to the local sub-journey `check` (field `tries: number`, `code: string`), with `input` and `output` entries and a rung `set`. */
  const calling = (input: string, output: string, rung: string): string => `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  label: { type: string, default: '' }
journeys:
  check:
    context:
      tries: { type: number, default: 0 }
      code: { type: string, default: '' }
    start: ask
    states:
      ask:
        on: { ok: done }
      done: { type: end, outcome: ok }
start: greet
states:
  greet:
    on: { go: verify, help: agent }
    no_match:
      - set: { ${rung} }
      - to: agent
  verify:
    type: call
    call: check
    input: { ${input} }
    output: { ${output} }
    outcomes: { default: agent }
  agent: { type: human, queue: q, hours: always }
`;
  const findings = async (yaml: string) =>
    (await lintYaml(yaml)).filter((d) => d.ruleId === 'invalid-expression').map((d) => ({ line: d.line, messageId: d.code, message: d.message }));

  it('well-typed rungs, inputs and outputs pass', async () => {
    expect(await findings(calling('tries: attempts + 1', 'label: code', 'attempts: attempts + 1'))).toEqual([]);
  });

  it('a rung set of the wrong type is reported at the value', async () => {
    expect(await findings(calling('tries: attempts', 'label: code', "attempts: \"'many'\""))).toEqual([
      { line: 21, messageId: 'setType', message: "State `greet`, `no_match` rung 1, `set.attempts`: `attempts` is a number field, but `'many'` is a string." },
    ]);
  });

  it('input is typed against the called journey\'s field, read in the caller\'s', async () => {
    expect(await findings(calling('tries: label', 'label: code', 'attempts: 1'))).toEqual([
      { line: 26, messageId: 'setType', message: 'State `verify`, `input.tries`: `tries` is a number field, but `label` is a string.' },
    ]);
  });

  it('output is read in the called journey\'s fields, typed against the caller\'s', async () => {
    expect(await findings(calling('tries: attempts', 'attempts: code', 'attempts: 1'))).toEqual([
      { line: 27, messageId: 'setType', message: 'State `verify`, `output.attempts`: `attempts` is a number field, but `code` is a string.' },
    ]);
  });

  it('a value that does not parse is a syntax finding', async () => {
    const [finding] = await findings(calling('tries: "attempts +"', 'label: code', 'attempts: 1'));
    expect(finding?.messageId).toBe('syntax');
    expect(finding?.line).toBe(26);
  });
});
