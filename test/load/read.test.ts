import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/diagnostics/located.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { decodeBytes, decodeSource, ReadBuffer, readBytesSync, readSource, readSourceSync, type ReadResult } from '../../src/load/read.js';
import { contentHash } from '../../src/lint/cache.js';
import { lintYaml } from '../support/lint.js';
import { LOST_CARD, mutate, positionOf, structural, where } from './helpers.js';

const encoder = new TextEncoder();

/** The one finding of a failed read, with display positions (an unread file has no text: 1:1). */
function failure(result: ReadResult): { ruleId: string; code: string | undefined; line: number; column: number; fatal: boolean | undefined } {
  expect(result.diagnostic, 'the read must fail with a diagnostic').toBeDefined();
  expect(result.text).toBe('');
  const [d] = locate(result.text, [result.diagnostic!]);
  return { ...where(d!), fatal: d!.fatal };
}

describe('decodeSource', () => {
  it('refuses a file over the default size limit at 1:1 with code too-large', () => {
    const bytes = new Uint8Array(DEFAULT_LIMITS.maxFileBytes + 1).fill(0x61);
    expect(failure(decodeSource(bytes, DEFAULT_LIMITS))).toEqual({ ruleId: 'syntax', code: 'too-large', line: 1, column: 1, fatal: true });
  });

  it('accepts a file of exactly the size limit', () => {
    const bytes = new Uint8Array(DEFAULT_LIMITS.maxFileBytes).fill(0x61);
    const result = decodeSource(bytes, DEFAULT_LIMITS);
    expect(result.diagnostic).toBeUndefined();
    expect(result.text.length).toBe(DEFAULT_LIMITS.maxFileBytes);
  });

  it('refuses binary content (NUL bytes) with code binary', () => {
    const bytes = new Uint8Array([...encoder.encode('journey: a\n'), 0, 1, 2, 0, ...encoder.encode('title: t\n')]);
    expect(failure(decodeSource(bytes, DEFAULT_LIMITS))).toEqual({ ruleId: 'syntax', code: 'binary', line: 1, column: 1, fatal: true });
  });

  it('refuses invalid UTF-8 with code encoding', () => {
    // 0xC3 starts a two-byte sequence; 0x28 is not a continuation byte. 0xFF never occurs in UTF-8.
    for (const bad of [[0xc3, 0x28], [0xff], [0xe2, 0x82]]) {
      const bytes = new Uint8Array([...encoder.encode('journey: lost-card\ntitle: '), ...bad, 0x0a]);
      expect(failure(decodeSource(bytes, DEFAULT_LIMITS))).toEqual({ ruleId: 'syntax', code: 'encoding', line: 1, column: 1, fatal: true });
    }
  });

  it('refuses UTF-16 (little- and big-endian BOM) with code encoding', () => {
    const text = 'journey: lost-card\n';
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [le, be]) {
      expect(failure(decodeSource(bytes, DEFAULT_LIMITS))).toEqual({ ruleId: 'syntax', code: 'encoding', line: 1, column: 1, fatal: true });
    }
  });

  it('strips a UTF-8 BOM: the example still lints clean', async () => {
    const result = decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(LOST_CARD)]), DEFAULT_LIMITS);
    expect(result.diagnostic).toBeUndefined();
    expect(result.text).toBe(LOST_CARD);
    expect(await lintYaml(result.text)).toEqual([]);
  });

  it('strips a UTF-8 BOM: positions on line 1 and later lines are those of the file without it', async () => {
    // An error on line 1 (where a BOM could shift columns) and one further down.
    const text = mutate(mutate(LOST_CARD.replace(/^# yaml-language-server.*\n/, ''), 'journey: lost-card', 'journey: Lost_Card'), '    say: Shall I send', '    sya: Shall I send');
    const plain = structural(await lintYaml(text));
    expect(plain).toEqual([
      { ruleId: 'schema', code: 'pattern', ...positionOf(text, 'Lost_Card') },
      { ruleId: 'schema', code: 'unknown-key', ...positionOf(text, 'sya:') },
    ]);
    expect(plain[0]).toMatchObject({ line: 1, column: 10 });
    const decoded = decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]), DEFAULT_LIMITS);
    expect(decoded.diagnostic).toBeUndefined();
    expect(structural(await lintYaml(decoded.text))).toEqual(plain);
  });
});

describe('readSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journey-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file over the size limit before reading it (too-large at 1:1)', async () => {
    const path = join(dir, 'big.journey.yaml');
    writeFileSync(path, Buffer.alloc(DEFAULT_LIMITS.maxFileBytes + 1, 0x61));
    expect(failure(await readSource(path, DEFAULT_LIMITS))).toEqual({ ruleId: 'syntax', code: 'too-large', line: 1, column: 1, fatal: true });
  });

  it('reports a missing file as read-failed, without throwing', async () => {
    expect(failure(await readSource(join(dir, 'missing.journey.yaml'), DEFAULT_LIMITS))).toEqual({
      ruleId: 'syntax',
      code: 'read-failed',
      line: 1,
      column: 1,
      fatal: true,
    });
  });

  it('reads a UTF-8 file with a BOM as the text without it', async () => {
    const path = join(dir, 'bom.journey.yaml');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LOST_CARD)]));
    const result = await readSource(path, DEFAULT_LIMITS);
    expect(result.diagnostic).toBeUndefined();
    expect(result.text).toBe(LOST_CARD);
  });
});

describe('readSourceSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journey-read-sync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the UTF-8 of the text beside it (the bytes read, after any BOM), so that the cache hashes them as the text', () => {
    const plain = join(dir, 'plain.journey.yaml');
    writeFileSync(plain, LOST_CARD);
    const read = readSourceSync(plain, DEFAULT_LIMITS);
    expect(read.text).toBe(LOST_CARD);
    expect(read.utf8 && Buffer.from(read.utf8).equals(Buffer.from(LOST_CARD, 'utf8'))).toBe(true);
    expect(contentHash(read.utf8 as Uint8Array)).toBe(contentHash(LOST_CARD));
    const bom = join(dir, 'bom.journey.yaml');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LOST_CARD)]));
    const withBom = readSourceSync(bom, DEFAULT_LIMITS);
    expect(withBom.text).toBe(LOST_CARD);
    expect(withBom.utf8 && Buffer.from(withBom.utf8).equals(Buffer.from(LOST_CARD, 'utf8'))).toBe(true);
    expect(contentHash(withBom.utf8 as Uint8Array)).toBe(contentHash(LOST_CARD));
  });

  it('reads a file whose fstat size is 0 to its end (procfs), and an empty file as empty text', () => {
    // procfs files are regular files of size 0 with content; the sized read must not skip them.
    const proc = readSourceSync('/proc/self/status', DEFAULT_LIMITS);
    if (proc.diagnostic) console.warn('/proc/self/status is not readable here: empty-stat read test skipped');
    else expect(proc.text).toMatch(/^Name:/);
    const empty = join(dir, 'empty.journey.yaml');
    writeFileSync(empty, '');
    expect(readSourceSync(empty, DEFAULT_LIMITS)).toMatchObject({ text: '' });
  });

  it('refuses a FIFO as not a regular file at once, without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.journey.yaml');
    if (spawnSync('mkfifo', [fifo]).status !== 0) {
      console.warn('mkfifo is not available: FIFO read test skipped');
      return;
    }
    expect(failure(readSourceSync(fifo, DEFAULT_LIMITS))).toEqual({ ruleId: 'syntax', code: 'read-failed', line: 1, column: 1, fatal: true });
  });

  it('refuses a file over the size limit before reading it, and a missing one, as the async read does', () => {
    const big = join(dir, 'big.journey.yaml');
    writeFileSync(big, Buffer.alloc(DEFAULT_LIMITS.maxFileBytes + 1, 0x61));
    expect(failure(readSourceSync(big, DEFAULT_LIMITS)).code).toBe('too-large');
    expect(failure(readSourceSync(join(dir, 'missing.journey.yaml'), DEFAULT_LIMITS)).code).toBe('read-failed');
  });
});

describe('readBytesSync into a ReadBuffer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journey-read-buffer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each file its own bytes, small, grown past the first size, and over the shared limit', () => {
    const into = new ReadBuffer();
    const sizes = [10, 70_000, 5, 300_000, 2_000_000, 40];
    for (const [i, size] of sizes.entries()) {
      const path = join(dir, `f${i}.journey.yaml`);
      const content = Buffer.alloc(size, 97 + i);
      writeFileSync(path, content);
      const read = readBytesSync(path, { ...DEFAULT_LIMITS, maxFileBytes: 4_000_000 }, into);
      expect(read.diagnostic).toBeUndefined();
      expect(Buffer.from(read.bytes as Uint8Array).equals(content), `file of ${size} bytes`).toBe(true);
      // Decoded from the shared buffer, the text comes without the bytes (the next read overwrites them).
      const text = decodeBytes(read, true);
      expect(text.text).toBe(content.toString('latin1'));
      expect(text.utf8).toBeUndefined();
    }
  });
});

