/**
 * Helpers for the `journey compile` tests: run the REAL built binary (`node bin/journey.js`),
 * make throw-away copies of the example journeys, and take snapshots of folders.
 *
 * The binary loads dist/. Run `npm run build` after editing src/; only when dist/ is
 * missing altogether does `ensureBuilt` build it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/lint.js';

export { ROOT };
export const BIN = join(ROOT, 'bin', 'journey.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'compile');
export const EXAMPLES = ['billing-dispute', 'cancellation', 'lost-card', 'signup'];

/** A JavaScript stack frame line, as Node prints them. */
export const STACK = /^\s{4}at /m;

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Builds dist/ when it is missing (the binary runs compiled output). */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'cli', 'main.js')) && existsSync(join(ROOT, 'dist', 'runtime', 'index.js'))) return;
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
}

/** Environment without colour switches or debug flags. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'JOURNEY_DEBUG', 'CI', 'TERM', 'NODE_OPTIONS']) delete env[key];
  return { ...env, ...extra };
}

/** Runs `journey ARGS` in `cwd`. */
export function journey(args: readonly string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No stack trace and no "internal error" on either stream. */
export function expectCleanStreams(run: Run): void {
  expect(run.stderr).not.toMatch(STACK);
  expect(run.stdout).not.toMatch(STACK);
  expect(run.stderr).not.toMatch(/internal error/i);
}

/** A fresh temporary folder holding a copy of the example journeys in journeys/. */
export function exampleWorkspace(prefix = 'journey-compile-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'journeys'), join(dir, 'journeys'), { recursive: true });
  return dir;
}

/** Every file under `dir` (recursively, symlinks not followed), relative, with '/' separators, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Path -> `mtimeMs size content` of every file under `dir` (so any write shows, even one with the same text). */
export function snapshot(dir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of listFiles(dir)) {
    const p = join(dir, file);
    const st = lstatSync(p);
    map.set(file, `${st.mtimeMs} ${st.size} ${st.isSymbolicLink() ? 'link' : readFileSync(p, 'utf8')}`);
  }
  return map;
}

/** Every side-effect name (`do`) in a journey file, sorted: read straight from the YAML, independent of src/. */
export function effectsInYaml(path: string): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'do' && Array.isArray(v)) for (const name of v) names.add(String(name));
        else visit(v);
      }
    }
  };
  visit(parse(readFileSync(path, 'utf8')));
  return [...names].sort();
}

/** The state ids of a journey file, read straight from the YAML. */
export function statesInYaml(path: string): string[] {
  return Object.keys((parse(readFileSync(path, 'utf8')) as { states: Record<string, unknown> }).states);
}

/** `lost-card` -> `LostCard`, as the ts target names its exports. */
export function pascal(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
