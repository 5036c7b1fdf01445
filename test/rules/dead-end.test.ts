import { testRule } from '../support/lint.js';

// Spec: "`dead-end` (error: a bot state with no transitions of its own; the journey-wide
// offramp does not count)". "`dead-end`: handlers of reserved signals and `after` count as
// the state's own transitions; unreachable states are checked too." "A human state without
// `on` is terminal". Findings at the state's key line.
testRule('dead-end', {
  valid: [
    {
      name: 'a state with ordinary events',
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
      name: 'a state whose only transition handles no_match',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      no_match: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a state whose only transition handles no_input',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      no_input: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a state whose only transition handles frustrated',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      frustrated: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a state with only an after timeout',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    say: Please hold.
    after:
      30s: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a decision state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    always:
      - if: "1 > 2"
        to: done
      - to: agent
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
      name: 'human states without `on` and end states are terminal, not dead ends',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      bye: done
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
      name: 'a human state with an empty `on` is not a bot state',
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
    on: {}
`,
    },
    {
      name: 'format 1.1: a state whose only handler is a `no_match` retry ladder',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    say: Say something.
    no_match:
      - say: Sorry?
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
  ],
  invalid: [
    {
      name: 'a bot state with only `say`',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      next: info
  info:
    say: Our opening hours are 9 to 5.
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 3, messageId: 'deadEnd' }],
    },
    {
      name: 'the journey-wide offramp does not count',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help], no_match: 1, frustration: true }
start: greet
states:
  greet:
    on:
      next: info
  info:
    type: bot
    do: [crm.log]
    say: Done.
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 3, messageId: 'deadEnd' }],
    },
    {
      name: 'unreachable states are checked too',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  orphan:
    say: Nobody gets here.
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 3, messageId: 'deadEnd' }],
    },
    {
      name: 'empty `on` and `after` mappings are no transitions',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      a: one
      b: two
  one:
    on: {}
  two:
    after: {}
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 10, column: 3 },
        { line: 12, column: 3 },
      ],
    },
    {
      name: 'the start state with nothing at all',
      yaml: `journey: t
title: T
start: greet
states:
  greet: {}
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 5, column: 3 }],
    },
    {
      name: 'format 1.1: a call state is no dead end; a bot state of a sub-journey is judged in the sub-journey',
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: check
  agent:
    type: human
    queue: q
    hours: always
journeys:
  check:
    start: ask
    states:
      ask:
        say: Nothing here.
`,
      errors: [{ line: 16, column: 7, messageId: 'deadEnd' }],
    },
  ],
});
