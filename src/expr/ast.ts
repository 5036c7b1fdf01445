/** Binary operators of the expression language (normative: docs/format.md). */
export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '+' | '-' | '*' | '/';
/** Unary operators: logical not and numeric negation. */
export type UnaryOperator = '!' | '-';
/** A literal value of the expression language; `null` is format 1.1. */
export type Literal = string | number | boolean | null;
/** The built-in functions (format 1.1): a closed set, there are no user-defined functions. */
export type FunctionName = 'len' | 'lower' | 'upper' | 'contains' | 'min' | 'max' | 'round';

/** The expression AST: a closed set of node kinds, nothing else can be built or evaluated. */
export type Expr =
  | { readonly kind: 'literal'; readonly value: Literal }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'event'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: UnaryOperator; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] };

/** Static types of expressions; `unknown` is the type of event data, `null` the type of the `null` literal. */
export type ExprType = 'number' | 'string' | 'boolean' | 'null' | 'unknown';

/** The direct subexpressions of a node, left to right: the one place that knows the shape of every node kind. */
export function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'unary':
      return [expr.arg];
    case 'binary':
      return [expr.left, expr.right];
    case 'call':
      return expr.args;
    default:
      return [];
  }
}

/** True when the expression uses what format 1.1 added to the language: `null` or a function call. */
export function usesFormat11(expr: Expr): boolean {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e.kind === 'call' || (e.kind === 'literal' && e.value === null)) return true;
    for (const child of childrenOf(e)) stack.push(child);
  }
  return false;
}

/** Names of the context fields an expression reads, in first-use order. */
export function fieldsRead(expr: Expr): string[] {
  return namesRead(expr, 'field');
}

/** Names of the event data fields an expression reads (`event.<name>`), in first-use order. */
export function eventFieldsRead(expr: Expr): string[] {
  return namesRead(expr, 'event');
}

/** True when the expression reads event data (its value is unknown before run time). */
export function readsEvent(expr: Expr): boolean {
  return namesRead(expr, 'event').length > 0;
}

function namesRead(expr: Expr, kind: 'field' | 'event'): string[] {
  const out: string[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e.kind === kind) {
      if (!out.includes(e.name)) out.push(e.name);
      continue;
    }
    // Pushed right to left so that names come out in first-use order.
    const children = childrenOf(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Expr);
  }
  return out;
}

/** A string as a literal of the expression language: quoted, with the escapes its parser reads back. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** Prints an expression back in source form (canonical spacing, minimal parentheses). */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? stringLiteral(expr.value) : String(expr.value);
    case 'field':
      return expr.name;
    case 'event':
      return `event.${expr.name}`;
    case 'unary': {
      const inner = printExpr(expr.arg);
      return expr.arg.kind === 'binary' ? `${expr.op}(${inner})` : `${expr.op}${inner}`;
    }
    case 'binary': {
      const p = PRECEDENCE[expr.op];
      const wrap = (e: Expr, right: boolean): string => {
        const s = printExpr(e);
        if (e.kind !== 'binary') return s;
        const q = PRECEDENCE[e.op];
        return q < p || (right && q === p) ? `(${s})` : s;
      };
      return `${wrap(expr.left, false)} ${expr.op} ${wrap(expr.right, true)}`;
    }
    case 'call':
      return `${expr.fn}(${expr.args.map(printExpr).join(', ')})`;
  }
}

/** Operator precedence, higher binds tighter (as in JavaScript). */
export const PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};
