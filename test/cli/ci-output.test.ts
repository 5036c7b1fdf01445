/**
 * `journey lint` in CI: repeatable --format with --output-file FORMAT=PATH, usage
 * errors (exit 2), and GitHub Actions mode (GITHUB_ACTIONS=true with no --format:
 * stylish and annotations on stdout, the Markdown summary appended to
 * $GITHUB_STEP_SUMMARY). Runs the real binary; independent runs go in parallel.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, formatWorkspace, journey, type Run } from '../support/cli.js';

let work: string;
const runs: Record<string, Run> = {};
const SUMMARY_BEFORE = '# Earlier step\n\nSomething another step wrote.\n';
const MANY = 150;

beforeAll(async () => {
  ensureBuilt();
  work = formatWorkspace('journey-ci-');
  // Many files with findings, for a large SARIF file.
  const text = readFileSync(join(work, 'findings', 'refund.journey.yaml'), 'utf8');
  mkdirSync(join(work, 'many'));
  for (let i = 0; i < MANY; i++) writeFileSync(join(work, 'many', `refund-${i}.journey.yaml`), text.replace('journey: refund', `journey: refund-${i}`));
  for (const d of ['out', 'bare', 'big', 'gh-clean']) mkdirSync(join(work, d));
  writeFileSync(join(work, 'summary.md'), SUMMARY_BEFORE);

  const gha = { GITHUB_ACTIONS: 'true' };
  const jobs: Record<string, [string[], Record<string, string>?]> = {
    split: [['lint', 'findings', '--format', 'stylish', '--format', 'sarif', '--output-file', 'sarif=out/out.sarif']],
    bareTwo: [['lint', 'findings', '--format', 'stylish', '--format', 'sarif', '--output-file', 'bare/out.sarif']],
    bareOne: [['lint', 'findings', '--format', 'json', '--output-file', 'bare/only.json']],
    unknownFormat: [['lint', 'findings', '--format', 'stylish', '--format', 'xml']],
    notRequested: [['lint', 'findings', '--format', 'stylish', '--output-file', 'sarif=out/never.sarif']],
    big: [['lint', 'many', '--format', 'stylish', '--format', 'sarif', '--output-file', 'sarif=big/many.sarif', '--format', 'junit', '--output-file', 'junit=big/many.xml']],
    ghNoSummary: [['lint', 'findings'], gha],
    ghExplicitFormat: [['lint', 'findings', '--format', 'json'], { ...gha, GITHUB_STEP_SUMMARY: join(work, 'gh-clean', 'unused.md') }],
    ghClean: [['lint', 'clean'], { ...gha, GITHUB_STEP_SUMMARY: join(work, 'gh-clean', 'summary.md') }],
  };
  mkdirSync(join(work, 'out', 'a-directory'));
  jobs.outputIsDirectory = [['lint', 'findings', '--format', 'sarif', '--output-file', 'sarif=out/a-directory']];
  const names = Object.keys(jobs);
  const done = await Promise.all(names.map((n) => journey(jobs[n]![0], work, { env: jobs[n]![1] ?? {} })));
  names.forEach((n, i) => (runs[n] = done[i]!));
  // GitHub Actions mode twice with one summary file: both summaries must be kept (appended).
  const summary = { ...gha, GITHUB_STEP_SUMMARY: join(work, 'summary.md') };
  runs.gh1 = await journey(['lint', 'findings'], work, { env: summary });
  runs.gh2 = await journey(['lint', 'findings'], work, { env: summary });
  // Linting from a subfolder of a repository (a step with `working-directory:`).
  mkdirSync(join(work, '.git'));
  runs.ghSubfolder = await journey(['lint', '.'], join(work, 'findings'), { env: gha });
  rmSync(join(work, '.git'), { recursive: true });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const STYLISH_SUMMARY = /✖ 9 problems \(5 errors, 4 warnings\)/;

describe('--format is repeatable, each format with its own --output-file', () => {
  it('--format stylish --format sarif --output-file sarif=PATH: SARIF in the file, stylish on stdout', () => {
    const run = runs.split!;
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    expect(run.stdout).toContain('findings/refund.journey.yaml:22:14: error:');
    expect(run.stdout).toMatch(STYLISH_SUMMARY);
    expect(run.stdout).not.toContain('"version"');
    const text = readFileSync(join(work, 'out', 'out.sarif'), 'utf8');
    const log = JSON.parse(text) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toHaveLength(9);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('a bare --output-file with two formats is a usage error (exit 2) and writes nothing', () => {
    const run = runs.bareTwo!;
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/output-file/);
    expect(run.stderr).toContain('sarif=');
    expectCleanStreams(run);
    expect(existsSync(join(work, 'bare', 'out.sarif'))).toBe(false);
  });

  it('a bare --output-file with one format sends that format to the file', () => {
    const run = runs.bareOne!;
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const results = JSON.parse(readFileSync(join(work, 'bare', 'only.json'), 'utf8')) as { messages: unknown[] }[];
    expect(results).toHaveLength(1);
    expect(results[0]!.messages).toHaveLength(9);
  });

  it('an unknown format is a usage error (exit 2) naming the known formats', () => {
    const run = runs.unknownFormat!;
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('xml');
    for (const f of ['stylish', 'json', 'sarif', 'junit', 'github', 'markdown']) expect(run.stderr).toContain(f);
    expectCleanStreams(run);
  });

  it('--output-file FORMAT=PATH for a format that was not requested is a usage error (exit 2)', () => {
    const run = runs.notRequested!;
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('sarif');
    expect(existsSync(join(work, 'out', 'never.sarif'))).toBe(false);
  });

  it('an --output-file that is a directory: exit 2 with a one-line reason naming it, not an "internal error"', () => {
    const run = runs.outputIsDirectory!;
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('a-directory');
    expectCleanStreams(run);
    expect(readdirSync(join(work, 'out', 'a-directory'))).toEqual([]);
    expect(readdirSync(join(work, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('large output files are written completely (valid JSON and XML), with no temporary files left', () => {
    const run = runs.big!;
    expect(run.status).toBe(1);
    expectCleanStreams(run);
    expect(run.stdout).toMatch(new RegExp(`in ${MANY} of ${MANY} journey files`));
    const sarifText = readFileSync(join(work, 'big', 'many.sarif'), 'utf8');
    expect(sarifText.length).toBeGreaterThan(500_000);
    const log = JSON.parse(sarifText) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results).toHaveLength(MANY * 9);
    const xml = readFileSync(join(work, 'big', 'many.xml'), 'utf8');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(MANY);
    expect(readdirSync(join(work, 'big')).sort()).toEqual(['many.sarif', 'many.xml']);
  });
});

describe('GitHub Actions mode (GITHUB_ACTIONS=true, no --format)', () => {
  it('prints the full stylish report and the annotations, both on stdout; exit 1', () => {
    for (const run of [runs.gh1!, runs.gh2!, runs.ghNoSummary!]) {
      expect(run.status).toBe(1);
      expectCleanStreams(run);
      expect(run.stdout).toMatch(STYLISH_SUMMARY);
      expect(run.stdout).toContain('[unknown-target]');
      expect(run.stdout).toContain('::group::findings/refund.journey.yaml');
      expect(run.stdout).toContain('::endgroup::');
      expect(run.stdout).toMatch(/^::error file=findings\/refund\.journey\.yaml,line=22,endLine=22,col=14,endColumn=23,title=[^:]*unknown-target::/m);
      // Every finding is annotated (GitHub shows only 10 per level, so the full report is printed too).
      expect(run.stdout.match(/^::(error|warning) /gm)).toHaveLength(9);
    }
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY: after two runs the file holds both, after what was there', () => {
    const text = readFileSync(join(work, 'summary.md'), 'utf8');
    expect(text.startsWith(SUMMARY_BEFORE)).toBe(true);
    expect(text.match(/^## Journey lint$/gm)).toHaveLength(2);
    expect(text.match(/^\| Severity \| Location \| Rule \| Message \|$/gm)).toHaveLength(2);
    expect(text.match(/unknown-target/g)?.length).toBeGreaterThanOrEqual(2);
    // The summary goes to the file only, not to stdout.
    expect(runs.gh1!.stdout).not.toContain('| Severity |');
  });

  it('run from a subfolder of the repository, annotation paths still resolve from the repository root', () => {
    // The runner keeps a relative `file=` as is and reads it relative to the workspace
    // (the repository root); absolute paths under the workspace are made relative.
    const run = runs.ghSubfolder!;
    expect(run.status).toBe(1);
    const unescape = (v: string): string => v.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    const files = new Set([...run.stdout.matchAll(/^::(?:error|warning) file=([^,]*),/gm)].map((m) => unescape(m[1] as string)));
    expect(files.size).toBe(1);
    const [file] = [...files];
    expect([join(work, 'findings', 'refund.journey.yaml'), 'findings/refund.journey.yaml']).toContain(file);
  });

  it('without $GITHUB_STEP_SUMMARY there is no summary and no error', () => {
    expect(runs.ghNoSummary!.stderr).toBe('');
  });

  it('a clean run: exit 0, no annotations, and a summary that says no problems', () => {
    const run = runs.ghClean!;
    expect(run.status).toBe(0);
    expectCleanStreams(run);
    expect(run.stdout).not.toMatch(/^::(error|warning)/m);
    expect(readFileSync(join(work, 'gh-clean', 'summary.md'), 'utf8')).toMatch(/no problems/);
  });

  it('an explicit --format wins: only that format on stdout, no annotations, no summary', () => {
    const run = runs.ghExplicitFormat!;
    expect(run.status).toBe(1);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(existsSync(join(work, 'gh-clean', 'unused.md'))).toBe(false);
  });
});
