import jsep from 'jsep';
import type { BinaryOperator, Expr, FunctionName, Literal } from './ast.js';
import { FUNCTIONS, functionNamed } from './functions.js';

/** Why an expression was rejected; `offset` is relative to the expression text when known. */
export interface ExprSyntaxError {
  readonly message: string;
  readonly offset?: number;
}

/** Either a parsed expression or the reason it has none. */
export type ParseResult = { readonly expr: Expr; readonly error?: undefined } | { readonly expr?: undefined; readonly error: ExprSyntaxError };

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 1000;
/** Deepest nesting accepted (parentheses, operators and function calls). */
export const MAX_EXPRESSION_DEPTH = 64;

const BINARY: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '-', '*', '/']);
const HINTS: Readonly<Record<string, string>> = {
  '===': 'use `==`: equality is always strict',
  '!==': 'use `!=`: equality is always strict',
  '&': 'use `&&`',
  '|': 'use `||`',
  '??': 'compare the field with `null` instead: `x == null`',
};

/** The built-in functions as they are called, for messages: `len(s)`, `lower(s)`, ... */
const FUNCTION_USAGES = Object.values(FUNCTIONS)
  .map((f) => `\`${f.usage}\``)
  .join(' ');

/** What the language has, appended to every "not supported" message so the fix is in sight. */
export const SUPPORTED_SYNTAX = `expressions use context fields, \`event.<field>\`, numbers, quoted strings, true/false, null, parentheses, the operators \`==\` \`!=\` \`<\` \`<=\` \`>\` \`>=\` \`&&\` \`||\` \`!\` \`+\` \`-\` \`*\` \`/\` and the functions ${FUNCTION_USAGES}`;

/** JavaScript words that are not names in the language, with what to do instead. */
const KEYWORDS: Readonly<Record<string, string>> = {
  typeof: 'every field has the type its `context` entry declares, or is null (test that with `x == null`), so there is no type to test',
  instanceof: 'values are only numbers, strings, true/false and null',
  in: 'read event data as `event.<field>`; to test a value, compare it',
  delete: 'expressions cannot change anything; use `set:` on a transition to change a field',
  void: 'every expression must have a value',
  new: 'nothing can be constructed in an expression',
  function: 'expressions cannot define functions',
  return: 'an expression is its value; write it without `return`',
  var: 'expressions cannot declare variables',
  let: 'expressions cannot declare variables',
  const: 'expressions cannot declare variables',
  await: 'expressions are evaluated at once; nothing can be awaited',
  yield: 'expressions are evaluated at once',
  async: 'expressions are evaluated at once',
  class: 'expressions cannot define classes',
  if: 'use a guarded choice (`if:` on the transition) instead',
  this: 'read context fields by name',
  import: 'expressions cannot load anything',
};

/** Operators JavaScript has and the language does not, longest first, with what to do instead. */
const OPERATORS: readonly (readonly [string, string])[] = [
  ['>>>=', 'there are no bit operations'],
  ['>>>', 'there are no bit operations'],
  ['**=', 'expressions cannot assign; use `set:`'],
  ['===', 'use `==`: equality is always strict'],
  ['!==', 'use `!=`: equality is always strict'],
  ['<<=', 'expressions cannot assign; use `set:`'],
  ['>>=', 'expressions cannot assign; use `set:`'],
  ['++', 'expressions cannot change a field; use `set: { n: n + 1 }` on a transition'],
  ['--', 'expressions cannot change a field; use `set: { n: n - 1 }` on a transition, or write `a - (-1)`'],
  ['**', 'multiply instead: `n * n`'],
  ['=>', 'expressions cannot define functions'],
  ['+=', 'expressions cannot assign; use `set: { n: n + 1 }`'],
  ['-=', 'expressions cannot assign; use `set: { n: n - 1 }`'],
  ['*=', 'expressions cannot assign; use `set:`'],
  ['/=', 'expressions cannot assign; use `set:`'],
  ['%=', 'expressions cannot assign; use `set:`'],
  ['&=', 'expressions cannot assign; use `set:`'],
  ['|=', 'expressions cannot assign; use `set:`'],
  ['^=', 'expressions cannot assign; use `set:`'],
  ['?.', 'only `event.<field>` can be read; a missing field makes the expression fail, which a guard treats as false'],
  ['??', 'compare the field with `null` instead: `x == null`'],
  ['<<', 'there are no bit operations'],
  ['>>', 'there are no bit operations'],
  ['~', 'there are no bit operations; use `!` for not'],
  ['%', 'there is no remainder operator'],
  ['^', 'there are no bit operations'],
  ['`', 'write text in single or double quotes'],
  [';', 'write one expression'],
  [',', 'write one expression; a comma only separates the arguments of a function, as in `min(a, b)`'],
  ['[', 'there are no lists or indexing; read event data as `event.<field>`'],
  ['{', 'there are no objects in expressions'],
];

/**
 * The first JavaScript keyword or operator outside quotes that the language does
 * not have, as a message saying so and listing what the language has. Asked only
 * when an expression is refused (so a field that happens to be named `new` still
 * reads), because jsep reads `typeof n` as two expressions and `n++` as an
 * incomplete one, and its own errors explain neither.
 */
function unsupportedSyntax(source: string): ExprSyntaxError | undefined {
  const n = source.length;
  // For each open parenthesis, whether it opens a call's arguments (after a name or a `)`), where commas belong.
  const calls: boolean[] = [];
  let afterName = false;
  for (let i = 0; i < n; i++) {
    const ch = source[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    const called = afterName;
    afterName = false;
    if (ch === '"' || ch === "'") {
      for (i++; i < n && source[i] !== ch; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(source[j] as string)) j++;
      const word = source.slice(i, j);
      const afterDot = i > 0 && source[i - 1] === '.';
      const why = afterDot ? undefined : KEYWORDS[word];
      if (why !== undefined && Object.hasOwn(KEYWORDS, word)) return { message: `\`${word}\` is not supported (${why}); ${SUPPORTED_SYNTAX}`, offset: i };
      i = j - 1;
      afterName = true;
      continue;
    }
    if (ch === '(') calls.push(called);
    else if (ch === ')') {
      calls.pop();
      afterName = true;
    }
    if (ch === ',' && calls[calls.length - 1] === true) continue;
    for (const [op, why] of OPERATORS) {
      if (source.startsWith(op, i)) return { message: `${op === '`' ? 'a backtick' : `the operator \`${op}\``} is not supported (${why}); ${SUPPORTED_SYNTAX}`, offset: i };
    }
  }
  return undefined;
}

const cache = new Map<string, ParseResult>();
const CACHE_LIMIT = 10_000;

/**
 * Parses an expression of the journey language. Accepts only literals (`null`
 * included), context fields, `event.<name>`, `!`, unary `-`, the binary operators of
 * the format and calls of the built-in functions by name with their arity;
 * everything else (other calls, methods, `this`, indexing, templates...) is an
 * error, so nothing can be executed or reached beyond declared fields. Never throws.
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
    return { error: unsupportedSyntax(source) ?? { message: plainSyntaxMessage(description), ...(typeof e.index === 'number' ? { offset: e.index } : {}) } };
  }
  try {
    return { expr: convert(tree, 0) };
  } catch (error) {
    // jsep reads `typeof n` as two expressions and `n ~ 1` as `n` then `~1`: name the JavaScript construct instead.
    return { error: unsupportedSyntax(source) ?? { message: error instanceof Rejected ? error.message : 'the expression could not be read' } };
  }
}

class Rejected extends Error {}

function convert(node: jsep.Expression, depth: number): Expr {
  if (depth > MAX_EXPRESSION_DEPTH) throw new Rejected(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`);
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value === null) return { kind: 'literal', value: null };
      if (typeof value === 'number' && !Number.isFinite(value)) throw new Rejected('number literals must be finite');
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new Rejected('only numbers, quoted strings, true/false and null are literals');
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
      if (u.operator !== '!' && u.operator !== '-') throw new Rejected(`the operator \`${u.operator}\` is not supported as a prefix (only \`!\` and \`-\` are); ${SUPPORTED_SYNTAX}`);
      return { kind: 'unary', op: u.operator, arg: convert(u.argument, depth + 1) };
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      if (!BINARY.has(b.operator)) {
        const hint = HINTS[b.operator];
        throw new Rejected(`the operator \`${b.operator}\` is not supported${hint ? ` (${hint})` : ''}; ${SUPPORTED_SYNTAX}`);
      }
      return { kind: 'binary', op: b.operator as BinaryOperator, left: convert(b.left, depth + 1), right: convert(b.right, depth + 1) };
    }
    case 'CallExpression':
      return call(node as jsep.CallExpression, depth);
    case 'ThisExpression':
      throw new Rejected('`this` is not part of the language');
    case 'ArrayExpression':
      throw new Rejected(`lists are not part of the language; ${SUPPORTED_SYNTAX}`);
    case 'ConditionalExpression':
      throw new Rejected(`\`? :\` is not supported (use guarded choices, \`if:\` on the transition); ${SUPPORTED_SYNTAX}`);
    case 'Compound':
      throw new Rejected(`write one expression (two values side by side need an operator between them); ${SUPPORTED_SYNTAX}`);
    default:
      throw new Rejected(`\`${node.type}\` is not part of the language; ${SUPPORTED_SYNTAX}`);
  }
}

/** A call of a built-in function by name with its number of arguments; any other call is refused, naming what was called. */
function call(node: jsep.CallExpression, depth: number): Expr {
  const callee = node.callee;
  const name = callee.type === 'Identifier' ? (callee as jsep.Identifier).name : undefined;
  const fn = name === undefined ? undefined : functionNamed(name);
  if (name === undefined || fn === undefined) {
    const called = name ?? calleeText(callee);
    const what = called === undefined ? 'only a function named directly can be called' : `\`${called}\` is not one of them${name === undefined ? ' (values have no methods)' : ''}`;
    throw new Rejected(`function calls are not allowed except to the language's own functions, and ${what}; ${SUPPORTED_SYNTAX}`);
  }
  const count = node.arguments.length;
  if (count < fn.minArgs || count > fn.maxArgs) {
    const wanted = fn.minArgs === fn.maxArgs ? `${fn.minArgs} argument${fn.minArgs === 1 ? '' : 's'}` : `${fn.minArgs} to ${fn.maxArgs} arguments`;
    const single = count === 1 && (name === 'min' || name === 'max') ? ` (the ${name === 'min' ? 'smallest' : 'largest'} of one number is that number)` : '';
    throw new Rejected(`\`${name}\` takes ${wanted}, not ${count}: write \`${fn.usage}\`${single}; ${SUPPORTED_SYNTAX}`);
  }
  return { kind: 'call', fn: name as FunctionName, args: node.arguments.map((a) => convert(a, depth + 1)) };
}

/** `a.b.c` for a chain of plain names (how a refused method call is named); undefined for anything else. */
function calleeText(node: jsep.Expression): string | undefined {
  if (node.type === 'Identifier') return (node as jsep.Identifier).name;
  if (node.type !== 'MemberExpression') return undefined;
  const m = node as jsep.MemberExpression;
  if (m.computed || m.property.type !== 'Identifier') return undefined;
  const object = calleeText(m.object);
  return object === undefined ? undefined : `${object}.${(m.property as jsep.Identifier).name}`;
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
