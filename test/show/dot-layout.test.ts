import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDot } from '@ts-graphviz/ast';
import { afterAll, describe, expect, it } from 'vitest';
import { generateJourney } from '../../bench/generate.js';
import { buildDiagram } from '../../src/show/diagram.js';
import { LABEL_WIDTH, renderDot, wrapLabel, wrapList } from '../../src/show/dot.js';
import { example, journeyFrom } from '../support/engines.js';
import { journeySync, ROOT, tempDir } from '../support/cli.js';
import { EXAMPLE_NAMES } from '../support/lint.js';

const EXAMPLES = EXAMPLE_NAMES;
const hasDot = spawnSync('dot', ['-V']).status === 0;
const NO_DOT = ' (skipped: Graphviz `dot` is not installed; apt-get install graphviz to run it)';
/** A screen at Graphviz's 72 points per inch: 1920x1200 px. */
const SCREEN = { width: 1920, height: 1200 };
/** "About twice": font metrics differ between machines, so a little over 2 still passes. */
const MAX_RATIO = 2.2;

/** Where a generated 20-state journey (15 bot states, two people, three ends) is written. */
const dir = tempDir('dot-layout');
const TWENTY = join(dir, 'synthetic-0.journey.yaml');
writeFileSync(TWENTY, generateJourney(0, 20));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of every node and edge label (not the graph's title), line breaks as newlines. */
function labels(dot: string): string[] {
  const found: string[] = [];
  for (const line of dot.split('\n').filter((l) => /^\s*"/.test(l))) {
    for (const m of line.matchAll(/\blabel="((?:[^"\\]|\\.)*)"/g)) found.push((m[1] as string).replace(/\\n/g, '\n').replace(/\\(.)/g, '$1'));
  }
  return found;
}

/** The size of the drawing, in points, from the svg element's width and height. */
function svgSize(dot: string): { width: number; height: number } {
  const svg = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
  expect(svg.status, svg.stderr).toBe(0);
  const m = /<svg\b[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"/.exec(svg.stdout);
  expect(m, 'the svg element has width and height in pt').not.toBeNull();
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
}

describe('DOT layout', () => {
  it('wraps at spaces, evens out the lines, keeps given line breaks and list items, and cuts over-long words after punctuation', () => {
    expect(wrapLabel('no_match [misunderstood >= 1]')).toBe('no_match\n[misunderstood >= 1]');
    expect(wrapLabel('short')).toBe('short');
    expect(wrapLabel('agent_limited\nperson · premium-desk · mon-fri 08:00-20:00, sat 09:00-13:00 Europe/London')).toBe(
      'agent_limited\nperson · premium-desk ·\nmon-fri 08:00-20:00, sat\n09:00-13:00 Europe/London',
    );
    expect(wrapList(['agent_requested', 'speak_to_person', 'no_match ×2', 'frustrated'])).toBe('agent_requested,\nspeak_to_person,\nno_match ×2, frustrated');
    const long = 'a_state_name_that_goes_on_and_on_for_a_very_long_way';
    const cut = wrapLabel(long, 20).split('\n');
    expect(cut).toEqual(['a_state_name_that_', 'goes_on_and_on_for_', 'a_very_long_way']);
    expect(cut.join('')).toBe(long);
    expect(wrapLabel('x'.repeat(45), 20).split('\n').map((l) => l.length)).toEqual([20, 20, 5]);
  });

  for (const name of EXAMPLES) {
    it(`${name}: ranks top-down, wraps every state and edge label to ${LABEL_WIDTH} characters without losing a word`, async () => {
      const journey = await example(name);
      for (const expand of [false, true]) {
        const diagram = buildDiagram(journey, [], { expandOfframp: expand });
        const dot = renderDot(diagram);
        expect(() => parseDot(dot)).not.toThrow();
        expect(dot).toMatch(/^ {2}rankdir=TB; nodesep=[\d.]+; ranksep=[\d.]+;$/m);
        expect(dot).not.toMatch(/rankdir=LR/);
        for (const label of labels(dot)) for (const line of label.split('\n')) expect([...line].length, `${JSON.stringify(line)} in ${JSON.stringify(label)}`).toBeLessThanOrEqual(LABEL_WIDTH);
        const words = (s: string) => s.split(/\s+/).filter(Boolean);
        const drawn = new Set(labels(dot).map((l) => words(l).join(' ')));
        for (const n of diagram.nodes) expect(drawn, n.id).toContain(words(n.detail ? `${n.name} ${n.detail}` : n.name).join(" "));
        const edgeText = labels(dot).join(' ');
        for (const e of diagram.edges) for (const w of words(e.label.replace(/ · offramp$/, ''))) expect(edgeText).toContain(w);
      }
    });
  }

  it('draws the journey-wide offramp once as a note, and only when it is not expanded', async () => {
    const journey = await example('lost-card');
    const collapsed = renderDot(buildDiagram(journey));
    expect(collapsed.match(/"__offramp" \[shape=note/g)).toHaveLength(1);
    expect(collapsed.match(/"__offramp" -> "agent"/g)).toHaveLength(1);
    expect(collapsed).toMatch(/label="From every bot state:\\nagent_requested,\\nspeak_to_person,\\nno_match ×2, frustrated"/);
    expect(collapsed).not.toMatch(/style=dotted/);
    const expanded = renderDot(buildDiagram(journey, [], { expandOfframp: true }));
    expect(expanded).not.toMatch(/__offramp/);
    expect(expanded).toMatch(/"greet" -> "agent" \[label="agent_requested,\\nspeak_to_person,\\nno_match \(repeated\),\\nfrustrated · offramp", color="#d9480f", fontcolor="#d9480f", penwidth=2, style=dotted\];/);
    const billing = renderDot(buildDiagram(await example('billing-dispute')));
    expect(billing).not.toMatch(/__offramp/);
  });

  it('moves between the same two states that look alike are one edge listing their triggers; different looks stay apart', async () => {
    const lost = renderDot(buildDiagram(await example('lost-card')));
    expect(lost.match(/"greet" -> "verify"/g)).toHaveLength(1);
    expect(lost).toMatch(/"greet" -> "verify" \[label="lost, stolen"\];/);
    const billing = renderDot(buildDiagram(await example('billing-dispute')));
    // speak_to_person is the customer's event (solid); frustrated and no_match are signals (dashed).
    expect(billing).toMatch(/"identify" -> "billing_agent" \[label="cannot_find_it,\\nspeak_to_person", color="#d9480f", fontcolor="#d9480f", penwidth=2\];/);
    expect(billing).toMatch(/"identify" -> "billing_agent" \[label="frustrated, no_match\\n\[misunderstood >= 1\]", color="#d9480f", fontcolor="#d9480f", penwidth=2, style=dashed\];/);
  });

  it('people keep their octagon and orange edges, ends their double border, wrapped hours included', async () => {
    const diagram = buildDiagram(await journeyFrom(generateJourney(0, 20)));
    const dot = renderDot(diagram);
    expect(dot).toMatch(/"agent_limited" \[label="agent_limited\\nperson · premium-desk ·\\nmon-fri 08:00-20:00, sat\\n09:00-13:00 Europe\/London", shape=doubleoctagon, fillcolor="#fff4e6", color="#d9480f", penwidth=2, id="state_agent_limited"\];/);
    expect(dot).toMatch(/"done" \[label="done\\nresolved · asks for feedback", peripheries=2, fillcolor="#ebfbee", color="#2b8a3e", id="state_done"\];/);
    expect(dot).toMatch(/"s0" -> "agent" \[label="retry \[attempts >= 2\]", color="#d9480f", fontcolor="#d9480f", penwidth=2\];/);
  });

  const files = [...EXAMPLES.map((n) => ({ name: n, file: join(ROOT, 'journeys', `${n}.journey.yaml`) })), { name: 'a generated 20-state journey', file: TWENTY }];
  for (const { name, file } of files) {
    it.skipIf(!hasDot)(`${name}: \`journey graph --format dot | dot -Tsvg\` fits a ${SCREEN.width}x${SCREEN.height} screen, at most about twice as wide as tall${hasDot ? '' : NO_DOT}`, () => {
      const run = journeySync(['graph', file, '--format', 'dot'], ROOT);
      expect(run.status, run.stderr).toBe(0);
      const { width, height } = svgSize(run.stdout);
      expect(width, `${width}x${height} pt`).toBeLessThanOrEqual(SCREEN.width);
      expect(height, `${width}x${height} pt`).toBeLessThanOrEqual(SCREEN.height);
      expect(width / height, `${width}x${height} pt`).toBeLessThanOrEqual(MAX_RATIO);
      expect(height / width, `${width}x${height} pt`).toBeLessThanOrEqual(MAX_RATIO);
    });
  }

  it.skipIf(!hasDot)(`a long chain of 20 states is drawn down the screen, taller than wide, and still fits${hasDot ? '' : NO_DOT}`, async () => {
    const steps = Array.from({ length: 18 }, (_, i) => `  step_${i}:\n    say: Step ${i}.\n    on: { continue_to_the_next_step: ${i < 17 ? `step_${i + 1}` : 'done'} }`);
    const yaml = [
      'journey: chain',
      'title: A long chain',
      'offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }',
      'start: step_0',
      'states:',
      ...steps,
      '  agent: { type: human, queue: general-support, hours: always }',
      '  done: { type: end, outcome: resolved, feedback: true }',
    ].join('\n');
    const { width, height } = svgSize(renderDot(buildDiagram(await journeyFrom(yaml))));
    expect(height).toBeGreaterThan(width);
    expect(height).toBeLessThanOrEqual(SCREEN.height);
    expect(width).toBeLessThanOrEqual(SCREEN.width);
  });
});
