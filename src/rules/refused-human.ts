import { behaviourOf, leadsToPerson, type BehaviourTable } from '../behaviour/table.js';
import { listNames } from '../diagnostics/suggest.js';
import { asksForPerson } from '../spec/names.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/** Options of `refused-human`. */
export interface RefusedHumanOptions {
  /** Event names that ask for a person, besides those `ASK_FOR_PERSON` (src/spec/names.ts) recognises. */
  readonly events?: readonly string[];
}

const rule: JourneyRule<RefusedHumanOptions> = {
  meta: {
    id: 'refused-human',
    description: 'A bot state that handles an event asking for a person (`agent_requested`, `speak_to_person`...) leads the customer to one.',
    severity: 'error',
    docs: docsUrl('refused-human'),
    messages: {
      refused:
        'State `{{state}}` answers `{{event}}`, a request for a person, by sending the customer to {{targets}}: no choice of it puts them with a person.',
    },
    hints: {
      refused:
        'Point `{{event}}` at a human state (or a decision whose every choice leads to one). If no person can take over, end with a call back (an end state with `human: later`) and say so.',
    },
    options: {
      type: 'object',
      properties: {
        events: {
          description: 'Event names that ask for a person, besides the names journeyctl recognises (agent_requested, speak_to_person, talk_to_human...).',
          type: 'array',
          items: { type: 'string', pattern: '^[a-z][a-z0-9_.]*$' },
          uniqueItems: true,
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { events: [] },
  },
  create(context) {
    const { journey, analysis, options } = context;
    const extra = new Set(options.events ?? []);
    // `offramp.on` events rerouted by a state are offramp-shadowed's.
    const offrampEvents = new Set((journey.offramp?.on ?? []).map((e) => e.value));
    const asks = (event: string): boolean => !offrampEvents.has(event) && (asksForPerson(event) || extra.has(event));
    const graph = analysis.graph;
    const table = behaviourOf(journey);
    const toPerson = personLeader(table);
    graph.states.forEach((state, i) => {
      // The journey's own bot states (in a human state the customer is with a person already).
      if (graph.local[i] !== 1 || state.type !== 'bot') return;
      for (const transition of state.on) {
        const trigger = transition.trigger;
        if (trigger.kind !== 'event' || !asks(trigger.event)) continue;
        if (transition.branches.some((b) => toPerson(b.to.value))) continue;
        const targets = [...new Set(transition.branches.map((b) => b.to.value))];
        context.report({ messageId: 'refused', data: { state: state.id, event: trigger.event, targets: listNames(targets) }, span: transition.keySpan });
      }
    });
  },
};

/**
 * True when entering a state puts the customer with a person at once: `leadsToPerson`
 * of the table (a human state, or a decision or call whose every choice leads to one),
 * also counting an end with `human: later` (a person calls back) where the journey's
 * priority lets a call back count (not urgent). In a sub-journey checked on its own, an
 * end returns to the callers, whose `outcomes` decide what follows: it is not judged.
 */
function personLeader(table: BehaviourTable): (id: string) => boolean {
  const memo = new Map<string, boolean>();
  // A call back is a person, except where the journey is urgent.
  const options = { callbacks: table.journey.priority !== 'urgent', subJourneyEnds: true };
  return (id) => leadsToPerson(table, id, memo, options);
}

export default rule;
