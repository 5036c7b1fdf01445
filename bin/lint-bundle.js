// Loads dist/cli-bundle/lint.cjs, the whole CLI in one script, with the V8 code cache made for it at
// build time: `journey lint` on one file spends most of its time compiling modules, and a code cache
// only helps a classic script (Node 20 has no compile cache for ES modules). Returns undefined when the
// bundle is absent, so the caller falls back to the ES module bundle.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const BUNDLE = new URL('../dist/cli-bundle/lint.cjs', import.meta.url);
const CACHE = new URL('../dist/cli-bundle/lint.cjs.cache', import.meta.url);

/** The CLI's exports from the classic-script bundle, and the script itself (to write its code cache). */
export function loadLintBundle() {
  let source;
  try {
    source = readFileSync(BUNDLE, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(CACHE);
  } catch {
    // No cache (or not readable): the script still runs, compiled from source.
  }
  const filename = fileURLToPath(BUNDLE);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __journey_meta_url) {${source}\n})`, {
    filename,
    cachedData,
    // import() inside the bundle (xstate, ink, react: never on the lint path) goes to Node's own loader.
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, filename, dirname(filename), BUNDLE.href);
  return { cli: module.exports, script, cacheFile: fileURLToPath(CACHE) };
}
