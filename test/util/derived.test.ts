import { describe, expect, it } from 'vitest';
import { Derived } from '../../src/util/derived.js';

describe('Derived', () => {
  it('computes once per object and keeps the value out of sight of keys, JSON, spread and clones', () => {
    let calls = 0;
    const size = new Derived<{ items: number[] }, number>('size', (o) => (calls++, o.items.length));
    const a = { items: [1, 2, 3] };
    expect(size.of(a)).toBe(3);
    expect(size.of(a)).toBe(3);
    expect(calls).toBe(1);
    expect(Object.keys(a)).toEqual(['items']);
    expect(JSON.stringify(a)).toBe('{"items":[1,2,3]}');
    // A copy is another object: it gets its own value, never the original's.
    const copy = { ...a, items: [1] };
    expect(size.of(copy)).toBe(1);
    expect(size.of(structuredClone(a))).toBe(3);
    expect(calls).toBe(3);
  });

  it('computes again for a frozen object, which cannot hold the value, unless it was the last one asked for', () => {
    let calls = 0;
    const twice = new Derived<{ n: number }, number>('twice', (o) => (calls++, o.n * 2));
    const frozen = Object.freeze({ n: 4 });
    expect(twice.of(frozen)).toBe(8);
    expect(twice.of(frozen)).toBe(8);
    expect(calls).toBe(1);
    expect(twice.of({ n: 1 })).toBe(2);
    expect(twice.of(frozen)).toBe(8);
    expect(calls).toBe(3);
  });
});
