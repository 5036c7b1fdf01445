import { testRule } from '../support/lint.js';

// Spec: "`unknown-context` (error: `if`, `set`, `carry` name undeclared fields)".
// Positions: "unknown-context at the expression value, for a `set` key at that key, for a
// `carry` item at that item". "expressions may read `event.<field>`"; "a string literal is
// quoted inside". messageIds `read`, `set`, `carry`.
testRule('unknown-context', {
  valid: [
    {
      name: 'if, set and carry name declared fields only',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  plan: { type: string, default: '' }
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      failed:
        - if: attempts >= 2 && !vip
          to: agent
        - to: greet
          set: { attempts: attempts + 1, plan: "plan + '-retry'", vip: true }
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts, plan, vip]
`,
    },
    {
      name: 'event.<field> is not a context field and is allowed',
      yaml: `journey: t
title: T
context:
  card_last4: { type: string, pii: true, purpose: Find the card }
start: greet
states:
  greet:
    on:
      given:
        if: event.last4 != ''
        to: agent
        set: { card_last4: event.last4 }
  agent:
    type: human
    queue: q
    hours: always
    carry: [card_last4]
`,
    },
    {
      name: 'words inside string literals and boolean literals are not fields',
      yaml: `journey: t
title: T
context:
  plan: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      pick:
        if: "plan == 'premium' || true"
        to: agent
        set: { plan: "'basic plan'" }
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'YAML literals in set and if read no field',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
  vip: { type: boolean }
start: greet
states:
  greet:
    always:
      - if: true
        to: agent
        set: { attempts: 3, vip: false }
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: "format 1.1: `input` sets the callee's fields, `output` reads them, and a sub-journey's `carry` names its own fields",
      yaml: `journey: t
title: T
context:
  customer_id: { type: string }
start: verify
states:
  verify:
    type: call
    call: check
    output: { customer_id: customer }
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [customer_id]
journeys:
  check:
    context:
      customer: { type: string }
    start: ask
    states:
      ask:
        on:
          given: { to: ok, set: { customer: event.number } }
      ok: { type: end, outcome: verified }
`,
    },
  ],
  invalid: [
    {
      name: 'an `if` reading an undeclared field (no context at all)',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      failed:
        - if: attempts >= 2
          to: agent
        - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 15, messageId: 'read' }],
    },
    {
      name: 'a misspelt field in a quoted `if` (finding at the expression value)',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      failed:
        if: "atempts >= 2"
        to: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 10, column: 13, messageId: 'read' }],
    },
    {
      name: 'a `set` key naming an undeclared field is reported at the key',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      failed:
        to: greet
        set:
          attempts: attempts + 1
          retries: 1
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts]
`,
      errors: [{ line: 13, column: 11, messageId: 'set' }],
    },
    {
      name: 'a `set` key in flow style is reported at the key',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help:
        to: agent
        set: { reason: "'help'" }
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 16, messageId: 'set' }],
    },
    {
      name: 'a `set` value reading an undeclared field is reported at the value',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      failed:
        to: greet
        set:
          attempts: tries + 1
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts]
`,
      errors: [{ line: 12, column: 21, messageId: 'read' }],
    },
    {
      name: 'a `carry` item in flow style is reported at the item',
      yaml: `journey: t
title: T
context:
  customer_id: { type: string, pii: true, purpose: Identify the account }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [customer_id, card_last4]
`,
      errors: [{ line: 14, column: 26, messageId: 'carry' }],
    },
    {
      name: 'a `carry` item in block style is reported at the item',
      yaml: `journey: t
title: T
context:
  customer_id: { type: string, pii: true, purpose: Identify the account }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    carry:
      - customer_id
      - acount
`,
      errors: [{ line: 16, column: 9, messageId: 'carry' }],
    },
    {
      name: 'guards in `always` and `after` are checked too',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
    after:
      5m:
        if: waited
        to: decide
  decide:
    always:
      - if: "premium"
        to: agent
      - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 10, column: 13, messageId: 'read' },
        { line: 14, column: 13, messageId: 'read' },
      ],
    },
    {
      name: "a YAML-quoted word is an expression reading a field, not a string literal ('premium' needs inner quotes)",
      yaml: `journey: t
title: T
context:
  plan: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      help: agent
      pick:
        to: agent
        set:
          plan: 'premium'
      other:
        to: agent
        set:
          plan: basic
  agent:
    type: human
    queue: q
    hours: always
    carry: [plan]
`,
      errors: [
        { line: 13, column: 17, messageId: 'read' },
        { line: 17, column: 17, messageId: 'read' },
      ],
    },
    {
      name: 'a guard in a transition out of a human state is checked',
      yaml: `journey: t
title: T
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
        if: solved
        to: done
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 14, column: 13, messageId: 'read' }],
    },
    {
      name: 'format 1.1: ladder rung `set`, call `input` and `output` with names from the wrong journey',
      yaml: `journey: t
title: T
context:
  customer_id: { type: string }
  tries: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      verify: check_id
    no_match:
      - set: { tries: tries + 1 }
      - to: agent
        set: { retries: trys + 1 }
  check_id:
    type: call
    call: check
    input: { attempts: tries, atempts: triez }
    output: { customer_id: customr, custmer_id: customer }
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [customer_id]
journeys:
  check:
    context:
      attempts: { type: number, default: 0 }
      customer: { type: string }
    start: ask
    states:
      ask:
        on:
          given: { to: ok, set: { customer: event.number } }
      ok: { type: end, outcome: verified }
`,
      errors: [
        { line: 14, column: 16, messageId: 'set' },
        { line: 14, column: 25, messageId: 'read' },
        { line: 18, column: 31, messageId: 'calleeField' },
        { line: 18, column: 40, messageId: 'read' },
        { line: 19, column: 28, messageId: 'calleeField' },
        { line: 19, column: 37, messageId: 'set' },
      ],
    },
    {
      name: "format 1.1: a sub-journey's person can carry only the sub-journey's fields",
      yaml: `journey: t
title: T
context:
  customer_id: { type: string }
start: check_id
states:
  check_id:
    type: call
    call: check
    output: { customer_id: customer }
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [customer_id]
journeys:
  check:
    context:
      customer: { type: string }
    start: ask
    states:
      ask:
        on:
          given: { to: ok, set: { customer: event.number } }
          help: desk
      desk:
        type: human
        queue: q
        hours: always
        carry: [customer, customer_id]
      ok: { type: end, outcome: verified }
`,
      errors: [{ line: 32, column: 27, messageId: 'carry' }],
    },
  ],
});
