import { testRule, type InvalidCase, type ValidCase } from '../support/lint.js';

// Spec: "`invalid-expression` (error: unparsable, or a type mismatch such as comparing a
// number field with a string)". "Expression typing: `if` must be boolean; `&&`, `||`, `!`
// take booleans; `+` two numbers or two strings; `- * /` and ordering take numbers;
// `==`/`!=` need the same type; no `null` literal; a field's `default` must match its
// `type`." Expressions are "numbers, strings in quotes, booleans, `== != < <= > >= && || !`,
// `+ - * /`, parentheses", evaluated "with an allow-list: never `eval`, `new Function` or
// property access outside declared context fields". "expressions may read
// `event.<field>` ... lint cannot type-check those". "YAML numbers and booleans are
// literals, strings are expressions". Findings go at the expression value.

/** A guard on line 13, its value at column 13. */
const guard = (expr: string): string => `journey: t
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
  ['a null literal', `"plan == null"`],
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
    errors: [{ line: 13, column: 13, ...(messageId ? { messageId } : {}) }],
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
    { name: 'default: number', yaml: field('{ type: number, default: 3 }') },
    { name: 'default: string', yaml: field(`{ type: string, default: 'x' }`) },
    { name: 'default: empty string', yaml: field(`{ type: string, default: '' }`) },
    { name: 'default: boolean', yaml: field('{ type: boolean, default: false }') },
    { name: 'no default', yaml: field('{ type: number }') },
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
