import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { compileJourney, effectNames } from '../../src/compile/xstate.js';
import { createJourneyActor, createJourneyMachine, JourneyConfigError, persist, restore, type Handoff } from '../../src/runtime/index.js';
import { example, journeyFrom } from '../support/engines.js';

const WEDNESDAY_10 = Date.parse('2026-12-02T10:00:00Z');
const SUNDAY_03 = Date.parse('2026-12-06T03:00:00Z');

const TIMEOUT = `journey: timeout
title: Timeout
context:
  reminded: { type: boolean, default: false }
  name: { type: string }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    say: Still there?
    do: [crm.log]
    on:
      answer: { to: done, set: { name: event.name }, do: [crm.save] }
    after:
      5m: { to: done, set: { reminded: true } }
  agent:
    type: human
    queue: help
    carry: [name, reminded]
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: callback
  callback:
    type: end
    outcome: callback_booked
  done:
    type: end
    outcome: resolved
    feedback: true
`;

async function timeoutConfig() {
  const journey = await journeyFrom(TIMEOUT);
  return { journey, config: compileJourney(journey), actions: Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined])) };
}

describe('createJourneyMachine refuses configs that XState would run wrongly', () => {
  it('lists every side effect without an implementation', async () => {
    const { config } = await timeoutConfig();
    expect(() => createJourneyMachine(config, { actions: {} })).toThrow(JourneyConfigError);
    expect(() => createJourneyMachine(config, { actions: {} })).toThrow(/crm\.log, crm\.save/);
    expect(() => createJourneyMachine(config, { actions: { 'crm.log': () => undefined } })).toThrow(/no implementation for side effect: crm\.save/);
  });

  it('refuses `after` keys that are not milliseconds, unknown guards, bad expressions and undeclared fields', async () => {
    const { config, actions } = await timeoutConfig();
    const bad = structuredClone(config) as any;
    bad.states.ask.after = { '5s': { target: 'done' } };
    bad.states.ask.on.answer = [
      { target: 'done', guard: { type: 'isVip' } },
      { target: 'done', guard: { type: 'journey.expr', params: { expr: 'constructor.constructor("x")()' } } },
      { target: 'done', actions: [{ type: 'journey.set', params: { assign: { ghost: '1' } } }] },
    ];
    let message = '';
    try {
      createJourneyMachine(bad, { actions });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/after key "5s" is not a number of milliseconds/);
    expect(message).toMatch(/unknown guard isVip/);
    expect(message).toMatch(/function calls are not allowed/);
    expect(message).toMatch(/sets undeclared field ghost/);
  });

  it('refuses input that names unknown fields', async () => {
    const { config, actions } = await timeoutConfig();
    expect(() => createJourneyActor(config, { actions, input: { nmae: 'x' } })).toThrow(/nmae, which is not a context field/);
    expect(() => createJourneyActor(config, { actions, input: { name: { first: 'x' } } })).toThrow(/must be text, a number, true\/false or null/);
  });
});

describe('timeouts, loops and output', () => {
  it('a 5m timeout fires after 300,000 ms of a simulated clock, not at once', async () => {
    const { config, actions } = await timeoutConfig();
    const clock = new SimulatedClock();
    const actor = createJourneyActor(config, { actions, clock });
    actor.start();
    expect(actor.getSnapshot().value).toBe('ask');
    clock.increment(299_999);
    expect(actor.getSnapshot().value).toBe('ask');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('done');
    expect(actor.getSnapshot().context.reminded).toBe(true);
    expect(actor.getSnapshot().output).toEqual({ outcome: 'resolved', journey: 'timeout' });
  });

  it('fields without a default start as null; input is merged over the defaults', async () => {
    const { config, actions } = await timeoutConfig();
    const plain = createJourneyActor(config, { actions });
    plain.start();
    expect(plain.getSnapshot().context).toMatchObject({ reminded: false, name: null });
    const given = createJourneyActor(config, { actions, input: { name: 'Ada' } });
    given.start();
    expect(given.getSnapshot().context).toMatchObject({ reminded: false, name: 'Ada' });
  });

  it('an always cycle stops the actor with an error instead of hanging', async () => {
    const config = {
      id: 'spin',
      initial: 'a',
      context: { $journey: { noMatch: 0, enteredAt: null } },
      states: { a: { always: { target: 'b' } }, b: { always: { target: 'a' } } },
    };
    const problems: string[] = [];
    const actor = createJourneyActor(config, { actions: {}, onError: (p) => void problems.push(p.message) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect(problems.join()).toMatch(/Infinite loop/);
  });

  it('side-effect results come back as events; a failing effect sends `error`', async () => {
    const journey = await journeyFrom(`journey: effects
title: Effects
start: block
states:
  block:
    do: [cards.block]
    on:
      done: ok
      error: agent
      agent_requested: agent
      no_match: agent
      frustrated: agent
  agent: { type: human, queue: q, hours: always }
  ok: { type: end, outcome: resolved, feedback: true }
`);
    const config = compileJourney(journey);
    const sync = createJourneyActor(config, { actions: { 'cards.block': () => ({ type: 'done' }) } });
    sync.start();
    expect(sync.getSnapshot().value).toBe('ok');
    const failing = createJourneyActor(config, { actions: { 'cards.block': () => Promise.reject(new Error('bank down')) }, onError: () => undefined });
    failing.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(failing.getSnapshot().value).toBe('agent');
    expect(failing.getSnapshot().output).toEqual({ journey: 'effects', outcome: 'handed_off', state: 'agent', queue: 'q' });
  });
});

describe('hand-offs and hours', () => {
  it('hands off with the carried values when open; routes to when_closed without a handoff when closed', async () => {
    const { config, actions } = await timeoutConfig();
    for (const [at, expected] of [
      [WEDNESDAY_10, 'agent'],
      [SUNDAY_03, 'callback'],
    ] as const) {
      const handoffs: Handoff[] = [];
      const values: string[] = [];
      const actor = createJourneyActor(config, { actions, now: () => new Date(at), onHandoff: (h) => void handoffs.push(h), input: { name: 'Ada' } });
      actor.subscribe((s) => void values.push(String(s.value)));
      actor.start();
      actor.send({ type: 'agent_requested' });
      expect(actor.getSnapshot().value).toBe(expected);
      expect(values.some((v) => v.startsWith('$route'))).toBe(false);
      if (expected === 'agent') {
        expect(handoffs).toEqual([{ journey: 'timeout', state: 'agent', queue: 'help', skills: [], carried: { name: 'Ada', reminded: false } }]);
      } else {
        expect(handoffs).toEqual([]);
      }
    }
  });

  it('says what each state says, also in states passed through at once', async () => {
    const journey = await example('cancellation');
    const said: string[] = [];
    const actor = createJourneyActor(compileJourney(journey), {
      actions: Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined])),
      onSay: (s) => void said.push(s.state),
      now: () => new Date(WEDNESDAY_10),
    });
    actor.start();
    expect(said).toEqual(['greet']);
  });
});

describe('persist and restore keep pending timeouts', () => {
  it('a timeout that fell due while stored fires on restore; one still pending is scheduled', async () => {
    const { config, actions } = await timeoutConfig();
    let now = WEDNESDAY_10;
    const actor = createJourneyActor(config, { actions, now: () => new Date(now) });
    actor.start();
    const saved = JSON.parse(JSON.stringify(persist(actor, config)));
    actor.stop();
    expect(saved.deadlines).toEqual([{ delay: 300_000, at: WEDNESDAY_10 + 300_000 }]);

    now = WEDNESDAY_10 + 600_000;
    const late = restore(config, saved, { actions, now: () => new Date(now) });
    expect(late.getSnapshot().value).toBe('done');

    now = WEDNESDAY_10 + 60_000;
    const clock = new SimulatedClock();
    const early = restore(config, saved, { actions, now: () => new Date(now), clock });
    expect(early.getSnapshot().value).toBe('ask');
    clock.increment(239_999);
    expect(early.getSnapshot().value).toBe('ask');
    clock.increment(1);
    expect(early.getSnapshot().value).toBe('done');
  });
});
