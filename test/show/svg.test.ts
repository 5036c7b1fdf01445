import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateJourney } from '../../bench/generate.js';
import { buildDiagram } from '../../src/show/diagram.js';
import { renderDot, SVG_SCREEN } from '../../src/show/dot.js';
import { heatOf } from '../../src/show/heat.js';
import { renderSvg, svgSize } from '../../src/show/svg.js';
import { runMonteCarlo } from '../../src/sim/montecarlo.js';
import { DEFAULT_PERSONAS_FILE, loadPersonasFile } from '../../src/sim/personas.js';
import { DEFAULT_ARRIVAL } from '../../src/sim/time.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { example, journeyFrom } from '../support/engines.js';
import { journeySync, ROOT, tempDir } from '../support/cli.js';
import { EXAMPLE_NAMES } from '../support/lint.js';

const dir = tempDir('svg');
const TWENTY = join(dir, 'synthetic-0.journey.yaml');
writeFileSync(TWENTY, generateJourney(0, 20));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The scale Graphviz shrank the drawing by to fit `size` (1 when it fitted as drawn). */
function scaleOf(svg: string): number {
  const m = /<g id="graph0" class="graph" transform="scale\(([\d.]+)/.exec(svg);
  return m ? Number(m[1]) : 1;
}

describe('journey graph --format svg', () => {
  const files = [...EXAMPLE_NAMES.map((n) => ({ name: n, file: join(ROOT, 'journeys', `${n}.journey.yaml`) })), { name: 'a generated 20-state journey', file: TWENTY }];
  for (const { name, file } of files) {
    it(`${name}: drawn in-process, with and without heat, within ${SVG_SCREEN.width}x${SVG_SCREEN.height} px and no smaller than half size`, async () => {
      const journey = await journeyFrom(readFileSync(file, 'utf8'), file);
      const diagram = buildDiagram(journey);
      const personas = (await loadPersonasFile(DEFAULT_PERSONAS_FILE, DEFAULT_LIMITS)).personas ?? [];
      const heat = heatOf(diagram, runMonteCarlo(journey, { runs: 500, seed: 1, personas, at: DEFAULT_ARRIVAL }));
      for (const drawn of [undefined, heat]) {
        const svg = await renderSvg(renderDot(diagram, drawn, { fit: SVG_SCREEN }));
        const size = svgSize(svg);
        expect(size, 'the svg element has a width and height in pt').toBeDefined();
        const text = `${name}${drawn ? ' with heat' : ''}: ${size?.width}x${size?.height} px at scale ${scaleOf(svg)}`;
        expect(size?.width, text).toBeLessThanOrEqual(SVG_SCREEN.width);
        expect(size?.height, text).toBeLessThanOrEqual(SVG_SCREEN.height);
        expect(scaleOf(svg), text).toBeGreaterThanOrEqual(0.5);
        for (const n of diagram.nodes) expect(svg, `${text}: state ${n.id}`).toContain(`id="state_${n.id}"`);
        expect(svg).not.toContain('<!--');
      }
    });
  }

  it('the CLI writes the SVG to stdout, or atomically to -o; an unknown format names svg among the choices', () => {
    const run = journeySync(['graph', 'journeys/lost-card.journey.yaml', '--format', 'svg'], ROOT);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8" standalone="no"\?>\n<!DOCTYPE svg/);
    expect(run.stdout).toMatch(/<\/svg>\n$/);
    expect(run.stdout).toContain('id="state_freeze_card"');
    const out = join(dir, 'lost-card.svg');
    const written = journeySync(['graph', 'journeys/lost-card.journey.yaml', '--format', 'svg', '-o', out], ROOT);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(run.stdout);
    const bad = journeySync(['graph', 'journeys/lost-card.journey.yaml', '--format', 'png'], ROOT);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "png"; use mermaid, dot or svg/);
  });

  it('a hostile title is escaped by Graphviz: the SVG carries it as text, never as markup', async () => {
    const journey = await journeyFrom(`journey: hostile
title: "</text><script>alert(1)</script><img src=x onerror=alert(2)> & co"
offramp: { to: agent, on: [agent_requested] }
start: ask
states:
  ask:
    say: "</script><img onerror=alert(3)>"
    on: { done: done, no_match: agent }
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`);
    const svg = await renderSvg(renderDot(buildDiagram(journey)), { inline: true });
    expect(svg).not.toMatch(/<script|<img|<\/text><script/);
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg).toMatch(/^<svg\b/);
  });

  it('lost-card example diagram is the same every time (deterministic layout)', async () => {
    const diagram = buildDiagram(await example('lost-card'));
    expect(await renderSvg(renderDot(diagram))).toBe(await renderSvg(renderDot(diagram)));
  });
});
