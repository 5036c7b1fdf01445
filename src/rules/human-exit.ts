import { describeArrival, formatPath, isCustomerRoute, pathStates, type JourneyGraph } from '../graph/graph.js';
import { callbackCounts, callbackEnds, pathFromStart, routeToHuman, turnsToHuman, UNREACHABLE } from '../graph/traversal.js';
import { behaviourOf } from '../behaviour/table.js';
import { listNames } from '../diagnostics/suggest.js';
import { waitsForInput } from '../model/types.js';
import { nearestHuman, offrampSuggestion, PERSON_EVENT, stateRouteSuggestion } from '../rule-support/person-edits.js';
import { stateName, stateReporter } from '../rule-support/states.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'human-exit',
    description: 'The journey has a human state, and every reachable bot state has a route the customer can choose to a person.',
    severity: 'error',
    docs: docsUrl('human-exit'),
    judgedInCallers: true,
    hasSuggestions: true,
    messages: {
      noHuman:
        'This journey has no human state: a customer who is stuck, misunderstood or upset can never reach a person. From `{{start}}` the customer can only reach {{states}}, e.g. {{path}}.',
      noRoute:
        'No route to a person from state `{{state}}`: {{reach}}. {{arrival}}.',
      urgentCallback:
        'This urgent journey has no human state, only call backs ({{callbacks}}): urgent journeys need a person now, not a call back.',
      callbackRoute:
        'From state `{{state}}` the customer can reach a person only by a call back ({{route}}): urgent journeys need a person now, not a call back. {{arrival}}.',
    },
    hints: {
      noHuman: 'Add a state with `type: human` (with a `queue`) and route to it, for example with a journey-wide `offramp: { to: agent, on: [agent_requested] }`.',
      noRoute: 'Add a transition from `{{state}}` to a human state, or a journey-wide `offramp` with `on` so that asking for a person always works.',
      urgentCallback: 'Add a human state (`type: human`) and route to it, e.g. `offramp: { to: agent, on: [agent_requested] }`; keep the call back for `when_unavailable` or `when_closed`.',
      callbackRoute: 'Add a route from `{{state}}` to a human state, e.g. a journey-wide `offramp` with `on`; keep the call back for when no person is available (`when_unavailable`).',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const graph = analysis.graph;
    const reach = analysis.reach;
    // In an urgent journey a call back is no way to a person, but it is worth its own message.
    const urgentCallbacks = callbackCounts(graph) ? [] : callbackEnds(graph);
    if (analysis.persons.length === 0) {
      if (urgentCallbacks.length > 0) {
        context.report({ messageId: 'urgentCallback', data: { callbacks: listNames(urgentCallbacks.map((i) => graph.ids[i] as string)) }, span: journey.statesKeySpan });
        return;
      }
      const reached = graph.ids.filter((_, i) => reach.reachable[i]);
      // Show the longest of the shortest paths: the whole way a customer can go without meeting a person.
      let far = graph.start;
      graph.ids.forEach((_, i) => {
        if (reach.reachable[i] && pathFromStart(reach, i).length > pathFromStart(reach, far).length) far = i;
      });
      const path = far >= 0 ? pathFromStart(reach, far) : [];
      context.report({
        messageId: 'noHuman',
        data: { start: journey.start.value, states: listNames(reached), path: far >= 0 ? formatPath(graph, graph.start, path) : journey.start.value },
        span: journey.statesKeySpan,
        ...(far >= 0 ? { path: pathStates(graph, graph.start, path) } : {}),
      });
      return;
    }
    const { turns } = analysis.distances;
    const viaCallback = urgentCallbacks.length > 0 ? turnsToHuman(graph, undefined, [...graph.humans, ...urgentCallbacks]) : undefined;
    const report = stateReporter(context, graph);
    graph.states.forEach((state, i) => {
      if (!reach.reachable[i] || !waitsForInput(state) || turns[i] !== UNREACHABLE) return;
      if (viaCallback && viaCallback.turns[i] !== UNREACHABLE) {
        report(i, { messageId: 'callbackRoute', details: () => {
          const path = pathFromStart(reach, i);
          return {
            data: { state: stateName(graph, i), route: formatPath(graph, i, routeToHuman(viaCallback, i)), arrival: describeArrival(graph, graph.start, path) },
            path: pathStates(graph, graph.start, path),
          };
        } });
        return;
      }
      report(i, { messageId: 'noRoute', details: () => {
        const path = pathFromStart(reach, i);
        // Which way to a person fits (journey-wide, or this state only) is the designer's choice: both are offered.
        const human = graph.local[i] === 1 ? nearestHuman(graph, i) : undefined;
        const suggestions = human === undefined ? [] : [
          offrampSuggestion(context.text, journey, human, 'on'),
          stateRouteSuggestion(context.text, journey, graph.ids[i] as string, PERSON_EVENT, human),
        ].filter((s) => s !== undefined);
        return {
          data: { state: stateName(graph, i), reach: describeReach(graph, customerReach(graph, i)), arrival: describeArrival(graph, graph.start, path) },
          path: pathStates(graph, graph.start, path),
          ...(suggestions.length > 0 ? { suggestions } : {}),
        };
      } });
    });
  },
};

/** What the customer's own choices lead to, in words that say only what is true (an end is not being stuck). */
function describeReach(graph: JourneyGraph, states: readonly number[]): string {
  const table = behaviourOf(graph.journey);
  // Ends that finish the journey (a called journey's end that returns to its caller is a way through).
  const isEnd = (i: number): boolean => table.states.get(graph.ids[i] as string)?.finish?.kind === 'end';
  const ends = states.filter(isEnd).map((i) => graph.ids[i] as string);
  const others = states.filter((i) => !isEnd(i)).map((i) => graph.ids[i] as string);
  if (ends.length === 0) return `whatever the customer chooses, they stay among ${listNames(others)}`;
  return `the customer's choices lead only to ${listNames(others)} and to ${ends.length === 1 ? 'the end' : 'the ends'} ${listNames(ends)}, never to a person`;
}

/** States the customer can move among from `from` by their own choices (indices, in file order). */
function customerReach(graph: JourneyGraph, from: number): number[] {
  const seen = new Set([from]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of graph.out[queue[head] as number] ?? []) {
      if (!isCustomerRoute(edge) || seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

export default rule;
