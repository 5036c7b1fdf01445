import { describe, expect, it } from 'vitest';
import { componentsOf } from '../../src/graph/traversal.js';

const adjacency = (n: number, edges: readonly [number, number][]): { to: number }[][] => {
  const out: { to: number }[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of edges) (out[from] as { to: number }[]).push({ to });
  return out;
};

describe('componentsOf', () => {
  it('finds components in reverse topological order, each in discovery order', () => {
    // 0 -> {1 <-> 2} -> 3, and 3 loops on itself.
    const out = adjacency(4, [[0, 1], [1, 2], [2, 1], [2, 3], [3, 3]]);
    expect(componentsOf(out, () => true)).toEqual([[3], [1, 2], [0]]);
  });

  it('ignores the edges keep rejects, and passes the source node to keep', () => {
    const out = adjacency(3, [[0, 1], [1, 0], [1, 2], [2, 1]]);
    const seen: [number, number][] = [];
    const components = componentsOf(out, (e, from) => {
      seen.push([from, e.to]);
      return from !== 2;
    });
    expect(components).toEqual([[2], [0, 1]]);
    expect(seen).toContainEqual([2, 1]);
  });

  it('handles a 200,000-node cycle without overflowing the stack', () => {
    const n = 200_000;
    const out = adjacency(n, Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as [number, number]));
    const components = componentsOf(out, () => true);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});
