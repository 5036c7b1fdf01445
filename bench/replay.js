// Replay benchmark: `journey replay` over a conversation log of 10 million lines, streamed to
// a temporary file (never held in memory), against a baseline in the same run: bare
// `readline` + JSON.parse of the same file. Prints lines/s, peak RSS and their ratios.
// Targets (issue 16): >= 1,000,000 lines/s and <= 200 MiB.
// Usage: node bench/replay.js [--lines 10000000] [--open 200] [--keep]
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, mib, ratio, ROOT, runNode, table } from './support.js';

const lines = flag('--lines', 10_000_000);
const openAtOnce = flag('--open', 200);
const keep = process.argv.includes('--keep');
const journeyFile = join(ROOT, 'journeys', 'lost-card.journey.yaml');

const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
const { start, send, fireTimeout, nextTimeout } = await import(join(ROOT, 'dist', 'interpret', 'interpreter.js'));
const { behaviourOf } = await import(join(ROOT, 'dist', 'behaviour', 'table.js'));
const { seededRandom } = await import(join(ROOT, 'dist', 'sim', 'random.js'));
const { compileJourney } = await import(join(ROOT, 'dist', 'compile', 'xstate.js'));
const { machineHash } = await import(join(ROOT, 'dist', 'runtime', 'check.js'));
const { readFileSync } = await import('node:fs');

const [linted] = await lintSources([{ path: journeyFile, text: readFileSync(journeyFile, 'utf8') }]);
const journey = linted.journey;
const table0 = behaviourOf(journey);
const version = machineHash(compileJourney(journey));
const random = seededRandom(16);

// Template conversations: seeded random walks on the interpreter, as steps in the log's shape.
const templates = [];
for (let t = 0; t < 2000; t++) {
  let c = start(journey, { startTime: 0, quiet: true }).configuration;
  const steps = [{ event: '$start', from: null, to: c.state, human: false, dt: 0 }];
  for (let turn = 0; turn < 30 && c.status === 'active'; turn++) {
    const here = table0.states.get(c.state);
    const events = [...here.on.keys()].filter((e) => e !== 'unavailable');
    const due = nextTimeout(journey, c);
    const dt = 1000 + Math.floor(random() * 20_000);
    let step;
    let line;
    if (due && random() < 0.1) {
      step = fireTimeout(journey, { ...c, now: due.at }, due.delay, { quiet: true });
      line = { event: '$timeout', delay: due.delay, dt: due.at - c.now };
    } else if (events.length > 0) {
      const event = events[Math.floor(random() * events.length)];
      step = send(journey, { ...c, now: c.now + dt }, { type: event }, { quiet: true });
      line = { event, dt };
    } else break;
    const next = step.configuration;
    steps.push({ ...line, from: c.state, to: next.state, human: step.effects.some((e) => e.type === 'handoff'), ...(next.status === 'done' ? { outcome: next.output.outcome } : {}) });
    c = next;
    if (steps[steps.length - 1].human) break;
  }
  templates.push(steps);
}

const dir = mkdtempSync(join(tmpdir(), 'journey-replay-bench-'));
const file = join(dir, 'conversations.jsonl');
const out = createWriteStream(file);
const epoch = Date.parse('2026-03-02T00:00:00Z');
let written = 0;
let conversations = 0;
// `openAtOnce` conversations interleave, as a busy bot's log does; each takes its next step in turn.
const active = [];
let chunk = '';
while (written < lines) {
  while (active.length < openAtOnce) {
    const steps = templates[conversations % templates.length];
    active.push({ id: `conv-${conversations}`, steps, at: 0, ts: epoch + conversations * 500 });
    conversations++;
  }
  const i = written % active.length;
  const a = active[i];
  const s = a.steps[a.at++];
  a.ts += s.dt;
  chunk += `{"conversation":"${a.id}","ts":"${new Date(a.ts).toISOString()}","journey":"lost-card","version":"${version}","event":"${s.event}",${s.delay !== undefined ? `"delay":${s.delay},` : ''}"from":${s.from === null ? 'null' : `"${s.from}"`},"to":"${s.to}","human":${s.human}${s.outcome ? `,"outcome":"${s.outcome}"` : ''}}\n`;
  written++;
  if (a.at >= a.steps.length) active.splice(i, 1);
  if (chunk.length > 1 << 20) {
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  }
}
out.end(chunk);
await once(out, 'finish');
const bytes = statSync(file).size;

const baselineCode = `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
let n = 0;
for await (const line of createInterface({ input: createReadStream(${JSON.stringify(file)}), crlfDelay: Infinity })) if (JSON.parse(line).conversation) n++;
console.log(n);
`;
const baseline = runNode(['--input-type=module', '-e', baselineCode]);
const replay = runNode([join(ROOT, 'bin', 'journey.js'), 'replay', journeyFile, file, '--no-simulate', '--format', 'json']);
if (replay.status !== 0 && replay.status !== 1) {
  console.error(replay.stderr);
  process.exit(2);
}
const report = JSON.parse(replay.stdout);
if (!keep) rmSync(dir, { recursive: true, force: true });

const perSecond = (ms) => Math.round(lines / (ms / 1000));
console.log(`${lines.toLocaleString('en-US')} lines (${(bytes / 2 ** 20).toFixed(0)} MiB, ${conversations.toLocaleString('en-US')} conversations, ${openAtOnce} open at once) of lost-card`);
console.log(`replay: ${report.replay.conversations.toLocaleString('en-US')} conversations, conformance ${(report.replay.conformance.share.share * 100).toFixed(1)}%`);
console.log(
  table([
    ['', 'lines/s', 'peak RSS', 'wall'],
    ['readline + JSON.parse (baseline)', perSecond(baseline.ms).toLocaleString('en-US'), mib(baseline.maxRSS), `${(baseline.ms / 1000).toFixed(1)} s`],
    ['journey replay', perSecond(replay.ms).toLocaleString('en-US'), mib(replay.maxRSS), `${(replay.ms / 1000).toFixed(1)} s`],
    ['replay / baseline', ratio(perSecond(replay.ms), perSecond(baseline.ms)), ratio(replay.maxRSS, baseline.maxRSS), ''],
  ]),
);
const fast = perSecond(replay.ms) >= 1_000_000;
const small = replay.maxRSS / 1024 <= 200;
console.log(`targets: >= 1,000,000 lines/s ${fast ? 'met' : 'NOT met'}; <= 200 MiB ${small ? 'met' : 'NOT met'}`);
