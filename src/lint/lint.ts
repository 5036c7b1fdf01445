import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { readSource } from '../load/read.js';
import type { Journey } from '../model/types.js';
import { loadRules, RULE_IDS, type RuleId } from '../rules/registry.js';
import type { ProjectRule } from '../rules/types.js';
import { activate, checkSource, sortAndDedupe, toDiagnostic, type ActiveRule } from './check.js';
import { displayPath } from './discover.js';
import { defaultSettings, enabledRules, type RuleSetting } from './settings.js';

/** One linted file. */
export interface FileResult {
  /** Absolute path (or the label of an in-memory source). */
  readonly filePath: string;
  /** The file's text ('' when it could not be read). */
  readonly source: string;
  /** Findings, sorted by position and deduplicated. */
  readonly diagnostics: readonly Diagnostic[];
  /** The model, when the file passed the schema. */
  readonly journey?: Journey;
}

/** Options of a lint run. */
export interface LintOptions {
  /** Per-rule settings over the defaults; rules absent here keep their defaults. */
  readonly rules?: ReadonlyMap<string, RuleSetting>;
  readonly limits?: LoadLimits;
  /** Keep each file's model in its result (the CLI does not, to save memory). */
  readonly keepModels?: boolean;
  /** Folder that file names in messages are relative to (default: the process's). */
  readonly cwd?: string;
}

/** An in-memory journey source. */
export interface Source {
  readonly path: string;
  readonly text: string;
}

/** Loads the rules a run needs, with their effective settings. */
export async function prepareRules(options: LintOptions = {}): Promise<ActiveRule[]> {
  const all = await loadRules(RULE_IDS);
  const settings = defaultSettings(all);
  for (const [id, setting] of options.rules ?? []) settings.set(id as RuleId, setting);
  const on = new Set(enabledRules(settings));
  return activate(all.filter((r) => on.has(r.meta.id as RuleId)), settings);
}

/** Lints sources already in memory (editors, tests, stdin). Models are kept unless `keepModels` is false. */
export async function lintSources(sources: readonly Source[], options: LintOptions = {}): Promise<FileResult[]> {
  const run = new Run(await prepareRules(options), { keepModels: true, ...options });
  for (const s of sources) run.add(s.path, s.text);
  return run.finish();
}

/** Reads and lints files from disk; unreadable files get one diagnostic each and the rest are still linted. */
export async function lintFiles(paths: readonly string[], options: LintOptions = {}): Promise<FileResult[]> {
  const run = new Run(await prepareRules(options), options);
  const limits = options.limits ?? DEFAULT_LIMITS;
  for (const path of paths) {
    const read = await readSource(path, limits);
    if (read.diagnostic) run.addFailure(path, read.diagnostic);
    else run.add(path, read.text);
  }
  return run.finish();
}

type Pending = { filePath: string; source: string; diagnostics: Diagnostic[]; journey?: Journey };

/** One lint run: files are checked as they come; project rules keep only what they collect. */
class Run {
  private readonly files: Pending[] = [];
  private readonly projectRules: { active: ActiveRule; rule: ProjectRule; items: { file: Pending; label: string; item: unknown }[] }[];
  private readonly limits: LoadLimits;

  constructor(
    private readonly rules: readonly ActiveRule[],
    private readonly options: LintOptions,
  ) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.projectRules = rules
      .filter((a) => a.rule.meta.scope === 'project')
      .map((active) => ({ active, rule: active.rule as ProjectRule, items: [] }));
  }

  add(filePath: string, raw: string): void {
    // Text from disk has its BOM removed when decoded; text given in memory may still carry one.
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const label = filePath.startsWith('<') ? filePath : displayPath(filePath, this.options.cwd);
    const checked = checkSource(label, text, this.rules, this.limits);
    const pending: Pending = { filePath, source: text, diagnostics: checked.diagnostics };
    if (checked.journey) {
      for (const p of this.projectRules) p.items.push({ file: pending, label, item: p.rule.collect(checked.journey) });
      if (this.options.keepModels) pending.journey = checked.journey;
    }
    this.files.push(pending);
  }

  addFailure(filePath: string, diagnostic: Diagnostic): void {
    this.files.push({ filePath, source: '', diagnostics: [diagnostic] });
  }

  finish(): FileResult[] {
    for (const p of this.projectRules) {
      p.rule.create({
        options: p.active.options,
        files: p.items.map(({ file, label, item }) => ({
          file: label,
          item,
          report: (report) => file.diagnostics.push(toDiagnostic(p.rule.meta, p.active.severity, report)),
        })),
      });
    }
    return this.files.map((f) => ({ ...f, diagnostics: sortAndDedupe(f.diagnostics) }));
  }
}

/** Error and warning counts of a set of results. */
export function countFindings(results: readonly FileResult[]): { errors: number; warnings: number; fatal: number } {
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

