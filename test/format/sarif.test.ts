/**
 * SARIF output validated against the official SARIF 2.1.0 JSON Schema
 * (test/schemas/sarif-schema-2.1.0.json, the OASIS errata01 schema), on real runs
 * of the built binary over a clean journey, one with several findings, and one
 * with a YAML syntax error; plus what GitHub code scanning relies on: rule
 * metadata, repo-relative URIs, regions on the offending token, and stable
 * `partialFingerprints`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule, { type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareResults } from '../../src/format/prepare.js';
import { sarif } from '../../src/format/sarif.js';
import type { FormatContext } from '../../src/format/types.js';
import { lintSources } from '../../src/lint/lint.js';
import { loadRules } from '../../src/rules/index.js';
import type { RuleMeta } from '../../src/rule-support/types.js';
import { ROOT } from '../support/lint.js';
import { ensureBuilt, expectCleanStreams, formatWorkspace, journeySync, type Run } from '../support/cli.js';

const SCHEMA_FILE = join(ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json');

/**
 * Compiles the official schema with ajv. The OASIS file declares JSON Schema
 * draft-04 (`$schema` draft-04 and a root `id`), which ajv 8 does not load; the
 * only draft-04 construct it uses is that root `id` (no boolean
 * `exclusiveMinimum`, no other `id` keyword: the other `"id"` keys are SARIF
 * property names), so renaming it to `$id` and dropping the `$schema` line gives
 * the same validation under ajv's default draft-07. The shipped file is untouched.
 */
function compileSarifSchema(): ValidateFunction {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  const { $schema, id, ...rest } = schema;
  expect($schema).toBe('http://json-schema.org/draft-04/schema#');
  expect(id).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
  // ajv is CommonJS: under NodeNext its class is the `default` export of the module.
  const ajv = new AjvModule.default({ strict: false, validateFormats: false, allErrors: true });
  return ajv.compile<unknown>({ $id: id as string, ...rest });
}

let validate: ValidateFunction;
function expectValidSarif(log: unknown): void {
  const ok = validate(log);
  expect(ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion } }[];
  partialFingerprints?: Record<string, string>;
}
interface SarifRule {
  id: string;
  name?: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown?: string };
  helpUri?: string;
  defaultConfiguration?: { level?: string };
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: SarifRule[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    columnKind?: string;
    results: SarifResult[];
  }[];
}

const FINDINGS = 'findings/refund.journey.yaml';

/** What each finding in findings/refund.journey.yaml must point at: rule, line, and the exact source text of its region. */
const EXPECTED_REGIONS: readonly [string, number, string][] = [
  ['pii-purpose', 9, 'reason'], // the context field's key
  ['close-the-loop', 18, 'states'], // journey-level findings go at `states:`
  ['unknown-target', 22, 'ask_amont'], // the bad target name
  ['invalid-expression', 24, 'a < "b" & c'],
  ['invalid-expression', 26, 'amount | 2'],
  ['invalid-expression', 28, '"amount > 1 & true"'], // a quoted scalar after non-ASCII text: UTF-16 columns
  ['unreachable-state', 30, 'ask_amount'], // state findings: the state key
  ['dead-end', 34, 'review'],
  ['unreachable-state', 41, 'done'],
];

let work: string;
let first: Run;
let second: Run;
let moved: Run;
let fromSubfolder: Run;
const logOf = (run: Run): SarifLog => JSON.parse(run.stdout) as SarifLog;

beforeAll(() => {
  ensureBuilt();
  validate = compileSarifSchema();
  work = formatWorkspace('journey-sarif-');
  first = journeySync(['lint', '.', '--format', 'sarif'], work);
  second = journeySync(['lint', '.', '--format', 'sarif'], work);
  // The same findings one line further down.
  const file = join(work, FINDINGS);
  writeFileSync(file, `\n${readFileSync(file, 'utf8')}`);
  moved = journeySync(['lint', '.', '--format', 'sarif'], work);
  writeFileSync(file, readFileSync(file, 'utf8').slice(1));
  // Run from inside a repository's subfolder: URIs stay relative to the repository root.
  mkdirSync(join(work, '.git'));
  fromSubfolder = journeySync(['lint', '.', '--format', 'sarif'], join(work, 'findings'));
  rmSync(join(work, '.git'), { recursive: true });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the official SARIF 2.1.0 schema', () => {
  it('is the full OASIS schema file, and the compiled validator rejects broken logs', () => {
    const text = readFileSync(SCHEMA_FILE, 'utf8');
    expect(text.length).toBeGreaterThan(100_000);
    const minimal = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] };
    expectValidSarif(minimal);
    const broken: unknown[] = [
      { version: '2.0.0', runs: [] },
      { version: '2.1.0', runs: [{ tool: { driver: {} } }] }, // driver.name is required
      { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] },
      { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] },
      { version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r', bogus: 1 }] } } }] }, // additionalProperties: false
    ];
    for (const log of broken) expect(validate(log), JSON.stringify(log)).toBe(false);
  });
});

describe('sarif: real runs over a clean journey, one with findings, and one with a syntax error', () => {
  it('exits 1 (there are errors), writes only SARIF to stdout, and validates against the schema', () => {
    expect(first.status).toBe(1);
    expect(first.stderr).toBe('');
    expectCleanStreams(first);
    const log = logOf(first);
    expectValidSarif(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver.name).toBe('journeyctl');
  });

  it('reports every finding: the several rules of findings/, `syntax` for syntax/, nothing for clean/', () => {
    const results = logOf(first).runs[0]!.results;
    const byFile = new Map<string, string[]>();
    for (const r of results) {
      const uri = r.locations[0]!.physicalLocation.artifactLocation.uri;
      byFile.set(uri, [...(byFile.get(uri) ?? []), r.ruleId]);
    }
    expect([...byFile.keys()].sort()).toEqual([FINDINGS, 'syntax/syntax-error.journey.yaml']);
    expect(byFile.get(FINDINGS)).toEqual(EXPECTED_REGIONS.map(([rule]) => rule));
    expect(byFile.get('syntax/syntax-error.journey.yaml')).toEqual(['syntax']);
    for (const r of results) expect(['error', 'warning']).toContain(r.level);
    expect(results.find((r) => r.ruleId === 'unknown-target')?.level).toBe('error');
    expect(results.find((r) => r.ruleId === 'pii-purpose')?.level).toBe('warning');
  });

  it('every result names a rule of tool.driver.rules (by id and by ruleIndex), and rule ids are unique', () => {
    const run = logOf(first).runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of run.results) {
      expect(ids, r.ruleId).toContain(r.ruleId);
      if (r.ruleIndex !== undefined) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    }
  });

  it('every rule has id, short and full description, help text and markdown, helpUri and a default level', async () => {
    const rules = logOf(first).runs[0]!.tool.driver.rules;
    const metas = new Map((await loadRules()).map((r) => [r.meta.id, r.meta]));
    // Every rule that ran is described, not only those with findings.
    for (const id of metas.keys()) expect(rules.map((r) => r.id)).toContain(id);
    for (const rule of rules) {
      const where = `rule ${rule.id}`;
      expect(rule.id, where).toMatch(/^[a-z][a-z-]*$/);
      for (const text of [rule.shortDescription?.text, rule.fullDescription?.text, rule.help?.text, rule.help?.markdown]) {
        expect(typeof text, where).toBe('string');
        expect((text as string).trim().length, where).toBeGreaterThan(10);
      }
      expect(rule.helpUri, where).toMatch(/^https:\/\/\S+$/);
      expect(() => new URL(rule.helpUri as string), where).not.toThrow();
      expect(['error', 'warning', 'note'], where).toContain(rule.defaultConfiguration?.level);
      const meta = metas.get(rule.id);
      if (meta) {
        expect(rule.helpUri, where).toBe(meta.docs);
        expect(rule.defaultConfiguration?.level, where).toBe(meta.severity === 'error' ? 'error' : 'warning');
        expect(rule.help?.markdown, where).toContain(meta.docs);
      }
    }
  });

  it('artifact URIs are repo-relative (no leading slash, forward slashes) with a uriBaseId that resolves to the file', () => {
    const run = logOf(first).runs[0]!;
    for (const r of run.results) {
      const loc = r.locations[0]!.physicalLocation.artifactLocation;
      expect(loc.uri).not.toMatch(/^\/|^[a-z]+:|\\/i);
      expect(loc.uri).not.toContain('..');
      expect(loc.uriBaseId).toBeTruthy();
      const base = run.originalUriBaseIds?.[loc.uriBaseId as string]?.uri;
      expect(base, 'originalUriBaseIds defines the base').toMatch(/^file:\/\/.*\/$/);
      expect(fileURLToPath(new URL(loc.uri, base))).toBe(join(work, ...loc.uri.split('/')));
    }
  });

  it('run from a subfolder of a repository, URIs are relative to the repository root, not the working directory', () => {
    expect(fromSubfolder.status).toBe(1);
    const run = logOf(fromSubfolder).runs[0]!;
    expectValidSarif(logOf(fromSubfolder));
    expect(new Set(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set([FINDINGS]));
  });

  it('regions are full (start and end line and column) and cover exactly the offending token', () => {
    const run = logOf(first).runs[0]!;
    expect(run.columnKind ?? 'utf16CodeUnits').toBe('utf16CodeUnits');
    const lines = readFileSync(join(work, FINDINGS), 'utf8').split('\n');
    const actual = run.results
      .filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === FINDINGS)
      .map((r) => {
        const g = r.locations[0]!.physicalLocation.region;
        for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) expect(Number.isInteger(g[k]), k).toBe(true);
        expect(g.endLine, 'single-line token').toBe(g.startLine);
        // SARIF columns are 1-based and endColumn is exclusive; JavaScript strings are UTF-16.
        return [r.ruleId, g.startLine, (lines[g.startLine - 1] ?? '').slice(g.startColumn - 1, g.endColumn - 1)];
      });
    expect(actual).toEqual(EXPECTED_REGIONS);
  });

  it('state findings point at the state key under `states:`', () => {
    const lines = readFileSync(join(work, FINDINGS), 'utf8').split('\n');
    for (const r of logOf(first).runs[0]!.results.filter((x) => ['dead-end', 'unreachable-state'].includes(x.ruleId))) {
      const g = r.locations[0]!.physicalLocation.region;
      const line = lines[g.startLine - 1] ?? '';
      const key = line.slice(g.startColumn - 1, g.endColumn - 1);
      expect(line).toBe(`  ${key}:`);
      expect(r.message.text).toContain(`\`${key}\``);
    }
  });

  it('the syntax error region lies inside the file', () => {
    const lines = readFileSync(join(work, 'syntax', 'syntax-error.journey.yaml'), 'utf8').split('\n');
    const r = logOf(first).runs[0]!.results.find((x) => x.ruleId === 'syntax')!;
    const g = r.locations[0]!.physicalLocation.region;
    expect(g.startLine).toBeGreaterThanOrEqual(1);
    expect(g.startLine).toBeLessThanOrEqual(lines.length);
    expect(g.startColumn).toBeGreaterThanOrEqual(1);
    expect(g.endLine > g.startLine || g.endColumn > g.startColumn).toBe(true);
  });
});

describe('sarif: partialFingerprints', () => {
  const prints = (run: Run): string[] => logOf(run).runs[0]!.results.map((r) => r.partialFingerprints?.primaryLocationLineHash ?? '');

  it('every result has a primaryLocationLineHash, distinct within the run', () => {
    const all = prints(first);
    for (const p of all) expect(p).toMatch(/\S/);
    expect(new Set(all).size).toBe(all.length);
  });

  it('are identical across two runs over the same files', () => {
    expect(second.status).toBe(1);
    expect(prints(second)).toEqual(prints(first));
  });

  it('do not change when a blank line inserted at the top moves every finding down one line', () => {
    expect(moved.status).toBe(1);
    expectValidSarif(logOf(moved));
    const before = logOf(first).runs[0]!.results;
    const after = logOf(moved).runs[0]!.results;
    expect(after.map((r) => r.ruleId)).toEqual(before.map((r) => r.ruleId));
    after.forEach((r, i) => {
      const old = before[i]!;
      const shift = r.locations[0]!.physicalLocation.artifactLocation.uri === FINDINGS ? 1 : 0;
      expect(r.locations[0]!.physicalLocation.region.startLine, r.ruleId).toBe(old.locations[0]!.physicalLocation.region.startLine + shift);
    });
    expect(prints(moved)).toEqual(prints(first));
  });
});

describe('sarif: the formatter on its own', () => {
  let context: FormatContext;
  beforeAll(async () => {
    const metas: RuleMeta[] = (await loadRules()).map((r) => r.meta);
    context = { cwd: work, color: false, rules: new Map(metas.map((m) => [m.id, m])), fileCount: 0, ruleIds: metas.map((m) => m.id), version: '0.1.0' };
  });

  it('no files: a valid log with no results', () => {
    const log = JSON.parse(sarif([], context)) as SarifLog;
    expectValidSarif(log);
    expect(log.runs[0]!.results).toEqual([]);
  });

  it('standard input and paths with spaces and non-ASCII names give valid, relative URI references', async () => {
    const text = readFileSync(join(work, FINDINGS), 'utf8');
    const results = await lintSources(
      [
        { path: '<stdin>', text },
        { path: join(work, 'my journeys', 'café #1.journey.yaml'), text: text.replace('journey: refund', 'journey: refund-two') },
      ],
      { cwd: work },
    );
    const files = prepareResults(results, work);
    const log = JSON.parse(sarif(files, { ...context, fileCount: files.length })) as SarifLog;
    expectValidSarif(log);
    const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect(uris.size).toBe(2);
    for (const uri of uris) {
      expect(uri).not.toMatch(/^\/|[\s<>#]/);
      expect(() => new URL(uri, 'file:///repo/')).not.toThrow();
    }
    const base = log.runs[0]!.originalUriBaseIds?.['%SRCROOT%']?.uri as string;
    expect(uris).toContain('my%20journeys/caf%C3%A9%20%231.journey.yaml');
    expect(fileURLToPath(new URL('my%20journeys/caf%C3%A9%20%231.journey.yaml', base))).toBe(join(work, 'my journeys', 'café #1.journey.yaml'));
  });

  it('line endings do not change regions or fingerprints (CRLF vs LF)', async () => {
    const lf = readFileSync(join(work, FINDINGS), 'utf8');
    const logFor = async (text: string): Promise<SarifLog> => {
      const files = prepareResults(await lintSources([{ path: join(work, FINDINGS), text }], { cwd: work }), work);
      return JSON.parse(sarif(files, { ...context, fileCount: 1 })) as SarifLog;
    };
    const a = (await logFor(lf)).runs[0]!.results;
    const b = (await logFor(lf.replace(/\n/g, '\r\n'))).runs[0]!.results;
    expect(b.map((r) => r.locations[0]!.physicalLocation.region)).toEqual(a.map((r) => r.locations[0]!.physicalLocation.region));
    expect(b.map((r) => r.partialFingerprints)).toEqual(a.map((r) => r.partialFingerprints));
  });

  it('a file in a folder whose name starts with two dots (`..old/`) is still inside the repository: relative URI', async () => {
    // toUri() treats any relative path starting with `..` as outside the root, so
    // `..old/refund.journey.yaml` became the absolute path `/…/..old/refund.journey.yaml`.
    const path = join(work, '..old', 'refund.journey.yaml');
    const files = prepareResults(await lintSources([{ path, text: readFileSync(join(work, FINDINGS), 'utf8') }], { cwd: work }), work);
    const log = JSON.parse(sarif(files, { ...context, fileCount: 1 })) as SarifLog;
    const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(['..old/refund.journey.yaml']);
  });
});
