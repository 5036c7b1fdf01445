import { appendFile, stat } from 'node:fs/promises';
import { plural, visible } from '../diagnostics/display.js';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describeEffectiveConfig, isIgnored } from '../config/resolve.js';
import { decodeSource, describeFsError } from '../load/read.js';
import { BASELINE_FILE, applyBaseline, createBaseline, formatBaseline, pruneBaseline, readBaseline } from '../lint/baseline.js';
import { CACHE_FILE, LintCache } from '../lint/cache.js';
import { discoverFiles, findRepoRoot } from '../lint/discover.js';
import { countFindings, lintProject, lintSources, type FileResult } from '../lint/lint.js';
import { fixText, parseFixTypes, selectFixes } from '../lint/fix.js';
import type { FixType } from '../rule-support/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readFile } from 'node:fs/promises';
import { FORMAT_NAMES, isFormatName, loadFormatter, type FormatName } from '../format/index.js';
import { loadPaint, shouldColor } from '../format/paint.js';
import { prepareResults } from '../format/prepare.js';
import { renderStylish } from '../format/stylish.js';
import type { FormatContext } from '../format/types.js';
import { loadRules } from '../rules/index.js';
import type { RuleMeta } from '../rule-support/types.js';
import type { Diagnostic, TextEdit } from '../diagnostics/diagnostic.js';
import { EXIT, UsageError } from './exit-codes.js';
import { limitsAt, lintSettings, loadRunSettings, reportConfigProblems } from './config.js';
import type { Io } from './io.js';
import { writeOutput } from './write.js';
import { journeysBeside } from './problems.js';
import { describeRange, parseCount, parsePositive } from './options.js';
import { VERSION } from './version.js';

/** Options of `journey lint` as commander parses them. */
export interface LintCommandOptions {
  format?: string[];
  outputFile?: string[];
  config?: string;
  printConfig?: string;
  quiet?: boolean;
  maxWarnings?: string;
  maxErrors?: string;
  maxFileSize?: string;
  cache?: boolean;
  cacheLocation?: string;
  concurrency?: string;
  baseline?: string;
  baselineWrite?: boolean;
  baselinePrune?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  /** Lint a bot of this platform, imported in memory, with findings in its own files. */
  import?: string;
  /** With `import`: opening hours of every human state. */
  hours?: string;
  errorOnUnmatchedPattern?: boolean;
  ignore?: boolean;
  color?: boolean;
  /** Apply fixes to the files and write them. */
  fix?: boolean;
  /** Compute fixes and report the fixed text (`output`) without writing. */
  fixDryRun?: boolean;
  /** Limit fixes to rules of these types (comma lists, repeatable). */
  fixType?: string[];
  /** Reads standard input (injectable for tests). */
  readStdin?: () => Promise<Uint8Array>;
  /** Re-run `journey lint --watch`; commander sets `watch`, the watch sets `reuse` for each run. */
  watch?: boolean;
  /** What a watch keeps between its runs: the cache, and the files whose callees changed since the last run. */
  reuse?: { readonly cache: LintCache; readonly staleCallers: ReadonlySet<string> };
}

/** Default folder linted when no path is given. */
export const DEFAULT_PATHS = ['journeys/'];
/** Below this many files, worker threads cost more than they save. */
const WORKER_THRESHOLD = 200;
/**
 * Fewer cores than this, and `auto` lints in one thread. On 2 cores two workers and this thread
 * share them, and each worker's bounded heap collects more often than the sole worker's: the
 * default lint of 10,000 files of 50 states took 23-31 s on workers against 18.5-24 s in one
 * thread, and 1,000 files 3.4-4.5 s against 3.4 s (bench/cache.js, bench/lint.js).
 */
const MIN_CORES_FOR_WORKERS = 3;
/** Below this much text to check, worker threads cost more than they save (measured on 2 cores: bench/lint-scale.js). */
const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/**
 * From this many files a one-thread lint runs on one worker with a bounded heap (src/lint/sole-worker.ts).
 * A shorter run ends before the main thread's heap grows far, and is faster there: 1,000 files of
 * 50 states peaked at 154-174 MiB in 3.7-4.4 s on the main thread, 130-134 MiB in 4.5 s on the worker;
 * 10,000 files at 207-442 MiB on the main thread, 155 MiB on the worker, in about the same time.
 */
const SOLE_WORKER_FILES = 2_000;

/** `journey lint`: config, discovery, lint, baseline, formats, exit code. */
export async function runLint(paths: readonly string[], options: LintCommandOptions, io: Io): Promise<number> {
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const config = settings.here;
  const rules = await loadRules();
  const metas = rules.map((r) => r.meta);

  if (options.printConfig !== undefined) {
    const file = resolve(io.cwd, options.printConfig);
    const own = settings.configs.forFile(file);
    if (!reportConfigProblems(settings, io)) return EXIT.USAGE;
    io.stdout.write(`${JSON.stringify(describeEffectiveConfig(own, metas, file), null, 2)}\n`);
    return EXIT.OK;
  }

  const outputs = planOutputs(options, io);
  const maxWarnings = options.maxWarnings === undefined ? undefined : parseCount('--max-warnings', options.maxWarnings);
  const maxErrors = options.maxErrors === undefined ? undefined : parsePositive('--max-errors', options.maxErrors);
  // Checked before linting: a mistyped --baseline would otherwise show every known finding as new.
  if (options.baseline !== undefined && !options.baselineWrite) await requireBaseline(options.baseline, resolve(io.cwd, options.baseline));

  // File names inside messages (duplicate-journey names the other files) are relative to the
  // repository root, so that they, and baseline fingerprints, do not depend on where lint runs.
  const labelRoot = findRepoRoot(io.cwd) ?? (config.path ? dirname(config.path) : io.cwd);
  let results: FileResult[];
  let stoppedEarly = false;
  let unusableInput = false;
  const fixing = options.fix === true || options.fixDryRun === true;
  if (options.fix && options.fixDryRun) throw new UsageError('give --fix (write the files) or --fix-dry-run (print the fixed text), not both.');
  const fixTypes = options.fixType !== undefined ? checkedFixTypes(options.fixType) : undefined;
  if (fixTypes && !fixing) throw new UsageError('--fix-type goes with --fix or --fix-dry-run.');
  if (fixing && options.import !== undefined) throw new UsageError('--fix cannot change an imported bot: fix its export on its platform, or import it with `journey import` and fix the journey files.');
  if (options.fix && options.stdin) throw new UsageError('--fix writes files and cannot write back to standard input; use --fix-dry-run to print the fixed text in the JSON report.');
  if (fixing && options.baselineWrite) throw new UsageError('--baseline-write records findings as they are; run --fix first, then --baseline-write.');
  const ruleMetas = new Map<string, RuleMeta>(metas.map((m) => [m.id, m]));
  const select = (diagnostics: readonly Diagnostic[]) => selectFixes(diagnostics, ruleMetas, fixTypes);
  if (options.hours !== undefined && options.import === undefined) throw new UsageError('--hours goes with --import (the hours of an imported bot).');
  if (options.import !== undefined) {
    if (options.stdin) throw new UsageError('--import reads the bot from its path; do not also give --stdin.');
    if (paths.length !== 1) throw new UsageError(`--import ${options.import} takes exactly one path: the bot's export (a folder or file).`);
    const { lintImported } = await import('./import.js');
    const linted = await lintImported(options.import, resolve(io.cwd, paths[0] as string), options.hours, { ...lintSettings(settings), config, cwd: labelRoot });
    if (!reportConfigProblems(settings, io)) return EXIT.USAGE;
    results = linted.results;
    unusableInput = linted.unusable;
  } else if (options.stdin) {
    if (paths.length > 0) throw new UsageError('--stdin lints standard input; do not also give paths.');
    const label = options.stdinFilename ? resolve(io.cwd, options.stdinFilename) : '<stdin>';
    const raw = await (options.readStdin ?? readAllStdin)();
    const decoded = decodeSource(raw, limitsAt(settings, label.startsWith('<') ? resolve(io.cwd, 'stdin') : label));
    if (!reportConfigProblems(settings, io)) return EXIT.USAGE;
    results = decoded.diagnostic
      ? [{ filePath: label, source: '', diagnostics: [decoded.diagnostic], suppressed: 0 }]
      : await lintSources([{ path: label, text: decoded.text }], { ...lintSettings(settings), config, cwd: labelRoot, keepModels: false });
    if (options.fixDryRun && !decoded.diagnostic) {
      const lintOne = async (text: string) => (await lintSources([{ path: label, text }], { ...lintSettings(settings), config, cwd: labelRoot, keepModels: false }))[0]?.diagnostics ?? [];
      const fixed = await fixText(decoded.text, lintOne, select);
      results = [{ ...(results[0] as FileResult), source: fixed.output, diagnostics: fixed.diagnostics, ...(fixed.output !== decoded.text ? { output: fixed.output } : {}) }];
    }
  } else {
    if (options.stdinFilename) throw new UsageError('--stdin-filename needs --stdin.');
    const discovery = await discoverFiles(paths.length > 0 ? paths : DEFAULT_PATHS, {
      cwd: io.cwd,
      gitignore: options.ignore !== false,
      ...(options.ignore !== false ? { isIgnored: (p: string) => isIgnored(settings.configs.forFile(p), p) } : {}),
    });
    if (!reportConfigProblems(settings, io)) return EXIT.USAGE;
    for (const file of discovery.ignored) io.stderr.write(`journey: ${visible(file)} is ignored by the config's \`ignores\`; use --no-ignore to lint it.\n`);
    if (discovery.problems.length > 0 && options.errorOnUnmatchedPattern !== false) {
      for (const p of discovery.problems) io.stderr.write(`journey: ${visible(p.message)}\n`);
      io.stderr.write('journey: nothing was linted; pass --no-error-on-unmatched-pattern to allow patterns that match nothing.\n');
      return EXIT.USAGE;
    }
    const concurrency = resolveConcurrency(options.concurrency, discovery.files.length);
    const auto = options.concurrency === undefined || options.concurrency === 'auto';
    const cache = options.reuse?.cache ?? (options.cache ? await LintCache.open(resolve(io.cwd, options.cacheLocation ?? CACHE_FILE)) : undefined);
    // One thread of linting: for a long run, that thread is a worker whose heap is bounded. A run
    // whose cache has entries for all but a few files is short (mostly stats), and stays here: on
    // the worker, a warm run of 10,000 files took 1.0 s against 0.64 s, most of it starting the worker.
    const soleWorker = concurrency === 1 && (cache ? cache.countUnknown(discovery.files) : discovery.files.length) >= SOLE_WORKER_FILES;
    // A file named on its own still finds the journeys it calls beside it; folders bring theirs already.
    const named = await filesAmong(paths, io.cwd);
    const report = await lintProject(discovery.files, {
      ...lintSettings(settings),
      ...(named.length > 0 ? { catalogueFiles: await journeysBeside(named, io.cwd) } : {}),
      config,
      cwd: labelRoot,
      concurrency,
      soleWorker,
      // Formatters need the text only of files with findings: a large run does not hold every file's text.
      sources: 'findings',
      // Left to itself, lint starts workers only for enough work to pay for their start-up.
      workerMinBytes: auto ? WORKER_MIN_BYTES : 0,
      ...(cache ? { cache } : {}),
      ...(options.reuse ? { staleCallers: options.reuse.staleCallers } : {}),
      ...(maxErrors !== undefined ? { maxErrors } : {}),
    });
    results = report.results;
    stoppedEarly = report.stoppedEarly;
    if (fixing) {
      const fixed = await fixFiles(results, select, options.fix === true, async (path, text) =>
        (await lintSources([{ path, text }], { ...lintSettings(settings), config, cwd: labelRoot, keepModels: false, catalogueFiles: discovery.files }))[0]?.diagnostics ?? [],
      );
      if (options.fix && fixed.written > 0) {
        // Findings of the written files as they are now, project rules and cache included (a fixed file has a new hash: never served stale).
        const again = await lintProject(discovery.files, {
          ...lintSettings(settings),
          ...(named.length > 0 ? { catalogueFiles: await journeysBeside(named, io.cwd) } : {}),
          config,
          cwd: labelRoot,
          concurrency,
          soleWorker,
          sources: 'findings',
          workerMinBytes: auto ? WORKER_MIN_BYTES : 0,
          ...(cache ? { cache } : {}),
          ...(maxErrors !== undefined ? { maxErrors } : {}),
        });
        results = again.results;
        stoppedEarly = again.stoppedEarly;
      } else results = fixed.results;
    }
    if (!report.cacheSaved && cache && options.cache) io.stderr.write(`journey: could not write the cache to ${cache.location}; the next run will lint every file again.\n`);
  }

  const baselinePath = resolve(io.cwd, options.baseline ?? join(config.path ? dirname(config.path) : io.cwd, BASELINE_FILE));
  if (options.baselineWrite) {
    const baseline = createBaseline(baselinePath, results);
    await writeOutput(baselinePath, formatBaseline(baseline), 'baseline');
    const entries = Object.values(baseline.files).reduce((n, list) => n + list.reduce((m, e) => m + e.count, 0), 0);
    io.stderr.write(`journey: wrote ${plural(entries, 'finding')} in ${plural(Object.keys(baseline.files).length, 'file')} to ${baselinePath}; later runs fail only on new findings.\n`);
    return EXIT.OK;
  }
  let baselined = 0;
  const read = await readBaseline(baselinePath);
  if (read.error) {
    if (options.baseline !== undefined || options.baselinePrune) throw new UsageError(read.error);
    io.stderr.write(`journey: ignoring the baseline: ${read.error}\n`);
  } else if (read.baseline && Object.keys(read.baseline.files).length > 0) {
    const mutable = results.map((r) => ({ ...r, diagnostics: [...r.diagnostics] }));
    const gone = await goneFiles(baselinePath, Object.keys(read.baseline.files));
    const outcome = applyBaseline(baselinePath, read.baseline, mutable, (key) => gone.has(key));
    results = mutable;
    baselined = outcome.suppressed;
    if (options.baselinePrune) {
      await writeOutput(baselinePath, formatBaseline(pruneBaseline(read.baseline, outcome.stale)), 'baseline');
      if (outcome.stale.length > 0) io.stderr.write(`journey: pruned ${plural(outcome.stale.length, 'stale baseline entry', 'stale baseline entries')} from ${baselinePath}.\n`);
    } else if (outcome.stale.length > 0) {
      const n = outcome.stale.reduce((sum, s) => sum + s.unmatched, 0);
      io.stderr.write(`journey: ${plural(n, 'baseline finding is', 'baseline findings are')} fixed (${outcome.stale.length === 1 ? 'stale entry' : 'stale entries'}: ${outcome.stale.map((s) => `${s.file} [${s.entry.rule}]`).slice(0, 5).join(', ')}${outcome.stale.length > 5 ? ', ...' : ''}); run with --baseline-prune to remove ${n === 1 ? 'it' : 'them'}.\n`);
    }
  } else if (options.baselinePrune) {
    io.stderr.write(`journey: no baseline at ${baselinePath}; nothing to prune.\n`);
  }

  if (options.quiet) results = results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }));

  const files = prepareResults(results, io.cwd);
  const ruleMap = new Map<string, RuleMeta>(metas.map((m) => [m.id, m]));
  const context: FormatContext = {
    cwd: io.cwd,
    color: false,
    rules: ruleMap,
    fileCount: results.length,
    repoRoot: findRepoRoot(io.cwd) ?? io.cwd,
    version: VERSION,
    ruleIds: metas.map((m) => m.id),
    ...(io.stdout.columns ? { width: io.stdout.columns } : {}),
  };
  for (const out of outputs) {
    let text: string;
    if (out.format === 'stylish' && out.target === 'stdout' && shouldColor(io.stdout, io.env, options.color)) {
      text = renderStylish(files, { ...context, color: true }, await loadPaint(true));
    } else {
      text = (await loadFormatter(out.format))(files, context);
    }
    if (out.format === 'stylish' && (baselined > 0 || stoppedEarly)) text += notes(baselined, stoppedEarly, maxErrors);
    if (out.target === 'stdout') io.stdout.write(text);
    else {
      if (out.target === 'file') await writeOutput(out.path as string, text, `${out.format} report`);
      else {
        try {
          await appendFile(out.path as string, text);
        } catch (error) {
          throw new UsageError(`cannot add the ${out.format} report to ${out.path}: ${describeFsError(error)}.`);
        }
      }
    }
  }

  if (unusableInput) {
    io.stderr.write('journey: part of the bot could not be imported (the import problems above); the rest was linted.\n');
    return EXIT.USAGE;
  }
  const { errors, warnings } = countFindings(results);
  if (errors > 0) return EXIT.FINDINGS;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr.write(`journey: ${plural(warnings, 'warning')}, more than --max-warnings ${maxWarnings}.\n`);
    return EXIT.FINDINGS;
  }
  return EXIT.OK;
}

function checkedFixTypes(values: readonly string[]): Set<FixType> {
  const parsed = parseFixTypes(values);
  if (typeof parsed === 'string') throw new UsageError(parsed);
  return parsed;
}

/**
 * Fixes every file with a selected fix, each to its fixed point, from its bytes on disk (a BOM
 * is kept: offsets are into the text without it). With `write`, a changed file is replaced
 * atomically; either way a changed file's result carries `output` and the findings that remain.
 */
async function fixFiles(
  results: readonly FileResult[],
  select: (diagnostics: readonly Diagnostic[]) => TextEdit[],
  write: boolean,
  lintOne: (path: string, text: string) => Promise<readonly Diagnostic[]>,
): Promise<{ results: FileResult[]; written: number }> {
  let written = 0;
  const out: FileResult[] = [];
  for (const result of results) {
    if (select(result.diagnostics).length === 0) {
      out.push(result);
      continue;
    }
    let raw: string;
    try {
      raw = await readFile(result.filePath, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${result.filePath} again to fix it: ${describeFsError(error)}.`);
    }
    const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    const text = bom ? raw.slice(1) : raw;
    const fixed = await fixText(text, (t) => lintOne(result.filePath, t), select);
    if (fixed.output === text) {
      out.push(result);
      continue;
    }
    if (write) {
      try {
        await writeFileAtomic(result.filePath, bom + fixed.output);
      } catch (error) {
        throw new UsageError(`cannot write the fixed ${result.filePath}: ${describeFsError(error)}.`);
      }
      written++;
    }
    out.push({ ...result, source: fixed.output, diagnostics: fixed.diagnostics, output: fixed.output });
  }
  return { results: out, written };
}

function notes(baselined: number, stoppedEarly: boolean, maxErrors: number | undefined): string {
  const out: string[] = [];
  if (baselined > 0) out.push(`  (${plural(baselined, 'known finding')} hidden by the baseline)`);
  if (stoppedEarly) out.push(`  (stopped after ${plural(maxErrors ?? 0, 'error')}: --max-errors; files after that were not linted)`);
  return `${out.join('\n')}\n`;
}

interface Output {
  readonly format: FormatName;
  readonly target: 'stdout' | 'file' | 'summary';
  readonly path?: string;
}

/**
 * Which formats go where. `--output-file PATH` sends the only format to PATH;
 * `--output-file FORMAT=PATH` sends that format there. With no format on GitHub
 * Actions: stylish and annotations to stdout, the Markdown summary to $GITHUB_STEP_SUMMARY.
 */
export function planOutputs(options: LintCommandOptions, io: Io): Output[] {
  const formats = [...(options.format ?? [])];
  for (const f of formats) if (!isFormatName(f)) throw new UsageError(`unknown format "${f}"; use one of ${FORMAT_NAMES.join(', ')}.`);
  const twice = formats.find((f, i) => formats.indexOf(f) !== i);
  if (twice) throw new UsageError(`--format ${twice} is given twice.`);
  const files = new Map<string, string>();
  let bare: string | undefined;
  for (const spec of options.outputFile ?? []) {
    const m = /^([a-z]+)=(.+)$/.exec(spec);
    if (m && isFormatName(m[1] as string)) {
      if (files.has(m[1] as string)) throw new UsageError(`--output-file ${m[1]}=... is given twice.`);
      files.set(m[1] as string, resolve(io.cwd, m[2] as string));
    } else if (bare === undefined) bare = resolve(io.cwd, spec);
    else throw new UsageError('give one --output-file PATH, or name each format: --output-file sarif=out.sarif.');
  }
  if (formats.length === 0) {
    if (io.env.GITHUB_ACTIONS === 'true' && files.size === 0 && bare === undefined) {
      const out: Output[] = [
        { format: 'stylish', target: 'stdout' },
        { format: 'github', target: 'stdout' },
      ];
      if (io.env.GITHUB_STEP_SUMMARY) out.push({ format: 'markdown', target: 'summary', path: io.env.GITHUB_STEP_SUMMARY });
      return out;
    }
    formats.push('stylish');
  }
  if (bare !== undefined && formats.length > 1) throw new UsageError('with several --format, name the format of each --output-file: --output-file sarif=out.sarif.');
  for (const name of files.keys()) {
    if (!formats.includes(name)) throw new UsageError(`--output-file ${name}=... names a format that was not requested with --format ${name}.`);
  }
  const summary = io.env.GITHUB_STEP_SUMMARY ? resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY) : undefined;
  const plan = formats.map((f): Output => {
    const path = bare ?? files.get(f);
    // The step summary collects every step's output: add to it, never replace it.
    if (path && path === summary) return { format: f as FormatName, target: 'summary', path };
    return path ? { format: f as FormatName, target: 'file', path } : { format: f as FormatName, target: 'stdout' };
  });
  const machine = plan.filter((o) => o.target === 'stdout' && MACHINE_FORMATS.has(o.format)).map((o) => o.format);
  if (machine.length > 1) {
    throw new UsageError(`${machine.join(' and ')} would be printed one after the other and neither could be parsed; send all but one to files with --output-file FORMAT=PATH.`);
  }
  return plan;
}

/** Formats read by programs: at most one of them may go to stdout. */
const MACHINE_FORMATS: ReadonlySet<string> = new Set(['json', 'sarif', 'junit']);

function resolveConcurrency(flag: string | undefined, files: number): number {
  if (flag === undefined || flag === 'auto') {
    const cores = availableParallelism();
    return files >= WORKER_THRESHOLD && cores >= MIN_CORES_FOR_WORKERS ? Math.min(cores, 8) : 1;
  }
  if (!/^\d+$/.test(flag.trim()) || Number(flag.trim()) < 1) throw new UsageError(`--concurrency takes auto or ${describeRange(1)}, got "${flag}".`);
  return Number(flag.trim());
}

/** An explicit `--baseline` must exist (only `--baseline-write` may create it); the default one may be absent. */
async function requireBaseline(flag: string, path: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') return;
    throw new UsageError(`--baseline ${flag}: no such file; give the path of an existing baseline, or create one with --baseline-write --baseline ${flag}.`);
  }
}

async function goneFiles(baselinePath: string, keys: readonly string[]): Promise<Set<string>> {
  const gone = new Set<string>();
  await Promise.all(
    keys.map(async (key) => {
      try {
        await stat(resolve(dirname(baselinePath), key));
      } catch {
        gone.add(key);
      }
    }),
  );
  return gone;
}

async function readAllStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The paths of the command line that name files (not folders or globs), absolute. */
async function filesAmong(paths: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const absolute = resolve(cwd, p);
    if ((await stat(absolute).catch(() => undefined))?.isFile()) out.push(absolute);
  }
  return out;
}
