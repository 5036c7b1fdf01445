import { closest, listNames } from '../diagnostics/suggest.js';
import type { Span } from '../diagnostics/diagnostic.js';
import { transitionsOf, type Located } from '../model/types.js';
import { describeTrigger } from '../rule-support/expression-sites.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'unknown-target',
    description: 'Every target (`start`, `to`, `when_closed`, `offramp.to`) names a state of the journey.',
    severity: 'error',
    docs: docsUrl('unknown-target'),
    messages: {
      unknown: '{{where}} leads to `{{target}}`, which is not a state of this journey{{suggestion}}.',
    },
    hints: {
      unknown: 'Fix the name, or add a state `{{target}}` under `states:`. States here: {{states}}.',
    },
  },
  create(context) {
    const { journey } = context;
    const ids = [...journey.states.keys()];
    const check = (where: string, target: Located<string>, at: Span = target.span): void => {
      if (journey.states.has(target.value)) return;
      const near = closest(target.value, ids);
      context.report({
        messageId: 'unknown',
        data: {
          where,
          target: target.value,
          suggestion: near ? ` (did you mean \`${near}\`?)` : '',
          states: listNames(ids, 12),
        },
        span: at,
      });
    };
    check('`start`', journey.start);
    if (journey.offramp) check('`offramp.to`', journey.offramp.to);
    for (const state of journey.states.values()) {
      for (const transition of transitionsOf(state)) {
        for (const branch of transition.branches) check(`State \`${state.id}\`, ${describeTrigger(transition)}`, branch.to);
      }
      if (state.type === 'human' && state.whenClosed) check(`State \`${state.id}\`, \`when_closed\``, state.whenClosed);
    }
  },
};

export default rule;
