/**
 * `journey init [dir] [--force]`: scaffolds journeys/ (four examples),
 * journey.config.yaml and .github/workflows/journeys.yml; `lint` then exits 0;
 * refuses to overwrite without --force (changing nothing); a broken journey makes
 * lint exit 1 with annotations under GITHUB_ACTIONS=true.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, journeySync } from '../support/cli.js';

const SCAFFOLD = [
  '.github/workflows/journeys.yml',
  'journey.config.yaml',
  'journeys/billing-dispute.journey.yaml',
  'journeys/cancellation.journey.yaml',
  'journeys/lost-card.journey.yaml',
  'journeys/signup.journey.yaml',
  'schemas/config.schema.json',
  'schemas/journey.schema.json',
];

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'journey-init-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every file under `dir`, relative, with forward slashes. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
/** Contents and modification times of every file under `dir`. */
function snapshot(dir: string): Record<string, { text: string; mtimeMs: number }> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, { text: readFileSync(join(dir, f), 'utf8'), mtimeMs: statSync(join(dir, f)).mtimeMs }]));
}

describe('journey init', () => {
  it('in an empty folder: exit 0, writes the scaffold, and `journey lint` then exits 0', () => {
    const dir = join(work, 'fresh');
    mkdirSync(dir);
    const init = journeySync(['init'], dir);
    expect(init.status).toBe(0);
    expectCleanStreams(init);
    expect(listFiles(dir)).toEqual(SCAFFOLD);
    const lint = journeySync(['lint'], dir);
    expect(lint.status).toBe(0);
    expect(lint.stdout).toMatch(/4 journey files.*no problems/);
    expectCleanStreams(lint);
  });

  it('again without --force: exit 2, says why, and changes nothing; with --force: exit 0 and restores the files', () => {
    const dir = join(work, 'twice');
    mkdirSync(dir);
    expect(journeySync(['init'], dir).status).toBe(0);
    // An edited file, and old modification times so that any rewrite would show.
    const signup = join(dir, 'journeys', 'signup.journey.yaml');
    const original = readFileSync(signup, 'utf8');
    writeFileSync(signup, `# edited by the team\n${original}`);
    const past = new Date('2020-01-01T00:00:00Z');
    for (const f of listFiles(dir)) utimesSync(join(dir, f), past, past);
    const before = snapshot(dir);

    const again = journeySync(['init'], dir);
    expect(again.status).toBe(2);
    expectCleanStreams(again);
    expect(again.stderr).toContain('--force');
    expect(again.stderr).toContain('journeys/signup.journey.yaml');
    expect(snapshot(dir)).toEqual(before);

    const forced = journeySync(['init', '--force'], dir);
    expect(forced.status).toBe(0);
    expectCleanStreams(forced);
    expect(listFiles(dir)).toEqual(SCAFFOLD);
    expect(readFileSync(signup, 'utf8')).toBe(original);
  });

  it('refuses when only one target exists, and then writes none of the others', () => {
    const dir = join(work, 'partial');
    mkdirSync(dir);
    writeFileSync(join(dir, 'journey.config.yaml'), 'rules: {}\n');
    const run = journeySync(['init'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('journey.config.yaml');
    expect(listFiles(dir)).toEqual(['journey.config.yaml']);
    expect(readFileSync(join(dir, 'journey.config.yaml'), 'utf8')).toBe('rules: {}\n');
  });

  it('init DIR scaffolds into DIR', () => {
    const run = journeySync(['init', 'sub/project'], work);
    expect(run.status).toBe(0);
    expect(listFiles(join(work, 'sub', 'project'))).toEqual(SCAFFOLD);
  });

  it('a broken journey: lint exits 1 and, with GITHUB_ACTIONS=true, prints annotations for it', () => {
    const dir = join(work, 'broken');
    mkdirSync(dir);
    expect(journeySync(['init'], dir).status).toBe(0);
    const signup = join(dir, 'journeys', 'signup.journey.yaml');
    const text = readFileSync(signup, 'utf8');
    expect(text).toMatch(/^ {6}start: ask_email$/m);
    writeFileSync(signup, text.replace(/^( {6}start: )ask_email$/m, '$1ask_emial'));
    const run = journeySync(['lint'], dir, { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    expect(run.stdout).toMatch(/^::error file=journeys\/signup\.journey\.yaml,line=\d+,.*unknown-target.*::.*`ask_emial`/m);
    expect(run.stdout).toContain('::group::journeys/signup.journey.yaml');
    expect(run.stdout).toContain('journeys/signup.journey.yaml:');
    expect(run.stdout).toContain('[unknown-target]');
    // The other journeys are still clean.
    expect(run.stdout).not.toMatch(/^::(error|warning) file=journeys\/(?!signup)/m);
  });

  it('the workflow parses as YAML, lints with SARIF output and uploads that file to code scanning', () => {
    const dir = join(work, 'fresh');
    const workflow = parse(readFileSync(join(dir, '.github', 'workflows', 'journeys.yml'), 'utf8')) as {
      on: unknown;
      permissions?: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
    };
    expect(workflow.on).toBeTruthy();
    expect(workflow.permissions?.['security-events']).toBe('write');
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload, 'an upload-sarif step').toBeDefined();
    const sarifFile = upload!.with?.sarif_file;
    expect(typeof sarifFile).toBe('string');
    const lint = steps.find((s) => s.run?.includes('journey lint'));
    expect(lint, 'a lint step').toBeDefined();
    expect(lint!.run).toMatch(/--format sarif/);
    expect(lint!.run).toContain(`--output-file sarif=${sarifFile as string}`);
    // The config it scaffolds is found by lint (journey.config.yaml next to journeys/).
    expect(existsSync(join(dir, 'journey.config.yaml'))).toBe(true);
    const printed = journeySync(['lint', '--print-config', 'journeys/signup.journey.yaml'], dir);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain('offramp-distance');
  });
});
