// checkConfig builds the words of where a problem is (root or state, event, delay, always)
// only when it reports one, and reads keys with for-in: these pin the wording of each place
// and that only a config's own keys count, as they did when every place was a string and
// every key list came from Object.keys.
import { describe, expect, it } from 'vitest';
import { compileJourney } from '../../src/compile/xstate.js';
import { checkConfig } from '../../src/runtime/check.js';
import { journeyFrom } from '../support/engines.js';

const JOURNEY = `journey: where
title: Where
context:
  attempts: { type: number, default: 0 }
start: ask
states:
  ask:
    say: Still there?
    on:
      answer: done
    after:
      5m: done
      1s: done
  done:
    type: end
    outcome: resolved
`;

async function compiled(): Promise<any> {
  return compileJourney(await journeyFrom(JOURNEY));
}

describe('checkConfig', () => {
  it('names the place of each problem: the root, a state, an event, a delay, always', async () => {
    const config = await compiled();
    config.on = { ping: 'nowhere' };
    config.states.ask.on.answer = { target: 'gone' };
    config.states.ask.after['1000'] = { target: 'void' };
    config.states.ask.always = [{ target: 'done', guard: { type: 'journey.expr', params: { expr: 'missing > 1' } } }];
    config.states.ask.entry.push({ type: '' });
    expect(checkConfig(config).problems).toEqual([
      'the root, event ping: target "nowhere" is not a state',
      'state ask: an action has no type (got an object)',
      'state ask, event answer: target the text "gone" is not a state',
      'state ask, always: `missing > 1` reads undeclared field missing',
      'state ask, after 1000: target the text "void" is not a state',
    ]);
  });

  it('counts only own keys, as Object.keys does: inherited ones are neither unknown nor states', async () => {
    const config = await compiled();
    const inherited = { bogus: 1, target: 'nowhere' };
    config.states.ask.on.answer = Object.assign(Object.create(inherited), { target: 'done' });
    config.states.ask.on = Object.assign(Object.create({ extra: 'nowhere' }), config.states.ask.on);
    expect(checkConfig(config).problems).toEqual([]);
    config.states.ask.on.answer.bogus = 2;
    expect(checkConfig(config).problems).toEqual(['state ask, event answer: unknown transition key `bogus`']);
  });

  it('keeps each state with its timers ascending, and the final ones as final', async () => {
    const { checked } = checkConfig(await compiled());
    expect(checked?.states.get('ask')).toEqual({ final: false, delays: [1000, 300000] });
    expect(checked?.states.get('done')).toEqual({ final: true, delays: [] });
    expect([...(checked?.states.keys() ?? [])]).toEqual(Object.keys((await compiled()).states));
  });
});
