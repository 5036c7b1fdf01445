// Lint benchmark: `journey lint` on 1,000 journeys of 50 states against the bare cost of
// reading and parsing the same files with `yaml`, and CLI startup against bare `node`.
// Usage: node bench/lint.js [--files 1000] [--states 50] [--runs 3]
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { corpus, flag, median, mib, ms, OUT, ratio, ROOT, runNode, table } from './support.js';
import { generateJourney } from './generate.js';

const files = flag('--files', 1000);
const states = flag('--states', 50);
const runs = flag('--runs', 3);
const bin = join(ROOT, 'bin', 'journey.js');

const dir = corpus(files, states);
const baseline = median(runs, () => runNode([join(ROOT, 'bench', 'parse-baseline.js'), dir]));
const lint = median(runs, () => runNode([bin, 'lint', dir, '--format', 'json']));
if (lint.status !== 0) {
  process.stderr.write(`journey lint exited ${lint.status}\n${lint.stderr}\n`);
  process.exit(1);
}

const one = join(OUT, 'one');
mkdirSync(one, { recursive: true });
writeFileSync(join(one, 'one.journey.yaml'), generateJourney(0, 20));
const startupRuns = Math.max(11, runs * 5);
const bare = median(startupRuns, () => runNode(['-e', '']));
const oneFile = join(one, 'one.journey.yaml');
const yamlOne = median(startupRuns, () => runNode(['-e', `require('yaml').parse(require('fs').readFileSync(${JSON.stringify(oneFile)}, 'utf8'))`]));
const startup = median(startupRuns, () => runNode([bin, 'lint', oneFile]));

process.stdout.write(`journey lint: ${files} files x ${states} states (median of ${runs} runs; startup median of ${startupRuns})\n\n`);
process.stdout.write(
  table([
    ['case', 'time', 'peak memory', 'ratio'],
    [`yaml parse of ${files} files (baseline)`, ms(baseline.ms), mib(baseline.maxRSS), '1.00x'],
    [`journey lint of ${files} files`, ms(lint.ms), mib(lint.maxRSS), ratio(lint.ms, baseline.ms)],
    ['node -e "" (baseline)', ms(bare.ms), mib(bare.maxRSS), '1.00x'],
    ['node + yaml parse of one file', ms(yamlOne.ms), mib(yamlOne.maxRSS), ratio(yamlOne.ms, bare.ms)],
    ['journey lint of one file', ms(startup.ms), mib(startup.maxRSS), ratio(startup.ms, bare.ms)],
  ]) + '\n',
);
