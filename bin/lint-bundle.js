// Loads dist/cli-bundle/lint.cjs, the whole lint path in one script, with the V8 code cache made for it
// at build time: `journey lint` on one file spends most of its time compiling modules, and a code cache
// only helps a classic script (Node 20 has no compile cache for ES modules). Returns undefined when the
// bundle is absent, so the caller falls back to the ES module bundle.
'use strict';

const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const DIR = join(__dirname, '..', 'dist', 'cli-bundle');
const BUNDLE = join(DIR, 'lint.cjs');
const CACHE = join(DIR, 'lint.cjs.cache');

/**
 * The bundle's import(): the other commands' ES chunks beside it. A script compiled with a code cache
 * cannot call Node's loader itself on Node 20, so scripts/bundle-cli.js makes those calls call this.
 */
function importBesideBundle(specifier) {
  return import(pathToFileURL(join(DIR, specifier)).href);
}

/** The CLI's exports from the classic-script bundle, and the script itself (to write its code cache). */
exports.loadLintBundle = function loadLintBundle() {
  let source;
  try {
    // ASCII (scripts/bundle-cli.js checks): latin1 is exact, and cheaper to decode than UTF-8.
    source = readFileSync(BUNDLE, 'latin1');
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(CACHE);
  } catch {
    // No cache (or not readable): the script still runs, compiled from source.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __journey_meta_url, __journey_import) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, DIR, pathToFileURL(BUNDLE).href, importBesideBundle);
  return { cli: module.exports, script, cacheFile: CACHE };
};
