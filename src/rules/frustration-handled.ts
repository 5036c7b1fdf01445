import { behaviourOf, handlerChoices, leadsToPerson, type StateBehaviour } from '../behaviour/table.js';
import { FRUSTRATED } from '../spec/names.js';
import { waitsForInput } from '../model/types.js';
import { stateName, stateReporter } from '../rule-support/states.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'frustration-handled',
    description: 'A `frustrated` signal escalates to a person, through `offramp.frustration` or the state\'s own handler.',
    severity: 'warning',
    docs: docsUrl('frustration-handled'),
    judgedInCallers: true,
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
    const { analysis } = context;
    const graph = analysis.graph;
    const table = behaviourOf(graph.journey);
    const memo = new Map<string, boolean>();
    const report = stateReporter(context, graph);
    graph.states.forEach((state, i) => {
      if (!waitsForInput(state)) return;
      const row = table.states.get(graph.ids[i] as string) as StateBehaviour;
      const handler = row.on.get(FRUSTRATED);
      if (!handler) {
        // An offramp whose target is no state covers nothing in the table; unknown-target reports it.
        if (!row.origin.journey.offramp?.frustration) report(i, { messageId: 'missing', details: () => ({ data: { state: stateName(graph, i) } }) });
        return;
      }
      // The offramp's escalation (the state's own journey's, or a caller's) goes to a person.
      const bad = handlerChoices(handler).find((c) => c.origin.kind !== 'offramp' && !leadsToPerson(table, c.to, memo));
      if (!bad) return;
      // Named as written in the state's own journey.
      const target = bad.origin.kind === 'own' ? bad.origin.branch.to.value : bad.to;
      report(i, { messageId: 'notHuman', details: () => ({ data: { state: stateName(graph, i), target } }) });
    });
  },
};

export default rule;
