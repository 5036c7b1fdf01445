// Makes dist/cli-bundle/lint.cjs.cache: loads the classic-script bundle, lints the example journeys
// in-process (so the functions one lint runs are compiled), then saves V8's code cache of the script.
// V8 refuses a cache made by another Node version or other flags; the script then compiles from source.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLintBundle } from '../bin/lint-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const loaded = loadLintBundle();
if (!loaded) throw new Error('dist/cli-bundle/lint.cjs is missing: run scripts/bundle-cli.js');
const sink = { write: () => true, isTTY: false };
const io = { stdout: sink, stderr: sink, env: { NO_COLOR: '1' }, cwd: root };
for (const args of [['lint', 'journeys/', '--concurrency', '1'], ['lint', join('journeys', 'lost-card.journey.yaml')]]) {
  await loaded.cli.main(['node', 'journey', ...args], io);
}
writeFileSync(loaded.cacheFile, loaded.script.createCachedData());
