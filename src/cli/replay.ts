import { resolve } from 'node:path';
import { domainsOf } from '../behaviour/domains.js';
import { formatReplay, formatReplayMarkdown, replayJson, type ReplayReport } from '../format/replay.js';
import { loadPaint, PLAIN, shouldColor } from '../format/paint.js';
import { parseDuration } from '../model/duration.js';
import { visible } from '../diagnostics/display.js';
import { DEFAULT_MAPPING, readLogs, totalBytes, type LogMapping } from '../sim/log-read.js';
import { MAX_RUNS, runMonteCarlo } from '../sim/montecarlo.js';
import { Replay, versusSimulation, type ReplayOptions, type ReplayResult } from '../sim/replay.js';
import type { Journey } from '../model/types.js';
import { DEFAULT_ARRIVAL } from '../sim/time.js';
import { limitsAt, loadRunSettings, type LoadCommandOptions } from './config.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { MAX_SEED, parseCount, parsePositive } from './options.js';
import { loadPersonas, unavailableShares } from './personas.js';
import { loadJourney } from './problems.js';
import { startProgress } from './progress.js';

/** Options of `journey replay`. */
export interface ReplayCommandOptions extends LoadCommandOptions {
  format?: string;
  map?: string[];
  strict?: boolean;
  idle?: string;
  simulate?: boolean;
  runs?: string;
  seed?: string;
  personas?: string;
  color?: boolean;
}

/** Parses `--map event=intent_name,conversation=session_id,data.amount=amt` (repeatable) over the default names. */
export function parseMapping(flags: readonly string[] | undefined): LogMapping {
  const mapping: { -readonly [K in keyof LogMapping]: LogMapping[K] } = { ...DEFAULT_MAPPING, dataFields: [] };
  const dataFields: [string, string][] = [];
  for (const flag of flags ?? []) {
    for (const part of flag.split(',')) {
      const m = /^\s*(conversation|ts|event|data|data\.[^=\s]+)\s*=\s*(\S(?:.*\S)?)\s*$/.exec(part);
      if (!m) throw new UsageError(`--map takes NAME=COLUMN pairs, NAME one of conversation, ts, event, data, data.<field>; got "${part.trim()}".`);
      const [, name, column] = m as unknown as [string, string, string];
      if (name.startsWith('data.')) dataFields.push([name.slice(5), column]);
      else mapping[name as 'conversation' | 'ts' | 'event' | 'data'] = column;
    }
  }
  mapping.dataFields = dataFields;
  return mapping;
}

/** `journey replay JOURNEY LOGS...`: replays logged conversations on the interpreter; conformance, real figures, and the simulation beside them. */
export async function runReplay(file: string, logs: readonly string[], options: ReplayCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`unknown format "${format}"; use text, json or markdown.`);
  const mapping = parseMapping(options.map);
  const idleMs = parseIdle(options.idle);
  const simulate = options.simulate !== false;
  if (!simulate && (options.runs !== undefined || options.personas !== undefined || options.seed !== undefined)) throw new UsageError('--runs, --seed and --personas are for the simulation beside the replay; drop --no-simulate.');
  const runs = options.runs === undefined ? 10_000 : parsePositive('--runs', options.runs, MAX_RUNS);
  const seed = options.seed === undefined ? 1 : parseCount('--seed', options.seed, { max: MAX_SEED });
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const journey = (await loadJourney(file, io, 'replayed', settings))?.journey;
  if (!journey) return EXIT.FINDINGS;
  const personas = simulate ? await loadPersonas(options.personas, io, limitsAt(settings, resolve(io.cwd, options.personas ?? 'personas'))) : undefined;
  if (simulate && !personas) return EXIT.USAGE;

  const replayed = await replayLogs(journey, logs, { ...(idleMs !== undefined ? { idleMs } : {}) }, mapping, io);
  if (typeof replayed === 'number') return replayed;
  const { result, read } = replayed;
  let simulation: ReplayReport['simulation'];
  if (personas) {
    const sim = runMonteCarlo(journey, { runs, seed, personas: personas.personas, at: DEFAULT_ARRIVAL, unavailable: unavailableShares(undefined, personas.unavailable) });
    simulation = { runs, seed, personas: options.personas ?? 'default', figures: versusSimulation(result, sim) };
  }
  const report: ReplayReport = { replay: result, read, ...(simulation ? { simulation } : {}) };
  const paint = format === 'text' && shouldColor(io.stdout, io.env, options.color) ? await loadPaint(true) : PLAIN;
  io.stdout.write(format === 'json' ? replayJson(report) : format === 'markdown' ? formatReplayMarkdown(report) : formatReplay(report, paint));
  const deviated = result.conformance.conforming < result.conversations;
  return deviated || (options.strict === true && read.malformed.count > 0) ? EXIT.FINDINGS : EXIT.OK;
}

/** `--idle <duration>` in ms, or undefined for the default. */
export function parseIdle(idle: string | undefined): number | undefined {
  if (idle === undefined) return undefined;
  const parsed = parseDuration(idle);
  if (parsed.error !== undefined || !(parsed.ms > 0)) throw new UsageError(`--idle takes a duration such as 30m or 24h, got "${idle}".`);
  return parsed.ms;
}

/**
 * Reads the log files into a Replay of `journey` (with a progress bar on a terminal) and
 * finishes it; an exit code after printing why when a file cannot be read at all.
 */
export async function replayLogs(
  journey: Journey,
  logs: readonly string[],
  options: Omit<ReplayOptions, 'files'>,
  mapping: LogMapping,
  io: Io,
): Promise<{ result: ReplayResult; read: ReplayReport['read'] } | number> {
  const replayed = await replayLogsOf([journey], logs, options, mapping, io);
  return typeof replayed === 'number' ? replayed : { result: replayed.results[0] as ReplayResult, read: replayed.read };
}

/**
 * Reads the log files once into one Replay per journey (each takes the lines of its own
 * journey and every line without one) and finishes them; `plainRecords` counts the lines
 * without a journey id, which only one journey can claim. An exit code after printing why
 * when a file cannot be read at all.
 */
export async function replayLogsOf(
  journeys: readonly Journey[],
  logs: readonly string[],
  options: Omit<ReplayOptions, 'files'>,
  mapping: LogMapping,
  io: Io,
): Promise<{ results: ReplayResult[]; read: ReplayReport['read']; plainRecords: number } | number> {
  const paths = logs.map((l) => resolve(io.cwd, l));
  const replays = journeys.map((journey) => new Replay(journey, { ...options, files: logs }));
  const domains = journeys.map(domainsOf);
  // A CSV cell takes the type the first journey that knows the field gives it.
  const dataType = (field: string) => {
    for (const d of domains) {
      const type = d.eventField(field).type;
      if (type !== undefined) return type;
    }
    return undefined;
  };
  const kib = Math.ceil((await totalBytes(paths)) / 1024);
  const progress = await startProgress(io.stderr, io.env, kib, 'KiB of logs');
  let plainRecords = 0;
  let read: Awaited<ReturnType<typeof readLogs>>;
  try {
    read = await readLogs(paths, { mapping, dataType, ...(progress ? { onBytes: (bytes) => progress.update(Math.floor(bytes / 1024)) } : {}) }, (record) => {
      if (record.journey === undefined) plainRecords++;
      for (const replay of replays) replay.add(record);
    });
  } finally {
    progress?.stop();
  }
  if (read.fatal) {
    io.stderr.write(`journey: ${visible(read.fatal)}\n`);
    return EXIT.USAGE;
  }
  const results = replays.map((replay) => replay.finish());
  // Malformed lines are reported against the names given, not the absolute paths read.
  const listed = read.malformed.listed.map((m) => ({ ...m, file: logs[paths.indexOf(m.file)] ?? m.file }));
  return { results, read: { files: logs, lines: read.lines, records: read.records, malformed: { count: read.malformed.count, listed } }, plainRecords };
}
