import { printExpr, type Expr, type ExprType } from './ast.js';
import { functionNamed } from './functions.js';

/** A type problem found in an expression, in plain words. */
export interface TypeProblem {
  readonly message: string;
  /** Set when the problem is a test against `null` whose result never changes (its operand can never be null). */
  readonly nullTest?: {
    /** The comparison, e.g. `x == null`. */
    readonly test: Expr;
    /** The side that is never null. */
    readonly operand: Expr;
    /** What the test always gives: false for `==`, true for `!=`. */
    readonly result: boolean;
  };
}

/** Result of type-checking one expression. */
export interface TypeCheck {
  readonly type: ExprType;
  /** True when the value may be null: the `null` literal, event data, an undeclared field or a field that may be null. */
  readonly nullable: boolean;
  readonly problems: readonly TypeProblem[];
}

/** What the checker knows of a declared context field. */
export interface DeclaredField {
  readonly type: 'string' | 'number' | 'boolean';
  /** True when the field may hold null at run time (for a journey: it has no default, or some `set` can make it null). */
  readonly nullable: boolean;
}

/** Looks up a declared context field's type and nullability; undefined for undeclared fields. */
export type FieldTypes = (name: string) => DeclaredField | undefined;

/**
 * Infers an expression's type and lists every mismatch (normative rules in
 * docs/format.md): `&&`, `||`, `!` take booleans; `+` two numbers or two strings;
 * `- * /` and ordering take numbers; `==`/`!=` need the same type, except that
 * anything may be compared with `null`; functions take and give the types of their
 * signature. Event data and undeclared fields are `unknown` and match anything
 * (unknown-context reports the latter). A field that may be null is still of its
 * type: arithmetic on it is a run-time error by the semantics, not a type error.
 */
export function checkTypes(expr: Expr, fields: FieldTypes): TypeCheck {
  const problems: TypeProblem[] = [];
  const { type, nullable } = infer(expr, fields, problems);
  return { type, nullable, problems };
}

/**
 * Where a value of null could come from: `true` when the expression may always be
 * null (the `null` literal, event data), the field's name when it is a bare field
 * (null exactly when that field is), `false` otherwise: every operator and function
 * either has a value that is not null or fails.
 */
export function nullOrigin(expr: Expr): boolean | string {
  if (expr.kind === 'literal') return expr.value === null;
  if (expr.kind === 'event') return true;
  if (expr.kind === 'field') return expr.name;
  return false;
}

interface Inferred {
  readonly type: ExprType;
  readonly nullable: boolean;
}

const valued = (type: ExprType): Inferred => ({ type, nullable: false });

function infer(expr: Expr, fields: FieldTypes, problems: TypeProblem[]): Inferred {
  switch (expr.kind) {
    case 'literal':
      return expr.value === null ? { type: 'null', nullable: true } : valued(typeof expr.value as ExprType);
    case 'field': {
      const declared = fields(expr.name);
      return declared ? { type: declared.type, nullable: declared.nullable } : { type: 'unknown', nullable: true };
    }
    case 'event':
      return { type: 'unknown', nullable: true };
    case 'unary': {
      const t = infer(expr.arg, fields, problems).type;
      const want: ExprType = expr.op === '!' ? 'boolean' : 'number';
      if (t !== 'unknown' && t !== want) problems.push({ message: `\`${expr.op}\` takes ${article(want)}, not ${article(t)}` });
      return valued(want);
    }
    case 'binary': {
      const left = infer(expr.left, fields, problems);
      const right = infer(expr.right, fields, problems);
      const l = left.type;
      const r = right.type;
      switch (expr.op) {
        case '&&':
        case '||':
          for (const t of [l, r]) if (t !== 'unknown' && t !== 'boolean') problems.push({ message: `\`${expr.op}\` takes booleans, not ${article(t)}` });
          return valued('boolean');
        case '==':
        case '!=': {
          if (l === 'null' || r === 'null') {
            const [operand, other] = l === 'null' ? [expr.right, right] : [expr.left, left];
            if (!other.nullable) {
              const result = expr.op === '!=';
              problems.push({ message: `\`${printExpr(operand)}\` is never null, so \`${printExpr(expr)}\` is always ${result}`, nullTest: { test: expr, operand, result } });
            }
          } else if (l !== 'unknown' && r !== 'unknown' && l !== r) {
            problems.push({ message: `\`${expr.op}\` compares ${article(l)} with ${article(r)}; both sides must have the same type` });
          }
          return valued('boolean');
        }
        case '<':
        case '<=':
        case '>':
        case '>=':
          for (const t of [l, r]) if (t !== 'unknown' && t !== 'number') problems.push({ message: `\`${expr.op}\` compares numbers, not ${article(t)}` });
          return valued('boolean');
        case '+':
          if (l === 'boolean' || r === 'boolean' || l === 'null' || r === 'null') {
            problems.push({ message: `\`+\` adds two numbers or joins two strings, not ${l === 'boolean' || r === 'boolean' ? 'booleans' : 'null'}` });
            return valued('unknown');
          }
          if (l !== 'unknown' && r !== 'unknown' && l !== r) {
            problems.push({ message: `\`+\` mixes ${article(l)} and ${article(r)}; both sides must be numbers or both strings` });
            return valued('unknown');
          }
          return valued(l !== 'unknown' ? l : r);
        default:
          for (const t of [l, r]) if (t !== 'unknown' && t !== 'number') problems.push({ message: `\`${expr.op}\` takes numbers, not ${article(t)}` });
          return valued('number');
      }
    }
    case 'call': {
      const fn = functionNamed(expr.fn);
      if (!fn) {
        problems.push({ message: `\`${expr.fn}\` is not a function of the language` });
        return valued('unknown');
      }
      for (const arg of expr.args) {
        const t = infer(arg, fields, problems).type;
        if (t !== 'unknown' && t !== fn.arg) problems.push({ message: `\`${expr.fn}\` takes ${fn.takes}, not ${article(t)}` });
      }
      return valued(fn.result);
    }
  }
}

function article(t: ExprType): string {
  if (t === 'unknown') return 'a value of unknown type';
  return t === 'null' ? 'null' : `a ${t}`;
}
