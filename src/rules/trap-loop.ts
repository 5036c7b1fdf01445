import { describeArrival, pathStates } from '../graph/graph.js';
import { pathFromStart } from '../graph/traversal.js';
import { listNames } from '../diagnostics/suggest.js';
import { stateName, stateReporter } from '../rule-support/states.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'trap-loop',
    description: 'No reachable state is a trap: from every state some transition (signals and timeouts included) leads on to an end or a person.',
    severity: 'error',
    docs: docsUrl('trap-loop'),
    judgedInCallers: true,
    messages: {
      trapped:
        'State `{{state}}` is a trap: from here the customer can only circle among {{states}}, never reaching an end or a person, not even by timeouts or signals. {{arrival}}.',
    },
    hints: {
      trapped: 'Give one of these states a way out: a transition to a human or end state, a timeout (`after`) that ends the journey, or a journey-wide `offramp`.',
    },
  },
  create(context) {
    const { analysis } = context;
    const graph = analysis.graph;
    const finish = analysis.finish;
    const reach = analysis.reach;
    const report = stateReporter(context, graph);
    graph.states.forEach((_, i) => {
      // States with no moves at all are dead ends, reported by dead-end.
      if (!reach.reachable[i] || finish[i] || (graph.out[i] ?? []).length === 0) return;
      report(i, { messageId: 'trapped', details: () => {
        const path = pathFromStart(reach, i);
        return {
          data: { state: stateName(graph, i), states: listNames(forwardClosure(graph.out, i).map((n) => graph.ids[n] as string)), arrival: describeArrival(graph, graph.start, path) },
          path: pathStates(graph, graph.start, path),
        };
      } });
    });
  },
};

function forwardClosure(out: readonly (readonly { to: number }[])[], from: number): number[] {
  const seen = new Set([from]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of out[queue[head] as number] ?? []) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

export default rule;
