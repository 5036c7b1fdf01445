/**
 * `journey explain RULE`: the rule's docs page laid out for an 80-column terminal
 * (output is not a TTY here and COLUMNS is unset); unknown rules are a usage
 * error with a suggestion; every rule listed by `journey rules` explains.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/rules/index.js';
import { ensureBuilt, expectCleanStreams, journeySync, journey, type Run } from '../support/cli.js';

let work: string;
let humanExit: Run;
let rulesJson: Run;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'journey-explain-'));
  humanExit = journeySync(['explain', 'human-exit'], work);
  rulesJson = journeySync(['rules', '--format', 'json'], work);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Lines longer than `width` terminal columns (counted in code points). */
const tooWide = (text: string, width = 80): string[] => text.split('\n').filter((l) => [...l].length > width);

describe('journey explain', () => {
  it('explain human-exit: exit 0, the rule page, every line at most 80 columns', () => {
    expect(humanExit.status).toBe(0);
    expectCleanStreams(humanExit);
    expect(humanExit.stderr).toBe('');
    expect(humanExit.stdout.split('\n')[0]).toContain('human-exit');
    expect(humanExit.stdout.split('\n').length).toBeGreaterThan(20);
    expect(tooWide(humanExit.stdout)).toEqual([]);
    expect(humanExit.stdout).not.toMatch(/\t/);
  });

  it('a wide COLUMNS does not make the page wider when stdout is not a terminal', () => {
    const run = journeySync(['explain', 'human-exit'], work, { env: { COLUMNS: '200' } });
    expect(run.status).toBe(0);
    expect(tooWide(run.stdout)).toEqual([]);
  });

  it('an unknown rule: exit 2, suggests the closest rule, no stack trace', () => {
    const run = journeySync(['explain', 'humen-exit'], work);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('humen-exit');
    expect(run.stderr).toContain('human-exit');
    expectCleanStreams(run);
  });

  it('`journey rules --format json` lists every registered rule', () => {
    expect(rulesJson.status).toBe(0);
    const rules = JSON.parse(rulesJson.stdout) as { id: string }[];
    expect(rules.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
  });

  it('every rule from `journey rules --format json` explains with exit 0, within 80 columns', async () => {
    const ids = (JSON.parse(rulesJson.stdout) as { id: string }[]).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(17);
    const runs = await Promise.all(ids.map((id) => journey(['explain', id], work)));
    runs.forEach((run, i) => {
      const id = ids[i] as string;
      expect(run.status, id).toBe(0);
      expect(run.stderr, id).toBe('');
      expect(run.stdout.split('\n')[0], id).toContain(id);
      expect(tooWide(run.stdout), id).toEqual([]);
    });
  });
});
