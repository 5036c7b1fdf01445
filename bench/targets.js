// The issue-13 target table: what bench/lint.js, cache.js, explore.js, startup.js and compile.js
// measured (each leaves its figures in bench/out/targets/), printed as a table and as Markdown for
// the README. `npm run bench` clears the figures first (--clear) and prints this table last, so
// every row comes from that run; a figure no script left is shown as not measured, and not met.
// Usage: node bench/targets.js [--clear]
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT, table, TARGETS } from './support.js';

/** The targets in its order, and the script that measures each. */
const EXPECTED = [
  ['lint-single', 'lint', 'journey lint --concurrency 1, 1,000 x 50 / read + yaml.parseDocument'],
  ['rss-workers', 'cache', 'journey lint 10,000 x 50, peak RSS (default)'],
  ['rss-one', 'cache', 'journey lint --concurrency 1, 10,000 x 50, peak RSS'],
  ['warm-cache', 'cache', 'warm cache, 10,000 files / bare read of the files'],
  ['explorer', 'explore', 'exhaustive explorer / xstate getShortestPaths, 500 states'],
  ['startup', 'startup', 'journey lint one.yaml / node -e 0'],
  ['machine-same', 'compile', 'createJourneyMachine / createMachine, 500 states, same config'],
  ['machine-fresh', 'compile', 'createJourneyMachine / createMachine, 500 states, new config each time'],
];

if (process.argv.includes('--clear')) {
  rmSync(TARGETS, { recursive: true, force: true });
  process.exit(0);
}

const recorded = new Map();
for (const name of existsSync(TARGETS) ? readdirSync(TARGETS).sort() : []) {
  if (!name.endsWith('.json')) continue;
  const run = JSON.parse(readFileSync(join(TARGETS, name), 'utf8'));
  for (const figure of run.figures) recorded.set(figure.id, { ...figure, command: run.command, at: run.at });
}

const rows = EXPECTED.map(([id, script, figure]) => recorded.get(id) ?? { id, figure, measured: 'not measured', target: '', met: false, command: `node bench/${script}.js` });
const met = rows.filter((r) => r.met).length;
const times = rows.map((r) => r.at).filter(Boolean).sort();
const when = times.length > 0 ? `measured ${times[0].slice(0, 16).replace('T', ' ')} to ${times.at(-1).slice(0, 16).replace('T', ' ')} UTC` : 'nothing measured';
const header = ['figure', 'measured', 'target', 'met?', 'command'];
const cells = (r) => [r.figure, r.measured, r.target, r.met ? 'yes' : 'NO', r.command];

process.stdout.write(`\nIssue 13 targets (${when}; ${met} of ${rows.length} met)\n\n${table([header, ...rows.map(cells)])}\n`);
const markdown = [header, header.map(() => '---'), ...rows.map((r) => cells(r).map((c, i) => (i === 4 ? `\`${c}\`` : c).replace(/\|/g, '\\|')))]
  .map((r) => `| ${r.join(' | ')} |`)
  .join('\n');
writeFileSync(join(OUT, 'targets.md'), `${markdown}\n`);
process.stdout.write(`\nMarkdown (also in bench/out/targets.md):\n\n${markdown}\n`);
