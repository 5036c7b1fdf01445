import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    // require() calls too: the classic-script lint bundle loads through CommonJS; each call names its
    // caller, so the bundle itself shows up as loaded when it requires anything.
    writeFileSync(
      join(dir, 'require-hook.cjs'),
      `const Module = require('node:module');\nconst load = Module._load;\nModule._load = function (request, parent, isMain) {\n  if (parent && parent.filename) process.stderr.write('LOADED file://' + parent.filename + '\\n');\n  try { process.stderr.write('LOADED file://' + Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}\n  return load.apply(this, arguments);\n};\n`,
    );
    const run = spawnSync(process.execPath, ['--require', join(dir, 'require-hook.cjs'), '--import', join(dir, 'register.mjs'), ...entry, ...args], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return [...run.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1] as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Chunk file name -> the sources esbuild put in it (written by scripts/bundle-cli.js). */
const CHUNKS = JSON.parse(readFileSync(join(ROOT, 'dist', 'cli-bundle', 'chunks.json'), 'utf8')) as Record<string, string[]>;

/** The npm packages a run loaded: from node_modules directly, or bundled into the CLI chunks it loaded. */
function packagesOf(urls: string[]): Set<string> {
  const sources = urls.flatMap((url) => (url.includes('/dist/cli-bundle/') ? (CHUNKS[url.split('/').pop() as string] ?? []) : [url]));
  const packages = sources.flatMap((source) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
    return match ? [match[1] as string] : [];
  });
  return new Set(packages);
}

it('journey lint never loads ink, react, xstate or the language server; play loads xstate only for the compiled machine', () => {
  const lint = loadedModules(['lint', 'journeys/']);
  expect(lint.some((url) => url.endsWith('/dist/cli-bundle/lint.cjs'))).toBe(true);
  const linted = packagesOf(lint);
  expect(linted.has('yaml')).toBe(true);
  for (const heavy of ['ink', 'react', 'react-reconciler', 'yoga-layout', 'es-toolkit', 'xstate', 'vscode-languageserver', 'vscode-jsonrpc']) expect(linted.has(heavy), heavy).toBe(false);
  const played = packagesOf(loadedModules(['play', 'journeys/lost-card.journey.yaml', '--events', 'lost']));
  for (const needed of ['ink', 'react']) expect(played.has(needed), needed).toBe(true);
  expect(played.has('xstate')).toBe(false);
  const compiled = packagesOf(loadedModules(['play', 'journeys/lost-card.journey.yaml', '--events', 'lost', '--engine', 'xstate']));
  expect(compiled.has('xstate')).toBe(true);
});

it('the lint bundle is built with a V8 code cache that this Node accepts, and runs the same CLI, other commands included', () => {
  const probe = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const { loadLintBundle } = await import(${JSON.stringify(join(ROOT, 'bin', 'lint-bundle.js'))}); const loaded = loadLintBundle(); let said = ''; const out = { write: (text) => { said += text; return true; }, isTTY: false }; const code = await loaded.cli.main(['node', 'journey', 'explain', 'fake-offramp'], { stdout: out, stderr: out, env: { NO_COLOR: '1' }, cwd: process.cwd() }); process.stdout.write(JSON.stringify({ rejected: loaded.script.cachedDataRejected, main: typeof loaded.cli.main, explain: code, title: said.split('\\n')[0] }));`],
    { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' },
  );
  expect(probe.status, probe.stderr).toBe(0);
  // Other commands are import()s of their ES chunks, through the loader bin/lint-bundle.js passes in.
  expect(JSON.parse(probe.stdout)).toEqual({ rejected: false, main: 'function', explain: 0, title: 'fake-offramp' });
});

it('the library entry never loads the CLI, the terminal UI, commander, ink, react or xstate', () => {
  const loaded = loadedModules([], ['--input-type=module', '-e', `await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))})`]);
  expect(loaded.some((url) => url.endsWith('/dist/index.js'))).toBe(true);
  expect(loaded.filter((url) => /node_modules\/(ink|react|xstate|commander)\/|\/dist\/(cli|tui)\//.test(url))).toEqual([]);
});
