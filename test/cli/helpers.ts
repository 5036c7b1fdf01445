/**
 * Shared helpers for the CLI tests that spawn the REAL built binary (`node bin/journey.js`).
 * Not a test file itself. Run `npm run build` after editing src/, or these tests run stale code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from '../support/lint.js';

export const BIN = join(ROOT, 'bin', 'journey.js');

/** The outcome of one CLI run. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the run was killed by the timeout guard. */
  readonly timedOut?: boolean;
}

/** Options of a run: working directory, extra environment, standard input, hang guard. */
export interface RunOptions {
  readonly env?: Record<string, string>;
  readonly input?: string;
  readonly timeout?: number;
}

/** Environment without anything that forces or disables colour or debug output. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'JOURNEY_DEBUG', 'CI', 'TERM', 'NODE_OPTIONS', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'JOURNEY_TEST_WORKER_CRASH']) delete env[key];
  return { ...env, ...extra };
}

/** Runs `journey ...args` in `cwd` and waits for it (with a timeout guard against hangs). */
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
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ...(timedOut ? { timedOut } : {}) };
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
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ...(timedOut ? { timedOut } : {}) });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Builds dist/ when it is missing altogether (normally `npm run build` ran before the tests). */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'cli-bundle', 'main.js'))) return;
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `journey-${prefix}-`));
}

/** One finding of ESLint's JSON shape. */
export interface JsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  messageId?: string;
  fatal?: boolean;
}

/** One file of ESLint's JSON shape. */
export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
}

/** Parses `--format json` output, with the run's stderr in the error when it is not JSON. */
export function parseJson(run: Run): JsonResult[] {
  try {
    return JSON.parse(run.stdout) as JsonResult[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
}

/** `ruleId@line` of every finding of one file, in report order. */
export function findings(result: JsonResult | undefined): string[] {
  return (result?.messages ?? []).map((m) => `${m.ruleId}@${m.line}`);
}

/** A JavaScript stack frame line, as Node prints them. */
export const STACK = /^\s{4}at /m;

/** Text that must never appear: stack traces or internal errors. */
export function expectNoCrash(run: Run): void {
  expect(run.timedOut, 'the run hung and was killed').toBeFalsy();
  expect(run.stderr).not.toMatch(STACK);
  expect(run.stderr).not.toMatch(/internal error/i);
  expect(run.stdout).not.toMatch(STACK);
}
