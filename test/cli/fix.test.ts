/**
 * `journey lint --fix`, `--fix-dry-run` and `--fix-type` through the real binary: fixed files
 * equal their golden files byte for byte (comments, tabs, quoting, flow maps, blank lines, CRLF,
 * BOM, astral characters before the edit points), a second run changes nothing, and the exit
 * code is that of the findings that remain.
 */
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectNoCrash, journey, ROOT, tempDir } from '../support/cli.js';
import type { TextEdit } from '../../src/diagnostics/diagnostic.js';
import { applyFixes } from '../../src/lint/fix.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'fix');
const CASES = ['styles', 'crlf', 'bom'];

beforeAll(() => ensureBuilt());

/** A temporary folder holding a copy of one case's input as `<case>.journey.yaml`. */
function workspace(name: string): { dir: string; file: string } {
  const dir = tempDir(`fix-${name}`);
  const file = join(dir, `${name}.journey.yaml`);
  copyFileSync(join(FIXTURES, `${name}.journey.yaml`), file);
  return { dir, file };
}

describe('journey lint --fix', () => {
  for (const name of CASES) {
    it(`fixes ${name} to its golden file byte for byte, and a second run is a no-op`, async () => {
      const { dir, file } = workspace(name);
      const golden = readFileSync(join(FIXTURES, `${name}.fixed.yaml`));
      const first = await journey(['lint', '--fix', `${name}.journey.yaml`], dir, { timeout: 60_000 });
      expectNoCrash(first);
      expect(readFileSync(file).equals(golden), `${name}: fixed file differs from ${name}.fixed.yaml:\n${readFileSync(file, 'utf8')}`).toBe(true);
      // no-match-handled errors have no fix: they remain, and so does exit 1.
      expect(first.status).toBe(1);
      expect(first.stdout).not.toContain('[unknown-target]');
      expect(first.stdout).toContain('[no-match-handled]');
      const modified = statSync(file).mtimeMs;
      const second = await journey(['lint', '--fix', `${name}.journey.yaml`], dir, { timeout: 60_000 });
      expect(second.status).toBe(1);
      expect(readFileSync(file).equals(golden)).toBe(true);
      expect(statSync(file).mtimeMs, 'an unchanged file is not rewritten').toBe(modified);
    }, 120_000);
  }

  it('fixes the same with one thread and with workers (--concurrency 1 and 2)', async () => {
    const dir = tempDir('fix-workers');
    for (let i = 0; i < 3; i++) copyFileSync(join(FIXTURES, 'styles.journey.yaml'), join(dir, `s${i}.journey.yaml`));
    const run = await journey(['lint', '--fix', '--concurrency', '2', '.'], dir, { timeout: 90_000 });
    expectNoCrash(run);
    const golden = readFileSync(join(FIXTURES, 'styles.fixed.yaml'));
    for (let i = 0; i < 3; i++) expect(readFileSync(join(dir, `s${i}.journey.yaml`)).equals(golden)).toBe(true);
  }, 120_000);

  it('does not serve a fixed file stale from --cache', async () => {
    const { dir } = workspace('styles');
    const cached = await journey(['lint', '--cache', '-f', 'json', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    expect(JSON.parse(cached.stdout)[0].messages.some((m: { ruleId: string }) => m.ruleId === 'unknown-target')).toBe(true);
    await journey(['lint', '--cache', '--fix', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    const after = await journey(['lint', '--cache', '-f', 'json', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    expect(JSON.parse(after.stdout)[0].messages.some((m: { ruleId: string }) => m.ruleId === 'unknown-target')).toBe(false);
  }, 120_000);
});

describe('journey lint --fix over several passes', () => {
  it('fixes a real journey whose fixes need three passes to its golden file byte for byte, exit 0', async () => {
    const { dir, file } = workspace('handoff');
    const input = readFileSync(file, 'utf8');
    const golden = readFileSync(join(FIXTURES, 'handoff.fixed.yaml'), 'utf8');
    // One pass is not enough: the fixes of one lint, applied together, leave findings for the next.
    const report = await journey(['lint', '-f', 'json', 'handoff.journey.yaml'], dir, { timeout: 60_000 });
    const fixes = JSON.parse(report.stdout)[0].messages.flatMap((m: { fix?: TextEdit }) => (m.fix ? [m.fix] : []));
    const onePass = applyFixes(input, fixes);
    expect(onePass.skipped).toBeGreaterThan(0);
    expect(onePass.output).not.toBe(golden);
    const run = await journey(['lint', '--fix', 'handoff.journey.yaml'], dir, { timeout: 60_000 });
    expectNoCrash(run);
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(golden);
    // Untouched lines are the input's lines, in order: only lines were added, and one typo replaced.
    const added = golden.split('\n').filter((line) => !input.split('\n').includes(line));
    expect(added).toEqual(['      complicated: "specialist"   # a typo --fix corrects', '    carry: [account_number, disputed_amount, reason]', '      - disputed_amount']);
  }, 120_000);
});

describe('journey lint --fix-dry-run', () => {
  it("prints ESLint's JSON with fix on each message and output, and writes nothing", async () => {
    const { dir, file } = workspace('styles');
    const before = readFileSync(file);
    const run = await journey(['lint', '--fix-dry-run', '-f', 'json', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    expectNoCrash(run);
    expect(run.status).toBe(1);
    const [result] = JSON.parse(run.stdout);
    expect(result.output).toBe(readFileSync(join(FIXTURES, 'styles.fixed.yaml'), 'utf8'));
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);

  it('without --fix-dry-run, JSON messages carry fix ranges that produce the golden file', async () => {
    const { dir } = workspace('styles');
    const run = await journey(['lint', '-f', 'json', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    const [result] = JSON.parse(run.stdout);
    const fixes = result.messages.filter((m: { fix?: unknown }) => m.fix).map((m: { fix: { range: [number, number]; text: string } }) => m.fix);
    expect(fixes).toHaveLength(4);
    expect(result.fixableErrorCount).toBe(4);
    expect(result.output).toBeUndefined();
    let text = readFileSync(join(FIXTURES, 'styles.journey.yaml'), 'utf8');
    for (const f of [...fixes].sort((a, b) => b.range[0] - a.range[0])) text = text.slice(0, f.range[0]) + f.text + text.slice(f.range[1]);
    expect(text).toBe(readFileSync(join(FIXTURES, 'styles.fixed.yaml'), 'utf8'));
  }, 60_000);

  it('fixes standard input with --stdin and prints output; --fix with --stdin is a usage error', async () => {
    const input = readFileSync(join(FIXTURES, 'styles.journey.yaml'), 'utf8');
    const dir = tempDir('fix-stdin');
    const dry = await journey(['lint', '--stdin', '--fix-dry-run', '-f', 'json'], dir, { input, timeout: 60_000 });
    expect(JSON.parse(dry.stdout)[0].output).toBe(readFileSync(join(FIXTURES, 'styles.fixed.yaml'), 'utf8'));
    const fix = await journey(['lint', '--stdin', '--fix'], dir, { input, timeout: 60_000 });
    expect(fix.status).toBe(2);
    expect(fix.stderr).toContain('--fix-dry-run');
    expectNoCrash(fix);
  }, 60_000);
});

describe('journey lint --fix-type and refusals', () => {
  it('--fix-type layout applies no problem fixes; an unknown type is a usage error', async () => {
    const { dir, file } = workspace('styles');
    const before = readFileSync(file);
    const layout = await journey(['lint', '--fix', '--fix-type', 'layout', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    expect(layout.status).toBe(1);
    expect(readFileSync(file).equals(before)).toBe(true);
    const problem = await journey(['lint', '--fix', '--fix-type', 'suggestion,problem', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    expect(problem.status).toBe(1);
    expect(readFileSync(file).equals(readFileSync(join(FIXTURES, 'styles.fixed.yaml')))).toBe(true);
    const bad = await journey(['lint', '--fix', '--fix-type', 'style', 'styles.journey.yaml'], dir, { timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--fix-type takes problem, suggestion, layout');
  }, 120_000);

  it('refuses --fix with --import (exit 2, plain message)', async () => {
    const dir = tempDir('fix-import');
    writeFileSync(join(dir, 'domain.yml'), 'version: "3.1"\n');
    const run = await journey(['lint', '--import', 'rasa', '--fix', '.'], dir, { timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--fix cannot change an imported bot');
    expectNoCrash(run);
  }, 60_000);
});
