// The values the explorer, Monte Carlo and scenario coverage try for unknown fields and event
// data (src/behaviour/domains.ts): read off the journey's comparisons, also through the
// built-in functions of format 1.1.
import { describe, expect, it } from 'vitest';
import { domainsOf, OTHER_TEXT } from '../../src/behaviour/domains.js';
import { journeyFrom } from '../support/engines.js';

/** A journey whose `check` event is guarded by `guard`; `code` is a string and `amount` a number, neither with a default. */
const guarded = (guard: string): string => `journey: t
title: T
context:
  code: { type: string }
  amount: { type: number }
  vip: { type: boolean, default: false }
start: greet
states:
  greet:
    on:
      help: agent
      check:
        - if: ${guard}
          to: agent
        - to: greet
  agent:
    type: human
    queue: q
    hours: always
`;

describe('domains', () => {
  it('a string compared with literals: each literal and another value', async () => {
    const d = domainsOf(await journeyFrom(guarded(`"code == 'b' || code == 'a'"`)));
    expect(d.field('code').values).toEqual(['a', 'b', OTHER_TEXT]);
    expect(d.decidedFields.has('code')).toBe(true);
  });

  it('a number compared with an ordering operator: the boundary and either side', async () => {
    expect(domainsOf(await journeyFrom(guarded('amount > 100'))).field('amount').values).toEqual([99, 100, 101]);
  });

  it('a field compared with null can be null', async () => {
    expect(domainsOf(await journeyFrom(guarded(`"code != null && code == 'x'"`))).field('code').values).toEqual(['x', OTHER_TEXT, null]);
  });

  it('len(s) compared with a number: strings one shorter, as long, one longer', async () => {
    const values = domainsOf(await journeyFrom(guarded('len(code) >= 3'))).field('code').values;
    expect(values).toEqual(expect.arrayContaining(['xx', 'xxx', 'xxxx']));
  });

  it('contains(s, part) tries a value holding the part and one without it', async () => {
    const values = domainsOf(await journeyFrom(guarded(`"contains(code, 'card')"`))).field('code').values;
    expect(values).toEqual(['card', OTHER_TEXT]);
  });

  it('lower(s) compared with a literal tries that literal', async () => {
    expect(domainsOf(await journeyFrom(guarded(`"lower(code) == 'yes'"`))).field('code').values).toEqual(['yes', OTHER_TEXT]);
  });

  it('round(n) and min/max compared with a number draw the same boundaries as the bare value', async () => {
    expect(domainsOf(await journeyFrom(guarded('round(amount) < 5'))).field('amount').values).toEqual([4, 5, 6]);
    expect(domainsOf(await journeyFrom(guarded('max(amount, 1) == 7'))).field('amount').values).toEqual([7]);
  });

  it('a field no decision reads has no candidate values', async () => {
    const d = domainsOf(await journeyFrom(guarded('vip')));
    expect(d.field('code').values).toEqual([]);
    expect(d.decidedFields.has('code')).toBe(false);
  });
});
