/**
 * `keepModelsOf` with an in-memory cache (what the language server does): the files whose
 * models are kept are checked afresh every run; the others are answered from the cache
 * while their text is the same, and their items still reach the project rules.
 */
import { describe, expect, it } from 'vitest';
import { LintCache } from '../../src/lint/cache.js';
import { lintSources } from '../../src/lint/lint.js';

const journey = (id: string): string => `journey: ${id}
title: T
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: agent
states:
  agent: { type: human, queue: q, hours: always }
`;

describe('keepModelsOf', () => {
  it('keeps the open file model, caches the others, and project rules still see every file', async () => {
    const cache = LintCache.inMemory();
    const asked: string[] = [];
    const get = cache.get.bind(cache);
    cache.get = (file, key) => {
      const hit = get(file, key);
      if (hit) asked.push(file);
      return hit;
    };
    const sources = [
      { path: '/w/open.journey.yaml', text: journey('same') },
      { path: '/w/closed.journey.yaml', text: journey('same') },
    ];
    const options = { cache, keepModelsOf: (p: string) => p === '/w/open.journey.yaml', cwd: '/w' };
    const first = await lintSources(sources, options);
    const second = await lintSources(sources, options);
    expect(asked).toEqual(['/w/closed.journey.yaml']);
    for (const run of [first, second]) {
      expect(run.map((r) => r.journey !== undefined)).toEqual([true, false]);
      expect(run.map((r) => r.diagnostics.map((d) => d.ruleId).sort())).toEqual([['close-the-loop', 'duplicate-journey'], ['close-the-loop', 'duplicate-journey']]);
    }
    expect(cache.location).toBe('');
    expect(await cache.save()).toBe(true);
  });
});
