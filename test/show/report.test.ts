import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journeySync, ROOT } from '../support/cli.js';

const run = (args: string[], cwd = ROOT, env: Record<string, string> = {}) => journeySync(args, cwd, { env });

describe('journey report', () => {
  it('produces Markdown with one section per journey: lint, diagram, simulated figures, scenarios', () => {
    const r = run(['report', 'journeys/', '--runs', '1000']);
    expect(r.status, r.stderr).toBe(0);
    for (const id of ['address-change', 'billing-dispute', 'cancellation', 'identity-check', 'lost-card', 'signup']) {
      expect(r.stdout).toMatch(new RegExp(`^## ${id}: `, 'm'));
    }
    expect(r.stdout.match(/^```mermaid$/gm)).toHaveLength(6);
    // The sub-journey is simulated inside the journey that calls it, not on its own.
    expect(r.stdout.match(/^\| contained \(resolved without a person\) \| \d+\.\d%/gm)).toHaveLength(5);
    expect(r.stdout.match(/^\| worst case: turns to a person \| \d+ \|$/gm)).toHaveLength(5);
    expect(r.stdout).toMatch(/^\| \[identity-check\]\(#identity-check-check-who-the-customer-is\) \| ✅ clean \| — \| — \| — \| — \(called by others\) \| ✅ 12 passed \|$/m);
    expect(r.stdout).toMatch(/passed, 0 failed/);
    // Reproducible: the same seed gives the same document.
    expect(run(['report', 'journeys/', '--runs', '1000']).stdout).toBe(r.stdout);
  });

  it('--compare shows a changed figure with its old and new value', () => {
    const base = mkdtempSync(join(tmpdir(), 'journey-base-'));
    const head = mkdtempSync(join(tmpdir(), 'journey-head-'));
    try {
      cpSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), join(base, 'lost-card.journey.yaml'));
      // The change under review: a person is reached on the third misunderstanding in a row instead of the second.
      const changed = readFileSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), 'utf8').replace(/^ {2}no_match: 2$/m, '  no_match: 3');
      expect(changed).not.toBe(readFileSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), 'utf8'));
      writeFileSync(join(head, 'lost-card.journey.yaml'), changed);
      const r = run(['report', head, '--compare', base, '--runs', '3000']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/\| figure \| base \| now \| change \|/);
      const row = /^\| abandoned \(gave up\) \| (\d+\.\d)% \| (\d+\.\d)% \| ([+−]\d+\.\d pts) \|$/m.exec(r.stdout);
      expect(row, r.stdout).not.toBeNull();
      expect(row?.[1]).not.toBe(row?.[2]);
      expect(r.stdout).toMatch(/\| \d+\.\d% → \*\*\d+\.\d%\*\* \|/);
    } finally {
      rmSync(base, { recursive: true, force: true });
      rmSync(head, { recursive: true, force: true });
    }
  });

  it('a personas file with problems is shown with positions, and nothing is reported (exit 2)', () => {
    const r = run(['report', 'journeys/signup.journey.yaml', '--runs', '10', '--personas', 'test/fixtures/personas/bad-keys.personas.yaml']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    // Findings come in source order: the unknown key on line 4 before the value out of range on line 5.
    expect(r.stderr.match(/bad-keys\.personas\.yaml:\d+:\d+: error: .*\[schema\]$/gm)?.map((line) => /:(\d+:\d+):/.exec(line)?.[1])).toEqual(['4:5', '5:21']);
  });

  it('writes to a file, and adds to $GITHUB_STEP_SUMMARY instead of replacing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-report-'));
    try {
      const summary = join(dir, 'summary.md');
      writeFileSync(summary, '# earlier step\n');
      expect(run(['report', 'journeys/signup.journey.yaml', '--runs', '200', '--output', summary], ROOT, { GITHUB_STEP_SUMMARY: summary }).status).toBe(0);
      const text = readFileSync(summary, 'utf8');
      expect(text.startsWith('# earlier step\n# Journey report')).toBe(true);
      expect(run(['report', 'journeys/', '--runs', 'lots']).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
