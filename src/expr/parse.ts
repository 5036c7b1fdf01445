import jsep from 'jsep';
import type { BinaryOperator, Expr, Literal } from './ast.js';

/** Why an expression was rejected; `offset` is relative to the expression text when known. */
export interface ExprSyntaxError {
  readonly message: string;
  readonly offset?: number;
}

/** Either a parsed expression or the reason it has none. */
export type ParseResult = { readonly expr: Expr; readonly error?: undefined } | { readonly expr?: undefined; readonly error: ExprSyntaxError };

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 1000;
/** Deepest nesting accepted (parentheses and operators). */
export const MAX_EXPRESSION_DEPTH = 64;

const BINARY: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '-', '*', '/']);
const HINTS: Readonly<Record<string, string>> = {
  '===': 'use `==` (equality is always strict)',
  '!==': 'use `!=` (equality is always strict)',
  '&': 'use `&&`',
  '|': 'use `||`',
  '??': 'every field has a value; compare it instead',
};

const cache = new Map<string, ParseResult>();
const CACHE_LIMIT = 10_000;

/**
 * Parses an expression of the journey language. Accepts only literals, context
 * fields, `event.<name>`, `!`, unary `-` and the binary operators of the format;
 * everything else (calls, `this`, indexing, templates...) is an error, so nothing
 * can be executed or reached beyond declared fields. Never throws.
 */
export function parseExpression(source: string): ParseResult {
  const hit = cache.get(source);
  if (hit) return hit;
  const result = parseUncached(source);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, result);
  return result;
}

function parseUncached(source: string): ParseResult {
  if (source.trim() === '') return { error: { message: 'the expression is empty' } };
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return { error: { message: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` } };
  }
  const depth = nestingDepth(source);
  if (depth > MAX_EXPRESSION_DEPTH) return { error: { message: `the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels` } };
  let tree: jsep.Expression;
  try {
    tree = jsep(source);
  } catch (error) {
    const e = error as Error & { index?: number; description?: string };
    const description = (e.description ?? e.message).replace(/ at character \d+$/, '');
    return { error: { message: plainSyntaxMessage(description), ...(typeof e.index === 'number' ? { offset: e.index } : {}) } };
  }
  try {
    return { expr: convert(tree, 0) };
  } catch (error) {
    if (error instanceof Rejected) return { error: { message: error.message } };
    return { error: { message: 'the expression could not be read' } };
  }
}

class Rejected extends Error {}

function convert(node: jsep.Expression, depth: number): Expr {
  if (depth > MAX_EXPRESSION_DEPTH) throw new Rejected(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`);
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value === null) throw new Rejected('`null` is not part of the language; every field has a value of its type');
      if (typeof value === 'number' && !Number.isFinite(value)) throw new Rejected('number literals must be finite');
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new Rejected('only numbers, quoted strings and true/false are literals');
      }
      return { kind: 'literal', value: value as Literal };
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (name === 'event') throw new Rejected('`event` alone is not a value; read a field of it, e.g. `event.last4`');
      if (name === 'undefined' || name === 'NaN' || name === 'Infinity') throw new Rejected(`\`${name}\` is not part of the language`);
      return { kind: 'field', name };
    }
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      if (
        !m.computed &&
        m.object.type === 'Identifier' &&
        (m.object as jsep.Identifier).name === 'event' &&
        m.property.type === 'Identifier'
      ) {
        return { kind: 'event', name: (m.property as jsep.Identifier).name };
      }
      throw new Rejected('property access is only allowed as `event.<field>`; context fields are read by name');
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      if (u.operator !== '!' && u.operator !== '-') throw new Rejected(`the operator \`${u.operator}\` is not supported; use \`!\` or \`-\``);
      return { kind: 'unary', op: u.operator, arg: convert(u.argument, depth + 1) };
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      if (!BINARY.has(b.operator)) {
        const hint = HINTS[b.operator];
        throw new Rejected(`the operator \`${b.operator}\` is not supported${hint ? `; ${hint}` : ''}`);
      }
      return { kind: 'binary', op: b.operator as BinaryOperator, left: convert(b.left, depth + 1), right: convert(b.right, depth + 1) };
    }
    case 'CallExpression':
      throw new Rejected('function calls are not allowed in expressions');
    case 'ThisExpression':
      throw new Rejected('`this` is not part of the language');
    case 'ArrayExpression':
      throw new Rejected('lists are not part of the language');
    case 'ConditionalExpression':
      throw new Rejected('`? :` is not supported; use guarded choices (`if`) instead');
    case 'Compound':
      throw new Rejected('one expression only (no commas or semicolons)');
    default:
      throw new Rejected(`\`${node.type}\` is not part of the language`);
  }
}

/** Depth of parentheses outside string literals; a cheap guard before the recursive parser runs. */
function nestingDepth(source: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') max = Math.max(max, ++depth);
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '!' || ch === '-') {
      // Chains of prefix operators nest as deeply as parentheses do.
      let run = 1;
      while (source[i + run] === ch || source[i + run] === ' ') run++;
      max = Math.max(max, depth + run);
    }
  }
  return max;
}

function plainSyntaxMessage(description: string): string {
  if (/^Unclosed \(/.test(description)) return 'a `(` is never closed';
  if (/^Unclosed quote/.test(description)) return 'a quoted string is never closed';
  if (/^Expected expression/.test(description)) return `incomplete expression (${description.toLowerCase()})`;
  if (/^Unexpected "="/.test(description)) return '`=` is not an operator; compare with `==`, or use `set:` to change a field';
  return description.charAt(0).toLowerCase() + description.slice(1);
}
