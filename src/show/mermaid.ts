import type { Diagram } from './diagram.js';

/**
 * A Mermaid `stateDiagram-v2` (GitHub renders it in Markdown): people and the moves
 * into them styled with `classDef`, decisions as choice nodes, end states with
 * their outcome, guards on the labels, the journey-wide offramp as one note, and
 * states that fail human-exit or trap-loop highlighted.
 */
export function renderMermaid(d: Diagram): string {
  const lines = ['stateDiagram-v2', '  direction LR', `  %% ${text(d.title)} (${d.id})`];
  for (const n of d.nodes) {
    if (n.kind === 'decision') lines.push(`  state ${n.id} <<choice>>`);
    else if (n.detail) lines.push(`  state "${label(`${n.id} — ${n.detail}`)}" as ${n.id}`);
  }
  lines.push(`  [*] --> ${d.start}`);
  for (const e of d.edges) lines.push(`  ${e.from} --> ${e.to} : ${text(e.toHuman ? `${e.label} → person` : e.label)}`);
  for (const n of d.nodes) if (n.kind === 'end' || (n.kind === 'human' && !d.edges.some((e) => e.from === n.id))) lines.push(`  ${n.id} --> [*]`);
  if (d.offramp) {
    lines.push(`  note left of ${d.offramp.to}`, `    From every bot state: ${text(d.offramp.triggers.join(', '))}`, `    lead here (journey-wide offramp)`, '  end note');
  }
  lines.push('  classDef human fill:#fff4e6,stroke:#d9480f,stroke-width:2px,color:#7c2d12');
  lines.push('  classDef ending fill:#ebfbee,stroke:#2b8a3e,color:#1b4d2b');
  lines.push('  classDef problem fill:#ffe3e3,stroke:#c92a2a,stroke-width:3px,color:#7d1d1d');
  const humans = d.nodes.filter((n) => n.kind === 'human' && !n.problem).map((n) => n.id);
  const ends = d.nodes.filter((n) => n.kind === 'end' && !n.problem).map((n) => n.id);
  const problems = d.nodes.filter((n) => n.problem).map((n) => n.id);
  if (humans.length) lines.push(`  class ${humans.join(',')} human`);
  if (ends.length) lines.push(`  class ${ends.join(',')} ending`);
  if (problems.length) lines.push(`  class ${problems.join(',')} problem`);
  return `${lines.join('\n')}\n`;
}

/** Text after a transition's colon: one line, and no characters Mermaid's grammar reads as syntax. */
function text(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/;/g, ',').replace(/#/g, 'no.').replace(/:/g, ' -').replace(/[{}]/g, '').replace(/-->/g, '→').trim();
}

/** A quoted state description: as `text`, and no double quotes. */
function label(s: string): string {
  return text(s).replace(/"/g, "'");
}
