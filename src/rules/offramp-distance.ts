import { formatPath, pathStates } from '../graph/graph.js';
import { routeToHuman, UNREACHABLE } from '../graph/traversal.js';
import { waitsForInput, type Priority } from '../model/types.js';
import { stateName, stateReporter } from '../rule-support/states.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/** Most customer turns to a person allowed per priority. */
export type OfframpDistanceOptions = Readonly<Record<Priority, number>>;

const rule: JourneyRule<OfframpDistanceOptions> = {
  meta: {
    id: 'offramp-distance',
    description: 'Every reachable bot state reaches a person within N customer turns: 1 for urgent, 2 for sensitive, 3 for routine journeys.',
    severity: 'error',
    docs: docsUrl('offramp-distance'),
    judgedInCallers: true,
    messages: {
      tooFar:
        'A person is {{turns}} turns away from state `{{state}}`, more than the {{limit}} allowed in {{priority}} journeys: {{route}}.',
    },
    hints: {
      tooFar: 'Add a transition from `{{state}}` (or a state on the way) straight to a human state, or a journey-wide `offramp` with `on`, which puts every bot state 1 turn from a person.',
    },
    options: {
      type: 'object',
      properties: {
        routine: { type: 'integer', minimum: 1 },
        sensitive: { type: 'integer', minimum: 1 },
        urgent: { type: 'integer', minimum: 1 },
      },
      additionalProperties: false,
    },
    defaultOptions: { routine: 3, sensitive: 2, urgent: 1 },
  },
  create(context) {
    const { analysis, journey, options } = context;
    const limit = options[journey.priority] ?? { routine: 3, sensitive: 2, urgent: 1 }[journey.priority];
    const graph = analysis.graph;
    // Turns to a person: a human state, or a call back (`human: later`) in routine and sensitive journeys.
    const distances = analysis.distances;
    const reach = analysis.reach;
    const report = stateReporter(context, graph);
    graph.states.forEach((state, i) => {
      const turns = distances.turns[i] as number;
      // Infinite distances belong to human-exit.
      if (!reach.reachable[i] || !waitsForInput(state) || turns === UNREACHABLE || turns <= limit) return;
      report(i, { messageId: 'tooFar', details: () => {
        const route = routeToHuman(distances, i);
        return {
          data: { state: stateName(graph, i), turns, limit, priority: journey.priority, route: formatPath(graph, i, route) },
          path: pathStates(graph, i, route),
        };
      } });
    });
  },
};

export default rule;
