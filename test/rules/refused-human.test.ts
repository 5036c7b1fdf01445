import { describe, expect, it } from 'vitest';
import { lintYaml, testRule } from '../support/lint.js';

// Spec: "`refused-human` (error): an event the offramp or the journey treats as asking for a
// person (`agent_requested` or names configured as such) is handled somewhere by a bot-only
// path that never reaches a person." Events: those `asksForPerson` (src/spec/names.ts)
// recognises, plus the option `events`; `offramp.on` events are left to offramp-shadowed.
// A bot state's own handler is reported when none of its choices leads to a person at once
// (`leadsToPerson`), at the event's key in `on`, naming where it leads instead. Own states only.
// Documented choices: an end with `human: later` counts as a person unless the journey is
// urgent; in a sub-journey checked on its own, its ends are left to the callers' outcomes;
// human states are not judged (the customer is with a person already).
testRule('refused-human', {
  valid: [
    {
      name: 'a request for a person that leads to one, directly or through a decision',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      speak_to_person: agent
      talk_to_human: route
  route:
    always:
      - if: vip
        to: vip_team
      - to: agent
  vip_team:
    type: human
    queue: vip
    hours: always
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'one choice of the handler leads to a person',
      yaml: `journey: t
title: T
context:
  tries: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      agent_requested:
        - if: tries > 0
          to: agent
        - to: greet
          set: { tries: tries + 1 }
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'offramp.on events are left to offramp-shadowed',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested] }
start: greet
states:
  greet:
    on:
      agent_requested: faq
  faq:
    on:
      back: greet
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a call back (human: later) answers the request in a routine journey',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      callback_requested: booked
      agent: agent
  booked:
    type: end
    outcome: callback_booked
    human: later
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'events that do not ask for a person, and human states',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      agenda: done
      humanity: done
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    on:
      agent_requested: done
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: "a sub-journey's end is judged by its callers' outcomes",
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: identity-check
    outcomes:
      wants_agent: agent
      default: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
journeys:
  identity-check:
    start: ask
    states:
      ask:
        on:
          verified: ok
          agent_requested: wants_agent
      wants_agent:
        type: end
        outcome: wants_agent
      ok:
        type: end
        outcome: verified
`,
    },
  ],
  invalid: [
    {
      name: 'a request for a person answered by more bot',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      speak_to_person: faq
      help: agent
  faq:
    say: Most questions are answered in our help centre.
    on:
      back: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 7, column: 7, messageId: 'refused' }],
    },
    {
      name: 'every choice of the handler stays with the bot (list and mapping forms)',
      yaml: `journey: t
title: T
context:
  tries: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      agent_requested:
        - if: tries > 1
          to: done
        - to: greet
          set: { tries: tries + 1 }
      next: ask
  ask:
    on:
      human: { to: done }
      help: agent
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: abandoned
`,
      errors: [
        { line: 9, column: 7, messageId: 'refused' },
        { line: 17, column: 7, messageId: 'refused' },
      ],
    },
    {
      name: 'through a decision with a choice that is not a person',
      yaml: `journey: t
title: T
context:
  open: { type: boolean, default: true }
start: greet
states:
  greet:
    on:
      talk_to_agent: route
  route:
    always:
      - if: open
        to: agent
      - to: greet
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 9, column: 7, messageId: 'refused' }],
    },
    {
      name: 'a call back does not answer the request in an urgent journey',
      yaml: `journey: t
title: T
priority: urgent
start: greet
states:
  greet:
    on:
      operator: booked
      help: agent
  booked:
    type: end
    outcome: callback_booked
    human: later
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 8, column: 7, messageId: 'refused' }],
    },
  ],
});

describe('refused-human options', () => {
  const yaml = `journey: t
title: T
start: greet
states:
  greet:
    on:
      escalate: faq
      help: agent
  faq:
    on:
      back: greet
  agent:
    type: human
    queue: q
    hours: always
`;
  it('`events` adds event names that ask for a person', async () => {
    const lint = async (options: Record<string, unknown>) =>
      (await lintYaml(yaml, { rules: new Map([['refused-human', { severity: 'error', options }]]) })).filter((d) => d.ruleId === 'refused-human').map((d) => `${d.line}:${d.column}`);
    expect(await lint({})).toEqual([]);
    expect(await lint({ events: ['escalate'] })).toEqual(['7:7']);
  });

  it('names where the request leads instead', async () => {
    const findings = (await lintYaml(yaml.replace('escalate', 'agent_requested'))).filter((d) => d.ruleId === 'refused-human');
    expect(findings.map((d) => d.message)).toEqual([
      'State `greet` answers `agent_requested`, a request for a person, by sending the customer to `faq`: no choice of it puts them with a person.',
    ]);
  });
});
