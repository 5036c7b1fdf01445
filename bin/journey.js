#!/usr/bin/env node
// Thin entry point: enable the compile cache where Node has one, then load the CLI (for `lint`, the
// classic-script bundle with its V8 code cache).
import module from 'node:module';

module.enableCompileCache?.();

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

let cli;
try {
  // `journey lint` is what CI runs on every push: it gets the one-script bundle with its code cache.
  if (process.argv[2] === 'lint') cli = (await import('./lint-bundle.js')).loadLintBundle()?.cli;
  cli ??= await import('../dist/cli-bundle/main.js');
} catch (error) {
  stop(`cannot load the compiled CLI (${error?.code ?? error?.message}); run \`npm run build\` first.`);
}
if (cli) process.exitCode = await cli.main(process.argv);
