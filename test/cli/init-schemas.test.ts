/**
 * `journey init` writes copies of the editor schemas into the project and points every
 * yaml-language-server modeline it writes at them with a relative path, so that the
 * schema resolves right after `init` whether or not journeyctl is in node_modules.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, journeySync, ROOT, tempDir } from '../support/cli.js';

const MODELINE = /^# yaml-language-server: \$schema=(\S+)\s*$/gm;

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = tempDir('init-schemas');
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every file under `dir`. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Each modeline of every file under `dir`: the file and the schema path it names. */
function modelines(dir: string): { file: string; schema: string }[] {
  return listFiles(dir).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(MODELINE)].map((m) => ({ file, schema: m[1] as string })));
}

describe('journey init and the editor schema', () => {
  it('every modeline in every written file resolves to an existing file that parses as JSON', () => {
    const dir = join(work, 'fresh');
    mkdirSync(dir);
    const run = journeySync(['init'], dir);
    expectCleanStreams(run);
    expect(run.status).toBe(0);
    const found = modelines(dir);
    // The four journeys and the config carry one.
    expect(found.map((m) => relative(dir, m.file).split('\\').join('/')).sort()).toEqual([
      'journey.config.yaml',
      'journeys/billing-dispute.journey.yaml',
      'journeys/cancellation.journey.yaml',
      'journeys/lost-card.journey.yaml',
      'journeys/signup.journey.yaml',
    ]);
    for (const { file, schema } of found) {
      expect(schema, file).not.toMatch(/node_modules/);
      const target = resolve(dirname(file), schema);
      expect(existsSync(target), `${file} -> ${schema}`).toBe(true);
      expect(() => JSON.parse(readFileSync(target, 'utf8')), target).not.toThrow();
      // Inside the project, so it goes wherever the project goes.
      expect(relative(dir, target).startsWith('..'), target).toBe(false);
    }
  });

  it('the copies are the package schemas, and journeys point at the journey schema, the config at the config schema', () => {
    const dir = join(work, 'fresh');
    for (const name of ['journey.schema.json', 'config.schema.json']) {
      expect(readFileSync(join(dir, 'schemas', name), 'utf8')).toBe(readFileSync(join(ROOT, 'schemas', name), 'utf8'));
    }
    for (const { file, schema } of modelines(dir)) {
      expect(schema, file).toBe(file.endsWith('journey.config.yaml') ? 'schemas/config.schema.json' : '../schemas/journey.schema.json');
    }
  });

  it('init DIR: the modelines resolve from the files in DIR, wherever init ran', () => {
    const run = journeySync(['init', 'deep/project'], work);
    expect(run.status).toBe(0);
    const dir = join(work, 'deep', 'project');
    for (const { file, schema } of modelines(dir)) expect(existsSync(resolve(dirname(file), schema)), `${file} -> ${schema}`).toBe(true);
  });

  it('--force refreshes a stale schema copy; without it a changed copy is kept', () => {
    const dir = join(work, 'refresh');
    mkdirSync(dir);
    expect(journeySync(['init'], dir).status).toBe(0);
    const copy = join(dir, 'schemas', 'journey.schema.json');
    writeFileSync(copy, '{"stale": true}\n');
    const refused = journeySync(['init'], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('schemas/journey.schema.json');
    expect(readFileSync(copy, 'utf8')).toBe('{"stale": true}\n');
    const forced = journeySync(['init', '--force'], dir);
    expect(forced.status).toBe(0);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(join(ROOT, 'schemas', 'journey.schema.json'), 'utf8'));
  });
});
