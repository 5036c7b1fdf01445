/**
 * A simulator that tells the truth (issue 10, section 3), found on real bots:
 * D1 a decision at the start on a value nobody gave was "explored" once and reported as
 * explored both ways; D2 Monte Carlo silently abandoned every walk in such a decision;
 * D3 branches on event data were never taken; D4 customers picked "speak to a person"
 * as often as any other event, so escalation was inflated.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/interpret/explore.js';
import { summarize } from '../../src/interpret/summary.js';
import { formatExploration, formatMonteCarlo, monteCarloJson } from '../../src/format/simulation.js';
import { runMonteCarlo } from '../../src/sim/montecarlo.js';
import { parsePersonas, type Persona } from '../../src/sim/personas.js';
import { journeyFrom } from '../support/engines.js';

const AT = Date.parse('2026-12-02T10:00:00Z');

/** A host-set flag decides at the start; event data decides later; every state offers a person. */
const ACCOUNT = `journey: account
title: Account
context:
  has_account: { type: boolean }
  tier: { type: string }
  ok: { type: boolean, default: false }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: check
states:
  check:
    always:
      - if: has_account && tier == 'gold'
        to: vip
      - if: has_account
        to: menu
      - to: signup
  vip:
    on: { done: resolved }
  menu:
    on:
      verify: { to: decide, set: { ok: event.valid } }
  decide:
    always:
      - if: ok
        to: resolved
      - to: failed
  signup:
    on: { joined: resolved }
  failed: { type: end, outcome: failed }
  agent: { type: human, queue: help, hours: always }
  resolved: { type: end, outcome: resolved, feedback: true }
`;

function personas(yaml: string): readonly Persona[] {
  const loaded = parsePersonas('test.personas.yaml', yaml);
  if (!loaded.personas) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return loaded.personas;
}

/** A calm customer: never asks, never misunderstood, never silent or frustrated. */
const CALM = personas(`personas:
  - { name: calm, share: 1, patience: 50, ask_for_person: 0, misunderstood: 0, silence: 0, frustration: 0 }
`);

describe('D1: decisions on unknown values are explored for every value they can take, at the start too', () => {
  it('the start decision on has_account and tier reaches every branch, and the report says which values were tried', async () => {
    const journey = await journeyFrom(ACCOUNT);
    const summary = summarize(explore(journey));
    expect(summary.outcomes.map((o) => o.outcome).sort()).toEqual(['failed', 'handed_off', 'resolved']);
    const states = new Set(explore(journey).nodes.map((n) => n.configuration.state));
    for (const s of ['vip', 'menu', 'signup', 'failed', 'resolved']) expect(states, s).toContain(s);
    expect(summary.varied.map((v) => [v.name, v.values])).toEqual([
      ['event.valid', [true, false]],
      ['has_account', [true, false]],
      ['tier', ['gold', '(other)']],
    ]);
    expect(summary.decidedBothWays).toEqual([]);
    const text = formatExploration(summary, journey, undefined);
    expect(text).toContain('has_account (set by the host: no default): true, false');
    expect(text).not.toContain('explored both ways');
    expect(text).not.toMatch(/\b1 configurations\b/);
  });

  it('a journey that never waits does not claim both "none" and "no route": it says the customer never waits', async () => {
    const journey = await journeyFrom(`journey: straight
title: Straight
start: a
states:
  a:
    always: [done]
  done: { type: end, outcome: resolved, feedback: true }
  agent: { type: human, queue: q, hours: always }
`);
    const text = formatExploration(summarize(explore(journey)), journey, undefined);
    expect(text).toContain('explored 1 configuration and 0 transitions');
    expect(text).toContain('the customer never waits with the bot');
    expect(text).not.toContain('no reachable configuration has a route');
  });

  it('a field set only from literals is not reported as "set from event data or given by the host"', async () => {
    const journey = await journeyFrom(`journey: literal
title: Literal
context:
  plan: { type: string, default: '' }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    on:
      pick: { to: done, set: { plan: "'premium'" } }
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`);
    const summary = summarize(explore(journey));
    expect(summary.unknownFields).toEqual([]);
    expect(formatExploration(summary, journey, undefined)).not.toMatch(/plan \(/);
  });
});

describe('D2: values the host sets', () => {
  it('with nothing given, Monte Carlo assumes every value the journey tells apart and says so, instead of abandoning every walk', async () => {
    const journey = await journeyFrom(ACCOUNT);
    const result = runMonteCarlo(journey, { runs: 4000, seed: 1, personas: CALM, at: AT });
    expect(result.assumed).toEqual([
      { field: 'has_account', values: [true, false] },
      { field: 'tier', values: ['gold', '(other)'] },
    ]);
    expect(result.abandonment).toBeLessThan(0.05);
    expect(result.containment).toBeGreaterThan(0.9);
    const text = formatMonteCarlo(result, journey);
    expect(text).toContain('assumed values');
    expect(text).toContain('has_account: true, false, each equally often');
    expect(text).toContain('--input has_account=VALUE');
  });

  it('--input values are used: has_account=false sends every customer to signup', async () => {
    const journey = await journeyFrom(ACCOUNT);
    const result = runMonteCarlo(journey, { runs: 500, seed: 3, personas: CALM, at: AT, input: { has_account: false } });
    expect(result.assumed.map((a) => a.field)).toEqual(['tier']);
    expect(result.untaken.some((u) => u.state === 'check' && u.choice === 3)).toBe(false);
    expect(result.untaken.filter((u) => u.state === 'check').map((u) => u.choice)).toEqual([1, 2]);
    // A decision whose last choice has no guard never waits: its offramp cannot be taken, so it is not listed.
    expect(result.untaken.some((u) => u.state === 'check' && u.choice === 'offramp')).toBe(false);
  });

  it('personas set context values as shares: has_account 70/30 gives about 70% through the account branches', async () => {
    const journey = await journeyFrom(ACCOUNT);
    const shared = personas(`personas:
  - name: calm
    share: 1
    patience: 50
    ask_for_person: 0
    misunderstood: 0
    silence: 0
    frustration: 0
    context:
      has_account: { true: 0.7, false: 0.3 }
      tier: silver
`);
    const result = runMonteCarlo(journey, { runs: 20_000, seed: 5, personas: shared, at: AT });
    expect(result.assumed).toEqual([]);
    // Without an account the customer joins and is resolved; with one (not gold) they verify: ok half the time.
    const failed = result.outcomes.find((o) => o.outcome === 'failed')?.count ?? 0;
    expect(failed / result.runs).toBeGreaterThan(0.33);
    expect(failed / result.runs).toBeLessThan(0.37);
  });
});

describe('D3: branches that depend on event data are taken', () => {
  const OK = `journey: ok
title: OK
context:
  ok: { type: boolean, default: false }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    on:
      answer: { to: decide, set: { ok: event.valid } }
  decide:
    always:
      - if: ok
        to: done
      - to: failed
  agent: { type: human, queue: q, hours: always }
  failed: { type: end, outcome: failed }
  done: { type: end, outcome: resolved, feedback: true }
`;

  it('by default every value the journey tells apart comes equally often: about half reach done', async () => {
    const result = runMonteCarlo(await journeyFrom(OK), { runs: 2000, seed: 1, personas: CALM, at: AT });
    const done = result.outcomes.find((o) => o.outcome === 'resolved')?.count ?? 0;
    expect(done / result.runs).toBeGreaterThan(0.45);
    expect(done / result.runs).toBeLessThan(0.55);
    // Every choice of the journey's own was taken; only the offramp (nobody asked) was not.
    expect(result.untaken.filter((u) => u.choice !== 'offramp')).toEqual([]);
  });

  it('personas give shares of event data: valid 90/10 gives about 90% done', async () => {
    const shared = personas(`personas:
  - name: calm
    share: 1
    ask_for_person: 0
    misunderstood: 0
    silence: 0
    frustration: 0
    data:
      answer: { valid: { true: 0.9, false: 0.1 } }
`);
    const result = runMonteCarlo(await journeyFrom(OK), { runs: 5000, seed: 2, personas: shared, at: AT });
    const done = result.outcomes.find((o) => o.outcome === 'resolved')?.count ?? 0;
    expect(done / result.runs).toBeGreaterThan(0.88);
    expect(done / result.runs).toBeLessThan(0.92);
  });

  it('the report lists choices no customer took', async () => {
    const never = personas(`personas:
  - name: calm
    share: 1
    ask_for_person: 0
    misunderstood: 0
    silence: 0
    frustration: 0
    data:
      answer: { valid: true }
`);
    const journey = await journeyFrom(OK);
    const result = runMonteCarlo(journey, { runs: 200, seed: 2, personas: never, at: AT });
    expect(result.untaken).toContainEqual({ state: 'decide', input: 'always', choice: 2, kind: 'own', of: 2, to: 'failed' });
    expect(formatMonteCarlo(result, journey)).toContain('decide, always, choice 2 -> failed');
    expect(JSON.parse(monteCarloJson(result)).untaken).toContainEqual({ state: 'decide', input: 'always', choice: 2, kind: 'own', of: 2, to: 'failed' });
  });
});

describe('D4: asking for a person is a trait of the persona, not one of the journey events chosen at random', () => {
  const EVERY_STATE = `journey: every
title: Every
offramp: { to: agent, on: [agent_requested] , no_match: 2, frustration: true }
start: a
states:
  a:
    on: { next: b, speak_to_person: agent }
  b:
    on: { next: c, speak_to_person: agent, cannot_find: agent }
  c:
    on: { finish: done, speak_to_person: agent }
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`;

  it('a customer who never asks never picks speak_to_person or an event that only leads to a person', async () => {
    const result = runMonteCarlo(await journeyFrom(EVERY_STATE), { runs: 2000, seed: 1, personas: CALM, at: AT });
    expect(result.escalation).toBe(0);
    expect(result.containment).toBe(1);
  });

  it('escalation follows how many customers ask: 20% who ask, 20% escalated', async () => {
    const asking = personas(`personas:
  - { name: asks, share: 0.2, ask_for_person: 1, misunderstood: 0, silence: 0, frustration: 0 }
  - { name: calm, share: 0.8, ask_for_person: 0, misunderstood: 0, silence: 0, frustration: 0 }
`);
    const result = runMonteCarlo(await journeyFrom(EVERY_STATE), { runs: 10_000, seed: 4, personas: asking, at: AT });
    expect(result.escalation).toBeGreaterThan(0.18);
    expect(result.escalation).toBeLessThan(0.22);
    expect(result.asked.customers).toBe(result.personas.find((p) => p.name === 'asks')?.runs);
  });

  it('asking after failed turns: a customer misunderstood twice in a row asks', async () => {
    const impatient = personas(`personas:
  - name: impatient
    share: 1
    ask_for_person: 0
    ask_after_failures: { failures: 1, chance: 1 }
    misunderstood: 0.5
    silence: 0
    frustration: 0
`);
    const journey = await journeyFrom(EVERY_STATE.replace(', no_match: 2', ''));
    const result = runMonteCarlo(journey, { runs: 2000, seed: 9, personas: impatient, at: AT });
    // Without the trait nobody would reach a person (no_match does not escalate here).
    expect(result.escalation).toBeGreaterThan(0.5);
    expect(result.asked.customers).toBeGreaterThan(0);
  });

  it('a persona can still weigh an event that only leads to a person, and then picks it', async () => {
    const weighs = personas(`personas:
  - name: lost
    share: 1
    ask_for_person: 0
    misunderstood: 0
    silence: 0
    frustration: 0
    weights:
      b: { next: 1, cannot_find: 1 }
`);
    const result = runMonteCarlo(await journeyFrom(EVERY_STATE), { runs: 4000, seed: 4, personas: weighs, at: AT });
    expect(result.escalation).toBeGreaterThan(0.45);
    expect(result.escalation).toBeLessThan(0.55);
  });
});

describe('turns', () => {
  it('turns counts every customer, also when none is contained; turnsToResolution only the contained', async () => {
    const journey = await journeyFrom(`journey: nobody
title: Nobody
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: a
states:
  a:
    on: { help: agent }
  agent: { type: human, queue: q, hours: always }
`);
    const always = personas(`personas:
  - { name: asks, share: 1, ask_for_person: 1, misunderstood: 0, silence: 0, frustration: 0 }
`);
    const result = JSON.parse(monteCarloJson(runMonteCarlo(journey, { runs: 300, seed: 1, personas: always, at: AT })));
    expect(result.containment).toBe(0);
    expect(result.turns.count).toBe(300);
    expect(result.turnsToResolution.count).toBe(0);
  });
});
