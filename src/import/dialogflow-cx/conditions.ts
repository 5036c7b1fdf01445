import { stringLiteral } from '../../expr/ast.js';
/**
 * Dialogflow CX's condition and parameter-value syntax (`$session.params.x != null AND
 * $sys.func.LEN($flow.code) = 4`), parsed into a small tree and written in the journey's
 * expression language where it translates. Never throws: text it cannot read is `undefined`.
 */

/** What a `$...` reference names. */
export type Reference =
  | { readonly scope: 'session'; readonly name: string }
  | { readonly scope: 'flow'; readonly name: string }
  /** `$page.params.status` or `$page.params.<p>.status`: whether the page's form is complete. */
  | { readonly scope: 'page-status' }
  /** `$intent.params.<p>` (`.resolved` / `.original`): data of the intent that matched. */
  | { readonly scope: 'intent'; readonly name: string }
  /** Anything else (`$request.*`, `$intent.display_name`, `$sys.*` values): unknown to the journey. */
  | { readonly scope: 'other'; readonly raw: string };

/** A parsed condition or value. */
export type ConditionNode =
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'null' }
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'str'; readonly v: string; readonly bare: boolean }
  | { readonly k: 'ref'; readonly ref: Reference }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly ConditionNode[] }
  | { readonly k: 'cmp'; readonly op: string; readonly l: ConditionNode; readonly r: ConditionNode }
  | { readonly k: 'and' | 'or'; readonly a: ConditionNode; readonly b: ConditionNode }
  | { readonly k: 'not'; readonly a: ConditionNode };

type Token =
  | { readonly t: 'op'; readonly v: string }
  | { readonly t: 'punct'; readonly v: '(' | ')' | ',' }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'ref'; readonly v: string }
  | { readonly t: 'word'; readonly v: string };

const REF = /\$[A-Za-z_][A-Za-z0-9_.\-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?![A-Za-z_])/y;
const WORD = /[A-Za-z_][A-Za-z0-9_\-]*/y;

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>' || c === ':') {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let s = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        s += text[j];
      }
      if (j >= text.length) return undefined;
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    let matched = false;
    for (const [re, kind] of [
      [REF, 'ref'],
      [NUMBER, 'num'],
      [WORD, 'word'],
    ] as const) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m) continue;
      // A reference never ends with a dot or dash: `$x.` is `$x`, then something unknown.
      const v = kind === 'ref' ? m[0].replace(/[.\-]+$/, '') : m[0];
      out.push(kind === 'num' ? { t: 'num', v: Number(v) } : { t: kind, v });
      i += v.length;
      matched = true;
      break;
    }
    // A character no token starts with (`&`, `|`, `[`...): not Dialogflow's syntax.
    if (!matched) return undefined;
  }
  return out;
}

/** What a `$...` reference names (`$session.params.a.b` names the session parameter `a.b`). */
export function referenceOf(raw: string): Reference {
  const parts = raw.slice(1).split('.');
  const [head, second] = parts;
  if (head === 'session' && second === 'params' && parts.length > 2) return { scope: 'session', name: parts.slice(2).join('.') };
  if (head === 'flow' && parts.length > 1) return { scope: 'flow', name: parts.slice(1).join('.') };
  if (head === 'page' && second === 'params' && parts.length > 2) {
    if (parts[parts.length - 1] === 'status') return { scope: 'page-status' };
    // Page parameters are the page's form parameters, written to the session.
    return { scope: 'session', name: parts.slice(2).join('.') };
  }
  if (head === 'intent' && second === 'params' && parts.length > 2) {
    const rest = parts.slice(2);
    if (rest.length > 1 && (rest[rest.length - 1] === 'resolved' || rest[rest.length - 1] === 'original')) rest.pop();
    return { scope: 'intent', name: rest.join('.') };
  }
  return { scope: 'other', raw };
}

/** Parses a condition (or a parameter value expression); undefined when it is not Dialogflow's syntax. */
export function parseCondition(text: string): ConditionNode | undefined {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isWord = (w: string): boolean => {
    const t = peek();
    return t?.t === 'word' && t.v.toUpperCase() === w;
  };
  let depth = 0;

  const operand = (): ConditionNode | undefined => {
    const t = tokens[at++];
    if (!t) return undefined;
    switch (t.t) {
      case 'str':
        return { k: 'str', v: t.v, bare: false };
      case 'num':
        return { k: 'num', v: t.v };
      case 'ref': {
        if (peek()?.t === 'punct' && peek()?.v === '(') {
          if (!t.v.startsWith('$sys.func.')) return undefined;
          at++;
          const args: ConditionNode[] = [];
          if (!(peek()?.t === 'punct' && peek()?.v === ')')) {
            for (;;) {
              const a = disjunction();
              if (!a) return undefined;
              args.push(a);
              const sep = tokens[at++];
              if (sep?.t === 'punct' && sep.v === ')') break;
              if (!(sep?.t === 'punct' && sep.v === ',')) return undefined;
            }
          } else at++;
          return { k: 'call', fn: t.v.slice('$sys.func.'.length).toUpperCase(), args };
        }
        return { k: 'ref', ref: referenceOf(t.v) };
      }
      case 'word': {
        const w = t.v.toLowerCase();
        if (w === 'true' || w === 'false') return { k: 'bool', v: w === 'true' };
        if (w === 'null') return { k: 'null' };
        if (['and', 'or', 'not'].includes(w)) return undefined;
        // Dialogflow reads an unquoted word on the right of a comparison as a string.
        return { k: 'str', v: t.v, bare: true };
      }
      case 'punct':
        if (t.v === '(') {
          if (++depth > 64) return undefined;
          const inner = disjunction();
          depth--;
          const close = tokens[at++];
          return inner && close?.t === 'punct' && close.v === ')' ? inner : undefined;
        }
        return undefined;
      default:
        return undefined;
    }
  };
  const comparison = (): ConditionNode | undefined => {
    const l = operand();
    if (!l) return undefined;
    const t = peek();
    if (t?.t === 'op') {
      at++;
      const r = operand();
      return r ? { k: 'cmp', op: t.v, l, r } : undefined;
    }
    return l;
  };
  const negation = (): ConditionNode | undefined => {
    if (isWord('NOT')) {
      at++;
      const a = negation();
      return a ? { k: 'not', a } : undefined;
    }
    return comparison();
  };
  const conjunction = (): ConditionNode | undefined => {
    let a = negation();
    while (a && isWord('AND')) {
      at++;
      const b = negation();
      a = b ? { k: 'and', a, b } : undefined;
    }
    return a;
  };
  function disjunction(): ConditionNode | undefined {
    let a = conjunction();
    while (a && isWord('OR')) {
      at++;
      const b = conjunction();
      a = b ? { k: 'or', a, b } : undefined;
    }
    return a;
  }
  const tree = disjunction();
  return tree && at === tokens.length ? tree : undefined;
}

/** The journey's type of a value. */
export type ValueType = 'string' | 'number' | 'boolean';

/** What a translation needs to know about the journey it writes into. */
export interface TranslationScope {
  /** The journey field a session or flow parameter is, and its type. */
  field(ref: { scope: 'session' | 'flow'; name: string }): { readonly name: string; readonly type: ValueType };
  /** The event data name for an intent parameter. */
  eventField(name: string): string;
  /** What `$page.params.status = "FINAL"` is where the condition is read: the journey reaches it only with the form complete. */
  readonly formComplete: boolean;
}

/** A translated expression and its type (undefined type: null). */
interface Typed {
  readonly text: string;
  readonly type: ValueType | 'null' | 'unknown';
  /** Literal that may be re-typed to the other side of a comparison (Dialogflow casts the right side). */
  readonly literal?: ConditionNode;
}


function literalText(node: ConditionNode, as: ValueType | 'null' | 'unknown'): string | undefined {
  switch (node.k) {
    case 'null':
      return 'null';
    case 'bool':
      if (as === 'string') return stringLiteral(String(node.v));
      return as === 'number' ? undefined : String(node.v);
    case 'num':
      if (as === 'string') return stringLiteral(String(node.v));
      return as === 'boolean' ? undefined : String(node.v);
    case 'str': {
      if (as === 'number') return /^-?\d+(\.\d+)?$/.test(node.v) ? node.v : undefined;
      if (as === 'boolean') return node.v === 'true' || node.v === 'false' ? node.v : undefined;
      return stringLiteral(node.v);
    }
    default:
      return undefined;
  }
}

function literalType(node: ConditionNode): ValueType | 'null' | undefined {
  if (node.k === 'null') return 'null';
  if (node.k === 'bool') return 'boolean';
  if (node.k === 'num') return 'number';
  if (node.k === 'str') return 'string';
  return undefined;
}

/** Translates a parsed condition or value; undefined when part of it has no equivalent. */
export function translate(node: ConditionNode, scope: TranslationScope): Typed | undefined {
  switch (node.k) {
    case 'bool':
    case 'null':
    case 'num':
    case 'str': {
      const type = literalType(node) ?? 'unknown';
      const text = literalText(node, type);
      return text === undefined ? undefined : { text, type, literal: node };
    }
    case 'ref': {
      const ref = node.ref;
      if (ref.scope === 'session' || ref.scope === 'flow') {
        const f = scope.field(ref);
        return { text: f.name, type: f.type };
      }
      if (ref.scope === 'intent') return { text: `event.${scope.eventField(ref.name)}`, type: 'unknown' };
      return undefined;
    }
    case 'call': {
      const args = node.args.map((a) => translate(a, scope));
      if (args.some((a) => a === undefined)) return undefined;
      const typed = args as Typed[];
      const fn = node.fn;
      if ((fn === 'LOWER' || fn === 'UPPER' || fn === 'LEN') && typed.length === 1) {
        const a = typed[0] as Typed;
        if (a.type !== 'string' && a.type !== 'unknown') return undefined;
        const text = a.literal ? literalText(a.literal, 'string') : a.text;
        return { text: `${fn.toLowerCase()}(${text})`, type: fn === 'LEN' ? 'number' : 'string' };
      }
      if ((fn === 'ADD' && typed.length >= 2) || (fn === 'MINUS' && typed.length === 2)) {
        const parts: string[] = [];
        for (const a of typed) {
          const text = a.literal ? literalText(a.literal, 'number') : a.type === 'number' || a.type === 'unknown' ? a.text : undefined;
          if (text === undefined) return undefined;
          parts.push(text);
        }
        return { text: `(${parts.join(fn === 'ADD' ? ' + ' : ' - ')})`, type: 'number' };
      }
      if (fn === 'IDENTITY' && typed.length === 1) return typed[0];
      return undefined;
    }
    case 'not': {
      const a = translate(node.a, scope);
      return a && (a.type === 'boolean' || a.type === 'unknown') ? { text: `!(${a.text})`, type: 'boolean' } : undefined;
    }
    case 'and':
    case 'or': {
      const a = translate(node.a, scope);
      const b = translate(node.b, scope);
      if (!a || !b || !isBoolean(a) || !isBoolean(b)) return undefined;
      return { text: `(${a.text} ${node.k === 'and' ? '&&' : '||'} ${b.text})`, type: 'boolean' };
    }
    case 'cmp': {
      if (node.l.k === 'ref' && node.l.ref.scope === 'page-status') {
        // `$page.params.status = "FINAL"`: the journey reads page routes once the form is complete.
        const v = node.r.k === 'str' ? node.r.v.toUpperCase() : '';
        if (v !== 'FINAL' || (node.op !== '=' && node.op !== '!=')) return undefined;
        return { text: String(node.op === '=' ? scope.formComplete : !scope.formComplete), type: 'boolean' };
      }
      const l = translate(node.l, scope);
      const r = translate(node.r, scope);
      if (!l || !r) return undefined;
      // Dialogflow casts the right side to the left side's type.
      const lType = l.type;
      const rText = r.literal && lType !== 'unknown' && lType !== 'null' && r.literal.k !== 'null' ? literalText(r.literal, lType) : r.text;
      if (rText === undefined) return undefined;
      const rType = r.literal && lType !== 'unknown' && lType !== 'null' && r.literal.k !== 'null' ? lType : r.type;
      const lText = l.literal && rType !== 'unknown' && rType !== 'null' && l.literal.k !== 'null' ? literalText(l.literal, rType) : l.text;
      if (lText === undefined) return undefined;
      const known = (t: Typed['type']): boolean => t !== 'unknown' && t !== 'null';
      if (known(lType) && known(rType) && lType !== rType) return undefined;
      const type = known(lType) ? lType : rType;
      switch (node.op) {
        case '=':
          return { text: `${lText} == ${rText}`, type: 'boolean' };
        case '!=':
          return { text: `${lText} != ${rText}`, type: 'boolean' };
        case ':':
          if (type === 'string') return { text: `contains(${lText}, ${rText})`, type: 'boolean' };
          if (type === 'null') return undefined;
          // HAS on anything but strings is EQUALS.
          return { text: `${lText} == ${rText}`, type: 'boolean' };
        default:
          // Dialogflow orders strings lexicographically; the journey's orderings take numbers only.
          if (type !== 'number' && type !== 'unknown') return undefined;
          if (lType === 'null' || rType === 'null') return undefined;
          return { text: `${lText} ${node.op} ${rText}`, type: 'boolean' };
      }
    }
  }
}

function isBoolean(t: Typed): boolean {
  return t.type === 'boolean' || t.type === 'unknown';
}

/** Every parameter a parsed tree reads, with the type a literal it is compared with (or an operation) gives it. */
export function readsOf(node: ConditionNode, out: { ref: Reference; type?: ValueType }[] = []): { ref: Reference; type?: ValueType }[] {
  switch (node.k) {
    case 'ref':
      out.push({ ref: node.ref });
      break;
    case 'call': {
      for (const a of node.args) readsOf(a, out);
      if (node.fn === 'ADD' || node.fn === 'MINUS') for (const a of node.args) if (a.k === 'ref') out.push({ ref: a.ref, type: 'number' });
      if (node.fn === 'LOWER' || node.fn === 'UPPER' || node.fn === 'LEN') for (const a of node.args) if (a.k === 'ref') out.push({ ref: a.ref, type: 'string' });
      break;
    }
    case 'cmp': {
      readsOf(node.l, out);
      readsOf(node.r, out);
      if (node.l.k === 'ref') {
        const lit = node.r.k === 'str' && node.r.bare && (node.r.v === 'true' || node.r.v === 'false') ? 'boolean' : literalType(node.r);
        if (lit && lit !== 'null') out.push({ ref: node.l.ref, type: lit });
        else if (['<', '<=', '>', '>='].includes(node.op)) out.push({ ref: node.l.ref, type: 'number' });
      }
      break;
    }
    case 'and':
    case 'or':
      readsOf(node.a, out);
      readsOf(node.b, out);
      break;
    case 'not':
      readsOf(node.a, out);
      break;
    default:
      break;
  }
  return out;
}
