/**
 * The runtime refuses, at creation and with a JourneyConfigError that names the problem,
 * every config, input and snapshot that would otherwise misbehave later (issue 17,
 * item 6). Before, bad hours meant "always open" (a closed team got customers), a
 * 3,000,000,000 ms timeout fired after 1 ms, null configs threw raw TypeErrors, and
 * corrupt snapshots were accepted or restarted the conversation silently.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor } from 'xstate';
import { compileJourney, effectNames } from '../../src/compile/xstate.js';
import { createJourneyActor, createJourneyMachine, JourneyConfigError, machineHash, persist, restore, type PersistedJourney } from '../../src/runtime/index.js';
import { journeyFrom } from '../support/engines.js';

const JOURNEY = `journey: refuse
title: Refuse
context:
  attempts: { type: number, default: 0 }
  name: { type: string }
  vip: { type: boolean, default: false }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    say: Still there?
    do: [crm.log]
    on:
      answer: { to: done, set: { name: event.name } }
      retry: { to: ask, set: { attempts: attempts + 1 } }
    after:
      5m: done
  agent:
    type: human
    queue: help
    carry: [name]
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

const WEDNESDAY_10 = Date.parse('2026-12-02T10:00:00Z');

async function setup() {
  const journey = await journeyFrom(JOURNEY);
  const config = compileJourney(journey) as any;
  const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
  return { config, actions };
}

/** The message of the JourneyConfigError `fn` throws (fails the test when it throws anything else, or nothing). */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(JourneyConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a JourneyConfigError, but nothing was thrown');
}

describe('configs that would misbehave are refused at creation', () => {
  it.each([
    ['Mars/Olympus', 'mon-fri 09:00-17:00 Mars/Olympus', /not an IANA time zone/],
    ['25:00-26:00', 'mon 25:00-26:00 Europe/London', /not a valid time range/],
    ['garbage', 'garbage', /IANA time zone/],
    ['empty', '', /IANA time zone/],
  ])('hours that do not parse (%s) are refused, never read as "always open"', async (_name, hours, why) => {
    const { config, actions } = await setup();
    config.states.$route_agent.always[0].guard.params.hours = hours;
    const message = refusal(() => createJourneyMachine(config, { actions }));
    expect(message).toMatch(/opening hours .* do not parse/);
    expect(message).toMatch(why);
  });

  it.each([
    ['0', /0 ms fires at once/],
    ['3000000000', /longer than 2147483647 ms/],
  ])('an `after` delay of %s ms is refused', async (delay, why) => {
    const { config, actions } = await setup();
    config.states.ask.after = { [delay]: { target: 'done' } };
    expect(refusal(() => createJourneyMachine(config, { actions }))).toMatch(why);
  });

  it('a no-match limit that is not a whole number is refused', async () => {
    const { config, actions } = await setup();
    config.states.ask.on.no_match[0].guard.params.limit = 'two';
    expect(refusal(() => createJourneyMachine(config, { actions }))).toMatch(/journey\.noMatchLimit needs params\.limit/);
  });

  it('a `say` without its params is refused', async () => {
    const { config, actions } = await setup();
    config.states.ask.entry = config.states.ask.entry.map((a: any) => (a.type === 'journey.say' ? { type: 'journey.say' } : a));
    expect(refusal(() => createJourneyMachine(config, { actions }))).toMatch(/journey\.say needs params\.text/);
  });

  it('actions in root-level `on` and `entry` need implementations too', async () => {
    const { config, actions } = await setup();
    config.entry = [{ type: 'analytics.start' }];
    config.on = { ping: { actions: [{ type: 'analytics.ping' }] } };
    expect(refusal(() => createJourneyMachine(config, { actions }))).toMatch(/no implementation for side effects: analytics\.ping, analytics\.start/);
    expect(() => createJourneyMachine(config, { actions: { ...actions, 'analytics.start': () => undefined, 'analytics.ping': () => undefined } })).not.toThrow();
  });

  it('an `invoke` of an actor the runtime does not provide is refused', async () => {
    const { config, actions } = await setup();
    config.states.ask.invoke = { src: 'fetchAccount' };
    expect(refusal(() => createJourneyMachine(config, { actions }))).toMatch(/state ask: invokes an actor/);
  });

  it('an unknown initial state is refused at creation, not at start()', async () => {
    const { config, actions } = await setup();
    config.initial = 'nowhere';
    expect(refusal(() => createJourneyMachine(config, { actions }))).toMatch(/`initial` must name one of the states, got the text "nowhere"/);
  });

  it('a target that is not a state, nested states and unknown keys are refused', async () => {
    const { config, actions } = await setup();
    config.states.ask.on.answer.target = 'dnoe';
    config.states.done.states = { inner: {} };
    config.states.ask.onn = {};
    const message = refusal(() => createJourneyMachine(config, { actions }));
    expect(message).toMatch(/target the text "dnoe" is not a state/);
    expect(message).toMatch(/state done: has nested states/);
    expect(message).toMatch(/state ask: unknown key `onn`/);
  });

  it.each([
    ['null', null],
    ['a string', 'lost-card'],
    ['a number', 42],
    ['a list', []],
    ['an object without states', { id: 'x' }],
  ])('%s as the config is refused with a JourneyConfigError, not a TypeError', (_name, config) => {
    expect(refusal(() => createJourneyMachine(config as any, { actions: {} }))).toMatch(/not a compiled journey|`states` must be an object/);
    expect(refusal(() => createJourneyActor(config as any, { actions: {} }))).toBeTruthy();
  });

  it('options that are not an object are refused', async () => {
    const { config } = await setup();
    expect(refusal(() => createJourneyMachine(config, undefined as any))).toMatch(/options must be an object/);
  });
});

describe('input of the wrong type is refused, as docs/security.md promises', () => {
  it.each([
    ['attempts', 'three', /input attempts must be a number/],
    ['attempts', NaN, /NaN is not a finite number/],
    ['attempts', Infinity, /Infinity is not a finite number/],
    ['vip', 'yes', /input vip must be true or false/],
    ['name', 42, /input name must be text/],
    ['name', { first: 'x' }, /must be text, a number, true\/false or null/],
  ])('%s = %s', async (field, value, why) => {
    const { config, actions } = await setup();
    expect(refusal(() => createJourneyMachine(config, { actions, input: { [field]: value } }))).toMatch(why);
  });

  it('null is accepted for any field (not yet known), and XState input is checked when it arrives', async () => {
    const { config, actions } = await setup();
    expect(() => createJourneyMachine(config, { actions, input: { name: null, attempts: 2 } })).not.toThrow();
    const machine = createJourneyMachine(config, { actions });
    const actor = createActor(machine, { input: { attempts: 'three' } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(JourneyConfigError);
    expect(String(errors[0])).toMatch(/input attempts must be a number/);
  });
});

describe('restore refuses snapshots that are corrupt or foreign', () => {
  async function saved() {
    const { config, actions } = await setup();
    const clock = new SimulatedClock();
    const options = { actions, clock, now: () => new Date(WEDNESDAY_10) };
    const actor = createJourneyActor(config, options);
    actor.start();
    actor.send({ type: 'retry' });
    const persisted = persist(actor, config);
    actor.stop();
    return { config, options, persisted: JSON.parse(JSON.stringify(persisted)) as PersistedJourney & Record<string, any> };
  }

  it('a sound snapshot restores into the same state and context', async () => {
    const { config, options, persisted } = await saved();
    expect(persisted).toMatchObject({ format: 1, journey: 'refuse', machine: machineHash(config) });
    const actor = restore(config, persisted, options);
    expect(actor.getSnapshot().value).toBe('ask');
    expect(actor.getSnapshot().context.attempts).toBe(1);
    actor.stop();
  });

  const cases: [string, (p: any) => any, RegExp][] = [
    ['an unknown state value', (p) => ({ ...p, snapshot: { ...p.snapshot, value: 'limbo' } }), /state "limbo", which this journey does not have/],
    ['a hidden routing state', (p) => ({ ...p, snapshot: { ...p.snapshot, value: '$route_agent' } }), /hidden state/],
    ['a missing context', (p) => ({ ...p, snapshot: { ...p.snapshot, context: undefined } }), /context must be an object/],
    ['a missing field', (p) => ({ ...p, snapshot: { ...p.snapshot, context: { ...p.snapshot.context, name: undefined } } }), /context has no field name|name must be text/],
    ['a wrongly typed field', (p) => ({ ...p, snapshot: { ...p.snapshot, context: { ...p.snapshot.context, attempts: 'one' } } }), /context field attempts must be a number/],
    ['a field of another journey', (p) => ({ ...p, snapshot: { ...p.snapshot, context: { ...p.snapshot.context, card: '1234' } } }), /has card, which is not a field/],
    ['a corrupt internal counter', (p) => ({ ...p, snapshot: { ...p.snapshot, context: { ...p.snapshot.context, $journey: { noMatch: -1 } } } }), /context\.\$journey must be/],
    ['a string snapshot', (p) => ({ ...p, snapshot: 'ask' }), /snapshot must be an object/],
    ['a null snapshot', (p) => ({ ...p, snapshot: null }), /snapshot must be an object/],
    ['a bogus status', (p) => ({ ...p, snapshot: { ...p.snapshot, status: 'paused' } }), /status the text "paused" is not one XState writes/],
    ['a done status', (p) => ({ ...p, snapshot: { ...p.snapshot, status: 'done' } }), /conversation is over \(status done\)/],
    ['missing timer deadlines', (p) => ({ ...p, deadlines: [] }), /deadline of the 300000 ms timeout of state ask is missing/],
    ['deadlines that are not a list', (p) => ({ ...p, deadlines: 'soon' }), /deadlines must be a list/],
    ['a deadline for a timeout the state lacks', (p) => ({ ...p, deadlines: [...p.deadlines, { delay: 7, at: 1 }] }), /7 ms timeout, which state ask does not have/],
    ['another journey', (p) => ({ ...p, journey: 'lost-card' }), /belongs to journey "lost-card", not refuse/],
    ['another version of the machine', (p) => ({ ...p, machine: '0123456789abcdef' }), /saved by another version of this journey/],
    ['no machine stamp (not written by persist)', (p) => ({ snapshot: p.snapshot, deadlines: p.deadlines }), /does not say which machine saved it/],
    ['null instead of a persisted journey', () => null, /must be what `persist` returned/],
  ];

  it.each(cases)('%s', async (_name, corrupt, why) => {
    const { config, options, persisted } = await saved();
    expect(refusal(() => restore(config, corrupt(persisted), options))).toMatch(why);
  });

  it('createJourneyActor checks a raw snapshot the same way', async () => {
    const { config, options, persisted } = await saved();
    expect(refusal(() => createJourneyActor(config, { ...options, snapshot: { ...(persisted.snapshot as object), value: 'limbo' } }))).toMatch(/limbo/);
  });

  it('a conversation saved by another machine restores only through `migrate`, and what it returns is checked', async () => {
    const { config, options, persisted } = await saved();
    const changed = { ...config, description: 'the next version' };
    expect(refusal(() => restore(changed, persisted, options))).toMatch(/another version/);
    const migrated = restore(changed, persisted, { ...options, migrate: (old, target) => ({ ...old, machine: target.machine }) });
    expect(migrated.getSnapshot().value).toBe('ask');
    migrated.stop();
    expect(refusal(() => restore(changed, persisted, { ...options, migrate: () => undefined }))).toMatch(/another version/);
    expect(refusal(() => restore(changed, persisted, { ...options, migrate: (old) => old }))).toMatch(/`migrate` must return the conversation stamped/);
    expect(refusal(() => restore(changed, persisted, { ...options, migrate: (old, target) => ({ ...old, machine: target.machine, snapshot: { ...(old.snapshot as object), value: 'gone' } }) }))).toMatch(/gone/);
  });
});
