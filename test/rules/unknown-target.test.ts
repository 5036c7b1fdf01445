import { testRule } from '../support/lint.js';

// Spec: "`unknown-target` (error, with "did you mean")"; "a transition's finding at its
// value" (unknown-target at the target value). Every form of transition is checked:
// `event: target`, `event: { to, ... }`, lists, `always`, `after`, transitions out of
// human states, and the other places that name a state (`when_closed`, `start`,
// `offramp.to`).
testRule('unknown-target', {
  valid: [
    {
      name: 'every target names a state',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      next: { to: decide }
      failed:
        - if: "1 > 2"
          to: agent
        - to: greet
    after:
      5m: done
  decide:
    always:
      - if: "1 < 2"
        to: done
      - to: agent
  agent:
    type: human
    queue: q
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: done
    on:
      resolved: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'a state id that looks like an event name is still a state',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: no_match
  no_match:
    type: human
    queue: q
    hours: always
`,
    },
  ],
  invalid: [
    {
      name: 'a misspelt plain target (with did you mean)',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agnt
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 13, messageId: 'unknown' }],
    },
    {
      name: 'the `to` of an object transition',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help:
        to: nobody
        do: [crm.note]
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 13, messageId: 'unknown' }],
    },
    {
      name: 'each unknown branch of a guarded list',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      failed:
        - if: "1 > 2"
          to: agentt
        - to: greet
        - to: gone
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 9, column: 15 },
        { line: 11, column: 15 },
      ],
    },
    {
      name: 'the target of a reserved signal handler',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      no_match: retry
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 17 }],
    },
    {
      name: 'an `always` target',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    always:
      - to: agnet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 13 }],
    },
    {
      name: 'an `always` given as a plain target',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    always: agnet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 6, column: 13 }],
    },
    {
      name: 'an `after` target',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
    after:
      30s: timeout
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 12 }],
    },
    {
      name: 'a transition out of a human state',
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
      resolved: dnoe
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 13, column: 17 }],
    },
    {
      name: 'a when_closed target',
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
    when_closed: calback
  callback:
    type: end
    outcome: callback_booked
`,
      errors: [{ line: 12, column: 18 }],
    },
    {
      name: 'the start state and the offramp target',
      yaml: `journey: t
title: T
offramp: { to: agnt, on: [help] }
start: gret
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 3, column: 16 },
        { line: 4, column: 8 },
      ],
    },
    {
      name: 'state ids are case-sensitive targets',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: Agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 13 }],
    },
    {
      name: 'a plain-string item of a transition list',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: [agnt]
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 14 }],
    },
  ],
});
