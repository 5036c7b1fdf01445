import { behaviourOf } from '../behaviour/table.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'close-the-loop',
    description: 'At least one end state asks for feedback (`feedback: true`), so the journey closes the loop.',
    severity: 'warning',
    docs: docsUrl('close-the-loop'),
    judgedInCallers: true,
    messages: {
      noFeedback: 'No end state asks for feedback: the team never hears how this journey went for customers.',
    },
    hints: {
      noFeedback: 'Add `feedback: true` to the end state that means success (e.g. `outcome: resolved`).',
    },
  },
  create(context) {
    const { journey } = context;
    // Ends of called journeys count where they end this journey too (an outcome the call does not continue on).
    for (const s of behaviourOf(journey).states.values()) if (s.finish?.kind === 'end' && s.state.type === 'end' && s.state.feedback) return;
    context.report({ messageId: 'noFeedback', span: journey.statesKeySpan });
  },
};

export default rule;
