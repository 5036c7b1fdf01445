import { eventFieldsRead, fieldsRead } from '../expr/ast.js';
import type { Assignment, Journey } from '../model/types.js';
import { behaviourOf, choicesOf } from './table.js';
import { Derived } from '../util/derived.js';

const customerFieldsOf = new Derived<Journey, ReadonlySet<string>>('customer fields', (journey) => findCustomerFields(journey));

/**
 * Context fields whose value can come from the customer: set from event data, or
 * from another such field (`set: { name: event.name }`, then `set: { greeting: name }`).
 * Counters, flags and constants the bot computes are not, and neither is a field
 * marked `internal: true`. What `handoff-context` asks a person to be handed.
 */
export function customerFields(journey: Journey): ReadonlySet<string> {
  return customerFieldsOf.of(journey);
}

function findCustomerFields(journey: Journey): ReadonlySet<string> {
  const out = new Set<string>();
  const assignments: { field: string; readsEvent: boolean; reads: readonly string[] }[] = [];
  const table = behaviourOf(journey);
  const add = (set: readonly Assignment[]): void => {
    for (const a of set) {
      const expr = a.value.parsed.expr;
      if (expr) assignments.push({ field: a.field.value, readsEvent: eventFieldsRead(expr).length > 0, reads: fieldsRead(expr) });
    }
  };
  for (const s of table.states.values()) {
    for (const { choice } of choicesOf(s)) add(choice.set);
    // A ladder rung that keeps the customer in the state sets fields too.
    for (const handler of s.on.values()) if (handler.kind === 'ladder') for (const rung of handler.rungs) if (!rung.leave) add(rung.set);
  }
  // Names are the table's: a called journey's field is marked internal where that journey declares it.
  const internal = (name: string): boolean => table.fields.get(name)?.internal === true;
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of assignments) {
      if (out.has(a.field) || internal(a.field)) continue;
      if (a.readsEvent || a.reads.some((f) => out.has(f))) {
        out.add(a.field);
        changed = true;
      }
    }
  }
  return out;
}
