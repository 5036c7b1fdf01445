import { behaviourOf } from '../behaviour/table.js';
import { appendEntry } from '../rule-support/block-edits.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'close-the-loop',
    description: 'At least one end state asks for feedback (`feedback: true`), so the journey closes the loop.',
    severity: 'warning',
    docs: docsUrl('close-the-loop'),
    judgedInCallers: true,
    type: 'suggestion',
    hasSuggestions: true,
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
    // Which end means success is the designer's call: one suggestion per end state.
    const states = (journey.raw.states ?? {}) as Record<string, unknown>;
    const suggestions = [];
    for (const state of journey.states.values()) {
      const raw = states[state.id];
      if (state.type !== 'end' || typeof raw !== 'object' || raw === null || 'feedback' in raw) continue;
      const fix = appendEntry(context.text, journey.sourceMap, raw, 'feedback', 'true');
      if (fix) suggestions.push({ desc: `Ask for feedback at the end state \`${state.id}\``, fix });
    }
    context.report({ messageId: 'noFeedback', span: journey.statesKeySpan, ...(suggestions.length > 0 ? { suggestions } : {}) });
  },
};

export default rule;
