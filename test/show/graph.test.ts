import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseDot } from '@ts-graphviz/ast';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/show/diagram.js';
import { renderDot } from '../../src/show/dot.js';
import { renderMermaid } from '../../src/show/mermaid.js';
import { example, journeyFrom } from '../support/engines.js';
import { journeySync } from '../support/cli.js';
import { EXAMPLE_NAMES, lintYaml, ROOT } from '../support/lint.js';

type Mermaid = { parse(text: string): Promise<unknown> };
let mermaid: Mermaid;

beforeAll(async () => {
  // Mermaid's parser sanitises with DOMPurify, which needs a DOM.
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  mermaid = (await import('mermaid')).default as unknown as Mermaid;
}, 60_000);

const EXAMPLES = EXAMPLE_NAMES;
const TRAPPED = `journey: trapped
title: Trapped
start: greet
states:
  greet:
    on: { go: loop, help: agent, no_match: agent, frustrated: agent }
  loop:
    on: { again: loop2, no_match: loop, frustrated: loop }
  loop2:
    on: { back: loop, no_match: loop, frustrated: loop }
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`;
const hasDot = spawnSync('dot', ['-V']).status === 0;

const TRICKY = `journey: tricky
title: "Quotes \\"and\\" colons: #1; {braces} -> arrows"
context:
  plan: { type: string, default: 'basic' }
  n: { type: number, default: 0 }
start: ask
states:
  ask:
    on:
      go:
        - if: "plan == 'premium' && !(n >= 2) || n < 0"
          to: agent
        - to: ask
      no_match: agent
      frustrated: agent
  agent: { type: human, queue: "help-desk", hours: "mon-fri 09:00-17:00 Europe/London", when_closed: done }
  done: { type: end, outcome: resolved, feedback: true }
`;

describe('journey graph', () => {
  it('the parsers used here do reject broken diagrams (so the checks below can fail)', async () => {
    await expect(mermaid.parse('stateDiagram-v2\n  a --> : x y\n  ][')).rejects.toThrow();
    expect(() => parseDot('digraph "x" { "a" -> ; }')).toThrow();
  });

  for (const name of EXAMPLES) {
    it(`${name}: the Mermaid output is accepted by the Mermaid parser and the DOT output by a DOT parser`, async () => {
      const journey = await example(name);
      for (const expand of [false, true]) {
        const diagram = buildDiagram(journey, [], { expandOfframp: expand });
        const mermaidText = renderMermaid(diagram);
        await expect(mermaid.parse(mermaidText)).resolves.toMatchObject({ diagramType: 'stateDiagram' });
        const dot = renderDot(diagram);
        expect(() => parseDot(dot)).not.toThrow();
        if (hasDot) {
          const svg = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
          expect(svg.status, svg.stderr).toBe(0);
          expect(svg.stdout).toContain('<svg');
        }
      }
    });
  }

  it('labels with quotes, colons, braces, guards and operators still parse', async () => {
    const diagram = buildDiagram(await journeyFrom(TRICKY));
    await expect(mermaid.parse(renderMermaid(diagram))).resolves.toBeTruthy();
    expect(() => parseDot(renderDot(diagram))).not.toThrow();
    expect(renderMermaid(diagram)).toMatch(/ask --> agent : go \[plan == 'premium' && !\(n >= 2\) \|\| n < 0\] → person/);
  });

  it('people and their off-ramps are styled, ends show their outcome, the offramp is one note unless expanded', async () => {
    const journey = await example('lost-card');
    const collapsed = renderMermaid(buildDiagram(journey));
    expect(collapsed).toMatch(/classDef human /);
    expect(collapsed).toMatch(/^ {2}class [a-z_,]*agent[a-z_,]* human$/m);
    expect(collapsed).toMatch(/state "done — resolved · asks for feedback" as done/);
    expect(collapsed.match(/note left of agent/g)).toHaveLength(1);
    expect(collapsed).not.toMatch(/· offramp/);
    const expanded = renderMermaid(buildDiagram(journey, [], { expandOfframp: true }));
    expect(expanded).not.toMatch(/note left of/);
    expect((expanded.match(/agent_requested · offramp/g) ?? []).length).toBeGreaterThan(5);
    const dot = renderDot(buildDiagram(journey));
    expect(dot).toMatch(/"agent" \[label="agent\\nperson · card-services", shape=doubleoctagon/);
    expect(dot).toMatch(/"__offramp" \[shape=note/);
  });

  it('states that fail human-exit or trap-loop are highlighted', async () => {
    const findings = await lintYaml(TRAPPED);
    const diagram = buildDiagram(await journeyFrom(TRAPPED), findings);
    expect(diagram.nodes.filter((n) => n.problem).map((n) => n.id)).toEqual(['loop', 'loop2']);
    expect(renderMermaid(diagram)).toMatch(/^ {2}class loop,loop2 problem$/m);
    expect(renderDot(diagram)).toMatch(/"loop" \[label="loop", fillcolor="#ffe3e3"/);
    await expect(mermaid.parse(renderMermaid(diagram))).resolves.toBeTruthy();
  });

  it('the CLI prints Mermaid by default, writes DOT to a file, and refuses unknown formats', () => {
    const run = (args: string[]) => journeySync(args, ROOT);
    const m = run(['graph', 'journeys/lost-card.journey.yaml']);
    expect(m.status).toBe(0);
    expect(m.stdout.startsWith('stateDiagram-v2\n')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'journey-graph-'));
    try {
      const d = run(['graph', 'journeys/lost-card.journey.yaml', '--format', 'dot', '--output', join(dir, 'lost-card.dot')]);
      expect(d.status).toBe(0);
      expect(readFileSync(join(dir, 'lost-card.dot'), 'utf8').startsWith('digraph "lost-card" {')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(run(['graph', 'journeys/lost-card.journey.yaml', '--format', 'png']).status).toBe(2);
  });

  it('the CLI highlights the states its lint findings name, and shows positioned errors for a file that does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-graph-'));
    try {
      writeFileSync(join(dir, 'trapped.journey.yaml'), TRAPPED);
      const trapped = journeySync(['graph', 'trapped.journey.yaml'], dir);
      expect(trapped.status, trapped.stderr).toBe(0);
      expect(trapped.stdout).toMatch(/^ {2}class loop,loop2 problem$/m);
      writeFileSync(join(dir, 'broken.journey.yaml'), 'journey: broken\ntitle: B\nstates:\n  a: { on: { x: [ } }\n');
      const broken = journeySync(['graph', 'broken.journey.yaml'], dir);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toBe('');
      expect(broken.stderr).toMatch(/^broken\.journey\.yaml:4:19: error: .*\[syntax\]$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
