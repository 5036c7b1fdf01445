/**
 * The one way tests run the REAL built binary (`node bin/journey.js ...`), as users and
 * CI do. The binary loads dist/: after editing src/, run `npm run build` before these
 * tests, or they test stale code. Only when dist/ is missing does `ensureBuilt()` build it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './lint.js';

export { ROOT };
export const BIN = join(ROOT, 'bin', 'journey.js');
/** Journeys shared by the format tests: clean/, findings/ and syntax/. */
export const FORMAT_FIXTURES = join(ROOT, 'test', 'fixtures', 'format');
/** A JavaScript stack frame line, as Node prints them. */
export const STACK = /^\s{4}at /m;
/** The start of an ANSI escape sequence (colour, cursor movement). */
// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;

/**
 * Variables that change what the binary prints or where it writes. The runner's own
 * values (CI=true, GITHUB_ACTIONS=true, a real $GITHUB_STEP_SUMMARY on a CI machine)
 * must never leak into a test: each test sets what it needs.
 */
const OUTPUT_VARIABLES = [
  'NO_COLOR',
  'FORCE_COLOR',
  'TERM',
  'COLUMNS',
  'LINES',
  'CI',
  'CONTINUOUS_INTEGRATION',
  'GITHUB_ACTIONS',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_WORKSPACE',
  'NODE_OPTIONS',
  'JOURNEY_DEBUG',
  'JOURNEY_TEST_WORKER_CRASH',
  'JOURNEY_TEST_CRASH_DURING_WRITE',
];

/** The outcome of one run. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The signal that ended the run, if one did. */
  readonly signal?: NodeJS.Signals | null;
  /** Set when the run was killed by the timeout guard. */
  readonly timedOut?: boolean;
}

/** Options of a run: extra environment, standard input, hang guard. */
export interface RunOptions {
  readonly env?: Record<string, string>;
  readonly input?: string;
  readonly timeout?: number;
}

/** This process's environment without the variables that change output, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of OUTPUT_VARIABLES) delete env[key];
  return { ...env, ...extra };
}

/** Runs `journey ...args` in `cwd` and waits for it (killed after the timeout, 30 s by default). */
export function journeySync(args: readonly string[], cwd: string, options: RunOptions = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    timeout: options.timeout ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (result.error && !timedOut) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ...(timedOut ? { timedOut } : {}) };
}

/** Runs `journey ...args` without blocking, so that independent runs can overlap (Promise.all). */
export function journey(args: readonly string[], cwd: string, options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeout ?? 30_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ...(timedOut ? { timedOut } : {}) });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Builds dist/ when it is missing altogether (normally `npm run build` ran before the tests). */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'cli-bundle', 'main.js')) && existsSync(join(ROOT, 'dist', 'runtime', 'index.js'))) return;
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `journey-${prefix}-`));
}

/** A new temporary folder holding a copy of the format fixtures (clean/, findings/, syntax/). */
export function formatWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(FORMAT_FIXTURES, dir, { recursive: true });
  return dir;
}

/** The run ended by itself, with no stack trace or internal error on either stream. */
export function expectNoCrash(run: Run): void {
  expect(run.timedOut, 'the run hung and was killed').toBeFalsy();
  for (const stream of [run.stdout, run.stderr]) {
    expect(stream).not.toMatch(STACK);
    expect(stream).not.toMatch(/internal error/i);
  }
}

/** No crash, and no colour or cursor movement on either stream. */
export function expectCleanStreams(run: Run): void {
  expectNoCrash(run);
  for (const stream of [run.stdout, run.stderr]) expect(stream).not.toMatch(ANSI);
}
