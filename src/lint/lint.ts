import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { defaultConfig } from '../config/load.js';
import type { ConfigLookup } from '../config/lookup.js';
import type { Config } from '../config/types.js';
import { matchingOverrides, rulesFor, settingsKey } from '../config/resolve.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { decodeBytes, ReadBuffer, readBytesSync, readSourceSync, statStamp, textBytes, type FileStamp, type ReadResult } from '../load/read.js';
import type { Journey } from '../model/types.js';
import { loadRules, RULE_IDS } from '../rules/index.js';
import type { ProjectRule, Rule, RuleMeta } from '../rule-support/types.js';
import { contentHash, type CachedCheck, type CachedEntry, type LintCache, type TextFacts } from './cache.js';
import type { PoolResult, WorkerJob, WorkerPool, WorkerResult } from './pool.js';
import { FileCatalogue, mayCall } from './catalogue.js';
import { sortAndDedupe } from '../diagnostics/order.js';
import { activate, checkSource, toDiagnostic, type ActiveRule } from './check.js';
import { applyDirectives, mayHaveDirectives } from './directives.js';
import { displayPath } from '../diagnostics/display.js';
import { dirname } from 'node:path';
import type { RuleSetting } from '../config/types.js';

/** One linted file. */
export interface FileResult {
  /** Absolute path (or the label of an in-memory source). */
  readonly filePath: string;
  /**
   * The file's text ('' when it could not be read; with `sources: 'findings'`, also for a
   * file without findings, and for one that changed on disk before its findings were shown).
   */
  readonly source: string;
  /** Findings, sorted by position and deduplicated. */
  readonly diagnostics: readonly Diagnostic[];
  /** Findings hidden by disable comments. */
  readonly suppressed: number;
  /** The model, when the file passed the schema and models were kept. */
  readonly journey?: Journey;
  /** The fixed text, when `--fix` or `--fix-dry-run` changed the file (ESLint's `output`). */
  readonly output?: string;
}

/** Options of a lint run. */
export interface LintOptions {
  /** Rule settings applied over the config (or the defaults) for every file. */
  readonly rules?: ReadonlyMap<string, RuleSetting>;
  /** Config file settings for every file: preset, rules, overrides by glob, unused-disable severity, size limit. */
  readonly config?: Config;
  /** Finds each file's own config (its nearest journey.config.yaml); wins over `config`. */
  readonly configs?: ConfigLookup;
  /** Limits for every file; without them each file's config sets its size limit. */
  readonly limits?: LoadLimits;
  /** Keep each file's model in its result (the CLI does not, to save memory). */
  readonly keepModels?: boolean;
  /**
   * Keep the models of these files only; the others may be answered from `cache` (the
   * language server keeps the models of the open documents and caches the workspace's other files).
   */
  readonly keepModelsOf?: (path: string) => boolean;
  /**
   * Which files keep their text in the results: `all` (the default), or `findings`, only
   * the files with findings (all that formatters show), so a large run does not hold every
   * file's text. A clean file that a project rule reports later is read again.
   */
  readonly sources?: 'all' | 'findings';
  /** Folder that file names in messages are relative to (default: the process's). */
  readonly cwd?: string;
  /** Reuse results of unchanged files. */
  readonly cache?: LintCache;
  /**
   * With `cache`: the files that call other journeys whose callees changed (`--watch` knows
   * them); a file that calls and is not among them is served from the cache like any other.
   * Without it every file that calls is checked afresh, since nobody knows what its callees did.
   */
  readonly staleCallers?: ReadonlySet<string>;
  /** Worker threads to lint on; 1 (the default) lints in this thread, unless `soleWorker`. */
  readonly concurrency?: number;
  /**
   * With `concurrency` 1: lint on one worker thread, whose heap is bounded, instead of in this
   * one (what the CLI does for a one-thread run of many files: on the main thread, V8 lets a
   * long run's heap grow to several times what is alive). The report is the same. Ignored when
   * models are kept, for `staleCallers`, and for a cache kept only in memory; a run its worker
   * has no memory for is linted in this thread.
   */
  readonly soleWorker?: boolean;
  /** Use workers only when the files to check add up to this many bytes (starting workers costs time). */
  readonly workerMinBytes?: number;
  /** Stop reading further files once this many errors were found. */
  readonly maxErrors?: number;
  /**
   * Journey files whose journeys call states may name, besides the files linted (the
   * folder of a journey that `simulate` or `play` opens, say).
   */
  readonly catalogueFiles?: readonly string[];
}

/** An in-memory journey source. */
export interface Source {
  readonly path: string;
  readonly text: string;
}

/** A lint run's results, and whether it stopped early (`maxErrors`). */
export interface LintReport {
  readonly results: FileResult[];
  readonly stoppedEarly: boolean;
  /** False when a cache was given but could not be written (the run is still complete). */
  readonly cacheSaved: boolean;
}

/** Lints sources already in memory (editors, tests, stdin). Models are kept unless `keepModels` is false. */
export async function lintSources(sources: readonly Source[], options: LintOptions = {}): Promise<FileResult[]> {
  // In-memory texts cannot be read again: they are always kept.
  const run = await LintRun.create({ keepModels: true, ...options, sources: 'all' });
  run.catalogue = new FileCatalogue([...sources, ...(options.catalogueFiles ?? [])]);
  for (const s of sources) {
    const text = s.text.charCodeAt(0) === 0xfeff ? s.text.slice(1) : s.text;
    run.commit(run.prepare(s.path, { text }));
  }
  return run.finish();
}

/** Reads and lints files from disk; unreadable files get one diagnostic each and the rest are still linted. */
export async function lintFiles(paths: readonly string[], options: LintOptions = {}): Promise<FileResult[]> {
  return (await lintProject(paths, options)).results;
}

/** Like `lintFiles`, and says whether `maxErrors` stopped the run early. */
export async function lintProject(paths: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const run = await LintRun.create(options);
  const catalogueFiles = [...new Set([...paths, ...(options.catalogueFiles ?? [])])];
  run.catalogue = new FileCatalogue(catalogueFiles);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  if (concurrency === 1 && paths.length > 1 && options.soleWorker === true && !options.keepModels && !options.keepModelsOf && !options.staleCallers && (!options.cache || options.cache.file)) {
    const { lintOnSoleWorker } = await import('./sole-worker.js');
    const configs = options.configs ? { cwd: options.configs.cwd, ...(options.configs.fixed ? { fixed: options.configs.fixed } : {}) } : undefined;
    const report = await lintOnSoleWorker(paths, { ...options, ...(configs ? { configs } : {}), catalogueFiles });
    if (report) return report;
  }
  const stoppedEarly = concurrency > 1 && paths.length > 1 ? await streamThroughWorkers(run, paths, concurrency, catalogueFiles) : await lintInThread(run, paths);
  const cacheSaved = options.cache ? await options.cache.save() : true;
  return { results: run.finish(), stoppedEarly, cacheSaved };
}

/** Files read and checked between two turns of the event loop. */
const FILES_PER_TURN = 32;

/**
 * Lets the event loop run: Node frees the native memory of collected objects in tasks
 * it runs between turns, so a loop that never yields grows without bound.
 */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Reads and checks every file in this thread, one at a time; true when `maxErrors` stopped it early. */
async function lintInThread(run: LintRun, paths: readonly string[]): Promise<boolean> {
  for (let i = 0; i < paths.length; i++) {
    if (i % FILES_PER_TURN === FILES_PER_TURN - 1) await turn();
    const path = paths[i] as string;
    // Read synchronously: files are checked one after the other anyway, and a sync read costs a fraction of an async one.
    const known = run.readKnown(path);
    if (run.commit('pending' in known ? known.pending : run.prepare(path, known.source))) return i < paths.length - 1;
  }
  return false;
}

/** Files checked on workers per round trip: enough to keep every worker busy, few enough to bound the texts held. */
const WINDOW_FILES = 256;

/** A file of a streamed run, in order: prepared already (read failure, cache hit, or checked), or waiting for its check. */
type Slot = { readonly pending: Pending } | { readonly job: WorkerJob; readonly read?: ReadText } | { readonly committed: true };
/** A committed slot: its pending result belongs to the run now. */
const COMMITTED: Slot = { committed: true };

/**
 * Streams files through worker threads: files are read in order, cache hits and read
 * failures prepared at once, and misses checked on the workers a window at a time, so
 * that only a window of texts is held. Workers start only once the misses add up to
 * `workerMinBytes`; if they never do, the misses are checked in this thread (starting
 * workers costs more than it saves). Once they run, a run without a cache that keeps only
 * the texts of findings (`sources: 'findings'`, the CLI's) has the workers read the files
 * themselves: this thread, with nothing to look up by content, then holds no texts but
 * those of findings, and its heap stays small. Results are committed in file order, so
 * the report and `maxErrors` behave exactly as in one thread. True when `maxErrors` stopped the run.
 */
async function streamThroughWorkers(run: LintRun, paths: readonly string[], concurrency: number, catalogueFiles: readonly string[]): Promise<boolean> {
  const minBytes = run.options.workerMinBytes ?? 0;
  const slots: Slot[] = [];
  let head = 0;
  let waitingBytes = 0;
  let waitingJobs: WorkerJob[] = [];
  let pool: WorkerPool | undefined;
  let inFlight: Promise<Map<string, PoolResult>> | undefined;
  let stopped = false;
  const workersRead = run.options.cache === undefined && run.options.sources === 'findings';
  /** Commits the prepared slots at the front, in order; stops at the first one still waiting or at `maxErrors`. */
  const drain = (): void => {
    while (!stopped && head < slots.length) {
      const slot = slots[head] as Slot;
      if (!('pending' in slot)) break;
      slots[head++] = COMMITTED;
      if (run.commit(slot.pending)) stopped = true;
    }
  };
  /** Prepares the waiting slots whose checks came back. */
  const settle = (results: Map<string, PoolResult>): void => {
    for (let i = head; i < slots.length; i++) {
      const slot = slots[i] as Slot;
      const result = 'job' in slot ? results.get(slot.job.path) : undefined;
      if (!result || !('job' in slot)) continue;
      const { job } = slot;
      const read = job.text === undefined ? undefined : (slot.read ?? { text: job.text });
      // A batch its worker had no memory for is checked here (a worker's heap is kept small, this thread's is not).
      if ('outOfMemory' in result) slots[i] = { pending: run.prepare(job.path, read ?? readSourceSync(job.path, job.limits ?? run.limitsFor(job.path))) };
      else slots[i] = { pending: read ? run.prepare(job.path, read, result.check) : run.prepareRead(job.path, result) };
    }
    drain();
  };
  try {
    for (let i = 0; i < paths.length && !stopped; i++) {
      if (i % FILES_PER_TURN === FILES_PER_TURN - 1) await turn();
      const path = paths[i] as string;
      let job: WorkerJob;
      // The text goes to a worker; its hash and stamp stay here, for the cache once the check is back.
      let read: ReadText | undefined;
      if (pool && workersRead) job = { path, limits: run.limitsFor(path), key: run.settingsKeyFor(path) };
      else {
        const known = run.readKnown(path);
        if ('pending' in known) {
          slots.push({ pending: known.pending });
          drain();
          continue;
        }
        job = { path, text: known.source.text, key: run.settingsKeyFor(path) };
        read = known.source;
        waitingBytes += known.source.text.length;
      }
      slots.push(read ? { job, read } : { job });
      waitingJobs.push(job);
      if (!pool && waitingBytes >= minBytes) {
        const { WorkerPool } = await import('./pool.js');
        pool = new WorkerPool(concurrency, (key) => run.settingsEntriesOf(key), run.options.cwd, catalogueFiles);
      }
      if (pool && waitingJobs.length >= WINDOW_FILES) {
        // Up to two windows in flight, so the workers always have the next one queued while this thread reads.
        const previous = inFlight;
        inFlight = pool.check(waitingJobs);
        // A crash while this window is in flight is seen when it is awaited, not as an unhandled rejection.
        inFlight.catch(() => undefined);
        waitingJobs = [];
        if (previous) settle(await previous);
      }
    }
    if (inFlight && !stopped) settle(await inFlight);
    if (!stopped && waitingJobs.length > 0) {
      if (pool) settle(await pool.check(waitingJobs));
      else {
        // Too little to check for workers to pay off: checked here, as a one-thread run would.
        for (let i = head; i < slots.length && !stopped; i++) {
          const slot = slots[i] as Slot;
          // Every job here has its text: workers never started, so none was left for them to read.
          if ('job' in slot) slots[i] = { pending: run.prepare(slot.job.path, slot.read ?? { text: slot.job.text ?? '' }) };
          drain();
        }
      }
    }
    drain();
  } finally {
    await pool?.close();
  }
  return stopped && head < paths.length;
}

interface Pending {
  filePath: string;
  source: string;
  diagnostics: Diagnostic[];
  settings: ReadonlyMap<string, RuleSetting>;
  config: Config;
  items: Readonly<Record<string, unknown>>;
  journey?: Journey;
  /** The text was let go (`sources: 'findings'`): its hash, to know that a later read gives the same text. */
  released?: { readonly hash: string; readonly limits: LoadLimits };
  /** A fresh check, for the cache once the file is committed. */
  fresh?: { readonly key: string; readonly check: CachedCheck; readonly facts: TextFacts; readonly read?: { readonly stamp: FileStamp; readonly hash: string } };
}

/** A file's text (or why it has none) as read for a check: with its content hash when it was computed already, and its stamp when that hash is of the bytes the stamp describes. */
type ReadText = ReadResult & { readonly hash?: string; readonly stamp?: FileStamp };

/** Effective settings shared by every file with the same config and matching overrides. */
interface SettingsEntry {
  readonly key: string;
  /** Hash of the key, for cache keys (hashed once, not per file). */
  readonly hash: string;
  readonly settings: ReadonlyMap<string, RuleSetting>;
}

/** What a folder's files share: their config and load limits (looked up once per folder, not per file). */
interface FolderSettings {
  readonly config: Config;
  readonly limits: LoadLimits;
}

/** One lint run: rules, settings per distinct config, and the files checked so far. */
class LintRun {
  private readonly files: Pending[] = [];
  private readonly activeByKey = new Map<string, ActiveRule[]>();
  private readonly settingsByKey = new Map<string, ReadonlyMap<string, RuleSetting>>();
  /** Per config: settings by which of its overrides match (files with the same match share them). */
  private readonly settingsByConfig = new Map<Config, Map<string, SettingsEntry>>();
  private readonly byFolder = new Map<string, FolderSettings>();
  private readonly projectRules: ProjectRule[];
  private readonly metas: RuleMeta[];
  private readonly fallback: Config;
  private readonly fallbackSettings: FolderSettings;
  private errors = 0;
  private readBuffer: ReadBuffer | undefined;
  /** The journeys call states may name, by id (the files of the run, or given). */
  catalogue: FileCatalogue = new FileCatalogue([]);

  private constructor(
    private readonly rules: readonly Rule[],
    readonly options: LintOptions,
  ) {
    this.metas = rules.map((r) => r.meta);
    this.projectRules = rules.filter((r): r is ProjectRule => r.meta.scope === 'project');
    this.fallback = options.config ?? defaultConfig(options.cwd ?? process.cwd());
    this.fallbackSettings = this.folderSettings(this.fallback);
  }

  static async create(options: LintOptions): Promise<LintRun> {
    return new LintRun(await loadRules(RULE_IDS), options);
  }

  private folderSettings(config: Config): FolderSettings {
    const limits = this.options.limits ?? (config.maxFileBytes === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, maxFileBytes: config.maxFileBytes });
    return { config, limits };
  }

  /** Config and limits of a file's folder: every file of a folder has the same nearest config. */
  private folderOf(file: string): FolderSettings {
    if (file.startsWith('<') || !this.options.configs) return this.fallbackSettings;
    const folder = dirname(file);
    let known = this.byFolder.get(folder);
    if (!known) {
      known = this.folderSettings(this.options.configs.forFile(file));
      this.byFolder.set(folder, known);
    }
    return known;
  }

  /** The config that applies to a file: its nearest one (`configs`), else the run's config, else the defaults. */
  configOf(file: string): Config {
    return this.folderOf(file).config;
  }

  /** Load limits of a file: the run's explicit limits, else its config's `max-file-size`, else the defaults. */
  limitsFor(file: string): LoadLimits {
    return this.folderOf(file).limits;
  }

  /** Effective settings of a file, resolved once per config and set of matching overrides. */
  private entryFor(file: string): SettingsEntry {
    const config = this.configOf(file);
    let byMatch = this.settingsByConfig.get(config);
    if (!byMatch) this.settingsByConfig.set(config, (byMatch = new Map()));
    const match = matchingOverrides(config, file);
    let entry = byMatch.get(match);
    if (!entry) {
      const settings = rulesFor(config, this.metas, file);
      for (const [id, setting] of this.options.rules ?? []) {
        const before = settings.get(id);
        settings.set(id, setting.severity === 'off' ? setting : { severity: setting.severity, options: { ...(before && before.severity !== 'off' ? before.options : {}), ...setting.options } });
      }
      const key = settingsKey(settings);
      const shared = this.settingsByKey.get(key) ?? settings;
      this.settingsByKey.set(key, shared);
      entry = { key, hash: contentHash(key), settings: shared };
      byMatch.set(match, entry);
    }
    return entry;
  }

  /** Key of a file's effective settings (files with equal settings share it). */
  settingsKeyFor(file: string): string {
    return this.entryFor(file).key;
  }

  /** The settings table of a key seen so far, as entries (sent to workers). */
  settingsEntriesOf(key: string): [string, RuleSetting][] {
    return [...(this.settingsByKey.get(key) ?? [])];
  }

  private activeFor(entry: SettingsEntry): ActiveRule[] {
    let active = this.activeByKey.get(entry.key);
    if (!active) {
      active = activate(this.rules, entry.settings);
      this.activeByKey.set(entry.key, active);
    }
    return active;
  }

  private labelOf(file: string): string {
    return file.startsWith('<') ? file : displayPath(file, this.options.cwd);
  }

  /** Runs the per-file stages (no directives, no project rules). */
  private check(file: string, label: string, text: string, entry: SettingsEntry): CachedCheck & { journey?: Journey } {
    const checked = checkSource(label, text, this.activeFor(entry), this.limitsFor(file), mayCall(text) ? this.catalogue : undefined);
    const items: Record<string, unknown> = {};
    // Cloned: what a rule collects (a journey id, say) is often a slice of the file's text, and V8 keeps
    // the whole text alive for a slice; held for every file until the project rules run, that was 15 KiB a file.
    if (checked.journey) for (const rule of this.projectRules) items[rule.meta.id] = structuredClone(rule.collect(checked.journey));
    return { diagnostics: checked.diagnostics, items, ...(checked.journey ? { journey: checked.journey } : {}) };
  }

  private cacheKey(file: string, textHash: string, entry: SettingsEntry): string {
    // Limits other than the size are the same for every file; the size decides only whether a file is read at all.
    return `${textHash}:${entry.hash}:${this.limitsFor(file).maxFileBytes}`;
  }

  /**
   * Whether the cache is consulted for this file: a file whose model is kept is always checked
   * afresh, and so is a file that calls other journeys (it depends on their content too) unless
   * `staleCallers` says its callees are unchanged.
   */
  private usesCache(file: string, calls: boolean): boolean {
    if (this.options.cache === undefined || this.keepsModel(file)) return false;
    return this.options.staleCallers ? !this.options.staleCallers.has(file) : !calls;
  }

  /** Whether a file's model is kept in its result. */
  private keepsModel(file: string): boolean {
    return this.options.keepModelsOf ? this.options.keepModelsOf(file) : this.options.keepModels === true;
  }

  /**
   * Reads a file: its pending result when it needs no check (a read failure or a cache hit),
   * else its text (with the hash of it) for `prepare`. A hit decodes the bytes only when the
   * text is kept: the entry says whether the file calls others or has disable comments.
   */
  readKnown(file: string): { readonly pending: Pending } | { readonly source: ReadText } {
    const cache = this.options.cache;
    if (cache === undefined || this.keepsModel(file)) {
      // Each file its own buffer: a shared one, never let go, keeps a one-thread run's heap larger (V8 collects on outside memory too).
      const read = readSourceSync(file, this.limitsFor(file));
      if (read.diagnostic) return { pending: this.prepare(file, read) };
      // Hashed now, so that the bytes are let go before the check: a buffer the check outlives
      // is promoted with it, and its memory, outside the heap, waits for the next full collection.
      return { source: { text: read.text, hash: this.options.sources === 'findings' ? contentHash(read.utf8 ?? read.text) : undefined } };
    }
    const entry = this.entryFor(file);
    // A file whose stamp is the one its entry recorded is not read at all, unless its text is kept
    // (stat only when the entry kept a stamp; its size was within the limit its key names).
    const unchanged = cache.hashIfUnchanged(file, () => statStamp(file));
    if (unchanged !== undefined) {
      const hit = cache.get(file, this.cacheKey(file, unchanged, entry));
      if (hit && this.usesCache(file, hit.calls) && !this.keepsText(hit)) return { pending: this.pendingOf(file, '', unchanged, entry, hit, hit) };
    }
    // With a cache most files are only hashed: read into one buffer, and decoded (copied out) when needed.
    const read = readBytesSync(file, this.limitsFor(file), (this.readBuffer ??= new ReadBuffer()));
    if (read.diagnostic) return { pending: this.prepare(file, read) };
    const textHash = contentHash(textBytes(read.bytes));
    const hit = cache.get(file, this.cacheKey(file, textHash, entry));
    if (!hit || !this.usesCache(file, hit.calls)) return { source: { ...decodeBytes(read, true), hash: textHash, stamp: read.stamp } };
    cache.restamp(file, read.stamp, textHash);
    const kept = this.keepsText(hit);
    const text = kept ? decodeBytes(read, true) : { text: '' };
    // Bytes whose hash matches a text that was linted are that text's UTF-8, so they decode.
    if (text.diagnostic) return { pending: this.prepare(file, text) };
    return { pending: this.pendingOf(file, text.text, textHash, entry, hit, hit) };
  }

  /** Whether a cache hit's text is kept in its result: always, unless only the texts of findings are (a hit without findings or disable comments needs none). */
  private keepsText(hit: CachedEntry): boolean {
    return this.options.sources !== 'findings' || hit.diagnostics.length > 0 || hit.directives;
  }

  /**
   * One file's pending result: a read failure, or its check (from the cache, from a
   * worker, or done here). Its text is let go when `sources: 'findings'` and nothing can
   * need it; `commit` adds it to the run.
   */
  prepare(file: string, read: ReadText, fromWorker?: CachedCheck): Pending {
    if (read.diagnostic) return { filePath: file, source: '', diagnostics: [read.diagnostic], settings: new Map(), config: this.configOf(file), items: {} };
    const text = read.text;
    const entry = this.entryFor(file);
    const facts: TextFacts = { calls: mayCall(text), directives: mayHaveDirectives(text) };
    const cacheable = this.usesCache(file, facts.calls);
    // Hashed whenever a cache is given: a fresh check goes into it, keyed by the hash, even when it was not looked up.
    const textHash = read.hash ?? (this.options.cache || this.options.sources === 'findings' ? contentHash(read.utf8 ?? text) : '');
    const hit = cacheable ? this.options.cache?.get(file, this.cacheKey(file, textHash, entry)) : undefined;
    if (hit) return this.pendingOf(file, text, textHash, entry, hit, facts);
    const check = fromWorker ?? this.check(file, this.labelOf(file), text, entry);
    const pending = this.pendingOf(file, text, textHash, entry, check, facts);
    if (this.options.cache) {
      const stamped = read.stamp ? { read: { stamp: read.stamp, hash: textHash } } : {};
      pending.fresh = { key: this.cacheKey(file, textHash, entry), check: { diagnostics: check.diagnostics, items: check.items }, facts, ...stamped };
    }
    return pending;
  }

  /** A file a worker read and checked itself: its read failure, or its check (with the text only if the worker kept it). */
  prepareRead(file: string, result: WorkerResult): Pending {
    const read = result.read ?? {};
    if (read.diagnostic) return this.prepare(file, { text: '', diagnostic: read.diagnostic });
    // The worker kept the text exactly when it may hold disable comments or has findings.
    return this.pendingOf(file, read.text ?? '', read.hash ?? '', this.entryFor(file), result.check, { calls: false, directives: read.text !== undefined });
  }

  private pendingOf(file: string, text: string, textHash: string, entry: SettingsEntry, check: CachedCheck & { journey?: Journey }, facts: TextFacts): Pending {
    const pending: Pending = { filePath: file, source: text, diagnostics: [...check.diagnostics], settings: entry.settings, config: this.configOf(file), items: check.items };
    if (this.keepsModel(file) && check.journey) pending.journey = check.journey;
    if (this.options.sources === 'findings' && pending.diagnostics.length === 0 && !facts.directives) {
      // Only a project rule could still report on this file; then it is read again (and checked to be the same text).
      pending.source = '';
      if (Object.keys(pending.items).length > 0) pending.released = { hash: textHash || contentHash(text), limits: this.limitsFor(file) };
    }
    return pending;
  }

  /** Adds a prepared file to the run (fresh checks go to the cache); true once the run's errors reach `maxErrors`. */
  commit(pending: Pending): boolean {
    if (pending.fresh) this.options.cache?.set(pending.filePath, pending.fresh.key, pending.fresh.check, pending.fresh.facts, pending.fresh.read);
    pending.fresh = undefined;
    this.files.push(pending);
    for (const d of pending.diagnostics) if (d.severity === 'error') this.errors++;
    return this.options.maxErrors !== undefined && this.errors >= this.options.maxErrors;
  }

  /** Project rules, then disable comments, then sorting. */
  finish(): FileResult[] {
    for (const rule of this.projectRules) {
      const id = rule.meta.id;
      const files = this.files.filter((f) => Object.hasOwn(f.items, id));
      rule.create({
        options: {},
        files: files.map((f) => ({
          file: this.labelOf(f.filePath),
          item: f.items[id],
          report: (report) => {
            const setting = f.settings.get(id);
            if (setting && setting.severity !== 'off') f.diagnostics.push(toDiagnostic(rule.meta, setting.severity, report));
          },
        })),
      });
    }
    const knownRules = this.metas.map((m) => m.id);
    return this.files.map((f) => {
      if (f.released && f.diagnostics.length > 0) f.source = readAgain(f.filePath, f.released);
      const applied = f.source === '' ? { diagnostics: f.diagnostics, suppressed: 0 } : applyDirectives(f.source, f.diagnostics, { unusedSeverity: f.config.reportUnusedDisables, knownRules });
      return {
        filePath: f.filePath,
        source: f.source,
        diagnostics: sortAndDedupe(applied.diagnostics),
        suppressed: applied.suppressed,
        ...(f.journey ? { journey: f.journey } : {}),
      };
    });
  }
}

/** A released file's text read again, or '' when it is no longer the text that was linted (it changed on disk meanwhile). */
function readAgain(file: string, released: { readonly hash: string; readonly limits: LoadLimits }): string {
  const read = readSourceSync(file, released.limits);
  return !read.diagnostic && contentHash(read.text) === released.hash ? read.text : '';
}

/** Error and warning counts of a set of results. */
export function countFindings(results: readonly { diagnostics: readonly Diagnostic[] }[]): { errors: number; warnings: number; fatal: number } {
  let errors = 0;
  let warnings = 0;
  let fatal = 0;
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errors++;
      else warnings++;
      if (d.fatal) fatal++;
    }
  }
  return { errors, warnings, fatal };
}
