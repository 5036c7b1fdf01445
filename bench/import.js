// Import benchmark: `journey import` of a 500-page Dialogflow CX agent and of a
// 300-action Amazon Connect flow (issue 12: each under a second), side by side with
// the floor (node reading every file of the export and JSON.parse-ing it) and with
// `node -e 0`, in one run.
// Usage: node bench/import.js [--pages 500] [--actions 300] [--runs 5]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { flag, median, ms, OUT, ratio, ROOT, runNode, table } from './support.js';

const pages = flag('--pages', 500);
const actions = flag('--actions', 300);
const runs = flag('--runs', 5);
const bin = join(ROOT, 'bin', 'journey.js');

const agent = join(OUT, `dialogflow-${pages}`);
const flow = join(OUT, `connect-${actions}.json`);
rmSync(agent, { recursive: true, force: true });
for (const [script, target, n] of [['import-dialogflow-corpus.js', agent, pages], ['import-connect-corpus.js', flow, actions]]) {
  const made = spawnSync(process.execPath, [join(ROOT, 'bench', script), target, String(n)], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`${script} failed: ${made.stderr}`);
}

/** Every file under a folder (or the one file). */
function filesOf(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

// The floor: read every file of the export and parse it with JSON.parse, in a fresh node.
const floorScript = `const fs=require('fs');for(const f of ${JSON.stringify(filesOf(agent).concat([flow]))}.filter(f=>process.argv[1]==='all'||f.startsWith(process.argv[1])))JSON.parse(fs.readFileSync(f,'utf8'))`;
const bytes = (path) => filesOf(path).reduce((n, f) => n + readFileSync(f).length, 0);

const rows = [['figure', 'time', 'baseline', 'ratio']];
const nodeStart = median(runs, () => runNode(['-e', '0']));
for (const [label, platform, path] of [
  [`import dialogflow-cx, ${pages} pages (${(bytes(agent) / 1024).toFixed(0)} KiB)`, 'dialogflow-cx', agent],
  [`import connect, ${actions} actions (${(bytes(flow) / 1024).toFixed(0)} KiB)`, 'connect', flow],
]) {
  const run = median(runs, () => runNode([bin, 'import', platform, path, '--format', 'json']));
  if (run.status !== 0) throw new Error(`journey import ${platform} failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  const floor = median(runs, () => runNode(['-e', floorScript, path]));
  rows.push([label, ms(run.ms), `${ms(floor.ms)} read + JSON.parse`, ratio(run.ms, floor.ms)]);
  rows.push(['', '', `${ms(nodeStart.ms)} node -e 0`, ratio(run.ms, nodeStart.ms)]);
  const journeys = JSON.parse(run.stdout).journeys;
  rows.push(['', `${journeys.length} journeys, ${journeys.reduce((n, j) => n + j.states, 0)} states`, '', '']);
}
process.stdout.write(`journey import (medians of ${runs} runs, each a fresh process)\n\n${table(rows)}\n`);
