// Bundles the compiled CLI (dist/cli/main.js) into dist/cli-bundle/, one chunk per lazily
// loaded command or rule. Startup cost is dominated by loading many small modules
// (yaml alone is ~80 CommonJS files); one bundle loads in a fraction of the time.
// react and xstate stay external, loaded only by the commands that need them (react-reconciler,
// bundled, require()s the same react). ink is bundled into play's lazy chunk: from node_modules
// it pulls in es-toolkit's 400-module compat barrel for one helper, which doubled play's startup.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });

// The build id keys the lint cache: any change to the compiled code invalidates cached results.
const hash = createHash('sha256');
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.js')) hash.update(entry.name).update(readFileSync(path));
  }
};
walk(join(root, 'dist'));
const buildId = hash.digest('hex').slice(0, 16);
// JOURNEY_NO_MINIFY=1 leaves both bundles unminified, so that a CPU profile names our functions.
const result = await build({
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js'), worker: join(root, 'dist', 'lint', 'worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: ['react', 'react/*', 'react-devtools-core', 'xstate', 'xstate/*', 'ink-testing-library', '@viz-js/viz'],
  // CommonJS dependencies bundled into ES modules may call require() for Node built-ins.
  banner: { js: "import { createRequire as __journeyRequire } from 'node:module';\nconst require = __journeyRequire(import.meta.url);" },
  // yaml's ES module build (its `default` export condition) lets the bundler drop what we never call.
  alias: { yaml: join(root, 'node_modules', 'yaml', 'browser', 'index.js') },
  minify: !process.env.JOURNEY_NO_MINIFY,
  define: { __JOURNEY_BUILD__: JSON.stringify(buildId) },
  logLevel: 'warning',
  metafile: true,
});
// Which sources went into which chunk: the startup test checks what each command loads.
const chunks = Object.fromEntries(
  Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => [file.split('/').pop(), Object.keys(output.inputs).sort()]),
);
// The ES chunk that holds each lazily imported module, by its source (`dist/cli/simulate.js` -> `simulate-XXXX.js`).
const chunkOf = new Map(
  Object.entries(result.metafile.outputs)
    .filter(([, output]) => output.entryPoint)
    .map(([file, output]) => [output.entryPoint, file.split('/').pop()]),
);
// The commands `journey lint` runs: main.js imports every other command's module only from that
// command's action, which a lint never reaches. The classic bundle leaves those as import()s of their
// ES chunks, so the script V8 reads (and checks against its code cache) holds the lint path alone.
const LINT_COMMANDS = new Set(['dist/cli/lint.js', 'dist/cli/watch.js']);
const otherCommandsOutside = {
  name: 'other-commands-outside',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.endsWith(join('dist', 'cli', 'main.js'))) return undefined;
      const source = `dist/cli/${args.path.slice(2)}`;
      if (LINT_COMMANDS.has(source)) return undefined;
      const chunk = chunkOf.get(source);
      if (!chunk) throw new Error(`${source} has no chunk of its own in the ES bundle`);
      return { path: `./${chunk}`, external: true };
    });
  },
};
// The same CLI as one classic script for `journey lint` (bin/lint-bundle.js loads it with a V8 code
// cache). Everything lint runs is inside; what only other commands load stays an import() of node_modules
// or of the ES chunks.
const classic = await build({
  stdin: { contents: "export { main } from './dist/cli/main.js';", resolveDir: root, sourcefile: 'lint-entry.js', loader: 'js' },
  outfile: join(outdir, 'lint.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // What only other commands load stays outside: the lint path never reaches these imports, and the
  // script V8 reads (and checks against its code cache) stays small.
  external: [
    'react', 'react/*', 'react-devtools-core', 'xstate', 'xstate/*', 'ink', 'ink-testing-library', 'yoga-layout', '@viz-js/viz',
    'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument', 'vscode-languageserver-protocol', 'vscode-jsonrpc', 'vscode-jsonrpc/*',
  ],
  alias: { yaml: join(root, 'node_modules', 'yaml', 'browser', 'index.js') },
  minify: !process.env.JOURNEY_NO_MINIFY,
  // bin/lint-bundle.js passes the bundle's own URL: paths beside it resolve as from the ES chunks.
  define: { __JOURNEY_BUILD__: JSON.stringify(buildId), 'import.meta.url': '__journey_meta_url' },
  plugins: [otherCommandsOutside],
  logLevel: 'warning',
  metafile: true,
});
// A script compiled with a V8 code cache has no import() of its own on Node 20 (the cache drops the
// host options it needs), so the other commands' import()s call the loader bin/lint-bundle.js passes in.
let classicText = readFileSync(join(outdir, 'lint.cjs'), 'latin1');
for (const chunk of new Set(chunkOf.values())) classicText = classicText.replaceAll(`import("./${chunk}")`, `__journey_import("./${chunk}")`);
const leftImport = /\bimport\(["'`]/.exec(classicText);
if (leftImport) throw new Error(`dist/cli-bundle/lint.cjs keeps an import() it cannot run: ${JSON.stringify(classicText.slice(leftImport.index - 40, leftImport.index + 60))}`);
writeFileSync(join(outdir, 'lint.cjs'), classicText, 'latin1');
// bin/lint-bundle.js reads the script as latin1, which is exact for ASCII and a third of the cost of
// decoding UTF-8. esbuild escapes non-ASCII text in strings and templates but not in regex literals.
const nonAscii = /[^\x00-\x7f]/.exec(classicText);
if (nonAscii) {
  const context = readFileSync(join(outdir, 'lint.cjs'), 'utf8').slice(Math.max(0, nonAscii.index - 60), nonAscii.index + 20);
  throw new Error(`dist/cli-bundle/lint.cjs must be ASCII: write this character as a \\u escape in its source: ${JSON.stringify(context)}`);
}
chunks['lint.cjs'] = Object.keys(classic.metafile.outputs[Object.keys(classic.metafile.outputs)[0]].inputs).sort();
writeFileSync(join(outdir, 'chunks.json'), `${JSON.stringify(chunks, null, 1)}\n`);
const trained = spawnSync(process.execPath, [join(root, 'scripts', 'train-code-cache.js')], { cwd: root, encoding: 'utf8' });
if (trained.status !== 0) throw new Error(`making the lint code cache failed: ${trained.stderr}`);
