import { buildGraph, type Edge } from '../graph/graph.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Journey } from '../model/types.js';

/** How a state is drawn. */
export type NodeKind = 'bot' | 'decision' | 'human' | 'end';

/** A state in a diagram. */
export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Second line of the label: queue and hours for people, outcome for ends. */
  readonly detail?: string;
  /** True when lint finds no way to a person from here, or a trap (human-exit, human-exit-proved, trap-loop). */
  readonly problem: boolean;
}

/** A move in a diagram. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: Edge['kind'];
  /** The move leads to a human state (an off-ramp). */
  readonly toHuman: boolean;
}

/** Everything a diagram shows, independent of the drawing language. */
export interface Diagram {
  readonly id: string;
  readonly title: string;
  readonly start: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** The journey-wide offramp drawn once, when not expanded into edges. */
  readonly offramp?: { readonly to: string; readonly triggers: readonly string[] };
}

/** Rules whose findings on a state mark it as a problem in diagrams. */
const PROBLEM_RULES = new Set(['human-exit', 'human-exit-proved', 'trap-loop']);

/** Builds the drawing-independent diagram of a journey; `findings` (from lint) mark problem states. */
export function buildDiagram(journey: Journey, findings: readonly Diagnostic[] = [], options: { expandOfframp?: boolean } = {}): Diagram {
  const graph = buildGraph(journey);
  const problemStarts = new Set(findings.filter((d) => PROBLEM_RULES.has(d.ruleId)).map((d) => d.span.start));
  const nodes: DiagramNode[] = graph.states.map((s) => {
    const problem = problemStarts.has(s.keySpan.start);
    if (s.type === 'human') {
      const hours = s.hours.kind === 'always' ? '' : ` · ${s.hoursText.value}`;
      return { id: s.id, kind: 'human', detail: `person · ${s.queue.value}${hours}`, problem };
    }
    if (s.type === 'end') return { id: s.id, kind: 'end', detail: `${s.outcome.value}${s.feedback ? ' · asks for feedback' : ''}`, problem };
    return { id: s.id, kind: s.always ? 'decision' : 'bot', problem };
  });
  const edges: DiagramEdge[] = [];
  const humans = new Set(graph.humans.map((i) => graph.ids[i] as string));
  for (const list of graph.out) {
    for (const e of list) {
      if (e.kind === 'offramp' && !options.expandOfframp) continue;
      const from = graph.ids[e.from] as string;
      const to = graph.ids[e.to] as string;
      edges.push({ from, to, label: edgeLabel(e), kind: e.kind, toHuman: humans.has(to) });
    }
  }
  const o = journey.offramp;
  const triggers = o ? [...o.on.map((e) => e.value), ...(o.noMatch !== undefined ? [`no_match ×${o.noMatch.value}`] : []), ...(o.frustration ? ['frustrated'] : [])] : [];
  return {
    id: journey.id.value,
    title: journey.title,
    start: journey.start.value,
    nodes,
    edges,
    ...(o && triggers.length > 0 && !options.expandOfframp && graph.index.has(o.to.value) ? { offramp: { to: o.to.value, triggers } } : {}),
  };
}

function edgeLabel(e: Edge): string {
  const guard = e.branch?.guard ? ` [${e.branch.guard.source}]` : '';
  switch (e.kind) {
    case 'always':
      return guard ? guard.trim() : 'otherwise';
    case 'after':
      return `after ${e.label}${guard}`;
    case 'when_closed':
      return 'when closed';
    case 'offramp':
      return `${e.offramp === 'no_match' ? 'no_match (repeated)' : e.label} · offramp`;
    default:
      return `${e.label}${guard}`;
  }
}
