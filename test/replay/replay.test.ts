// Done-when test of issue 16: a compiled journey runs on real xstate actors with the runtime's
// conversation log; the replay of that log explains every conversation and finds the figures
// the actors produced (counted independently while driving them).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogs } from '../../src/sim/log-read.js';
import { Replay } from '../../src/sim/replay.js';
import { example } from '../support/engines.js';
import { loggedConversations } from '../support/conversations.js';

async function replayLines(journeyName: string, lines: readonly string[]) {
  const journey = await example(journeyName);
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const file = join(dir, 'log.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  // The driver starts conversations a minute apart but runs them in turn, so the log's clock runs
  // ahead of a long conversation by more than the default idle time: no conversation is idle here.
  const replay = new Replay(journey, { files: ['log.jsonl'], idleMs: 30 * 24 * 3600_000 });
  const read = await readLogs([file], {}, (r) => replay.add(r));
  return { read, result: replay.finish() };
}

describe('replay of real actors', () => {
  // address-change decides on event data that goes into a pii field: the host opts in to logging it.
  for (const [name, fields, pii] of [
    ['lost-card', ['report_type', 'attempts', 'unrecognised_payments', 'replacement_ordered'], undefined],
    ['address-change', ['card_in_post'], ['postcode']],
  ] as const) {
    it(`${name}: 2,000 conversations conform and the figures are what the actors did`, async () => {
      const journey = await example(name);
      const { lines, truth } = loggedConversations(journey, { conversations: 2000, seed: 7, epoch: Date.UTC(2026, 2, 2, 9), ...(fields ? { fields } : {}), ...(pii ? { pii } : {}) });
      const { read, result } = await replayLines(name, lines);
      expect(read.malformed.count).toBe(0);
      expect(result.conversations).toBe(truth.conversations);
      expect(result.conformance.patterns).toEqual([]);
      expect(result.conformance.conforming).toBe(2000);
      const n = truth.conversations;
      expect(Math.round(result.containment.share * n)).toBe(truth.ends.contained);
      expect(Math.round(result.escalation.share * n)).toBe(truth.ends.escalated);
      expect(Math.round(result.callback.share * n)).toBe(truth.ends.callback);
      expect(Math.round(result.abandonment.share * n)).toBe(truth.ends.abandoned);
      expect(Math.round(result.other.share * n)).toBe(truth.ends.other);
      // Every kind of end happened, so the counts above compare something.
      expect(truth.ends.contained * truth.ends.escalated * truth.ends.abandoned).toBeGreaterThan(0);
      expect(result.turns.count).toBe(n);
      expect(result.turns.mean).toBeCloseTo(truth.turns.reduce((a, b) => a + b, 0) / n, 9);
      expect(result.turns.max).toBe(Math.max(...truth.turns));
      expect(result.asked.customers).toBe(truth.asked);
      expect(result.asked.reachedPerson).toBe(truth.askedReached);
      expect(result.outcomes).toEqual([...truth.outcomes].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count || (a.outcome < b.outcome ? -1 : 1)));
    });
  }
});
