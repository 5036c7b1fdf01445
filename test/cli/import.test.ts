import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectNoCrash, journey, ROOT, tempDir } from '../support/cli.js';

// The command of issue 12 on real files and the real binary: `journey import`, then
// `journey lint` on its output, and `journey lint --import` with findings in the bot's files.
const RASA = join(ROOT, 'test', 'fixtures', 'import', 'rasa');

beforeAll(() => ensureBuilt());

/** A copy of a fixture bot in a fresh folder (the tests write beside it). */
function botCopy(name: string): string {
  const dir = tempDir('import');
  cpSync(join(RASA, name), join(dir, 'bot'), { recursive: true });
  return dir;
}

describe('journey import', () => {
  it('--out writes one journey file per flow, the same bytes as the golden files; a second import changes nothing', async () => {
    const dir = botCopy('card-bank');
    const first = await journey(['import', 'rasa', 'bot', '--out', 'journeys'], dir);
    expectNoCrash(first);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    const expected = readdirSync(join(RASA, 'card-bank', 'expected')).sort();
    expect(readdirSync(join(dir, 'journeys')).sort()).toEqual(expected);
    for (const f of expected) expect(readFileSync(join(dir, 'journeys', f), 'utf8')).toBe(readFileSync(join(RASA, 'card-bank', 'expected', f), 'utf8'));
    expect(first.stderr).toMatch(/^Imported 3 journeys from bot \(rasa\):$/m);
    expect(first.stderr).toMatch(/journeys\/block-card\.journey\.yaml {2}\d+ states, \d+ losses, written/);
    expect(first.stderr).toMatch(/data\/flows\/\S+\.yml:\d+:\d+ {2}\S+/);
    expect(first.stderr).toMatch(/^Next: journey lint journeys$/m);
    const before = statSync(join(dir, 'journeys', expected[0] as string)).mtimeMs;
    const again = await journey(['import', 'rasa', 'bot', '--out', 'journeys'], dir);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/unchanged/);
    expect(statSync(join(dir, 'journeys', expected[0] as string)).mtimeMs).toBe(before);
  });

  it('never replaces a changed file without --force, and then writes nothing at all', async () => {
    const dir = botCopy('card-bank');
    expect((await journey(['import', 'rasa', 'bot', '--out', 'journeys'], dir)).status).toBe(0);
    const edited = join(dir, 'journeys', 'block-card.journey.yaml');
    writeFileSync(edited, '# my edit\n');
    const refused = await journey(['import', 'rasa', 'bot', '--out', 'journeys'], dir);
    expectNoCrash(refused);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/1 file in journeys would be replaced \(journeys\/block-card\.journey\.yaml\); nothing was written\. Pass --force/);
    expect(readFileSync(edited, 'utf8')).toBe('# my edit\n');
    const forced = await journey(['import', 'rasa', 'bot', '--out', 'journeys', '--force'], dir);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/block-card\.journey\.yaml .*replaced/);
    expect(readFileSync(edited, 'utf8')).toBe(readFileSync(join(RASA, 'card-bank', 'expected', 'block-card.journey.yaml'), 'utf8'));
  });

  it('without --out prints the journeys as one YAML stream; --format json reports journeys, losses and their positions', async () => {
    const printed = await journey(['import', 'rasa', join(RASA, 'card-bank')], ROOT);
    expect(printed.status).toBe(0);
    const docs = printed.stdout.split(/^--- # /m).filter((d) => d !== '');
    expect(docs.map((d) => d.slice(0, d.indexOf('\n')))).toEqual(['block-card.journey.yaml', 'check-balance.journey.yaml', 'verify-identity.journey.yaml']);
    expect(docs[0]?.slice(docs[0].indexOf('\n') + 1)).toBe(readFileSync(join(RASA, 'card-bank', 'expected', 'block-card.journey.yaml'), 'utf8'));
    const json = await journey(['import', 'rasa', join(RASA, 'card-bank'), '--format', 'json'], ROOT);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as { platform: string; journeys: { id: string; text: string; states: number; losses: { kind: string; at: { file: string; line: number } }[] }[]; problems: unknown[] };
    expect(report.platform).toBe('rasa');
    expect(report.problems).toEqual([]);
    expect(report.journeys.map((j) => j.id)).toEqual(['block-card', 'check-balance', 'verify-identity']);
    expect(report.journeys[0]?.states).toBeGreaterThan(3);
    expect(report.journeys.flatMap((j) => j.losses).every((l) => /^data\/flows\/.+\.yml$/.test(l.at.file) && l.at.line >= 1)).toBe(true);
  });

  it('--hours sets the hours of every human state; a bad --hours, an unknown platform or a missing path is exit 2', async () => {
    const hours = await journey(['import', 'rasa', join(RASA, 'card-bank'), '--hours', 'mon-fri 09:00-17:00 Europe/London'], ROOT);
    expect(hours.status).toBe(0);
    expect(hours.stdout).toMatch(/hours: mon-fri 09:00-17:00 Europe\/London/);
    expect(hours.stdout).not.toMatch(/no opening hours/);
    const bad = await journey(['import', 'rasa', join(RASA, 'card-bank'), '--hours', 'weekdays'], ROOT);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^journey: --hours "weekdays": .*IANA time zone/m);
    const platform = await journey(['import', 'botpress', 'x'], ROOT);
    expect(platform.status).toBe(2);
    expect(platform.stderr).toMatch(/unknown platform "botpress"; use one of rasa, dialogflow-cx, connect, copilot-studio/);
    const missing = await journey(['import', 'rasa', 'no/such/bot'], ROOT);
    expectNoCrash(missing);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/There is nothing at .*no\/such\/bot/);
  });

  it('bad input: positioned problems on stderr, exit 2, and the sound part still imported', async () => {
    const truncated = await journey(['import', 'rasa', join(RASA, 'truncated')], ROOT);
    expectNoCrash(truncated);
    expect(truncated.status).toBe(2);
    expect(truncated.stderr).toMatch(/data\/flows\/\S+\.yml:\d+:\d+: error: /);
    const notProject = await journey(['import', 'rasa', join(RASA, 'not-a-project')], ROOT);
    expect(notProject.status).toBe(2);
    expect(notProject.stderr).toMatch(/\[import\]/);
    expect(notProject.stdout).toBe('');
  });
});

describe('linting an imported bot', () => {
  it('journey lint on the written journeys: the message-only handoff fails human-exit, the real one passes', async () => {
    const dir = botCopy('plan-change');
    expect((await journey(['import', 'rasa', 'bot', '--out', 'journeys'], dir)).status).toBe(0);
    const failing = await journey(['lint', 'journeys', '--format', 'json'], dir);
    expect(failing.status).toBe(1);
    const rules = (JSON.parse(failing.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(rules).toContain('human-exit');
    expect(rules).toContain('import-lossy');
    expect(rules).not.toContain('schema');
    const real = botCopy('card-bank');
    expect((await journey(['import', 'rasa', 'bot', '--out', 'journeys'], real)).status).toBe(0);
    const passing = await journey(['lint', 'journeys', '--format', 'json'], real);
    expect(passing.status).toBe(0);
    expect((JSON.parse(passing.stdout) as { messages: { ruleId: string; severity: number }[] }[]).flatMap((f) => f.messages).filter((m) => m.severity === 2)).toEqual([]);
  });

  it('--import puts every finding in the bot\'s own files: stylish, JSON, SARIF and GitHub annotations', async () => {
    const dir = botCopy('plan-change');
    const bot = join(dir, 'bot');
    const json = await journey(['lint', '--import', 'rasa', 'bot', '--format', 'json'], dir);
    expectNoCrash(json);
    expect(json.status).toBe(1);
    const files = JSON.parse(json.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f.filePath.startsWith(join(bot, 'data'))).toBe(true);
      const lines = readFileSync(f.filePath, 'utf8').split('\n');
      for (const m of f.messages) {
        expect(m.line).toBeLessThanOrEqual(lines.length);
        expect(m.message).toMatch(/imported journey `[a-z-]+`\)$/);
      }
    }
    const human = files.flatMap((f) => f.messages.map((m) => ({ ...m, file: f.filePath }))).find((m) => m.ruleId === 'human-exit');
    expect(human).toBeDefined();
    const sarif = await journey(['lint', '--import', 'rasa', 'bot', '--format', 'sarif'], dir);
    const uris = (JSON.parse(sarif.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    expect(uris?.length).toBeGreaterThan(0);
    for (const uri of uris ?? []) expect(uri).toMatch(/bot\/data\/.+\.yml$/);
    const github = await journey(['lint', '--import', 'rasa', 'bot', '--format', 'github'], dir);
    expect(github.stdout).toMatch(/^::error file=bot\/data\/[^,]+\.yml,line=\d+,/m);
  });

  it('--import on a broken bot reports the problems as `import` or `syntax` findings at their lines, lints the rest, and exits 2', async () => {
    const run = await journey(['lint', '--import', 'rasa', join(RASA, 'truncated'), '--format', 'json'], ROOT);
    expectNoCrash(run);
    expect(run.status).toBe(2);
    const files = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(files.some((f) => f.messages.some((m) => m.ruleId === 'syntax' && m.line > 1))).toBe(true);
    expect(run.stderr).toMatch(/part of the bot could not be imported/);
    const usage = await journey(['lint', '--import', 'rasa', 'a', 'b'], ROOT);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--import rasa takes exactly one path/);
    const hoursAlone = await journey(['lint', 'journeys', '--hours', 'always'], ROOT);
    expect(hoursAlone.status).toBe(2);
  });
});
