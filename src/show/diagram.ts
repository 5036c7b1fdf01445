import { behaviourOf } from '../behaviour/table.js';
import { buildGraph, type Edge } from '../graph/graph.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { calleeOf, type Journey } from '../model/types.js';

/** How a state is drawn. */
export type NodeKind = 'bot' | 'decision' | 'human' | 'end' | 'call';

/** A state in a diagram. */
export interface DiagramNode {
  /** The state's id in the behaviour table (`check_identity$send_code` for a called journey's state). */
  readonly id: string;
  /** The name people read: the state's own id in its journey. */
  readonly name: string;
  readonly kind: NodeKind;
  /** Second line of the label: queue and hours for people, outcome for ends, the callee for calls. */
  readonly detail?: string;
  /** True when lint finds no way to a person from here, or a trap (human-exit, human-exit-proved, trap-loop). */
  readonly problem: boolean;
  /** The call state whose called journey this state belongs to (the innermost); absent for the journey's own states. */
  readonly parent?: string;
  /** For an end of a called journey: the caller continues (the call maps its outcome), so it ends only the call. */
  readonly returns?: boolean;
}

/** A move in a diagram. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** The graph's edge kind; `return` for a called journey's end continuing in the caller (`from` is then the call state). */
  readonly kind: Edge['kind'] | 'return';
  /** The move leads to a human state (an off-ramp). */
  readonly toHuman: boolean;
}

/** A call state drawn as a box around the called journey's states. */
export interface DiagramCall {
  /** The call state's id (also a node of kind `call`). */
  readonly id: string;
  /** The called journey's id. */
  readonly callee: string;
  /** The called journey's first state (a node inside the box). */
  readonly start: string;
  /** Outcomes the call does not map: reaching them ends the calling journey too (the whole journey, for a call of its own states). */
  readonly endsWith: readonly string[];
}

/** Everything a diagram shows, independent of the drawing language. */
export interface Diagram {
  readonly id: string;
  readonly title: string;
  readonly start: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Call states, outermost first (a call inside a called journey has a `parent` node). */
  readonly calls: readonly DiagramCall[];
  /** The journey-wide offramp drawn once, when not expanded into edges. */
  readonly offramp?: { readonly to: string; readonly triggers: readonly string[] };
}

/** Rules whose findings on a state mark it as a problem in diagrams. */
const PROBLEM_RULES = new Set(['human-exit', 'human-exit-proved', 'trap-loop']);

/** Builds the drawing-independent diagram of a journey; `findings` (from lint) mark problem states. */
export function buildDiagram(journey: Journey, findings: readonly Diagnostic[] = [], options: { expandOfframp?: boolean } = {}): Diagram {
  const graph = buildGraph(journey);
  const table = behaviourOf(journey);
  const problemStarts = new Set(findings.filter((d) => PROBLEM_RULES.has(d.ruleId)).map((d) => d.span.start));
  const parentOf = (i: number): string | undefined => {
    const calls = graph.origins[i]?.calls ?? [];
    if (calls.length === 0) return undefined;
    // The call states of the chain, named in the table: `verify`, then `verify$check`, ...
    let prefix = '';
    for (const c of calls) prefix = prefix === '' ? c.state.id : `${prefix}$${c.state.id}`;
    return prefix;
  };
  /** The table id of the call state a called journey's end returns through (its own call, or an outer one for an unmapped outcome). */
  const returningCall = (i: number): string | undefined => {
    const back = table.states.get(graph.ids[i] as string)?.always?.[0]?.origin;
    const chain = graph.origins[i]?.calls ?? [];
    if (back?.kind !== 'return') return undefined;
    const depth = chain.findIndex((c) => c.state === back.call);
    return depth < 0 ? undefined : chain.slice(0, depth + 1).map((c) => c.state.id).join('$');
  };
  const calls: DiagramCall[] = [];
  const nodes: DiagramNode[] = graph.states.map((s, i) => {
    const id = graph.ids[i] as string;
    const row = table.states.get(id);
    const name = graph.origins[i]?.id ?? id;
    const parent = parentOf(i);
    const where = parent === undefined ? {} : { parent };
    const problem = graph.local[i] === 1 && problemStarts.has(s.keySpan.start);
    if (s.type === 'human') {
      const hours = s.hours.kind === 'always' ? '' : ` · ${s.hoursText.value}`;
      return { id, name, kind: 'human', detail: `person · ${s.queue.value}${hours}${s.whenUnavailable ? ' · may be unavailable' : ''}`, problem, ...where };
    }
    if (s.type === 'end') {
      const returns = row?.always?.some((c) => c.origin.kind === 'return') === true;
      const detail = `${s.outcome.value}${returns ? ' · returns' : ''}${s.feedback ? ' · asks for feedback' : ''}${s.humanLater ? ' · a person calls back' : ''}`;
      return { id, name, kind: 'end', detail, problem, ...where, ...(returns ? { returns } : {}) };
    }
    if (s.type === 'call') {
      const inner = row?.always?.[0];
      const owner = graph.origins[i]?.journey ?? journey;
      const callee = inner?.origin.kind === 'call' ? calleeOf(owner, s.call.value) : undefined;
      if (inner && callee) {
        const mapped = new Set(s.outcomes.keys());
        const endsWith = mapped.has('default') ? [] : [...new Set([...callee.states.values()].flatMap((c) => (c.type === 'end' && !mapped.has(c.outcome.value) ? [c.outcome.value] : [])))];
        calls.push({ id, callee: s.call.value, start: inner.to, endsWith });
      }
      return { id, name, kind: 'call', detail: `calls ${s.call.value}`, problem, ...where };
    }
    return { id, name, kind: s.always ? 'decision' : 'bot', problem, ...where };
  });
  const edges: DiagramEdge[] = [];
  const humans = new Set(graph.humans.map((i) => graph.ids[i] as string));
  const drawnCalls = new Set(calls.map((c) => c.id));
  const returned = new Set<string>();
  for (const list of graph.out) {
    for (const e of list) {
      if (e.kind === 'offramp' && !options.expandOfframp) continue;
      const from = graph.ids[e.from] as string;
      const to = graph.ids[e.to] as string;
      // The call's start is drawn as the box's entry, and a callee's end continues from the box.
      if (drawnCalls.has(from) && e.kind === 'always') continue;
      const origin = e.kind === 'always' && nodes[e.from]?.returns ? returningCall(e.from) : undefined;
      if (origin !== undefined) {
        const outcome = e.label.replace(/^returns /, '');
        const key = `${origin}\n${outcome}\n${to}`;
        if (!returned.has(key)) edges.push({ from: origin, to, label: outcome, kind: 'return', toHuman: humans.has(to) });
        returned.add(key);
        continue;
      }
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
    edges: [...edges, ...staysOnLadders(journey)],
    calls,
    ...(o && triggers.length > 0 && !options.expandOfframp && graph.index.has(o.to.value) ? { offramp: { to: o.to.value, triggers } } : {}),
  };
}

/** One self-move per retry ladder for its rungs that keep the customer in the state (`no_match ×1–2 · stays`). */
function staysOnLadders(journey: Journey): DiagramEdge[] {
  const out: DiagramEdge[] = [];
  for (const [id, s] of behaviourOf(journey).states) {
    for (const [signal, handler] of s.on) {
      if (handler.kind !== 'ladder') continue;
      const staying = handler.rungs.filter((r) => !r.leave).map((r) => r.index + 1);
      if (staying.length === 0) continue;
      // The last rung repeats: when it stays, every later signal stays too.
      const last = handler.rungs.length;
      const repeats = staying[staying.length - 1] === last;
      const which = staying.length === 1 ? `×${staying[0]}` : `×${staying[0]}–${staying[staying.length - 1]}`;
      out.push({ from: id, to: id, label: `${signal} ${which}${repeats ? ' and later' : ''} · stays`, kind: 'signal', toHuman: false });
    }
  }
  return out;
}

function edgeLabel(e: Edge): string {
  const guard = e.branch?.guard ? ` [${e.branch.guard.source}]` : '';
  if (e.rung) {
    // The last rung applies to the Nth signal in a row and every later one.
    const n = e.rung.index + 1;
    return `${e.label} ×${n}${n === e.rung.count ? ' and later' : ''}`;
  }
  switch (e.kind) {
    case 'always':
      return guard ? guard.trim() : 'otherwise';
    case 'after':
      return `after ${e.label}${guard}`;
    case 'when_closed':
      return 'when closed';
    case 'when_unavailable':
      return 'transfer failed';
    case 'offramp':
      return `${e.offramp === 'no_match' ? 'no_match (repeated)' : e.label} · offramp`;
    default:
      return `${e.label}${guard}`;
  }
}
