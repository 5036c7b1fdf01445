import { testRule } from '../support/lint.js';

// Spec: "`unreachable-state` (warning)"; "Reachability (`unreachable-state`, `trap-loop`,
// `handoff-context`) follows every kind of transition: `on` (signals included), `always`,
// `after`, `when_closed`, transitions out of human states, and the offramp (to
// `offramp.to`) when it declares `on`, `no_match` or `frustration`." "Lint never evaluates
// guards: every guarded branch counts as possible." Findings at the state's key line.
testRule('unreachable-state', {
  valid: [
    {
      name: 'states reached by ordinary events, object and list transitions',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      a: one
      b: { to: two }
      c:
        - if: "1 > 2"
          to: three
        - to: agent
  one:
    on:
      help: agent
  two:
    on:
      help: agent
  three:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a state reached only through no_match',
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
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a state reached only through no_input',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_input: nudge
  nudge:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a human state reached only through frustrated',
      yaml: `journey: t
title: T
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
    queue: c
    hours: always
`,
    },
    {
      name: 'a state reached only through an after timeout',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
    after:
      1h30m: timed_out
  agent:
    type: human
    queue: q
    hours: always
  timed_out:
    type: end
    outcome: abandoned
`,
    },
    {
      name: 'states reached only through always, including a guarded branch that can never hold',
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always:
      - if: "1 > 2"
        to: never
      - to: agent
  never:
    type: end
    outcome: resolved
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a state reached only through when_closed',
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
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: callback
  callback:
    type: end
    outcome: callback_booked
`,
    },
    {
      name: 'a state reached only through a transition out of a human state',
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
      rated: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'the human state reached only through an offramp with `on`',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
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
      name: 'the human state reached only through an offramp with no_match',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 2 }
start: greet
states:
  greet:
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
      name: 'the human state reached only through an offramp with frustration',
      yaml: `journey: t
title: T
offramp: { to: agent, frustration: true }
start: greet
states:
  greet:
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
      name: 'the offramp also applies in a decision state',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help] }
start: decide
states:
  decide:
    always:
      - if: "1 > 2"
        to: done
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
      name: 'a state reached through the offramp and then a hand-back from the person',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 2 }
start: greet
states:
  greet:
    on:
      done: done
  agent:
    type: human
    queue: q
    hours: always
    on:
      resolved: survey
  survey:
    on:
      rated: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'a branch guarded by a YAML false literal still counts',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      go:
        - if: false
          to: agent
        - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'format 1.1: states reached only by a ladder rung, a failed transfer or a callee returning',
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
      verified: done
      failed: agent
  done: { type: end, outcome: resolved }
  agent:
    type: human
    queue: q
    hours: always
    when_unavailable: sorry
  sorry: { type: end, outcome: callback_booked, human: later }
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
        no_match:
          - to: failed
      ok: { type: end, outcome: verified }
      failed: { type: end, outcome: failed }
`,
    },
  ],
  invalid: [
    {
      name: 'a bot state nothing leads to',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  orphan:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 3, messageId: 'unreachable' }],
    },
    {
      name: 'unreachable human and end states',
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
  spare_agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [
        { line: 12, column: 3, messageId: 'unreachable' },
        { line: 16, column: 3, messageId: 'unreachable' },
      ],
    },
    {
      name: 'an offramp with only `to` adds no transition',
      yaml: `journey: t
title: T
offramp: { to: agent }
start: greet
states:
  greet:
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
      errors: [{ line: 9, column: 3 }],
    },
    {
      name: 'states reached only from unreachable states, and a state reached only from itself',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  island:
    on:
      next: beyond
  beyond:
    on:
      help: agent
  selfish:
    on:
      again: selfish
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 8, column: 3 },
        { line: 11, column: 3 },
        { line: 14, column: 3 },
      ],
    },
    {
      name: 'a when_closed of an unreachable human state does not make its target reachable',
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
  other_agent:
    type: human
    queue: q
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: callback
  callback:
    type: end
    outcome: callback_booked
`,
      errors: [
        { line: 12, column: 3 },
        { line: 17, column: 3 },
      ],
    },
    {
      name: 'format 1.1: an unreachable call state is reported, not the states of the journey it calls',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  orphan_call:
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
      errors: [{ line: 8, column: 3, messageId: 'unreachable' }],
    },
    {
      name: 'format 1.1: an unreachable state of a sub-journey is reported once, in the sub-journey',
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
      lost:
        on:
          given: ok
      ok: { type: end, outcome: verified }
`,
      errors: [{ line: 24, column: 7, messageId: 'unreachable' }],
    },
  ],
});
