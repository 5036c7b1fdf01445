import type { Diagram, DiagramNode } from './diagram.js';

/**
 * A Mermaid `stateDiagram-v2` (GitHub renders it in Markdown): people and the moves
 * into them styled with `classDef`, decisions as choice nodes, end states with
 * their outcome, guards on the labels, a call as a box around the called journey's
 * states (its outcomes leaving the box), the journey-wide offramp as one note, and
 * states that fail human-exit or trap-loop highlighted.
 */
export function renderMermaid(d: Diagram): string {
  const ids = mermaidIds(d);
  const id = (name: string): string => ids.get(name) ?? name;
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  const scopeOf = (name: string): string | undefined => byId.get(name)?.parent;
  const calls = new Map(d.calls.map((c) => [c.id, c]));
  const lines = ['stateDiagram-v2', '  direction LR', `  %% ${text(d.title)} (${d.id})`];

  const writeScope = (scope: string | undefined, indent: string): void => {
    for (const n of d.nodes) {
      if (n.parent !== scope) continue;
      const call = calls.get(n.id);
      if (call) {
        // No space before `{`: Mermaid would keep it in the id.
        lines.push(`${indent}state "${label(`${n.name} — calls ${call.callee}`)}" as ${id(n.id)}{`);
        lines.push(`${indent}  [*] --> ${id(call.start)}`);
        writeScope(n.id, `${indent}  `);
        // Every end inside the box leaves it; where the caller goes is drawn on the box.
        for (const inner of d.nodes) if (inner.parent === n.id && inner.kind === 'end') lines.push(`${indent}  ${id(inner.id)} --> [*]`);
        lines.push(`${indent}}`);
        // Inside another call's box, `[*]` is that box's end: the calling journey ends with the outcome too.
        for (const outcome of call.endsWith) lines.push(`${indent}${id(n.id)} --> [*] : ${text(`${outcome} (ends ${n.parent === undefined ? 'the journey' : 'the caller'})`)}`);
      } else if (n.kind === 'decision') lines.push(`${indent}state ${id(n.id)} <<choice>>`);
      else if (n.detail || n.name !== n.id) lines.push(`${indent}state "${label(n.detail ? `${n.name} — ${n.detail}` : n.name)}" as ${id(n.id)}`);
    }
    for (const e of d.edges) {
      if (scopeOf(e.from) !== scope || scopeOf(e.to) !== scope) continue;
      lines.push(`${indent}${id(e.from)} --> ${id(e.to)} : ${text(e.toHuman ? `${e.label} → person` : e.label)}`);
    }
  };

  lines.push(`  [*] --> ${id(d.start)}`);
  writeScope(undefined, '  ');
  // Moves between a called journey and its caller (an expanded offramp) are drawn at the top.
  for (const e of d.edges) {
    if (scopeOf(e.from) === scopeOf(e.to)) continue;
    lines.push(`  ${id(e.from)} --> ${id(e.to)} : ${text(e.toHuman ? `${e.label} → person` : e.label)}`);
  }
  const finishes = (n: DiagramNode): boolean => n.parent === undefined && (n.kind === 'end' || (n.kind === 'human' && !d.edges.some((e) => e.from === n.id)));
  for (const n of d.nodes) if (finishes(n)) lines.push(`  ${id(n.id)} --> [*]`);
  if (d.offramp) {
    lines.push(`  note left of ${id(d.offramp.to)}`, `    From every bot state: ${text(d.offramp.triggers.join(', '))}`, `    lead here (journey-wide offramp)`, '  end note');
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
