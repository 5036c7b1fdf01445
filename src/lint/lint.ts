import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { defaultConfig } from '../config/load.js';
import type { ConfigLookup } from '../config/lookup.js';
import type { Config } from '../config/types.js';
import { matchingOverrides, rulesFor, settingsKey } from '../config/resolve.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { readSource, type ReadResult } from '../load/read.js';
import type { Journey } from '../model/types.js';
import { loadRules, RULE_IDS } from '../rules/index.js';
import type { ProjectRule, Rule, RuleMeta } from '../rule-support/types.js';
import { contentHash, type CachedCheck, type LintCache } from './cache.js';
import type { WorkerJob } from './pool.js';
import { FileCatalogue, mayCall } from './catalogue.js';
import { sortAndDedupe } from '../diagnostics/order.js';
import { activate, checkSource, toDiagnostic, type ActiveRule } from './check.js';
import { applyDirectives } from './directives.js';
import { displayPath } from '../diagnostics/display.js';
import type { RuleSetting } from '../config/types.js';

/** One linted file. */
export interface FileResult {
  /** Absolute path (or the label of an in-memory source). */
  readonly filePath: string;
  /** The file's text ('' when it could not be read). */
  readonly source: string;
  /** Findings, sorted by position and deduplicated. */
  readonly diagnostics: readonly Diagnostic[];
  /** Findings hidden by disable comments. */
  readonly suppressed: number;
  /** The model, when the file passed the schema and models were kept. */
  readonly journey?: Journey;
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
  /** Folder that file names in messages are relative to (default: the process's). */
  readonly cwd?: string;
  /** Reuse results of unchanged files. */
  readonly cache?: LintCache;
  /** Worker threads to lint on; 1 (the default) lints in this thread. */
  readonly concurrency?: number;
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
  const run = await LintRun.create({ keepModels: true, ...options });
  run.catalogue = new FileCatalogue([...sources, ...(options.catalogueFiles ?? [])]);
  for (const s of sources) {
    const text = s.text.charCodeAt(0) === 0xfeff ? s.text.slice(1) : s.text;
    run.add(s.path, { text });
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
  // With workers, files are read ahead (a bounded number at a time) so that the misses can be checked in parallel.
  const reads = concurrency > 1 && paths.length > 1 ? await mapLimited(paths, 64, (path) => readSource(path, run.limitsFor(path))) : undefined;
  let inWorkers: Map<string, CachedCheck> | undefined;
  if (reads) {
    const misses: WorkerJob[] = [];
    paths.forEach((path, i) => {
      const read = reads[i] as ReadResult;
      if (!read.diagnostic && !run.cached(path, read.text)) misses.push({ path, text: read.text, key: run.settingsKeyFor(path) });
    });
    if (misses.reduce((n, m) => n + m.text.length, 0) >= (options.workerMinBytes ?? 0)) {
      const { checkInWorkers } = await import('./pool.js');
      inWorkers = await checkInWorkers(misses, run.settingsTable(), concurrency, options.cwd, catalogueFiles);
    }
  }
  let errors = 0;
  let stoppedEarly = false;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string;
    errors += run.add(path, reads ? (reads[i] as ReadResult) : await readSource(path, run.limitsFor(path)), inWorkers?.get(path));
    if (options.maxErrors !== undefined && errors >= options.maxErrors) {
      stoppedEarly = i < paths.length - 1;
      break;
    }
  }
  const cacheSaved = options.cache ? await options.cache.save() : true;
  return { results: run.finish(), stoppedEarly, cacheSaved };
}

interface Pending {
  filePath: string;
  label: string;
  source: string;
  diagnostics: Diagnostic[];
  settings: ReadonlyMap<string, RuleSetting>;
  config: Config;
  items: Readonly<Record<string, unknown>>;
  journey?: Journey;
}

/** Effective settings shared by every file with the same config and matching overrides. */
interface SettingsEntry {
  readonly key: string;
  /** Hash of the key, for cache keys (hashed once, not per file). */
  readonly hash: string;
  readonly settings: ReadonlyMap<string, RuleSetting>;
}

/** One lint run: rules, settings per distinct config, and the files checked so far. */
class LintRun {
  private readonly files: Pending[] = [];
  private readonly activeByKey = new Map<string, ActiveRule[]>();
  private readonly settingsByKey = new Map<string, ReadonlyMap<string, RuleSetting>>();
  /** Per config: settings by which of its overrides match (files with the same match share them). */
  private readonly settingsByConfig = new Map<Config, Map<string, SettingsEntry>>();
  private readonly projectRules: ProjectRule[];
  private readonly metas: RuleMeta[];
  private readonly fallback: Config;
  /** The journeys call states may name, by id (the files of the run, or given). */
  catalogue: FileCatalogue = new FileCatalogue([]);

  private constructor(
    private readonly rules: readonly Rule[],
    private readonly options: LintOptions,
  ) {
    this.metas = rules.map((r) => r.meta);
    this.projectRules = rules.filter((r): r is ProjectRule => r.meta.scope === 'project');
    this.fallback = options.config ?? defaultConfig(options.cwd ?? process.cwd());
  }

  static async create(options: LintOptions): Promise<LintRun> {
    return new LintRun(await loadRules(RULE_IDS), options);
  }

  /** The config that applies to a file: its nearest one (`configs`), else the run's config, else the defaults. */
  configOf(file: string): Config {
    return file.startsWith('<') || !this.options.configs ? this.fallback : this.options.configs.forFile(file);
  }

  /** Load limits of a file: the run's explicit limits, else its config's `max-file-size`, else the defaults. */
  limitsFor(file: string): LoadLimits {
    if (this.options.limits) return this.options.limits;
    const bytes = this.configOf(file).maxFileBytes;
    return bytes === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, maxFileBytes: bytes };
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

  /** Effective settings of a file: config (or defaults), then the run's own overrides. */
  settingsFor(file: string): ReadonlyMap<string, RuleSetting> {
    return this.entryFor(file).settings;
  }

  /** Key of a file's effective settings (files with equal settings share it). */
  settingsKeyFor(file: string): string {
    return this.entryFor(file).key;
  }

  /** Every distinct settings table seen so far, by key (sent to workers). */
  settingsTable(): Record<string, [string, RuleSetting][]> {
    return Object.fromEntries([...this.settingsByKey].map(([k, v]) => [k, [...v]]));
  }

  private activeFor(file: string): ActiveRule[] {
    const { key, settings } = this.entryFor(file);
    let active = this.activeByKey.get(key);
    if (!active) {
      active = activate(this.rules, settings);
      this.activeByKey.set(key, active);
    }
    return active;
  }

  private labelOf(file: string): string {
    return file.startsWith('<') ? file : displayPath(file, this.options.cwd);
  }

  /** Runs the per-file stages (no directives, no project rules). */
  check(file: string, text: string): CachedCheck & { journey?: Journey } {
    const checked = checkSource(this.labelOf(file), text, this.activeFor(file), this.limitsFor(file), mayCall(text) ? this.catalogue : undefined);
    const items: Record<string, unknown> = {};
    if (checked.journey) for (const rule of this.projectRules) items[rule.meta.id] = rule.collect(checked.journey);
    return { diagnostics: checked.diagnostics, items, ...(checked.journey ? { journey: checked.journey } : {}) };
  }

  private cacheKey(file: string, text: string): string {
    // Limits other than the size are the same for every file; the size decides only whether a file is read at all.
    return `${contentHash(text)}:${this.entryFor(file).hash}:${this.limitsFor(file).maxFileBytes}`;
  }

  /** The cached check of a file, when the cache has it for this content and these settings. */
  cached(file: string, text: string): CachedCheck | undefined {
    // A file that calls other journeys depends on their content too: it is always checked afresh.
    if (!this.options.cache || this.options.keepModels || mayCall(text)) return undefined;
    return this.options.cache.get(file, this.cacheKey(file, text));
  }

  /**
   * Adds one file: a read failure, or its check (from the cache, from a worker, or
   * done here; fresh checks go to the cache). Returns the file's error count, so
   * that the caller can stop at `maxErrors`.
   */
  add(file: string, read: ReadResult | { readonly text: string; readonly diagnostic?: undefined }, fromWorker?: CachedCheck): number {
    if (read.diagnostic) {
      this.files.push({ filePath: file, label: this.labelOf(file), source: '', diagnostics: [read.diagnostic], settings: new Map(), config: this.configOf(file), items: {} });
      return 1;
    }
    const text = read.text;
    let check: CachedCheck & { journey?: Journey } | undefined = this.cached(file, text);
    if (!check) {
      check = fromWorker ?? this.check(file, text);
      this.options.cache?.set(file, this.cacheKey(file, text), { diagnostics: check.diagnostics, items: check.items });
    }
    const pending: Pending = {
      filePath: file,
      label: this.labelOf(file),
      source: text,
      diagnostics: [...check.diagnostics],
      settings: this.settingsFor(file),
      config: this.configOf(file),
      items: check.items,
    };
    if (this.options.keepModels && check.journey) pending.journey = check.journey;
    this.files.push(pending);
    return pending.diagnostics.reduce((n, d) => n + (d.severity === 'error' ? 1 : 0), 0);
  }

  /** Project rules, then disable comments, then sorting. */
  finish(): FileResult[] {
    for (const rule of this.projectRules) {
      const id = rule.meta.id;
      const files = this.files.filter((f) => Object.hasOwn(f.items, id));
      rule.create({
        options: {},
        files: files.map((f) => ({
          file: f.label,
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

/** Maps with at most `limit` calls in flight (so thousands of files never exhaust file handles). */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
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
