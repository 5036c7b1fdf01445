import { describe, expect, it } from 'vitest';
import { lintYaml, testRule } from '../support/lint.js';

// Spec: "`no-match-handled` (error): every bot state that waits for input handles
// `no_match` itself or is covered by `offramp.no_match`; a self-loop on `no_match` with no
// escalation is an error." "A bot state *waits for input* unless it has `always` (a state
// with only `after`, or with no transitions, still waits)". "a state's own `no_match`
// handler replaces `offramp.no_match`; it fails when every branch stays in the state or
// cycles among states without a route out."
// Documented choices: every waiting bot state is judged, reachable or not; messageIds
// `missing`, `selfLoop`, `cycle`.
testRule('no-match-handled', {
  valid: [
    {
      name: 'offramp.no_match covers every waiting bot state',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 2 }
start: greet
states:
  greet:
    on:
      next: ask
  ask:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: "each state's own no_match leads to a person",
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      next: ask
      no_match: agent
  ask:
    on:
      help: agent
      no_match: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'guarded escalation after failed attempts: one branch leaves the state',
      yaml: `journey: t
title: T
context:
  misunderstood: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      help: agent
      no_match:
        - if: misunderstood >= 1
          to: agent
        - to: greet
          set: { misunderstood: misunderstood + 1 }
  agent:
    type: human
    queue: q
    hours: always
    carry: [misunderstood]
`,
    },
    {
      name: 'no_match leading to an end state is a way out',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: sorry
  agent:
    type: human
    queue: q
    hours: always
  sorry:
    type: end
    outcome: not_understood
`,
    },
    {
      name: 'decision, human and end states are not judged',
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always:
      - if: "1 > 2"
        to: agent
      - to: ask
  ask:
    on:
      help: agent
      no_match: agent
  agent:
    type: human
    queue: q
    hours: always
    on:
      resolved: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'no_match to another state whose own no_match leads to a person',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: rephrase
  rephrase:
    on:
      help: agent
      no_match: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'no_match to another state covered by offramp.no_match',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 2 }
start: greet
states:
  greet:
    on:
      help: agent
      no_match: rephrase
  rephrase:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'no_match through a decision state that leads to a person',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: triage
  triage:
    always: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'offramp.no_match covers a state with only a timeout and a state with no transitions',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help], no_match: 1 }
start: greet
states:
  greet:
    on:
      wait: hold
      stop: stuck
  hold:
    after:
      1m: greet
  stuck:
    say: Nothing more here.
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'states passing no_match around, where one of them escalates on a guarded branch',
      yaml: `journey: t
title: T
context:
  misunderstood: { type: number, default: 0 }
start: one
states:
  one:
    on:
      help: agent
      no_match:
        to: two
        set: { misunderstood: misunderstood + 1 }
  two:
    on:
      help: agent
      no_match:
        - if: misunderstood >= 2
          to: agent
        - to: one
  agent:
    type: human
    queue: q
    hours: always
    carry: [misunderstood]
`,
    },
    {
      name: 'format 1.1: a `no_match` retry ladder whose last rung leaves for a person',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
    no_match:
      - say: Sorry?
      - say: Please say help.
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: "format 1.1: a called journey's ladder leaving for its end, which the caller continues to a person",
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: check
    outcomes:
      verified: done
      default: agent
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
          help: failed
        no_match:
          - say: Please say your number.
          - to: failed
      ok: { type: end, outcome: verified }
      failed: { type: end, outcome: failed }
`,
    },
    {
      name: "format 1.1: the caller's offramp.no_match covers the called journey's states",
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested], no_match: 2 }
start: verify
states:
  verify:
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
      ok: { type: end, outcome: verified }
`,
    },
  ],
  invalid: [
    {
      name: 'no handler and no offramp: one finding per waiting state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      next: ask
  ask:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 5, column: 3, messageId: 'missing' },
        { line: 8, column: 3, messageId: 'missing' },
      ],
    },
    {
      name: 'an offramp without no_match does not cover no_match',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help], frustration: true }
start: greet
states:
  greet:
    on:
      next: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 6, column: 3, messageId: 'missing' }],
    },
    {
      name: 'a state with only `after` still waits for input',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: agent
      wait: hold
  hold:
    after:
      1m: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 10, column: 3, messageId: 'missing' }],
    },
    {
      name: 'a state with no transitions still waits for input',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: agent
      stop: stuck
  stuck:
    say: Nothing more here.
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 10, column: 3, messageId: 'missing' }],
    },
    {
      name: 'an unreachable waiting state is judged too',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: agent
  orphan:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 3, messageId: 'missing' }],
    },
    {
      name: 'a self-loop on no_match with no escalation',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 5, column: 3, messageId: 'selfLoop' }],
    },
    {
      name: "a state's own self-loop replaces offramp.no_match",
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help], no_match: 2 }
start: greet
states:
  greet:
    on:
      next: ask
  ask:
    on:
      no_match:
        to: ask
        do: [bot.rephrase]
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 3, messageId: 'selfLoop' }],
    },
    {
      name: 'every guarded branch stays in the state',
      yaml: `journey: t
title: T
context:
  misunderstood: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      help: agent
      no_match:
        - if: misunderstood >= 1
          to: greet
          do: [bot.rephrase]
        - to: greet
          set: { misunderstood: misunderstood + 1 }
  agent:
    type: human
    queue: q
    hours: always
    carry: [misunderstood]
`,
      errors: [{ line: 7, column: 3, messageId: 'selfLoop' }],
    },
    {
      name: 'no_match only bounces between two states that never lead out',
      yaml: `journey: t
title: T
start: one
states:
  one:
    on:
      help: agent
      no_match: two
  two:
    on:
      help: agent
      no_match: one
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 5, column: 3, messageId: 'cycle' },
        { line: 9, column: 3, messageId: 'cycle' },
      ],
    },
    {
      name: 'a decision state is not judged, but the waiting states it leads to are',
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always:
      - if: "1 > 2"
        to: agent
      - to: ask
  ask:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 10, column: 3, messageId: 'missing' }],
    },
    {
      name: 'format 1.1: a retry ladder whose rungs never leave the state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
    no_match:
      - say: Sorry?
      - say: Please say help.
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 5, column: 3, messageId: 'ladderTrap' }],
    },
    {
      name: 'format 1.1: a retry ladder whose only leaving rung enters the state again',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
    no_match:
      - say: Sorry?
      - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 5, column: 3, messageId: 'ladderTrap' }],
    },
    {
      name: 'format 1.1: ladders that only send the customer between two states',
      yaml: `journey: t
title: T
start: one
states:
  one:
    on:
      help: agent
    no_match:
      - say: Sorry?
      - to: two
  two:
    on:
      help: agent
    no_match:
      - to: one
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 5, column: 3, messageId: 'ladderTrap' },
        { line: 11, column: 3, messageId: 'ladderTrap' },
      ],
    },
    {
      name: 'format 1.1: states of a called journey without no_match handling: one finding, at the call state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      verify: check_id
    no_match: [{ to: agent }]
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
          next: confirm
      confirm:
        on:
          done: fin
      fin: { type: end, outcome: verified }
`,
      errors: [{ line: 10, column: 3, messageId: 'missing' }],
    },
    {
      name: 'format 1.1: a ladder in a called journey that never leaves is reported at the call state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      verify: check_id
    no_match: [{ to: agent }]
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
          next: ok
        no_match:
          - say: Sorry?
      ok: { type: end, outcome: verified }
`,
      errors: [{ line: 10, column: 3, messageId: 'ladderTrap' }],
    },
  ],
});

describe('no-match-handled with retry ladders and calls (format 1.1)', () => {
  it('a ladder that gives no way out has a message of its own, listing where it leads', async () => {
    const findings = (await lintYaml(`journey: t
title: T
start: one
states:
  one:
    on:
      help: agent
    no_match:
      - say: Sorry?
      - to: two
  two:
    on:
      help: agent
    no_match:
      - to: one
  agent:
    type: human
    queue: q
    hours: always
`)).filter((d) => d.ruleId === 'no-match-handled');
    expect(findings.map((d) => d.message)).toEqual([
      'State `one` answers `no_match` with a retry ladder whose rungs lead only among `one` and `two`, which never lead to a person or an end: a customer who is not understood never gets a way out.',
      'State `two` answers `no_match` with a retry ladder whose rungs lead only among `one` and `two`, which never lead to a person or an end: a customer who is not understood never gets a way out.',
    ]);
  });

  it('a called journey with two states missing no_match: one finding at the call, naming the first', async () => {
    const findings = (await lintYaml(`journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      verify: check_id
    no_match: [{ to: agent }]
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
          next: confirm
      confirm:
        on:
          done: fin
      fin: { type: end, outcome: verified }
`)).filter((d) => d.ruleId === 'no-match-handled');
    expect(findings.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '10:3 State `ask` of `check` called by `check_id` does not handle `no_match`: a customer the bot does not understand gets no answer and no way out.',
    ]);
  });
});
