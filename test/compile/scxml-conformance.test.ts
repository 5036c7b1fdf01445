import { describe, expect, it } from 'vitest';
import { transitionsOf, type Journey } from '../../src/model/types.js';
import { RESERVED_SIGNALS } from '../../src/spec/names.js';
import { difference, InterpreterDriver, type ScriptStep } from '../../src/sim/drivers.js';
import { example } from '../support/engines.js';
import { EXAMPLE_NAMES } from '../support/lint.js';
import { ScionDriver, scionModelOf } from '../support/scion-driver.js';

/** Every event name the journey can react to, signals and offramp events included. */
function eventsOf(journey: Journey): string[] {
  const names = new Set<string>([...RESERVED_SIGNALS, 'unavailable']);
  for (const s of journey.states.values()) for (const t of transitionsOf(s)) if (t.trigger.kind === 'event') names.add(t.trigger.event);
  for (const e of journey.offramp?.on ?? []) names.add(e.value);
  return [...names].sort();
}

/** A small seeded PRNG (mulberry32), so every run tries the same walks. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the SCXML document on SCION agrees with the interpreter step for step', () => {
  for (const name of EXAMPLE_NAMES) {
    it(`${name}: 100 random walks of 25 steps, by day and out of hours`, async () => {
      const journey = await example(name);
      const model = await scionModelOf(journey);
      const events = eventsOf(journey);
      const next = random(name.length * 104729);
      let steps = 0;
      const visited = new Set<string>();
      for (let walk = 0; walk < 100; walk++) {
        const script: ScriptStep[] = [];
        for (let i = 0; i < 25; i++) {
          if (next() < 0.12) script.push({ wait: [30_000, 300_000, 900_000, 3_600_000, 86_400_000][Math.floor(next() * 5)] as number });
          else script.push({ event: { type: events[Math.floor(next() * events.length)] as string } });
        }
        // Wednesday 10:00 in London (open), and Sunday 03:00 (closed for limited-hours teams).
        const epoch = walk % 2 === 0 ? Date.parse('2026-12-02T10:00:00Z') : Date.parse('2026-12-06T03:00:00Z');
        const reference = new InterpreterDriver(journey, epoch);
        const scion = new ScionDriver(journey, model, epoch);
        expect(difference(reference.observe(), scion.observe()), `${name} walk ${walk} at the start`).toBeUndefined();
        for (let i = 0; i < script.length; i++) {
          reference.step(script[i] as ScriptStep);
          scion.step(script[i] as ScriptStep);
          steps++;
          visited.add(scion.observe().state);
          expect(difference(reference.observe(), scion.observe()), `${name} walk ${walk} after ${JSON.stringify(script.slice(0, i + 1))}`).toBeUndefined();
          expect(scion.said()).toEqual(reference.said());
        }
      }
      expect(steps).toBe(2500);
      // The walks go somewhere: far more than the start state is compared.
      expect(visited.size).toBeGreaterThan(3);
    }, 120_000);
  }
});
