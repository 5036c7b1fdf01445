import { stringLiteral } from '../../expr/ast.js';
// Power Fx (Copilot Studio's formula language) to the journey expression language.
// Only the part of Power Fx that topics use for branching translates: literals, variable
// references, comparisons, `And`/`Or`/`Not`, `&`, arithmetic, `IsBlank`, `Len`, `Lower`,
// `Upper`, `Min`, `Max`, `Round(x, 0)` and closed-list option references. Anything else is
// refused with a reason, and the importer turns the value into an `input: true` field.
import { parseExpression } from '../../expr/parse.js';

/** The value types a journey field can have. */
export type FieldType = 'string' | 'number' | 'boolean';

/** A translated formula, or why it does not translate. */
export type FxResult =
  | {
      readonly ok: true;
      /** The expression in the journey language. */
      readonly expression: string;
      /** The literal value when the formula is one (`=true`, `=3`, `="x"`, `=Blank()`), for writing `set` values plainly. */
      readonly literal?: string | number | boolean | null;
      /** Types the formula implies for the fields it reads (`Topic.Age > 18` says `age` is a number). */
      readonly hints: ReadonlyMap<string, FieldType>;
      /** The type of the whole formula, when it is known. */
      readonly type?: FieldType;
    }
  | { readonly ok: false; readonly reason: string };

/** Maps a variable reference (`Topic.Age`, `Global.Plan`, `System.FallbackCount`) to a journey field name; undefined refuses it. */
export type FieldResolver = (reference: string) => string | undefined;

type Token =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'quoted'; readonly value: string }
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'op'; readonly value: string };

type Node =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly arg: Node }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'call'; readonly name: 'len' | 'lower' | 'upper' | 'min' | 'max' | 'round'; readonly args: readonly Node[] };

class Refused {
  constructor(readonly reason: string) {}
}

const OPERATORS = ['<>', '<=', '>=', '&&', '||', '=', '<', '>', '!', '+', '-', '*', '/', '&', '(', ')', ',', '.'];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (number) {
      out.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      // Power Fx doubles a quote to put it inside a string or a quoted name.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Refused('a string or quoted name is not closed');
        if (text[j] === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      out.push({ kind: c === '"' ? 'string' : 'quoted', value });
      i = j + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      out.push({ kind: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new Refused(`\`${c}\` is not part of the Power Fx the import translates`);
    out.push({ kind: 'op', value: op });
    i += op.length;
  }
  return out;
}

const KNOWN_FUNCTIONS = new Set(['Blank', 'IsBlank', 'Not', 'And', 'Or', 'Len', 'Lower', 'Upper', 'Min', 'Max', 'Round']);

const VARIABLE_SCOPES = new Set(['Topic', 'Global', 'System', 'Env']);

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly resolve: FieldResolver,
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.at < this.tokens.length) throw new Refused(`unexpected \`${String(this.tokens[this.at]?.value)}\``);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.value === value;
  }

  private isWord(value: string): boolean {
    const t = this.peek();
    return t?.kind === 'name' && t.value === value;
  }

  private expect(value: string): void {
    if (!this.isOp(value)) throw new Refused(`\`${value}\` expected`);
    this.at++;
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp('||') || this.isWord('Or')) {
      this.at++;
      left = { kind: 'binary', op: '||', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.isOp('&&') || this.isWord('And')) {
      this.at++;
      left = { kind: 'binary', op: '&&', left, right: this.not() };
    }
    return left;
  }

  private not(): Node {
    if (this.isOp('!') || (this.isWord('Not') && this.tokens[this.at + 1]?.value !== '(')) {
      this.at++;
      return { kind: 'unary', op: '!', arg: this.not() };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.concat();
    const t = this.peek();
    if (t?.kind === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.value)) {
      this.at++;
      const op = t.value === '=' ? '==' : t.value === '<>' ? '!=' : t.value;
      return { kind: 'binary', op, left, right: this.concat() };
    }
    if (t?.kind === 'name' && /^(in|exactin)$/i.test(t.value)) throw new Refused(`\`${t.value}\` has no counterpart`);
    return left;
  }

  private concat(): Node {
    let left = this.additive();
    while (this.isOp('&')) {
      this.at++;
      left = { kind: 'binary', op: '&', left, right: this.additive() };
    }
    return left;
  }

  private additive(): Node {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.at++] as Token).value as string;
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.tokens[this.at++] as Token).value as string;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.at++;
      return { kind: 'unary', op: '-', arg: this.unary() };
    }
    return this.primary();
  }

  private args(): Node[] {
    this.expect('(');
    const args: Node[] = [];
    if (this.isOp(')')) {
      this.at++;
      return args;
    }
    for (;;) {
      args.push(this.or());
      if (this.isOp(',')) {
        this.at++;
        continue;
      }
      this.expect(')');
      return args;
    }
  }

  private primary(): Node {
    const t = this.peek();
    if (!t) throw new Refused('the formula ends too early');
    this.at++;
    if (t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.kind === 'string') return { kind: 'literal', value: t.value };
    if (t.kind === 'quoted') {
      // `'<schema>.topic.<Topic>.main.<question>'.<item>` names an option of a closed list:
      // the variable holds the item id, so the option is that id as a string.
      this.expect('.');
      const member = this.peek();
      if (!member || (member.kind !== 'name' && member.kind !== 'quoted')) throw new Refused('an option name is missing');
      this.at++;
      return { kind: 'literal', value: member.value };
    }
    if (t.kind === 'op' && t.value === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (t.kind !== 'name') throw new Refused(`unexpected \`${t.value}\``);
    if (/^true$/i.test(t.value)) return { kind: 'literal', value: true };
    if (/^false$/i.test(t.value)) return { kind: 'literal', value: false };
    if (this.isOp('(')) return this.call(t.value);
    if (!VARIABLE_SCOPES.has(t.value)) throw new Refused(`\`${t.value}\` is not a variable the import knows`);
    let path = t.value;
    while (this.isOp('.')) {
      this.at++;
      const part = this.peek();
      if (part?.kind !== 'name') throw new Refused('a variable name is missing after `.`');
      this.at++;
      path += `.${part.value}`;
    }
    const field = this.resolve(path);
    if (field === undefined) throw new Refused(`\`${path}\` has no counterpart`);
    return { kind: 'field', name: field };
  }

  private call(name: string): Node {
    // The outer function is the one to name when it has no counterpart, not one of its arguments.
    if (!KNOWN_FUNCTIONS.has(name)) throw new Refused(`the function \`${name}\` has no counterpart`);
    const args = this.args();
    const one = (): Node => {
      if (args.length !== 1) throw new Refused(`\`${name}\` with ${args.length} arguments has no counterpart`);
      return args[0] as Node;
    };
    switch (name) {
      case 'Blank':
        if (args.length !== 0) throw new Refused('`Blank` takes no arguments');
        return { kind: 'literal', value: null };
      case 'IsBlank':
        return { kind: 'binary', op: '==', left: one(), right: { kind: 'literal', value: null } };
      case 'Not':
        return { kind: 'unary', op: '!', arg: one() };
      case 'And':
      case 'Or': {
        if (args.length < 2) throw new Refused(`\`${name}\` needs two or more arguments`);
        const op = name === 'And' ? '&&' : '||';
        return args.slice(1).reduce<Node>((left, right) => ({ kind: 'binary', op, left, right }), args[0] as Node);
      }
      case 'Len':
      case 'Lower':
      case 'Upper':
        return { kind: 'call', name: name.toLowerCase() as 'len' | 'lower' | 'upper', args: [one()] };
      case 'Min':
      case 'Max':
        if (args.length < 2 || args.length > 16) throw new Refused(`\`${name}\` of a table has no counterpart`);
        return { kind: 'call', name: name.toLowerCase() as 'min' | 'max', args };
      case 'Round': {
        const digits = args[1];
        if (args.length !== 2 || digits?.kind !== 'literal' || digits.value !== 0) throw new Refused('`Round` to decimal places has no counterpart');
        return { kind: 'call', name: 'round', args: [args[0] as Node] };
      }
      default:
        throw new Refused(`the function \`${name}\` has no counterpart`);
    }
  }
}

/** Binding strength of each operator of the journey language, as the parser reads it. */
const PRECEDENCE: Readonly<Record<string, number>> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6 };


function print(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return node.value === null ? 'null' : typeof node.value === 'string' ? stringLiteral(node.value) : String(node.value);
    case 'field':
      return node.name;
    case 'unary': {
      const inner = print(node.arg);
      return node.arg.kind === 'binary' ? `${node.op}(${inner})` : `${node.op}${inner}`;
    }
    case 'call':
      return `${node.name}(${node.args.map(print).join(', ')})`;
    case 'binary': {
      const op = node.op === '&' ? '+' : node.op;
      const own = PRECEDENCE[op] as number;
      const side = (child: Node, right: boolean): string => {
        const text = print(child);
        if (child.kind !== 'binary') return text;
        const inner = PRECEDENCE[child.op === '&' ? '+' : child.op] as number;
        return inner < own || (right && inner === own) ? `(${text})` : text;
      };
      return `${side(node.left, false)} ${op} ${side(node.right, true)}`;
    }
  }
}

function typeOf(node: Node): FieldType | undefined {
  switch (node.kind) {
    case 'literal':
      return node.value === null ? undefined : (typeof node.value as FieldType);
    case 'field':
      return undefined;
    case 'unary':
      return node.op === '!' ? 'boolean' : 'number';
    case 'call':
      return node.name === 'lower' || node.name === 'upper' ? 'string' : 'number';
    case 'binary':
      if (node.op === '&') return 'string';
      if (['+', '-', '*', '/'].includes(node.op)) return 'number';
      return 'boolean';
  }
}

/** Reads off the types a formula implies for its fields: the other side of a comparison, the operands of arithmetic and logic. */
function collectHints(node: Node, expected: FieldType | undefined, hints: Map<string, FieldType>): void {
  const hint = (n: Node, type: FieldType | undefined): void => {
    if (n.kind === 'field' && type && !hints.has(n.name)) hints.set(n.name, type);
    collectHints(n, type, hints);
  };
  switch (node.kind) {
    case 'field':
      if (expected && !hints.has(node.name)) hints.set(node.name, expected);
      return;
    case 'literal':
      return;
    case 'unary':
      hint(node.arg, node.op === '!' ? 'boolean' : 'number');
      return;
    case 'call':
      for (const a of node.args) hint(a, node.name === 'len' || node.name === 'lower' || node.name === 'upper' ? 'string' : 'number');
      return;
    case 'binary':
      if (node.op === '&&' || node.op === '||') {
        hint(node.left, 'boolean');
        hint(node.right, 'boolean');
      } else if (node.op === '&') {
        hint(node.left, 'string');
        hint(node.right, 'string');
      } else if (['+', '-', '*', '/', '<', '<=', '>', '>='].includes(node.op)) {
        hint(node.left, 'number');
        hint(node.right, 'number');
      } else {
        hint(node.left, typeOf(node.right));
        hint(node.right, typeOf(node.left));
      }
  }
}

/**
 * Translates a Power Fx formula (with or without its leading `=`) to the journey
 * expression language. `expected` is the type the place wants (`boolean` for a
 * condition), used to type a bare variable. Never throws.
 */
export function translateFx(formula: string, resolve: FieldResolver, expected?: FieldType): FxResult {
  const text = formula.replace(/^\s*=/, '');
  try {
    const node = new Parser(tokenize(text), resolve).parse();
    const expression = print(node);
    // The printed text must be an expression of the journey language; a formula the
    // translation let through but the parser would not take is refused here.
    const parsed = parseExpression(expression);
    if (parsed.error) return { ok: false, reason: parsed.error.message };
    const hints = new Map<string, FieldType>();
    collectHints(node, expected, hints);
    const type = typeOf(node);
    return {
      ok: true,
      expression,
      hints,
      ...(node.kind === 'literal' ? { literal: node.value } : {}),
      ...(type ? { type } : {}),
    };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    return { ok: false, reason: 'the formula could not be read' };
  }
}

/** The variable a Copilot Studio `variable:` names, without its `init:` prefix (`init:Topic.Age` -> `Topic.Age`). */
export function variableReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const reference = value.replace(/^init:/, '').trim();
  return /^(Topic|Global)\.[A-Za-z_][A-Za-z0-9_]*$/.test(reference) ? reference : undefined;
}
