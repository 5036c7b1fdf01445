/**
 * journey.config.yaml through the real binary: config errors (positioned, exit 2), the config
 * found by walking up or named with --config, overrides and ignores, --print-config, and inline
 * disable comments in the --format json report. Runs that do not depend on each other overlap.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';
import { ensureBuilt, expectNoCrash, journey, tempDir } from '../support/cli.js';
import { findings, parseJson } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'config');
let work: string;
let project: string;

beforeAll(() => {
  ensureBuilt();
  work = tempDir('config');
  cpSync(FIXTURES, work, { recursive: true });
  project = join(work, 'project');
  cpSync(join(ROOT, 'test', 'fixtures', 'lint', 'directives'), join(work, 'directives'), { recursive: true });
  // A folder whose nearest config (found by walking up) is broken.
  mkdirSync(join(work, 'broken-up', 'team', 'journeys'), { recursive: true });
  writeFileSync(join(work, 'broken-up', 'journey.config.yaml'), 'rules:\n  humen-exit: off\n');
  cpSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), join(work, 'broken-up', 'team', 'journeys', 'lost-card.journey.yaml'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('config errors: positioned messages on stderr, exit 2, nothing linted', () => {
  const cases: [file: string, position: string, message: RegExp][] = [
    ['unknown-rule.yaml', '4:3', /`humen-exit`.*did you mean `human-exit`/],
    ['wrong-option-type.yaml', '2:39', /offramp-distance.*urgent.*whole number.*one/],
    ['unknown-option.yaml', '2:31', /offramp-distance.*unknown key `urgnt`/],
    ['bad-severity.yaml', '3:14', /trap-loop.*`fatal` is not allowed/],
    ['yaml-syntax.yaml', '2:15', /The list opened by `\[` is not closed/],
    ['unknown-top-level-key.yaml', '2:1', /unknown key `rulez`.*did you mean `rules`/],
    ['override-option.yaml', '4:42', /offramp-distance.*urgent.*two/],
  ];

  it('each bad config given with --config', async () => {
    const runs = await Promise.all(cases.map(([file]) => journey(['lint', '--config', join('..', 'bad', file), 'journeys'], project)));
    cases.forEach(([file, position, message], i) => {
      const run = runs[i]!;
      expectNoCrash(run);
      expect(run.status, `${file}\n${run.stderr}`).toBe(2);
      expect(run.stdout, file).toBe('');
      expect(run.stderr, file).toContain(`bad/${file}:${position}: error:`);
      expect(run.stderr, file).toMatch(message);
      // A code frame shows the offending line.
      expect(run.stderr, file).toMatch(new RegExp(`^\\s+${position.split(':')[0]} \\|`, 'm'));
    });
  });

  it('a broken config found by walking up from the working directory; a missing --config file', async () => {
    const [walked, missing] = await Promise.all([journey(['lint', 'journeys'], join(work, 'broken-up', 'team')), journey(['lint', '--config', 'nope.yaml', 'journeys'], project)]);
    for (const run of [walked, missing]) expectNoCrash(run);
    expect(walked.status).toBe(2);
    expect(walked.stderr).toMatch(/journey\.config\.yaml:2:3: error: .*humen-exit/);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
  });
});

describe('a valid config: walking up, --config, overrides, ignores', () => {
  it('from the project root: the override relaxes legacy journeys, options apply, drafts are ignored', async () => {
    const run = await journey(['lint', 'journeys', '--format', 'json'], project);
    expectNoCrash(run);
    expect(run.status).toBe(1);
    const results = parseJson(run);
    expect(results.map((r) => r.filePath.slice(project.length + 1))).toEqual(['journeys/legacy/findings.journey.yaml', 'journeys/main/findings.journey.yaml']);
    const [legacy, main] = results;
    expect(legacy!.messages.map((m) => [m.ruleId, m.line, m.severity])).toEqual([
      ['offramp-distance', 18, 1],
      ['unreachable-state', 27, 1],
    ]);
    expect(main!.messages.map((m) => [m.ruleId, m.line, m.severity])).toEqual([
      ['pii-purpose', 5, 1],
      ['pii-purpose', 6, 1],
      ['offramp-distance', 18, 2],
      ['unreachable-state', 27, 1],
    ]);
  });

  it('the config is found by walking up from a subfolder, and its globs stay relative to the config', async () => {
    const [legacy, main] = await Promise.all([
      journey(['lint', '.', '--format', 'json'], join(project, 'journeys', 'legacy')),
      journey(['lint', '.', '--format', 'json'], join(project, 'journeys', 'main')),
    ]);
    expect(legacy.status).toBe(0);
    expect(findings(parseJson(legacy)[0])).toEqual(['offramp-distance@18', 'unreachable-state@27']);
    expect(parseJson(legacy)[0]!.errorCount).toBe(0);
    expect(main.status).toBe(1);
    expect(parseJson(main)[0]!.errorCount).toBe(1);
  });

  it('--config FILE replaces the nearest config; --no-ignore lints what `ignores` skips', async () => {
    const [strict, noIgnore] = await Promise.all([
      journey(['lint', 'journeys/legacy', '--format', 'json', '--config', join(work, 'strict', 'strict.config.yaml')], project),
      journey(['lint', 'journeys', '--format', 'json', '--no-ignore'], project),
    ]);
    expect(strict.status).toBe(1);
    // strict: every rule an error, and no override from the project config.
    expect(parseJson(strict)[0]!.messages.map((m) => [m.ruleId, m.severity])).toEqual([
      ['pii-purpose', 2],
      ['pii-purpose', 2],
      ['offramp-distance', 2],
      ['unreachable-state', 2],
    ]);
    expect(noIgnore.status).toBe(1);
    const files = parseJson(noIgnore).map((r) => r.filePath.slice(project.length + 1));
    expect(files).toContain('journeys/drafts/draft.journey.yaml');
    expect(parseJson(noIgnore).find((r) => r.filePath.endsWith('draft.journey.yaml'))!.messages[0]!.ruleId).toBe('syntax');
  });
});

describe('max-file-size', () => {
  it('from the config refuses larger journeys (too-large at 1:1, exit 1); --max-file-size on the command line wins', async () => {
    const dir = join(work, 'size');
    mkdirSync(join(dir, 'journeys'), { recursive: true });
    writeFileSync(join(dir, 'journey.config.yaml'), 'max-file-size: 1KB\n');
    writeFileSync(join(dir, 'journeys', 'a.journey.yaml'), readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8'));
    const [limited, flag] = await Promise.all([journey(['lint', '--format', 'json'], dir), journey(['lint', '--format', 'json', '--max-file-size', '1MB'], dir)]);
    expectNoCrash(limited);
    expect(limited.status).toBe(1);
    expect(parseJson(limited)[0]!.messages.map((m) => [m.ruleId, m.messageId, m.line, m.column])).toEqual([['syntax', 'too-large', 1, 1]]);
    expect(flag.status).toBe(0);
    expect(parseJson(flag)[0]!.messages).toEqual([]);
  });
});

describe('--print-config FILE', () => {
  it('prints the effective config as JSON, with options, and an override changes it', async () => {
    const [main, legacy, draft] = await Promise.all([
      journey(['lint', '--print-config', 'journeys/main/findings.journey.yaml'], project),
      journey(['lint', '--print-config', 'journeys/legacy/findings.journey.yaml'], project),
      journey(['lint', '--print-config', 'journeys/drafts/draft.journey.yaml'], project),
    ]);
    for (const run of [main, legacy, draft]) {
      expectNoCrash(run);
      expect(run.status).toBe(0);
    }
    const m = JSON.parse(main.stdout) as { rules: Record<string, unknown>; config: string; ignored: boolean; extends: string };
    const l = JSON.parse(legacy.stdout) as { rules: Record<string, unknown>; ignored: boolean };
    expect(m.config).toBe(join(project, 'journey.config.yaml'));
    expect(m.extends).toBe('recommended');
    expect(m.rules['offramp-distance']).toEqual(['error', { routine: 4, sensitive: 2, urgent: 1 }]);
    expect(m.rules['pii-purpose']).toBe('warn');
    expect(m.rules['human-exit']).toBe('error');
    expect(l.rules['offramp-distance']).toEqual(['warn', { routine: 4, sensitive: 2, urgent: 1 }]);
    expect(l.rules['pii-purpose']).toBe('off');
    expect(m.ignored).toBe(false);
    expect((JSON.parse(draft.stdout) as { ignored: boolean }).ignored).toBe(true);
  });

  it('with --config, and strict makes every rule an error', async () => {
    const run = await journey(['lint', '--config', join(work, 'strict', 'strict.config.yaml'), '--print-config', 'journeys/main/findings.journey.yaml'], project);
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { rules: Record<string, unknown>; extends: string };
    expect(printed.extends).toBe('strict');
    for (const [id, value] of Object.entries(printed.rules)) expect(Array.isArray(value) ? value[0] : value, id).toBe('error');
    expect(printed.rules['offramp-distance']).toEqual(['error', { routine: 3, sensitive: 2, urgent: 1 }]);
  });
});

describe('inline disable comments in the --format json report', () => {
  it('remaining findings and directive findings, with ruleId, messageId and line', async () => {
    const run = await journey(['lint', 'directives', '--format', 'json'], work);
    expectNoCrash(run);
    expect(run.status).toBe(1);
    const [result] = parseJson(run);
    expect(result!.messages.map((m) => [m.ruleId, m.messageId, m.line, m.severity])).toEqual([
      ['pii-purpose', 'noPurpose', 7, 1],
      ['directive', 'unused', 15, 1],
      ['directive', 'missing-reason', 20, 2],
      ['offramp-distance', 'tooFar', 21, 2],
      ['directive', 'unknown-rule', 36, 2],
    ]);
    expect(result!.errorCount).toBe(3);
    expect(result!.warningCount).toBe(2);
  });

  it('report-unused-disables from the config: error fails a run; off hides the finding', async () => {
    const dir = join(work, 'unused');
    mkdirSync(join(dir, 'journeys'), { recursive: true });
    const text = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');
    writeFileSync(join(dir, 'journeys', 'a.journey.yaml'), `# journey-disable-file pii-purpose\n${text}`);
    writeFileSync(join(dir, 'error.yaml'), 'report-unused-disables: error\n');
    writeFileSync(join(dir, 'off.yaml'), 'report-unused-disables: off\n');
    const [byDefault, error, off] = await Promise.all([
      journey(['lint', '--format', 'json'], dir),
      journey(['lint', '--format', 'json', '--config', 'error.yaml'], dir),
      journey(['lint', '--format', 'json', '--config', 'off.yaml'], dir),
    ]);
    expect(byDefault.status).toBe(0);
    expect(parseJson(byDefault)[0]!.messages.map((m) => [m.ruleId, m.messageId, m.line, m.severity])).toEqual([['directive', 'unused', 1, 1]]);
    expect(error.status).toBe(1);
    expect(parseJson(error)[0]!.messages.map((m) => [m.ruleId, m.messageId, m.line, m.severity])).toEqual([['directive', 'unused', 1, 2]]);
    expect(off.status).toBe(0);
    expect(parseJson(off)[0]!.messages).toEqual([]);
  });
});
