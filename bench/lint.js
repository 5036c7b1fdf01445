// Lint benchmark: `journey lint` on 1,000 journeys of 50 states against the bare cost of
// reading and parsing the same files with `yaml`, and CLI startup against bare `node`.
// The single-threaded figure (--concurrency 1) is the one the loader's target is set against:
// read + `yaml.parseDocument` of every file. It also prints how many corpus files the loader's
// fast reader reads itself (the rest go to yaml's Document), from dist/ (run `npm run build` first).
// Usage: node bench/lint.js [--files 1000] [--states 50] [--runs 3]
import { join } from 'node:path';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { corpus, flag, interleaved, median, mib, ms, OUT, ratio, recordTargets, ROOT, runNode, table, target } from './support.js';
import { generateJourney } from './generate.js';

const files = flag('--files', 1000);
const states = flag('--states', 50);
const runs = flag('--runs', 3);
const bin = join(ROOT, 'bin', 'journey.js');

const dir = corpus(files, states);
/** Read every journey file of the corpus and build yaml's Document of it, nothing else. */
const PARSE_DOCUMENT = [
  "import { readdirSync, readFileSync } from 'node:fs';",
  "import { join } from 'node:path';",
  "import { parseDocument } from 'yaml';",
  'const dir = process.argv[1];',
  "for (const name of readdirSync(dir).sort()) if (name.endsWith('.journey.yaml')) parseDocument(readFileSync(join(dir, name), 'utf8'));",
].join('\n');

// Interleaved rounds: each ratio compares runs made next to each other in time.
const [baseline, parseDocumentRun, lint, lintSingle] = interleaved(runs, [
  () => runNode([join(ROOT, 'bench', 'parse-baseline.js'), dir]),
  () => runNode(['--input-type=module', '-e', PARSE_DOCUMENT, dir]),
  () => runNode([bin, 'lint', dir, '--format', 'json']),
  () => runNode([bin, 'lint', dir, '--format', 'json', '--concurrency', '1']),
]);
for (const run of [lint, lintSingle]) {
  if (run.status !== 0) {
    process.stderr.write(`journey lint exited ${run.status}\n${run.stderr}\n`);
    process.exit(1);
  }
}

// How many corpus files the fast reader reads itself: a speed-up only counts if this is all of them.
const { readSimpleYaml } = await import(pathToFileURL(join(ROOT, 'dist', 'load', 'fast-yaml.js')).href);
const names = readdirSync(dir).filter((name) => name.endsWith('.journey.yaml'));
const fastRead = names.filter((name) => readSimpleYaml(readFileSync(join(dir, name), 'utf8'), 64) !== undefined).length;

const one = join(OUT, 'one');
mkdirSync(one, { recursive: true });
writeFileSync(join(one, 'one.journey.yaml'), generateJourney(0, 20));
const startupRuns = Math.max(11, runs * 5);
const bare = median(startupRuns, () => runNode(['-e', '']));
const oneFile = join(one, 'one.journey.yaml');
const yamlOne = median(startupRuns, () => runNode(['-e', `require('yaml').parse(require('fs').readFileSync(${JSON.stringify(oneFile)}, 'utf8'))`]));
const startup = median(startupRuns, () => runNode([bin, 'lint', oneFile]));

process.stdout.write(`journey lint: ${files} files x ${states} states (medians of ${runs} interleaved rounds; startup median of ${startupRuns})\n\n`);
process.stdout.write(
  table([
    ['case', 'time', 'peak memory', 'ratio'],
    [`yaml parse of ${files} files (baseline)`, ms(baseline.ms), mib(baseline.maxRSS), '1.00x'],
    [`journey lint of ${files} files`, ms(lint.ms), mib(lint.maxRSS), ratio(lint.ms, baseline.ms)],
    [`read + yaml.parseDocument of ${files} files (baseline)`, ms(parseDocumentRun.ms), mib(parseDocumentRun.maxRSS), '1.00x'],
    [`journey lint --concurrency 1 of ${files} files`, ms(lintSingle.ms), mib(lintSingle.maxRSS), ratio(lintSingle.ms, parseDocumentRun.ms)],
    ['node -e "" (baseline)', ms(bare.ms), mib(bare.maxRSS), '1.00x'],
    ['node + yaml parse of one file', ms(yamlOne.ms), mib(yamlOne.maxRSS), ratio(yamlOne.ms, bare.ms)],
    ['journey lint of one file', ms(startup.ms), mib(startup.maxRSS), ratio(startup.ms, bare.ms)],
  ]) + '\n',
);
process.stdout.write(`\nfast YAML reader: read ${fastRead} of ${names.length} corpus files itself (${names.length - fastRead} left to yaml's Document)\n`);
recordTargets('lint', [
  target('lint-single', `journey lint --concurrency 1, ${files} x ${states} / read + yaml.parseDocument`, lintSingle.ms / parseDocumentRun.ms, { atMost: 0.4, note: `median of ${runs} interleaved rounds` }),
]);
