// Differential test of the log line scanner (src/sim/log-scan.ts): on every line it reads
// itself, it must give exactly the record the JSON.parse path (`recordOfJsonLine`) gives,
// and whenever that path finds no record the scanner must have declined the line. Lines:
// real runtime log lines, generated lines of every field type with random whitespace,
// key order, escapes and number forms, hand-written hostile lines, and seeded byte
// mutations of all of them (fast-check shrinks a failure; the shrunk line is kept in
// test/fixtures/log-scan/counterexamples.json and checked on every run from then on).
// File level: `readLogs` with and without the scanner reads the same records and the same
// malformed lines from files that cross its 1 MiB read chunks.
//
// Environment: LOG_SCAN_SEED=<n> another seed; LOG_SCAN_RUNS=<n> more mutation runs.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPING, readLogs, recordOfJsonLine, type LogRecord } from '../../src/sim/log-read.js';
import { LineScanner } from '../../src/sim/log-scan.js';
import { loggedConversations } from '../support/conversations.js';
import { example } from '../support/engines.js';
import { ROOT } from '../support/lint.js';

const SEED = Number(process.env.LOG_SCAN_SEED ?? 20261203);
const RUNS = Number(process.env.LOG_SCAN_RUNS ?? 4000);
const KEPT = join(ROOT, 'test', 'fixtures', 'log-scan', 'counterexamples.json');

/** A record without its undefined fields (the scanner's records have every field, the parsed ones only those present). */
function defined(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** Why the scanner and the JSON.parse path disagree on one line (without its newline), or undefined when they agree. */
function disagreement(line: Buffer, scanner = new LineScanner()): string | undefined {
  const scanned = scanner.scan(line, 0, line.length, 0, 1);
  const text = line.toString('utf8');
  const reference = recordOfJsonLine(text.endsWith('\r') ? text.slice(0, -1) : text, DEFAULT_MAPPING, 0, 1);
  if (scanned === undefined) return undefined;
  if (typeof reference === 'string') return `the scanner read a record, JSON.parse says: ${reference}`;
  const a = defined(scanned);
  const b = defined(reference);
  if (isDeepStrictEqual(a, b) && Object.getPrototypeOf(scanned) === Object.getPrototypeOf(reference)) return undefined;
  return `records differ: scanner ${JSON.stringify(a)}, JSON.parse ${JSON.stringify(b)}`;
}

// --- generated lines --------------------------------------------------------------------

const WHITESPACE = ['', '', '', ' ', '\t', '\r', '  '];
const TEXTS = ['lost', 'verify', 'a', '', 'é', 'ü-ß', '𝄞', '日本', 'with space', 'q"uote', 'back\\slash', 'tab\there', 'nl\nx', '\u0000', '\u001f', '\u007f', '__proto__', 'constructor', 'x'.repeat(40)];
const text = fc.constantFrom(...TEXTS);
const numbers = fc.constantFrom(0, -0, 1, -1, 7, 42, 1.5, -2.25, 1e3, 1e21, 123456789012345, 1234567890123456, 9007199254740993, -5, 0.1);
const scalar = fc.oneof(text, numbers, fc.boolean(), fc.constant(null));
const flat = fc.dictionary(fc.constantFrom('a', 'b', 'report_type', 'attempts', '__proto__', 'é', 'x y'), fc.oneof(scalar, fc.constant({ nested: 1 }), fc.constant([1, 2])), { maxKeys: 4 });
const isoTime = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
  fc.constantFrom('2026-02-29T10:00:00.000Z', '2024-02-29T10:00:00Z', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z', '2026-01-01T00:00:00.000+01:00', '2026-01-01 00:00:00Z', '2026-01-01', '+002026-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '12345', '12345.5', 'soon', ''),
);
const fields = fc.record(
  {
    conversation: fc.oneof(text, fc.constantFrom('conv-1', 'conv-2', 'c'), fc.constantFrom(7, 0, 1.5, null, true)),
    ts: fc.oneof(isoTime, fc.constantFrom(1767225600000, 0, 1.5, -1, 1e21, null, true)),
    journey: fc.oneof(fc.constantFrom('lost-card', 'other'), scalar),
    version: fc.oneof(fc.constantFrom('3f2a91c0'), scalar),
    event: fc.oneof(fc.constantFrom('$start', '$timeout', 'lost', 'help', 'no_match'), scalar),
    delay: fc.oneof(fc.constantFrom(30000, 0, 1.5, -1, 1e21), scalar),
    data: fc.oneof(flat, scalar),
    from: fc.oneof(fc.constantFrom('verify', 'start'), scalar),
    to: fc.oneof(fc.constantFrom('verify', 'agent'), scalar),
    human: scalar,
    outcome: fc.oneof(fc.constantFrom('resolved'), scalar),
    context: fc.oneof(flat, scalar),
    error: scalar,
    note: scalar,
  },
  { requiredKeys: [] },
);

/** JSON text of a value with whitespace chosen by `ws` between tokens, and some strings with needless `\u` escapes. */
function serialize(value: unknown, ws: () => string, escape: () => boolean): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && escape() && value.length > 0) return `"\\u${value.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(value.slice(1)).slice(1)}`;
    if (Object.is(value, -0)) return '-0';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => ws() + serialize(v, ws, escape) + ws()).join(',')}]`;
  const entries = Object.entries(value);
  return `{${ws()}${entries.map(([k, v]) => `${serialize(k, ws, escape)}${ws()}:${ws()}${serialize(v, ws, escape)}`).join(`${ws()},${ws()}`)}${ws()}}`;
}

/** A generated line: random fields, key order, whitespace and escapes (and sometimes a repeated key). */
const generatedLine = fc
  .tuple(fields, fc.array(fc.nat(WHITESPACE.length - 1), { minLength: 64, maxLength: 64 }), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), fc.nat(30), fc.option(fc.constantFrom('event', 'ts', 'to', 'conversation'), { nil: undefined }))
  .map(([record, spaces, escapes, rotate, repeated]) => {
    let w = 0;
    let e = 0;
    const ws = () => WHITESPACE[spaces[w++ % spaces.length] as number] as string;
    const escape = () => (escapes[e++ % escapes.length] as boolean) && e % 5 === 0;
    const entries = Object.entries(record);
    const turn = entries.length === 0 ? 0 : rotate % entries.length;
    const ordered = [...entries.slice(turn), ...entries.slice(0, turn)];
    let body = serialize(Object.fromEntries(ordered), ws, escape);
    // A repeated key (JSON.parse keeps the last): only by hand, since objects cannot hold two.
    if (repeated && body.length > 2) body = `{"${repeated}":"first",${body.slice(1)}`;
    return Buffer.from(body, 'utf8');
  });

/** A plain line of the kind a logger writes: the scanner's own ground, where mutations probe its edges. */
const plainLine = fc
  .record(
    {
      conversation: fc.constantFrom('conv-1', 'conv-22', 'é-1'),
      ts: fc.date({ min: new Date(Date.UTC(2020, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
      journey: fc.constantFrom('lost-card'),
      version: fc.constantFrom('3f2a91c0'),
      event: fc.constantFrom('$start', '$timeout', 'lost', 'help', 'no_match'),
      delay: fc.nat(120_000),
      data: fc.dictionary(fc.constantFrom('a', 'report_type', 'attempts'), fc.oneof(fc.integer({ min: -99, max: 99 }), fc.constantFrom('x', 'stolen', true, false, null)), { maxKeys: 3 }),
      from: fc.oneof(fc.constantFrom('verify', 'start'), fc.constant(null)),
      to: fc.constantFrom('verify', 'agent'),
      human: fc.boolean(),
      outcome: fc.constantFrom('resolved', 'card_blocked'),
      context: fc.dictionary(fc.constantFrom('attempts', 'report_type'), fc.oneof(fc.nat(9), fc.constantFrom('lost', null)), { maxKeys: 2 }),
    },
    { requiredKeys: ['conversation', 'ts', 'event'] },
  )
  .map((record) => Buffer.from(JSON.stringify(record), 'utf8'));

/** Real lines: what the runtime's conversation logger writes for the example journeys. */
async function runtimeLines(): Promise<Buffer[]> {
  const lines: Buffer[] = [];
  for (const name of ['lost-card', 'address-change']) {
    const journey = await example(name);
    const logged = loggedConversations(journey, { conversations: 60, seed: 3, epoch: Date.UTC(2026, 2, 2, 9), fields: name === 'lost-card' ? ['report_type', 'attempts'] : ['card_in_post'], ...(name === 'address-change' ? { pii: ['postcode'] } : {}) });
    for (const line of logged.lines) lines.push(Buffer.from(line, 'utf8'));
  }
  return lines;
}

/** Lines written to catch a scanner that decides what only JSON.parse may. */
const HOSTILE: readonly (string | Buffer)[] = [
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"}',
  '{"conversation":"c","ts":1767225600000,"event":"lost","from":null,"to":"verify","human":false}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","to":"verify"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","from":"a","to":""}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","event":"help"}',
  '{"conversation":"c\\u0041","ts":"2026-01-01T00:00:00Z","event":"lost"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"l\\"ost"}',
  '{"conversation":"é𝄞","ts":"2026-01-01T00:00:00Z","event":"日本"}',
  Buffer.from([...Buffer.from('{"conversation":"'), 0xc3, 0x28, ...Buffer.from('","ts":"2026-01-01T00:00:00Z","event":"lost"}')]),
  Buffer.from([...Buffer.from('{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"'), 0xff, 0xfe, ...Buffer.from('"}')]),
  Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"}')]),
  ' \t{ "conversation" : "c" , "ts" : "2026-01-01T00:00:00Z" , "event" : "lost" } \r',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"}\r',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"}\u000b',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"} x',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"}{}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost",}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"',
  '{"conversation":"c","ts":"2026-02-30T00:00:00Z","event":"lost"}',
  '{"conversation":"c","ts":"2026-01-01T24:00:00Z","event":"lost"}',
  '{"conversation":"c","ts":"0000-01-01T00:00:00Z","event":"lost"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00.1Z","event":"lost"}',
  '{"conversation":"c","ts":-5,"event":"lost"}',
  '{"conversation":"c","ts":05,"event":"lost"}',
  '{"conversation":"c","ts":1e3,"event":"lost"}',
  '{"conversation":"c","ts":1234567890123456789,"event":"lost"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"$timeout","delay":-0}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"$timeout","delay":1.0}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":{"a":-0,"b":-7,"c":1e2}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":{"__proto__":{"x":1}}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":{"a":1,"a":2}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":{"a":{"b":1}}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":{"a":[1]}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":{}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":null,"outcome":null}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","data":"{\\"a\\":1}"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","context":{"constructor":"x","toString":1}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","human":null}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","human":"yes"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","error":7}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","journey":7,"version":null}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","__proto__":{"to":"x"}}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","note":1}',
  '{"conversation":"","ts":"2026-01-01T00:00:00Z","event":"lost"}',
  '{"conversation":7,"ts":"2026-01-01T00:00:00Z","event":"lost"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":""}',
  '{"ts":"2026-01-01T00:00:00Z","event":"lost"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","outcome":truex}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost","human":tru}',
  '[{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"lost"}]',
  '"text"',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"tab\there"}',
  '{"conversation":"c","ts":"2026-01-01T00:00:00Z","event":"a\u0000b"}',
];

/** The lines kept from earlier failures (base64 of each line's bytes). */
function keptLines(): Buffer[] {
  try {
    return (JSON.parse(readFileSync(KEPT, 'utf8')) as string[]).map((b) => Buffer.from(b, 'base64'));
  } catch {
    return [];
  }
}

/** Keeps a shrunk failing line for every later run. */
function keep(line: Buffer): void {
  const kept = keptLines().map((b) => b.toString('base64'));
  const mine = line.toString('base64');
  if (!kept.includes(mine)) writeFileSync(KEPT, `${JSON.stringify([...kept, mine], null, 2)}\n`);
}

/** Bytes a mutation writes: JSON's structure, its escapes, whitespace, and bytes that are not UTF-8 or not allowed. */
const BYTES = [0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x30, 0x31, 0x39, 0x2d, 0x2e, 0x65, 0x2b, 0x20, 0x09, 0x0d, 0x0b, 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xa9, 0xe2, 0xf0, 0xff, 0x6e, 0x74, 0x66, 0x75, 0x5a, 0x54, 0x61];
const mutation = fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'insert', 'delete'), byte: fc.constantFrom(...BYTES) });

function mutate(line: Buffer, mutations: readonly { at: number; kind: string; byte: number }[]): Buffer {
  let bytes = [...line];
  for (const m of mutations) {
    if (bytes.length === 0) break;
    const at = m.at % bytes.length;
    if (m.kind === 'replace') bytes[at] = m.byte;
    else if (m.kind === 'insert') bytes.splice(at, 0, m.byte);
    else bytes.splice(at, 1);
  }
  // A line has no newline (the reader splits on it).
  bytes = bytes.filter((b) => b !== 0x0a);
  return Buffer.from(bytes);
}

describe('log line scanner vs JSON.parse', () => {
  it('reads real runtime log lines itself, as JSON.parse reads them', async () => {
    const lines = await runtimeLines();
    const scanner = new LineScanner();
    let read = 0;
    for (const line of lines) {
      expect(disagreement(line, scanner), line.toString()).toBeUndefined();
      if (scanner.scan(line, 0, line.length, 0, 1)) read++;
    }
    // The scanner is only worth having if it reads the logger's own lines: every one of them.
    expect(read).toBe(lines.length);
  });

  it('agrees on hand-written hostile lines and on every kept counterexample', () => {
    const lines = [...HOSTILE.map((l) => (typeof l === 'string' ? Buffer.from(l, 'utf8') : l)), ...keptLines()];
    for (const line of lines) expect(disagreement(line), JSON.stringify(line.toString('latin1'))).toBeUndefined();
    // The hostile lines include plain ones it must read and odd ones it must leave to JSON.parse.
    const scanner = new LineScanner();
    expect(scanner.scan(lines[0] as Buffer, 0, (lines[0] as Buffer).length, 0, 1)).toBeDefined();
    const declined = lines.filter((l) => scanner.scan(l, 0, l.length, 0, 1) === undefined);
    expect(declined.length).toBeGreaterThan(30);
  });

  it(`agrees on generated lines and ${RUNS} seeded byte mutations (seed ${SEED})`, async () => {
    const real = await runtimeLines();
    const base = fc.oneof(generatedLine, plainLine, plainLine, fc.constantFrom(...real), fc.constantFrom(...HOSTILE.map((l) => (typeof l === 'string' ? Buffer.from(l, 'utf8') : l))));
    const arb = fc.oneof(base, fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([line, ms]) => mutate(line, ms)));
    const scanner = new LineScanner();
    let read = 0;
    const result = fc.check(
      fc.property(arb, (line) => {
        if (scanner.scan(line, 0, line.length, 0, 1)) read++;
        return disagreement(line, scanner) === undefined;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    if (result.failed) {
      const [line] = result.counterexample as [Buffer];
      keep(line);
      expect.fail(`scanner and JSON.parse disagree on ${JSON.stringify(line.toString('latin1'))} (${disagreement(line)}); kept in ${KEPT}; seed ${result.seed}, path ${result.counterexamplePath}`);
    }
    expect(result.numRuns).toBe(RUNS);
    // Not a test of declining everything: a good share of the lines is read by the scanner itself.
    expect(read).toBeGreaterThan(RUNS / 4);
  });

  it('readLogs reads the same records and malformed lines with and without the scanner, across read chunks', async () => {
    const real = await runtimeLines();
    const generated = fc.sample(generatedLine, { seed: SEED, numRuns: 3000 });
    const hostile = HOSTILE.map((l) => (typeof l === 'string' ? Buffer.from(l, 'utf8') : l));
    const parts: Buffer[] = [];
    let size = 0;
    // Past 1 MiB, so that lines cross the reader's chunk boundary.
    for (let round = 0; size < 2.5 * 2 ** 20; round++) {
      for (const line of [...real, ...(round % 3 === 0 ? generated : []), ...hostile, Buffer.from(''), Buffer.from('\r')]) {
        parts.push(line, Buffer.from('\n'));
        size += line.length + 1;
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'log-scan-'));
    const file = join(dir, 'log.jsonl');
    writeFileSync(file, Buffer.concat(parts));
    const readWith = async (scan: boolean) => {
      const records: Record<string, unknown>[] = [];
      const summary = await readLogs([file], { scan, listMalformed: 100_000 }, (r: LogRecord) => records.push(defined(r)));
      return { records, summary };
    };
    const fast = await readWith(true);
    const reference = await readWith(false);
    expect(fast.summary).toEqual(reference.summary);
    expect(fast.records.length).toBe(reference.records.length);
    for (let i = 0; i < fast.records.length; i++) if (!isDeepStrictEqual(fast.records[i], reference.records[i])) expect(fast.records[i]).toEqual(reference.records[i]);
    expect(reference.summary.malformed.count).toBeGreaterThan(0);
    expect(reference.records.length).toBeGreaterThan(1000);
  });
});
