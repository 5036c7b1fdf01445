import { leadsToHuman } from '../graph/traversal.js';
import type { Edge } from '../graph/graph.js';
import { handlerFor } from '../model/types.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'offramp-shadowed',
    description: 'A state that handles an `offramp.on` event itself still leads the customer to a person.',
    severity: 'warning',
    docs: docsUrl('offramp-shadowed'),
    messages: {
      shadowed:
        'State `{{state}}` handles `{{event}}` itself and sends the customer to `{{target}}` instead of a person, hiding the journey-wide offramp here.',
    },
    hints: {
      shadowed: 'Remove the state\'s own `{{event}}` handler so the offramp applies, or point it at a human state.',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const offramp = journey.offramp;
    if (!offramp || offramp.on.length === 0) return;
    const graph = analysis.graph;
    const memo = new Map<string, boolean>();
    graph.states.forEach((state, i) => {
      // A called journey's states are judged against their own journey's offramp, in its own file.
      if (state.type !== 'bot' || graph.local[i] !== 1) return;
      for (const event of offramp.on) {
        const handler = handlerFor(state, event.value);
        if (!handler) continue;
        const edges = (graph.out[i] as Edge[]).filter((e) => e.transition === handler);
        const away = handler.branches.find((b) => {
          const edge = edges.find((e) => e.branch === b);
          return edge !== undefined && !leadsToHuman(graph, edge.to, memo);
        });
        if (away) context.report({ messageId: 'shadowed', data: { state: state.id, event: event.value, target: away.to.value }, span: handler.span });
      }
    });
  },
};

export default rule;
