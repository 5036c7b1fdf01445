import { isUnconditional, turnsToHuman, UNREACHABLE } from '../graph/traversal.js';
import { waitsForInput } from '../model/types.js';
import { summarize } from '../interpret/summary.js';
import { explore, formatTrace } from '../interpret/explore.js';
import { stateName, stateReporter } from '../rule-support/states.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/** Bounds for lint's exploration: enough for hand-written journeys, small enough to keep lint fast. */
const LINT_BOUNDS = { maxConfigs: 20_000, maxTurns: 30 };

const rule: JourneyRule = {
  meta: {
    id: 'human-exit-proved',
    description: 'Confirms human-exit on the values the journey can really hold: from every reachable waiting state, some choices of the customer lead to a person.',
    severity: 'error',
    docs: docsUrl('human-exit-proved'),
    judgedInCallers: true,
    messages: {
      neverOpens:
        'No route to a person from state `{{state}}` on the values this journey can hold ({{context}}): the route lint counts is guarded, and the guard never holds. Counterexample: {{trace}}.{{dead}}',
    },
    hints: {
      neverOpens: 'Make the guard reachable (for example count attempts with `set: { attempts: attempts + 1 }` on the retry), or give `{{state}}` an unguarded way to a person.',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const graph = analysis.graph;
    // A person: a human state, or a call back where the priority lets it count (as the explorer counts them).
    const persons = analysis.persons;
    if (persons.length === 0 || graph.start < 0) return; // human-exit reports these
    // Guards only ever close routes: when every reachable waiting state has a route of
    // unconditional moves, values cannot matter and there is nothing to explore.
    const sure = turnsToHuman(graph, isUnconditional, persons).turns;
    const reachable = analysis.reach.reachable;
    if (graph.states.every((s, i) => !reachable[i] || !waitsForInput(s) || sure[i] !== UNREACHABLE)) return;
    const summary = summarize(explore(journey, LINT_BOUNDS));
    const report = stateReporter(context, graph);
    for (const stuck of summary.noHuman) {
      const index = graph.index.get(stuck.state);
      // States without any route, guarded or not, are human-exit's findings already.
      if (index === undefined || analysis.distances.turns[index] === UNREACHABLE) continue;
      report(index, { messageId: 'neverOpens', details: () => {
        const dead = summary.deadGuards.filter((g) => leadsTowardHuman(journey, g.target));
        const values = Object.entries(stuck.context)
          .map(([k, v]) => `${k} = ${typeof v === 'string' && v !== '(unknown)' ? `'${v}'` : String(v)}`)
          .join(', ');
        const name = stateName(graph, index);
        return {
          data: {
            state: name,
            context: values || 'no context fields',
            trace: stuck.trace.length ? `${formatTrace(stuck.trace)} leads to \`${name}\`, from where no choice reaches a person` : `\`${name}\` is the start, and no choice from it reaches a person`,
            dead: dead.length ? ` Guards that never hold: ${dead.map((g) => `\`${g.expression}\` (state \`${g.state}\`, ${g.trigger} -> ${g.target})`).join('; ')}.` : '',
          },
          path: [stuck.state],
        };
      } });
    }
  },
};

function leadsTowardHuman(journey: import('../model/types.js').Journey, target: string): boolean {
  const state = journey.states.get(target);
  return state?.type === 'human' || (state?.type === 'bot' && state.always !== undefined) || (state?.type === 'end' && state.humanLater && journey.priority !== 'urgent');
}

export default rule;
