import { canReach } from '../graph/traversal.js';
import { behaviourOf, choicesOf, type Choice, type StateBehaviour } from '../behaviour/table.js';
import { customerFields } from '../behaviour/provenance.js';
import { CALL_SEPARATOR } from '../spec/names.js';
import { appendEntry, appendItem } from '../rule-support/block-edits.js';
import type { TextEdit } from '../diagnostics/diagnostic.js';
import type { Journey } from '../model/types.js';
import { scopePrefix, stateName, stateReporter, tableField } from '../rule-support/states.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/** A choice that sets fields the customer gave: where it goes and how it is named in messages. */
interface Giving {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  /** Fields of the table (`name`, or `verify$name` inside the call `verify`). */
  readonly fields: readonly string[];
}

const rule: JourneyRule = {
  meta: {
    id: 'handoff-context',
    description: 'A human state carries every context field the customer gave on the way to it, so the customer never repeats themselves.',
    severity: 'warning',
    docs: docsUrl('handoff-context'),
    judgedInCallers: true,
    fixable: true,
    messages: {
      notCarried:
        'Human state `{{state}}` does not carry `{{field}}`, which the customer gives on {{transition}} on the way here: they would have to repeat it to the person.',
    },
    hints: {
      notCarried: 'Add `{{field}}` to `carry` of `{{state}}`, or mark the field `internal: true` if the bot computes it and the customer never said it.',
    },
  },
  create(context) {
    const { analysis, journey } = context;
    const graph = analysis.graph;
    const table = behaviourOf(journey);
    const { reachable } = analysis.reach;
    // Only what the customer said: counters, flags and constants the bot sets are not asked of them again.
    const fromCustomer = customerFields(journey);
    const counts = (field: string): boolean => {
      if (!fromCustomer.has(field)) return false;
      const declared = tableField(journey, field);
      // Undeclared fields are unknown-context's; a called journey's `internal: true` holds in the caller too.
      return declared !== undefined && !declared.field.internal;
    };
    // Assignments are read from the table, in its names: a called journey's fields are `call$field`.
    const givings: Giving[] = [];
    graph.ids.forEach((id, from) => {
      if (!reachable[from]) return;
      for (const { input, choice } of choicesOf(table.states.get(id) as StateBehaviour)) {
        const to = graph.index.get(choice.to);
        if (to === undefined) continue;
        // A call sets every field of its callee: to its default (nobody gave it), or by `input`.
        const given = choice.origin.kind === 'call' ? new Set(choice.origin.call.input.map((a) => a.field.value)) : undefined;
        const fields = choice.set
          .map((a) => a.field.value)
          .filter((field) => counts(field) && (!given || given.has(field.slice(field.lastIndexOf(CALL_SEPARATOR) + 1))));
        if (fields.length > 0) givings.push({ from, to, label: labelOf(input, choice), fields });
      }
    });
    if (givings.length === 0) return;
    const report = stateReporter(context, graph);
    for (const human of graph.humans) {
      const handoff = table.states.get(graph.ids[human] as string)?.handoff;
      if (!handoff) continue;
      const carried = new Set(handoff.carry);
      // A person is handed only the fields of their own journey: what the customer gave there, or what `input` / `output` copied into it.
      const prefix = scopePrefix(graph, human);
      const inScope = (field: string): boolean => field.startsWith(prefix) && !field.includes(CALL_SEPARATOR, prefix.length);
      const leadsHere = canReach(graph, human);
      const reported = new Set<string>();
      for (const g of givings) {
        if (!leadsHere[g.to]) continue;
        for (const field of g.fields) {
          if (carried.has(field) || reported.has(field) || !inScope(field)) continue;
          reported.add(field);
          report(human, { messageId: 'notCarried', details: () => {
            // Only the journey's own human states are written in this file's `states:`; a called journey's are fixed in its own file.
            const fix = graph.local[human] === 1 ? carryEdit(context.text, journey, graph.ids[human] as string, field) : undefined;
            return {
              data: { state: stateName(graph, human), field: field.slice(prefix.length), transition: `${graph.ids[g.from]} --${g.label}--> ${graph.ids[g.to]}` },
              ...(fix ? { fix } : {}),
            };
          } });
        }
      }
    }
  },
};

/**
 * Adds `field` to the human state's `carry` as the list is written, or writes `carry: [field]`
 * when the state has none. Several fields of one state insert at one offset, so `--fix` adds
 * one per pass and finds the rest again on the fixed text.
 */
function carryEdit(text: string, journey: Journey, state: string, field: string): TextEdit | undefined {
  const raw = (journey.raw.states as Record<string, unknown> | undefined)?.[state];
  if (typeof raw !== 'object' || raw === null) return undefined;
  const carry = (raw as { carry?: unknown }).carry;
  if (Array.isArray(carry)) return appendItem(text, journey.sourceMap, carry, field);
  return carry === undefined ? appendEntry(text, journey.sourceMap, raw, 'carry', `[${field}]`) : undefined;
}

/** How the move of a choice is named in the message, as in paths: `block`, `(always)`, `(after 5m)`, `(returns verified)`. */
function labelOf(input: string, choice: Choice): string {
  const origin = choice.origin;
  if (origin.kind === 'call') return `(call ${origin.call.call.value})`;
  if (origin.kind === 'return') return `(returns ${origin.outcome})`;
  if (input === 'always') return '(always)';
  if (input.startsWith('after ')) return `(${input})`;
  return input;
}

export default rule;
