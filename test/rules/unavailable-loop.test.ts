import { describe, expect, it } from 'vitest';
import { lintYaml, testRule } from '../support/lint.js';

// Spec: "`unavailable-loop` (error): a `when_unavailable` or `when_closed` fallback that leads
// back to the same human state without a bound, or into a trap." Position: the
// `when_unavailable` (or `when_closed`) key. Closed redirects that loop among human states
// are handoff-hours' `loop` and are not reported again.
// Definition (docs/rules/unavailable-loop.md): from the fallback F of human state H, search
// every state reachable by any move without entering H and without going past an exit (an
// end state, call backs included; a human state other than H without `when_unavailable`).
// A human state with `when_unavailable` on the way fails too: only its fallbacks are
// followed. With an exit in reach: fine. Without: a loop when H is entered again by moves
// that no guard can stop, else a trap.
testRule('unavailable-loop', {
  valid: [
    {
      name: 'a failed transfer that offers a call back or a goodbye',
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
    when_unavailable: sorry
  sorry:
    say: Everyone is busy. Shall we call you back, or try again?
    on:
      retry: agent
      call_me: booked
  booked:
    type: end
    outcome: callback_booked
    human: later
`,
    },
    {
      name: 'a hold loop bounded by a counter whose last choice ends',
      yaml: `journey: t
title: T
context:
  tries: { type: number, default: 0, internal: true }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    when_unavailable: hold
  hold:
    always:
      - if: tries < 3
        to: agent
        set: { tries: tries + 1 }
      - to: booked
  booked:
    type: end
    outcome: callback_booked
    human: later
`,
    },
    {
      name: 'a failed transfer to another team, whose own failure ends',
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
    when_unavailable: overflow
  overflow:
    type: human
    queue: overflow
    hours: always
    when_unavailable: booked
  booked:
    type: end
    outcome: callback_booked
    human: later
`,
    },
    {
      name: 'a timeout or a ladder that ends the wait is a way out',
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
    when_unavailable: hold
  closed:
    say: We're closed. Try again when we're open.
    on:
      retry: agent
    no_input:
      - to: bye
  hold:
    on:
      retry: agent
    after:
      10m: bye
  bye:
    type: end
    outcome: abandoned
`,
    },
    {
      name: 'closed redirects that loop among human states are handoff-hours\' loop',
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
    },
  ],
  invalid: [
    {
      name: 'a failed transfer that tries again at once, for ever',
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
    when_unavailable: hold
  hold:
    say: All our agents are busy. Please hold.
    always: agent
`,
      errors: [{ line: 12, column: 5, messageId: 'unavailableLoop' }],
    },
    {
      name: 'a failed transfer back to the same human state',
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
    when_unavailable: agent
`,
      errors: [{ line: 12, column: 5, messageId: 'unavailableLoop' }],
    },
    {
      name: 'a menu whose every way leads back to the person (the offramp included)',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested], no_match: 2 }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    when_unavailable: sorry
  sorry:
    say: Sorry, nobody is free. What would you like to do?
    on:
      retry: agent
      faq: faq
  faq:
    on:
      back: sorry
`,
      errors: [{ line: 13, column: 5, messageId: 'unavailableLoop' }],
    },
    {
      name: 'two teams whose failed transfers send customers to each other',
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
    hours: always
    when_unavailable: second
  second:
    type: human
    queue: b
    hours: always
    when_unavailable: first
`,
      errors: [
        { line: 12, column: 5, messageId: 'unavailableLoop' },
        { line: 17, column: 5, messageId: 'unavailableLoop' },
      ],
    },
    {
      name: 'a closed team whose redirect comes back at once (not a loop among human states)',
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
    say: We're closed right now.
    always: agent
`,
      errors: [{ line: 12, column: 5, messageId: 'unavailableLoop' }],
    },
    {
      name: 'a counter that stops the retries and leaves the customer nowhere: a trap',
      yaml: `journey: t
title: T
context:
  tries: { type: number, default: 0, internal: true }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    when_unavailable: hold
  hold:
    always:
      - if: tries < 3
        to: agent
        set: { tries: tries + 1 }
`,
      errors: [{ line: 14, column: 5, messageId: 'unavailableTrap' }],
    },
    {
      name: 'a fallback into states that never come back nor end',
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
    when_unavailable: one
  one:
    on:
      next: two
  two:
    on:
      next: one
`,
      errors: [{ line: 12, column: 5, messageId: 'unavailableTrap' }],
    },
  ],
});

describe('unavailable-loop messages', () => {
  it('shows the way back and names the fallback', async () => {
    const findings = (
      await lintYaml(`journey: t
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
    when_unavailable: hold
  hold:
    always: agent
`)
    ).filter((d) => d.ruleId === 'unavailable-loop');
    expect(findings.map((d) => d.message)).toEqual([
      '`when_unavailable` of `agent` leads back to `agent` without a bound: agent --(transfer failed)--> hold --(always)--> agent. No end and no other person can be reached on the way, so a transfer that keeps failing sends the customer round forever.',
    ]);
    expect(findings[0]?.path).toEqual(['agent', 'hold', 'agent']);
  });
});
