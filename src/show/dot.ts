import type { Diagram } from './diagram.js';

const HUMAN = '#d9480f';
const PROBLEM = '#c92a2a';

/**
 * Graphviz DOT: people as orange double octagons with orange edges into them,
 * decisions as diamonds, ends as green double-bordered boxes with their outcome, the
 * journey-wide offramp as one note, problem states in red.
 */
export function renderDot(d: Diagram): string {
  const lines = [
    `digraph ${quote(d.id)} {`,
    `  label=${quote(`${d.title} (${d.id})`)}; labelloc=t; fontname="Helvetica";`,
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor="#f8f9fa", color="#495057", fontname="Helvetica"];',
    '  edge [color="#495057", fontname="Helvetica", fontsize=10];',
    '  "__start" [shape=point, width=0.15, label=""];',
  ];
  for (const n of d.nodes) {
    const attrs: string[] = [];
    const labelText = n.detail ? `${n.id}\n${n.detail}` : n.id;
    attrs.push(`label=${quote(labelText)}`);
    if (n.kind === 'human') attrs.push('shape=doubleoctagon', 'fillcolor="#fff4e6"', `color="${HUMAN}"`, 'penwidth=2');
    else if (n.kind === 'end') attrs.push('peripheries=2', 'fillcolor="#ebfbee"', 'color="#2b8a3e"');
    else if (n.kind === 'decision') attrs.push('shape=diamond', 'fillcolor="#e7f5ff"', 'color="#1c7ed6"');
    if (n.problem) attrs.push('fillcolor="#ffe3e3"', `color="${PROBLEM}"`, 'penwidth=3');
    lines.push(`  ${quote(n.id)} [${attrs.join(', ')}];`);
  }
  lines.push(`  "__start" -> ${quote(d.start)};`);
  for (const e of d.edges) {
    const attrs = [`label=${quote(e.label)}`];
    if (e.toHuman) attrs.push(`color="${HUMAN}"`, `fontcolor="${HUMAN}"`, 'penwidth=2');
    if (e.kind === 'signal' || e.kind === 'after' || e.kind === 'when_closed') attrs.push('style=dashed');
    if (e.kind === 'offramp') attrs.push('style=dotted');
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [${attrs.join(', ')}];`);
  }
  if (d.offramp) {
    lines.push(`  "__offramp" [shape=note, fillcolor="#fff4e6", color="${HUMAN}", label=${quote(`From every bot state:\n${d.offramp.triggers.join(', ')}`)}];`);
    lines.push(`  "__offramp" -> ${quote(d.offramp.to)} [style=dashed, color="${HUMAN}", label="journey-wide offramp"];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A DOT quoted string: backslashes and quotes escaped, line breaks as \n. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
