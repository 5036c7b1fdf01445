// Bundles the compiled CLI (dist/cli/main.js) into dist/cli-bundle/, one chunk per lazily
// loaded command or rule. Startup cost is dominated by loading many small modules
// (yaml alone is ~80 CommonJS files); one bundle loads in a fraction of the time.
// ink, react and xstate stay external: only the commands that need them import them.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
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
await build({
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js'), worker: join(root, 'dist', 'lint', 'worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: ['ink', 'react', 'react/*', 'xstate', 'xstate/*', 'ink-testing-library'],
  // CommonJS dependencies bundled into ES modules may call require() for Node built-ins.
  banner: { js: "import { createRequire as __journeyRequire } from 'node:module';\nconst require = __journeyRequire(import.meta.url);" },
  // yaml's ES module build (its `default` export condition) lets the bundler drop what we never call.
  alias: { yaml: join(root, 'node_modules', 'yaml', 'browser', 'index.js') },
  minify: true,
  define: { __JOURNEY_BUILD__: JSON.stringify(buildId) },
  logLevel: 'warning',
});
