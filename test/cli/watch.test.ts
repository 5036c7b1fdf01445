/**
 * `journey lint --watch` and `journey test --watch` through the real binary in a child process:
 * the first report, a changed file's new report (a broken file is findings, not an exit), the
 * journeys that call a changed journey checked again, and a clean exit 0 on SIGINT and SIGTERM.
 * Nothing is timed: each step waits for the output it expects, with a generous limit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ensureBuilt, ROOT, STACK, tempDir } from '../support/cli.js';

/** How long one step may wait for its output: generous, since the machine is shared. */
const STEP_LIMIT = 60_000;

beforeAll(() => ensureBuilt());

/** A watching child: its output so far, a way to wait for more, and its exit. */
interface Watching {
  readonly child: ChildProcessWithoutNullStreams;
  out(): string;
  err(): string;
  /** Resolves once stdout + stderr after `from` (an offset into their concatenation) match `pattern`. */
  until(pattern: RegExp, from?: number): Promise<string>;
  /** How much output there is now (for `until(…, from)`: only what comes after). */
  mark(): number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  // A test that failed half-way must not leave its watcher running.
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function start(args: readonly string[], cwd: string): Watching {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let both = '';
  const waiters: (() => void)[] = [];
  const grow = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    both += chunk.toString('utf8');
    grow();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    both += chunk.toString('utf8');
    grow();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => {
    grow();
    resolve({ code, signal });
  }));
  const until = (pattern: RegExp, from = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`no output matching ${pattern} within ${STEP_LIMIT} ms; output:\n${both}`)), STEP_LIMIT);
      const check = (): void => {
        const tail = both.slice(from);
        if (pattern.test(tail)) {
          clearTimeout(limit);
          resolve(tail);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(limit);
          reject(new Error(`exited (${child.exitCode ?? child.signalCode}) before output matching ${pattern}; output:\n${both}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, out: () => stdout, err: () => stderr, until, mark: () => both.length, exit };
}

/** One watch cycle's end: the line the watch prints after every run. */
const WATCHING = /journey: watching .* for changes \(Ctrl-C stops\)\n/;

/** A folder with address-change (which calls identity-check), identity-check and their scenario files. */
function callingPair(name: string): string {
  const dir = tempDir(name);
  mkdirSync(join(dir, 'j'));
  for (const f of ['address-change.journey.yaml', 'address-change.test.yaml', 'identity-check.journey.yaml', 'identity-check.test.yaml']) {
    copyFileSync(join(ROOT, 'journeys', f), join(dir, 'j', f));
  }
  return dir;
}

/** Changes a file's text with `edit` (which must change it). */
function edit(path: string, change: (text: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
}

describe('journey lint --watch', () => {
  it('reports, reports again after a change (a broken file is a finding), and exits 0 on SIGINT', async () => {
    const dir = callingPair('watch-lint');
    const w = start(['lint', '--watch', 'j'], dir);
    await w.until(WATCHING);
    expect(w.out()).toContain('✔ 2 journey files checked: no problems');

    let at = w.mark();
    edit(join(dir, 'j', 'address-change.journey.yaml'), (t) => `${t}  bogus: [\n`);
    const broken = await w.until(WATCHING, at);
    expect(broken).toContain('journey: changed: j/address-change.journey.yaml\n');
    expect(broken).toMatch(/j\/address-change\.journey\.yaml:\d+:\d+: error: .*\[syntax\]/);
    expect(w.child.exitCode, 'a file that does not parse does not stop the watch').toBeNull();

    at = w.mark();
    writeFileSync(join(dir, 'j', 'address-change.journey.yaml'), readFileSync(join(ROOT, 'journeys', 'address-change.journey.yaml')));
    expect(await w.until(WATCHING, at)).toContain('✔ 2 journey files checked: no problems');

    w.child.kill('SIGINT');
    expect(await w.exit).toEqual({ code: 0, signal: null });
    expect(w.err()).not.toMatch(STACK);
    expect(w.out(), 'the screen is cleared only on a terminal').not.toContain('\u001b[2J');
  }, 4 * STEP_LIMIT);

  it('checks again a journey that calls the changed one (its text is unchanged), and exits 0 on SIGTERM', async () => {
    const dir = callingPair('watch-callers');
    const w = start(['lint', '--watch', 'j'], dir);
    await w.until(WATCHING);
    const at = w.mark();
    // The caller continues on `locked`: renaming the callee's outcome makes the caller wrong.
    edit(join(dir, 'j', 'identity-check.journey.yaml'), (t) => t.replace('outcome: locked', 'outcome: blocked'));
    const after = await w.until(WATCHING, at);
    expect(after).toContain('journey: changed: j/identity-check.journey.yaml; checked again as they call a changed journey: j/address-change.journey.yaml\n');
    expect(after).toMatch(/j\/address-change\.journey\.yaml:\d+:\d+: error: State `check_identity` continues on outcome `locked`, but `identity-check` never ends with it/);
    w.child.kill('SIGTERM');
    expect(await w.exit).toEqual({ code: 0, signal: null });
    expect(w.err()).not.toMatch(STACK);
  }, 3 * STEP_LIMIT);

  it('lints everything again when the config changes, and goes on after a config with problems', async () => {
    const dir = callingPair('watch-config');
    writeFileSync(join(dir, 'journey.config.yaml'), 'extends: recommended\n');
    const w = start(['lint', '--watch', 'j'], dir);
    await w.until(WATCHING);
    const at = w.mark();
    // Ignoring the callee changes the caller's findings although neither journey file changed.
    writeFileSync(join(dir, 'journey.config.yaml'), 'extends: recommended\nignores: ["j/identity-check.journey.yaml"]\n');
    const after = await w.until(WATCHING, at);
    expect(after).toContain('journey: changed: journey.config.yaml; checked again as they call a changed journey: j/address-change.journey.yaml\n');
    expect(after).toMatch(/j\/address-change\.journey\.yaml:\d+:\d+: error: State `check_identity` calls `identity-check`, which is neither/);
    // A config with problems is reported, and the watch goes on to the next change.
    let next = w.mark();
    writeFileSync(join(dir, 'journey.config.yaml'), 'rules:\n  human-exti: error\n');
    expect(await w.until(WATCHING, next)).toContain('unknown key `human-exti` (did you mean `human-exit`?)');
    next = w.mark();
    writeFileSync(join(dir, 'journey.config.yaml'), 'extends: recommended\n');
    expect(await w.until(WATCHING, next)).toContain('✔ 2 journey files checked: no problems');
    w.child.kill('SIGINT');
    expect((await w.exit).code).toBe(0);
  }, 5 * STEP_LIMIT);

  it('refuses --fix (exit 2, a plain message)', async () => {
    const dir = callingPair('watch-fix');
    const w = start(['lint', '--watch', '--fix', 'j'], dir);
    expect((await w.exit).code).toBe(2);
    expect(w.err()).toContain('--watch does not go with --fix');
    expect(w.err()).not.toMatch(STACK);
  }, STEP_LIMIT);
});

describe('journey test --watch', () => {
  it('runs every scenario, then those of the journeys a change affects, and exits 0 on SIGINT', async () => {
    const dir = callingPair('watch-test');
    const w = start(['test', '--watch', 'j'], dir);
    const first = await w.until(WATCHING);
    expect(first).toMatch(/scenarios in 2 journeys: \d+ passed, 0 failed/);

    // A scenario file of the callee: only its journey runs again, and its broken scenario fails.
    let at = w.mark();
    edit(join(dir, 'j', 'identity-check.test.yaml'), (t) => t.replace('expect: { outcome: locked, human: false, context: { attempts: 2 } }', 'expect: { outcome: verified, human: false, context: { attempts: 2 } }'));
    const own = await w.until(WATCHING, at);
    expect(own).toContain('journey: changed: j/identity-check.test.yaml\n');
    expect(own).toContain('j/identity-check.journey.yaml (identity-check)');
    expect(own).not.toContain('j/address-change.journey.yaml (address-change)');
    expect(own).toMatch(/✘ the third wrong code locks the check|1 failed/);

    // The callee itself: its caller's scenarios run again too.
    at = w.mark();
    edit(join(dir, 'j', 'identity-check.journey.yaml'), (t) => `${t}\n# a comment\n`);
    const both = await w.until(WATCHING, at);
    expect(both).toContain('j/identity-check.journey.yaml (identity-check)');
    expect(both).toContain('j/address-change.journey.yaml (address-change)');

    w.child.kill('SIGINT');
    expect(await w.exit).toEqual({ code: 0, signal: null });
    expect(w.err()).not.toMatch(STACK);
  }, 4 * STEP_LIMIT);
});
