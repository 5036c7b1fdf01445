import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'unreachable-state',
    description: 'Every state can be reached from `start` by some transition (events, signals, `always`, `after`, closed hours, the offramp).',
    severity: 'warning',
    docs: docsUrl('unreachable-state'),
    messages: {
      unreachable: 'State `{{state}}` can never be reached from `{{start}}`.',
    },
    hints: {
      unreachable: 'Add a transition into `{{state}}`, or delete it if it is left over from an earlier design.',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const graph = analysis.graph;
    if (graph.start < 0) return; // unknown-target reports the bad start
    const { reachable } = analysis.reach;
    graph.states.forEach((state, i) => {
      // States of called journeys are reported in their own journey, which knows how they are reached.
      if (graph.local[i] !== 1) return;
      if (!reachable[i]) context.report({ messageId: 'unreachable', data: { state: state.id, start: journey.start.value }, span: state.keySpan });
    });
  },
};

export default rule;
