import { describe, expect, it } from 'vitest';
import { lintMany, testRule } from '../support/lint.js';

// Spec: "`call-cycle` (error): a journey that reaches itself through calls (`type: call` of
// itself, or a chain of calls through sub-journeys and other files) never ends"; report at
// the call state that starts the cycle, listing the cycle (`lost-card → identity-check →
// lost-card`). Rules run after linking (src/lint/check.ts), so calls to other files are seen
// when those files are linted together.
// Documented choices: each of the journey's own call states whose callee leads back to the
// journey is reported, with a shortest cycle; a cycle among other journeys that does not come
// back to this one is reported in those journeys (their files, or their `journeys:` entries).
testRule('call-cycle', {
  valid: [
    {
      name: 'a call to a sub-journey that ends',
      yaml: `journey: lost-card
title: T
start: verify
states:
  verify:
    type: call
    call: identity-check
    outcomes:
      default: done
  done:
    type: end
    outcome: resolved
journeys:
  identity-check:
    start: ask
    states:
      ask:
        on:
          ok: verified
      verified:
        type: end
        outcome: verified
`,
    },
    {
      name: 'two calls of the same sub-journey, one after the other',
      yaml: `journey: lost-card
title: T
start: first
states:
  first:
    type: call
    call: identity-check
    outcomes:
      default: second
  second:
    type: call
    call: identity-check
    outcomes:
      default: done
  done:
    type: end
    outcome: resolved
journeys:
  identity-check:
    start: ask
    states:
      ask:
        on:
          ok: verified
      verified:
        type: end
        outcome: verified
`,
    },
    {
      // A sub-journey cannot name the journey of its own file (unknown-target reports the call).
      name: 'a sub-journey naming the journey of its file is unknown-target\'s, not a cycle',
      yaml: `journey: lost-card
title: T
start: verify
states:
  verify:
    type: call
    call: identity-check
    outcomes:
      default: done
  done:
    type: end
    outcome: resolved
journeys:
  identity-check:
    start: ask
    states:
      ask:
        on:
          ok: verified
          start_over: again
      again:
        type: call
        call: lost-card
      verified:
        type: end
        outcome: verified
`,
    },
  ],
  invalid: [
    {
      name: 'a journey that calls itself',
      yaml: `journey: lost-card
title: T
start: greet
states:
  greet:
    on:
      again: restart
      bye: done
  restart:
    type: call
    call: lost-card
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 9, column: 3, messageId: 'callCycle' }],
    },
    {
      name: 'two sub-journeys that call each other: one finding in each',
      yaml: `journey: lost-card
title: T
start: verify
states:
  verify:
    type: call
    call: identity-check
    outcomes:
      default: done
  done:
    type: end
    outcome: resolved
journeys:
  identity-check:
    start: ask
    states:
      ask:
        on:
          ok: verified
          recover: recover
      recover:
        type: call
        call: account-recovery
      verified:
        type: end
        outcome: verified
  account-recovery:
    start: check
    states:
      check:
        type: call
        call: identity-check
`,
      errors: [
        { line: 21, column: 7, messageId: 'callCycle' },
        { line: 30, column: 7, messageId: 'callCycle' },
      ],
    },
  ],
});

describe('call-cycle across files', () => {
  const lostCard = `journey: lost-card
title: Lost card
start: greet
states:
  greet:
    on:
      go: verify
      bye: done
  verify:
    type: call
    call: identity-check
    outcomes:
      default: done
  done:
    type: end
    outcome: resolved
`;
  const identityCheck = `journey: identity-check
title: Identity check
start: ask
states:
  ask:
    on:
      ok: verified
      lost: report_lost
  report_lost:
    type: call
    call: lost-card
  verified:
    type: end
    outcome: verified
`;

  it('reports the call state of each journey on the cycle, listing the cycle from there', async () => {
    const results = await lintMany([
      { path: 'lost-card.journey.yaml', text: lostCard },
      { path: 'identity-check.journey.yaml', text: identityCheck },
    ]);
    const of = (path: string) => (results.get(path) ?? []).filter((d) => d.ruleId === 'call-cycle').map((d) => ({ line: d.line, column: d.column, message: d.message }));
    expect(of('lost-card.journey.yaml')).toEqual([
      {
        line: 9,
        column: 3,
        message: 'Call state `verify` leads back into journey `lost-card` through calls: lost-card → identity-check → lost-card. Each call starts the journey afresh inside the last one, so it never ends.',
      },
    ]);
    expect(of('identity-check.journey.yaml')).toEqual([
      {
        line: 9,
        column: 3,
        message:
          'Call state `report_lost` leads back into journey `identity-check` through calls: identity-check → lost-card → identity-check. Each call starts the journey afresh inside the last one, so it never ends.',
      },
    ]);
  });

  it('a chain of calls through three files', async () => {
    const a = `journey: a
title: A
start: s
states:
  s:
    type: call
    call: b
`;
    const b = `journey: b
title: B
start: s
states:
  s:
    type: call
    call: c
`;
    const c = `journey: c
title: C
start: s
states:
  s:
    on:
      again: back
  back:
    type: call
    call: a
`;
    const results = await lintMany([
      { path: 'a.journey.yaml', text: a },
      { path: 'b.journey.yaml', text: b },
      { path: 'c.journey.yaml', text: c },
    ]);
    const cycles = (path: string) => (results.get(path) ?? []).filter((d) => d.ruleId === 'call-cycle').map((d) => /: (.*)\. Each/.exec(d.message)?.[1]);
    expect(cycles('a.journey.yaml')).toEqual(['a → b → c → a']);
    expect(cycles('b.journey.yaml')).toEqual(['b → c → a → b']);
    expect(cycles('c.journey.yaml')).toEqual(['c → a → b → c']);
  });

  it('a journey that only calls into a cycle of others is not reported (the others are)', async () => {
    const top = `journey: top
title: Top
start: s
states:
  s:
    type: call
    call: b
`;
    const b = `journey: b
title: B
start: s
states:
  s:
    type: call
    call: b
`;
    const results = await lintMany([
      { path: 'top.journey.yaml', text: top },
      { path: 'b.journey.yaml', text: b },
    ]);
    expect((results.get('top.journey.yaml') ?? []).filter((d) => d.ruleId === 'call-cycle')).toEqual([]);
    expect((results.get('b.journey.yaml') ?? []).filter((d) => d.ruleId === 'call-cycle').map((d) => d.line)).toEqual([5]);
  });
});
