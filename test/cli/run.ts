/**
 * Helpers for tests that run the REAL built binary (`node bin/journey.js ...`), as
 * users and CI do. The binary loads the compiled CLI from dist/: after editing
 * src/, run `npm run build` before these tests, or they test stale code. Only when
 * dist/ is missing altogether does `ensureBuilt()` build it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from '../support/lint.js';

export const BIN = join(ROOT, 'bin', 'journey.js');
/** Journeys shared by the format tests: clean/, findings/ and syntax/. */
export const FORMAT_FIXTURES = join(ROOT, 'test', 'fixtures', 'format');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;
const STACK = /^\s{4}at /m;

/** The environment without anything that changes output (colour, CI, width), plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'JOURNEY_DEBUG', 'CI', 'TERM', 'NODE_OPTIONS', 'COLUMNS', 'LINES', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY']) delete env[key];
  return { ...env, ...extra };
}

/** Runs `journey ARGS` in `cwd` and waits for it. */
export function journey(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env), encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `journey ARGS` without blocking, so that independent runs can go in parallel. */
export function journeyAsync(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, reject) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env), encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else done({ status: child.exitCode, stdout, stderr });
    });
  });
}

/** Builds dist/ when it is missing (a fresh checkout without `npm ci`). */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) return;
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
}

/** A new temporary folder holding a copy of the format fixtures (clean/, findings/, syntax/). */
export function formatWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(FORMAT_FIXTURES, dir, { recursive: true });
  return dir;
}

/** No stack trace, no internal error and no colour on either stream. */
export function expectCleanStreams(run: Run): void {
  for (const stream of [run.stdout, run.stderr]) {
    expect(stream).not.toMatch(STACK);
    expect(stream).not.toMatch(/internal error/i);
    expect(stream).not.toMatch(ANSI);
  }
}
