/**
 * Which files `journey lint` reads, through the real binary: folders, globs, explicit files,
 * .gitignore inside a git repository, --no-ignore, the config's `ignores`, patterns that match
 * nothing (exit 2 unless --no-error-on-unmatched-pattern), --stdin with --stdin-filename, and
 * --max-errors.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';
import { ensureBuilt, expectNoCrash, journey, tempDir, type Run } from '../support/cli.js';
import { findings, parseJson } from './helpers.js';

const VALID = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');
const FINDINGS = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
const BROKEN = 'journey: broken\n  states: [\n';

/** The valid journey under another id (so that files never collide as duplicates). */
const valid = (id: string): string => VALID.replace(/^journey: lost-card\b/m, `journey: ${id}`);

let work: string;
/** A git repository with journeys in several folders, some of them ignored. */
let repo: string;

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

beforeAll(() => {
  ensureBuilt();
  work = tempDir('discovery');
  repo = join(work, 'repo');
  mkdirSync(repo);
  // The repository root is where `.git` is; discovery needs nothing else from git.
  mkdirSync(join(repo, '.git'));
  write(join(repo, '.gitignore'), '# generated journeys are rebuilt by CI\njourneys/generated/\n');
  write(join(repo, 'journeys', 'main', 'a.journey.yaml'), valid('main-a'));
  write(join(repo, 'journeys', 'main', 'notes.yaml'), valid('main-notes')); // not a journey file name
  write(join(repo, 'journeys', 'other', 'b.journey.yml'), valid('other-b'));
  write(join(repo, 'journeys', 'generated', 'g.journey.yaml'), valid('generated-g'));
  write(join(repo, 'journeys', 'generated', 'deep', 'h.journey.yaml'), valid('generated-h'));
  write(join(repo, 'journeys', '.gitignore'), 'scratch/\n');
  write(join(repo, 'journeys', 'scratch', 's.journey.yaml'), BROKEN);
  write(join(repo, 'journeys', 'node_modules', 'dep', 'x.journey.yaml'), BROKEN);
  write(join(repo, 'ignore-other.config.yaml'), 'ignores:\n  - "journeys/other/**"\n');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Files of a JSON report, relative to `base`. */
function files(run: Run, base: string = repo): string[] {
  return parseJson(run).map((r) => r.filePath.slice(base.length + 1));
}

describe('folders, globs and .gitignore', () => {
  it('a folder: journey files only, skipping .gitignore-d folders (root and nested .gitignore) and node_modules', async () => {
    const run = await journey(['lint', 'journeys', '--format', 'json'], repo);
    expectNoCrash(run);
    expect(run.status).toBe(0);
    expect(files(run)).toEqual(['journeys/main/a.journey.yaml', 'journeys/other/b.journey.yml']);
  });

  it('an ignored subfolder named explicitly is linted; so is an ignored file named explicitly', async () => {
    const [folder, file] = await Promise.all([
      journey(['lint', 'journeys/generated', '--format', 'json'], repo),
      journey(['lint', 'journeys/generated/g.journey.yaml', '--format', 'json'], repo),
    ]);
    expect(folder.status).toBe(0);
    expect(files(folder)).toEqual(['journeys/generated/deep/h.journey.yaml', 'journeys/generated/g.journey.yaml']);
    expect(file.status).toBe(0);
    expect(files(file)).toEqual(['journeys/generated/g.journey.yaml']);
  });

  it('--no-ignore lints what .gitignore would skip (but never node_modules)', async () => {
    const run = await journey(['lint', 'journeys', '--no-ignore', '--format', 'json'], repo);
    expect(run.status).toBe(1); // scratch/s.journey.yaml is broken
    expect(files(run)).toEqual([
      'journeys/generated/deep/h.journey.yaml',
      'journeys/generated/g.journey.yaml',
      'journeys/main/a.journey.yaml',
      'journeys/other/b.journey.yml',
      'journeys/scratch/s.journey.yaml',
    ]);
  });

  it('globs match paths relative to the working directory and respect .gitignore', async () => {
    const [yaml, both, one, fromSub] = await Promise.all([
      journey(['lint', 'journeys/**/*.journey.yaml', '--format', 'json'], repo),
      journey(['lint', 'journeys/**/*.journey.{yaml,yml}', '--format', 'json'], repo),
      journey(['lint', 'journeys/*/b.*', '--format', 'json'], repo),
      journey(['lint', 'main/*.journey.yaml', '--format', 'json'], join(repo, 'journeys')),
    ]);
    for (const run of [yaml, both, one, fromSub]) {
      expectNoCrash(run);
      expect(run.status).toBe(0);
    }
    expect(files(yaml)).toEqual(['journeys/main/a.journey.yaml']);
    expect(files(both)).toEqual(['journeys/main/a.journey.yaml', 'journeys/other/b.journey.yml']);
    expect(files(one)).toEqual(['journeys/other/b.journey.yml']);
    expect(files(fromSub)).toEqual(['journeys/main/a.journey.yaml']);
  });

  it('several folders and explicit files together; an explicit file is linted whatever its name', async () => {
    const run = await journey(['lint', 'journeys/main/notes.yaml', 'journeys/other', 'journeys/main/a.journey.yaml', '--format', 'json'], repo);
    expect(run.status).toBe(0);
    expect(files(run)).toEqual(['journeys/main/a.journey.yaml', 'journeys/main/notes.yaml', 'journeys/other/b.journey.yml']);
  });

  it('the config\'s `ignores` skips files (relative to the config); --no-ignore lints them', async () => {
    const [ignored, notIgnored] = await Promise.all([
      journey(['lint', 'journeys', '--config', 'ignore-other.config.yaml', '--format', 'json'], repo),
      journey(['lint', 'journeys/main', 'journeys/other', '--config', 'ignore-other.config.yaml', '--no-ignore', '--format', 'json'], repo),
    ]);
    expect(ignored.status).toBe(0);
    expect(files(ignored)).toEqual(['journeys/main/a.journey.yaml']);
    expect(files(notIgnored)).toEqual(['journeys/main/a.journey.yaml', 'journeys/other/b.journey.yml']);
  });
});

describe('patterns that match nothing', () => {
  it('exit 2 with the pattern on stderr, unless --no-error-on-unmatched-pattern (then exit 0)', async () => {
    const [glob, missing, mixed, allowedGlob, allowedMixed] = await Promise.all([
      journey(['lint', 'nothing/**/*.journey.yaml'], repo),
      journey(['lint', 'missing-folder'], repo),
      journey(['lint', 'journeys/main', 'journeys/**/*.nope.yaml'], repo),
      journey(['lint', 'nothing/**/*.journey.yaml', '--no-error-on-unmatched-pattern'], repo),
      journey(['lint', 'journeys/main', 'journeys/**/*.nope.yaml', '--no-error-on-unmatched-pattern', '--format', 'json'], repo),
    ]);
    for (const run of [glob, missing, mixed, allowedGlob, allowedMixed]) expectNoCrash(run);
    expect(glob.status).toBe(2);
    expect(glob.stderr).toContain('nothing/**/*.journey.yaml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing-folder');
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('*.nope.yaml');
    expect(allowedGlob.status).toBe(0);
    expect(allowedMixed.status).toBe(0);
    expect(files(allowedMixed)).toEqual(['journeys/main/a.journey.yaml']);
  });
});

describe('--stdin', () => {
  it('--stdin-filename: findings are reported for that path (JSON and stylish), and config overrides apply', async () => {
    const dir = join(work, 'stdin');
    write(join(dir, 'journey.config.yaml'), 'overrides:\n  - files: ["journeys/quiet/**"]\n    rules: { pii-purpose: off }\n');
    const [json, stylish, quiet, bare] = await Promise.all([
      journey(['lint', '--stdin', '--stdin-filename', 'journeys/x.journey.yaml', '--format', 'json'], dir, { input: FINDINGS }),
      journey(['lint', '--stdin', '--stdin-filename', 'journeys/x.journey.yaml'], dir, { input: FINDINGS }),
      journey(['lint', '--stdin', '--stdin-filename', 'journeys/quiet/x.journey.yaml', '--format', 'json'], dir, { input: FINDINGS }),
      journey(['lint', '--stdin', '--format', 'json'], dir, { input: VALID }),
    ]);
    for (const run of [json, stylish, quiet, bare]) expectNoCrash(run);
    expect(json.status).toBe(1);
    const [result, ...rest] = parseJson(json);
    expect(rest).toEqual([]);
    expect(result!.filePath).toBe(join(dir, 'journeys', 'x.journey.yaml'));
    expect(findings(result)).toEqual(['pii-purpose@5', 'pii-purpose@6', 'offramp-distance@18', 'unreachable-state@27']);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toContain('journeys/x.journey.yaml:18:3: error:');
    expect(quiet.status).toBe(1);
    expect(findings(parseJson(quiet)[0])).toEqual(['offramp-distance@18', 'unreachable-state@27']);
    expect(bare.status).toBe(0);
    expect(parseJson(bare)).toHaveLength(1);
  });

  it('a syntax error on stdin: exit 1 with a syntax finding for the --stdin-filename path', async () => {
    const run = await journey(['lint', '--stdin', '--stdin-filename', 'journeys/x.journey.yaml', '--format', 'json'], work, { input: BROKEN });
    expectNoCrash(run);
    expect(run.status).toBe(1);
    const [result] = parseJson(run);
    expect(result!.filePath).toBe(join(work, 'journeys', 'x.journey.yaml'));
    expect(result!.messages.length).toBeGreaterThan(0);
    expect(result!.messages.every((m) => m.ruleId === 'syntax' && m.fatal === true)).toBe(true);
  });

  it('--stdin with paths, or --stdin-filename without --stdin, is a usage error (exit 2)', async () => {
    const [withPaths, withoutStdin] = await Promise.all([
      journey(['lint', '--stdin', 'journeys'], repo, { input: VALID }),
      journey(['lint', '--stdin-filename', 'x.journey.yaml', 'journeys'], repo),
    ]);
    for (const run of [withPaths, withoutStdin]) {
      expectNoCrash(run);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/stdin/);
    }
  });
});

describe('--max-errors', () => {
  it('stops after the first file with errors: fewer files in the report, exit 1', async () => {
    const dir = join(work, 'max-errors');
    for (const n of [1, 2, 3, 4]) write(join(dir, `b${n}.journey.yaml`), BROKEN.replace('broken', `broken-${n}`));
    write(join(dir, 'c-valid.journey.yaml'), valid('valid-c'));
    const [all, one, stylish, zero] = await Promise.all([
      journey(['lint', '.', '--format', 'json'], dir),
      journey(['lint', '.', '--format', 'json', '--max-errors', '1'], dir),
      journey(['lint', '.', '--max-errors', '1'], dir),
      journey(['lint', '.', '--max-errors', '0'], dir),
    ]);
    for (const run of [all, one, stylish, zero]) expectNoCrash(run);
    expect(all.status).toBe(1);
    expect(files(all, dir)).toEqual(['b1.journey.yaml', 'b2.journey.yaml', 'b3.journey.yaml', 'b4.journey.yaml', 'c-valid.journey.yaml']);
    expect(one.status).toBe(1);
    expect(files(one, dir)).toEqual(['b1.journey.yaml']);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toMatch(/max-errors/);
    expect(zero.status).toBe(2);
  });
});
