import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { readSource } from '../load/read.js';
import type { Journey } from '../model/types.js';
import { loadRules, RULE_IDS, type RuleId } from '../rules/registry.js';
import type { ProjectRule } from '../rules/types.js';
import { activate, checkSource, sortAndDedupe, toDiagnostic, type ActiveRule } from './check.js';
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

/** Lints sources already in memory (editors, tests, stdin). */
export async function lintSources(sources: readonly Source[], options: LintOptions = {}): Promise<FileResult[]> {
  const rules = await prepareRules(options);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const partial = sources.map((s) => ({ filePath: s.path, source: s.text, ...checkSource(s.path, s.text, rules, limits) }));
  return finish(partial, rules);
}

/** Reads and lints files from disk; unreadable files get one diagnostic each and the rest are still linted. */
export async function lintFiles(paths: readonly string[], options: LintOptions = {}): Promise<FileResult[]> {
  const rules = await prepareRules(options);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const partial = [];
  for (const path of paths) {
    const read = await readSource(path, limits);
    if (read.diagnostic) partial.push({ filePath: path, source: '', diagnostics: [read.diagnostic] });
    else partial.push({ filePath: path, source: read.text, ...checkSource(path, read.text, rules, limits) });
  }
  return finish(partial, rules);
}

type Partial = { filePath: string; source: string; diagnostics: Diagnostic[]; journey?: Journey };

function finish(files: Partial[], rules: readonly ActiveRule[]): FileResult[] {
  runProjectRules(files, rules);
  return files.map((f) => ({ ...f, diagnostics: sortAndDedupe(f.diagnostics) }));
}

function runProjectRules(files: Partial[], rules: readonly ActiveRule[]): void {
  const withModel = files.filter((f): f is Partial & { journey: Journey } => f.journey !== undefined);
  for (const active of rules) {
    if (active.rule.meta.scope !== 'project') continue;
    const rule = active.rule as ProjectRule;
    rule.create({
      options: active.options,
      files: withModel.map((f) => ({
        journey: f.journey,
        report: (report) => f.diagnostics.push(toDiagnostic(rule.meta, active.severity, report)),
      })),
    });
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

