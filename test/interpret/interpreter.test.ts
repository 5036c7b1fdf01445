// Unit tests for the reference interpreter (src/interpret/interpreter.ts): one small
// journey per rule of "Execution semantics" in docs/format.md, built from YAML.
import { describe, expect, it } from 'vitest';
import {
  advance,
  fireTimeout,
  initialContext,
  MAX_CHAIN,
  MAX_TIMEOUTS_PER_WAIT,
  nextTimeout,
  send,
  start,
  type Configuration,
  type Effect,
  type JourneyEvent,
  type RunOptions,
  type Step,
} from '../../src/interpret/interpreter.js';
import type { Journey } from '../../src/model/types.js';
import { journeyFrom } from '../support/engines.js';

/** Wednesday 2 December 2026, 10:00 in London (GMT): inside office hours. */
const WED = Date.parse('2026-12-02T10:00:00Z');
/** Saturday 5 December 2026, 10:00 in London: outside weekday hours. */
const SAT = Date.parse('2026-12-05T10:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Strips the common indentation of a template literal, so journeys can be written in place. */
function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}

/** The model of a journey whose `journey`, `title` and the rest follow from `body` (YAML). */
function journey(body: string): Promise<Journey> {
  return journeyFrom(`journey: test-journey\ntitle: A test journey\n${dedent(body)}`);
}

/** Starts `j` at `at` (Wednesday morning unless told). */
function begin(j: Journey, options: RunOptions = {}): Step {
  return start(j, { startTime: WED, ...options });
}

/** Sends events one after another; returns every step. */
function sendAll(j: Journey, from: Configuration, events: readonly (string | JourneyEvent)[]): Step[] {
  const steps: Step[] = [];
  let c = from;
  for (const e of events) {
    const step = send(j, c, typeof e === 'string' ? { type: e } : e);
    steps.push(step);
    c = step.configuration;
  }
  return steps;
}

/** The last configuration after sending events. */
function after(j: Journey, from: Configuration, events: readonly (string | JourneyEvent)[]): Configuration {
  const steps = sendAll(j, from, events);
  return steps.length > 0 ? (steps[steps.length - 1] as Step).configuration : from;
}

/** Effects in words, in order: `enter s1`, `do crm.log@s0`, `say Hello`, `handoff agent`, `closed agent->x`, `s0 -go/0-> s1`. */
function story(effects: readonly Effect[]): string[] {
  return effects.map((e) => {
    switch (e.type) {
      case 'enter':
        return `enter ${e.state}`;
      case 'do':
        return `do ${e.name}@${e.state}`;
      case 'say':
        return `say ${e.text}`;
      case 'handoff':
        return `handoff ${e.state}`;
      case 'closed':
        return `closed ${e.state}->${e.to}`;
      case 'transition':
        return `${e.from} -${e.trigger}/${e.choice}-> ${e.to}`;
      case 'evalError':
        return `evalError ${e.expression}`;
    }
    return 'unknown effect';
  });
}

/** Only the `do` and `say` effects, in words. */
function actions(effects: readonly Effect[]): string[] {
  return story(effects.filter((e) => e.type === 'do' || e.type === 'say'));
}

/** The hand-off effects of a step. */
function handoffs(effects: readonly Effect[]): Extract<Effect, { type: 'handoff' }>[] {
  return effects.filter((e): e is Extract<Effect, { type: 'handoff' }> => e.type === 'handoff');
}

describe('start', () => {
  const yaml = `
    context:
      n: { type: number, default: 1 }
      s: { type: string, default: hello }
      b: { type: boolean, default: true }
      none: { type: string }
    start: s0
    states:
      s0:
        on:
          go: done
      done: { type: end, outcome: resolved }
  `;

  it('the context is the declared defaults, null where there is none', async () => {
    const j = await journey(yaml);
    const { configuration } = begin(j);
    expect(configuration.context).toEqual({ n: 1, s: 'hello', b: true, none: null });
    expect(initialContext(j)).toEqual({ n: 1, s: 'hello', b: true, none: null });
  });

  it('input from the host is merged over the defaults (fields the journey does not declare are not added)', async () => {
    const j = await journey(yaml);
    const input = { n: 5, none: 'given', undeclared: 'x' };
    const { configuration } = begin(j, { input });
    expect(configuration.context).toEqual({ n: 5, s: 'hello', b: true, none: 'given' });
    expect(initialContext(j, input)).toEqual({ n: 5, s: 'hello', b: true, none: 'given' });
    // Input may also set a field back to null.
    expect(begin(j, { input: { s: null } }).configuration.context).toEqual({ n: 1, s: null, b: true, none: null });
  });

  it('then `start` is entered: it becomes the state, entered now, with a no_match count of 0', async () => {
    const j = await journey(yaml);
    const { configuration, ignored } = begin(j);
    expect(ignored).toBe(false);
    expect(configuration).toMatchObject({ state: 's0', status: 'active', noMatch: 0, enteredAt: WED, now: WED });
    expect(configuration.output).toBeUndefined();
  });

  it('`start` need not be the first state; the start time defaults to the clock', async () => {
    const j = await journey(`
      start: s1
      states:
        s0: { on: { go: s1 } }
        s1: { say: Second, on: { go: s0 } }
    `);
    const before = Date.now();
    const step = start(j);
    expect(step.configuration.state).toBe('s1');
    expect(step.configuration.enteredAt).toBeGreaterThanOrEqual(before);
    expect(step.configuration.enteredAt).toBeLessThanOrEqual(Date.now());
    expect(actions(step.effects)).toEqual(['say Second']);
  });
});

describe('entering a state', () => {
  it("runs its `do` effects in order, then says its `say`", async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          do: [crm.log, audit.write]
          say: Hello
          on: { go: done }
        done: { type: end, outcome: resolved }
    `);
    expect(story(begin(j).effects)).toEqual(['enter s0', 'do crm.log@s0', 'do audit.write@s0', 'say Hello']);
  });

  it('the entry time is now and the timers of its `after` keys start', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { go: s1 }
        s1:
          on: { back: s0 }
          after: { 5m: done }
        done: { type: end, outcome: resolved }
    `);
    const first = begin(j).configuration;
    expect(nextTimeout(j, first)).toBeUndefined(); // s0 has no timeouts
    const waited = advance(j, first, 3 * MINUTE).configuration;
    expect(waited).toMatchObject({ state: 's0', enteredAt: WED, now: WED + 3 * MINUTE });
    const moved = send(j, waited, { type: 'go' }).configuration;
    expect(moved).toMatchObject({ state: 's1', enteredAt: WED + 3 * MINUTE, noMatch: 0 });
    expect(nextTimeout(j, moved)).toEqual({ at: WED + 8 * MINUTE, delay: 5 * MINUTE });
  });
});

describe('closed hours', () => {
  const yaml = `
    context:
      id: { type: string, default: c1 }
    start: s0
    states:
      s0:
        on: { agent: agent }
      agent:
        type: human
        queue: support
        hours: mon-fri 09:00-17:00 Europe/London
        when_closed: callback
        carry: [id]
      callback: { type: end, outcome: callback_booked, say: We will call you back }
  `;

  it('a human state that is open is entered and the hand-off happens', async () => {
    const j = await journey(yaml);
    const step = send(j, begin(j).configuration, { type: 'agent' });
    expect(step.configuration).toMatchObject({ state: 'agent', status: 'done' });
    expect(handoffs(step.effects)).toHaveLength(1);
  });

  it('when it is closed it is not entered: the customer goes to `when_closed`, with no hand-off', async () => {
    const j = await journey(yaml);
    const step = send(j, begin(j, { startTime: SAT }).configuration, { type: 'agent' });
    expect(step.configuration).toMatchObject({ state: 'callback', status: 'done', output: { journey: 'test-journey', outcome: 'callback_booked' } });
    expect(story(step.effects)).toEqual(['s0 -agent/0-> agent', 'closed agent->callback', 'enter callback', 'say We will call you back']);
    expect(handoffs(step.effects)).toEqual([]);
  });

  it('hours are judged at the moment of entering (the clock after waiting), start inclusive, end exclusive', async () => {
    const j = await journey(yaml);
    // Friday 4 December 16:50 in London.
    const friday = begin(j, { startTime: Date.parse('2026-12-04T16:50:00Z') }).configuration;
    const justOpen = advance(j, friday, 10 * MINUTE - 1).configuration;
    expect(send(j, justOpen, { type: 'agent' }).configuration.state).toBe('agent');
    const closed = advance(j, friday, 10 * MINUTE).configuration;
    expect(send(j, closed, { type: 'agent' }).configuration.state).toBe('callback');
  });

  it('a start state that is closed redirects too; redirects chain through several closed teams', async () => {
    const j = await journey(`
      start: first
      states:
        first:
          type: human
          queue: first_line
          hours: mon-fri 09:00-17:00 Europe/London
          when_closed: second
        second:
          type: human
          queue: second_line
          hours: sat 00:00-09:00 Europe/London
          when_closed: bot
        bot:
          say: Nobody is in
          on: { ok: done }
        done: { type: end, outcome: resolved }
    `);
    const step = begin(j, { startTime: SAT });
    expect(step.configuration).toMatchObject({ state: 'bot', status: 'active', enteredAt: SAT });
    expect(story(step.effects)).toEqual(['closed first->second', 'closed second->bot', 'enter bot', 'say Nobody is in']);
  });

  it('a chain of redirects that comes back to a state already visited is a loop: the journey stops with an error', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { agent: a }
        a:
          type: human
          queue: qa
          hours: mon-fri 09:00-17:00 Europe/London
          when_closed: b
        b:
          type: human
          queue: qb
          hours: mon-fri 09:00-17:00 Europe/London
          when_closed: a
    `);
    const step = send(j, begin(j, { startTime: SAT }).configuration, { type: 'agent' });
    expect(step.configuration.status).toBe('error');
    expect(step.configuration.error).toMatch(/loop/);
    expect(handoffs(step.effects)).toEqual([]);
    // The journey has stopped: the same event again changes nothing.
    const again = send(j, step.configuration, { type: 'agent' });
    expect(again.ignored).toBe(true);
    expect(again.configuration).toEqual(step.configuration);
    // Open, the same journey hands off at once.
    expect(send(j, begin(j).configuration, { type: 'agent' }).configuration).toMatchObject({ state: 'a', status: 'done' });
  });

  it('a human state with limited hours and no `when_closed` is handed to its queue as if it were open', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { agent: agent }
        agent:
          type: human
          queue: support
          hours: mon-fri 09:00-17:00 Europe/London
    `);
    const step = send(j, begin(j, { startTime: SAT }).configuration, { type: 'agent' });
    expect(step.configuration).toMatchObject({ state: 'agent', status: 'done' });
    expect(handoffs(step.effects)).toHaveLength(1);
  });
});

describe('hand-off, end and human outputs', () => {
  const yaml = `
    context:
      id: { type: string, default: c1 }
      tries: { type: number, default: 0 }
      note: { type: string }
    start: s0
    states:
      s0:
        on:
          agent: { to: agent, set: { tries: tries + 1 } }
          back_office: office
          finish: done
      agent:
        type: human
        queue: card_services
        skills: [fraud, cards]
        hours: always
        carry: [id, tries, note]
        do: [crm.ticket]
        say: A person will help you
      office:
        type: human
        queue: back_office
        hours: always
        on:
          resolved: done
          back: s0
      done:
        type: end
        outcome: resolved
        feedback: true
        do: [survey.send]
        say: Goodbye
  `;

  it('the hand-off carries the queue, skills and the carried fields with their values (after the transition set them)', async () => {
    const j = await journey(yaml);
    const step = send(j, begin(j).configuration, { type: 'agent' });
    expect(handoffs(step.effects)).toEqual([{ type: 'handoff', state: 'agent', queue: 'card_services', skills: ['fraud', 'cards'], carried: { id: 'c1', tries: 1, note: null } }]);
    // The hand-off comes after entering and before the state's own `do` and `say`.
    expect(story(step.effects)).toEqual(['s0 -agent/0-> agent', 'enter agent', 'handoff agent', 'do crm.ticket@agent', 'say A person will help you']);
  });

  it('a human state without `on` finishes the journey: { journey, outcome: handed_off, state, queue }', async () => {
    const j = await journey(yaml);
    const { configuration } = send(j, begin(j).configuration, { type: 'agent' });
    expect(configuration.status).toBe('done');
    expect(configuration.output).toEqual({ journey: 'test-journey', outcome: 'handed_off', state: 'agent', queue: 'card_services' });
  });

  it('a human state with `on` hands off and waits; the person can hand the customer back', async () => {
    const j = await journey(yaml);
    const inOffice = send(j, begin(j).configuration, { type: 'back_office' });
    expect(inOffice.configuration).toMatchObject({ state: 'office', status: 'active' });
    expect(inOffice.configuration.output).toBeUndefined();
    expect(handoffs(inOffice.effects)).toEqual([{ type: 'handoff', state: 'office', queue: 'back_office', skills: [], carried: {} }]);
    const back = send(j, inOffice.configuration, { type: 'back' });
    expect(back.configuration).toMatchObject({ state: 's0', status: 'active' });
  });

  it('an end state runs its `do` and `say`, then finishes with { outcome, journey }', async () => {
    const j = await journey(yaml);
    const step = send(j, begin(j).configuration, { type: 'finish' });
    expect(step.configuration.status).toBe('done');
    expect(step.configuration.state).toBe('done');
    expect(step.configuration.output).toEqual({ outcome: 'resolved', journey: 'test-journey' });
    expect(actions(step.effects)).toEqual(['do survey.send@done', 'say Goodbye']);
  });

  it('a journey whose start is an end state is finished at once', async () => {
    const j = await journey(`
      start: done
      states:
        done: { type: end, outcome: cancelled }
    `);
    expect(begin(j).configuration).toMatchObject({ state: 'done', status: 'done', output: { outcome: 'cancelled', journey: 'test-journey' } });
  });
});

describe('decision states (`always`)', () => {
  const yaml = `
    context:
      plan: { type: string, default: basic }
      score: { type: number, default: 0 }
    offramp:
      to: agent
      on: [agent_requested]
      no_match: 2
    start: decide
    states:
      decide:
        always:
          - if: "plan == 'premium'"
            to: premium
          - if: score > 5
            to: high
            set: { score: 0 }
            do: [crm.log]
      premium:
        always:
          - to: done
      high:
        say: High score
        on: { ok: done }
      agent: { type: human, queue: support, hours: always }
      done: { type: end, outcome: resolved }
  `;

  it('evaluated on entry: the first choice whose `if` holds is taken (with its set and do), decisions chain', async () => {
    const j = await journey(yaml);
    const premium = begin(j, { input: { plan: 'premium', score: 9 } });
    expect(premium.configuration).toMatchObject({ state: 'done', status: 'done' });
    expect(story(premium.effects)).toEqual(['enter decide', 'decide -always/0-> premium', 'enter premium', 'premium -always/0-> done', 'enter done']);
    const high = begin(j, { input: { score: 9 } });
    expect(high.configuration).toMatchObject({ state: 'high', status: 'active', context: { plan: 'basic', score: 0 } });
    expect(story(high.effects)).toEqual(['enter decide', 'decide -always/1-> high', 'do crm.log@decide', 'enter high', 'say High score']);
  });

  it('when no choice holds the customer waits in the decision state, where the offramp applies', async () => {
    const j = await journey(yaml);
    const waiting = begin(j).configuration;
    expect(waiting).toMatchObject({ state: 'decide', status: 'active', noMatch: 0 });
    // Customer events the state does not handle are ignored; the offramp's are not.
    expect(send(j, waiting, { type: 'ok' }).ignored).toBe(true);
    expect(send(j, waiting, { type: 'agent_requested' }).configuration).toMatchObject({ state: 'agent', status: 'done' });
    // no_match counts there too.
    const once = send(j, waiting, { type: 'no_match' }).configuration;
    expect(once).toMatchObject({ state: 'decide', noMatch: 1 });
    expect(send(j, once, { type: 'no_match' }).configuration.state).toBe('agent');
  });

  it('a decision reached by an event is decided then, against the context the transition set', async () => {
    const j = await journey(`
      context:
        n: { type: number, default: 0 }
      start: s0
      states:
        s0:
          on:
            go: { to: decide, set: { n: n + 10 } }
        decide:
          always:
            - if: n > 5
              to: big
            - to: small
        big: { type: end, outcome: resolved }
        small: { type: end, outcome: cancelled }
    `);
    expect(send(j, begin(j).configuration, { type: 'go' }).configuration.state).toBe('big');
  });
});

describe('an event in a state', () => {
  const yaml = `
    context:
      allowed: { type: boolean, default: false }
    offramp:
      to: agent
      on: [agent_requested, speak_to_person]
      no_match: 2
      frustration: true
    start: s0
    states:
      s0:
        on:
          next: s1
          speak_to_person: s1
          frustrated: calm
      s1:
        on:
          back: s0
          again: s1
          agent_requested:
            - if: allowed
              to: special
          no_match: help
      calm: { on: { ok: s0 } }
      help: { on: { ok: s0 } }
      special: { type: end, outcome: resolved }
      agent:
        type: human
        queue: support
        hours: always
        do: [crm.ticket]
        on:
          resolved: s0
  `;

  it("the state's own handler comes first: it wins over the offramp's events and signals", async () => {
    const j = await journey(yaml);
    const c = begin(j).configuration;
    expect(send(j, c, { type: 'speak_to_person' }).configuration.state).toBe('s1');
    expect(send(j, c, { type: 'frustrated' }).configuration.state).toBe('calm');
    const s1 = send(j, c, { type: 'next' }).configuration;
    // A state with its own `no_match` handler does not count.
    const help = send(j, s1, { type: 'no_match' });
    expect(help.configuration).toMatchObject({ state: 'help', noMatch: 0 });
  });

  it('an own handler whose choices all fail ignores the event: the offramp is not tried', async () => {
    const j = await journey(yaml);
    const s1 = send(j, begin(j).configuration, { type: 'next' }).configuration;
    const step = send(j, s1, { type: 'agent_requested' });
    expect(step.ignored).toBe(true);
    expect(step.configuration).toEqual(s1);
    expect(handoffs(step.effects)).toEqual([]);
    const allowed = send(j, begin(j, { input: { allowed: true } }).configuration, { type: 'next' }).configuration;
    expect(send(j, allowed, { type: 'agent_requested' }).configuration.state).toBe('special');
  });

  it('otherwise, in a bot state, an `offramp.on` event goes to `offramp.to` (no set, no do of the source)', async () => {
    const j = await journey(yaml);
    const step = send(j, begin(j).configuration, { type: 'agent_requested' });
    expect(step.ignored).toBe(false);
    expect(step.configuration).toMatchObject({ state: 'agent', status: 'active' });
    expect(story(step.effects)).toEqual(['s0 -agent_requested/offramp-> agent', 'enter agent', 'handoff agent', 'do crm.ticket@agent']);
  });

  it('`frustrated` with `offramp.frustration: true` goes to `offramp.to`', async () => {
    const j = await journey(yaml);
    const s1 = send(j, begin(j).configuration, { type: 'next' }).configuration;
    expect(send(j, s1, { type: 'frustrated' }).configuration.state).toBe('agent');
  });

  it('the offramp never applies in a human state', async () => {
    const j = await journey(yaml);
    const inAgent = send(j, begin(j).configuration, { type: 'agent_requested' }).configuration;
    for (const type of ['agent_requested', 'speak_to_person', 'frustrated', 'no_match']) {
      const step = send(j, inAgent, { type });
      expect(step.ignored, type).toBe(true);
      expect(step.configuration, type).toEqual(inAgent);
    }
    expect(send(j, inAgent, { type: 'resolved' }).configuration.state).toBe('s0');
  });

  it('otherwise the event is ignored and nothing changes', async () => {
    const j = await journey(yaml);
    const c = begin(j).configuration;
    for (const type of ['unheard_of', 'no_input', 'back', 'resolved']) {
      const step = send(j, c, { type, amount: 3 });
      expect(step.ignored, type).toBe(true);
      expect(step.effects, type).toEqual([]);
      expect(step.configuration, type).toEqual(c);
    }
  });

  it('without `offramp.frustration`, `frustrated` is ignored; without `offramp.no_match`, `no_match` is', async () => {
    const j = await journey(`
      offramp:
        to: agent
        on: [agent_requested]
      start: s0
      states:
        s0: { on: { next: done } }
        agent: { type: human, queue: support, hours: always }
        done: { type: end, outcome: resolved }
    `);
    const c = begin(j).configuration;
    for (const type of ['frustrated', 'no_match']) {
      const step = send(j, c, { type });
      expect(step.ignored, type).toBe(true);
      expect(step.configuration, type).toEqual(c);
    }
  });

  it('without an offramp, the reserved signals are ignored like any unknown event', async () => {
    const j = await journey(`
      start: s0
      states:
        s0: { on: { next: done } }
        done: { type: end, outcome: resolved }
    `);
    const c = begin(j).configuration;
    for (const type of ['no_match', 'no_input', 'frustrated', 'agent_requested']) expect(send(j, c, { type }).ignored, type).toBe(true);
  });
});

describe('no_match counting', () => {
  const yaml = `
    context:
      allowed: { type: boolean, default: false }
    offramp:
      to: agent
      no_match: 3
    start: s0
    states:
      s0:
        on:
          next: s1
          again: s0
          maybe:
            - if: allowed
              to: s1
      s1:
        on:
          back: s0
      agent: { type: human, queue: support, hours: always }
  `;

  it('counts consecutive no_match signals in the state; the Nth goes to `offramp.to`', async () => {
    const j = await journey(yaml);
    const steps = sendAll(j, begin(j).configuration, ['no_match', 'no_match', 'no_match']);
    expect(steps.map((s) => [s.configuration.state, s.configuration.noMatch, s.ignored])).toEqual([
      ['s0', 1, false],
      ['s0', 2, false],
      ['agent', 0, false],
    ]);
    expect(steps[0]?.effects).toEqual([]);
  });

  it('the count resets whenever the state is exited, self-transitions included', async () => {
    const j = await journey(yaml);
    const c = begin(j).configuration;
    expect(after(j, c, ['no_match', 'no_match', 'next'])).toMatchObject({ state: 's1', noMatch: 0 });
    expect(after(j, c, ['no_match', 'no_match', 'next', 'no_match', 'no_match'])).toMatchObject({ state: 's1', noMatch: 2 });
    expect(after(j, c, ['no_match', 'no_match', 'again'])).toMatchObject({ state: 's0', noMatch: 0 });
    expect(after(j, c, ['no_match', 'no_match', 'again', 'no_match', 'no_match'])).toMatchObject({ state: 's0', noMatch: 2 });
  });

  it('ignored events do not reset it', async () => {
    const j = await journey(yaml);
    const c = begin(j).configuration;
    expect(after(j, c, ['no_match', 'unheard_of', 'no_input', 'back', 'no_match'])).toMatchObject({ state: 's0', noMatch: 2 });
    // Nor does an own handler whose choices all fail.
    expect(after(j, c, ['no_match', 'maybe', 'no_match'])).toMatchObject({ state: 's0', noMatch: 2 });
    expect(after(j, c, ['no_match', 'unheard_of', 'no_match', 'frustrated', 'no_match']).state).toBe('agent');
  });

  it('no_match: 1 escalates on the first one', async () => {
    const j = await journey(`
      offramp:
        to: agent
        no_match: 1
      start: s0
      states:
        s0: { on: { next: agent } }
        agent: { type: human, queue: support, hours: always }
    `);
    expect(send(j, begin(j).configuration, { type: 'no_match' }).configuration.state).toBe('agent');
  });
});

describe('taking a transition', () => {
  it('`set` expressions all see the context from before the transition, then all fields are assigned at once', async () => {
    const j = await journey(`
      context:
        a: { type: number, default: 1 }
        b: { type: number, default: 2 }
        total: { type: number, default: 0 }
      start: s0
      states:
        s0:
          on:
            swap: { to: s0, set: { a: b, b: a, total: a + b } }
      `);
    const once = send(j, begin(j).configuration, { type: 'swap' }).configuration;
    expect(once.context).toEqual({ a: 2, b: 1, total: 3 });
    expect(send(j, once, { type: 'swap' }).configuration.context).toEqual({ a: 1, b: 2, total: 3 });
  });

  it('`set` reads event data; YAML literals are values, YAML strings expressions', async () => {
    const j = await journey(`
      context:
        amount: { type: number, default: 0 }
        flag: { type: boolean, default: false }
        plan: { type: string, default: basic }
      start: s0
      states:
        s0:
          on:
            pay: { to: s1, set: { amount: event.amount * 2, flag: true, plan: "'gold'" } }
        s1: { on: { back: s0 } }
    `);
    const { configuration } = send(j, begin(j).configuration, { type: 'pay', amount: 21 });
    expect(configuration.context).toEqual({ amount: 42, flag: true, plan: 'gold' });
  });

  it("the transition's `do` runs first, then the target's entry `do`, then its `say`", async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          do: [s0.entry]
          on:
            go: { to: s1, do: [crm.log, audit.write] }
        s1:
          do: [notify]
          say: Welcome to s1
          on: { back: s0 }
    `);
    const step = send(j, begin(j).configuration, { type: 'go' });
    expect(actions(step.effects)).toEqual(['do crm.log@s0', 'do audit.write@s0', 'do notify@s1', 'say Welcome to s1']);
    expect(story(step.effects)[0]).toBe('s0 -go/0-> s1');
  });

  it('a list of choices: the first whose `if` holds wins, a plain target in the list always holds', async () => {
    const j = await journey(`
      context:
        n: { type: number, default: 0 }
      start: s0
      states:
        s0:
          on:
            go:
              - if: n > 1
                to: big
              - if: n > 0
                to: some
              - none
        big: { type: end, outcome: resolved }
        some: { type: end, outcome: cancelled }
        none: { type: end, outcome: abandoned }
    `);
    const go = (n: number): string => send(j, begin(j, { input: { n } }).configuration, { type: 'go' }).configuration.state;
    expect([go(5), go(1), go(0)]).toEqual(['big', 'some', 'none']);
    const step = send(j, begin(j).configuration, { type: 'go' });
    expect(story(step.effects)[0]).toBe('s0 -go/2-> none');
  });

  it('a self-transition re-enters the state: `do` and `say` again, timers restart, no_match count 0', async () => {
    const j = await journey(`
      offramp:
        to: agent
        no_match: 3
      start: s0
      states:
        s0:
          do: [greet]
          say: Hello again
          on:
            again: { to: s0, do: [crm.log] }
          after:
            10m: gone
        agent: { type: human, queue: support, hours: always }
        gone: { type: end, outcome: abandoned }
    `);
    const first = begin(j).configuration;
    const waited = advance(j, after(j, first, ['no_match', 'no_match']), 8 * MINUTE).configuration;
    expect(waited).toMatchObject({ state: 's0', noMatch: 2 });
    const step = send(j, waited, { type: 'again' });
    expect(story(step.effects)).toEqual(['s0 -again/0-> s0', 'do crm.log@s0', 'enter s0', 'do greet@s0', 'say Hello again']);
    expect(step.configuration).toMatchObject({ state: 's0', noMatch: 0, enteredAt: WED + 8 * MINUTE });
    expect(nextTimeout(j, step.configuration)).toEqual({ at: WED + 18 * MINUTE, delay: 10 * MINUTE });
    // The old timer (due at 10 minutes) no longer fires.
    expect(advance(j, step.configuration, 9 * MINUTE).configuration.state).toBe('s0');
    expect(advance(j, step.configuration, 10 * MINUTE).configuration.state).toBe('gone');
  });
});

describe('timeouts', () => {
  it('fire when the entry time plus the delay is reached, not a millisecond before', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { next: done }
          after: { 5m: late }
        late: { type: end, outcome: abandoned }
        done: { type: end, outcome: resolved }
    `);
    const c = begin(j).configuration;
    expect(nextTimeout(j, c)).toEqual({ at: WED + 5 * MINUTE, delay: 5 * MINUTE });
    const early = advance(j, c, 5 * MINUTE - 1);
    expect(early.ignored).toBe(true);
    expect(early.configuration).toMatchObject({ state: 's0', now: WED + 5 * MINUTE - 1 });
    const due = advance(j, early.configuration, 1);
    expect(due.ignored).toBe(false);
    expect(due.configuration).toMatchObject({ state: 'late', status: 'done' });
    expect(story(due.effects)).toEqual(['s0 -after 5m/0-> late', 'enter late']);
  });

  it('only while the customer is still in the state entered then: leaving and coming back restarts the timer', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { next: s1 }
          after: { 5m: late }
        s1: { on: { back: s0 } }
        late: { type: end, outcome: abandoned }
    `);
    let c = begin(j).configuration;
    c = advance(j, c, 3 * MINUTE).configuration;
    c = send(j, c, { type: 'next' }).configuration;
    c = advance(j, c, 1 * MINUTE).configuration;
    c = send(j, c, { type: 'back' }).configuration; // back in s0 at 4 minutes
    expect(advance(j, c, 4 * MINUTE).configuration).toMatchObject({ state: 's0', now: WED + 8 * MINUTE });
    expect(advance(j, c, 5 * MINUTE).configuration.state).toBe('late');
  });

  it('shorter delays fire first, whatever the order of the keys', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { next: done }
          after:
            1h: slow
            90s: fast
            5m: medium
        slow: { type: end, outcome: abandoned }
        medium: { type: end, outcome: cancelled }
        fast: { type: end, outcome: callback_booked }
        done: { type: end, outcome: resolved }
    `);
    const c = begin(j).configuration;
    expect(nextTimeout(j, c)).toEqual({ at: WED + 90 * SECOND, delay: 90 * SECOND });
    expect(advance(j, c, 2 * 60 * MINUTE).configuration.state).toBe('fast');
  });

  it('a timeout whose choices all fail is ignored; longer timers of the state keep running', async () => {
    const j = await journey(`
      context:
        reminded: { type: boolean, default: true }
      start: s0
      states:
        s0:
          on: { next: done }
          after:
            1m:
              - if: "!reminded"
                to: remind
            5m: late
        remind: { type: end, outcome: cancelled }
        late: { type: end, outcome: abandoned }
        done: { type: end, outcome: resolved }
    `);
    const c = begin(j).configuration;
    const first = advance(j, c, 2 * MINUTE);
    expect(first.ignored).toBe(true);
    expect(first.configuration).toMatchObject({ state: 's0', status: 'active', enteredAt: WED });
    expect(first.configuration.firedTimers).toEqual([MINUTE]);
    expect(nextTimeout(j, first.configuration)).toEqual({ at: WED + 5 * MINUTE, delay: 5 * MINUTE });
    expect(advance(j, first.configuration, 3 * MINUTE).configuration.state).toBe('late');
    // In one long wait the failing one is passed over and the longer one fires.
    expect(advance(j, c, 10 * MINUTE).configuration.state).toBe('late');
    // When it holds, the shorter one wins.
    expect(advance(j, begin(j, { input: { reminded: false } }).configuration, 10 * MINUTE).configuration.state).toBe('remind');
  });

  it('timeouts carry no event data: a guard reading `event.<field>` has no value and does not hold', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { next: done }
          after:
            1m:
              - if: event.ok == true
                to: done
              - to: late
        late: { type: end, outcome: abandoned }
        done: { type: end, outcome: resolved }
    `);
    const step = advance(j, begin(j).configuration, MINUTE);
    expect(step.configuration.state).toBe('late');
    expect(story(step.effects)).toContain('evalError event.ok == true');
  });

  it('`advance` fires each due timeout at its own time, and states entered on the way start their timers then', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { next: done }
          after: { 1m: s1 }
        s1:
          on: { next: done }
          after: { 1m: s2 }
        s2:
          on: { next: done }
          after: { 10m: late }
        late: { type: end, outcome: abandoned }
        done: { type: end, outcome: resolved }
    `);
    const step = advance(j, begin(j).configuration, 3 * MINUTE);
    expect(step.configuration).toMatchObject({ state: 's2', enteredAt: WED + 2 * MINUTE, now: WED + 3 * MINUTE });
    expect(story(step.effects)).toEqual(['s0 -after 1m/0-> s1', 'enter s1', 's1 -after 1m/0-> s2', 'enter s2']);
    expect(nextTimeout(j, step.configuration)).toEqual({ at: WED + 12 * MINUTE, delay: 10 * MINUTE });
    expect(advance(j, step.configuration, 9 * MINUTE).configuration.state).toBe('late');
  });

  it('hours on the way are judged at the due time of the timeout that enters the human state, not at the end of the wait', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { next: done }
          after: { 1m: agent }
        agent:
          type: human
          queue: support
          hours: mon-fri 09:00-17:00 Europe/London
          when_closed: callback
        callback: { type: end, outcome: callback_booked }
        done: { type: end, outcome: resolved }
    `);
    // Friday 16:58: the timeout falls due at 16:59 (open), the wait ends at 17:08 (closed).
    const open = advance(j, begin(j, { startTime: Date.parse('2026-12-04T16:58:00Z') }).configuration, 10 * MINUTE);
    expect(open.configuration.state).toBe('agent');
    expect(handoffs(open.effects)).toHaveLength(1);
    // Friday 16:59: due at 17:00, closed.
    const closed = advance(j, begin(j, { startTime: Date.parse('2026-12-04T16:59:00Z') }).configuration, 10 * MINUTE);
    expect(closed.configuration.state).toBe('callback');
    expect(handoffs(closed.effects)).toEqual([]);
  });

  it('`fireTimeout` fires one of the state\'s timeouts now; a delay the state does not have is ignored', async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { next: done }
          after:
            1m: short
            1h: long
        short: { type: end, outcome: cancelled }
        long: { type: end, outcome: abandoned }
        done: { type: end, outcome: resolved }
    `);
    const c = begin(j).configuration;
    expect(fireTimeout(j, c, 60 * MINUTE).configuration.state).toBe('long');
    const none = fireTimeout(j, c, 2 * MINUTE);
    expect(none.ignored).toBe(true);
    expect(none.configuration).toEqual(c);
  });

  it('no timeouts are pending in a state without `after`, nor in human states', async () => {
    const j = await journey(`
      start: s0
      states:
        s0: { on: { agent: agent } }
        agent: { type: human, queue: support, hours: always, on: { back: s0 } }
    `);
    const c = begin(j).configuration;
    expect(nextTimeout(j, c)).toBeUndefined();
    const human = send(j, c, { type: 'agent' }).configuration;
    expect(nextTimeout(j, human)).toBeUndefined();
    const waited = advance(j, human, 7 * 24 * 60 * MINUTE);
    expect(waited.ignored).toBe(true);
    expect(waited.configuration).toMatchObject({ state: 'agent', now: WED + 7 * 24 * 60 * MINUTE });
  });

  it(`more than MAX_TIMEOUTS_PER_WAIT (${MAX_TIMEOUTS_PER_WAIT}) timeouts falling due in one wait stops the run with an error`, { timeout: 120_000 }, async () => {
    const j = await journey(`
      context:
        ticks: { type: number, default: 0 }
      start: s0
      states:
        s0:
          on: { next: done }
          after:
            1ms: { to: s0, set: { ticks: ticks + 1 } }
        done: { type: end, outcome: resolved }
    `);
    const c = begin(j).configuration;
    // Exactly the bound falls due: every one fires.
    const atBound = advance(j, c, MAX_TIMEOUTS_PER_WAIT, { quiet: true });
    expect(atBound.configuration).toMatchObject({ state: 's0', status: 'active', context: { ticks: MAX_TIMEOUTS_PER_WAIT } });
    // One more: an error instead of running on.
    const over = advance(j, c, MAX_TIMEOUTS_PER_WAIT + 1, { quiet: true });
    expect(over.configuration.status).toBe('error');
    expect(over.configuration.error).toEqual(expect.any(String));
  });
});

describe('bounds: MAX_CHAIN', () => {
  /** A chain of `n` decision states, each deciding for the next, ending in an end state. */
  const chain = (n: number): string => {
    const states = Array.from({ length: n }, (_, i) => `  d${i}:\n    always: d${i + 1}\n`).join('');
    return `start: d0\nstates:\n${states}  d${n}: { type: end, outcome: resolved }\n`;
  };

  it(`a loop of decisions is stopped after more than ${MAX_CHAIN} transitions without a customer event`, async () => {
    const j = await journey(`
      start: s0
      states:
        s0:
          on: { go: d1 }
        d1:
          always: d2
        d2:
          always: d1
    `);
    const step = send(j, begin(j).configuration, { type: 'go' });
    expect(step.configuration.status).toBe('error');
    expect(step.configuration.error).toMatch(/loop/);
    expect(step.configuration.output).toBeUndefined();
    // A finished-with-error journey ignores what comes next.
    expect(send(j, step.configuration, { type: 'go' }).ignored).toBe(true);
  });

  it(`a chain of ${MAX_CHAIN} decisions at the start is followed to its end; one more is a loop`, async () => {
    const atBound = await journeyFrom(`journey: test-journey\ntitle: A test journey\n${chain(MAX_CHAIN)}`);
    expect(begin(atBound).configuration).toMatchObject({ state: `d${MAX_CHAIN}`, status: 'done' });
    const over = await journeyFrom(`journey: test-journey\ntitle: A test journey\n${chain(MAX_CHAIN + 1)}`);
    expect(begin(over).configuration.status).toBe('error');
  });
});

describe('run-time expression errors', () => {
  const yaml = `
    context:
      n: { type: number, default: 1 }
      m: { type: number, default: 0 }
      missing: { type: number }
    start: s0
    states:
      s0:
        on:
          check:
            - if: event.amount > 10
              to: big
            - to: small
          guard_on_null:
            - if: missing > 0
              to: big
          compute: { to: s0, set: { n: event.amount + 1, m: 5 } }
          divide: { to: s0, set: { n: n / m, m: m + 1 } }
      big: { type: end, outcome: resolved }
      small: { type: end, outcome: cancelled }
  `;

  it('a guard without a value (event data of the wrong type, missing data) does not hold; the failure is reported', async () => {
    const j = await journey(yaml);
    const c = begin(j).configuration;
    expect(send(j, c, { type: 'check', amount: 50 }).configuration.state).toBe('big');
    const wrong = send(j, c, { type: 'check', amount: 'fifty' });
    expect(wrong.configuration.state).toBe('small');
    expect(wrong.effects).toContainEqual({ type: 'evalError', state: 's0', expression: 'event.amount > 10' });
    expect(send(j, c, { type: 'check' }).configuration.state).toBe('small');
  });

  it('a guard on a field still null has no value; when no choice holds, the event is ignored', async () => {
    const j = await journey(yaml);
    const c = begin(j).configuration;
    const step = send(j, c, { type: 'guard_on_null' });
    expect(step.ignored).toBe(true);
    expect(step.configuration).toEqual(c);
    expect(send(j, begin(j, { input: { missing: 3 } }).configuration, { type: 'guard_on_null' }).configuration.state).toBe('big');
  });

  it('a `set` entry without a value leaves its field unchanged; the other entries are assigned', async () => {
    const j = await journey(yaml);
    const c = begin(j).configuration;
    expect(send(j, c, { type: 'compute', amount: 41 }).configuration.context).toMatchObject({ n: 42, m: 5 });
    const wrong = send(j, c, { type: 'compute', amount: 'x' });
    expect(wrong.ignored).toBe(false);
    expect(wrong.configuration.context).toEqual({ n: 1, m: 5, missing: null });
    expect(story(wrong.effects)).toContain('evalError event.amount + 1');
    // Division by zero (m is 0): n keeps 1, m still becomes 1.
    expect(send(j, c, { type: 'divide' }).configuration.context).toEqual({ n: 1, m: 1, missing: null });
    // Non-finite results have no value either.
    expect(send(j, c, { type: 'compute', amount: 1e308 * 10 }).configuration.context).toMatchObject({ n: 1, m: 5 });
  });
});

describe('a finished journey', () => {
  it('ignores events, signals and time', async () => {
    const j = await journey(`
      offramp:
        to: agent
        on: [agent_requested]
        no_match: 1
        frustration: true
      start: s0
      states:
        s0:
          on: { finish: done }
        agent: { type: human, queue: support, hours: always }
        done:
          type: end
          outcome: resolved
    `);
    const finished = send(j, begin(j).configuration, { type: 'finish' }).configuration;
    expect(finished.status).toBe('done');
    for (const type of ['finish', 'agent_requested', 'no_match', 'frustrated', 'unheard_of']) {
      const step = send(j, finished, { type });
      expect(step.ignored, type).toBe(true);
      expect(step.effects, type).toEqual([]);
      expect(step.configuration, type).toEqual(finished);
    }
    expect(nextTimeout(j, finished)).toBeUndefined();
    expect(advance(j, finished, 60 * MINUTE).configuration).toMatchObject({ state: 'done', status: 'done', output: finished.output });
    expect(fireTimeout(j, finished, MINUTE).ignored).toBe(true);
  });

  it('a journey handed off (human state without `on`) ignores events too', async () => {
    const j = await journey(`
      start: s0
      states:
        s0: { on: { agent: agent } }
        agent: { type: human, queue: support, hours: always }
    `);
    const handed = send(j, begin(j).configuration, { type: 'agent' }).configuration;
    expect(handed.status).toBe('done');
    const step = send(j, handed, { type: 'agent' });
    expect(step.ignored).toBe(true);
    expect(step.configuration).toEqual(handed);
  });
});
