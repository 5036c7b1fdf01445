import { stringLiteral } from '../../expr/ast.js';
/**
 * Rasa CALM conditions (pypred strings such as `slots.reason = "lost" and not slots.used`):
 * a parser into a small tree, a translation into the journey's expression language, and a
 * three-valued evaluation used to resolve a branch at import time when one slot's value is
 * known (the value a collect step just set).
 */

/** A literal of a condition. */
export type Literal = string | number | boolean | null;

/** A reference to a slot (`slots.x`) or to a pattern's context (`context.x`). */
export interface Ref {
  readonly k: 'ref';
  readonly scope: 'slots' | 'context';
  readonly name: string;
}

/** Comparison operators of pypred that have a counterpart in the journey language. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';

/** A parsed condition. */
export type Condition =
  | { readonly k: 'lit'; readonly v: Literal }
  | Ref
  | { readonly k: 'not'; readonly a: Condition }
  | { readonly k: 'and' | 'or'; readonly a: Condition; readonly b: Condition }
  | { readonly k: 'cmp'; readonly op: CompareOp; readonly a: Condition; readonly b: Condition };

type Token =
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'word'; readonly v: string }
  | { readonly t: 'op'; readonly v: string };

/** Splits a condition into tokens; undefined when it holds something pypred-as-Rasa-writes-it never has. */
function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) return undefined;
      out.push({ t: 'str', v: value });
      i = j + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (number && (c !== '-' || out.length === 0 || out[out.length - 1]?.t === 'op')) {
      out.push({ t: 'num', v: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    const op = /^(==|!=|>=|<=|=|>|<|\(|\))/.exec(text.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    return undefined;
  }
  return out;
}

/** Recursive-descent parser over the tokens: `or` < `and` < `not` < comparison < operand. */
class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Condition | undefined {
    const c = this.or();
    return c && this.at === this.tokens.length ? c : undefined;
  }

  private peekWord(): string | undefined {
    const t = this.tokens[this.at];
    return t?.t === 'word' ? t.v.toLowerCase() : undefined;
  }

  private or(): Condition | undefined {
    let a = this.and();
    while (a && this.peekWord() === 'or') {
      this.at++;
      const b = this.and();
      a = b && { k: 'or', a, b };
    }
    return a;
  }

  private and(): Condition | undefined {
    let a = this.not();
    while (a && this.peekWord() === 'and') {
      this.at++;
      const b = this.not();
      a = b && { k: 'and', a, b };
    }
    return a;
  }

  private not(): Condition | undefined {
    if (this.peekWord() === 'not') {
      this.at++;
      const a = this.not();
      return a && { k: 'not', a };
    }
    return this.comparison();
  }

  private comparison(): Condition | undefined {
    const a = this.operand();
    if (!a) return undefined;
    const t = this.tokens[this.at];
    let op: CompareOp | undefined;
    if (t?.t === 'op' && ['=', '==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      op = t.v === '=' ? '==' : (t.v as CompareOp);
      this.at++;
    } else if (this.peekWord() === 'is') {
      this.at++;
      op = '==';
      if (this.peekWord() === 'not') {
        this.at++;
        op = '!=';
      }
    } else if (this.peekWord() === 'contains') {
      this.at++;
      op = 'contains';
    } else {
      return a;
    }
    const b = this.operand();
    return b && { k: 'cmp', op, a, b };
  }

  private operand(): Condition | undefined {
    const t = this.tokens[this.at];
    if (!t) return undefined;
    this.at++;
    if (t.t === 'str') return t.v.includes('{{') || t.v.includes('{%') ? undefined : { k: 'lit', v: t.v };
    if (t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'op') {
      if (t.v !== '(') return undefined;
      const inner = this.or();
      const close = this.tokens[this.at];
      if (!inner || close?.t !== 'op' || close.v !== ')') return undefined;
      this.at++;
      return inner;
    }
    const lower = t.v.toLowerCase();
    if (lower === 'true') return { k: 'lit', v: true };
    if (lower === 'false') return { k: 'lit', v: false };
    if (lower === 'null' || lower === 'none' || lower === 'undefined') return { k: 'lit', v: null };
    const ref = /^(slots|context)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(t.v);
    if (ref) return { k: 'ref', scope: ref[1] as 'slots' | 'context', name: ref[2] as string };
    // Keywords out of place, other namespaces, `matches`, deeper paths: not translated.
    return undefined;
  }
}

/** Parses a condition; undefined when it uses anything the journey language cannot say (regex `matches`, templates, other namespaces). */
export function parseCondition(source: string | boolean | number): Condition | undefined {
  if (typeof source === 'boolean' || typeof source === 'number') return { k: 'lit', v: source };
  const tokens = tokenize(source);
  return tokens && tokens.length > 0 ? new Parser(tokens).parse() : undefined;
}

/** Every slot or context reference of a condition, in reading order. */
export function refsOf(c: Condition, out: Ref[] = []): Ref[] {
  if (c.k === 'ref') out.push(c);
  else if (c.k === 'not') refsOf(c.a, out);
  else if (c.k === 'and' || c.k === 'or' || c.k === 'cmp') {
    refsOf(c.a, out);
    refsOf(c.b, out);
  }
  return out;
}

/** The type a reference is used as, read off the literal it is compared with (undefined when nothing says). */
export function usedTypes(c: Condition, out = new Map<string, 'string' | 'number' | 'boolean'>()): Map<string, 'string' | 'number' | 'boolean'> {
  const key = (r: Ref): string => `${r.scope}.${r.name}`;
  if (c.k === 'ref' && !out.has(key(c))) out.set(key(c), 'boolean');
  if (c.k === 'not') usedTypes(c.a, out);
  if (c.k === 'and' || c.k === 'or') {
    usedTypes(c.a, out);
    usedTypes(c.b, out);
  }
  if (c.k === 'cmp') {
    for (const [r, other] of [
      [c.a, c.b],
      [c.b, c.a],
    ] as const) {
      if (r.k !== 'ref') continue;
      const t = c.op === 'contains' ? 'string' : other.k === 'lit' && other.v !== null ? (typeof other.v as 'string' | 'number' | 'boolean') : undefined;
      if (t && (!out.has(key(r)) || out.get(key(r)) === 'boolean')) out.set(key(r), t);
    }
  }
  return out;
}


function literal(v: Literal): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return stringLiteral(v);
  return String(v);
}

/** How a translation names and types the references. */
export interface RefResolver {
  field(ref: Ref): { readonly name: string; readonly type: 'string' | 'number' | 'boolean' };
}

/** pypred's truth of a bare value, in the journey language: a boolean is itself, anything else is "set and not empty". */
function truthy(name: string, type: 'string' | 'number' | 'boolean'): string {
  if (type === 'boolean') return `${name} == true`;
  return type === 'string' ? `${name} != null && ${name} != ''` : `${name} != null && ${name} != 0`;
}

/** A literal made to fit the field it is compared with, as Rasa's slot types coerce `"true"` and `"3"`. */
function fitted(v: Literal, type: 'string' | 'number' | 'boolean'): Literal {
  if (typeof v === 'string' && type === 'boolean' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (typeof v === 'string' && type === 'number' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

/** Translates a parsed condition into a journey expression (undefined when a part has no counterpart). */
export function translate(c: Condition, resolve: RefResolver): string | undefined {
  const go = (n: Condition, top: boolean): string | undefined => {
    const wrap = (s: string): string => (top ? s : `(${s})`);
    switch (n.k) {
      case 'lit':
        return literal(n.v);
      case 'ref': {
        const f = resolve.field(n);
        return wrap(truthy(f.name, f.type));
      }
      case 'not': {
        if (n.a.k === 'ref') {
          const f = resolve.field(n.a);
          if (f.type === 'boolean') return wrap(`${f.name} != true`);
        }
        const inner = go(n.a, false);
        return inner && `!${inner.startsWith('(') ? inner : `(${inner})`}`;
      }
      case 'and':
      case 'or': {
        const a = go(n.a, false);
        const b = go(n.b, false);
        return a && b && wrap(`${a} ${n.k === 'and' ? '&&' : '||'} ${b}`);
      }
      case 'cmp': {
        const side = (x: Condition, other: Condition): string | undefined => {
          if (x.k === 'ref') return resolve.field(x).name;
          if (x.k === 'lit') return literal(other.k === 'ref' ? fitted(x.v, resolve.field(other).type) : x.v);
          return undefined;
        };
        const a = side(n.a, n.b);
        const b = side(n.b, n.a);
        if (a === undefined || b === undefined) return undefined;
        if (n.op === 'contains') return `contains(${a}, ${b})`;
        return wrap(`${a} ${n.op} ${b}`);
      }
    }
  };
  return go(c, true);
}

/** pypred's truth of a value. */
function truthOf(v: Literal): boolean {
  return v !== null && v !== false && v !== '' && v !== 0;
}

/**
 * Evaluates a condition when some slots are known (`known`: `slots.x` -> value): true,
 * false, or undefined when the answer depends on something not known at import time.
 */
export function evaluate(c: Condition, known: ReadonlyMap<string, Literal>): boolean | undefined {
  const value = (n: Condition): { v: Literal } | undefined => {
    if (n.k === 'lit') return { v: n.v };
    if (n.k === 'ref') {
      const key = `${n.scope}.${n.name}`;
      return known.has(key) ? { v: known.get(key) as Literal } : undefined;
    }
    const b = evaluate(n, known);
    return b === undefined ? undefined : { v: b };
  };
  switch (c.k) {
    case 'lit':
    case 'ref': {
      const v = value(c);
      return v && truthOf(v.v);
    }
    case 'not': {
      const a = evaluate(c.a, known);
      return a === undefined ? undefined : !a;
    }
    case 'and': {
      const a = evaluate(c.a, known);
      const b = evaluate(c.b, known);
      if (a === false || b === false) return false;
      return a === true && b === true ? true : undefined;
    }
    case 'or': {
      const a = evaluate(c.a, known);
      const b = evaluate(c.b, known);
      if (a === true || b === true) return true;
      return a === false && b === false ? false : undefined;
    }
    case 'cmp': {
      const a = value(c.a);
      const b = value(c.b);
      if (!a || !b) return undefined;
      const x = a.v;
      const y = b.v;
      if (c.op === '==') return x === y;
      if (c.op === '!=') return x !== y;
      if (c.op === 'contains') return typeof x === 'string' && typeof y === 'string' ? x.includes(y) : undefined;
      if (typeof x !== 'number' || typeof y !== 'number') return typeof x === typeof y && x !== null ? undefined : false;
      return c.op === '<' ? x < y : c.op === '<=' ? x <= y : c.op === '>' ? x > y : x >= y;
    }
  }
}
