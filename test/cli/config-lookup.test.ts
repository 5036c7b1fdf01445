/**
 * Every command that lints honours journey.config.yaml, found the same way: the nearest
 * one above each linted file (issue 10, section 2). `journey report` and `journey test`
 * used to lint with the default rules, so with a config that turns a rule off `lint`
 * exited 0 and `report` 1 on the same errors; and configs were only looked up from the
 * working directory.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectNoCrash, journey, tempDir } from '../support/cli.js';

/** Lint-clean but for `no-match-handled` (an error by default): `ask` has no `no_match`. */
const JOURNEY = `journey: quiet
title: Quiet
offramp: { to: agent, on: [agent_requested], frustration: true }
start: ask
states:
  ask:
    say: Shall we go on?
    on: { yes: done }
  agent: { type: human, queue: help, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
tests:
  - name: finishes
    events: [yes]
    expect: { state: done }
`;

describe('config lookup from each file, in every command', () => {
  let root: string;
  const file = join('team', 'journeys', 'quiet.journey.yaml');

  beforeAll(() => {
    ensureBuilt();
    root = tempDir('config-lookup');
    mkdirSync(join(root, 'team', 'journeys'), { recursive: true });
    mkdirSync(join(root, 'plain', 'journeys'), { recursive: true });
    writeFileSync(join(root, file), JOURNEY);
    writeFileSync(join(root, 'plain', 'journeys', 'quiet.journey.yaml'), JOURNEY);
    // The team's config sits above its journeys, not in the folder the commands run from.
    writeFileSync(join(root, 'team', 'journey.config.yaml'), 'rules:\n  no-match-handled: off\n');
    writeFileSync(join(root, 'broken.config.yaml'), 'rules: [oops\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['lint', ['lint', 'team/journeys/']],
    ['test', ['test', 'team/journeys/']],
    ['report', ['report', 'team/journeys/', '--runs', '50']],
    ['compile', ['compile', 'team/journeys/', '--out', 'out']],
  ])('%s: the config beside the journeys turns the rule off (exit 0), run from a folder with no config', async (_name, args) => {
    const run = await journey(args, root);
    expectNoCrash(run);
    expect(`${run.stdout}${run.stderr}`).not.toContain('no-match-handled');
    expect(run.status, run.stderr).toBe(0);
  });

  it.each([
    ['lint', ['lint', 'plain/journeys/']],
    ['report', ['report', 'plain/journeys/', '--runs', '50']],
    ['compile', ['compile', 'plain/journeys/', '--out', 'out-plain']],
  ])('%s: without a config the same journey fails on the rule (exit 1)', async (_name, args) => {
    const run = await journey(args, root);
    expectNoCrash(run);
    expect(`${run.stdout}${run.stderr}`).toContain('no-match-handled');
    expect(run.status).toBe(1);
  });

  it('report shows the findings of the file\'s own config, the same as lint', async () => {
    const run = await journey(['report', 'team/journeys/', '--runs', '50', '--output', 'report.md'], root);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(root, 'report.md'), 'utf8')).toContain('✅ No problems.');
  });

  it.each([
    ['lint', ['lint', 'team/journeys/']],
    ['test', ['test', 'team/journeys/']],
    ['report', ['report', 'team/journeys/', '--runs', '50']],
    ['compile', ['compile', 'team/journeys/', '--out', 'out2']],
    ['simulate', ['simulate', file, '--runs', '50']],
    ['graph', ['graph', file]],
    ['play', ['play', file, '--events', 'yes']],
  ])('%s: --config FILE wins over the lookup for every file, and a broken one is exit 2', async (_name, args) => {
    const run = await journey([...args, '--config', 'broken.config.yaml'], root);
    expectNoCrash(run);
    expect(run.stderr).toContain('broken.config.yaml has problems');
    expect(run.status).toBe(2);
  });

  it.each([
    ['simulate', ['simulate', file, '--runs', '50']],
    ['graph', ['graph', file]],
    ['play', ['play', file, '--events', 'yes']],
  ])('%s reads the config beside its journey too: a broken one there is exit 2 with its path', async (_name, args) => {
    const dir = tempDir('config-lookup-broken');
    try {
      mkdirSync(join(dir, 'journeys'));
      writeFileSync(join(dir, 'journeys', 'quiet.journey.yaml'), JOURNEY);
      writeFileSync(join(dir, 'journeys', 'journey.config.yaml'), 'rules: { no-such-rule: off }\n');
      const run = await journey(args.map((a) => (a === file ? join('journeys', 'quiet.journey.yaml') : a)), dir);
      expectNoCrash(run);
      expect(run.stderr).toMatch(/journeys\/journey\.config\.yaml has problems/);
      expect(run.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two folders with their own configs in one lint run: each file gets its own', async () => {
    const run = await journey(['lint', 'team/journeys/', 'plain/journeys/', '--format', 'json'], root);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const byFolder = (folder: string) => results.find((r) => r.filePath.includes(`${folder}/journeys/`))?.messages.map((m) => m.ruleId) ?? [];
    expect(byFolder('team')).not.toContain('no-match-handled');
    expect(byFolder('plain')).toContain('no-match-handled');
    expect(run.status).toBe(1);
  });
});
