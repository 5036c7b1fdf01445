import { testRule } from '../support/lint.js';

// Spec: "`frustration-handled` (warning): `frustrated` escalates to a human, by
// `offramp.frustration` or per state." "`frustration-handled`: a state's own `frustrated`
// handler must lead to a human state directly or through `always`." "A state's own
// handler for an event wins over the offramp."
// Documented choices: every waiting bot state is judged (reachable or not); every branch of
// the state's own handler must lead to a human state, directly or through decision states
// whose every `always` branch does. messageIds `missing` and `notHuman`.
testRule('frustration-handled', {
  valid: [
    {
      name: 'offramp.frustration covers every waiting bot state',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help], frustration: true }
start: greet
states:
  greet:
    on:
      next: ask
  ask:
    on:
      done: done
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
      name: 'each waiting state escalates frustrated itself',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      next: ask
      frustrated: agent
  ask:
    on:
      help: agent
      frustrated:
        to: agent
        do: [crm.flag_upset]
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'through a decision state whose every branch leads to a person',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: agent
      frustrated: triage
  triage:
    always:
      - if: vip
        to: priority_agent
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
  priority_agent:
    type: human
    queue: vip
    hours: always
`,
    },
    {
      name: 'a guarded list whose every branch is a human state',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: agent
      frustrated:
        - if: vip
          to: priority_agent
        - to: agent
  agent:
    type: human
    queue: q
    hours: always
  priority_agent:
    type: human
    queue: vip
    hours: always
`,
    },
    {
      name: 'own handler to a person together with offramp.frustration',
      yaml: `journey: t
title: T
offramp: { to: agent, frustration: true }
start: greet
states:
  greet:
    on:
      help: agent
      frustrated: complaints
  agent:
    type: human
    queue: q
    hours: always
  complaints:
    type: human
    queue: complaints
    hours: always
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
      frustrated: agent
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
      name: 'a limited-hours human state counts as a person',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      frustrated: agent
  agent:
    type: human
    queue: q
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: callback
  callback:
    type: end
    outcome: callback_booked
`,
    },
    {
      name: 'through nested decision states whose every branch ends at a person',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
  business: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: agent
      frustrated: by_segment
  by_segment:
    always:
      - if: business
        to: by_tier
      - to: agent
  by_tier:
    always:
      - if: vip
        to: priority_agent
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
  priority_agent:
    type: human
    queue: vip
    hours: always
`,
    },
    {
      name: 'a human state handling frustrated itself is not judged',
      yaml: `journey: t
title: T
offramp: { to: agent, frustration: true }
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
      frustrated: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: "format 1.1: the caller's offramp.frustration covers the called journey's states",
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested], frustration: true }
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
    {
      name: "format 1.1: a called journey's frustrated handler to its end, which the caller continues to a person",
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      verify: check_id
      frustrated: agent
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
          upset: fin
          frustrated: fin
      fin: { type: end, outcome: upset }
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
      name: 'offramp.frustration: false does not cover',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help], no_match: 2, frustration: false }
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
      name: "a state's own handler to a bot state wins over offramp.frustration",
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help], frustration: true }
start: greet
states:
  greet:
    on:
      next: greet
      frustrated: calm_down
  calm_down:
    on:
      ok: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 6, column: 3, messageId: 'notHuman' }],
    },
    {
      name: 'one branch of the guarded list stays with the bot',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: agent
      frustrated:
        - if: vip
          to: agent
        - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 3, messageId: 'notHuman' }],
    },
    {
      name: 'through a decision state with a branch back to the bot',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: agent
      frustrated: triage
  triage:
    always:
      - if: vip
        to: agent
      - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 3, messageId: 'notHuman' }],
    },
    {
      name: 'an end state is not a person',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      frustrated: bye
  agent:
    type: human
    queue: q
    hours: always
  bye:
    type: end
    outcome: abandoned
`,
      errors: [{ line: 5, column: 3, messageId: 'notHuman' }],
    },
    {
      name: 'unreachable, timeout-only and transition-less waiting states are judged',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      frustrated: agent
      wait: hold
      stop: stuck
  hold:
    after:
      1m: greet
  stuck:
    say: Nothing more here.
  orphan:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 11, column: 3, messageId: 'missing' },
        { line: 14, column: 3, messageId: 'missing' },
        { line: 16, column: 3, messageId: 'missing' },
      ],
    },
    {
      name: "format 1.1: a called journey's own frustrated handler that stays with the bot, at the call state",
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested], frustration: true }
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
          frustrated: calm
      calm:
        on:
          ok: ok
      ok: { type: end, outcome: verified }
`,
      errors: [{ line: 6, column: 3, messageId: 'notHuman' }],
    },
    {
      name: 'format 1.1: called states without frustrated handling and no offramp: one finding, at the call state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      verify: check_id
      frustrated: agent
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
  ],
});
