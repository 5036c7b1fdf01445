// Language server benchmark: how long after a change to a 200-state journey the diagnostics
// arrive, measured over stdio from a protocol client (didChange sent -> publishDiagnostics
// of that version received), with the server's debounce set to 0 so that only the work is
// timed (an editor waits for 150 ms of quiet first). Baselines measured in the same run, in
// this process: the lint engine on the same text (lintSources, as the server calls it) and a
// bare `yaml` parseDocument of it. The workspace holds `--others` more journeys of 50 states,
// which the server lints with the open one (duplicate ids, calls): after the first run their
// checks come from its in-memory cache. Run `npm run build` first.
// Usage: node bench/lsp.js [--states 200] [--runs 21] [--others 50]
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { generateJourney } from './generate.js';
import { flag, ms, OUT, ratio, ROOT, table } from './support.js';

const states = flag('--states', 200);
const runs = flag('--runs', 21);
const others = flag('--others', 50);
const TARGET_MS = 100;

const dir = join(OUT, 'lsp');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const file = join(dir, 'synthetic.journey.yaml');
const clean = generateJourney(0, states);
writeFileSync(file, clean);
for (let i = 1; i <= others; i++) writeFileSync(join(dir, `other-${i}.journey.yaml`), generateJourney(i, 50));
// Every other change breaks one target (a finding to publish), the next one mends it.
const broken = clean.replace(/next: s1\n/, 'next: s_1\n');
if (broken === clean) throw new Error('the generated journey has no `next: s1` to break');
const uri = pathToFileURL(file).href;

const medianOf = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Untimed runs first: the server has warmed up by the time it is timed (it linted the opened file), so must the baselines. */
const WARM_UP = 5;

function timeInProcess(fn) {
  for (let i = 0; i < WARM_UP; i++) fn(i);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return medianOf(times);
}

async function timeInProcessAsync(fn) {
  for (let i = 0; i < WARM_UP; i++) await fn(i);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return medianOf(times);
}

const { lintSources } = await import(pathToFileURL(join(ROOT, 'dist', 'lint', 'lint.js')).href);
const { ConfigLookup } = await import(pathToFileURL(join(ROOT, 'dist', 'config', 'lookup.js')).href);
const parse = timeInProcess((i) => parseDocument(i % 2 ? broken : clean));
const lint = await timeInProcessAsync((i) => lintSources([{ path: file, text: i % 2 ? broken : clean }], { configs: new ConfigLookup(dir), cwd: dir, keepModels: true }));

const child = spawn(process.execPath, [join(ROOT, 'bin', 'journey.js'), 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  if (params.uri !== uri) return;
  waiting.get(params.version)?.(params);
  waiting.delete(params.version);
});
connection.listen();
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));

await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }], capabilities: {}, initializationOptions: { debounce: 0 } });
await connection.sendNotification(InitializedNotification.type, {});
const opened = published(1);
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: clean } });
await opened;
// As many untimed changes as the baselines' warm-up runs.
for (let version = 2; version < 2 + WARM_UP; version++) {
  const arrived = published(version);
  await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text: version % 2 ? clean : broken }] });
  await arrived;
}

const times = [];
const findings = [];
for (let i = 0; i < runs; i++) {
  const version = i + 2 + WARM_UP;
  const text = i % 2 ? clean : broken;
  const arrived = published(version);
  const start = process.hrtime.bigint();
  await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  const params = await arrived;
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  findings.push(params.diagnostics.length);
}
await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
const code = await new Promise((resolve) => child.on('exit', resolve));
connection.dispose();

const lsp = medianOf(times);
const rows = [
  ['measure', 'median', 'vs lint in-process', 'vs yaml parse'],
  [`didChange -> publishDiagnostics (${states} states, ${others} other files, over stdio)`, ms(lsp), ratio(lsp, lint), ratio(lsp, parse)],
  ['lintSources of the same text, in-process', ms(lint), ratio(lint, lint), ratio(lint, parse)],
  ['yaml parseDocument of the same text', ms(parse), ratio(parse, lint), ratio(parse, parse)],
];
process.stdout.write(`journey lsp: diagnostics after a change (medians of ${runs} changes; server debounce 0)\n\n${table(rows)}\n\n`);
process.stdout.write(`findings published per change: ${[...new Set(findings)].join(', ')} (a broken target, then none); server exit code ${code}\n`);
process.stdout.write(`target (issue 14): diagnostics within ${TARGET_MS} ms of a change: ${lsp < TARGET_MS ? 'met' : 'NOT met'}\n`);
