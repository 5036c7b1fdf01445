/**
 * The baseline module (src/lint/baseline.ts) in-process: fingerprints that survive moved lines,
 * recording, applying (new vs. known vs. stale), pruning, and reading corrupt files.
 * The CLI side (--baseline-write, exit codes, stderr) is in test/cli/baseline.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { applyBaseline, createBaseline, fingerprint, formatBaseline, pruneBaseline, readBaseline, type Baseline } from '../../src/lint/baseline.js';
import { lintSources } from '../../src/lint/lint.js';
import { ROOT } from '../support/lint.js';

const BASE = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
const BASELINE = '/repo/journey-baseline.json';
const FILE = '/repo/journeys/a.journey.yaml';

async function findings(text: string, path = FILE): Promise<Diagnostic[]> {
  const [r] = await lintSources([{ path, text }]);
  return [...r!.diagnostics];
}

function apply(baseline: Baseline, files: { filePath: string; diagnostics: Diagnostic[] }[], gone: readonly string[] = []) {
  const outcome = applyBaseline(BASELINE, baseline, files, (k) => gone.includes(k));
  return { outcome, left: files.map((f) => f.diagnostics.map((d) => d.ruleId)) };
}

describe('baseline fingerprints and matching', () => {
  it('moving lines (blank lines inserted above) keeps every fingerprint', async () => {
    const before = await findings(BASE);
    const moved = await findings(`\n\n\n${BASE.replace('states:\n', 'states:\n\n\n')}`);
    expect(moved.map((d) => d.span.start)).not.toEqual(before.map((d) => d.span.start));
    expect(moved.map(fingerprint)).toEqual(before.map(fingerprint));
  });

  it('records every finding (except syntax) under a path relative to the baseline, with counts', async () => {
    const baseline = createBaseline(BASELINE, [
      { filePath: FILE, diagnostics: await findings(BASE) },
      { filePath: '/repo/journeys/broken.journey.yaml', diagnostics: await findings('journey: x\n  bad: [\n', '/repo/journeys/broken.journey.yaml') },
    ]);
    expect(Object.keys(baseline.files)).toEqual(['journeys/a.journey.yaml']);
    const entries = baseline.files['journeys/a.journey.yaml']!;
    expect(entries.map((e) => [e.rule, e.count])).toEqual([
      ['offramp-distance', 1],
      ['pii-purpose', 1],
      ['pii-purpose', 1],
      ['unreachable-state', 1],
    ]);
    expect(JSON.parse(formatBaseline(baseline))).toEqual(baseline);
    expect(formatBaseline(baseline).endsWith('}\n')).toBe(true);
  });

  it('identical findings are counted, and only that many are hidden', () => {
    const d: Diagnostic = { ruleId: 'pii-purpose', severity: 'warning', message: 'same', span: { start: 0, end: 1 } };
    const baseline = createBaseline(BASELINE, [{ filePath: FILE, diagnostics: [d, { ...d, span: { start: 5, end: 6 } }] }]);
    expect(baseline.files['journeys/a.journey.yaml']![0]!.count).toBe(2);
    const { outcome, left } = apply(baseline, [{ filePath: FILE, diagnostics: [d, d, d] }]);
    expect(outcome.suppressed).toBe(2);
    expect(left).toEqual([['pii-purpose']]);
  });

  it('known findings are hidden, new ones stay, fixed ones become stale entries; prune drops them', async () => {
    const baseline = createBaseline(BASELINE, [{ filePath: FILE, diagnostics: await findings(BASE) }]);
    // Fix `phone` (a purpose) and add a new pii field without one.
    const edited = BASE.replace('  phone: { type: string, pii: true }', '  phone: { type: string, pii: true, purpose: Call back }\n  email: { type: string, pii: true }');
    const current = await findings(edited);
    const { outcome, left } = apply(baseline, [{ filePath: FILE, diagnostics: current }]);
    expect(outcome.suppressed).toBe(3);
    expect(left).toEqual([['pii-purpose']]);
    expect(outcome.stale.map((s) => [s.file, s.entry.rule, s.entry.message.includes('`phone`'), s.unmatched])).toEqual([['journeys/a.journey.yaml', 'pii-purpose', true, 1]]);
    const pruned = pruneBaseline(baseline, outcome.stale);
    expect(pruned.files['journeys/a.journey.yaml']!.map((e) => e.rule)).toEqual(['offramp-distance', 'pii-purpose', 'unreachable-state']);
    // After pruning, nothing is stale any more.
    expect(apply(pruned, [{ filePath: FILE, diagnostics: await findings(edited) }]).outcome.stale).toEqual([]);
  });

  it('entries of deleted files are stale; files merely not linted this time are not', async () => {
    const baseline = createBaseline(BASELINE, [{ filePath: FILE, diagnostics: await findings(BASE) }]);
    expect(apply(baseline, [], []).outcome.stale).toEqual([]);
    expect(apply(baseline, [], ['journeys/a.journey.yaml']).outcome.stale).toHaveLength(4);
  });
});

describe('reading a baseline file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journey-baseline-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = async (text: string | undefined): Promise<{ baseline?: Baseline; error?: string }> => {
    const path = join(dir, `b-${Math.random().toString(36).slice(2)}.json`);
    if (text !== undefined) writeFileSync(path, text);
    return readBaseline(path);
  };

  it('a missing file is an empty baseline', async () => {
    expect(await read(undefined)).toEqual({ baseline: { version: 1, files: {} } });
  });

  it('corrupt files are errors with a reason, never thrown', async () => {
    for (const text of ['garbage{', '', 'null', '[]', '{"version":2,"files":{}}', '{"version":1}', '{"version":1,"files":{"a":5}}', '{"version":1,"files":{"a":[{"fingerprint":1,"count":1}]}}', '{"version":1,"files":{"a":[null]}}']) {
      const r = await read(text);
      expect(r.error, text).toMatch(/\S/);
      expect(r.baseline, text).toBeUndefined();
    }
  });
});
