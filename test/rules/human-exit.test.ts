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
