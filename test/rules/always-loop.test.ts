import { testRule } from '../support/lint.js';

// Spec: "`always-loop` (error: a cycle made only of `always` transitions, which would spin
// without the customer doing anything)". "Lint never evaluates guards: every guarded
// branch counts as possible." Findings go on the key line of each state in the loop
// (per-state finding).
testRule('always-loop', {
  valid: [
    {
      name: 'a chain of decision states without a cycle',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: first
states:
  first:
    always:
      - if: vip
        to: second
      - to: third
  second:
    always: third
  third:
    always:
      - if: "!vip"
        to: agent
      - to: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'a cycle that needs a customer event is not an always-loop',
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always: ask
  ask:
    on:
      again: decide
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a cycle through a timeout is not an always-loop',
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always: hold
  hold:
    after:
      1m: decide
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a cycle through a person who hands back is not an always-loop',
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always: agent
  agent:
    type: human
    queue: q
    hours: always
    on:
      resolved: decide
`,
    },
    {
      name: 'format 1.1: a call whose callee waits for the customer is no loop',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      verify: check_id
      bye: done
  check_id:
    type: call
    call: check
    outcomes:
      default: greet
  done: { type: end, outcome: resolved }
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
      ok: { type: end, outcome: verified }
`,
    },
  ],
  invalid: [
    {
      name: 'a decision state that can go back to itself (guards are not evaluated)',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    always:
      - if: attempts < 3
        to: greet
        set: { attempts: attempts + 1 }
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts]
`,
      errors: [{ line: 7, column: 3, messageId: 'selfLoop' }],
    },
    {
      name: 'a plain always to itself',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      go: spin
  spin:
    always: spin
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 3, messageId: 'selfLoop' }],
    },
    {
      name: 'two decision states that lead to each other: a finding at each',
      yaml: `journey: t
title: T
start: ping
states:
  ping:
    always: pong
  pong:
    always:
      - if: "1 > 2"
        to: agent
      - to: ping
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 5, column: 3, messageId: 'loop' },
        { line: 7, column: 3, messageId: 'loop' },
      ],
    },
    {
      name: 'only the states in the loop are reported, not the decision leading into it',
      yaml: `journey: t
title: T
start: entry
states:
  entry:
    always: a
  a:
    always: b
  b:
    always: c
  c:
    always:
      - if: "1 > 2"
        to: agent
      - to: a
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 7, column: 3, messageId: 'loop' },
        { line: 9, column: 3, messageId: 'loop' },
        { line: 11, column: 3, messageId: 'loop' },
      ],
    },
    {
      name: 'an unreachable always-loop is still an error',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  spin:
    always: spin
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 3, messageId: 'selfLoop' }],
    },
    {
      name: "format 1.1: a loop through a call and its callee's end: reported at the caller's states only",
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always: check_id
  check_id:
    type: call
    call: check
    outcomes:
      default: decide
journeys:
  check:
    start: fin
    states:
      fin: { type: end, outcome: done }
`,
      errors: [
        { line: 5, column: 3, messageId: 'loop' },
        { line: 7, column: 3, messageId: 'loop' },
      ],
    },
  ],
});
