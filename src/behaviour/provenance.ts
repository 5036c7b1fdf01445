import { eventFieldsRead, fieldsRead } from '../expr/ast.js';
import type { Journey } from '../model/types.js';
import { behaviourOf, choicesOf } from './table.js';

const cache = new WeakMap<Journey, ReadonlySet<string>>();

/**
 * Context fields whose value can come from the customer: set from event data, or
 * from another such field (`set: { name: event.name }`, then `set: { greeting: name }`).
 * Counters, flags and constants the bot computes are not, and neither is a field
 * marked `internal: true`. What `handoff-context` asks a person to be handed.
 */
export function customerFields(journey: Journey): ReadonlySet<string> {
  let known = cache.get(journey);
  if (known) return known;
  const out = new Set<string>();
  const assignments: { field: string; readsEvent: boolean; reads: readonly string[] }[] = [];
  for (const s of behaviourOf(journey).states.values()) {
    for (const { choice } of choicesOf(s)) {
      for (const a of choice.set) {
        const expr = a.value.parsed.expr;
        if (!expr) continue;
        assignments.push({ field: a.field.value, readsEvent: eventFieldsRead(expr).length > 0, reads: fieldsRead(expr) });
      }
    }
  }
  const internal = (name: string): boolean => journey.fields.get(name)?.internal === true;
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
  known = out;
  cache.set(journey, known);
  return known;
}
