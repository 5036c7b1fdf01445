import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/interpret/summary.js';
import { explore } from '../../src/interpret/explore.js';
import { runMonteCarlo } from '../../src/sim/montecarlo.js';
import { DEFAULT_PERSONAS_FILE, loadPersonasFile, parsePersonas } from '../../src/sim/personas.js';
import { parseAt } from '../../src/sim/time.js';
import { wilson } from '../../src/sim/stats.js';
import { example, journeyFrom } from '../support/engines.js';
import { journeySync, ROOT } from '../support/cli.js';

const journey = (args: string[]) => journeySync(args, ROOT, { env: { NO_COLOR: '1' } });
const STACK = /^\s{4}at /m;

describe('journey simulate (Monte Carlo)', () => {
  it('prints the report and the same output on a rerun; JSON has the documented fields with shares that sum to 1', () => {
    const args = ['simulate', 'journeys/lost-card.journey.yaml', '--runs', '100000', '--seed', '1'];
    const first = journey(args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/contained/);
    expect(first.stdout).toMatch(/top friction states/);
    expect(journey(args).stdout).toBe(first.stdout);

    const json = journey([...args, '--format', 'json']);
    expect(json.status).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.runs).toBe(100000);
    for (const key of ['containment', 'escalation', 'abandonment', 'other']) {
      expect(r[key]).toBeGreaterThanOrEqual(0);
      expect(r[key]).toBeLessThanOrEqual(1);
      expect(r.intervals[key].low).toBeLessThanOrEqual(r[key]);
      expect(r.intervals[key].high).toBeGreaterThanOrEqual(r[key]);
    }
    expect(r.containment + r.escalation + r.abandonment + r.other).toBeCloseTo(1, 12);
    for (const key of ['mean', 'p50', 'p90', 'p99']) expect(typeof r.turns[key]).toBe('number');
    expect(Array.isArray(r.frictionStates)).toBe(true);
    for (const f of r.frictionStates) expect(Object.keys(f).sort()).toEqual(['abandonments', 'escalations', 'state']);
    expect(journey([...args, '--format', 'json']).stdout).toBe(json.stdout);
  });

  it('different seeds give different walks; the cost model adds a cost', () => {
    const a = JSON.parse(journey(['simulate', 'journeys/signup.journey.yaml', '--runs', '2000', '--seed', '1', '--format', 'json']).stdout);
    const b = JSON.parse(journey(['simulate', 'journeys/signup.journey.yaml', '--runs', '2000', '--seed', '2', '--format', 'json']).stdout);
    expect(a.containment).not.toBe(b.containment);
    const c = JSON.parse(journey(['simulate', 'journeys/signup.journey.yaml', '--runs', '2000', '--cost', 'bot_turn=0.1,human_minute=1.2', '--format', 'json']).stdout);
    expect(c.cost.perCustomer).toBeGreaterThan(0);
    expect(c.cost.model).toEqual({ botTurn: 0.1, humanMinute: 1.2, handleMinutes: 6 });
  });

  it('a personas file with problems is reported with positions and exit 2; usage errors exit 2', () => {
    const shares = journey(['simulate', 'journeys/lost-card.journey.yaml', '--personas', 'test/fixtures/personas/bad-shares.personas.yaml']);
    expect(shares.status).toBe(2);
    expect(shares.stderr).toMatch(/bad-shares\.personas\.yaml:1:1: error: The shares of the personas add up to 0\.9, not 1/);
    const keys = journey(['simulate', 'journeys/lost-card.journey.yaml', '--personas', 'test/fixtures/personas/bad-keys.personas.yaml']);
    expect(keys.status).toBe(2);
    expect(keys.stderr).toMatch(/bad-keys\.personas\.yaml:4:5: error: .*patiense/);
    expect(keys.stderr).toMatch(/bad-keys\.personas\.yaml:5:21: error: .*out of range/);
    for (const bad of [['--runs', 'many'], ['--at', 'tomorrow'], ['--format', 'xml'], ['--exhaustive', '--runs', '10'], ['--cost', 'free']]) {
      const run = journey(['simulate', 'journeys/lost-card.journey.yaml', ...bad]);
      expect(run.status, bad.join(' ')).toBe(2);
      expect(run.stderr).not.toMatch(STACK);
    }
    expect(journey(['simulate', 'nope.journey.yaml']).status).toBe(2);
  });

  it('a persona that always asks for a person reaches one in one turn when the offramp applies', async () => {
    const loaded = await loadPersonasFile(join(ROOT, 'test', 'fixtures', 'personas', 'weighted.personas.yaml'));
    const r = runMonteCarlo(await example('lost-card'), { runs: 500, seed: 3, personas: loaded.personas ?? [], at: Date.parse('2026-12-02T10:00:00Z') });
    expect(r.escalation).toBe(1);
    expect(r.turnsToPerson.p99).toBe(1);
    expect(r.asked).toEqual({ customers: 500, reachedPerson: 500, noWayToAsk: 0 });
  });

  it('the default persona mix loads and its shares add up to 1', async () => {
    const loaded = await loadPersonasFile(DEFAULT_PERSONAS_FILE);
    expect(loaded.diagnostics).toEqual([]);
    expect((loaded.personas ?? []).reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 9);
    expect(parsePersonas('x.yaml', 'personas: []').diagnostics.length).toBeGreaterThan(0);
  });
});

describe('journey simulate --exhaustive and human-exit-proved', () => {
  const NEVER = `journey: never-opens
title: Guarded exit that never opens
context:
  attempts: { type: number, default: 0 }
start: verify
states:
  verify:
    on:
      verified: done
      failed:
        - if: attempts >= 3
          to: agent
        - to: verify
      no_match: verify
      frustrated: agent
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`;

  it('a journey whose only human exit sits behind a guard that never holds passes human-exit but fails human-exit-proved with a trace', async () => {
    const { lintYaml } = await import('../support/lint.js');
    const findings = await lintYaml(NEVER);
    expect(findings.filter((d) => d.ruleId === 'human-exit')).toEqual([]);
    const proved = findings.filter((d) => d.ruleId === 'human-exit-proved');
    expect(proved.map((d) => [d.line, d.column])).toEqual([[7, 3]]);
    expect(proved[0]?.message).toMatch(/attempts = 0/);
    expect(proved[0]?.message).toMatch(/attempts >= 3/);
  });

  it('the explorer reports outcomes, people reached, the worst case and loops on the examples', async () => {
    const summary = summarize(explore(await example('signup')));
    expect(summary.bound).toBeUndefined();
    expect(summary.noHuman).toEqual([]);
    expect(summary.outcomes.length).toBeGreaterThan(0);
    expect(summary.humans.length).toBeGreaterThan(0);
    expect(summary.worstTurnsToHuman?.turns).toBeLessThanOrEqual(3);
    const stuck = summarize(explore(await journeyFrom(NEVER)));
    expect(stuck.noHuman.map((s) => s.state)).toEqual(['verify']);
    expect(stuck.deadGuards.map((g) => g.expression)).toEqual(['attempts >= 3']);
    expect(stuck.cycles.length).toBeGreaterThan(0);
    expect(stuck.cycles.map((c) => [c.states, c.size, c.trace.length])).toEqual([[['verify'], 1, 0]]);
  });

  it('bounds are reported plainly', async () => {
    const counter = await journeyFrom(`journey: counter
title: Counter
context:
  n: { type: number, default: 0 }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: loop
states:
  loop:
    on:
      again: { to: loop, set: { n: n + 1 } }
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`);
    expect(explore(counter, { maxConfigs: 50 }).bound).toBe('max-configs');
    expect(explore(counter, { maxTurns: 5, maxConfigs: 10_000 }).bound).toBe('max-turns');
    const run = journey(['simulate', 'journeys/lost-card.journey.yaml', '--exhaustive', '--max-configs', '20']);
    expect(run.stdout).toMatch(/bound reached: stopped at 20 configurations/);
  });

  it('prints a report (exit 0 when every state has a route to a person) and JSON', () => {
    const ok = journey(['simulate', 'journeys/lost-card.journey.yaml', '--exhaustive']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/no route to a person: none/);
    const json = JSON.parse(journey(['simulate', 'journeys/cancellation.journey.yaml', '--exhaustive', '--format', 'json', '--at', '2026-12-24T22:00 Europe/London']).stdout);
    expect(json.configurations).toBeGreaterThan(0);
    expect(json.humans.every((h: { trace: unknown[] }) => Array.isArray(h.trace))).toBe(true);
  });
});

describe('time and statistics helpers', () => {
  it('parses --at in a zone, across daylight saving', () => {
    expect(parseAt('2026-12-24T22:00 Europe/London').at).toBe(Date.parse('2026-12-24T22:00:00Z'));
    expect(parseAt('2026-07-01T09:30 Europe/London').at).toBe(Date.parse('2026-07-01T08:30:00Z'));
    expect(parseAt('2026-07-01T09:30 America/New_York').at).toBe(Date.parse('2026-07-01T13:30:00Z'));
    expect(parseAt('2026-12-24T22:00Z').at).toBe(Date.parse('2026-12-24T22:00:00Z'));
    expect(parseAt('soon').error).toBeDefined();
    expect(parseAt('2026-12-24T22:00 Mars/Base').error).toMatch(/time zone/);
  });

  it('Wilson intervals are exact at 0 and at the total', () => {
    expect(wilson(0, 100)).toEqual({ share: 0, low: 0, high: expect.any(Number) });
    expect(wilson(100, 100).high).toBe(1);
    const mid = wilson(50, 100);
    expect(mid.low).toBeLessThan(0.5);
    expect(mid.high).toBeGreaterThan(0.5);
  });
});
