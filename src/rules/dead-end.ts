import { transitionsOf } from '../model/types.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'dead-end',
    description: 'Every bot state has transitions of its own (`on`, `always` or `after`); the journey-wide offramp does not count.',
    severity: 'error',
    docs: docsUrl('dead-end'),
    messages: {
      deadEnd: 'Bot state `{{state}}` has no transitions: the conversation stops here with nothing the customer can do.',
    },
    hints: {
      deadEnd: 'Add `on` events the customer can send, or make it `type: end` with an `outcome` if the journey is meant to finish here.',
    },
  },
  create(context) {
    for (const state of context.journey.states.values()) {
      // A retry ladder (`no_match:` / `no_input:` on the state) is a handler of its signal, like one in `on`.
      if (state.type === 'bot' && transitionsOf(state).length === 0 && state.ladders.length === 0) {
        context.report({ messageId: 'deadEnd', data: { state: state.id }, span: state.keySpan });
      }
    }
  },
};

export default rule;
