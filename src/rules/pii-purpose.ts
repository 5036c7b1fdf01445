import { appendEntry } from '../rule-support/block-edits.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/**
 * The `purpose` the suggestion writes. It is a placeholder, not a purpose: this rule reports it
 * like a missing one, so accepting the suggestion still fails lint until a person writes why.
 */
export const PURPOSE_PLACEHOLDER = 'TODO: say why the journey needs this personal data';

const rule: JourneyRule = {
  meta: {
    id: 'pii-purpose',
    description: 'Every context field marked `pii: true` states its `purpose` (data minimisation).',
    severity: 'warning',
    docs: docsUrl('pii-purpose'),
    type: 'suggestion',
    hasSuggestions: true,
    messages: {
      noPurpose: 'Context field `{{field}}` holds personal data (`pii: true`) but gives no `purpose`.',
    },
    hints: {
      noPurpose: 'Add `purpose: <why the journey needs it>`, or drop the field if the journey does not need it.',
    },
  },
  create(context) {
    for (const field of context.journey.fields.values()) {
      if (!field.pii || (field.purpose && field.purpose.trim() !== PURPOSE_PLACEHOLDER)) continue;
      const raw = (context.journey.raw.context as Record<string, unknown> | undefined)?.[field.name];
      // Only a field without a purpose gets the insert; a placeholder already written needs words, not another key.
      const edit = !field.purpose && typeof raw === 'object' && raw !== null ? appendEntry(context.text, context.journey.sourceMap, raw, 'purpose', `"${PURPOSE_PLACEHOLDER}"`) : undefined;
      context.report({
        messageId: 'noPurpose',
        data: { field: field.name },
        span: field.keySpan,
        ...(edit ? { suggestions: [{ desc: `Add a \`purpose:\` placeholder to \`${field.name}\` (it fails lint until you write why)`, fix: edit }] } : {}),
      });
    }
  },
};

export default rule;
