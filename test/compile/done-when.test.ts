/**
 * The "done when" check of the compile issue, end to end: `journey compile journeys/
 * --out build/machines` (the real binary), then a separate `node --input-type=module -e`
 * process, run in the repository so that `journeyctl/runtime` resolves through the
 * package's own exports, imports `createJourneyActor`, loads a compiled JSON, sends
 * events with an implementation for every side effect, and reports states and outputs.
 *
 * The expected states, outputs, side effects and hand-offs below were derived by reading
 * journeys/*.journey.yaml; each scenario is also run through the reference interpreter
 * (src/interpret/interpreter.ts), which must agree step for step.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, send, start, type Configuration, type Effect } from '../../src/interpret/interpreter.js';
import { canonical, example } from '../support/engines.js';
import { cleanEnv, ensureBuilt, expectCleanStreams, journeySync, ROOT, type Run } from '../support/cli.js';
import { effectsInYaml, statesInYaml } from './cli-support.js';

type Step = { readonly event: { readonly type: string; readonly [field: string]: unknown } } | { readonly wait: number };

interface Scenario {
  readonly name: string;
  readonly journey: string;
  /** When the conversation starts (hours are judged from it). */
  readonly epoch: string;
  readonly steps: readonly Step[];
  /** The state after the start and after each step. */
  readonly states: readonly string[];
  readonly status: 'active' | 'done';
  readonly output: Record<string, unknown> | null;
  /** Side effects run, in order. */
  readonly effects: readonly string[];
  readonly handoffs: readonly Record<string, unknown>[];
  /** Some context fields at the end. */
  readonly context?: Record<string, unknown>;
}

const OPEN = '2026-12-02T10:00:00Z'; // Wednesday 10:00 in London
const CLOSED = '2026-12-06T03:00:00Z'; // Sunday 03:00 in London
const ev = (type: string, data: Record<string, unknown> = {}): Step => ({ event: { type, ...data } });

const LOST_CARD_CARRY = (over: Record<string, unknown>) => ({
  customer_id: null,
  card_last4: null,
  report_type: 'lost',
  attempts: 0,
  unrecognised_payments: false,
  replacement_ordered: false,
  ...over,
});

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'lost-card: unrecognised payments go to the fraud team (terminal human state: handed_off)',
    journey: 'lost-card',
    epoch: OPEN,
    steps: [ev('lost'), ev('verified', { customer_id: 'C-1001' }), ev('card_selected', { last4: '4242' }), ev('frozen'), ev('yes')],
    states: ['greet', 'verify', 'choose_card', 'freeze_card', 'check_payments', 'fraud_team'],
    status: 'done',
    output: { journey: 'lost-card', outcome: 'handed_off', state: 'fraud_team', queue: 'card-fraud' },
    effects: ['auth.send_one_time_code', 'cards.freeze'],
    handoffs: [
      {
        journey: 'lost-card',
        state: 'fraud_team',
        queue: 'card-fraud',
        skills: ['fraud', 'disputes'],
        carried: LOST_CARD_CARRY({ customer_id: 'C-1001', card_last4: '4242', unrecognised_payments: true }),
      },
    ],
    context: { customer_id: 'C-1001', card_last4: '4242', unrecognised_payments: true },
  },
  {
    name: 'lost-card: three failed codes (guarded choice with set) reach the fraud team',
    journey: 'lost-card',
    epoch: OPEN,
    steps: [ev('lost'), ev('failed'), ev('failed'), ev('failed')],
    states: ['greet', 'verify', 'verify', 'verify', 'fraud_team'],
    status: 'done',
    output: { journey: 'lost-card', outcome: 'handed_off', state: 'fraud_team', queue: 'card-fraud' },
    // A self-transition re-enters verify, so its `do` runs again.
    effects: ['auth.send_one_time_code', 'auth.send_one_time_code', 'auth.send_one_time_code'],
    handoffs: [{ journey: 'lost-card', state: 'fraud_team', queue: 'card-fraud', skills: ['fraud', 'disputes'], carried: LOST_CARD_CARRY({ attempts: 2 }) }],
    context: { attempts: 2 },
  },
  {
    name: 'lost-card: a stolen card is cancelled and replaced, to the resolved end',
    journey: 'lost-card',
    epoch: OPEN,
    steps: [
      ev('stolen'),
      ev('verified', { customer_id: 'C-2' }),
      ev('card_selected', { last4: '0005' }),
      ev('frozen'),
      ev('no'),
      ev('cancelled'),
      ev('confirmed'),
      ev('ordered'),
      ev('nothing_else'),
    ],
    // `no` passes through the decision state route_by_report (stolen -> cancel_card).
    states: ['greet', 'verify', 'choose_card', 'freeze_card', 'check_payments', 'cancel_card', 'confirm_address', 'order_replacement', 'wrap_up', 'done'],
    status: 'done',
    output: { outcome: 'resolved', journey: 'lost-card' },
    effects: ['auth.send_one_time_code', 'cards.freeze', 'cards.cancel', 'cards.order_replacement', 'notify.send_sms_confirmation'],
    handoffs: [],
    context: { report_type: 'stolen', replacement_ordered: true, card_last4: '0005' },
  },
  {
    name: 'lost-card: the second no_match escalates through the offramp; the agent hands back to done',
    journey: 'lost-card',
    epoch: OPEN,
    steps: [ev('no_match'), ev('no_match'), ev('resolved')],
    states: ['greet', 'greet', 'agent', 'done'],
    status: 'done',
    output: { outcome: 'resolved', journey: 'lost-card' },
    effects: [],
    handoffs: [{ journey: 'lost-card', state: 'agent', queue: 'card-services', skills: ['cards'], carried: LOST_CARD_CARRY({}) }],
  },
  {
    name: 'lost-card: asking for a person enters the agent state, which waits (it has `on`)',
    journey: 'lost-card',
    epoch: OPEN,
    steps: [ev('lost'), ev('agent_requested')],
    states: ['greet', 'verify', 'agent'],
    status: 'active',
    output: null,
    effects: ['auth.send_one_time_code'],
    handoffs: [{ journey: 'lost-card', state: 'agent', queue: 'card-services', skills: ['cards'], carried: LOST_CARD_CARRY({}) }],
  },
  {
    name: 'lost-card: the 5m timeout of card_found fires at 300,000 ms of a simulated clock, not before',
    journey: 'lost-card',
    epoch: OPEN,
    steps: [ev('found_it'), { wait: 299_999 }, { wait: 1 }],
    states: ['greet', 'card_found', 'card_found', 'done'],
    status: 'done',
    output: { outcome: 'resolved', journey: 'lost-card' },
    effects: [],
    handoffs: [],
  },
  {
    name: 'signup: free plan to the account_created end',
    journey: 'signup',
    epoch: OPEN,
    steps: [ev('start'), ev('email_given', { email: 'ada@example.com' }), ev('available'), ev('name_given', { name: 'Ada Lovelace' }), ev('free'), ev('verified'), ev('yes')],
    // `verified` passes through the decision state check_plan (free -> preferences).
    states: ['welcome', 'ask_email', 'check_email', 'ask_name', 'choose_plan', 'verify', 'preferences', 'done'],
    status: 'done',
    output: { outcome: 'account_created', journey: 'signup' },
    effects: ['accounts.check_email', 'accounts.create_pending', 'email.send_verification_code', 'accounts.activate', 'email.send_welcome'],
    handoffs: [],
    context: { email: 'ada@example.com', full_name: 'Ada Lovelace', plan: 'free', product_tips: true },
  },
  {
    name: 'signup: team plan goes through payment',
    journey: 'signup',
    epoch: OPEN,
    steps: [ev('start'), ev('email_given', { email: 'bo@example.com' }), ev('available'), ev('name_given', { name: 'Bo' }), ev('team'), ev('verified'), ev('card_added'), ev('no')],
    states: ['welcome', 'ask_email', 'check_email', 'ask_name', 'choose_plan', 'verify', 'payment', 'preferences', 'done'],
    status: 'done',
    output: { outcome: 'account_created', journey: 'signup' },
    effects: ['accounts.check_email', 'accounts.create_pending', 'email.send_verification_code', 'billing.start_trial', 'accounts.activate', 'email.send_welcome'],
    handoffs: [],
    context: { plan: 'team', product_tips: false },
  },
  {
    name: 'cancellation: the retention team by day (hand-off with carried values)',
    journey: 'cancellation',
    epoch: OPEN,
    steps: [ev('continue'), ev('identified', { customer_id: 'C-7', plan: 'basic' }), ev('talk_to_someone')],
    states: ['greet', 'identify', 'ask_reason', 'retention_team'],
    status: 'active',
    output: null,
    effects: [],
    handoffs: [
      {
        journey: 'cancellation',
        state: 'retention_team',
        queue: 'retention',
        skills: ['retention', 'billing'],
        carried: { customer_id: 'C-7', plan: 'basic', cancel_reason: 'not_given', offer_accepted: false, export_requested: false, callback_phone: null, callback_slot: '' },
      },
    ],
  },
  {
    name: 'cancellation: out of hours, no hand-off; a callback is booked',
    journey: 'cancellation',
    epoch: CLOSED,
    steps: [ev('talk_to_someone'), ev('number_given', { phone: '+44 20 7946 0000' }), ev('slot_chosen', { slot: 'mon 10:00' })],
    states: ['greet', 'book_callback', 'choose_slot', 'callback_booked'],
    status: 'done',
    output: { outcome: 'callback_booked', journey: 'cancellation' },
    effects: ['callbacks.book', 'notify.send_callback_confirmation'],
    handoffs: [],
    context: { callback_phone: '+44 20 7946 0000', callback_slot: 'mon 10:00' },
  },
  {
    name: 'cancellation: a premium customer pauses instead (decision on event data)',
    journey: 'cancellation',
    epoch: OPEN,
    steps: [ev('continue'), ev('identified', { customer_id: 'C-8', plan: 'premium' }), ev('too_expensive'), ev('pause'), ev('applied')],
    states: ['greet', 'identify', 'ask_reason', 'retention_offer', 'apply_offer', 'kept'],
    status: 'done',
    output: { outcome: 'retained', journey: 'cancellation' },
    effects: ['subscriptions.pause'],
    handoffs: [],
    context: { plan: 'premium', cancel_reason: 'price', offer_accepted: true },
  },
];

/** The bot a host would write: plain ESM, importing only `journeyctl/runtime` and xstate's SimulatedClock. */
const SCRIPT = `
import { readFileSync } from 'node:fs';
import { createJourneyActor } from 'journeyctl/runtime';
import { SimulatedClock } from 'xstate';

const scenarios = JSON.parse(process.env.JOURNEY_SCENARIOS);
const results = [];
for (const s of scenarios) {
  const config = JSON.parse(readFileSync(s.machine, 'utf8'));
  const effects = [];
  const handoffs = [];
  const errors = [];
  const clock = new SimulatedClock();
  const actions = Object.fromEntries(s.effectNames.map((name) => [name, () => void effects.push(name)]));
  const actor = createJourneyActor(config, {
    actions,
    clock,
    now: () => new Date(Date.parse(s.epoch) + clock.now()),
    onHandoff: (h) => void handoffs.push(h),
    onError: (p) => void errors.push(p.message),
  });
  actor.start();
  const observe = () => {
    const snap = actor.getSnapshot();
    const { $journey, ...context } = snap.context;
    return { state: snap.value, status: snap.status, context, output: snap.output ?? null };
  };
  const trace = [observe()];
  for (const step of s.steps) {
    if ('wait' in step) clock.increment(step.wait);
    else actor.send(step.event);
    trace.push(observe());
  }
  actor.stop();
  results.push({ trace, effects, handoffs, errors });
}
process.stdout.write(JSON.stringify(results));
`;

interface Observation {
  state: string;
  status: string;
  context: Record<string, unknown>;
  output: Record<string, unknown> | null;
}
interface BotResult {
  trace: Observation[];
  effects: string[];
  handoffs: Record<string, unknown>[];
  errors: string[];
}

/** The same scenario through the reference interpreter. */
async function interpret(s: Scenario): Promise<{ trace: Observation[]; effects: string[]; handoffs: Record<string, unknown>[] }> {
  const model = await example(s.journey);
  const effects: string[] = [];
  const handoffs: Record<string, unknown>[] = [];
  const collect = (list: readonly Effect[]): void => {
    for (const e of list) {
      if (e.type === 'do') effects.push(e.name);
      if (e.type === 'handoff') handoffs.push({ journey: s.journey, state: e.state, queue: e.queue, skills: [...e.skills], carried: { ...e.carried } });
    }
  };
  const observe = (c: Configuration): Observation => ({ state: c.state, status: c.status, context: { ...c.context } as Record<string, unknown>, output: (c.output as unknown as Record<string, unknown>) ?? null });
  const first = start(model, { startTime: Date.parse(s.epoch) });
  collect(first.effects);
  let c = first.configuration;
  const trace = [observe(c)];
  for (const step of s.steps) {
    const next = 'wait' in step ? advance(model, c, step.wait) : send(model, c, step.event);
    collect(next.effects);
    c = next.configuration;
    trace.push(observe(c));
  }
  return { trace, effects, handoffs };
}

let out: string;
let results: BotResult[];
let compileRun: Run;
let botRun: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  ensureBuilt();
  out = mkdtempSync(join(tmpdir(), 'journey-done-when-'));
  compileRun = journeySync(['compile', 'journeys/', '--out', join(out, 'build', 'machines')], ROOT);
  if (compileRun.status !== 0) return;
  const payload = SCENARIOS.map((s) => ({
    machine: join(out, 'build', 'machines', `${s.journey}.machine.json`),
    epoch: s.epoch,
    steps: s.steps,
    effectNames: effectsInYaml(join(ROOT, 'journeys', `${s.journey}.journey.yaml`)),
  }));
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    env: cleanEnv({ JOURNEY_SCENARIOS: JSON.stringify(payload) }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  botRun = { status: run.status, stdout: run.stdout, stderr: run.stderr };
  if (run.status === 0) results = JSON.parse(run.stdout) as BotResult[];
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('done when: compiled JSON driven by createJourneyActor from journeyctl/runtime in a plain node process', () => {
  it('journey compile journeys/ --out build/machines exits 0, and the node -e bot runs without errors', () => {
    expect(compileRun.status, compileRun.stderr).toBe(0);
    expectCleanStreams(compileRun);
    expect(botRun.status, botRun.stderr).toBe(0);
    expect(botRun.stderr).not.toMatch(/Cannot find (module|package)|ERR_/);
    expect(results).toHaveLength(SCENARIOS.length);
  });

  SCENARIOS.forEach((s, i) => {
    it(s.name, async () => {
      const bot = results?.[i];
      expect(bot, 'the bot process must have run').toBeDefined();
      if (!bot) return;
      // The expected states exist in the journey file.
      const declared = statesInYaml(join(ROOT, 'journeys', `${s.journey}.journey.yaml`));
      for (const state of s.states) expect(declared, state).toContain(state);

      expect(bot.errors).toEqual([]);
      expect(bot.trace.map((o) => o.state)).toEqual(s.states);
      expect(bot.trace.at(-1)?.status).toBe(s.status);
      expect(bot.trace.at(-1)?.output ?? null).toEqual(s.output);
      expect(bot.effects).toEqual(s.effects);
      expect(bot.handoffs).toEqual(s.handoffs);
      for (const [field, value] of Object.entries(s.context ?? {})) expect(bot.trace.at(-1)?.context[field], field).toEqual(value);
      // No helper state is ever visible as the value at rest.
      for (const o of bot.trace) expect(o.state.startsWith('$'), o.state).toBe(false);

      // The reference interpreter agrees after every step: state, status, context and output.
      const ref = await interpret(s);
      expect(ref.trace.map((o) => o.state)).toEqual(s.states);
      for (let k = 0; k < ref.trace.length; k++) {
        const a = ref.trace[k] as Observation;
        const b = bot.trace[k] as Observation;
        expect(canonical({ ...b, output: b.output ?? null }), `step ${k}`).toBe(canonical({ ...a, output: a.output ?? null }));
      }
      expect(ref.effects).toEqual(bot.effects);
      expect(ref.handoffs).toEqual(bot.handoffs);
    });
  });
});
