// `personas fit` on logs generated from known personas: the fitted parameters recover the known
// ones, and simulating the fitted persona reproduces the logged figures within their intervals.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersonaFit } from '../../src/sim/fit.js';
import { readLogs } from '../../src/sim/log-read.js';
import { runMonteCarlo } from '../../src/sim/montecarlo.js';
import { parsePersonas, type Persona } from '../../src/sim/personas.js';
import { Replay } from '../../src/sim/replay.js';
import { example } from '../support/engines.js';

const KNOWN = `personas:
  - name: known
    share: 1
    patience: 7
    ask_for_person: 0.06
    misunderstood: 0.12
    silence: 0.05
    frustration: 0.02
    weights:
      greet: { lost: 3, stolen: 1, found_it: 1 }
      check_payments: { yes: 1, no: 4 }
      offer_options: { keep_frozen: 1, cancel: 3 }
`;

function personasOf(text: string): readonly Persona[] {
  const loaded = parsePersonas('p.personas.yaml', text);
  expect(loaded.diagnostics).toEqual([]);
  return loaded.personas as readonly Persona[];
}

describe('personas fit', () => {
  it('recovers the parameters of the persona that made the log', async () => {
    const journey = await example('lost-card');
    const at = Date.parse('2026-03-02T09:00:00Z');
    const lines: string[] = [];
    const runs = 6000;
    const known = runMonteCarlo(journey, {
      runs,
      seed: 5,
      personas: personasOf(KNOWN),
      at,
      onStep: (walk, step) => void lines.push(JSON.stringify({ conversation: `w${walk}`, ts: step.ts, journey: 'lost-card', event: step.event, ...(step.delay !== undefined ? { delay: step.delay } : {}), ...(step.data ? { data: step.data } : {}), from: step.from, to: step.to, human: step.human, ...(step.outcome ? { outcome: step.outcome } : {}), ...(step.context ? { context: step.context } : {}) })),
    });
    const dir = mkdtempSync(join(tmpdir(), 'fit-'));
    writeFileSync(join(dir, 'log.jsonl'), `${lines.join('\n')}\n`);
    const fit = new PersonaFit(journey);
    const replay = new Replay(journey, { files: ['log.jsonl'], onTurn: fit.turn, onClose: fit.close, idleMs: Number.MAX_SAFE_INTEGER });
    await readLogs([join(dir, 'log.jsonl')], {}, (r) => replay.add(r));
    const real = replay.finish();
    // The simulated log is one the journey explains, and its figures are the simulation's.
    expect(real.conformance.conforming).toBe(runs);
    expect(real.escalation.share).toBeCloseTo(known.escalation, 9);
    expect(real.abandonment.share).toBeCloseTo(known.abandonment, 9);

    const { persona } = fit.result();
    expect(persona.patience).toBe(7);
    // Asking for a person where the journey offers no way is a no_match in the log; lost-card offers one everywhere.
    expect(Math.abs(persona.ask_for_person - 0.06)).toBeLessThan(0.01);
    expect(Math.abs(persona.misunderstood - 0.12)).toBeLessThan(0.015);
    expect(Math.abs(persona.silence - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(persona.frustration - 0.02)).toBeLessThan(0.006);
    const greet = persona.weights.greet as Record<string, number>;
    expect(Math.abs((greet.lost as number) - 0.6)).toBeLessThan(0.03);
    expect(Math.abs((greet.stolen as number) - 0.2)).toBeLessThan(0.03);
    const payments = persona.weights.check_payments as Record<string, number>;
    expect(Math.abs((payments.no as number) - 0.8)).toBeLessThan(0.06);

    // The fitted persona, simulated, gives the logged figures within their intervals.
    const { stringify } = await import('yaml');
    const fitted = runMonteCarlo(journey, { runs, seed: 9, personas: personasOf(stringify({ personas: [persona] })), at });
    for (const [name, figure] of [['containment', fitted.containment], ['escalation', fitted.escalation], ['abandonment', fitted.abandonment]] as const) {
      const interval = real[name];
      expect(figure, name).toBeGreaterThanOrEqual(interval.low);
      expect(figure, name).toBeLessThanOrEqual(interval.high);
    }
  });
});
