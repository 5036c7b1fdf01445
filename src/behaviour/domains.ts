// The values a decision can tell apart. A guard on a value nobody knows in advance (a
// field the host sets, data the customer gives) is explored, simulated and tested for
// every value the journey distinguishes, read off the journey's own expressions:
// booleans both ways, a string for each literal it is compared with and one other,
// numbers at each boundary a comparison draws (c - 1, c, c + 1).
import type { Expr } from '../expr/ast.js';
import type { Journey } from '../model/types.js';
import { behaviourOf, choicesOf, type FieldValue } from './table.js';

/** A string no journey literal equals: "some other value" for string fields and data. */
export const OTHER_TEXT = '(other)';

/** The values of one field or data field the journey distinguishes; `undefined` values mean nothing tells them apart. */
export interface Domain {
  /** What the expressions say the value is, when they say. */
  readonly type?: 'string' | 'number' | 'boolean';
  /** Candidate values, each standing for every value the journey treats alike; empty when the journey never decides on the value. */
  readonly values: readonly FieldValue[];
}

/** Domains of a journey's context fields and event data fields. */
export interface Domains {
  /** The domain of context field `name`. */
  field(name: string): Domain;
  /** The domain of the event data field `name` (`event.<name>`), across the journey's events. */
  eventField(name: string): Domain;
  /** Context fields a decision reads (directly or through fields copied from it). */
  readonly decidedFields: ReadonlySet<string>;
  /** Event data fields a decision reads (directly or through fields set from them). */
  readonly decidedEventFields: ReadonlySet<string>;
}

interface Facts {
  type?: 'string' | 'number' | 'boolean';
  literals: Set<string | boolean>;
  numbers: Set<number>;
  /** Read as a boolean (alone as a guard, under `!`, `&&`, `||`). */
  truthy: boolean;
  /** Compared or tested by some guard. */
  decided: boolean;
}

const newFacts = (): Facts => ({ literals: new Set(), numbers: new Set(), truthy: false, decided: false });
const domainsCache = new WeakMap<Journey, Domains>();

/** The domains of a journey (computed once per journey model). */
export function domainsOf(journey: Journey): Domains {
  let domains = domainsCache.get(journey);
  if (!domains) {
    domains = computeDomains(journey);
    domainsCache.set(journey, domains);
  }
  return domains;
}

type Ref = `field:${string}` | `event:${string}`;

function computeDomains(journey: Journey): Domains {
  const facts = new Map<Ref, Facts>();
  const factsOf = (ref: Ref): Facts => {
    let f = facts.get(ref);
    if (!f) facts.set(ref, (f = newFacts()));
    return f;
  };
  const refOf = (e: Expr): Ref | undefined => (e.kind === 'field' ? `field:${e.name}` : e.kind === 'event' ? `event:${e.name}` : undefined);
  /** Copies `a := b`: what is learnt of one holds for the other. */
  const links: [Ref, Ref][] = [];

  const visit = (e: Expr, boolean: boolean, inGuard: boolean): void => {
    const ref = refOf(e);
    if (ref) {
      if (boolean) {
        factsOf(ref).truthy = true;
        if (inGuard) factsOf(ref).decided = true;
      }
      return;
    }
    if (e.kind === 'unary') visit(e.arg, e.op === '!', inGuard);
    else if (e.kind === 'binary') {
      const logical = e.op === '&&' || e.op === '||';
      const compare = ['==', '!=', '<', '<=', '>', '>='].includes(e.op);
      if (compare) {
        for (const [side, other] of [
          [e.left, e.right],
          [e.right, e.left],
        ] as const) {
          const r = refOf(side);
          if (!r || other.kind !== 'literal') continue;
          const f = factsOf(r);
          if (inGuard) f.decided = true;
          const v = other.value;
          if (typeof v === 'number') {
            f.type ??= 'number';
            if (e.op === '==' || e.op === '!=') f.numbers.add(v);
            else for (const n of [v - 1, v, v + 1]) f.numbers.add(n);
          } else {
            f.type ??= typeof v === 'boolean' ? 'boolean' : 'string';
            f.literals.add(v);
          }
        }
      }
      visit(e.left, logical, inGuard);
      visit(e.right, logical, inGuard);
    }
  };

  const table = behaviourOf(journey);
  for (const s of table.states.values()) {
    for (const { choice } of choicesOf(s)) {
      const guard = choice.guard?.parsed.expr;
      if (guard) visit(guard, true, true);
      for (const a of choice.set) {
        const value = a.value.parsed.expr;
        if (!value) continue;
        visit(value, false, false);
        const source = refOf(value);
        if (source) links.push([`field:${a.field.value}`, source]);
      }
    }
  }
  for (const field of journey.fields.values()) factsOf(`field:${field.name}`).type = field.type.value;

  // What is learnt of a field holds for the data or field it is copied from, and back.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of links) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const fx = factsOf(x);
        const fy = factsOf(y);
        const before = fy.literals.size + fy.numbers.size + Number(fy.truthy) + Number(fy.decided) + Number(fy.type !== undefined);
        for (const l of fx.literals) fy.literals.add(l);
        for (const n of fx.numbers) fy.numbers.add(n);
        fy.truthy ||= fx.truthy;
        fy.decided ||= fx.decided;
        fy.type ??= fx.type;
        if (fy.literals.size + fy.numbers.size + Number(fy.truthy) + Number(fy.decided) + Number(fy.type !== undefined) !== before) changed = true;
      }
    }
  }

  const domainOf = (ref: Ref): Domain => {
    const f = facts.get(ref);
    if (!f || !f.decided) return { ...(f?.type ? { type: f.type } : {}), values: [] };
    const type = f.type ?? (f.truthy ? 'boolean' : f.numbers.size > 0 ? 'number' : f.literals.size > 0 ? 'string' : undefined);
    if (type === 'boolean') return { type, values: [true, false] };
    if (type === 'number') return { type, values: [...f.numbers].sort((x, y) => x - y) };
    if (type === 'string') {
      const literals = [...f.literals].filter((l): l is string => typeof l === 'string').sort();
      return { type, values: [...literals, OTHER_TEXT] };
    }
    return { values: [] };
  };

  const decidedFields = new Set<string>();
  const decidedEventFields = new Set<string>();
  for (const [ref, f] of facts) {
    if (!f.decided) continue;
    if (ref.startsWith('field:')) decidedFields.add(ref.slice(6));
    else decidedEventFields.add(ref.slice(6));
  }
  const fieldCache = new Map<string, Domain>();
  const eventCache = new Map<string, Domain>();
  return {
    field: (name) => fieldCache.get(name) ?? (fieldCache.set(name, domainOf(`field:${name}`)).get(name) as Domain),
    eventField: (name) => eventCache.get(name) ?? (eventCache.set(name, domainOf(`event:${name}`)).get(name) as Domain),
    decidedFields,
    decidedEventFields,
  };
}

/** Describes candidate values for people: `true, false`; `'gold', (another value)`; `99, 100, 101`. */
export function describeValues(values: readonly FieldValue[]): string {
  return values.map((v) => (v === OTHER_TEXT ? '(another value)' : typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}
