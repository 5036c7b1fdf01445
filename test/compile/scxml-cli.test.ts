// `journey compile --target scxml` through the real binary: one `.scxml` per journey, the
// same text the library emits, `--check` agreeing with what was written.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScxml } from '../../src/compile/scxml.js';
import { ensureBuilt, expectCleanStreams, journeySync, ROOT, tempDir } from '../support/cli.js';
import { example } from '../support/engines.js';
import { EXAMPLE_NAMES } from '../support/lint.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = tempDir('scxml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('journey compile --target scxml', () => {
  it('writes one SCXML document per example, as the library emits it, and --check accepts them', { timeout: 120_000 }, async () => {
    const out = join(dir, 'machines');
    const run = journeySync(['compile', 'journeys', '--out', out, '--target', 'scxml'], ROOT);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(EXAMPLE_NAMES.map((n) => `${n}.scxml`).sort());
    for (const name of EXAMPLE_NAMES) {
      expect(readFileSync(join(out, `${name}.scxml`), 'utf8')).toBe(compileScxml(await example(name), `journeys/${name}.journey.yaml`));
    }
    const check = journeySync(['compile', 'journeys', '--out', out, '--target', 'scxml', '--check'], ROOT);
    expect(check.status, check.stderr).toBe(0);
    expectCleanStreams(check);
    const stale = journeySync(['compile', 'journeys', '--out', out, '--check'], ROOT);
    expect(stale.status).toBe(1);
  });
});
