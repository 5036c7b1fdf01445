// `journey replay` on the real binary: a log with deliberate deviations is reported exactly
// (golden JSON), plain CSV exports are read through --map, and malformed lines, --strict and
// bad options give the documented exit codes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectNoCrash, journey, tempDir } from '../support/cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'replay');
const LOST_CARD = join(ROOT, 'journeys', 'lost-card.journey.yaml');
const GOLDEN = join(FIXTURES, 'lost-card-deviations.expected.json');

describe('journey replay', () => {
  it('reports the deliberate deviations of a log exactly (golden JSON)', async () => {
    // The log came from real actors (test/support/conversations.ts, seed 11); three lines were then
    // edited: c1 sends an event the journey lacks, c5 goes to the wrong state, c21 goes to fraud_team
    // although `attempts >= 2` does not hold. Two lines of c3 are out of order (still conforming),
    // and line 6 is not JSON.
    const run = await journey(['replay', LOST_CARD, 'lost-card-deviations.jsonl', '--no-simulate', '--format', 'json'], FIXTURES);
    expectNoCrash(run);
    expect(run.status).toBe(1);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, run.stdout);
    expect(existsSync(GOLDEN)).toBe(true);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
    const report = JSON.parse(run.stdout);
    expect(report.replay.conformance.deviations.map((d: { conversation: string; kind: string }) => [d.conversation, d.kind]).sort()).toEqual([
      ['c1', 'unknown-event'],
      ['c21', 'guard-false'],
      ['c5', 'state-mismatch'],
    ]);
    expect(report.read.malformed).toEqual({ count: 1, listed: [{ file: 'lost-card-deviations.jsonl', line: 6, reason: 'not valid JSON' }] });
  });

  it('reads a CSV export through --map, sorting a conversation whose lines are out of order', async () => {
    const run = await journey(['replay', LOST_CARD, 'lost-card-export.csv', '--map', 'conversation=session_id,ts=timestamp', '--map', 'event=intent_name,data.last4=last4', '--no-simulate', '--format', 'json'], FIXTURES);
    expectNoCrash(run);
    const { replay, read } = JSON.parse(run.stdout);
    expect(read.malformed.listed).toEqual([{ file: 'lost-card-export.csv', line: 19, reason: 'no valid time (`timestamp`: ISO 8601 or epoch milliseconds)' }]);
    expect(replay.conversations).toBe(6);
    // s6 says an intent the journey does not know; the rest are explained.
    expect(replay.conformance.deviations).toEqual([{ kind: 'unknown-event', conversation: 's6', file: 'lost-card-export.csv', line: 18, state: 'verify', event: 'fly_away', detail: 'the journey has no event fly_away' }]);
    expect(run.status).toBe(1);
    // s1 contained; s2 (verified arrived late, sorted in) and s4 (second no_match) reached a person; s3, s5 left; s6 unexplained (its replay stopped at the unknown event).
    expect(replay.containment.share).toBeCloseTo(1 / 6, 9);
    expect(replay.escalation.share).toBeCloseTo(2 / 6, 9);
    expect(replay.abandonment.share).toBeCloseTo(2 / 6, 9);
    expect(replay.other.share).toBeCloseTo(1 / 6, 9);
    expect(replay.asked).toMatchObject({ customers: 1, reachedPerson: 1 });
    expect(replay.outcomes).toEqual([{ outcome: 'resolved', count: 1 }]);
  });

  it('malformed lines are reported but fatal only with --strict; text and markdown show the figures', async () => {
    const conforming = join(FIXTURES, 'lost-card-export.csv');
    const args = ['replay', LOST_CARD, conforming, '--map', 'conversation=session_id,ts=timestamp,event=intent_name', '--runs', '2000'];
    const text = await journey(args, FIXTURES);
    expectNoCrash(text);
    expect(text.stdout).toContain('conformance: 83.3%');
    expect(text.stdout).toContain('versus simulation (2,000 simulated customers');
    expect(text.stdout).toContain('lost-card-export.csv:19: no valid time');
    const markdown = await journey([...args, '--format', 'markdown'], FIXTURES);
    expect(markdown.stdout).toContain('## Replay of `lost-card`');
    expect(markdown.stdout).toContain('| figure | real | simulated | gap |');
  });

  it('exit codes: 0 when every conversation conforms, 1 with --strict and a malformed line, 2 for bad usage', async () => {
    const clean = join(tempDir('replay-'), 'clean.jsonl');
    writeFileSync(clean, `${readFileSync(join(FIXTURES, 'lost-card-deviations.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"c3"')).join('\n')}\nnot json\n`);
    expect((await journey(['replay', LOST_CARD, clean, '--no-simulate'], FIXTURES)).status).toBe(0);
    expect((await journey(['replay', LOST_CARD, clean, '--no-simulate', '--strict'], FIXTURES)).status).toBe(1);
    const badMap = await journey(['replay', LOST_CARD, clean, '--map', 'intent=x'], FIXTURES);
    expect(badMap.status).toBe(2);
    expect(badMap.stderr).toContain('--map takes NAME=COLUMN pairs');
    const missing = await journey(['replay', LOST_CARD, 'nowhere.jsonl', '--no-simulate'], FIXTURES);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nowhere.jsonl: no such file');
    const noColumn = await journey(['replay', LOST_CARD, 'lost-card-export.csv', '--no-simulate'], FIXTURES);
    expect(noColumn.status).toBe(2);
    expect(noColumn.stderr).toContain('the CSV header has no column `conversation`');
  });
});

describe('journey personas fit', () => {
  it('writes a personas file that simulate accepts', async () => {
    const out = join(tempDir('fit-'), 'fitted.personas.yaml');
    const run = await journey(['personas', 'fit', LOST_CARD, 'lost-card-deviations.jsonl', '-o', out], FIXTURES);
    expectNoCrash(run);
    expect(run.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('name: fitted');
    expect(text).not.toContain('teleported');
    const sim = await journey(['simulate', LOST_CARD, '--personas', out, '--runs', '500'], FIXTURES);
    expect(sim.status).toBe(0);
    expect(sim.stdout).toContain('personas: fitted 100%');
    expect((await journey(['personas', 'guess', LOST_CARD, 'x.jsonl'], FIXTURES)).status).toBe(2);
  });
});
