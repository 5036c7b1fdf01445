/**
 * An explicit `--baseline FILE` must exist: a mistyped path would otherwise show every
 * known finding as new (or, worse, hide nothing silently). Only `--baseline-write`
 * may create it; the default journey-baseline.json beside the config may be absent.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, journey, ROOT, tempDir } from '../support/cli.js';

const FINDINGS = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
const VALID = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = tempDir('baseline-path');
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A project with journey.config.yaml and one journey (with findings, or clean). */
function project(name: string, text: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'journeys'), { recursive: true });
  writeFileSync(join(dir, 'journey.config.yaml'), 'rules: {}\n');
  writeFileSync(join(dir, 'journeys', 'a.journey.yaml'), text);
  return dir;
}

describe('--baseline FILE that does not exist', () => {
  it('is bad usage (exit 2) naming the path and how to create it, and lints nothing', async () => {
    const dir = project('missing', FINDINGS);
    const [plain, prune] = await Promise.all([journey(['lint', '--baseline', 'missing.json'], dir), journey(['lint', '--baseline', 'missing.json', '--baseline-prune'], dir)]);
    for (const run of [plain, prune]) {
      expectCleanStreams(run);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('journey: --baseline missing.json: no such file; give the path of an existing baseline, or create one with --baseline-write --baseline missing.json.\n');
    }
    expect(existsSync(join(dir, 'missing.json'))).toBe(false);
  });

  it('is refused on a clean project too', async () => {
    const run = await journey(['lint', '--baseline', 'ci/known.json'], project('clean-missing', VALID));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--baseline ci/known.json: no such file');
  });

  it('with --baseline-write: created (exit 0), and then accepted', async () => {
    const dir = project('write', FINDINGS);
    const write = await journey(['lint', '--baseline-write', '--baseline', 'known.json'], dir);
    expectCleanStreams(write);
    expect(write.status).toBe(0);
    expect(existsSync(join(dir, 'known.json'))).toBe(true);
    const use = await journey(['lint', '--baseline', 'known.json'], dir);
    expectCleanStreams(use);
    expect(use.status).toBe(0);
  });
});

describe('the default baseline (journey-baseline.json beside the config)', () => {
  it('may be absent: no message, the findings decide the exit code', async () => {
    const [clean, withFindings] = await Promise.all([journey(['lint'], project('default-clean', VALID)), journey(['lint'], project('default-findings', FINDINGS))]);
    expectCleanStreams(clean);
    expect(clean.status).toBe(0);
    expect(clean.stderr).toBe('');
    expect(withFindings.status).toBe(1);
    expect(withFindings.stderr).toBe('');
  });
});
