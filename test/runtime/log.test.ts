// The runtime's conversation log: one schema-valid line per step (start, events, timeouts),
// personal data only for fields the host opts in to, and no `$start` for a restored actor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { compileJourney, effectNames } from '../../src/compile/xstate.js';
import { createJourneyActor, JourneyConfigError, machineHash, persist, restore } from '../../src/runtime/index.js';
import { journeyFrom } from '../support/engines.js';
import { ROOT } from '../support/lint.js';

const JOURNEY = `journey: log-demo
title: Log demo
context:
  email: { type: string, pii: true, purpose: Send the receipt }
  amount: { type: number, default: 0 }
offramp: { to: agent, on: [agent_requested] }
start: ask
states:
  ask:
    on:
      pay:
        - if: event.amount > 100
          to: agent
        - to: receipt
          set: { amount: event.amount, email: event.email }
    after:
      5m: gone
  receipt:
    on:
      thanks: done
  agent:
    type: human
    queue: help
    carry: [amount]
    hours: always
  gone:
    type: end
    outcome: timed_out
  done:
    type: end
    outcome: paid
`;

async function setupDemo() {
  const journey = await journeyFrom(JOURNEY, 'log-demo.journey.yaml');
  const config = compileJourney(journey);
  const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
  return { config, actions };
}

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'conversation-log.schema.json'), 'utf8'));

describe('conversation log', () => {
  it('writes one schema-valid line per step, keeping event data that goes into a pii field out', async () => {
    const { config, actions } = await setupDemo();
    const lines: string[] = [];
    const clock = new SimulatedClock();
    const t0 = Date.parse('2026-03-02T09:00:00Z');
    const actor = createJourneyActor(config, { actions, clock, now: () => new Date(t0 + clock.now()), log: { conversation: 'a1', write: (l) => void lines.push(l), fields: ['amount'] } });
    actor.start();
    actor.send({ type: 'pay', amount: 40, email: 'someone@example.com' } as never);
    actor.send({ type: 'thanks' });
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((l) => [l.event, l.from, l.to, l.human, l.outcome ?? null])).toEqual([
      ['$start', null, 'ask', false, null],
      ['pay', 'ask', 'receipt', false, null],
      ['thanks', 'receipt', 'done', false, 'paid'],
    ]);
    expect(parsed[1].data).toEqual({ amount: 40 });
    expect(parsed[1].context).toEqual({ amount: 40 });
    expect(lines.join('\n')).not.toContain('someone@example.com');
    expect(parsed[0].version).toBe(machineHash(config));
    expect(parsed[0].ts).toBe('2026-03-02T09:00:00.000Z');
    // The times are checked above; ajv has no date-time format without ajv-formats.
    const ajv = new Ajv2020.default({ strict: true, allowUnionTypes: true, formats: { 'date-time': true } });
    const validate = ajv.compile(schema);
    for (const line of parsed) expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
  });

  it('logs timeouts and hand-offs, and writes personal data only when opted in per field', async () => {
    const { config, actions } = await setupDemo();
    const lines: string[] = [];
    const clock = new SimulatedClock();
    const actor = createJourneyActor(config, { actions, clock, log: { conversation: 'a2', write: (l) => void lines.push(l), fields: ['email'], pii: ['email'] } });
    actor.start();
    actor.send({ type: 'pay', amount: 5, email: 'me@example.com' } as never);
    expect(JSON.parse(lines[1] as string)).toMatchObject({ data: { amount: 5, email: 'me@example.com' }, context: { email: 'me@example.com' } });

    const timed: string[] = [];
    const clock2 = new SimulatedClock();
    const waiting = createJourneyActor(config, { actions, clock: clock2, log: { conversation: 'a3', write: (l) => void timed.push(l) } });
    waiting.start();
    clock2.increment(5 * 60_000);
    expect(JSON.parse(timed[1] as string)).toMatchObject({ event: '$timeout', delay: 300_000, from: 'ask', to: 'gone', outcome: 'timed_out' });

    const handed: string[] = [];
    const human = createJourneyActor(config, { actions, log: { conversation: 'a4', write: (l) => void handed.push(l) } });
    human.start();
    human.send({ type: 'pay', amount: 500 } as never);
    expect(JSON.parse(handed[1] as string)).toMatchObject({ to: 'agent', human: true, outcome: 'handed_off' });
  });

  it('refuses to log a pii field not opted in, or a field the journey lacks', async () => {
    const { config, actions } = await setupDemo();
    const write = (): void => undefined;
    expect(() => createJourneyActor(config, { actions, log: { conversation: 'x', write, fields: ['email'] } })).toThrow(/email, which holds personal data \(pii: true\); list it in log.pii/);
    expect(() => createJourneyActor(config, { actions, log: { conversation: 'x', write, fields: ['nope'] } })).toThrow(JourneyConfigError);
    expect(() => createJourneyActor(config, { actions, log: { conversation: 'x', write, data: ['email'] } })).toThrow(/goes into a pii field/);
    expect(() => createJourneyActor(config, { actions, log: { conversation: '', write } })).toThrow(/conversation/);
  });

  it('a restored conversation goes on without a second $start, and a failing writer is reported, not thrown', async () => {
    const { config, actions } = await setupDemo();
    const lines: string[] = [];
    const first = createJourneyActor(config, { actions, log: { conversation: 'r1', write: (l) => void lines.push(l) } });
    first.start();
    first.send({ type: 'pay', amount: 1 } as never);
    const saved = persist(first, config);
    first.stop();
    const problems: string[] = [];
    const again = restore(config, saved, { actions, log: { conversation: 'r1', write: (l) => void lines.push(l) } });
    again.send({ type: 'thanks' });
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(['$start', 'pay', 'thanks']);
    expect(JSON.parse(lines[2] as string).from).toBe('receipt');
    const broken = createJourneyActor(config, { actions, onError: (p) => void problems.push(`${p.kind}: ${p.message}`), log: { conversation: 'b', write: () => { throw new Error('disk full'); } } });
    broken.start();
    expect(problems).toEqual(['log: the conversation log could not be written: disk full']);
  });
});
