// Streaming reader of conversation logs (docs/logs.md): journeyctl's own JSON Lines and
// plain event logs (JSON Lines or CSV) through a column mapping. Lines are handed on one
// at a time as records; nothing but the current chunk is held. A line that cannot be a
// record is counted and listed with its number, never thrown.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineScanner } from './log-scan.js';

/** Where each record field is read from: a key (JSON Lines; a dotted path reaches into objects) or a CSV column. */
export interface LogMapping {
  readonly conversation: string;
  readonly ts: string;
  readonly event: string;
  /** A key or column holding the event data as an object (CSV: JSON text). */
  readonly data: string;
  /** Event data fields read from keys or columns of their own: field -> key or column. */
  readonly dataFields: readonly (readonly [string, string])[];
}

/** The mapping of journeyctl's own log, and of plain logs that use the same names. */
export const DEFAULT_MAPPING: LogMapping = { conversation: 'conversation', ts: 'ts', event: 'event', data: 'data', dataFields: [] };

/** One step of one conversation, as read. `from`/`to` are present only in journeyctl logs. */
export interface LogRecord {
  readonly conversation: string;
  /** Epoch milliseconds. */
  readonly ts: number;
  readonly event: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly delay?: number;
  readonly from?: string | null;
  readonly to?: string;
  readonly human?: boolean;
  readonly outcome?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  /** The actor's error, when the step failed (journeyctl logs). */
  readonly error?: string;
  readonly journey?: string;
  readonly version?: string;
  /** Index of the file in the list read, and the 1-based line number in it. */
  readonly file: number;
  readonly line: number;
}

/** A line that is no record, and why. */
export interface MalformedLine {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** Options of `readLogs`. */
export interface ReadLogOptions {
  readonly mapping?: LogMapping;
  /** The type of an event data field, so CSV text becomes the number or boolean the journey compares with. */
  readonly dataType?: (field: string) => 'string' | 'number' | 'boolean' | undefined;
  /** Told how many bytes were read so far (progress bars). */
  readonly onBytes?: (bytes: number) => void;
  /** Most malformed lines listed (all are counted); default 100. */
  readonly listMalformed?: number;
  /** False reads every JSON line with `JSON.parse`, never with `LineScanner` (the reference the scanner is tested against); default true. */
  readonly scan?: boolean;
}

/** What reading found besides the records. */
export interface ReadSummary {
  readonly files: readonly string[];
  readonly lines: number;
  readonly records: number;
  readonly bytes: number;
  readonly malformed: { readonly count: number; readonly listed: readonly MalformedLine[] };
  /** A file that cannot be read at all (missing, a folder, a CSV without the mapped columns): nothing after it is read. */
  readonly fatal?: string;
}

/** Total size of the files, for a progress bar; undefined entries (missing files) count 0. */
export async function totalBytes(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const p of paths) total += (await stat(p).catch(() => undefined))?.size ?? 0;
  return total;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a value by key, or by a dotted path when no key has that name. */
function pick(o: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(o, key)) return o[key];
  if (!key.includes('.')) return undefined;
  let v: unknown = o;
  for (const part of key.split('.')) {
    if (!isObject(v) || !Object.hasOwn(v, part)) return undefined;
    v = v[part];
  }
  return v;
}

/** A time as epoch ms: a number is ms since the epoch, text is ISO 8601 (or digits, read as ms). */
export function parseTs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const c = value.charCodeAt(0);
  if (c >= 48 && c <= 57 && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Bytes read at a time. */
const CHUNK_BYTES = 1 << 20;
/** The longest line read; a longer one is malformed and skipped, so that one line cannot take the memory. */
export const MAX_LINE_BYTES = 64 << 20;
const NEWLINE = 0x0a;

/** A record while it is built (fields writable). */
export type Fields = { -readonly [K in keyof LogRecord]: LogRecord[K] };

/** Whether a mapping reads the log's own names, which is all `LineScanner` knows. */
function isDefaultMapping(m: LogMapping): boolean {
  return m === DEFAULT_MAPPING || (m.conversation === 'conversation' && m.ts === 'ts' && m.event === 'event' && m.data === 'data' && m.dataFields.length === 0);
}

/** A record from a parsed object, or why it is none. */
function recordOf(o: Record<string, unknown>, mapping: LogMapping, file: number, line: number, typed: (field: string, v: unknown) => unknown): Fields | string {
  const conversation = pick(o, mapping.conversation);
  if ((typeof conversation !== 'string' || conversation === '') && typeof conversation !== 'number') return `no conversation id (\`${mapping.conversation}\`)`;
  const ts = parseTs(pick(o, mapping.ts));
  if (ts === undefined) return `no valid time (\`${mapping.ts}\`: ISO 8601 or epoch milliseconds)`;
  const event = pick(o, mapping.event);
  if (typeof event !== 'string' || event === '') return `no event (\`${mapping.event}\`)`;
  // With the default names the parsed object becomes the record (one object per line, not two).
  const same = mapping === DEFAULT_MAPPING;
  const record = (same ? o : { event }) as Fields;
  record.conversation = String(conversation);
  record.ts = ts;
  record.file = file;
  record.line = line;
  if (same) {
    if (o.data === undefined || o.data === null || o.data === '') delete record.data;
    if (o.outcome === null) delete record.outcome;
    if (o.error !== undefined && typeof o.error !== 'string') delete record.error;
    if (o.journey !== undefined && typeof o.journey !== 'string') delete record.journey;
    if (o.version !== undefined && typeof o.version !== 'string') delete record.version;
  }
  let data = pick(o, mapping.data);
  if (typeof data === 'string' && data !== '') {
    try {
      data = JSON.parse(data);
    } catch {
      return `\`${mapping.data}\` is not a JSON object`;
    }
  }
  if (data !== undefined && data !== null && data !== '') {
    if (!isObject(data)) return `\`${mapping.data}\` is not an object`;
    record.data = data;
  }
  if (mapping.dataFields.length > 0) {
    const fields: Record<string, unknown> = { ...(record.data ?? {}) };
    for (const [field, key] of mapping.dataFields) {
      const v = pick(o, key);
      if (v !== undefined && v !== '') fields[field] = typed(field, v);
    }
    record.data = fields;
  }
  if (o.to !== undefined) {
    if (typeof o.to !== 'string' || o.to === '') return '`to` is not a state name';
    record.to = o.to;
    if (o.from !== null && typeof o.from !== 'string') return '`from` is not a state name or null';
    record.from = o.from as string | null;
  }
  if (o.human !== undefined) {
    if (typeof o.human !== 'boolean') return '`human` is not true or false';
    record.human = o.human;
  }
  if (o.outcome !== undefined && o.outcome !== null) {
    if (typeof o.outcome !== 'string') return '`outcome` is not text';
    record.outcome = o.outcome;
  }
  if (o.delay !== undefined) {
    if (typeof o.delay !== 'number' || !(o.delay >= 0)) return '`delay` is not a number of milliseconds';
    record.delay = o.delay;
  }
  if (o.context !== undefined) {
    if (!isObject(o.context)) return '`context` is not an object';
    record.context = o.context;
  }
  if (typeof o.error === 'string') record.error = o.error;
  if (typeof o.journey === 'string') record.journey = o.journey;
  if (typeof o.version === 'string') record.version = o.version;
  return record;
}

/**
 * The record of one JSON Lines line (without its newline or CR) read by `JSON.parse`, or why
 * it is none: what `LineScanner` must agree with on every line it reads itself.
 */
export function recordOfJsonLine(body: string, mapping: LogMapping, file: number, line: number, typed: (field: string, v: unknown) => unknown = (_field, v) => v): Fields | string {
  let o: unknown;
  try {
    o = JSON.parse(body);
  } catch {
    return 'not valid JSON';
  }
  if (!isObject(o)) return 'not a JSON object';
  return recordOf(o, mapping, file, line, typed);
}

/** Splits one CSV record (RFC 4180 quoting); undefined when a quote is not closed. */
function csvCells(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < line.length) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
    i++;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

/** A CSV cell as the field's type (numbers and booleans where the journey compares them so). */
function typedCell(type: 'string' | 'number' | 'boolean' | undefined, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (type === 'number' || (type === undefined && v.trim() !== '' && Number.isFinite(Number(v)))) {
    const n = Number(v);
    return Number.isFinite(n) && v.trim() !== '' ? n : v;
  }
  if (type === 'boolean' || type === undefined) {
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return v;
}

/**
 * Reads log files one after the other, line by line, handing each record to `sink` as
 * it is read. A file ending in `.csv` is CSV with a header line; anything else is JSON
 * Lines. Empty lines are skipped; other lines that are no record are counted as
 * malformed with their line number (the first `listMalformed` are listed).
 */
export async function readLogs(paths: readonly string[], options: ReadLogOptions, sink: (record: LogRecord) => void): Promise<ReadSummary> {
  const mapping = options.mapping ?? DEFAULT_MAPPING;
  const limit = options.listMalformed ?? 100;
  const dataType = options.dataType ?? (() => undefined);
  const typed = (field: string, v: unknown): unknown => typedCell(dataType(field), v);
  let lines = 0;
  let records = 0;
  let bytes = 0;
  let malformedCount = 0;
  const listed: MalformedLine[] = [];
  const bad = (file: string, line: number, reason: string): void => {
    malformedCount++;
    if (listed.length < limit) listed.push({ file, line, reason });
  };
  const summary = (fatal?: string): ReadSummary => ({ files: paths, lines, records, bytes, malformed: { count: malformedCount, listed }, ...(fatal ? { fatal } : {}) });

  for (const [fileIndex, path] of paths.entries()) {
    const info = await stat(path).catch(() => undefined);
    if (!info) return summary(`${path}: no such file`);
    if (!info.isFile()) return summary(`${path}: not a file`);
    const csv = path.toLowerCase().endsWith('.csv');
    let header: Map<string, number> | undefined;
    let lineNo = 0;
    let fatal: string | undefined;
    const onLine = (text: string): void => {
      lineNo++;
      lines++;
      if (text.length === 0 || (text.length === 1 && text === '\r')) return;
      const body = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
      let record: Fields | string;
      if (csv) {
        const cells = csvCells(body);
        if (!cells) return bad(path, lineNo, 'a quoted cell is not closed');
        if (!header) {
          header = new Map(cells.map((c, i) => [c.trim(), i]));
          const needed = [mapping.conversation, mapping.ts, mapping.event, ...mapping.dataFields.map(([, column]) => column)];
          const missing = needed.filter((c) => !header?.has(c));
          if (missing.length > 0) fatal = `${path}: the CSV header has no column ${missing.map((m) => `\`${m}\``).join(', ')} (its columns: ${[...header.keys()].join(', ')}); map them with --map`;
          return;
        }
        const o: Record<string, unknown> = {};
        for (const [name, i] of header) if (i < cells.length && cells[i] !== '') o[name] = cells[i];
        record = recordOf(o, mapping, fileIndex, lineNo, typed);
      } else {
        record = recordOfJsonLine(body, mapping, fileIndex, lineNo, typed);
      }
      if (typeof record === 'string') return bad(path, lineNo, record);
      records++;
      sink(record);
    };
    const scanner = csv || options.scan === false || !isDefaultMapping(mapping) ? undefined : new LineScanner();
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'r');
      let buf = Buffer.allocUnsafe(CHUNK_BYTES);
      let filled = 0;
      /** Bytes of an over-long line still to skip up to its newline. */
      let skipping = false;
      for (;;) {
        if (filled === buf.length) {
          if (buf.length >= MAX_LINE_BYTES) {
            // No newline in the longest line allowed: that line is malformed; skip to its end.
            if (!skipping) {
              lineNo++;
              lines++;
              bad(path, lineNo, `longer than ${MAX_LINE_BYTES / 2 ** 20} MiB`);
            }
            skipping = true;
            filled = 0;
          } else {
            const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_LINE_BYTES));
            buf.copy(bigger, 0, 0, filled);
            buf = bigger;
          }
        }
        const { bytesRead } = await handle.read(buf, filled, buf.length - filled, null);
        if (bytesRead === 0) break;
        const from = filled;
        filled += bytesRead;
        bytes += bytesRead;
        let start = 0;
        let nl = buf.indexOf(NEWLINE, from);
        if (skipping && nl >= 0) {
          skipping = false;
          start = nl + 1;
          nl = buf.indexOf(NEWLINE, start);
        }
        if (!skipping) {
          while (nl >= 0 && nl < filled) {
            if (scanner && nl > start) {
              const record = scanner.scan(buf, start, nl, fileIndex, lineNo + 1);
              if (record) {
                lineNo++;
                lines++;
                records++;
                sink(record);
              } else onLine(buf.toString('utf8', start, nl));
            } else onLine(buf.toString('utf8', start, nl));
            if (fatal) break;
            start = nl + 1;
            nl = buf.indexOf(NEWLINE, start);
          }
          if (fatal) break;
          buf.copy(buf, 0, start, filled);
          filled -= start;
        } else filled = 0;
        options.onBytes?.(bytes);
      }
      if (!fatal && !skipping && filled > 0) onLine(buf.toString('utf8', 0, filled));
    } catch (error) {
      return summary(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    } finally {
      await handle?.close();
    }
    if (fatal) return summary(fatal);
  }
  return summary();
}
