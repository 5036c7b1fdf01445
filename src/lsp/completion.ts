import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { normalizeLineBreaks } from '../diagnostics/line-index.js';
import { parseDirectives } from '../lint/directives.js';
import { transitionsOf, type Journey } from '../model/types.js';
import type { RuleMeta } from '../rule-support/types.js';

/** Where the cursor is in the YAML tree: the keys and indexes down to it, and whether it is on a key. */
export interface CursorPlace {
  readonly path: readonly (string | number)[];
  readonly onKey: boolean;
}

function contains(node: { range?: readonly number[] | null } | null | undefined, offset: number): boolean {
  const r = node?.range;
  return !!r && (r[0] as number) <= offset && offset <= (r[1] as number);
}

/**
 * The place of `offset` in the document's YAML tree (yaml's own parse, which keeps going on
 * broken text, so completion works while a line is half written). Undefined outside any node.
 */
export function cursorPlace(text: string, offset: number): CursorPlace | undefined {
  const doc = parseDocument(normalizeLineBreaks(text), { uniqueKeys: false });
  const path: (string | number)[] = [];
  let node: Node | null | undefined = doc.contents as Node | null;
  while (node) {
    if (isMap(node)) {
      let next: Node | null | undefined;
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const name = isScalar(key) ? String(key.value) : '';
        if (contains(key, offset)) return { path, onKey: true };
        if (contains(value, offset)) {
          path.push(name);
          next = value;
          break;
        }
        // `key:` with nothing after it yet: the cursor after the colon is the value's place.
        const keyEnd = key?.range?.[2];
        if (!value && keyEnd !== undefined && offset > keyEnd && !text.slice(keyEnd, offset).includes('\n')) return { path: [...path, name], onKey: false };
      }
      if (!next) return undefined;
      node = next;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node, offset));
      if (index < 0) return { path, onKey: false };
      path.push(index);
      node = node.items[index] as Node;
    } else {
      return { path, onKey: false };
    }
  }
  return undefined;
}

/** What kind of name belongs at a place: a state id, a context field, an event, or nothing we know. */
export type Slot = 'state' | 'field' | 'event' | undefined;

const TARGET_KEYS = new Set(['start', 'to', 'when_closed', 'when_unavailable']);

/** The kind of name a place takes, read from the keys above it (the journey format's structure). */
export function slotOf(place: CursorPlace): Slot {
  const keys = place.path;
  const last = keys[keys.length - 1];
  const parent = keys[keys.length - 2];
  if (place.onKey) {
    if (last === 'on') return 'event';
    if (last === 'set' || last === 'output') return 'field';
    return undefined;
  }
  if (last === 'on') return 'event'; // a new key being typed under `on:`
  if (parent === 'on' && keys[keys.length - 3] === 'offramp') return 'event';
  if (typeof last === 'number' && parent === 'carry') return 'field';
  if (last === 'if' || parent === 'set' || parent === 'input' || parent === 'output') return 'field';
  if (typeof last === 'string' && TARGET_KEYS.has(last)) return 'state';
  // A transition's value written as the target itself: `on: { next: s1 }`, `always: s1`, `after: { 5m: done }`, lists of them.
  const trimmed = keys.filter((k) => typeof k !== 'number');
  const t1 = trimmed[trimmed.length - 1];
  const t2 = trimmed[trimmed.length - 2];
  if (t1 === 'always') return 'state';
  if ((t2 === 'on' || t2 === 'after' || t2 === 'outcomes') && trimmed[trimmed.length - 3] !== 'offramp') return 'state';
  return undefined;
}

/** A completion before it is put in protocol terms. */
export interface Completion {
  readonly label: string;
  readonly kind: 'state' | 'field' | 'event' | 'rule';
  readonly detail: string;
}

/** The journey whose names apply at a place: a sub-journey under `journeys:`, else the file's journey. */
function journeyAt(journey: Journey, place: CursorPlace): Journey {
  return place.path[0] === 'journeys' && typeof place.path[1] === 'string' ? (journey.journeys.get(place.path[1]) ?? journey) : journey;
}

/** Every event name the journey's transitions and offramp use, in file order. */
export function eventsOf(journey: Journey): string[] {
  const names = new Set<string>();
  for (const state of journey.states.values()) for (const t of transitionsOf(state)) if (t.trigger.kind === 'event') names.add(t.trigger.event);
  for (const e of journey.offramp?.on ?? []) names.add(e.value);
  return [...names];
}

/**
 * Completions at `offset`: rule ids in a disable comment; state ids where a target goes;
 * context fields in expressions, `set`, `carry` and call `input`/`output`; event names seen
 * in the journey under `on:`. `journey` may be the last model that passed the schema.
 */
export function completionsAt(text: string, offset: number, journey: Journey | undefined, rules: readonly RuleMeta[]): Completion[] {
  if (parseDirectives(text).some((d) => d.span.start <= offset && offset <= d.span.end)) {
    return rules.map((r) => ({ label: r.id, kind: 'rule', detail: r.description }));
  }
  if (!journey) return [];
  const place = cursorPlace(text, offset);
  if (!place) return [];
  const scope = journeyAt(journey, place);
  switch (slotOf(place)) {
    case 'state':
      return [...scope.states.values()].map((s) => ({ label: s.id, kind: 'state', detail: `${s.type} state` }));
    case 'field':
      return [...scope.fields.values()].map((f) => ({ label: f.name, kind: 'field', detail: f.type.value }));
    case 'event':
      return eventsOf(scope).map((e) => ({ label: e, kind: 'event', detail: 'event' }));
    default:
      return [];
  }
}
