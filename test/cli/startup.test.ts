import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cleanEnv, ROOT } from '../support/cli.js';

/** Runs node (the CLI by default) with a module hook that lists every module it loads. */
function loadedModules(args: string[], entry: string[] = [join(ROOT, 'bin', 'journey.js')]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'journey-startup-'));
  try {
    writeFileSync(join(dir, 'hooks.mjs'), `export async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  process.stderr.write('LOADED ' + result.url + '\\n');\n  return result;\n}\n`);
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)});\n`);
    const run = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), ...entry, ...args], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return [...run.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1] as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it('journey lint never loads ink, react or xstate (they are loaded only by the commands that need them)', () => {
  const lint = loadedModules(['lint', 'journeys/']);
  expect(lint.length).toBeGreaterThan(3);
  expect(lint.filter((url) => /node_modules\/(ink|react|xstate)\//.test(url))).toEqual([]);
  const play = loadedModules(['play', 'journeys/lost-card.journey.yaml', '--events', 'lost']);
  expect(play.some((url) => /node_modules\/ink\//.test(url))).toBe(true);
  expect(play.some((url) => /node_modules\/xstate\//.test(url))).toBe(true);
});

it('the library entry never loads the CLI, the terminal UI, commander, ink, react or xstate', () => {
  const loaded = loadedModules([], ['--input-type=module', '-e', `await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))})`]);
  expect(loaded.some((url) => url.endsWith('/dist/index.js'))).toBe(true);
  expect(loaded.filter((url) => /node_modules\/(ink|react|xstate|commander)\/|\/dist\/(cli|tui)\//.test(url))).toEqual([]);
});
