import { testRule } from '../support/lint.js';

// Spec: "`offramp-distance` (error): every reachable bot state reaches a human within N
// customer turns; N = 1 for `urgent`, 2 for `sensitive`, 3 for `routine`."
// "`priority: ... (default: routine)`". "A decision state's distance is the minimum over
// its branches, at cost 0." "With `offramp.on`, every bot state is at most 1 turn from the
// human state." "A state whose infinite distance is reported by `human-exit` is not
// reported again by `offramp-distance`." "A state's own handler for an event wins over the
// offramp."
testRule('offramp-distance', {
  valid: [
    {
      name: 'routine by default: three turns are allowed',
      yaml: `journey: t
title: T
start: s1
states:
  s1:
    on:
      next: s2
  s2:
    on:
      next: s3
  s3:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'explicit routine: three turns are allowed',
      yaml: `journey: t
title: T
priority: routine
start: s1
states:
  s1:
    on:
      next: s2
  s2:
    on:
      next: s3
  s3:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'sensitive: two turns are allowed',
      yaml: `journey: t
title: T
priority: sensitive
start: s1
states:
  s1:
    on:
      next: s2
  s2:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'urgent: every state one turn away',
      yaml: `journey: t
title: T
priority: urgent
start: s1
states:
  s1:
    on:
      next: s2
      help: agent
  s2:
    on:
      done: done
      help: agent
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
      name: 'urgent: offramp.on puts every bot state one turn away',
      yaml: `journey: t
title: T
priority: urgent
offramp: { to: agent, on: [agent_requested] }
start: s1
states:
  s1:
    on:
      next: s2
  s2:
    on:
      next: s3
  s3:
    on:
      next: s4
  s4:
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
      name: 'urgent: always costs nothing, even through a chain of decision states',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      help: route
  route:
    always:
      - to: triage
  triage:
    always:
      - if: "1 > 2"
        to: greet
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'urgent: a start decision state is judged through its targets',
      yaml: `journey: t
title: T
priority: urgent
start: decide
states:
  decide:
    always:
      - if: "1 > 2"
        to: ask
      - to: other
  ask:
    on:
      help: agent
  other:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'urgent: an unreachable far-away state is not judged',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      help: agent
  orphan:
    on:
      next: middle
  middle:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'urgent: an infinite distance is left to human-exit',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      help: agent
      next: loop
  loop:
    on:
      again: loop
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'urgent: a guarded branch counts (guards are not evaluated)',
      yaml: `journey: t
title: T
priority: urgent
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      failed:
        - if: attempts >= 2
          to: agent
        - to: greet
          set: { attempts: attempts + 1 }
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts]
`,
    },
    {
      name: 'urgent: a human state with limited hours counts whatever the hours',
      yaml: `journey: t
title: T
priority: urgent
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
      name: 'sensitive: the minimum over all events is taken',
      yaml: `journey: t
title: T
priority: sensitive
start: s1
states:
  s1:
    on:
      long: s2
      short: s3
  s2:
    on:
      next: s3
  s3:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'urgent: no human state at all is left to human-exit',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      next: ask
  ask:
    on:
      done: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'urgent: shadowing one offramp event leaves the other offramp event one turn away',
      yaml: `journey: t
title: T
priority: urgent
offramp: { to: agent, on: [help, agent_please] }
start: greet
states:
  greet:
    on:
      help: menu
  menu:
    on:
      back: greet
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'urgent: a person reached through a hand-back state is one turn away',
      yaml: `journey: t
title: T
priority: urgent
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
      again: agent
      bye: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'urgent: a branch guarded by a YAML false literal still counts',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      go: decide
  decide:
    always:
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
      name: 'format 1.1: a call back (`human: later`) 1 turn away counts as a person in a routine journey',
      yaml: `journey: t
title: T
start: a
states:
  a:
    on:
      next: b
      call_me: callback
  b:
    on:
      next: c
      call_me: callback
  c:
    on:
      next: d
  d:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
  callback:
    type: end
    outcome: callback_booked
    human: later
`,
    },
    {
      name: "format 1.1: the caller's offramp puts the called journey's states 1 turn from a person",
      yaml: `journey: t
title: T
priority: urgent
offramp: { to: agent, on: [agent_requested] }
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
          next: confirm
      confirm:
        on:
          next: last
      last:
        on:
          done: fin
      fin:
        type: end
        outcome: verified
`,
    },
  ],
  invalid: [
    {
      name: 'routine by default: four turns are too many',
      yaml: `journey: t
title: T
start: s1
states:
  s1:
    on:
      next: s2
  s2:
    on:
      next: s3
  s3:
    on:
      next: s4
  s4:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 5, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'sensitive: three turns are too many',
      yaml: `journey: t
title: T
priority: sensitive
start: s1
states:
  s1:
    on:
      next: s2
  s2:
    on:
      next: s3
  s3:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 6, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'urgent: two turns are too many, one finding per state',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      a: ask
      b: other
  ask:
    on:
      help: agent
  other:
    on:
      next: ask
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 6, column: 3, messageId: 'tooFar' },
        { line: 13, column: 3, messageId: 'tooFar' },
      ],
    },
    {
      name: 'urgent: signals and timeouts do not shorten the distance',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      next: ask
      no_match: agent
      no_input: agent
      frustrated: agent
    after:
      1m: agent
  ask:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 6, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'urgent: an offramp with only no_match and frustration does not put states 1 turn away',
      yaml: `journey: t
title: T
priority: urgent
offramp: { to: agent, no_match: 1, frustration: true }
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
      errors: [{ line: 7, column: 3, messageId: 'tooFar' }],
    },
    {
      name: "urgent: a state's own handler for the offramp event shadows the offramp",
      yaml: `journey: t
title: T
priority: urgent
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      help: menu
  menu:
    on:
      back: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'urgent: always costs nothing but the events around it still count',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      next: decide
  decide:
    always:
      - if: "1 > 2"
        to: done
      - to: ask
  ask:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 6, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'urgent: a state reachable only through a signal is judged',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      help: agent
      no_match: lost
  lost:
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
      errors: [{ line: 10, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'sensitive: only the state three turns away is reported, not the start one turn away',
      yaml: `journey: t
title: T
priority: sensitive
start: greet
states:
  greet:
    on:
      help: agent
      next: s1
  s1:
    on:
      next: s2
  s2:
    on:
      next: s3
  s3:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 10, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'format 1.1: in an urgent journey a call back is no person: the human state 2 turns away is too far',
      yaml: `journey: t
title: T
priority: urgent
start: a
states:
  a:
    on:
      help: agent
      later: b
  b:
    on:
      call_me: callback
      back: a
  agent:
    type: human
    queue: q
    hours: always
  callback:
    type: end
    outcome: callback_booked
    human: later
`,
      errors: [{ line: 10, column: 3, messageId: 'tooFar' }],
    },
    {
      name: 'format 1.1: a state of a called journey too far from a person is reported once, at the call state',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      help: agent
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
          next: confirm
          help: desk
      confirm:
        on:
          next: last
      last:
        on:
          help: desk
      desk:
        type: human
        queue: q
        hours: always
`,
      errors: [{ line: 10, column: 3, messageId: 'tooFar' }],
    },
  ],
});
