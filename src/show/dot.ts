import type { Diagram, DiagramEdge, DiagramNode } from './diagram.js';
import { customersText, FRICTION_BANDS, FRICTION_COLOURS, frictionText, HEAT_FILLS, heatTitle, TRAFFIC_BANDS, type DiagramHeat } from './heat.js';

const HUMAN = '#d9480f';
const PROBLEM = '#c92a2a';
/** How `buildDiagram` ends the label of an expanded offramp move. */
const OFFRAMP_MARK = ' · offramp';

/** Width of a move's line per traffic band. */
const HEAT_PEN = [1, 1.5, 2.5, 3.5, 5] as const;

/** A screen in CSS pixels. */
export interface ScreenSize {
  readonly width: number;
  readonly height: number;
}

/** The screen `journey graph --format svg` fits its drawing into (shrunk to fit, never enlarged). */
export const SVG_SCREEN: ScreenSize = { width: 1600, height: 1200 };

/** Longest line, in characters, of a wrapped state, edge or note label in the DOT diagram. */
export const LABEL_WIDTH = 28;

/**
 * Graphviz DOT: people as orange double octagons with orange edges into them,
 * decisions as diamonds, ends as green double-bordered boxes with their outcome, the
 * journey-wide offramp as one note, problem states in red. Ranked top-down with
 * labels wrapped at `LABEL_WIDTH`, so a typical journey fits one screen. With `heat`,
 * bot, decision and call states are filled by traffic and bordered by friction, moves
 * are drawn wider by traffic, every label says its count and a legend explains the colours;
 * people, ends and off-ramps keep their look.
 */
export function renderDot(d: Diagram, heat?: DiagramHeat, options: { readonly fit?: ScreenSize } = {}): string {
  const lines = [
    `digraph ${quote(d.id)} {`,
    // Graphviz only shrinks a drawing larger than `size` (in inches of 72 points; a CSS pixel is 3/4 point).
    ...(options.fit ? [`  size="${round((options.fit.width * 0.75) / 72)},${round((options.fit.height * 0.75) / 72)}";`] : []),
    `  label=${quote(wrapLabel(`${d.title} (${d.id})`, LABEL_WIDTH * 2))}; labelloc=t; fontname="Helvetica";`,
    // Journeys are mostly chains of steps: left-to-right ranks made them a few screens wide
    // and one screen tall; top-down ranks with tight separation keep them near screen-shaped.
    '  rankdir=TB; nodesep=0.18; ranksep=0.3;',
    // compound: a call's outcomes leave from the edge of its box (ltail).
    ...(d.calls.length > 0 ? ['  compound=true;'] : []),
    '  node [shape=box, style="rounded,filled", fillcolor="#f8f9fa", color="#495057", fontname="Helvetica", fontsize=11, margin="0.1,0.04", height=0.3];',
    '  edge [color="#495057", fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    '  "__start" [shape=point, width=0.15, label=""];',
  ];
  const calls = new Set(d.calls.map((c) => c.id));
  const writeScope = (scope: string | undefined, indent: string): void => {
    for (const n of d.nodes) {
      if (n.parent !== scope) continue;
      if (!calls.has(n.id)) {
        lines.push(`${indent}${quote(n.id)} [${nodeAttributes(n, heat).join(', ')}];`);
        continue;
      }
      // A call is a box around the called journey's states, entered through the call state inside it.
      lines.push(`${indent}subgraph ${quote(`cluster_${n.id}`)} {`);
      lines.push(`${indent}  label=${quote(wrapLabel(`${n.name}: calls ${d.calls.find((c) => c.id === n.id)?.callee ?? ''}`, LABEL_WIDTH * 2))}; style="rounded,dashed"; color="#1c7ed6"; fontsize=10;`);
      lines.push(`${indent}  ${quote(n.id)} [${nodeAttributes(n, heat).join(', ')}];`);
      writeScope(n.id, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  writeScope(undefined, '  ');
  lines.push(`  "__start" -> ${quote(d.start)};`);
  for (const c of d.calls) {
    const h = heat?.calls.get(c.id);
    lines.push(`  ${quote(c.id)} -> ${quote(c.start)} [label=${quote(h ? `starts\n${customersText(h.customers, h.share)}` : 'starts')}, style=dashed, color="#1c7ed6"];`);
  }
  // A count belongs to a pair of states: with several drawn moves between them, the first says it
  // and the others point to it, so that no move is told apart by its width alone.
  const counted = new Set<string>();
  for (const e of mergeParallel(d.edges)) {
    const fromBox = d.calls.some((c) => c.id === e.from) && e.kind === 'return' ? [`ltail=${quote(`cluster_${e.from}`)}`] : [];
    const h = heat?.edges.get(e.first);
    const pair = `${e.from}\n${e.to}\n${e.kind === 'return'}`;
    const label = !h ? wrapList(e.labels) : besideLast(wrapList(e.labels), counted.has(pair) ? SHARED_COUNT : customersText(h.customers, h.share));
    counted.add(pair);
    const pen = h ? [`penwidth=${HEAT_PEN[h.band]}`, ...(e.first.toHuman || e.kind === 'offramp' ? [] : [`color="${HEAT_EDGE_COLOURS[h.band]}"`])] : [];
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [${[`label=${quote(label)}`, ...e.style.filter((a) => !(h && a.startsWith('penwidth='))), ...pen, ...fromBox].join(', ')}];`);
  }
  if (d.offramp) {
    const note = `From every bot state:\n${wrapList(d.offramp.triggers)}`;
    lines.push(`  "__offramp" [shape=note, fillcolor="#fff4e6", color="${HUMAN}", label=${quote(note)}];`);
    lines.push(`  "__offramp" -> ${quote(d.offramp.to)} [style=dashed, color="${HUMAN}", label="journey-wide offramp"];`);
  }
  if (heat) lines.push(`  "__legend" [shape=plaintext, margin=0, fillcolor=white, label=<${legendTable(heat)}>];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** How a state is drawn: its shape and colours by kind, and its label (its own name, then the detail). */
function nodeAttributes(n: DiagramNode, heat?: DiagramHeat): string[] {
  const h = heat?.states.get(n.id);
  const text = wrapLabel(n.detail ? `${n.name}\n${n.detail}` : n.name);
  const friction = h ? frictionText(h) : undefined;
  const figures = h ? `${besideLast(text, customersText(h.customers, h.share))}${friction ? `\n${wrapLabel(friction)}` : ''}` : text;
  const attrs = [`label=${quote(figures)}`];
  if (n.kind === 'human') attrs.push('shape=doubleoctagon', 'fillcolor="#fff4e6"', `color="${HUMAN}"`, 'penwidth=2');
  else if (n.kind === 'end' && n.returns) attrs.push('fillcolor="#ebfbee"', 'color="#2b8a3e"', 'style="rounded,filled,dashed"');
  else if (n.kind === 'end') attrs.push('peripheries=2', 'fillcolor="#ebfbee"', 'color="#2b8a3e"');
  else if (n.kind === 'decision') attrs.push('shape=diamond', 'fillcolor="#e7f5ff"', 'color="#1c7ed6"');
  else if (n.kind === 'call') attrs.push('shape=component', 'fillcolor="#e7f5ff"', 'color="#1c7ed6"');
  if (h && !n.problem && (n.kind === 'bot' || n.kind === 'decision' || n.kind === 'call')) {
    attrs.push(`fillcolor="${HEAT_FILLS[h.band]}"`, `color="${FRICTION_COLOURS[h.frictionBand]}"`, `penwidth=${h.frictionBand === 0 ? 1 : h.frictionBand + 1}`);
    if (h.band === HEAT_FILLS.length - 1) attrs.push('fontcolor=white');
  }
  if (n.problem) attrs.push('fillcolor="#ffe3e3"', `color="${PROBLEM}"`, 'penwidth=3');
  // The SVG keeps the state's id on its group (`state_greet`), so pages and tests can find it.
  attrs.push(`id=${quote(`state_${n.id}`)}`);
  return attrs;
}

/** Edges that share ends and look alike, drawn as one edge with their labels listed. */
interface DrawnEdge {
  /** The first of the diagram's moves drawn as this edge (its heat is the pair's). */
  readonly first: DiagramEdge;
  readonly from: string;
  readonly to: string;
  readonly kind: Diagram['edges'][number]['kind'];
  readonly labels: string[];
  readonly style: readonly string[];
}

/**
 * One drawn edge per pair of states and look: per-state off-ramps (a request, `frustrated`,
 * a repeated `no_match`) otherwise fan out from every state as parallel curves, each with
 * its own label, and make the layout several times wider than the states need.
 */
function mergeParallel(edges: Diagram['edges']): DrawnEdge[] {
  const drawn = new Map<string, DrawnEdge>();
  for (const e of edges) {
    const style: string[] = [];
    if (e.toHuman) style.push(`color="${HUMAN}"`, `fontcolor="${HUMAN}"`, 'penwidth=2');
    if (e.kind === 'signal' || e.kind === 'after' || e.kind === 'when_closed' || e.kind === 'when_unavailable') style.push('style=dashed');
    if (e.kind === 'offramp') style.push('style=dotted');
    const key = JSON.stringify([e.from, e.to, style]);
    const same = drawn.get(key);
    if (same) same.labels.push(e.label);
    else drawn.set(key, { first: e, from: e.from, to: e.to, kind: e.kind, labels: [e.label], style });
  }
  // Expanded offramp moves say "· offramp" once per edge, not once per trigger.
  return [...drawn.values()].map((e) =>
    e.labels.length > 1 && e.labels.every((l) => l.endsWith(OFFRAMP_MARK))
      ? { ...e, labels: e.labels.map((l, i) => (i === e.labels.length - 1 ? l : l.slice(0, -OFFRAMP_MARK.length))) }
      : e,
  );
}

/** The label of a move whose customers are counted on another move between the same two states. */
const SHARED_COUNT = 'counted with the other move';

/** Line colour of a move per traffic band (moves to people and off-ramps keep theirs). */
const HEAT_EDGE_COLOURS = ['#adb5bd', '#748ffc', '#5c7cfa', '#4263eb', '#364fc7'] as const;

/** The legend as a Graphviz HTML-like table: swatches beside their meaning, in words. */
function legendTable(heat: DiagramHeat): string {
  const row = (swatch: string, text: string): string => `<TR><TD ${swatch} WIDTH="24"> </TD><TD ALIGN="LEFT">${text}</TD></TR>`;
  return [
    '<TABLE BORDER="1" COLOR="#adb5bd" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">',
    `<TR><TD COLSPAN="2" ALIGN="LEFT"><B>${heatTitle(heat)}</B></TD></TR>`,
    '<TR><TD COLSPAN="2" ALIGN="LEFT">Fill: customers who passed a state</TD></TR>',
    ...TRAFFIC_BANDS.map((b, i) => row(`BGCOLOR="${HEAT_FILLS[i]}"`, b.text)),
    '<TR><TD COLSPAN="2" ALIGN="LEFT">Border: customers who left the bot there</TD></TR>',
    ...FRICTION_BANDS.slice(1).map((b, i) => row(`BGCOLOR="white" BORDER="${i + 2}" COLOR="${FRICTION_COLOURS[i + 1]}"`, b.text)),
    '<TR><TD COLSPAN="2" ALIGN="LEFT">Labels: customers (share); wider moves, more customers</TD></TR>',
    '</TABLE>',
  ].join('');
}

/**
 * `text` with `extra` after its last line (` · extra`) where that line has room, else on
 * a line of its own: in a top-down layout every label line is height on the screen.
 */
function besideLast(text: string, extra: string): string {
  const last = text.slice(text.lastIndexOf('\n') + 1);
  return length(last) + 3 + length(extra) <= LABEL_WIDTH ? `${text} · ${extra}` : `${text}\n${extra}`;
}

/** Wraps text to lines of at most `width` characters at spaces, each given line on its own (see `wrapList`). */
export function wrapLabel(text: string, width: number = LABEL_WIDTH): string {
  return text
    .split(/\r?\n/)
    .map((line) => wrapList([line], width))
    .join('\n');
}

/**
 * Wraps a comma-separated list to lines of at most `width` characters, keeping each item
 * whole where it fits on a line; a longer item breaks at its spaces, and a word longer
 * than a line after `_ - . , / :` where it can, else anywhere.
 */
export function wrapList(items: readonly string[], width: number = LABEL_WIDTH): string {
  const words = items.flatMap((item, i) => {
    const text = `${item.replace(/\s+/g, ' ').trim()}${i < items.length - 1 ? ',' : ''}`;
    return length(text) <= width ? [text] : text.split(' ').filter(Boolean);
  });
  let best = fill(words, width);
  // The narrowest width that needs no more lines evens them out ("no_match" over
  // "[misunderstood >= 1]" rather than a lone "1]"), and a narrower label is a narrower rank.
  const floor = Math.min(width, Math.max(1, ...words.map(length)));
  for (let w = width - 1; w >= floor; w--) {
    const lines = fill(words, w);
    if (lines.length > best.length) break;
    best = lines;
  }
  return best.join('\n');
}

/** Greedy filling: as many words on each line as fit in `width`. */
function fill(words: readonly string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    if (length(word) > width) {
      if (line) out.push(line);
      const pieces = splitWord(word, width);
      out.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1] ?? '';
    } else if (!line) line = word;
    else if (length(line) + 1 + length(word) <= width) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  out.push(line);
  return out;
}

/** Cuts a word longer than `width` into pieces of at most `width`, preferring cuts after punctuation. */
function splitWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = [...word];
  while (rest.length > width) {
    let cut = width;
    for (let i = width - 1; i > 0; i--) {
      if ('_-.,/:'.includes(rest[i] as string)) {
        cut = i + 1;
        break;
      }
    }
    pieces.push(rest.slice(0, cut).join(''));
    rest = rest.slice(cut);
  }
  pieces.push(rest.join(''));
  return pieces;
}

/** Characters as people count them (code points, so `·` and `×` are one each). */
function length(s: string): number {
  return [...s].length;
}

function round(n: number): string {
  return n.toFixed(2);
}

/** A DOT quoted string: backslashes and quotes escaped, line breaks as \n. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
