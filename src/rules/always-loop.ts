import { isCycle, stronglyConnected } from '../graph/traversal.js';
import type { Edge } from '../graph/graph.js';
import { listNames } from '../diagnostics/suggest.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const isAlways = (edge: Edge): boolean => edge.kind === 'always';

const rule: JourneyRule = {
  meta: {
    id: 'always-loop',
    description: 'No cycle is made only of `always` transitions (it would spin without the customer doing anything).',
    severity: 'error',
    docs: docsUrl('always-loop'),
    messages: {
      loop: 'States {{states}} form a loop of `always` transitions: the bot would spin forever without the customer doing anything.',
      selfLoop: 'State `{{state}}` goes back to itself with `always`: the bot would spin forever without the customer doing anything.',
    },
    hints: {
      loop: 'Make one of these states wait for the customer (replace `always` with `on` events), or guard the branches so the loop cannot close.',
      selfLoop: 'Point the `always` branch at another state, or make the state wait for an event.',
    },
  },
  create(context) {
    const graph = context.analysis.graph;
    for (const component of stronglyConnected(graph, isAlways)) {
      if (!isCycle(graph, component, isAlways)) continue;
      const ids = component.map((i) => graph.ids[i] as string).sort((a, b) => order(graph.index, a) - order(graph.index, b));
      for (const id of ids) {
        const i = graph.index.get(id) as number;
        const state = graph.states[i];
        // A loop through a called journey is reported at this journey's own states in it (a callee's own loop, in its file).
        if (!state || graph.local[i] !== 1) continue;
        if (ids.length === 1) context.report({ messageId: 'selfLoop', data: { state: id }, span: state.keySpan, path: [id, id] });
        else context.report({ messageId: 'loop', data: { states: listNames(ids) }, span: state.keySpan, path: ids });
      }
    }
  },
};

function order(index: ReadonlyMap<string, number>, id: string): number {
  return index.get(id) ?? 0;
}

export default rule;
