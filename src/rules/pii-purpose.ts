import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'pii-purpose',
    description: 'Every context field marked `pii: true` states its `purpose` (data minimisation).',
    severity: 'warning',
    docs: docsUrl('pii-purpose'),
    messages: {
      noPurpose: 'Context field `{{field}}` holds personal data (`pii: true`) but gives no `purpose`.',
    },
    hints: {
      noPurpose: 'Add `purpose: <why the journey needs it>`, or drop the field if the journey does not need it.',
    },
  },
  create(context) {
    for (const field of context.journey.fields.values()) {
      if (field.pii && !field.purpose) context.report({ messageId: 'noPurpose', data: { field: field.name }, span: field.keySpan });
    }
  },
};

export default rule;
