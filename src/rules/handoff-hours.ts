import { behaviourOf, type StateBehaviour } from '../behaviour/table.js';
import { listNames } from '../diagnostics/suggest.js';
import { spanOf, type JourneyGraph } from '../graph/graph.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'handoff-hours',
    description: 'A human state with limited `hours` says where customers go when it is closed (`when_closed`), and closed redirects never loop.',
    severity: 'error',
    docs: docsUrl('handoff-hours'),
    messages: {
      missing: 'Human state `{{state}}` is open only `{{hours}}` but has no `when_closed`: out of hours the customer would be handed to nobody.',
      loop: 'Human states {{states}} send closed customers to each other in a loop{{through}}; if all are closed at once the customer goes nowhere.',
    },
    hints: {
      missing: 'Add `when_closed: <state>`, e.g. a bot state that books a callback or an end state with `outcome: callback_booked`. Or `when_unavailable: <state>`, which also takes a customer no team can take.',
      loop: 'End the chain at a state that is not a human state with limited hours, e.g. a callback booking.',
    },
  },
  create(context) {
    const { journey, analysis } = context;
    for (const state of journey.states.values()) {
      // A failed transfer (`when_unavailable`) already says where a customer goes whom nobody can take.
      if (state.type === 'human' && state.hours.kind === 'weekly' && !state.whenClosed && !state.whenUnavailable) {
        context.report({ messageId: 'missing', data: { state: state.id, hours: state.hoursText.value }, span: state.keySpan });
      }
    }
    // Closed redirects, and the moves that happen on entry whatever the context (a call starting its
    // callee, a callee's end returning to the caller), form a functional graph: walk each chain once.
    const graph = analysis.graph;
    const table = behaviourOf(journey);
    const next = graph.ids.map((id): number | undefined => {
      const s = table.states.get(id) as StateBehaviour;
      if (s.closed) return graph.index.get(s.closed.to);
      const only = s.always?.[0];
      if (only && (only.origin.kind === 'call' || only.origin.kind === 'return')) return graph.index.get(only.to);
      return undefined;
    });
    const color = new Int32Array(graph.ids.length);
    let walk = 0;
    for (let first = 0; first < graph.ids.length; first++) {
      if (color[first]) continue;
      walk++;
      const chain: number[] = [];
      let i: number | undefined = first;
      while (i !== undefined && !color[i]) {
        color[i] = walk;
        chain.push(i);
        i = next[i];
      }
      if (i === undefined || color[i] !== walk) continue;
      const cycle = chain.slice(chain.indexOf(i));
      // Only redirects between human states loop; a cycle of calls and returns alone is always-loop's.
      if (!cycle.some((m) => table.states.get(graph.ids[m] as string)?.closed)) continue;
      const names = cycle.map((m) => graph.ids[m] as string);
      // Human states by name (`desk` of `night-desk`), and the calls the loop goes through.
      const humans = cycle.filter((m) => graph.states[m]?.type === 'human').map((m) => humanName(graph, m));
      const calls = cycle.filter((m) => graph.states[m]?.type === 'call').map((m) => graph.origins[m]?.id ?? (graph.ids[m] as string));
      const data = { states: listNames(humans), through: calls.length ? ` through the ${calls.length === 1 ? 'call' : 'calls'} ${listNames(calls)}` : '' };
      const path = [...names, names[0] as string];
      // Each of this journey's own `when_closed` in the loop; else the call state the loop goes through (a callee's file reports a loop of its own).
      let reported = false;
      for (const m of cycle) {
        const s = graph.states[m];
        if (graph.local[m] !== 1 || s?.type !== 'human' || !s.whenClosed || !table.states.get(graph.ids[m] as string)?.closed) continue;
        context.report({ messageId: 'loop', data, span: s.whenClosed.span, path });
        reported = true;
      }
      if (reported) continue;
      for (const m of cycle) {
        if (graph.local[m] !== 1 || graph.states[m]?.type !== 'call') continue;
        context.report({ messageId: 'loop', data, span: spanOf(graph, m), path });
      }
    }
  },
};

/** A human state in a list of names: its id, or `desk\` of \`night-desk` for a called journey's. */
function humanName(graph: JourneyGraph, i: number): string {
  const origin = graph.origins[i];
  const inner = origin?.calls[origin.calls.length - 1];
  return origin && inner ? `${origin.id}\` of \`${inner.state.call.value}` : (graph.ids[i] as string);
}

export default rule;
