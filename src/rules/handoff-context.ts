import { canReach } from '../graph/traversal.js';
import { edgeLabel } from '../graph/graph.js';
import { customerFields } from '../behaviour/provenance.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'handoff-context',
    description: 'A human state carries every context field the customer gave on the way to it, so the customer never repeats themselves.',
    severity: 'warning',
    docs: docsUrl('handoff-context'),
    messages: {
      notCarried:
        'Human state `{{state}}` does not carry `{{field}}`, which the customer gives on {{transition}} on the way here: they would have to repeat it to the person.',
    },
    hints: {
      notCarried: 'Add `{{field}}` to `carry` of `{{state}}`, or mark the field `internal: true` if the bot computes it and the customer never said it.',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const graph = analysis.graph;
    const { reachable } = analysis.reach;
    // Only what the customer said: counters, flags and constants the bot sets are not asked of them again.
    const fromCustomer = customerFields(journey);
    for (const human of graph.humans) {
      const state = graph.states[human];
      if (state?.type !== 'human') continue;
      const carried = new Set(state.carry.map((c) => c.value));
      const leadsHere = canReach(graph, human);
      const reported = new Set<string>();
      graph.out.forEach((edges, from) => {
        if (!reachable[from]) return;
        for (const edge of edges) {
          if (!edge.branch || !leadsHere[edge.to]) continue;
          for (const assignment of edge.branch.set) {
            const field = assignment.field.value;
            if (carried.has(field) || reported.has(field) || !fromCustomer.has(field)) continue;
            reported.add(field);
            context.report({
              messageId: 'notCarried',
              data: { state: state.id, field, transition: `${graph.ids[from]} --${edgeLabel(edge)}--> ${graph.ids[edge.to]}` },
              span: state.keySpan,
            });
          }
        }
      });
    }
  },
};

export default rule;
