import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Config } from '../config/types.js';
import { rulesFor, settingsKey } from '../config/resolve.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { readSource } from '../load/read.js';
import type { Journey } from '../model/types.js';
import { loadRules, RULE_IDS } from '../rules/registry.js';
import type { ProjectRule, Rule, RuleMeta } from '../rules/types.js';
import { contentHash, type CachedCheck, type LintCache } from './cache.js';
import { sortAndDedupe } from '../diagnostics/order.js';
import { activate, checkSource, toDiagnostic, type ActiveRule } from './check.js';
import { applyDirectives } from './directives.js';
import { displayPath } from '../diagnostics/display.js';
import type { RuleSetting } from './settings.js';

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
  /** Config file settings: preset, rules, overrides by glob, unused-disable severity, size limit. */
  readonly config?: Config;
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
  const engine = await Engine.create({ keepModels: true, ...options });
  for (const s of sources) {
    const text = s.text.charCodeAt(0) === 0xfeff ? s.text.slice(1) : s.text;
    engine.addChecked(s.path, text, engine.check(s.path, text));
  }
  return engine.finish();
}

/** Reads and lints files from disk; unreadable files get one diagnostic each and the rest are still linted. */
export async function lintFiles(paths: readonly string[], options: LintOptions = {}): Promise<FileResult[]> {
  return (await lintProject(paths, options)).results;
}

/** Like `lintFiles`, and says whether `maxErrors` stopped the run early. */
export async function lintProject(paths: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const engine = await Engine.create(options);
  const limits = engine.limits;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  let errors = 0;
  let stoppedEarly = false;
  if (concurrency > 1 && paths.length > 1) {
    const reads = await mapLimited(paths, 64, async (path) => ({ path, read: await readSource(path, limits) }));
    const misses: { path: string; text: string; key: string }[] = [];
    for (const { path, read } of reads) {
      if (read.diagnostic) continue;
      if (!engine.cached(path, read.text)) misses.push({ path, text: read.text, key: engine.settingsKeyFor(path) });
    }
    const bytes = misses.reduce((n, m) => n + m.text.length, 0);
    let checked: Map<string, CachedCheck>;
    if (bytes >= (options.workerMinBytes ?? 0)) {
      const { checkInWorkers } = await import('./pool.js');
      checked = await checkInWorkers(misses, engine.settingsTable(), limits, concurrency, options.cwd);
    } else {
      checked = new Map(misses.map((m) => [m.path, engine.check(m.path, m.text)]));
    }
    for (const { path, read } of reads) {
      if (read.diagnostic) engine.addFailure(path, read.diagnostic);
      else engine.addChecked(path, read.text, engine.cached(path, read.text) ?? engine.remember(path, read.text, checked.get(path) as CachedCheck));
      errors += engine.lastErrors;
      if (options.maxErrors !== undefined && errors >= options.maxErrors) {
        stoppedEarly = reads.length > engine.fileCount;
        break;
      }
    }
  } else {
    for (const path of paths) {
      const read = await readSource(path, limits);
      if (read.diagnostic) engine.addFailure(path, read.diagnostic);
      else engine.addChecked(path, read.text, engine.cached(path, read.text) ?? engine.remember(path, read.text, engine.check(path, read.text)));
      errors += engine.lastErrors;
      if (options.maxErrors !== undefined && errors >= options.maxErrors) {
        stoppedEarly = paths.length > engine.fileCount;
        break;
      }
    }
  }
  const cacheSaved = options.cache ? await options.cache.save() : true;
  return { results: engine.finish(), stoppedEarly, cacheSaved };
}

interface Pending {
  filePath: string;
  label: string;
  source: string;
  diagnostics: Diagnostic[];
  settings: ReadonlyMap<string, RuleSetting>;
  items: Readonly<Record<string, unknown>>;
  journey?: Journey;
}

/** The state of one run: rules, per-file settings, and the files checked so far. */
class Engine {
  private readonly files: Pending[] = [];
  private readonly activeByKey = new Map<string, ActiveRule[]>();
  private readonly settingsByKey = new Map<string, ReadonlyMap<string, RuleSetting>>();
  private readonly projectRules: ProjectRule[];
  private readonly metas: RuleMeta[];
  /** Errors found in the file added last (for `maxErrors`). */
  lastErrors = 0;
  readonly limits: LoadLimits;

  private constructor(
    private readonly rules: readonly Rule[],
    private readonly options: LintOptions,
  ) {
    this.metas = rules.map((r) => r.meta);
    this.projectRules = rules.filter((r): r is ProjectRule => r.meta.scope === 'project');
    const base = options.limits ?? DEFAULT_LIMITS;
    this.limits = options.config?.maxFileBytes !== undefined && options.limits === undefined ? { ...base, maxFileBytes: options.config.maxFileBytes } : base;
  }

  static async create(options: LintOptions): Promise<Engine> {
    return new Engine(await loadRules(RULE_IDS), options);
  }

  get fileCount(): number {
    return this.files.length;
  }

  /** Effective settings of a file: config (or defaults), then the run's own overrides. */
  settingsFor(file: string): ReadonlyMap<string, RuleSetting> {
    const out = this.options.config
      ? rulesFor(this.options.config, this.metas, file)
      : new Map<string, RuleSetting>(this.metas.map((m) => [m.id, { severity: m.severity, options: { ...(m.defaultOptions ?? {}) } }]));
    for (const [id, setting] of this.options.rules ?? []) {
      const before = out.get(id);
      out.set(id, setting.severity === 'off' ? setting : { severity: setting.severity, options: { ...(before && before.severity !== 'off' ? before.options : {}), ...setting.options } });
    }
    return out;
  }

  settingsKeyFor(file: string): string {
    const settings = this.settingsFor(file);
    const key = settingsKey(settings);
    if (!this.settingsByKey.has(key)) this.settingsByKey.set(key, settings);
    return key;
  }

  /** Every distinct settings table seen so far, by key (sent to workers). */
  settingsTable(): Record<string, [string, RuleSetting][]> {
    return Object.fromEntries([...this.settingsByKey].map(([k, v]) => [k, [...v]]));
  }

  private activeFor(file: string): ActiveRule[] {
    const key = this.settingsKeyFor(file);
    let active = this.activeByKey.get(key);
    if (!active) {
      active = activate(this.rules, this.settingsByKey.get(key) as ReadonlyMap<string, RuleSetting>);
      this.activeByKey.set(key, active);
    }
    return active;
  }

  private labelOf(file: string): string {
    return file.startsWith('<') ? file : displayPath(file, this.options.cwd);
  }

  /** Runs the per-file stages (no directives, no project rules). */
  check(file: string, text: string): CachedCheck & { journey?: Journey } {
    const checked = checkSource(this.labelOf(file), text, this.activeFor(file), this.limits);
    const items: Record<string, unknown> = {};
    if (checked.journey) for (const rule of this.projectRules) items[rule.meta.id] = rule.collect(checked.journey);
    return { diagnostics: checked.diagnostics, items, ...(checked.journey ? { journey: checked.journey } : {}) };
  }

  private cacheKey(file: string, text: string): string {
    return `${contentHash(text)}:${contentHash(this.settingsKeyFor(file) + JSON.stringify(this.limits))}`;
  }

  /** The cached check of a file, when the cache has it for this content and these settings. */
  cached(file: string, text: string): CachedCheck | undefined {
    if (!this.options.cache || this.options.keepModels) return undefined;
    return this.options.cache.get(file, this.cacheKey(file, text));
  }

  /** Stores a fresh check in the cache (when there is one) and returns it. */
  remember<T extends CachedCheck>(file: string, text: string, check: T): T {
    this.options.cache?.set(file, this.cacheKey(file, text), { diagnostics: check.diagnostics, items: check.items });
    return check;
  }

  addChecked(file: string, text: string, check: CachedCheck & { journey?: Journey }): void {
    const pending: Pending = {
      filePath: file,
      label: this.labelOf(file),
      source: text,
      diagnostics: [...check.diagnostics],
      settings: this.settingsFor(file),
      items: check.items,
    };
    if (this.options.keepModels && check.journey) pending.journey = check.journey;
    this.lastErrors = pending.diagnostics.filter((d) => d.severity === 'error').length;
    this.files.push(pending);
  }

  addFailure(file: string, diagnostic: Diagnostic): void {
    this.files.push({ filePath: file, label: this.labelOf(file), source: '', diagnostics: [diagnostic], settings: new Map(), items: {} });
    this.lastErrors = 1;
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
    const unusedSeverity = this.options.config?.reportUnusedDisables ?? 'warning';
    const knownRules = this.metas.map((m) => m.id);
    return this.files.map((f) => {
      const applied = f.source === '' ? { diagnostics: f.diagnostics, suppressed: 0 } : applyDirectives(f.source, f.diagnostics, { unusedSeverity, knownRules });
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
