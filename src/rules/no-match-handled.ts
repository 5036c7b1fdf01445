import { behaviourOf, handlerChoices, type StateBehaviour } from '../behaviour/table.js';
import type { JourneyGraph } from '../graph/graph.js';
import { markReaching } from '../graph/traversal.js';
import { NO_MATCH } from '../spec/names.js';
import { waitsForInput } from '../model/types.js';
import { listNames } from '../diagnostics/suggest.js';
import { nearestHuman, offrampSuggestion, stateRouteSuggestion } from '../rule-support/person-edits.js';
import { stateName, stateReporter } from '../rule-support/states.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'no-match-handled',
    description: 'Every bot state that waits for input handles `no_match` (not understood) with a way out, itself or through `offramp.no_match`.',
    severity: 'error',
    docs: docsUrl('no-match-handled'),
    judgedInCallers: true,
    hasSuggestions: true,
    messages: {
      missing: 'State `{{state}}` does not handle `no_match`: a customer the bot does not understand gets no answer and no way out.',
      selfLoop: 'State `{{state}}` answers `no_match` only by staying in `{{state}}`: a customer who is not understood is asked again forever.',
      cycle: 'State `{{state}}` answers `no_match` by moving among {{states}}, which never lead to a person or an end while the customer is not understood.',
      ladderTrap: 'State `{{state}}` answers `no_match` with a retry ladder whose rungs {{why}}: a customer who is not understood never gets a way out.',
    },
    hints: {
      missing: 'Add a `no_match:` retry ladder or `on.no_match` to the state, or set `offramp.no_match: 2` so that the second misunderstanding in a row reaches a person.',
      selfLoop: 'Escalate after a few tries, e.g. `no_match: [{ if: "retries >= 2", to: agent }, { to: {{state}}, set: { retries: "retries + 1" } }]`, or remove the handler so `offramp.no_match` applies.',
      cycle: 'Let one of these states escalate `no_match` to a human state, or remove their handlers so that `offramp.no_match` applies.',
      ladderTrap: 'Let the last rung leave for a person (`- to: agent`): it repeats for every further misunderstanding. Or remove the ladder so that `offramp.no_match` applies.',
    },
  },
  create(context) {
    const { analysis } = context;
    const graph = analysis.graph;
    const table = behaviourOf(graph.journey);
    const rows = graph.ids.map((id) => table.states.get(id) as StateBehaviour);
    const moves = noMatchMoves(graph, rows);
    const out = wayOut(graph, moves);
    const report = stateReporter(context, graph);
    graph.states.forEach((state, i) => {
      if (!waitsForInput(state)) return;
      const row = rows[i] as StateBehaviour;
      const handler = row.on.get(NO_MATCH);
      if (!handler) {
        // An offramp whose target is no state covers nothing in the table; unknown-target reports it.
        if (row.origin.journey.offramp?.noMatch === undefined) report(i, { messageId: 'missing', details: () => {
          // Escalating journey-wide or in this state only is the designer's choice: both are offered.
          const human = graph.local[i] === 1 ? nearestHuman(graph, i) : undefined;
          const suggestions = human === undefined ? [] : [
            offrampSuggestion(context.text, graph.journey, human, NO_MATCH),
            stateRouteSuggestion(context.text, graph.journey, row.id, NO_MATCH, human),
          ].filter((s) => s !== undefined);
          return { data: { state: stateName(graph, i) }, ...(suggestions.length > 0 ? { suggestions } : {}) };
        } });
        return;
      }
      if (handler.kind === 'count-no-match') return;
      if (handler.kind === 'ladder') {
        const leaving = handlerChoices(handler);
        if (leaving.every((c) => c.to === row.id)) {
          const why = leaving.length === 0 ? 'never leave the state' : 'only enter the state again, which starts the ladder again';
          report(i, { messageId: 'ladderTrap', details: () => ({ data: { state: stateName(graph, i), why } }) });
        } else if (!out[i]) {
          report(i, { messageId: 'ladderTrap', details: () => ({
            data: { state: stateName(graph, i), why: `lead only among ${listNames(closure(moves, i).map((n) => graph.ids[n] as string))}, which never lead to a person or an end` },
          }) });
        }
        return;
      }
      const choices = handlerChoices(handler);
      if (choices.some((c) => c.origin.kind === 'offramp')) return;
      if (choices.every((c) => c.to === row.id)) {
        report(i, { messageId: 'selfLoop', details: () => ({ data: { state: stateName(graph, i) } }) });
        return;
      }
      if (!out[i]) report(i, { messageId: 'cycle', details: () => ({ data: { state: stateName(graph, i), states: listNames(closure(moves, i).map((n) => graph.ids[n] as string)) } }) });
    });
  },
};

/**
 * Where a customer who keeps not being understood goes from each state: a waiting bot
 * state's own `no_match` choices or leaving rungs; the moves of a state the customer
 * passes at once (a decision's `always`, a call starting its callee, a callee's end
 * returning). `undefined` marks a way out: a person, an end, a state escalated by
 * `offramp.no_match`, a state without a handler (reported on its own), a call whose
 * journey is unknown or not inlined (a cycle of calls).
 */
function noMatchMoves(graph: JourneyGraph, rows: readonly StateBehaviour[]): (number[] | undefined)[] {
  return rows.map((row, i) => {
    const state = graph.states[i];
    const targets = (list: readonly { to: string }[]): number[] => list.flatMap((c) => {
      const to = graph.index.get(c.to);
      return to === undefined ? [] : [to];
    });
    if (row.always) {
      const to = targets(row.always);
      // A call that is not inlined (a cycle of calls) is judged elsewhere, like an unknown journey.
      return to.length === 0 && state?.type === 'call' ? undefined : to;
    }
    if (state?.type !== 'bot') return undefined;
    const handler = row.on.get(NO_MATCH);
    if (!handler || handler.kind === 'count-no-match') return undefined;
    const choices = handlerChoices(handler);
    if (choices.some((c) => c.origin.kind === 'offramp')) return undefined;
    return targets(choices);
  });
}

/** States from which following `moves` can reach a way out: reverse BFS, linear in states + moves. */
function wayOut(graph: JourneyGraph, moves: readonly (number[] | undefined)[]): Uint8Array {
  const n = graph.ids.length;
  const incoming: number[][] = Array.from({ length: n }, () => []);
  const exits: number[] = [];
  moves.forEach((to, from) => {
    if (to === undefined) exits.push(from);
    else for (const t of to) (incoming[t] as number[]).push(from);
  });
  return markReaching(incoming, new Uint8Array(n), exits);
}

/** The states a customer who is not understood can be kept among from `from` (indices, in table order). */
function closure(moves: readonly (number[] | undefined)[], from: number): number[] {
  const seen = new Set([from]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    for (const to of moves[queue[head] as number] ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

export default rule;
