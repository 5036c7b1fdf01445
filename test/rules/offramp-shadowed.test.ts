import { testRule } from '../support/lint.js';

// Spec: "Journey-wide `offramp` applies to bot states only (including decision states with
// `always` ...). A state's own handler for an event wins over the offramp; a state that
// reroutes an offramp event away from a human gets `offramp-shadowed` (warning)."
// Position: "offramp-shadowed at the handler's value".
// Documented choice: every branch of the state's own handler must lead to a human state
// (directly or through decision states whose every `always` branch does).
testRule('offramp-shadowed', {
  valid: [
    {
      name: 'states that do not handle the offramp events themselves',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help, agent_please] }
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
    },
    {
      name: 'an own handler that leads to the same or another person',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help, agent_please] }
start: greet
states:
  greet:
    on:
      help:
        to: agent
        do: [crm.note]
      agent_please: specialist
  agent:
    type: human
    queue: q
    hours: always
  specialist:
    type: human
    queue: s
    hours: always
`,
    },
    {
      name: 'an own handler through a decision state whose every branch is a person',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      help: route
  route:
    always:
      - if: vip
        to: specialist
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
  specialist:
    type: human
    queue: s
    hours: always
`,
    },
    {
      name: 'a guarded list whose every branch is a person',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      help:
        - if: vip
          to: specialist
        - to: agent
  agent:
    type: human
    queue: q
    hours: always
  specialist:
    type: human
    queue: s
    hours: always
`,
    },
    {
      name: 'the offramp does not apply to human states, so their handlers shadow nothing',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      next: greet
  agent:
    type: human
    queue: q
    hours: always
    on:
      help: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'without offramp.on, handling an event of the same name shadows nothing',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 2 }
start: greet
states:
  greet:
    on:
      help: faq
  faq:
    on:
      person: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'without any offramp there is nothing to shadow',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: faq
  faq:
    on:
      person: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: "format 1.1: a called journey's own handler for the caller's offramp event is judged in its own journey",
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested] }
start: check_id
states:
  check_id:
    type: call
    call: check
    outcomes:
      default: done
  done: { type: end, outcome: resolved }
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
          agent_requested: ok
      ok: { type: end, outcome: verified }
`,
    },
  ],
  invalid: [
    {
      name: 'an offramp event handled by going to a bot state',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      help: faq
  faq:
    on:
      next: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 13, messageId: 'shadowed' }],
    },
    {
      name: 'an object handler: at the value (the mapping)',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help, agent_please] }
start: greet
states:
  greet:
    on:
      next: greet
      agent_please: { to: done }
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: abandoned
`,
      errors: [{ line: 9, column: 21, messageId: 'shadowed' }],
    },
    {
      name: 'one branch of a guarded list stays with the bot',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      help:
        - if: attempts > 1
          to: agent
        - to: greet
          set: { attempts: attempts + 1 }
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts]
`,
      errors: [{ line: 11, column: 9, messageId: 'shadowed' }],
    },
    {
      name: 'through a decision state with a branch back to the bot',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      help: route
  route:
    always:
      - if: vip
        to: agent
      - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 10, column: 13, messageId: 'shadowed' }],
    },
    {
      name: 'a self-loop on the offramp event, in several states',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help] }
start: one
states:
  one:
    on:
      help: one
      next: two
  two:
    on:
      help: two
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 8, column: 13, messageId: 'shadowed' },
        { line: 12, column: 13, messageId: 'shadowed' },
      ],
    },
    {
      name: 'format 1.1: a handler for the offramp event that starts a call without a person',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested] }
start: greet
states:
  greet:
    on:
      verify: check_id
      agent_requested: check_id
  check_id:
    type: call
    call: check
    outcomes:
      default: done
  done: { type: end, outcome: resolved }
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
      errors: [{ line: 9, column: 24, messageId: 'shadowed' }],
    },
  ],
});
