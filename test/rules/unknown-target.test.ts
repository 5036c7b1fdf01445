import { describe, expect, it } from 'vitest';
import { lintMany, testRule } from '../support/lint.js';

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
    {
      name: 'format 1.1: every call, outcome, rung and `when_unavailable` names a journey, outcome or state',
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: outer
    outcomes:
      verified: done
      failed: agent
  done: { type: end, outcome: resolved }
  agent:
    type: human
    queue: q
    hours: always
    when_unavailable: done
journeys:
  outer:
    start: inner_call
    states:
      inner_call:
        type: call
        call: inner
        outcomes:
          ok: fin
      fin: { type: end, outcome: verified }
  inner:
    start: ask
    states:
      ask:
        on:
          given: ok
          wrong: bad
      ok: { type: end, outcome: ok }
      bad: { type: end, outcome: failed }
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
    {
      name: 'format 1.1: an unknown callee, ladder rung `to` and `when_unavailable`, with \'did you mean\'',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      verify: check_id
    no_match:
      - say: Sorry?
      - to: agnet
  check_id:
    type: call
    call: identity-chek
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
    when_unavailable: calback
  callback:
    type: end
    outcome: callback_booked
    human: later
journeys:
  identity-check:
    start: ask
    states:
      ask:
        on:
          given: ok
      ok: { type: end, outcome: verified }
`,
      errors: [
        { line: 10, column: 13, messageId: 'unknown' },
        { line: 13, column: 11, messageId: 'unknownJourney' },
        { line: 20, column: 23, messageId: 'unknown' },
      ],
    },
    {
      name: 'format 1.1: an outcome the callee never ends with, and an unknown outcome target',
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: check
    outcomes:
      verifed: done
      failed: agnt
      default: agent
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
          wrong: failed
      ok: { type: end, outcome: verified }
      failed: { type: end, outcome: failed }
`,
      errors: [
        { line: 9, column: 7, messageId: 'unknownOutcome' },
        { line: 10, column: 15, messageId: 'unknown' },
      ],
    },
  ],
});

describe('unknown-target with journeys of other files (format 1.1)', () => {
  const card = `journey: card
title: Card
start: verify
states:
  verify:
    type: call
    call: identity-check
    outcomes:
      verified: again
      faild: agent
  again:
    type: call
    call: identity-chek
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
`;
  const identity = `journey: identity-check
title: Check identity
sub_journey: true
start: ask
states:
  ask:
    on:
      given: ok
      wrong: failed
  ok: { type: end, outcome: verified }
  failed: { type: end, outcome: failed }
`;

  it('a call names a journey of another file linted together; outcomes are checked against its ends', async () => {
    const results = await lintMany([
      { path: 'card.journey.yaml', text: card },
      { path: 'identity-check.journey.yaml', text: identity },
    ]);
    const found = (results.get('card.journey.yaml') ?? []).filter((d) => d.ruleId === 'unknown-target');
    expect(found.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['10:7 unknownOutcome', '13:11 unknownJourney']);
    expect(found[0]!.message).toBe('State `verify` continues on outcome `faild`, but `identity-check` never ends with it (did you mean `failed`?).');
    // The suggestion comes from the journeys this file calls that exist.
    expect(found[1]!.message).toContain('(did you mean `identity-check`?)');
    expect((results.get('identity-check.journey.yaml') ?? []).filter((d) => d.ruleId === 'unknown-target')).toEqual([]);
  });

  it('without the other file, the callee is unknown', async () => {
    const results = await lintMany([{ path: 'card.journey.yaml', text: card }]);
    const found = (results.get('card.journey.yaml') ?? []).filter((d) => d.ruleId === 'unknown-target');
    expect(found.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['7:11 unknownJourney', '13:11 unknownJourney']);
  });
});
