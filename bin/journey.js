#!/usr/bin/env node
// Thin entry point, a CommonJS script (bin/package.json): an ES module entry would start Node's ES
// module loader, a tenth of a one-file lint. It enables the compile cache where Node has one, then
// loads the CLI (for `lint`, the classic-script bundle with its V8 code cache).
'use strict';

require('node:module').enableCompileCache?.();

const stop = (message) => {
  process.stderr.write(`journey: ${message}\n`);
  process.exitCode = 2;
};
process.on('uncaughtException', (error) => stop(`internal error: ${error?.message ?? error}`));
process.on('unhandledRejection', (error) => stop(`internal error: ${error?.message ?? error}`));
process.stdout.on('error', (error) => {
  // A closed pipe (`journey lint | head`) is not a failure of the tool.
  if (error?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/** The CLI's exports: the lint bundle for `journey lint` (what CI runs on every push), the ES chunks otherwise. */
async function loadCli() {
  try {
    return (process.argv[2] === 'lint' ? require('./lint-bundle.js').loadLintBundle()?.cli : undefined) ?? (await import('../dist/cli-bundle/main.js'));
  } catch (error) {
    stop(`cannot load the compiled CLI (${error?.code ?? error?.message}); run \`npm run build\` first.`);
    return undefined;
  }
}

loadCli().then(async (cli) => {
  if (cli) process.exitCode = await cli.main(process.argv);
});
