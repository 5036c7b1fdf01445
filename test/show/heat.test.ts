import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/show/diagram.js';
import { renderDot } from '../../src/show/dot.js';
import { FRICTION_COLOURS, HEAT_FILLS, heatOf, readSavedHeat } from '../../src/show/heat.js';
import { renderMermaid } from '../../src/show/mermaid.js';
import { runMonteCarlo } from '../../src/sim/montecarlo.js';
import { DEFAULT_PERSONAS_FILE, loadPersonasFile } from '../../src/sim/personas.js';
import { DEFAULT_ARRIVAL } from '../../src/sim/time.js';
import { example } from '../support/engines.js';
import { journeySync, ROOT, tempDir } from '../support/cli.js';
import { EXAMPLE_NAMES } from '../support/lint.js';

type Mermaid = { parse(text: string): Promise<unknown> };
let mermaid: Mermaid;
beforeAll(async () => {
  // Mermaid's parser sanitises with DOMPurify, which needs a DOM.
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  mermaid = (await import('mermaid')).default as unknown as Mermaid;
}, 60_000);

const dir = tempDir('heat');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LOST = 'journeys/lost-card.journey.yaml';

async function simulated(name: string, runs = 2000) {
  const journey = await example(name);
  const personas = (await loadPersonasFile(DEFAULT_PERSONAS_FILE)).personas ?? [];
  return { journey, result: runMonteCarlo(journey, { runs, seed: 7, personas, at: DEFAULT_ARRIVAL }) };
}

describe('heat from a Monte Carlo run', () => {
  for (const name of EXAMPLE_NAMES) {
    it(`${name}: traffic agrees with the run's own figures (start = every customer, a move never more than its ends, people >= escalations)`, async () => {
      const { journey, result } = await simulated(name);
      const { states, moves } = result.traffic;
      expect(states[journey.start.value]).toBe(result.runs);
      for (const m of moves) {
        expect(m.customers, `${m.from} -> ${m.to}`).toBeGreaterThan(0);
        expect(m.customers).toBeLessThanOrEqual(states[m.from] ?? 0);
        expect(m.customers).toBeLessThanOrEqual(states[m.to] ?? 0);
      }
      const diagram = buildDiagram(journey);
      const humans = diagram.nodes.filter((n) => n.kind === 'human').reduce((sum, n) => sum + (states[n.id] ?? 0), 0);
      expect(humans).toBeGreaterThanOrEqual(Math.round(result.escalation * result.runs));
      // Every customer who left the bot in a state entered it.
      for (const f of result.frictionStates) expect(f.escalations + f.abandonments).toBeLessThanOrEqual(states[f.state] ?? 0);
      // Every state a customer entered is a state of the diagram, and every move between two is drawn.
      const ids = new Set(diagram.nodes.map((n) => n.id));
      for (const id of Object.keys(states)) expect(ids, id).toContain(id);
    });
  }

  it('states are filled by traffic and bordered by friction; people and ends keep their look; every label carries its count', async () => {
    const { journey, result } = await simulated('lost-card');
    const diagram = buildDiagram(journey);
    const heat = heatOf(diagram, result);
    const dot = renderDot(diagram, heat);
    const line = (id: string): string => dot.split('\n').find((l) => l.startsWith(`  "${id}" [`)) ?? '';
    const greet = heat.states.get('greet');
    expect(greet?.customers).toBe(2000);
    expect(line('greet')).toContain(`fillcolor="${HEAT_FILLS[4]}"`);
    expect(line('greet')).toMatch(/label="greet · 2,000 \(100\.0%\)\\n⚑ [\d,]+ → person, [\d,]+ gave up"/);
    expect(line('greet')).toContain(`color="${FRICTION_COLOURS[greet?.frictionBand ?? 0]}"`);
    expect(line('agent')).toMatch(/shape=doubleoctagon, fillcolor="#fff4e6", color="#d9480f", penwidth=2, id="state_agent"\]/);
    expect(line('agent')).toMatch(/[\d,]+ \(\d+\.\d%\)/);
    expect(line('done')).toMatch(/peripheries=2, fillcolor="#ebfbee", color="#2b8a3e", id="state_done"\]/);
    // Moves: every drawn move between two states says how many customers took it.
    // (with several drawn moves between the same two states, the first counts them and the others say so).
    for (const e of dot.split('\n').filter((l) => / -> /.test(l) && !l.includes('__'))) expect(e, e).toMatch(/[\d,]+ \(\d+\.\d%\)|counted with the other move/);
    expect(dot).toMatch(/"offer_options" -> "wrap_up" \[label="after 15m\\ncounted with the other move"/);
    // The offramp note and the edges into people keep their orange; the legend explains in words.
    expect(dot).toMatch(/"__offramp" -> "agent" \[style=dashed, color="#d9480f"/);
    expect(dot).toMatch(/"verify" -> "agent" \[label="no_phone_access(?: · |\\n)[\d,]+ \(\d+\.\d%\)", color="#d9480f", fontcolor="#d9480f", penwidth=[\d.]+\]/);
    expect(dot).toContain('"__legend" [shape=plaintext');
    expect(dot).toContain('Heat: 2,000 simulated customers, seed 7');
    expect(dot).toContain('20% or more left here');
  });

  for (const name of EXAMPLE_NAMES) {
    it(`${name}: the heat Mermaid diagram parses, gives counts on states and moves and a legend note`, async () => {
      const { journey, result } = await simulated(name, 300);
      const diagram = buildDiagram(journey);
      const text = renderMermaid(diagram, heatOf(diagram, result));
      await expect(mermaid.parse(text)).resolves.toBeTruthy();
      expect(text).toContain(`note right of ${journey.start.value}`);
      expect(text).toMatch(/Heat: 300 simulated customers, seed 7/);
      expect(text).toMatch(/ : [^\n]+ · [\d,]+ \(\d+\.\d%\)$/m);
      expect(text).toMatch(/^ {2}classDef heat\df\d fill:#/m);
    });
  }
});

describe('journey graph --heat and --heat-from (the real binary)', () => {
  it('--heat gives what --heat-from gives for the same run saved by journey simulate --format json', () => {
    const saved = join(dir, 'results.json');
    const sim = journeySync(['simulate', LOST, '--runs', '1500', '--seed', '3', '--format', 'json'], ROOT);
    expect(sim.status, sim.stderr).toBe(0);
    writeFileSync(saved, sim.stdout);
    for (const format of ['dot', 'mermaid']) {
      const live = journeySync(['graph', LOST, '--format', format, '--heat', '--runs', '1500', '--seed', '3'], ROOT);
      const from = journeySync(['graph', LOST, '--format', format, '--heat-from', saved], ROOT);
      expect(live.status, live.stderr).toBe(0);
      expect(from.status, from.stderr).toBe(0);
      expect(from.stdout).toBe(live.stdout);
      expect(live.stdout).toContain('1,500');
    }
    const svg = journeySync(['graph', LOST, '--format', 'svg', '--heat-from', saved, '-o', join(dir, 'heat.svg')], ROOT);
    expect(svg.status, svg.stderr).toBe(0);
    expect(readFileSync(join(dir, 'heat.svg'), 'utf8')).toMatch(/Heat: 1,500 simulated customers, seed 3/);
  });

  it('a different seed gives a different heat, the same seed the same', () => {
    const a = journeySync(['graph', LOST, '--format', 'dot', '--heat', '--runs', '500', '--seed', '1'], ROOT).stdout;
    expect(journeySync(['graph', LOST, '--format', 'dot', '--heat', '--runs', '500', '--seed', '1'], ROOT).stdout).toBe(a);
    expect(journeySync(['graph', LOST, '--format', 'dot', '--heat', '--runs', '500', '--seed', '2'], ROOT).stdout).not.toBe(a);
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{ "journey": "lost-card", ', /results\.json:1:\d+/],
    ['missing traffic', '{ "journey": "lost-card", "runs": 10, "seed": 1, "frictionStates": [] }', /Missing `traffic`/],
    ['a count that is not a number', '{ "journey": "lost-card", "runs": 10, "seed": 1, "traffic": { "states": { "greet": "ten" }, "moves": [] }, "frictionStates": [] }', /results\.json:1:\d+.*Customers of `greet` must be a whole number/s],
    ['another journey', '{ "journey": "signup", "runs": 10, "seed": 1, "traffic": { "states": {}, "moves": [] }, "frictionStates": [] }', /for the journey `signup`, not `lost-card`/],
    ['an array', '[1, 2]', /Expected the JSON object/],
  ];
  for (const [what, text, message] of bad) {
    it(`--heat-from with ${what}: a positioned finding, nothing on stdout, exit 2`, () => {
      const file = join(dir, 'results.json');
      writeFileSync(file, text);
      const run = journeySync(['graph', LOST, '--heat-from', file], ROOT);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/is not usable for --heat-from/);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s{4}at /m);
    });
  }

  it('a missing file, --runs without --heat, and both --heat and --heat-from are usage errors (exit 2)', () => {
    const missing = journeySync(['graph', LOST, '--heat-from', join(dir, 'nope.json')], ROOT);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read file/);
    const runs = journeySync(['graph', LOST, '--runs', '10'], ROOT);
    expect(runs.status).toBe(2);
    expect(runs.stderr).toMatch(/--runs, --seed and --personas are for --heat/);
    const both = journeySync(['graph', LOST, '--heat', '--heat-from', 'x.json'], ROOT);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/give one of them/);
  });

  it('readSavedHeat accepts what simulate wrote and keeps its numbers', () => {
    const sim = journeySync(['simulate', LOST, '--runs', '200', '--format', 'json'], ROOT);
    const saved = readSavedHeat(sim.stdout, 'lost-card');
    expect(saved.diagnostics).toEqual([]);
    expect(saved.figures?.runs).toBe(200);
    expect(saved.figures?.traffic.states.greet).toBe(200);
  });
});
