/**
 * Loader defects found by probing (issue 17, items 3 and 4): alias expansion that was
 * quadratic, YAML tags outside the core schema resolved silently, merge keys applied
 * although the format is YAML 1.2, and CR-only line endings that put every finding on
 * line 1. Each test here failed before its fix.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Alias } from 'yaml';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYaml } from '../../src/load/yaml.js';
import { ensureBuilt, ROOT } from '../support/cli.js';
import { lintYaml } from '../support/lint.js';
import { LOST_CARD, mutate, positionOf } from './helpers.js';

/** A valid journey whose `x-list` holds `count` aliases of one small anchor. */
function manyAliases(count: number): string {
  return `journey: a\ntitle: &t x\nstart: s\nstates:\n  s:\n    type: end\n    outcome: resolved\nx-list:\n${'  - *t\n'.repeat(count)}`;
}

describe('aliases: resolved in one pass, the expansion limit trips at once', () => {
  afterEach(() => vi.restoreAllMocks());

  it("never asks the yaml package to resolve an alias (its Alias.resolve searches the whole document each time)", () => {
    const resolve = vi.spyOn(Alias.prototype, 'resolve');
    const parsed = parseYaml(manyAliases(500), DEFAULT_LIMITS);
    expect(parsed.failed).toBe(false);
    expect((parsed.data as { 'x-list': string[] })['x-list']).toEqual(Array(500).fill('x'));
    expect(resolve).not.toHaveBeenCalled();
  });

  it('a file of 140,000 aliases stops at the alias that exceeds the limit, positioned there', async () => {
    const text = manyAliases(140_000);
    const findings = await lintYaml(text);
    expect(findings.map((d) => [d.ruleId, d.code])).toEqual([['syntax', 'alias-limit']]);
    // 8 lines before the list; the 10,001st alias is the first one over the 10,000-node budget.
    expect(findings[0]).toMatchObject({ line: 8 + DEFAULT_LIMITS.maxAliasNodes + 1, column: 5 });
  });

  it('an alias refers to the latest anchor of its name before it, not to a later one or one seen inside an expansion', () => {
    const text = 'a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: &y [*x, &x 3]\nf: *y\ng: *x\n';
    const parsed = parseYaml(text, DEFAULT_LIMITS);
    expect(parsed.data).toEqual({ a: 1, b: 1, c: 2, d: 2, e: [2, 3], f: [2, 3], g: 3 });
  });

  it('anchors on keys define aliases too', () => {
    const parsed = parseYaml('&k name: 1\nother: *k\n', DEFAULT_LIMITS);
    expect(parsed.data).toEqual({ name: 1, other: 'name' });
  });
});

describe('tags: only the YAML 1.2 core schema is resolved', () => {
  const withValue = (value: string): string => mutate(LOST_CARD, '    say: Your card is blocked.', `    say: ${value}`);

  it.each([
    ['!!timestamp 2001-12-14', '`!!timestamp`', '2001-12-14'],
    ['!!binary aGVsbG8=', '`!!binary`', 'aGVsbG8='],
    ['!include other.yaml', '`!include`', 'other.yaml'],
  ])('`say: %s` gets the unknown-tag warning and the text as written', async (value, shown, text) => {
    const source = withValue(value);
    const findings = await lintYaml(source);
    const tag = findings.filter((d) => d.ruleId === 'syntax');
    expect(tag).toHaveLength(1);
    expect(tag[0]).toMatchObject({ severity: 'warning', code: 'yaml-warning', line: positionOf(source, value).line });
    expect(tag[0]!.message).toContain(`Unknown YAML tag ${shown}`);
    const parsed = parseYaml(source, DEFAULT_LIMITS);
    const states = (parsed.data as { states: Record<string, { say: unknown }> }).states;
    expect(states.block_card!.say).toBe(text);
  });

  it('core tags still work: `!!str 12` is text, `!!int "3"` a number', () => {
    const parsed = parseYaml('a: !!str 12\nb: !!int "3"\nc: !!bool true\n', DEFAULT_LIMITS);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.data).toEqual({ a: '12', b: 3, c: true });
  });

  it('`.inf` and `.nan` are refused: JSON cannot hold them and a compiled default would become null', async () => {
    const source = mutate(LOST_CARD, '  attempts:    { type: number, default: 0 }', '  attempts:    { type: number, default: .nan }');
    const findings = await lintYaml(source);
    expect(findings.map((d) => [d.ruleId, d.code, d.line])).toEqual([['syntax', 'not-finite', positionOf(source, '.nan').line]]);
  });

  describe('compile output does not depend on the machine time zone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-tz-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('a `!!timestamp` value compiles to the same text under TZ=America/New_York and TZ=Asia/Tokyo', () => {
      ensureBuilt();
      writeFileSync(join(dir, 'lost-card.journey.yaml'), withValue('!!timestamp 2001-12-14'));
      const outputs = ['America/New_York', 'Asia/Tokyo'].map((tz) => {
        const out = join(dir, tz.replace('/', '-'));
        const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'journey.js'), 'compile', join(dir, 'lost-card.journey.yaml'), '--out', out], { encoding: 'utf8', env: { ...process.env, TZ: tz } });
        expect(run.status, run.stderr).toBe(0);
        return readFileSync(join(out, 'lost-card.machine.json'), 'utf8');
      });
      expect(outputs[0]).toBe(outputs[1]);
      expect(outputs[0]).toContain('"say": "2001-12-14"');
    });
  });
});

describe('merge keys (`<<`) are refused, as YAML 1.2 defines no merging', () => {
  it('reports `<<` at the key with a fix, and does not merge', async () => {
    const source = 'journey: a\ntitle: t\nx-defaults: &d { say: hi }\nstart: s\nstates:\n  s:\n    <<: *d\n    type: end\n    outcome: resolved\n';
    const findings = await lintYaml(source);
    expect(findings.map((d) => [d.ruleId, d.code, d.line, d.column])).toEqual([['syntax', 'merge-key', 7, 5]]);
    expect(findings[0]!.hint).toMatch(/alias/);
  });

  it('a quoted `"<<"` is an ordinary key (then an unknown one)', async () => {
    const source = 'journey: a\ntitle: t\nstart: s\nstates:\n  s:\n    "<<": x\n    type: end\n    outcome: resolved\n';
    const findings = await lintYaml(source);
    expect(findings.map((d) => [d.ruleId, d.code])).toEqual([['schema', 'unknown-key']]);
  });
});

describe('line breaks: LF, CRLF and CR put findings on the same lines', () => {
  const broken = mutate(LOST_CARD, '      accept: done', '      accept: dnoe');
  const at = positionOf(broken, 'dnoe');

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('%s: unknown-target at the same line and column', async (_name, eol) => {
    const findings = await lintYaml(broken.replace(/\n/g, eol));
    const target = findings.filter((d) => d.ruleId === 'unknown-target');
    expect(target.map((d) => [d.line, d.column])).toEqual([[at.line, at.column]]);
  });

  it('CR-only: a syntax error is on its own line too, and disable comments work', async () => {
    const cr = (s: string): string => s.replace(/\n/g, '\r');
    const syntax = await lintYaml(cr('journey: a\ntitle: [unclosed\nstart: x\n'));
    expect(syntax).toEqual([expect.objectContaining({ ruleId: 'syntax', line: 2, column: 8 })]);
    const disabled = mutate(broken, '      accept: dnoe', '      # journey-disable-next-line unknown-target\n      accept: dnoe');
    expect((await lintYaml(cr(disabled))).filter((d) => d.ruleId === 'unknown-target')).toEqual([]);
  });

  it('LineIndex counts CR, LF and CRLF as one line break each', () => {
    const index = new LineIndex('a\rb\r\nc\nd');
    expect([0, 2, 5, 7].map((o) => index.position(o))).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
    ]);
    expect([1, 2, 3, 4].map((l) => index.lineText(l))).toEqual(['a', 'b', 'c', 'd']);
  });
});
