import type { Expr, ExprType } from './ast.js';

/** A type problem found in an expression, in plain words. */
export interface TypeProblem {
  readonly message: string;
}

/** Result of type-checking one expression. */
export interface TypeCheck {
  readonly type: ExprType;
  readonly problems: readonly TypeProblem[];
}

/** Looks up the declared type of a context field; undefined for undeclared fields. */
export type FieldTypes = (name: string) => ExprType | undefined;

/**
 * Infers an expression's type and lists every mismatch (normative rules in
 * docs/format.md): `&&`, `||`, `!` take booleans; `+` two numbers or two strings;
 * `- * /` and ordering take numbers; `==`/`!=` need the same type. Event data and
 * undeclared fields are `unknown` and match anything (unknown-context reports the latter).
 */
export function checkTypes(expr: Expr, fields: FieldTypes): TypeCheck {
  const problems: TypeProblem[] = [];
  const type = infer(expr, fields, problems);
  return { type, problems };
}

function infer(expr: Expr, fields: FieldTypes, problems: TypeProblem[]): ExprType {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value as ExprType;
    case 'field':
      return fields(expr.name) ?? 'unknown';
    case 'event':
      return 'unknown';
    case 'unary': {
      const t = infer(expr.arg, fields, problems);
      const want: ExprType = expr.op === '!' ? 'boolean' : 'number';
      if (t !== 'unknown' && t !== want) problems.push({ message: `\`${expr.op}\` takes ${article(want)}, not ${article(t)}` });
      return want;
    }
    case 'binary': {
      const l = infer(expr.left, fields, problems);
      const r = infer(expr.right, fields, problems);
      switch (expr.op) {
        case '&&':
        case '||':
          for (const t of [l, r]) if (t !== 'unknown' && t !== 'boolean') problems.push({ message: `\`${expr.op}\` takes booleans, not ${article(t)}` });
          return 'boolean';
        case '==':
        case '!=':
          if (l !== 'unknown' && r !== 'unknown' && l !== r) problems.push({ message: `\`${expr.op}\` compares ${article(l)} with ${article(r)}; both sides must have the same type` });
          return 'boolean';
        case '<':
        case '<=':
        case '>':
        case '>=':
          for (const t of [l, r]) if (t !== 'unknown' && t !== 'number') problems.push({ message: `\`${expr.op}\` compares numbers, not ${article(t)}` });
          return 'boolean';
        case '+':
          if (l === 'boolean' || r === 'boolean') {
            problems.push({ message: '`+` adds two numbers or joins two strings, not booleans' });
            return 'unknown';
          }
          if (l !== 'unknown' && r !== 'unknown' && l !== r) {
            problems.push({ message: `\`+\` mixes ${article(l)} and ${article(r)}; both sides must be numbers or both strings` });
            return 'unknown';
          }
          return l !== 'unknown' ? l : r;
        default:
          for (const t of [l, r]) if (t !== 'unknown' && t !== 'number') problems.push({ message: `\`${expr.op}\` takes numbers, not ${article(t)}` });
          return 'number';
      }
    }
  }
}

function article(t: ExprType): string {
  return t === 'unknown' ? 'a value of unknown type' : `a ${t}`;
}
