import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findPromise, phraseExpression, DEFAULT_PHRASES } from '../../src/rules/fake-offramp.js';
import { lintYaml, ROOT, testRule } from '../support/lint.js';

// Spec: "`fake-offramp` (error): a state that promises a person ('connect you to an agent',
// 'transfer you', configurable phrases, several languages is a plus) but is not a human
// state and does not lead to one." It reports when the state is not a human state and
// entering it does not put the customer with a person at once (`leadsToPerson`): a bot
// state that waits, an end state, a decision or call whose choices do not all lead to a
// person. Position: the `say` value (or a ladder rung's `say`). Own states only.
// Documented choices: a negated phrase ("I can't transfer you") promises nothing; a
// phrase in a question or after "you can", "if you", "would you"... is an offer, kept when
// one answer of the customer there leads only to a person; a phrase in a sentence about a
// call back is kept by an end with `human: later` in reach; a `human: later` end keeps any
// promise; in a sub-journey checked on its own, its ends are left to the callers.
testRule('fake-offramp', {
  valid: [
    {
      name: "a human state's own words",
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    say: I'm connecting you to an agent now.
    queue: q
    hours: always
`,
    },
    {
      name: 'a bot state that promises a person and goes on at once to one (always)',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: handoff
  handoff:
    say: I'll connect you to an agent.
    always: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a decision whose every choice is a person',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: handoff
  handoff:
    say: Let me put you through to the right team.
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
      name: 'words that promise nothing, and a negated phrase',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    say: I can help you transfer your money between accounts.
    on:
      busy: sorry
      agent: agent
  sorry:
    say: Sorry, I can't transfer you right now. Please try again later.
    on:
      ok: done
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
      name: 'an offer the customer can take in one turn (own event, or the offramp)',
      yaml: `journey: t
title: T
offramp: { to: agent, on: [agent_requested] }
start: greet
states:
  greet:
    say: Shall I transfer you to an agent?
    on:
      yes: agent
      no: menu
  menu:
    say: You can talk to a person at any time. What would you like to do?
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
      name: 'a call back promised at an end with human: later, or on the way to one',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      closed: callback_number
      agent: agent
  callback_number:
    say: A member of our team will call you back. What number should they use?
    on:
      number_given: booked
  booked:
    type: end
    say: Thanks. Someone will be with you tomorrow morning.
    outcome: callback_booked
    human: later
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a ladder rung that sends the customer to a person',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    say: What can I do for you?
    on:
      done: done
      agent: agent
    no_match:
      - say: Sorry, could you say that again?
      - say: I'll transfer you to an agent.
        to: agent
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
      name: "a sub-journey's end is judged by its callers' outcomes",
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: identity-check
    outcomes:
      needs_agent: agent
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
        say: What is your date of birth?
        on:
          verified: ok
          failed: handoff
      handoff:
        type: end
        say: Let me get you a human who can check this with you.
        outcome: needs_agent
      ok:
        type: end
        outcome: verified
`,
    },
  ],
  invalid: [
    {
      name: 'a bot state that says it transfers and then waits (English)',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: handoff
      agent: agent
  handoff:
    say: I will now transfer you to a human agent.
    on:
      thanks: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 10, column: 10, messageId: 'fakePromise' }],
    },
    {
      name: 'an end state that promises a person (German, French, Spanish, Dutch)',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      de: de
      fr: fr
      es: es
      nl: nl
      agent: agent
  de:
    type: end
    say: Einen Moment, ich verbinde Sie mit einem Mitarbeiter.
    outcome: handed_off
  fr:
    type: end
    say: Je vous transfère à un conseiller.
    outcome: handed_off
  es:
    type: end
    say: Un momento, le transfiero con un agente.
    outcome: handed_off
  nl:
    type: end
    say: Ik verbind u door met een medewerker.
    outcome: handed_off
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [
        { line: 14, column: 10, messageId: 'fakePromise' },
        { line: 18, column: 10, messageId: 'fakePromise' },
        { line: 22, column: 10, messageId: 'fakePromise' },
        { line: 26, column: 10, messageId: 'fakePromise' },
      ],
    },
    {
      name: 'a decision with a choice that does not lead to a person',
      yaml: `journey: t
title: T
context:
  open: { type: boolean, default: true }
start: greet
states:
  greet:
    on:
      help: handoff
  handoff:
    say: Please hold while I put you through.
    always:
      - if: open
        to: agent
      - to: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: abandoned
`,
      errors: [{ line: 11, column: 10, messageId: 'fakePromise' }],
    },
    {
      name: 'a ladder rung that promises a person and keeps the customer with the bot',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    say: What can I do for you?
    on:
      done: done
      agent: agent
    no_match:
      - say: Sorry, could you say that again?
      - say: An agent will be with you shortly.
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 12, column: 14, messageId: 'fakePromise' }],
    },
    {
      name: 'an offer no answer can take to a person',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    say: Would you like to speak to an advisor?
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
`,
      errors: [{ line: 6, column: 10, messageId: 'fakeOffer' }],
    },
    {
      name: 'a call back promised with no human: later end in reach',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      closed: closed
      agent: agent
  closed:
    type: end
    say: We're closed. I'll get someone to call you back tomorrow.
    outcome: closed
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 11, column: 10, messageId: 'fakePromise' }],
    },
  ],
});

describe('fake-offramp options', () => {
  const handoff = (say: string): string => `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: handoff
      agent: agent
  handoff:
    say: ${say}
    on:
      thanks: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`;
  const lint = async (say: string, options: Record<string, unknown>) =>
    (await lintYaml(handoff(say), { rules: new Map([['fake-offramp', { severity: 'error', options }]]) })).filter((d) => d.ruleId === 'fake-offramp').map((d) => `${d.line}:${d.column}`);

  it('`phrases` adds phrases to the defaults', async () => {
    expect(await lint('Our specialists will ring you shortly.', {})).toEqual([]);
    expect(await lint('Our specialists will ring you shortly.', { phrases: ['specialists will ring'] })).toEqual(['10:10']);
    expect(await lint('I will now transfer you.', { phrases: ['specialists will ring'] })).toEqual(['10:10']);
  });

  it('`replace: true` replaces the defaults with `phrases`', async () => {
    expect(await lint('I will now transfer you.', { phrases: ['specialists will ring'], replace: true })).toEqual([]);
    expect(await lint('Our specialists will ring you shortly.', { phrases: ['specialists will ring'], replace: true })).toEqual(['10:10']);
    expect(await lint('I will now transfer you.', { phrases: [], replace: true })).toEqual([]);
  });
});

describe('fake-offramp phrase matching', () => {
  const expression = phraseExpression(DEFAULT_PHRASES) as RegExp;

  it('finds the same matches as one lookaround pair per phrase (the expression before it was grouped)', () => {
    const ungrouped = (phrases: readonly string[]): RegExp =>
      new RegExp(
        [...phrases]
          .map((p) => p.trim().replace(/\s+/g, ' '))
          .filter((p) => p.length > 0)
          .sort((a, b) => b.length - a.length)
          .map((p) => {
            const body = p.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]")).join('\\s+');
            return `${/^[\p{L}\p{N}_]/u.test(p) ? '(?<![\\p{L}\\p{N}_])' : ''}${body}${/[\p{L}\p{N}_]$/u.test(p) ? '(?![\\p{L}\\p{N}_])' : ''}`;
          })
          .join('|'),
        'giu',
      );
    const lists = [DEFAULT_PHRASES, ['(agent)', 'agent', 'ring me', '+ person', 'person +'], [...DEFAULT_PHRASES, '#human', 'call me!']];
    const texts = [
      "I'm connecting you to our card team now. An agent will call. Transfer youth club. Please hold, I will transfer you.",
      'Je vous transfère. Ich verbinde Sie. Le paso con un agente. Ik verbind u door.',
      'transfer you transfer youu xtransfer you (agent) agents agent, ring me + person person + #human call me!',
      'PUT YOU THROUGH putting  you\tthrough hand-you-over pass you to pass you tomorrow',
    ];
    for (const phrases of lists) {
      const grouped = phraseExpression(phrases) as RegExp;
      const plain = ungrouped(phrases);
      for (const text of texts) {
        const of = (r: RegExp) => [...text.matchAll(r)].map((m) => [m.index, m[0]]);
        expect(of(grouped), text).toEqual(of(plain));
      }
    }
  });

  it('finds what the expression alone finds: the quick test of longest words never turns a match away (seeded texts)', () => {
    // A copy of the expression has no quick test registered: findPromise then runs the expression on every text.
    const alone = new RegExp(expression.source, expression.flags);
    const pieces = fc.constantFrom(...DEFAULT_PHRASES, ...DEFAULT_PHRASES.map((p) => p.toUpperCase()), 'I’ll', "can't", 'not', 'Do you want me to', '?', '.', ' ', '  ', '\t', 'x', 'Ä', 'ſ', 'K', 'transfer', 'agent', 'anytime', 'call you back', 'to ');
    const text = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, (t) => {
        expect(findPromise(t, expression)).toEqual(findPromise(t, alone));
      }),
      { seed: 20261204, numRuns: 3000 },
    );
    let matched = 0;
    fc.assert(fc.property(text, (t) => void (findPromise(t, alone) && matched++)), { seed: 20261204, numRuns: 3000 });
    expect(matched, 'the seeded texts include many matches').toBeGreaterThan(1000);
  });

  it('matches at word boundaries, case-insensitively, with any spaces and either apostrophe', () => {
    expect(findPromise('PLEASE HOLD, I WILL TRANSFER  YOU.', expression)?.use).toBe('promise');
    expect(findPromise('I’ll get someone for you.', expression)?.use).toBe('promise');
    expect(findPromise('I can transfer your balance.', expression)).toBeUndefined();
    expect(findPromise('Je vous transfère.', expression)?.phrase).toBe('Je vous transfère');
  });

  it('tells promises from offers, call backs and refusals', () => {
    expect(findPromise("Sorry, I'm unable to connect you to an agent today.", expression)).toBeUndefined();
    expect(findPromise('Do you want me to transfer you?', expression)?.use).toBe('offer');
    expect(findPromise('¿Quiere que le transfiero con un agente?', expression)?.use).toBe('offer');
    expect(findPromise('If you prefer, you can speak to a person.', expression)?.use).toBe('offer');
    expect(findPromise('To speak to a person, say agent.', expression)?.use).toBe('offer');
    // Phone menus (Amazon Connect prompts): a choice of the menu is an offer.
    expect(findPromise('Press 1 for your balance, or 0 to speak to an agent.', expression)?.use).toBe('offer');
    expect(findPromise('Press star to talk to a person.', expression)?.use).toBe('offer');
    expect(findPromise('Say agent to speak to an agent.', expression)?.use).toBe('offer');
    expect(findPromise('In 2 minutes I will transfer you.', expression)?.use).toBe('promise');
    expect(findPromise('An agent will call you back within a day.', expression)?.use).toBe('callback');
    expect(findPromise('Shall I transfer you? I will transfer you anyway.', expression)?.use).toBe('promise');
  });
});

// Rasa's default human handoff, translated by hand (test/fixtures/rules/rasa-default-handoff.journey.yaml).
// Rasa's default pattern_human_handoff only sends a message, and that message says no person is
// available ("...that's something I cannot help you with at the moment"): it promises nothing, so
// fake-offramp has nothing to report, while refused-human reports each request for a person that
// ends in that message. A bot that overrides the response with a transfer line but keeps the
// pattern (still no handoff) is what fake-offramp reports.
describe("Rasa's default pattern_human_handoff", () => {
  const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'rules', 'rasa-default-handoff.journey.yaml'), 'utf8');
  const lines = fixture.split('\n');
  const lineOf = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;

  it('as shipped: an honest refusal, reported by refused-human, not by fake-offramp', async () => {
    const findings = await lintYaml(fixture);
    expect(findings.filter((d) => d.ruleId === 'syntax' || d.ruleId === 'schema')).toEqual([]);
    expect(findings.filter((d) => d.ruleId === 'fake-offramp')).toEqual([]);
    const refused = findings.filter((d) => d.ruleId === 'refused-human').map((d) => d.line);
    expect(refused).toEqual(lines.flatMap((l, i) => (/^\s+human_handoff:/.test(l) ? [i + 1] : [])));
    expect(refused).toHaveLength(2);
  });

  it('with utter_human_handoff_not_available overridden by a transfer line: fake-offramp reports it', async () => {
    const overridden = fixture.replace(
      /say: >-\n\s+I understand you want to be connected to a human agent, but that's\n\s+something I cannot help you with at the moment. Is there something else I\n\s+can help you with\?/,
      'say: I will now transfer you to a human agent.',
    );
    expect(overridden).not.toBe(fixture);
    const findings = (await lintYaml(overridden)).filter((d) => d.ruleId === 'fake-offramp');
    expect(findings.map((d) => [d.line, d.code])).toEqual([[overridden.split('\n').findIndex((l) => l.includes('I will now transfer you')) + 1, 'fakePromise']]);
    expect(findings[0]?.message).toContain('which waits for the customer');
    expect(lineOf('pattern_human_handoff:')).toBeGreaterThan(0);
  });
});
