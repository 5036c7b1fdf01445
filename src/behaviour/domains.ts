// The values a decision can tell apart. A guard on a value nobody knows in advance (a
// field the host sets, data the customer gives) is explored, simulated and tested for
// every value the journey distinguishes, read off the journey's own expressions:
// booleans both ways, a string for each literal it is compared with and one other,
// numbers at each boundary a comparison draws (c - 1, c, c + 1), and the same seen through
// the built-in functions (`len(s) > 3` tells apart strings of 2, 3 and 4 characters).
import type { Expr } from '../expr/ast.js';
import { FUNCTIONS } from '../expr/functions.js';
import type { Journey } from '../model/types.js';
import { behaviourOf, choicesOf, type FieldValue } from './table.js';
import { Derived } from '../util/derived.js';

/** Longest string made up to probe a `len(s)` comparison: longer bounds are left to "some other value". */
const MAX_LENGTH_PROBE = 64;

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
  /** Compared with `null`. */
  nullable: boolean;
}

const newFacts = (): Facts => ({ literals: new Set(), numbers: new Set(), truthy: false, decided: false, nullable: false });
const journeyDomains = new Derived<Journey, Domains>('domains', (journey) => computeDomains(journey));

/** The domains of a journey (computed once per journey model). */
export function domainsOf(journey: Journey): Domains {
  return journeyDomains.of(journey);
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
    else if (e.kind === 'call') {
      const fn = FUNCTIONS[e.fn];
      for (const arg of e.args) {
        const r = refOf(arg);
        if (r) {
          const f = factsOf(r);
          f.type ??= fn.arg;
          if (inGuard) f.decided = true;
        } else visit(arg, false, inGuard);
      }
      // `contains(s, 'card')`: a value holding the part and one without it are told apart.
      if (e.fn === 'contains') {
        const [whole, part] = e.args;
        const r = whole && refOf(whole);
        if (r && part?.kind === 'literal' && typeof part.value === 'string') factsOf(r).literals.add(part.value);
      }
    } else if (e.kind === 'binary') {
      const logical = e.op === '&&' || e.op === '||';
      const compare = ['==', '!=', '<', '<=', '>', '>='].includes(e.op);
      if (compare) {
        for (const [side, other] of [
          [e.left, e.right],
          [e.right, e.left],
        ] as const) {
          if (side.kind === 'call' && other.kind === 'literal') learnThroughCall(side, other.value, e.op);
          const r = refOf(side);
          if (!r || other.kind !== 'literal') continue;
          const f = factsOf(r);
          if (inGuard) f.decided = true;
          const v = other.value as FieldValue;
          if (v === null) {
            // Compared with null: "not given" is a value the journey tells apart.
            f.nullable = true;
          } else if (typeof v === 'number') {
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

  /**
   * A call compared with a literal decides its argument: `len(s) > 3` tells apart strings of
   * 2, 3 and 4 characters, `lower(s) == 'yes'` the literal and others, `round(n) < 5` numbers
   * around 5 (as the comparison of the bare value would).
   */
  const learnThroughCall = (call: Extract<Expr, { kind: 'call' }>, value: FieldValue, op: string): void => {
    if (value === null) return;
    for (const arg of call.args) {
      const r = refOf(arg);
      if (!r) continue;
      const f = factsOf(r);
      if (call.fn === 'len' && typeof value === 'number' && Number.isInteger(value)) {
        for (const n of [value - 1, value, value + 1]) if (n >= 0 && n <= MAX_LENGTH_PROBE) f.literals.add('x'.repeat(n));
      } else if ((call.fn === 'lower' || call.fn === 'upper') && typeof value === 'string') {
        f.literals.add(value);
      } else if ((call.fn === 'round' || call.fn === 'min' || call.fn === 'max') && typeof value === 'number') {
        if (op === '==' || op === '!=') f.numbers.add(value);
        else for (const n of [value - 1, value, value + 1]) f.numbers.add(n);
      }
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
        fy.nullable ||= fx.nullable;
        fy.type ??= fx.type;
        if (fy.literals.size + fy.numbers.size + Number(fy.truthy) + Number(fy.decided) + Number(fy.type !== undefined) !== before) changed = true;
      }
    }
  }

  const domainOf = (ref: Ref): Domain => {
    const f = facts.get(ref);
    if (!f || !f.decided) return { ...(f?.type ? { type: f.type } : {}), values: [] };
    const type = f.type ?? (f.truthy ? 'boolean' : f.numbers.size > 0 ? 'number' : f.literals.size > 0 ? 'string' : undefined);
    const orNull = (values: FieldValue[]): FieldValue[] => (f.nullable ? [...values, null] : values);
    if (type === 'boolean') return { type, values: orNull([true, false]) };
    if (type === 'number') return { type, values: f.numbers.size > 0 ? orNull([...f.numbers].sort((x, y) => x - y)) : f.nullable ? [0, null] : [] };
    if (type === 'string') {
      const literals = [...f.literals].filter((l): l is string => typeof l === 'string').sort();
      return { type, values: orNull([...literals, OTHER_TEXT]) };
    }
    return { values: f.nullable ? [null, OTHER_TEXT] : [] };
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
