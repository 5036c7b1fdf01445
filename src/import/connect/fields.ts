import { fieldNameFor, NameTable } from '../names.js';

/** The types a context field can have. */
export type FieldType = 'string' | 'number' | 'boolean';

/** A context field of the journey being built, in the format's key order. */
export interface FieldDefinition {
  readonly type: FieldType;
  readonly default?: number;
  readonly internal?: boolean;
  readonly input?: boolean;
  readonly description: string;
}

/**
 * The journey's context fields, in the order the flow first uses them. A JSONPath
 * of the flow (`$.External.balance`, `$.Attributes.plan`) is one field; read with
 * another type somewhere else, it is a second field (`balance_number`), since a
 * field has one type.
 */
export class Fields {
  private readonly names = new NameTable();
  private readonly byKey = new Map<string, string>();
  /** JSONPaths that already have a field (of some type). */
  private readonly paths = new Set<string>();
  readonly definitions = new Map<string, FieldDefinition>();
  /** Contact attribute name -> field, for what a flow hands to the flow it transfers to. */
  readonly attributes = new Map<string, string>();

  /** The field for a JSONPath of the flow read as `type`. */
  path(path: string, type: FieldType): string {
    const key = `${path}|${type}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const relative = path.replace(/^\$\./, '');
    const [namespace, ...rest] = relative.split('.');
    const tail = rest.join('_');
    let wanted: string;
    let description: string;
    let input = true;
    if (namespace === 'External' && tail) {
      wanted = fieldNameFor(tail);
      description = `Returned by a Lambda function (${path}).`;
    } else if (namespace === 'Attributes' && tail) {
      wanted = fieldNameFor(tail);
      description = `Contact attribute ${rest.join('.')} (${path}).`;
    } else if (relative === 'StoredCustomerInput') {
      wanted = 'stored_customer_input';
      description = `What the customer keyed in at the last stored input (${path}).`;
      input = false;
    } else {
      wanted = fieldNameFor(relative);
      description = `Contact data the flow reads (${path}).`;
    }
    const typed = this.paths.has(path);
    this.paths.add(path);
    const name = this.names.name(key, typed ? `${wanted}_${type}` : wanted);
    this.byKey.set(key, name);
    this.definitions.set(name, { type, ...(input ? { input: true } : {}), description });
    if (namespace === 'Attributes' && tail && type === 'string' && !this.attributes.has(rest.join('.'))) this.attributes.set(rest.join('.'), name);
    return name;
  }

  /** A field the importer needs itself (a loop counter, a host's answer); `key` keeps it unique. */
  own(key: string, wanted: string, definition: FieldDefinition): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const name = this.names.name(key, fieldNameFor(wanted));
    this.byKey.set(key, name);
    this.definitions.set(name, definition);
    return name;
  }

  /** The `context:` mapping, in first-use order. */
  document(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, d] of this.definitions) {
      out[name] = {
        type: d.type,
        ...(d.default !== undefined ? { default: d.default } : {}),
        ...(d.internal ? { internal: true } : {}),
        ...(d.input ? { input: true } : {}),
        description: d.description,
      };
    }
    return out;
  }
}


/**
 * Replaces the fields an earlier assignment set inside a later expression, so that
 * two assignments done one after the other in the flow can be one `set` (a `set`
 * reads the context as it was before the transition).
 */
export function substitute(expression: string, earlier: ReadonlyMap<string, string>): string {
  if (earlier.size === 0) return expression;
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const c = expression[i] as string;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < expression.length && expression[j] !== c) j += expression[j] === '\\' ? 2 : 1;
      out += expression.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(expression.slice(i));
    if (word) {
      const replacement = earlier.get(word[0]);
      out += replacement === undefined ? word[0] : /^[\w.']+$/.test(replacement) ? replacement : `(${replacement})`;
      i += word[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** `second` applied after `first`, as one set of assignments. */
export function sequence(first: ReadonlyMap<string, string>, second: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(first);
  for (const [field, expression] of second) out.set(field, substitute(expression, first));
  return out;
}
