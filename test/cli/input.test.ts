/**
 * `--input field=value` for simulate, test and play (issue 10, D2): the values the
 * bot's host sets, typed against the context declaration, with a clear error naming
 * the field otherwise.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectNoCrash, journey, tempDir } from '../support/cli.js';

const ACCOUNT = `journey: account
title: Account
context:
  has_account: { type: boolean }
  tier: { type: string }
  age: { type: number }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: check
states:
  check:
    always:
      - if: has_account
        to: menu
      - to: signup
  menu:
    on: { done: resolved }
  signup:
    on: { joined: resolved }
  agent: { type: human, queue: help, hours: always }
  resolved: { type: end, outcome: resolved, feedback: true }
tests:
  - name: with an account, done is the way out
    events: [done]
    expect: { state: resolved }
`;

describe('--input', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir('input');
    mkdirSync(join(dir, 'journeys'));
    writeFileSync(join(dir, 'journeys', 'account.journey.yaml'), ACCOUNT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = 'journeys/account.journey.yaml';

  it('simulate --exhaustive: a given value is not varied; without it both branches are explored', async () => {
    const fixed = await journey(['simulate', file, '--exhaustive', '--input', 'has_account=false', '--format', 'json'], dir);
    expect(fixed.status, fixed.stderr).toBe(0);
    const summary = JSON.parse(fixed.stdout) as { varied: { name: string }[]; outcomes: unknown[] };
    expect(summary.varied.map((v) => v.name)).not.toContain('has_account');
    const free = JSON.parse((await journey(['simulate', file, '--exhaustive', '--format', 'json'], dir)).stdout) as { varied: { name: string }[] };
    expect(free.varied.map((v) => v.name)).toContain('has_account');
  });

  it('simulate (Monte Carlo): the given value is used and not reported as assumed', async () => {
    const run = await journey(['simulate', file, '--runs', '200', '--input', 'has_account=true', '--format', 'json'], dir);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { assumed: { field: string }[]; untaken: { state: string; choice: number | string }[] };
    expect(result.assumed).toEqual([]);
    expect(result.untaken).toContainEqual(expect.objectContaining({ state: 'check', choice: 2 }));
  });

  it('test: the scenario that needs an account passes only with has_account=true', async () => {
    expect((await journey(['test', 'journeys/', '--input', 'has_account=true'], dir)).status).toBe(0);
    expect((await journey(['test', 'journeys/', '--input', 'has_account=false'], dir)).status).toBe(1);
  });

  it('play: the walk starts where the host\'s value sends it', async () => {
    const run = await journey(['play', file, '--events', 'done', '--input', 'has_account=true'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('resolved');
  });

  it.each([
    [['--input', 'has_acount=true'], /not a context field of account \(did you mean `has_account`\?\)/],
    [['--input', 'has_account=yes'], /`has_account` is a boolean field; give true or false \(or null\), got "yes"/],
    [['--input', 'age=old'], /`age` is a number field; give a number/],
    [['--input', 'tier'], /--input takes field=value/],
    [['--input', 'tier=a', '--input', 'tier=b'], /given twice/],
  ])('%j is bad usage (exit 2) naming the field', async (flags, why) => {
    for (const command of [['simulate', file, '--runs', '10'], ['play', file, '--events', 'done'], ['test', 'journeys/']]) {
      const run = await journey([...command, ...(flags as string[])], dir);
      expectNoCrash(run);
      expect(run.status, `${command[0]}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(why);
    }
  });
});
