import type { Edge, JourneyGraph } from '../graph/graph.js';
import { NO_MATCH } from '../spec/names.js';
import { handlerFor, waitsForInput } from '../model/types.js';
import { listNames } from '../diagnostics/suggest.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'no-match-handled',
    description: 'Every bot state that waits for input handles `no_match` (not understood) with a way out, itself or through `offramp.no_match`.',
    severity: 'error',
    docs: docsUrl('no-match-handled'),
    messages: {
      missing: 'State `{{state}}` does not handle `no_match`: a customer the bot does not understand gets no answer and no way out.',
      selfLoop: 'State `{{state}}` answers `no_match` only by staying in `{{state}}`: a customer who is not understood is asked again forever.',
      cycle: 'State `{{state}}` answers `no_match` by moving among {{states}}, which never lead to a person or an end while the customer is not understood.',
    },
    hints: {
      missing: 'Add `no_match` to the state\'s `on`, or set `offramp.no_match: 2` so that the second misunderstanding in a row reaches a person.',
      selfLoop: 'Escalate after a few tries, e.g. `no_match: [{ if: "retries >= 2", to: agent }, { to: {{state}}, set: { retries: "retries + 1" } }]`, or remove the handler so `offramp.no_match` applies.',
      cycle: 'Let one of these states escalate `no_match` to a human state, or remove their handlers so that `offramp.no_match` applies.',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const graph = analysis.graph;
    graph.states.forEach((state, i) => {
      if (!waitsForInput(state)) return;
      const handler = handlerFor(state, NO_MATCH);
      if (!handler) {
        if (journey.offramp?.noMatch === undefined) context.report({ messageId: 'missing', data: { state: state.id }, span: state.keySpan });
        return;
      }
      const targets = handler.branches.map((b) => b.to.value);
      if (targets.every((t) => t === state.id)) {
        context.report({ messageId: 'selfLoop', data: { state: state.id }, span: state.keySpan });
        return;
      }
      const closure = noMatchClosure(graph, i);
      if (closure) context.report({ messageId: 'cycle', data: { state: state.id, states: listNames(closure) }, span: state.keySpan });
    });
  },
};

/**
 * Follows what happens to a customer who keeps not being understood, starting at
 * `from`. Returns the states they can be kept among when none of them leads out
 * (to a person, an end, or a state judged on its own), otherwise undefined.
 */
function noMatchClosure(graph: JourneyGraph, from: number): string[] | undefined {
  const seen = new Set([from]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    const state = graph.states[node];
    if (!state || state.type !== 'bot') return undefined; // a person or an end: a way out
    let edges: Edge[];
    if (state.always) {
      edges = (graph.out[node] as Edge[]).filter((e) => e.kind === 'always');
    } else if (handlerFor(state, NO_MATCH)) {
      edges = (graph.out[node] as Edge[]).filter((e) => e.kind === 'signal' && e.label === NO_MATCH);
    } else {
      // Escalated by offramp.no_match, or missing a handler and reported on its own.
      return undefined;
    }
    for (const edge of edges) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return [...seen].sort((a, b) => a - b).map((i) => graph.ids[i] as string);
}

export default rule;
