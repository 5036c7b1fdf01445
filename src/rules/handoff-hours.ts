import { listNames } from '../diagnostics/suggest.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'handoff-hours',
    description: 'A human state with limited `hours` says where customers go when it is closed (`when_closed`), and closed redirects never loop.',
    severity: 'error',
    docs: docsUrl('handoff-hours'),
    messages: {
      missing: 'Human state `{{state}}` is open only `{{hours}}` but has no `when_closed`: out of hours the customer would be handed to nobody.',
      loop: 'Human states {{states}} send closed customers to each other in a loop; if all are closed at once the customer goes nowhere.',
    },
    hints: {
      missing: 'Add `when_closed: <state>`, e.g. a bot state that books a callback or an end state with `outcome: callback_booked`.',
      loop: 'End the chain at a state that is not a human state with limited hours, e.g. a callback booking.',
    },
  },
  create(context) {
    const { journey } = context;
    for (const state of journey.states.values()) {
      if (state.type === 'human' && state.hours.kind === 'weekly' && !state.whenClosed) {
        context.report({ messageId: 'missing', data: { state: state.id, hours: state.hoursText.value }, span: state.keySpan });
      }
    }
    // Closed redirects form a functional graph (one when_closed per state): walk each chain once.
    const color = new Map<string, number>();
    let walk = 0;
    for (const first of journey.states.values()) {
      if (color.has(first.id)) continue;
      walk++;
      const chain: string[] = [];
      let id: string | undefined = first.id;
      while (id !== undefined && !color.has(id)) {
        color.set(id, walk);
        chain.push(id);
        const s = journey.states.get(id);
        id = s?.type === 'human' && s.hours.kind === 'weekly' ? s.whenClosed?.value : undefined;
      }
      if (id === undefined || color.get(id) !== walk) continue;
      const cycle = chain.slice(chain.indexOf(id));
      for (const member of cycle) {
        const s = journey.states.get(member);
        if (s?.type !== 'human' || !s.whenClosed) continue;
        context.report({ messageId: 'loop', data: { states: listNames(cycle) }, span: s.whenClosed.span, path: [...cycle, cycle[0] as string] });
      }
    }
  },
};

export default rule;
