import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { FILE_START, SYNTAX, type Diagnostic, type LoadCode } from '../diagnostics/diagnostic.js';
import type { LoadLimits } from './limits.js';

/**
 * The text of one input file, or the one diagnostic that explains why it has none. A file read
 * by `readSourceSync` without a BOM also has `utf8`, the bytes read, which are exactly the
 * text's UTF-8: hashing them gives the text's hash without encoding the text again.
 */
export type ReadResult = { readonly text: string; readonly utf8?: Uint8Array; readonly diagnostic?: undefined } | ReadFailure;

/** Why a file has no text: the one diagnostic that explains it. */
export type ReadFailure = { readonly text: ''; readonly utf8?: undefined; readonly bytes?: undefined; readonly diagnostic: Diagnostic };

/**
 * The bytes of one input file that may be journey text (within the size limit, not UTF-16, no NUL
 * in its first 8 KiB), not yet decoded: a warm-cache lint looks its hash up and decodes it only
 * when the text is needed. `decodeBytes` turns them into the text, or the reason there is none.
 */
export type BytesResult = { readonly bytes: Uint8Array; readonly stamp: FileStamp; readonly diagnostic?: undefined } | ReadFailure;

/**
 * What tells a file's state without reading it, as Git's index does: its size, inode, and times of
 * last modification and last change (a write, or anything that resets the modification time, sets
 * the change time to now). Equal stamps mean an unchanged file unless it was written within the
 * file system's time resolution of being stamped (`LintCache` keeps only stamps older than that).
 */
export interface FileStamp {
  readonly size: number;
  readonly ino: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

/** The stamp of a file's status. */
function stampOf(info: Stats): FileStamp {
  return { size: info.size, ino: info.ino, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
}

/** The stamp of a regular file at `path` (one stat, no open), or undefined for anything else or a failure: read it to learn why. */
export function statStamp(path: string): FileStamp | undefined {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info?.isFile() ? stampOf(info) : undefined;
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function fail(code: LoadCode, message: string, hint?: string): ReadFailure {
  return {
    text: '',
    diagnostic: { ruleId: SYNTAX, code, severity: 'error', fatal: true, message, span: FILE_START, ...(hint ? { hint } : {}) },
  };
}

/** Decodes bytes as UTF-8 text, refusing binary data and other encodings with a clear reason. */
export function decodeSource(bytes: Uint8Array, limits: LoadLimits): ReadResult {
  return refused(bytes, limits) ?? decodeUtf8(bytes);
}

/** Why bytes cannot be journey text before they are decoded (too large, UTF-16, binary), or undefined. */
function refused(bytes: Uint8Array, limits: LoadLimits): ReadFailure | undefined {
  if (bytes.length > limits.maxFileBytes) return tooLarge(bytes.length, limits.maxFileBytes);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('encoding', 'File is encoded as UTF-16; journey files must be UTF-8.', 'Save the file as UTF-8.');
  }
  if (bytes.subarray(0, 8192).indexOf(0) >= 0) return fail('binary', 'File looks binary (it contains NUL bytes), not a YAML journey.');
  return undefined;
}

function decodeUtf8(bytes: Uint8Array): ReadResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return fail('encoding', `File is not valid UTF-8 (first bad byte at offset ${at}); journey files must be UTF-8.`, 'Save the file as UTF-8.');
  }
  // TextDecoder drops a leading BOM already (ignoreBOM: false); nothing else to strip.
  return { text };
}

/**
 * The text of bytes `readBytesSync` passed, with `utf8` beside it (the bytes after any BOM:
 * valid UTF-8 decodes and encodes back to the same bytes, so they are the text's UTF-8),
 * unless the bytes are a `ReadBuffer`'s, which the next read overwrites.
 */
export function decodeBytes(read: BytesResult, shared = false): ReadResult {
  if (read.diagnostic) return read;
  const decoded = decodeUtf8(read.bytes);
  return decoded.diagnostic || shared ? decoded : { text: decoded.text, utf8: textBytes(read.bytes) };
}

/** Files up to this size share a `ReadBuffer`'s memory; a larger one gets its own (a buffer kept for one huge file would stay). */
const SHARED_READ_BYTES = 1024 * 1024;

/**
 * One buffer that `readBytesSync` reads file after file into, instead of a new one per file: a
 * warm-cache lint reads thousands of files only to hash them, and every new buffer is memory
 * outside V8's heap that makes it collect sooner. What a read gives is valid until the next read.
 */
export class ReadBuffer {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  /** Room for `size` bytes: this buffer's (grown if need be), or a new one for a file over `SHARED_READ_BYTES`. */
  room(size: number): Buffer {
    if (size > SHARED_READ_BYTES) return Buffer.allocUnsafe(size);
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.min(SHARED_READ_BYTES, Math.max(size, this.buffer.length * 2)));
    return this.buffer;
  }
}

/** The UTF-8 of the text in bytes that passed `readBytesSync`: the bytes after a UTF-8 byte order mark, if any. */
export function textBytes(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Why a file is not read at all (over the size limit, or not a regular file), or undefined. */
function unreadable(info: Stats, limits: LoadLimits): ReadFailure | undefined {
  if (info.size > limits.maxFileBytes) return tooLarge(info.size, limits.maxFileBytes);
  if (!info.isFile()) return fail('read-failed', 'Not a regular file.');
  return undefined;
}

/** Reads a file within the size limit, turning every failure into a diagnostic. */
export async function readSource(path: string, limits: LoadLimits): Promise<ReadResult> {
  try {
    const info = await stat(path);
    return unreadable(info, limits) ?? decodeSource(await readFile(path), limits);
  } catch (error) {
    return fail('read-failed', `Cannot read file: ${describeFsError(error)}.`);
  }
}

/**
 * `readSource` without waiting: lint reads its files one after the other (and config files
 * while walking folders). A file's text also comes with `utf8`, its UTF-8 bytes as read.
 */
export function readSourceSync(path: string, limits: LoadLimits): ReadResult {
  return decodeBytes(readBytesSync(path, limits));
}

/**
 * The bytes of a file that may be journey text, or the diagnostic that says why it is not (see
 * `BytesResult`); read into `into` when given, so valid only until its next read.
 */
export function readBytesSync(path: string, limits: LoadLimits, into?: ReadBuffer): BytesResult {
  let fd: number | undefined;
  try {
    // One open and fstat instead of a stat by path and then a read by path: a warm-cache run
    // reads every file and does little else. O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    const skipped = unreadable(info, limits);
    if (skipped) return skipped;
    // A regular file of size 0 may still have content (procfs): read to its end instead.
    const bytes = info.size > 0 ? readSized(fd, info.size, into ? into.room(info.size) : Buffer.allocUnsafe(info.size)) : readFileSync(fd);
    return refused(bytes, limits) ?? { bytes, stamp: stampOf(info) };
  } catch (error) {
    return fail('read-failed', `Cannot read file: ${describeFsError(error)}.`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Up to `size` bytes from an open file into `bytes`: the size fstat gave, without the second fstat `readFileSync(fd)` makes. */
function readSized(fd: number, size: number, bytes: Buffer): Uint8Array {
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, bytes, filled, size - filled, null);
    if (n === 0) break;
    filled += n;
  }
  return filled === bytes.length ? bytes : bytes.subarray(0, filled);
}

/** Plain-language text for the file-system errors people meet. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >> 5 === 6 ? 1 : b >> 4 === 14 ? 2 : b >> 3 === 30 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return i;
}

/** Human-readable byte size (`1.5 MiB`); exact bytes near a limit would round to the same text. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function tooLarge(size: number, limit: number): ReadFailure {
  const same = formatBytes(size) === formatBytes(limit);
  const shown = same ? `${size} bytes` : formatBytes(size);
  const max = same ? `${limit} bytes` : formatBytes(limit);
  return fail('too-large', `File is ${shown}, over the ${max} limit for one journey.`, 'Split the journey into smaller ones, or raise the limit with --max-file-size or `max-file-size` in journey.config.yaml.');
}
