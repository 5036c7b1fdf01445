/**
 * journey.config.yaml in-process: validation with positioned findings (src/config/load.ts),
 * effective rule settings per file (src/config/resolve.ts), and lint runs that use a config.
 * The CLI side (exit codes, stderr, --print-config) is in test/cli/config.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findConfigFile, parseConfig } from '../../src/config/load.js';
import { describeEffectiveConfig, isIgnored, rulesFor } from '../../src/config/resolve.js';
import type { Config } from '../../src/config/types.js';
import { locate } from '../../src/diagnostics/located.js';
import { lintFiles, lintSources } from '../../src/lint/lint.js';
import { RULE_IDS, loadRules } from '../../src/rules/index.js';
import type { RuleMeta } from '../../src/rule-support/types.js';
import { ROOT } from '../support/lint.js';

const DIR = '/project';
const CONFIG_PATH = `${DIR}/journey.config.yaml`;
const FINDINGS = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
const URGENT = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'urgent-distance', 'urgent-distance.journey.yaml'), 'utf8');
const WARNING_ONLY = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'warning-only', 'lost-card.journey.yaml'), 'utf8');

let metasCache: RuleMeta[] | undefined;
async function metas(): Promise<RuleMeta[]> {
  return (metasCache ??= (await loadRules()).map((r) => r.meta));
}

/** A valid config from YAML text (fails the test with the findings when it is not valid). */
function config(text: string): Config {
  const loaded = parseConfig(CONFIG_PATH, text);
  expect(locate(loaded.source, loaded.diagnostics).map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  expect(loaded.config).toBeDefined();
  return loaded.config as Config;
}

/** Findings of an invalid config, as `line:column ruleId/code`, with messages. */
function problems(text: string): { where: string; message: string }[] {
  const loaded = parseConfig(CONFIG_PATH, text);
  expect(loaded.config, 'an invalid config yields no config').toBeUndefined();
  return locate(loaded.source, loaded.diagnostics).map((d) => ({ where: `${d.line}:${d.column} ${d.ruleId}/${d.code}`, message: d.message }));
}

/** Effective severity (and options) of some rules for a file under the config folder. */
async function effective(cfg: Config, file: string, ids: readonly string[]): Promise<Record<string, unknown>> {
  const rules = rulesFor(cfg, await metas(), join(DIR, file));
  return Object.fromEntries(ids.map((id) => {
    const s = rules.get(id);
    return [id, s && s.severity !== 'off' && Object.keys(s.options).length > 0 ? [s.severity, s.options] : s?.severity];
  }));
}

describe('config validation: positioned findings, no config', () => {
  it('an unknown rule id: at the key, with a did-you-mean', () => {
    const [p, ...rest] = problems('rules:\n  humen-exit: error\n');
    expect(rest).toEqual([]);
    expect(p!.where).toBe('2:3 schema/unknown-key');
    expect(p!.message).toContain('`humen-exit`');
    expect(p!.message).toMatch(/did you mean `human-exit`/);
  });

  it('an option of the wrong type: at the option value, naming the rule and the option', () => {
    const [p, ...rest] = problems('rules:\n  offramp-distance: [error, { urgent: "one" }]\n');
    expect(rest).toEqual([]);
    expect(p!.where).toMatch(/^2:39 schema\//);
    expect(p!.message).toContain('offramp-distance');
    expect(p!.message).toContain('urgent');
  });

  it('an unknown option key: at the key', () => {
    const [p, ...rest] = problems('rules:\n  offramp-distance: [error, { urgnt: 2 }]\n');
    expect(rest).toEqual([]);
    expect(p!.where).toBe('2:31 schema/unknown-key');
    expect(p!.message).toContain('`urgnt`');
  });

  it('an option out of range (the rule option schema says at least 1)', () => {
    const [p] = problems('rules:\n  offramp-distance: [warn, { routine: 0 }]\n');
    expect(p!.where).toMatch(/^2:39 schema\//);
  });

  it('a bad severity word: at the value, listing the allowed ones', () => {
    const [p, ...rest] = problems('rules:\n  human-exit: fatal\n');
    expect(rest).toEqual([]);
    expect(p!.where).toBe('2:15 schema/enum');
    expect(p!.message).toContain('fatal');
    expect(p!.message).toMatch(/`off`.*`warn`.*`error`/);
  });

  it('a bad severity number and a bad severity inside [severity, options]', () => {
    expect(problems('rules:\n  human-exit: 3\n').map((p) => p.where)).toEqual(['2:15 schema/enum']);
    expect(problems('rules:\n  offramp-distance: [fatal, { urgent: 1 }]\n').map((p) => p.where)).toEqual(['2:22 schema/enum']);
  });

  it('a YAML syntax error: a syntax finding at its position', () => {
    const found = problems('rules:\n  human-exit: [error\n');
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0]!.where).toMatch(/^2:\d+ syntax\/yaml-syntax$/);
  });

  it('a duplicate key is a syntax finding at the second key', () => {
    expect(problems('rules:\n  human-exit: error\n  human-exit: warn\n').map((p) => p.where)).toEqual(['3:3 syntax/duplicate-key']);
  });

  it('an unknown top-level key: at the key, with a did-you-mean', () => {
    const [p, ...rest] = problems('extends: recommended\nrulez:\n  human-exit: warn\n');
    expect(rest).toEqual([]);
    expect(p!.where).toBe('2:1 schema/unknown-key');
    expect(p!.message).toMatch(/did you mean `rules`/);
  });

  it('problems inside overrides are positioned too (unknown rule, bad severity, missing files)', () => {
    const text = 'overrides:\n  - files: ["a/**"]\n    rules:\n      humen-exit: off\n  - files: ["b/**"]\n    rules:\n      human-exit: loud\n  - rules: { human-exit: warn }\n';
    expect(problems(text).map((p) => p.where)).toEqual(['4:7 schema/unknown-key', '7:19 schema/enum', '8:5 schema/required']);
  });

  it('a bad `extends`, `report-unused-disables`, `ignores` or `max-file-size`', () => {
    expect(problems('extends: loose\n').map((p) => p.where)).toEqual(['1:10 schema/enum']);
    expect(problems('report-unused-disables: sometimes\n').map((p) => p.where)).toEqual(['1:25 schema/enum']);
    expect(problems('ignores: "drafts/**"\n').map((p) => p.where)).toEqual(['1:10 schema/type']);
    expect(problems('max-file-size: huge\n').map((p) => p.where)).toEqual(['1:16 schema/pattern']);
  });

  it('a document that is not a mapping is one finding at 1:1', () => {
    expect(problems('- rules\n').map((p) => p.where)).toEqual(['1:1 schema/not-a-mapping']);
  });

  it('an empty config (or only comments) is valid and changes nothing', () => {
    for (const text of ['', '# nothing yet\n']) {
      const cfg = config(text);
      expect(cfg.extends).toBe('recommended');
      expect(cfg.rules.size).toBe(0);
      expect(cfg.reportUnusedDisables).toBe('warning');
    }
  });

  it('keys starting with x- are free metadata at the top level and in overrides', () => {
    config('x-owner: cx-team\noverrides:\n  - files: ["a/**"]\n    x-note: legacy\n');
  });
});

describe('effective rule settings (recommended, strict, rules, overrides)', () => {
  it('recommended: every rule at its default severity with its default options', async () => {
    const rules = rulesFor(config(''), await metas(), join(DIR, 'journeys', 'a.journey.yaml'));
    expect([...rules.keys()].sort()).toEqual([...RULE_IDS].sort());
    for (const meta of await metas()) {
      const s = rules.get(meta.id)!;
      expect(s.severity, meta.id).toBe(meta.severity);
      if (s.severity !== 'off') expect(s.options, meta.id).toEqual(meta.defaultOptions ?? {});
    }
  });

  it('strict: every rule is an error', async () => {
    const rules = rulesFor(config('extends: strict\n'), await metas(), join(DIR, 'a.journey.yaml'));
    for (const [id, s] of rules) expect(s.severity, id).toBe('error');
  });

  it('severities as words and as 0/1/2', async () => {
    const cfg = config('rules:\n  human-exit: 1\n  pii-purpose: 2\n  close-the-loop: 0\n  dead-end: warn\n  trap-loop: off\n  unreachable-state: error\n');
    expect(await effective(cfg, 'a.journey.yaml', ['human-exit', 'pii-purpose', 'close-the-loop', 'dead-end', 'trap-loop', 'unreachable-state'])).toEqual({
      'human-exit': 'warning',
      'pii-purpose': 'error',
      'close-the-loop': 'off',
      'dead-end': 'warning',
      'trap-loop': 'off',
      'unreachable-state': 'error',
    });
  });

  it('[severity] alone (a one-item list) keeps the default options', async () => {
    const cfg = config('rules:\n  offramp-distance: [warn]\n');
    expect(await effective(cfg, 'a.journey.yaml', ['offramp-distance'])).toEqual({ 'offramp-distance': ['warning', { routine: 3, sensitive: 2, urgent: 1 }] });
  });

  it('strict, then rules: a rule can still be turned down after the preset', async () => {
    const cfg = config('extends: strict\nrules:\n  pii-purpose: warn\n');
    expect(await effective(cfg, 'a.journey.yaml', ['pii-purpose', 'close-the-loop'])).toEqual({ 'pii-purpose': 'warning', 'close-the-loop': 'error' });
  });

  it('[severity, options]: options given are merged over the defaults', async () => {
    const cfg = config('rules:\n  offramp-distance: [warn, { urgent: 2 }]\n');
    expect(await effective(cfg, 'a.journey.yaml', ['offramp-distance'])).toEqual({ 'offramp-distance': ['warning', { routine: 3, sensitive: 2, urgent: 2 }] });
  });

  it('a severity given without options keeps the options set earlier (rules, then overrides; even after off)', async () => {
    const cfg = config(
      [
        'rules:',
        '  offramp-distance: [warn, { urgent: 2, routine: 5 }]',
        'overrides:',
        '  - files: ["journeys/**"]',
        '    rules: { offramp-distance: error }',
        '  - files: ["journeys/legacy/**"]',
        '    rules: { offramp-distance: off }',
        '  - files: ["journeys/legacy/revived/**"]',
        '    rules: { offramp-distance: 1 }',
        '',
      ].join('\n'),
    );
    const opts = { routine: 5, sensitive: 2, urgent: 2 };
    expect(await effective(cfg, 'other.journey.yaml', ['offramp-distance'])).toEqual({ 'offramp-distance': ['warning', opts] });
    expect(await effective(cfg, 'journeys/a.journey.yaml', ['offramp-distance'])).toEqual({ 'offramp-distance': ['error', opts] });
    expect(await effective(cfg, 'journeys/legacy/a.journey.yaml', ['offramp-distance'])).toEqual({ 'offramp-distance': 'off' });
    expect(await effective(cfg, 'journeys/legacy/revived/a.journey.yaml', ['offramp-distance'])).toEqual({ 'offramp-distance': ['warning', opts] });
  });

  it('overrides apply in order: a later matching override wins; options accumulate', async () => {
    const cfg = config(
      [
        'overrides:',
        '  - files: ["journeys/**"]',
        '    rules: { pii-purpose: error, offramp-distance: [error, { urgent: 3 }] }',
        '  - files: ["journeys/special/*.journey.yaml"]',
        '    rules: { pii-purpose: off, offramp-distance: [warn, { routine: 4 }] }',
        '',
      ].join('\n'),
    );
    expect(await effective(cfg, 'journeys/a.journey.yaml', ['pii-purpose', 'offramp-distance'])).toEqual({
      'pii-purpose': 'error',
      'offramp-distance': ['error', { routine: 3, sensitive: 2, urgent: 3 }],
    });
    expect(await effective(cfg, 'journeys/special/b.journey.yaml', ['pii-purpose', 'offramp-distance'])).toEqual({
      'pii-purpose': 'off',
      'offramp-distance': ['warning', { routine: 4, sensitive: 2, urgent: 3 }],
    });
    expect(await effective(cfg, 'elsewhere/c.journey.yaml', ['pii-purpose', 'offramp-distance'])).toEqual({
      'pii-purpose': 'warning',
      'offramp-distance': ['error', { routine: 3, sensitive: 2, urgent: 1 }],
    });
  });

  it('override globs and ignores are relative to the config file, not to the process', async () => {
    const cfg = config('overrides:\n  - files: ["journeys/**"]\n    rules: { pii-purpose: off }\nignores: ["journeys/drafts/**"]\n');
    expect(await effective(cfg, 'journeys/a.journey.yaml', ['pii-purpose'])).toEqual({ 'pii-purpose': 'off' });
    const outside = rulesFor(cfg, await metas(), '/elsewhere/journeys/a.journey.yaml');
    expect(outside.get('pii-purpose')?.severity).toBe('warning');
    expect(isIgnored(cfg, join(DIR, 'journeys', 'drafts', 'x.journey.yaml'))).toBe(true);
    expect(isIgnored(cfg, join(DIR, 'journeys', 'x.journey.yaml'))).toBe(false);
    expect(isIgnored(cfg, '/elsewhere/journeys/drafts/x.journey.yaml')).toBe(false);
  });

  it('report-unused-disables and max-file-size are read', () => {
    expect(config('report-unused-disables: error\n').reportUnusedDisables).toBe('error');
    expect(config('report-unused-disables: 0\n').reportUnusedDisables).toBe('off');
    expect(config('report-unused-disables: warn\n').reportUnusedDisables).toBe('warning');
    expect(config('max-file-size: 2KB\n').maxFileBytes).toBe(2048);
    expect(config('max-file-size: 1000\n').maxFileBytes).toBe(1000);
  });

  it('describeEffectiveConfig (what --print-config prints) shows options and the override result', async () => {
    const cfg = config('rules:\n  offramp-distance: [warn, { urgent: 2 }]\noverrides:\n  - files: ["legacy/**"]\n    rules: { offramp-distance: off, pii-purpose: error }\nignores: ["drafts/**"]\n');
    const plain = describeEffectiveConfig(cfg, await metas(), join(DIR, 'a.journey.yaml')) as { rules: Record<string, unknown>; ignored: boolean };
    expect(plain.rules['offramp-distance']).toEqual(['warn', { routine: 3, sensitive: 2, urgent: 2 }]);
    expect(plain.rules['pii-purpose']).toBe('warn');
    expect(plain.ignored).toBe(false);
    const legacy = describeEffectiveConfig(cfg, await metas(), join(DIR, 'legacy', 'a.journey.yaml')) as { rules: Record<string, unknown> };
    expect(legacy.rules['offramp-distance']).toBe('off');
    expect(legacy.rules['pii-purpose']).toBe('error');
    expect((describeEffectiveConfig(cfg, await metas(), join(DIR, 'drafts', 'a.journey.yaml')) as { ignored: boolean }).ignored).toBe(true);
  });
});

describe('linting with a config', () => {
  const lint = async (cfg: Config, path: string, text: string): Promise<string[]> => {
    const [result] = await lintSources([{ path: join(DIR, path), text }], { config: cfg });
    return locate(result!.source, result!.diagnostics).map((d) => `${d.ruleId}@${d.line}:${d.severity}`);
  };

  it('recommended: the fixture has its four findings at their default severities', async () => {
    expect(await lint(config(''), 'a.journey.yaml', FINDINGS)).toEqual([
      'pii-purpose@5:warning',
      'pii-purpose@6:warning',
      'offramp-distance@18:error',
      'unreachable-state@27:warning',
    ]);
  });

  it('strict turns warnings into errors', async () => {
    expect(await lint(config('extends: strict\n'), 'a.journey.yaml', WARNING_ONLY)).toEqual(['close-the-loop@20:error']);
  });

  it('rule options change results: offramp-distance urgent: 2 accepts a state 2 turns away', async () => {
    expect(await lint(config(''), 'a.journey.yaml', URGENT)).toEqual(['offramp-distance@15:error']);
    expect(await lint(config('rules:\n  offramp-distance: [error, { urgent: 2 }]\n'), 'a.journey.yaml', URGENT)).toEqual([]);
  });

  it('an override applies only to the files its globs match', async () => {
    const cfg = config('overrides:\n  - files: ["journeys/legacy/**"]\n    rules:\n      pii-purpose: off\n      offramp-distance: warn\n      unreachable-state: error\n');
    expect(await lint(cfg, 'journeys/legacy/a.journey.yaml', FINDINGS)).toEqual(['offramp-distance@18:warning', 'unreachable-state@27:error']);
    expect(await lint(cfg, 'journeys/new/a.journey.yaml', FINDINGS)).toEqual([
      'pii-purpose@5:warning',
      'pii-purpose@6:warning',
      'offramp-distance@18:error',
      'unreachable-state@27:warning',
    ]);
  });

  it('max-file-size from the config refuses larger journey files with one too-large finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-config-size-'));
    try {
      writeFileSync(join(dir, 'a.journey.yaml'), FINDINGS);
      const [result] = await lintFiles([join(dir, 'a.journey.yaml')], { config: { ...config('max-file-size: 100\n'), dir } });
      expect(result!.diagnostics.map((d) => `${d.ruleId}/${d.code}`)).toEqual(['syntax/too-large']);
      const [roomy] = await lintFiles([join(dir, 'a.journey.yaml')], { config: { ...config('max-file-size: 1MB\n'), dir } });
      expect(roomy!.diagnostics.map((d) => d.ruleId)).toEqual(['pii-purpose', 'pii-purpose', 'offramp-distance', 'unreachable-state']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('finding the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journey-config-find-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('walks up from the working directory; the nearest config wins; .yml works too', () => {
    mkdirSync(join(dir, 'a', 'b', 'c'), { recursive: true });
    writeFileSync(join(dir, 'journey.config.yaml'), 'rules: {}\n');
    writeFileSync(join(dir, 'a', 'b', 'journey.config.yml'), 'rules: {}\n');
    expect(findConfigFile(join(dir, 'a', 'b', 'c'))).toBe(join(dir, 'a', 'b', 'journey.config.yml'));
    expect(findConfigFile(join(dir, 'a', 'b'))).toBe(join(dir, 'a', 'b', 'journey.config.yml'));
    expect(findConfigFile(join(dir, 'a'))).toBe(join(dir, 'journey.config.yaml'));
  });
});
