import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'close-the-loop',
    description: 'At least one end state asks for feedback (`feedback: true`), so the journey closes the loop.',
    severity: 'warning',
    docs: docsUrl('close-the-loop'),
    messages: {
      noFeedback: 'No end state asks for feedback: the team never hears how this journey went for customers.',
    },
    hints: {
      noFeedback: 'Add `feedback: true` to the end state that means success (e.g. `outcome: resolved`).',
    },
  },
  create(context) {
    const { journey } = context;
    for (const state of journey.states.values()) if (state.type === 'end' && state.feedback) return;
    context.report({ messageId: 'noFeedback', span: journey.statesKeySpan });
  },
};

export default rule;
