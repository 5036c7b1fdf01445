import { describe, expect, it } from 'vitest';
import { lintYaml, testRule } from '../support/lint.js';

const base = (states: string, extra = ''): string => `journey: t
title: T
${extra}start: greet
states:
${states}`;

// Spec: "`human-exit` (error): the journey has a human state, and from every reachable bot
// state there is a route to a human". A route "follows ordinary customer events (and
// `always`, which costs nothing), not the reserved signals and not `after` timeouts".
// "With `offramp.on`, every bot state is at most 1 turn from the human state."
testRule('human-exit', {
  valid: [
    {
      name: 'every waiting state has an event to a person',
      yaml: base(`  greet:
    on:
      help: agent
      next: ask
  ask:
    on:
      agent_please: agent
      done: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`),
    },
    {
      name: 'the journey-wide offramp with `on` covers every bot state',
      yaml: base(
        `  greet:
    on:
      next: loop
  loop:
    on:
      again: loop
  agent:
    type: human
    queue: q
    hours: always
`,
        'offramp: { to: agent, on: [agent_requested] }\n',
      ),
    },
    {
      name: 'a guarded branch counts as a route (lint does not evaluate guards)',
      yaml: base(`  greet:
    on:
      failed:
        - if: "1 > 2"
          to: agent
        - to: greet
  agent:
    type: human
    queue: q
    hours: always
`),
    },
    {
      name: 'decision states are judged through the states they lead to',
      yaml: base(`  greet:
    on:
      go: decide
  decide:
    always:
      - to: agent
  agent:
    type: human
    queue: q
    hours: always
`),
    },
    {
      name: 'an unreachable state without a route is not judged (reachable states only)',
      yaml: base(`  greet:
    on:
      help: agent
  orphan:
    on:
      again: orphan
  agent:
    type: human
    queue: q
    hours: always
`),
    },
    {
      name: 'a human state with limited hours still counts as a route to a person',
      yaml: base(`  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: bye
  bye:
    type: end
    outcome: callback_booked
`),
    },
    {
      name: 'a long route is still a route (the distance is offramp-distance business)',
      yaml: base(`  greet:
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
      next: s5
  s5:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`),
    },
    {
      name: 'dotted event names are ordinary customer events',
      yaml: base(`  greet:
    on:
      card.lost: agent
  agent:
    type: human
    queue: q
    hours: always
`),
    },
    {
      name: 'a start decision state whose branches lead to states with routes',
      yaml: `journey: t
title: T
start: decide
states:
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
    },
    {
      name: 'a hand-back from a person leads to a bot state that has its own route',
      yaml: base(`  greet:
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
      talk_again: agent
      rate: done
  done:
    type: end
    outcome: resolved
`),
    },
    {
      name: 'a state that shadows one offramp event still has the other offramp events',
      yaml: base(
        `  greet:
    on:
      help: greet
  agent:
    type: human
    queue: q
    hours: always
`,
        'offramp: { to: agent, on: [help, agent_please] }\n',
      ),
    },
    {
      name: 'an event transition in object form with set and do counts',
      yaml: base(
        `  greet:
    on:
      help:
        to: agent
        set: { tries: tries + 1 }
        do: [crm.note]
  agent:
    type: human
    queue: q
    hours: always
    carry: [tries]
`,
        'context:\n  tries: { type: number, default: 0 }\n',
      ),
    },
    {
      name: 'format 1.1: a human state inside a sub-journey is a route to a person from the caller',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      next: help
  help:
    type: call
    call: desk
    outcomes:
      default: done
  done:
    type: end
    outcome: resolved
journeys:
  desk:
    start: ask
    states:
      ask:
        on:
          agent_please: agent
          bye: fin
      agent:
        type: human
        queue: q
        hours: always
      fin:
        type: end
        outcome: done
`,
    },
    {
      name: 'format 1.1: a sub-journey without a human state is judged inside its caller, where the offramp applies',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested] }
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
      ok:
        type: end
        outcome: verified
`,
    },
    {
      name: 'format 1.1: a call back (`human: later`) counts as a person in a sensitive journey',
      yaml: `journey: t
title: T
priority: sensitive
start: greet
states:
  greet:
    on:
      call_me: callback
      bye: done
  callback:
    type: end
    outcome: callback_booked
    human: later
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'format 1.1: a file marked `sub_journey: true` is judged only inside its callers',
      yaml: `sub_journey: true
journey: t
title: T
start: ask
states:
  ask:
    on:
      given: ok
  ok:
    type: end
    outcome: verified
`,
    },
  ],
  invalid: [
    {
      name: 'no human state at all: one finding at `states:`',
      yaml: base(`  greet:
    on:
      done: done
  done:
    type: end
    outcome: resolved
`),
      errors: [{ line: 4, column: 1, messageId: 'noHuman' }],
    },
    {
      name: 'no human state: the finding is at `states:` wherever it is',
      yaml: `journey: t
title: T
context:
  x: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      again: greet
`,
      errors: [{ line: 6, column: 1, messageId: 'noHuman' }],
    },
    {
      name: 'a loop the customer cannot leave by choice, only by a timeout or a signal',
      yaml: base(`  greet:
    on:
      help: agent
      next: loop
  loop:
    on:
      again: loop
      no_match: agent
    after:
      5m: agent
  agent:
    type: human
    queue: q
    hours: always
`),
      errors: [{ line: 9, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'no_input and frustrated signals are not routes either',
      yaml: base(`  greet:
    on:
      next: ask
      help: agent
  ask:
    on:
      no_input: agent
      frustrated: agent
      repeat: ask
  agent:
    type: human
    queue: q
    hours: always
`),
      errors: [{ line: 9, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'an offramp with only no_match and frustration gives no route by choice',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 1, frustration: true }
start: greet
states:
  greet:
    on:
      next: ask
  ask:
    on:
      next: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 6, column: 3, messageId: 'noRoute' },
        { line: 9, column: 3, messageId: 'noRoute' },
      ],
    },
    {
      name: 'reaching an end is not reaching a person',
      yaml: base(`  greet:
    on:
      help: agent
      next: confirm
  confirm:
    on:
      yes: done
      no: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`),
      errors: [{ line: 9, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'a state reachable only through a signal is reachable and judged',
      yaml: base(`  greet:
    on:
      help: agent
      no_match: lost
  lost:
    on:
      again: lost
  agent:
    type: human
    queue: q
    hours: always
`),
      errors: [{ line: 9, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'a state reachable only through a timeout is reachable and judged',
      yaml: base(`  greet:
    on:
      help: agent
    after:
      10m: idle
  idle:
    on:
      again: idle
  agent:
    type: human
    queue: q
    hours: always
`),
      errors: [{ line: 10, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'a state reachable only by a hand-back from a person is judged',
      yaml: base(`  greet:
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
      rate: done
  done:
    type: end
    outcome: resolved
`),
      errors: [{ line: 14, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'a state reachable only through when_closed is judged',
      yaml: base(`  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: leave_message
  leave_message:
    on:
      sent: done
  done:
    type: end
    outcome: callback_booked
`),
      errors: [{ line: 13, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'a decision state is judged through its targets: only the trapped waiting state is reported',
      yaml: `journey: t
title: T
start: decide
states:
  decide:
    always:
      - if: "1 > 2"
        to: done
      - to: loop
  loop:
    on:
      again: loop
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 10, column: 3, messageId: 'noRoute' }],
    },
    {
      name: "a state's own handler for the only offramp event shadows the offramp",
      yaml: base(
        `  greet:
    on:
      help: greet
  agent:
    type: human
    queue: q
    hours: always
`,
        'offramp: { to: agent, on: [help] }\n',
      ),
      errors: [{ line: 6, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'one finding per trapped state, in order',
      yaml: base(`  greet:
    on:
      help: agent
      a: one
      b: two
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
`),
      errors: [
        { line: 10, column: 3, messageId: 'noRoute' },
        { line: 13, column: 3, messageId: 'noRoute' },
      ],
    },
    {
      name: 'a waiting state with only a timeout has no route by choice',
      yaml: base(`  greet:
    on:
      help: agent
      wait: hold
  hold:
    after:
      1m: agent
  agent:
    type: human
    queue: q
    hours: always
`),
      errors: [{ line: 9, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'a state reachable only through the offramp and a hand-back is judged',
      yaml: `journey: t
title: T
offramp: { to: agent, no_match: 2 }
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
      rate: done
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 15, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'format 1.1: an urgent journey whose only way to a person is a call back',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      call_me: callback
      bye: done
  callback:
    type: end
    outcome: callback_booked
    human: later
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 5, column: 1, messageId: 'urgentCallback' }],
    },
    {
      name: 'format 1.1: in an urgent journey a state that reaches only a call back has its own message',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      help: agent
      later: booking
  booking:
    on:
      call_me: callback
      again: booking
  agent:
    type: human
    queue: q
    hours: always
  callback:
    type: end
    outcome: callback_booked
    human: later
`,
      errors: [{ line: 10, column: 3, messageId: 'callbackRoute' }],
    },
    {
      name: 'format 1.1: states of a called journey without a route: one finding, at the call state',
      yaml: `journey: t
title: T
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
          again: ask
          next: confirm
      confirm:
        on:
          again: confirm
`,
      errors: [{ line: 9, column: 3, messageId: 'noRoute' }],
    },
    {
      name: 'format 1.1: a called journey is judged once per call state that calls it',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      first: one
      second: two
  one:
    type: call
    call: check
    outcomes:
      default: agent
  two:
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
          again: ask
`,
      errors: [
        { line: 10, column: 3, messageId: 'noRoute' },
        { line: 15, column: 3, messageId: 'noRoute' },
      ],
    },
  ],
});

describe('human-exit messages say only what is true', () => {
  it('a customer whose choices reach an end is not said to "stay among" it: the end is named as an end', async () => {
    const findings = (await lintYaml(`journey: t
title: T
start: ask
states:
  ask:
    on:
      yes: done
      again: ask
  done:
    type: end
    outcome: resolved
  agent:
    type: human
    queue: q
    hours: always
`)).filter((d) => d.ruleId === 'human-exit');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("the customer's choices lead only to `ask` and to the end `done`, never to a person");
    expect(findings[0]!.message).not.toContain('stay among');
    expect(findings[0]!.message).toContain('This is where the journey starts.');
  });
});

describe('human-exit with calls (format 1.1)', () => {
  it('names the state of the called journey and the call, and shows how the customer gets there', async () => {
    const findings = (await lintYaml(`journey: t
title: T
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
          again: ask
`)).filter((d) => d.ruleId === 'human-exit');
    expect(findings.map((d) => d.message)).toEqual([
      'No route to a person from state `ask` of `check` called by `check_id`: whatever the customer chooses, they stay among `check_id$ask`. The customer gets here by greet --verify--> check_id --(call check)--> check_id$ask.',
    ]);
  });

  it('an urgent journey: "urgent journeys need a person now, not a call back"', async () => {
    const findings = (await lintYaml(`journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      call_me: callback
  callback:
    type: end
    outcome: callback_booked
    human: later
`)).filter((d) => d.ruleId === 'human-exit');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('urgent journeys need a person now, not a call back');
    expect(findings[0]!.message).toContain('`callback`');
  });
});
