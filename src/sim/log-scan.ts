// A reader of one conversation-log line straight from its bytes, for the common case: a
// flat JSON object with the log's own keys (docs/logs.md "The line"), strings without
// escapes, integers, ISO 8601 times in UTC. It never decides anything `JSON.parse` would
// decide differently: whenever a line is not plainly of that shape (an escape, a float,
// an unknown or repeated key, a value of the wrong type, nesting deeper than `data` and
// `context` allow) it answers "not sure" and the caller reads the line with `JSON.parse`.
// So the reader is a shortcut, never a second definition of the format; a differential
// test (test/replay/log-scan.test.ts) holds it to that.
import type { LogRecord } from './log-read.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** A record as the scanner builds it: every field present (undefined when the line has none), one shape for every line. */
type Scanned = { -readonly [K in keyof LogRecord]: LogRecord[K] };

/** The log's keys, by index; a bit per key records which a line has (a repeated key sends the line to `JSON.parse`). */
const KEYS = ['conversation', 'ts', 'journey', 'version', 'event', 'delay', 'data', 'from', 'to', 'human', 'outcome', 'context', 'error'] as const;
const KEY_BYTES = KEYS.map((k) => Buffer.from(k, 'latin1'));
const CONVERSATION = 0;
const TS = 1;
const JOURNEY = 2;
const VERSION = 3;
const EVENT = 4;
const DELAY = 5;
const DATA = 6;
const FROM = 7;
const TO = 8;
const HUMAN = 9;
const OUTCOME = 10;
const CONTEXT = 11;
const ERROR = 12;
/** The keys `recordOf` requires. */
const REQUIRED = (1 << CONVERSATION) | (1 << TS) | (1 << EVENT);

/** Most distinct strings interned (event, state, journey and version names repeat on every line; anything beyond is decoded each time). */
const MAX_INTERNED = 4096;
const BUCKETS = 8192;

/**
 * Strings met before, found by their bytes without decoding: the names a log repeats on
 * every line cost one hash and one comparison instead of a new string each time.
 */
export class Interner {
  /** Open hashing on the low bits of the hash: a bucket is a short list of entries. */
  private readonly buckets: ({ readonly hash: number; readonly bytes: Uint8Array; readonly text: string }[] | undefined)[] = new Array(BUCKETS);
  private size = 0;

  /** The text of `buf[start, end)` (UTF-8; `ascii` says it is plain ASCII), interned under `hash`. */
  text(buf: Buffer, start: number, end: number, hash: number, ascii: boolean): string {
    const slot = hash & (BUCKETS - 1);
    const bucket = this.buckets[slot];
    const length = end - start;
    if (bucket !== undefined) {
      for (let b = 0; b < bucket.length; b++) {
        const entry = bucket[b] as { readonly hash: number; readonly bytes: Uint8Array; readonly text: string };
        const bytes = entry.bytes;
        if (entry.hash !== hash || bytes.length !== length) continue;
        let i = 0;
        while (i < length && bytes[i] === buf[start + i]) i++;
        if (i === length) return entry.text;
      }
    }
    const text = buf.toString(ascii ? 'latin1' : 'utf8', start, end);
    if (this.size < MAX_INTERNED) {
      this.size++;
      const entry = { hash, bytes: Uint8Array.prototype.slice.call(buf, start, end), text };
      if (bucket !== undefined) bucket.push(entry);
      else this.buckets[slot] = [entry];
    }
    return text;
  }
}

/** Slots of `RecentStrings` (a power of two). */
const RECENT_SLOTS = 4096;

/**
 * The last string seen per slot, found by hash and compared char by char with the bytes:
 * a conversation id repeats on each of its lines while it is open, and a repeat costs
 * no decoding and keeps the hash V8 cached for the `Map` of open conversations. Replaced
 * on collision, so it holds at most `RECENT_SLOTS` strings.
 */
class RecentStrings {
  private readonly slots: (string | undefined)[] = new Array(RECENT_SLOTS);

  /** The text of `buf[start, end)` (UTF-8; `ascii` says it is plain ASCII) under `hash`. */
  text(buf: Buffer, start: number, end: number, hash: number, ascii: boolean): string {
    if (!ascii) return buf.toString('utf8', start, end);
    const slot = hash & (RECENT_SLOTS - 1);
    const known = this.slots[slot];
    const length = end - start;
    if (known !== undefined && known.length === length) {
      let i = 0;
      while (i < length && known.charCodeAt(i) === buf[start + i]) i++;
      if (i === length) return known;
    }
    const text = buf.toString('latin1', start, end);
    this.slots[slot] = text;
    return text;
  }
}

/** Epoch ms at 00:00 UTC of a day, by `year * 10000 + month * 100 + day`, as `Date.parse` says (NaN for no such day). */
const dayStarts = new Map<number, number>();

function dayStart(year: number, month: number, day: number): number {
  const key = year * 10000 + month * 100 + day;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    ms = Date.parse(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T00:00:00.000Z`);
    if (dayStarts.size < 100_000) dayStarts.set(key, ms);
  }
  return ms;
}

/** What the last string or integer read was, beside the position returned (one shared object: no allocation per value). */
const last = { start: 0, end: 0, hash: 0, ascii: true, integer: 0 };

/** The index after JSON whitespace from `i` (space, tab, CR; a line has no LF), at most `end`. */
function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = buf[i] as number;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return i;
    i++;
  }
  return i;
}

/**
 * Reads a string without escapes at its opening quote `i`: sets `last` (span, hash,
 * ASCII-ness) and returns the index after the closing quote; -1 for an escape, a
 * control character or no closing quote.
 */
function readString(buf: Buffer, i: number, end: number): number {
  const start = i + 1;
  let hash = 0x811c9dc5;
  let ascii = true;
  for (i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c === QUOTE) {
      last.start = start;
      last.end = i;
      last.hash = hash;
      last.ascii = ascii;
      return i + 1;
    }
    if (c < 0x20 || c === BACKSLASH) return -1;
    if (c >= 0x80) ascii = false;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return -1;
}

/**
 * The index after the key `k` (its quotes) when it is the text at `i`, else -1: a line from
 * the runtime has its keys in one order, so the key after a key is mostly the one after it
 * on the line before, and checking that costs less than reading and looking up the key.
 */
function expectedKeyAt(buf: Buffer, i: number, end: number, k: number): number {
  const close = i + 1 + (KEY_BYTES[k] as Buffer).length;
  return close < end && buf[close] === QUOTE && isKeyAt(buf, i + 1, k) ? close + 1 : -1;
}

/**
 * Reads a JSON integer without sign, fraction or exponent, below 10^15 (read by
 * `JSON.parse` to the same number) at `i`: sets `last.integer`, returns the index after
 * it; -1 for anything else, which `JSON.parse` then reads.
 */
function readInteger(buf: Buffer, i: number, end: number): number {
  const start = i;
  let n = 0;
  while (i < end) {
    const c = buf[i] as number;
    if (c < DIGIT_0 || c > DIGIT_9) break;
    n = n * 10 + (c - DIGIT_0);
    i++;
  }
  const digits = i - start;
  if (digits === 0 || digits > 15 || (digits > 1 && buf[start] === DIGIT_0)) return -1;
  // A fraction or an exponent: not an integer this reader vouches for.
  if (i < end) {
    const next = buf[i];
    if (next === 0x2e || next === 0x65 || next === 0x45) return -1;
  }
  last.integer = n;
  return i;
}

/** `true`, `false` or `null` at `i`: LITERAL_TRUE, LITERAL_FALSE or LITERAL_NULL; 0 for anything else. */
function literalAt(buf: Buffer, i: number, end: number): number {
  const c = buf[i];
  if (c === 0x74) return i + 4 <= end && buf[i + 1] === 0x72 && buf[i + 2] === 0x75 && buf[i + 3] === 0x65 ? LITERAL_TRUE : 0;
  if (c === 0x66) return i + 5 <= end && buf[i + 1] === 0x61 && buf[i + 2] === 0x6c && buf[i + 3] === 0x73 && buf[i + 4] === 0x65 ? LITERAL_FALSE : 0;
  if (c === 0x6e) return i + 4 <= end && buf[i + 1] === 0x75 && buf[i + 2] === 0x6c && buf[i + 3] === 0x6c ? LITERAL_NULL : 0;
  return 0;
}
const LITERAL_TRUE = 1;
const LITERAL_FALSE = 2;
const LITERAL_NULL = 3;
/** Length of each literal's text, by its code. */
const LITERAL_LENGTH = [0, 4, 5, 4];

/** The index in KEYS of the last string read, or -1 for any other key. */
function keyOf(buf: Buffer): number {
  const start = last.start;
  const length = last.end - start;
  for (let k = 0; k < KEY_BYTES.length; k++) if ((KEY_BYTES[k] as Buffer).length === length && isKeyAt(buf, start, k)) return k;
  return -1;
}

/** Whether the bytes at `at` are those of key `k` (the caller knows there are that many). */
function isKeyAt(buf: Buffer, at: number, k: number): boolean {
  const bytes = KEY_BYTES[k] as Buffer;
  for (let j = 0; j < bytes.length; j++) if (bytes[j] !== buf[at + j]) return false;
  return true;
}

/**
 * The last string as `YYYY-MM-DDTHH:MM:SS.sssZ` or `YYYY-MM-DDTHH:MM:SSZ`, in epoch ms
 * as `Date.parse` reads it; NaN for any other text (which `Date.parse` then reads).
 */
function isoTime(buf: Buffer): number {
  const s = last.start;
  const length = last.end - s;
  if ((length !== 24 && length !== 20) || buf[s + 4] !== MINUS || buf[s + 7] !== MINUS || buf[s + 10] !== 0x54 || buf[s + 13] !== COLON || buf[s + 16] !== COLON || buf[s + length - 1] !== 0x5a) return NaN;
  if (length === 24 && buf[s + 19] !== 0x2e) return NaN;
  const year = digits(buf, s, 4);
  const month = digits(buf, s + 5, 2);
  const day = digits(buf, s + 8, 2);
  const hour = digits(buf, s + 11, 2);
  const minute = digits(buf, s + 14, 2);
  const second = digits(buf, s + 17, 2);
  const ms = length === 24 ? digits(buf, s + 20, 3) : 0;
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return NaN;
  return dayStart(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** The decimal number of `count` digits at `at`, or -1 when one is no digit. */
function digits(buf: Buffer, at: number, count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const c = (buf[at + i] as number) - DIGIT_0;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * A scanner of log lines. `scan` returns the record of the line `buf[start, end)`
 * (without its newline), or undefined when the line must be read by `JSON.parse` (and
 * `recordOf`), which then decides what it is. It keeps the names it met (`Interner`).
 */
export class LineScanner {
  private readonly names = new Interner();
  private readonly conversations = new RecentStrings();
  /** The key that followed each key on the last line (by index; the first key under KEYS.length). */
  private readonly follows = new Int8Array(KEYS.length + 1).fill(-1);

  /** The record of one line, or undefined when only `JSON.parse` may say. */
  scan(buf: Buffer, start: number, end: number, file: number, line: number): LogRecord | undefined {
    let i = skipSpace(buf, start, end);
    if (i >= end || buf[i] !== OPEN_BRACE) return undefined;
    const record: Scanned = {
      conversation: '',
      ts: 0,
      event: '',
      data: undefined,
      delay: undefined,
      from: undefined,
      to: undefined,
      human: undefined,
      outcome: undefined,
      context: undefined,
      error: undefined,
      journey: undefined,
      version: undefined,
      file,
      line,
    };
    let seen = 0;
    let previous: number = KEYS.length;
    const follows = this.follows;
    i++;
    for (;;) {
      i = skipSpace(buf, i, end);
      if (i >= end || buf[i] !== QUOTE) return undefined;
      const expected = follows[previous] as number;
      let key = -1;
      if (expected >= 0) {
        const after = expectedKeyAt(buf, i, end, expected);
        if (after >= 0) {
          key = expected;
          i = after;
        }
      }
      if (key < 0) {
        i = readString(buf, i, end);
        if (i < 0) return undefined;
        key = keyOf(buf);
        if (key < 0) return undefined;
        follows[previous] = key;
      }
      if ((seen & (1 << key)) !== 0) return undefined;
      seen |= 1 << key;
      previous = key;
      i = skipSpace(buf, i, end);
      if (i >= end || buf[i] !== COLON) return undefined;
      i = skipSpace(buf, i + 1, end);
      if (i >= end) return undefined;
      i = this.value(buf, i, end, key, record);
      if (i < 0) return undefined;
      i = skipSpace(buf, i, end);
      if (i >= end) return undefined;
      const c = buf[i];
      i++;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return undefined;
    }
    // Only whitespace may follow the object.
    if (skipSpace(buf, i, end) !== end) return undefined;
    // What `recordOf` would refuse or change: let it.
    if ((seen & REQUIRED) !== REQUIRED || record.conversation === '' || record.event === '') return undefined;
    if (record.to !== undefined && (seen & (1 << FROM)) === 0) return undefined;
    return record;
  }

  /** Reads the value of `key` at `i` into the record: the index after it, or -1 when only `JSON.parse` may say. */
  private value(buf: Buffer, i: number, end: number, key: number, record: Scanned): number {
    const c = buf[i];
    if (c === QUOTE) {
      i = readString(buf, i, end);
      if (i < 0) return -1;
      switch (key) {
        case CONVERSATION:
          record.conversation = this.conversations.text(buf, last.start, last.end, last.hash, last.ascii);
          return i;
        case TS: {
          const ms = isoTime(buf);
          if (Number.isNaN(ms)) return -1;
          record.ts = ms;
          return i;
        }
        case ERROR:
          record.error = buf.toString(last.ascii ? 'latin1' : 'utf8', last.start, last.end);
          return i;
        case EVENT:
          record.event = this.name(buf);
          return i;
        case FROM:
          record.from = this.name(buf);
          return i;
        case TO:
          if (last.end === last.start) return -1;
          record.to = this.name(buf);
          return i;
        case OUTCOME:
          record.outcome = this.name(buf);
          return i;
        case JOURNEY:
          record.journey = this.name(buf);
          return i;
        case VERSION:
          record.version = this.name(buf);
          return i;
        default:
          return -1;
      }
    }
    if (c === OPEN_BRACE) {
      if (key !== DATA && key !== CONTEXT) return -1;
      const object: Record<string, unknown> = {};
      i = this.flatObject(buf, i, end, object);
      if (i < 0) return -1;
      if (key === DATA) record.data = object;
      else record.context = object;
      return i;
    }
    if (c !== undefined && c >= DIGIT_0 && c <= DIGIT_9) {
      if (key !== TS && key !== DELAY) return -1;
      i = readInteger(buf, i, end);
      if (i < 0) return -1;
      if (key === TS) record.ts = last.integer;
      else record.delay = last.integer;
      return i;
    }
    const literal = literalAt(buf, i, end);
    if (literal === 0) return -1;
    if (key === HUMAN && literal !== LITERAL_NULL) record.human = literal === LITERAL_TRUE;
    else if (key === FROM && literal === LITERAL_NULL) record.from = null;
    // `outcome: null` and `data: null` mean none, as `recordOf` reads them; anything else is for `JSON.parse`.
    else if ((key !== OUTCOME && key !== DATA) || literal !== LITERAL_NULL) return -1;
    return i + (LITERAL_LENGTH[literal] as number);
  }

  /** The last string read, interned. */
  private name(buf: Buffer): string {
    return this.names.text(buf, last.start, last.end, last.hash, last.ascii);
  }

  /** Reads an object of strings, integers, booleans and nulls at its brace `i` into `object`: the index after it, or -1. */
  private flatObject(buf: Buffer, i: number, end: number, object: Record<string, unknown>): number {
    i = skipSpace(buf, i + 1, end);
    if (i < end && buf[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      i = skipSpace(buf, i, end);
      if (i >= end || buf[i] !== QUOTE) return -1;
      i = readString(buf, i, end);
      if (i < 0) return -1;
      const field = this.name(buf);
      // A repeated field, or one that would touch the prototype: `JSON.parse` decides.
      if (field === '__proto__' || Object.hasOwn(object, field)) return -1;
      i = skipSpace(buf, i, end);
      if (i >= end || buf[i] !== COLON) return -1;
      i = skipSpace(buf, i + 1, end);
      if (i >= end) return -1;
      const c = buf[i] as number;
      if (c === QUOTE) {
        i = readString(buf, i, end);
        if (i < 0) return -1;
        object[field] = this.name(buf);
      } else if (c === MINUS) {
        i = readInteger(buf, i + 1, end);
        // `-0` is a number JSON.parse keeps apart from 0: leave it to JSON.parse.
        if (i < 0 || last.integer === 0) return -1;
        object[field] = -last.integer;
      } else if (c >= DIGIT_0 && c <= DIGIT_9) {
        i = readInteger(buf, i, end);
        if (i < 0) return -1;
        object[field] = last.integer;
      } else {
        const literal = literalAt(buf, i, end);
        if (literal === 0) return -1;
        object[field] = literal === LITERAL_TRUE ? true : literal === LITERAL_FALSE ? false : null;
        i += LITERAL_LENGTH[literal] as number;
      }
      i = skipSpace(buf, i, end);
      if (i >= end) return -1;
      const next = buf[i];
      i++;
      if (next === CLOSE_BRACE) return i;
      if (next !== COMMA) return -1;
    }
  }
}
