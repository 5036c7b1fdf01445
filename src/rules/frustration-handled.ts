import { leadsToHuman } from '../graph/traversal.js';
import type { Edge } from '../graph/graph.js';
import { FRUSTRATED } from '../spec/names.js';
import { handlerFor, waitsForInput } from '../model/types.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'frustration-handled',
    description: 'A `frustrated` signal escalates to a person, through `offramp.frustration` or the state\'s own handler.',
    severity: 'warning',
    docs: docsUrl('frustration-handled'),
    messages: {
      missing: 'State `{{state}}` does not escalate `frustrated`: an upset customer stays with the bot.',
      notHuman: 'State `{{state}}` handles `frustrated` but does not always lead to a person: `{{target}}` is not a human state, nor a decision that always leads to one.',
    },
    hints: {
      missing: 'Set `offramp.frustration: true`, or add `frustrated: <human state>` to the state\'s `on`.',
      notHuman: 'Point every choice of the `frustrated` handler at a human state (directly or through `always`), or remove it so `offramp.frustration` applies.',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const graph = analysis.graph;
    const memo = new Map<number, boolean>();
    graph.states.forEach((state, i) => {
      if (!waitsForInput(state)) return;
      const handler = handlerFor(state, FRUSTRATED);
      if (!handler) {
        if (!journey.offramp?.frustration) context.report({ messageId: 'missing', data: { state: state.id }, span: state.keySpan });
        return;
      }
      const edges = (graph.out[i] as Edge[]).filter((e) => e.transition === handler);
      const bad = handler.branches.find((b) => {
        const edge = edges.find((e) => e.branch === b);
        return !edge || !leadsToHuman(graph, edge.to, memo);
      });
      if (bad) context.report({ messageId: 'notHuman', data: { state: state.id, target: bad.to.value }, span: state.keySpan });
    });
  },
};

export default rule;
