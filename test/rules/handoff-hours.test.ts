import { testRule } from '../support/lint.js';

// Spec: "`handoff-hours` (error: limited hours without `when_closed`)". "`when_closed`:
// required unless hours is `always`: where customers go out of hours". "the customer goes
// to `when_closed` (which may be any state; a chain of closed redirects must not loop)".
// Positions: missing when_closed at the human state's key; a when_closed loop at each
// `when_closed` value in the loop.
testRule('handoff-hours', {
  valid: [
    {
      name: 'hours: always needs no when_closed',
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
`,
    },
    {
      name: 'limited hours with when_closed to an end state',
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
    hours: mon-fri 08:00-20:00, sat 09:00-13:00 Europe/London
    when_closed: callback
  callback:
    type: end
    outcome: callback_booked
`,
    },
    {
      name: 'when_closed to a bot state that offers a retry is not a closed-redirect loop',
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
    when_closed: closed
  closed:
    on:
      retry: agent
      bye: done
  done:
    type: end
    outcome: abandoned
`,
    },
    {
      name: 'a chain of closed redirects that ends in an always-open team',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: local
  local:
    type: human
    queue: local
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: regional
  regional:
    type: human
    queue: regional
    hours: mon-sun 07:00-23:00 Europe/London
    when_closed: global
  global:
    type: human
    queue: global
    hours: always
`,
    },
    {
      name: 'a redirect chain ending in a bot state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: day
  day:
    type: human
    queue: day
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: night
  night:
    type: human
    queue: night
    hours: mon-fri 17:00-09:00 Europe/London
    when_closed: leave_message
  leave_message:
    on:
      sent: done
      help: day
  done:
    type: end
    outcome: callback_booked
`,
    },
    {
      name: 'format 1.1: a human state with limited hours and `when_unavailable` needs no `when_closed`',
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
    when_unavailable: callback
  callback:
    type: end
    outcome: callback_booked
    human: later
`,
    },
    {
      name: 'format 1.1: a chain of closed redirects through a call that ends in an end of the caller',
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
    when_closed: night
  night:
    type: call
    call: night-desk
    outcomes:
      closed: done
  done: { type: end, outcome: closed }
journeys:
  night-desk:
    start: desk
    states:
      desk:
        type: human
        queue: night
        hours: mon-fri 17:00-09:00 Europe/London
        when_closed: gone
      gone: { type: end, outcome: closed }
`,
    },
  ],
  invalid: [
    {
      name: 'limited hours without when_closed',
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
`,
      errors: [{ line: 8, column: 3, messageId: 'missing' }],
    },
    {
      name: 'one finding per human state lacking when_closed, reachable or not',
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
    hours: mon-sun 00:00-24:00 Europe/London
  night_team:
    type: human
    queue: night
    hours: mon-fri 22:00-06:00 America/New_York
  day_team:
    type: human
    queue: day
    hours: always
`,
      errors: [
        { line: 8, column: 3, messageId: 'missing' },
        { line: 12, column: 3, messageId: 'missing' },
      ],
    },
    {
      name: 'a human state that redirects to itself when closed',
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
    when_closed: agent
`,
      errors: [{ line: 12, column: 18, messageId: 'loop' }],
    },
    {
      name: 'two human states that redirect to each other: one finding at each when_closed',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: uk
  uk:
    type: human
    queue: uk
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: us
  us:
    type: human
    queue: us
    hours: mon-fri 09:00-17:00 America/New_York
    when_closed: uk
`,
      errors: [
        { line: 12, column: 18, messageId: 'loop' },
        { line: 17, column: 18, messageId: 'loop' },
      ],
    },
    {
      name: 'a chain that runs into a loop: only the when_closed values in the loop',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: first
  first:
    type: human
    queue: a
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: second
  second:
    type: human
    queue: b
    hours: sat-sun 09:00-17:00 Europe/London
    when_closed: third
  third:
    type: human
    queue: c
    hours: mon-sun 20:00-22:00 Europe/London
    when_closed: second
`,
      errors: [
        { line: 17, column: 18, messageId: 'loop' },
        { line: 22, column: 18, messageId: 'loop' },
      ],
    },
    {
      name: "format 1.1: closed redirects that loop through a called journey's human state and its end",
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
    when_closed: night
  night:
    type: call
    call: night-desk
    outcomes:
      closed: agent
journeys:
  night-desk:
    start: desk
    states:
      desk:
        type: human
        queue: night
        hours: mon-fri 17:00-09:00 Europe/London
        when_closed: gone
      gone: { type: end, outcome: closed }
`,
      errors: [{ line: 12, column: 18, messageId: 'loop' }],
    },
    {
      name: 'format 1.1: a loop through a called journey only: reported at the call state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: night
  night:
    type: call
    call: night-desk
    outcomes:
      closed: night
journeys:
  night-desk:
    start: desk
    states:
      desk:
        type: human
        queue: night
        hours: mon-fri 17:00-09:00 Europe/London
        when_closed: gone
      gone: { type: end, outcome: closed }
`,
      errors: [{ line: 8, column: 3, messageId: 'loop' }],
    },
    {
      name: "format 1.1: a called journey's own human state without `when_closed` is reported once, in its journey",
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
    when_closed: night
  night:
    type: call
    call: night-desk
    outcomes:
      closed: agent
journeys:
  night-desk:
    start: desk
    states:
      desk:
        type: human
        queue: night
        hours: mon-fri 17:00-09:00 Europe/London
`,
      errors: [{ line: 22, column: 7, messageId: 'missing' }],
    },
  ],
});
