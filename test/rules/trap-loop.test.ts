import { describe, expect, it } from 'vitest';
import { lintYaml, testRule } from '../support/lint.js';

// Spec: "`trap-loop` (error: states from which neither an end nor a human state can be
// reached by any transition at all, signals and timeouts included)". Reachability "follows
// every kind of transition: `on` (signals included), `always`, `after`, `when_closed`,
// transitions out of human states, and the offramp (to `offramp.to`) when it declares `on`,
// `no_match` or `frustration`." Findings: one per offending state at its key line.
// Documented choices: reachable states only; states with no transitions at all are left to
// dead-end.
testRule('trap-loop', {
  valid: [
    {
      name: 'a loop with a timeout to an end is no trap',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      again: greet
    after:
      5m: done
  done:
    type: end
    outcome: abandoned
`,
    },
    {
      name: 'a loop with a no_match signal to a person is no trap',
      yaml: `journey: t
title: T
start: one
states:
  one:
    on:
      next: two
  two:
    on:
      next: one
      no_match: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'offramp.no_match gives every bot state a way out',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 2 }
start: one
states:
  one:
    on:
      next: two
  two:
    on:
      next: one
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'offramp.on gives every bot state a way out',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help] }
start: one
states:
  one:
    on:
      next: one
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'an unreachable loop is not judged',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  one:
    on:
      next: two
  two:
    on:
      next: one
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a state with no transitions is left to dead-end',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      stop: stuck
  stuck:
    say: Nothing more.
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a loop through a person who hands back is no trap',
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
      resolved: greet
`,
    },
    {
      name: 'a guarded branch that can never hold still counts as a way out',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      again:
        - if: "1 > 2"
          to: done
        - to: greet
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'offramp.frustration alone gives every bot state a way out',
      yaml: `journey: t
title: T
offramp: { to: agent, frustration: true }
start: one
states:
  one:
    on:
      next: one
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'format 1.1: a call whose callee returns to a state with a way out is no trap',
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
      name: 'two states that only lead to each other',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      next: one
  one:
    on:
      next: two
  two:
    on:
      back: one
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 9, column: 3, messageId: 'trapped' },
        { line: 12, column: 3, messageId: 'trapped' },
      ],
    },
    {
      name: 'a self-loop with signals and a timeout that stay inside',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      again: greet
      no_match: greet
      frustrated: greet
    after:
      1m: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 5, column: 3, messageId: 'trapped' }],
    },
    {
      name: 'an offramp with only `to` is no way out',
      yaml: `journey: t
title: T
offramp: { to: agent }
start: greet
states:
  greet:
    on:
      again: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 6, column: 3 }],
    },
    {
      name: 'a loop entered only by a timeout, including a decision state in it',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
    after:
      2m: lost
  lost:
    on:
      next: decide
  decide:
    always: lost
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 10, column: 3 },
        { line: 13, column: 3 },
      ],
    },
    {
      name: 'a state whose only way leads into a dead end is trapped (the dead end itself is not reported)',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      next: step
  step:
    on:
      next: stuck
  stuck:
    say: Nothing more.
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 3 }],
    },
    {
      name: 'a person hands back into a trap',
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
      resolved: survey
  survey:
    on:
      again: survey
`,
      errors: [{ line: 14, column: 3 }],
    },
    {
      name: 'format 1.1: a trap inside a called journey is reported at the call state, naming the state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      verify: check_id
  check_id:
    type: call
    call: check
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
          stuck: limbo
      limbo:
        on:
          again: limbo
      ok: { type: end, outcome: verified }
`,
      errors: [{ line: 8, column: 3, messageId: 'trapped' }],
    },
    {
      name: "format 1.1: a callee's end that returns into a loop is no end: the caller's states are trapped",
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      verify: check_id
  check_id:
    type: call
    call: check
    outcomes:
      default: greet
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
      ok: { type: end, outcome: verified }
`,
      errors: [
        { line: 5, column: 3, messageId: 'trapped' },
        { line: 8, column: 3, messageId: 'trapped' },
      ],
    },
  ],
});

describe('trap-loop messages say how the customer arrives', () => {
  it('on the start state: "This is where the journey starts", not a path of one state', async () => {
    const findings = (await lintYaml(`journey: t
title: T
start: a
states:
  a:
    on:
      next: b
  b:
    on:
      back: a
  done:
    type: end
    outcome: resolved
`)).filter((d) => d.ruleId === 'trap-loop');
    const start = findings.find((d) => d.line === 5);
    expect(start?.message).toContain('This is where the journey starts.');
    expect(start?.message).not.toMatch(/gets here by a\./);
    expect(findings.find((d) => d.line === 8)?.message).toContain('The customer gets here by a --next--> b.');
  });
});
