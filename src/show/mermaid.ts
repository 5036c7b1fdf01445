import type { Diagram, DiagramEdge, DiagramNode } from './diagram.js';
import { customersText, FRICTION_BANDS, FRICTION_COLOURS, frictionText, HEAT_FILLS, heatTitle, TRAFFIC_BANDS, type DiagramHeat } from './heat.js';

/**
 * A Mermaid `stateDiagram-v2` (GitHub renders it in Markdown): people and the moves
 * into them styled with `classDef`, decisions as choice nodes, end states with
 * their outcome, guards on the labels, a call as a box around the called journey's
 * states (its outcomes leaving the box), the journey-wide offramp as one note, and
 * states that fail human-exit or trap-loop highlighted. With `heat`, bot and call states
 * are filled by traffic and bordered by friction, every label gives its count, and a note
 * on the start state is the legend.
 */
export function renderMermaid(d: Diagram, heat?: DiagramHeat): string {
  const ids = mermaidIds(d);
  const id = (name: string): string => ids.get(name) ?? name;
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  const scopeOf = (name: string): string | undefined => byId.get(name)?.parent;
  const calls = new Map(d.calls.map((c) => [c.id, c]));
  const lines = ['stateDiagram-v2', '  direction LR', `  %% ${text(d.title)} (${d.id})`];
  const figures = (n: DiagramNode): string => {
    const h = heat?.states.get(n.id);
    if (!h) return '';
    const friction = frictionText(h);
    return ` · ${customersText(h.customers, h.share)}${friction ? ` · ${friction}` : ''}`;
  };
  const move = (e: DiagramEdge): string => {
    const h = heat?.edges.get(e);
    return text(`${e.toHuman ? `${e.label} → person` : e.label}${h ? ` · ${customersText(h.customers, h.share)}` : ''}`);
  };

  const writeScope = (scope: string | undefined, indent: string): void => {
    for (const n of d.nodes) {
      if (n.parent !== scope) continue;
      const call = calls.get(n.id);
      if (call) {
        // No space before `{`: Mermaid would keep it in the id.
        lines.push(`${indent}state "${label(`${n.name} — calls ${call.callee}${figures(n)}`)}" as ${id(n.id)}{`);
        lines.push(`${indent}  [*] --> ${id(call.start)}`);
        writeScope(n.id, `${indent}  `);
        // Every end inside the box leaves it; where the caller goes is drawn on the box.
        for (const inner of d.nodes) if (inner.parent === n.id && inner.kind === 'end') lines.push(`${indent}  ${id(inner.id)} --> [*]`);
        lines.push(`${indent}}`);
        // Inside another call's box, `[*]` is that box's end: the calling journey ends with the outcome too.
        for (const outcome of call.endsWith) lines.push(`${indent}${id(n.id)} --> [*] : ${text(`${outcome} (ends ${n.parent === undefined ? 'the journey' : 'the caller'})`)}`);
      } else if (n.kind === 'decision') lines.push(`${indent}state ${id(n.id)} <<choice>>`);
      else if (n.detail || n.name !== n.id || heat) lines.push(`${indent}state "${label(`${n.detail ? `${n.name} — ${n.detail}` : n.name}${figures(n)}`)}" as ${id(n.id)}`);
    }
    for (const e of d.edges) {
      if (scopeOf(e.from) !== scope || scopeOf(e.to) !== scope) continue;
      lines.push(`${indent}${id(e.from)} --> ${id(e.to)} : ${move(e)}`);
    }
  };

  lines.push(`  [*] --> ${id(d.start)}`);
  writeScope(undefined, '  ');
  // Moves between a called journey and its caller (an expanded offramp) are drawn at the top.
  for (const e of d.edges) {
    if (scopeOf(e.from) === scopeOf(e.to)) continue;
    lines.push(`  ${id(e.from)} --> ${id(e.to)} : ${move(e)}`);
  }
  const finishes = (n: DiagramNode): boolean => n.parent === undefined && (n.kind === 'end' || (n.kind === 'human' && !d.edges.some((e) => e.from === n.id)));
  for (const n of d.nodes) if (finishes(n)) lines.push(`  ${id(n.id)} --> [*]`);
  if (d.offramp) {
    lines.push(`  note left of ${id(d.offramp.to)}`, `    From every bot state: ${text(d.offramp.triggers.join(', '))}`, `    lead here (journey-wide offramp)`, '  end note');
  }
  if (heat) {
    lines.push(`  note right of ${id(d.start)}`, `    ${heatTitle(heat)}`, `    fill, light to dark: ${TRAFFIC_BANDS.map((b) => b.text).join(', ')} of customers passed`);
    lines.push(`    border: amber ${FRICTION_BANDS[1]?.text}, red ${FRICTION_BANDS[2]?.text} (to a person or gave up)`, '    labels: customers (share)', '  end note');
    const classes = new Map<string, string[]>();
    for (const n of d.nodes) {
      const h = heat.states.get(n.id);
      if (!h || n.problem || (n.kind !== 'bot' && n.kind !== 'call')) continue;
      const name = `heat${h.band}f${h.frictionBand}`;
      classes.set(name, [...(classes.get(name) ?? []), id(n.id)]);
    }
    for (const [name, members] of classes) {
      const band = Number(name[4]);
      const friction = Number(name[6]);
      lines.push(`  classDef ${name} fill:${HEAT_FILLS[band]},stroke:${FRICTION_COLOURS[friction]},stroke-width:${friction === 0 ? 1 : friction + 1}px${band === HEAT_FILLS.length - 1 ? ',color:#ffffff' : ''}`);
      lines.push(`  class ${members.join(',')} ${name}`);
    }
  }
  lines.push('  classDef human fill:#fff4e6,stroke:#d9480f,stroke-width:2px,color:#7c2d12');
  lines.push('  classDef ending fill:#ebfbee,stroke:#2b8a3e,color:#1b4d2b');
  lines.push('  classDef problem fill:#ffe3e3,stroke:#c92a2a,stroke-width:3px,color:#7d1d1d');
  const humans = d.nodes.filter((n) => n.kind === 'human' && !n.problem).map((n) => id(n.id));
  const ends = d.nodes.filter((n) => n.kind === 'end' && !n.problem).map((n) => id(n.id));
  const problems = d.nodes.filter((n) => n.problem).map((n) => id(n.id));
  if (humans.length) lines.push(`  class ${humans.join(',')} human`);
  if (ends.length) lines.push(`  class ${ends.join(',')} ending`);
  if (problems.length) lines.push(`  class ${problems.join(',')} problem`);
  return `${lines.join('\n')}\n`;
}

/**
 * Mermaid ids for the diagram's states. A called journey's states are named `call$inner`
 * in the table, and Mermaid's `class` statement takes only word characters, so `$`
 * becomes `__`, with a number added in the rare case that clashes with a real state id.
 */
function mermaidIds(d: Diagram): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set(d.nodes.filter((n) => !n.id.includes('$')).map((n) => n.id));
  for (const n of d.nodes) {
    if (!n.id.includes('$')) {
      out.set(n.id, n.id);
      continue;
    }
    const base = n.id.replace(/\$/g, '__');
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
    taken.add(candidate);
    out.set(n.id, candidate);
  }
  return out;
}

/** Text after a transition's colon: one line, and no characters Mermaid's grammar reads as syntax. */
function text(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/;/g, ',').replace(/#/g, 'no.').replace(/:/g, ' -').replace(/[{}]/g, '').replace(/-->/g, '→').trim();
}

/** A quoted state description: one line, no double quotes; colons and braces are fine inside the quotes. */
function label(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/#/g, 'no.').replace(/"/g, "'").trim();
}
