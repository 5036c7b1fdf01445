/**
 * Expression errors say what is not supported and list what is (issue 17, item 7).
 * Before, `typeof n == 'number'`, `delete n`, `void 0`, `new Function()`, `n in event`,
 * `n instanceof Object` and `n ~ 1` all said "one expression only (no commas or
 * semicolons)", and `n++` said "missing unaryOp argument".
 */
import { describe, expect, it } from 'vitest';
import { parseExpression, SUPPORTED_SYNTAX } from '../../src/expr/parse.js';

const messageOf = (source: string): string => {
  const parsed = parseExpression(source);
  if (!parsed.error) throw new Error(`${source} parsed`);
  return parsed.error.message;
};

describe('JavaScript constructs the language does not have are named', () => {
  it.each([
    ["typeof n == 'number'", '`typeof` is not supported'],
    ['delete n', '`delete` is not supported'],
    ['void 0', '`void` is not supported'],
    ['new Function()', '`new` is not supported'],
    ['n in event', '`in` is not supported'],
    ['n instanceof Object', '`instanceof` is not supported'],
    ['n ~ 1', 'the operator `~` is not supported'],
    ['n++', 'the operator `++` is not supported'],
    ['n--', 'the operator `--` is not supported'],
    ['n += 1', 'the operator `+=` is not supported'],
    ['n % 2', 'the operator `%` is not supported'],
    ['n ** 2', 'the operator `**` is not supported'],
    ['a ?? b', 'the operator `??` is not supported'],
    ['a?.b', 'the operator `?.` is not supported'],
    ['`x`', 'a backtick is not supported'],
    ['a, b', 'the operator `,` is not supported'],
    ['x => 1', 'the operator `=>` is not supported'],
    ['a ? b : c', '`? :` is not supported'],
    ['f(x)', 'function calls are not allowed'],
    ['a === b', 'the operator `===` is not supported'],
  ])('%s', (source, said) => {
    const message = messageOf(source);
    expect(message.startsWith(said), message).toBe(true);
    expect(message).toContain(SUPPORTED_SYNTAX);
    expect(message).not.toMatch(/one expression only|unaryOp/);
  });

  it('keywords and operators inside quoted strings do not count', () => {
    expect(parseExpression("plan == 'typeof n++ ~ x'").error).toBeUndefined();
    expect(parseExpression('note == "a, b; c"').error).toBeUndefined();
  });

  it('a field that happens to share a JavaScript word still reads (only refused expressions are explained)', () => {
    expect(parseExpression('new == true').expr).toEqual({ kind: 'binary', op: '==', left: { kind: 'field', name: 'new' }, right: { kind: 'literal', value: true } });
    expect(parseExpression('event.in == 1').error).toBeUndefined();
  });

  it('the supported list names every operator of the language', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=', '&&', '||', '!', '+', '-', '*', '/']) expect(SUPPORTED_SYNTAX).toContain(`\`${op}\``);
  });

  it('the supported list names null and every function with its arguments (format 1.1)', () => {
    expect(SUPPORTED_SYNTAX).toContain('true/false, null,');
    for (const call of ['len(s)', 'lower(s)', 'upper(s)', 'contains(s, part)', 'min(a, b, ...)', 'max(a, b, ...)', 'round(n)']) expect(SUPPORTED_SYNTAX).toContain(`\`${call}\``);
  });
});
