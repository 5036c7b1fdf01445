import type { Span } from '../diagnostics/diagnostic.js';
import { spanOf, type JourneyGraph } from '../graph/graph.js';
import { calleeOf, type Field, type Journey } from '../model/types.js';
import { CALL_SEPARATOR } from '../spec/names.js';
import type { Report, RuleContext } from './types.js';

/** A finding about one state of the graph: where it goes is decided by the state (see `stateReporter`). */
export type StateReport = Omit<Report, 'span'> & {
  /** Where a finding about one of the journey's own states goes, when not at its key. */
  readonly span?: Span;
};

/** A finding about state `i`: its message id, and the rest, built only when the finding is kept. */
export interface StateFinding {
  readonly messageId: Report['messageId'];
  readonly details: () => Omit<StateReport, 'messageId'>;
}

/** Reports a finding about state `i`. Returns false when it was dropped as a repeat. */
export type ReportState = (i: number, finding: StateFinding) => boolean;

/**
 * Reports findings about the states of a journey's graph, called journeys' states
 * included. A finding about one of the journey's own states goes to its key (or the
 * span given); one about a state of a called journey goes to the key of the outermost
 * call state that inlines it, once per call state and message id (the first such
 * state, in table order, unless the call state itself has the finding), so that a callee
 * with many problems is one finding per call.
 */
export function stateReporter(context: Pick<RuleContext<unknown>, 'report'>, graph: JourneyGraph): ReportState {
  const seen = new Set<string>();
  return (i, { messageId, details }) => {
    if (graph.local[i] === 1) {
      const report = details();
      const at = report.span ?? spanOf(graph, i);
      // A call state's own finding stands for the same finding about the states it inlines.
      seen.add(`${at.start}:${messageId}`);
      context.report({ ...report, messageId, span: at });
      return true;
    }
    const at = spanOf(graph, i);
    const key = `${at.start}:${messageId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    context.report({ ...details(), messageId, span: at });
    return true;
  };
}

/**
 * How state `i` is named in messages, inside backticks (`State \`{{state}}\``): its id, or
 * `ask` of `identity-check` called by `verify` for a called journey's state.
 */
export function stateName(graph: JourneyGraph, i: number): string {
  const origin = graph.origins[i];
  if (!origin || origin.calls.length === 0) return graph.ids[i] ?? '?';
  const inner = origin.calls[origin.calls.length - 1] as { state: { call: { value: string } } };
  return `${origin.id}\` of \`${inner.state.call.value}\` called by \`${origin.calls.map((c) => c.state.id).join('` → `')}`;
}

/** The prefix of the table names of state `i`'s journey: '' for the journey's own states, `verify$` inside the call `verify`. */
export function scopePrefix(graph: JourneyGraph, i: number): string {
  const calls = graph.origins[i]?.calls ?? [];
  let prefix = '';
  for (const c of calls) prefix += c.state.id + CALL_SEPARATOR;
  return prefix;
}

/** A context field of the behaviour table (`attempts`, or `verify$attempts` inside the call `verify`): its journey's declaration. */
export function tableField(journey: Journey, name: string): { readonly journey: Journey; readonly field: Field; readonly name: string } | undefined {
  const parts = name.split(CALL_SEPARATOR);
  let j: Journey | undefined = journey;
  for (let k = 0; k < parts.length - 1 && j; k++) {
    const call = j.states.get(parts[k] as string);
    j = call?.type === 'call' ? calleeOf(j, call.call.value) : undefined;
  }
  const own = parts[parts.length - 1] as string;
  const field = j?.fields.get(own);
  return j && field ? { journey: j, field, name: own } : undefined;
}
