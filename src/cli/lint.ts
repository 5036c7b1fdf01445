import { writeFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { discoverFiles } from '../lint/discover.js';
import { lintFiles, countFindings, type FileResult } from '../lint/lint.js';
import { isFormatName, loadFormatter, FORMAT_NAMES } from '../format/index.js';
import { prepareResults } from '../format/prepare.js';
import { loadPaint, shouldColor } from '../format/paint.js';
import { renderStylish } from '../format/stylish.js';
import { loadRules } from '../rules/registry.js';
import type { RuleMeta } from '../rules/types.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { parseCount, parseSize } from './options.js';

/** Options of `journey lint` as commander parses them. */
export interface LintCommandOptions {
  format?: string;
  outputFile?: string;
  quiet?: boolean;
  maxWarnings?: string;
  maxFileSize?: string;
  color?: boolean;
}

/** Default folder linted when no path is given. */
export const DEFAULT_PATHS = ['journeys/'];

/** `journey lint`: discover, lint, format, and decide the exit code. */
export async function runLint(paths: readonly string[], options: LintCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'stylish';
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}"; use one of ${FORMAT_NAMES.join(', ')}.`);
  const maxWarnings = options.maxWarnings === undefined ? undefined : parseCount('--max-warnings', options.maxWarnings);
  const limits = options.maxFileSize === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, maxFileBytes: parseSize('--max-file-size', options.maxFileSize) };

  const discovery = await discoverFiles(paths.length > 0 ? paths : DEFAULT_PATHS, io.cwd);
  if (discovery.problems.length > 0) {
    for (const p of discovery.problems) io.stderr.write(`journey: ${p.message}\n`);
    return EXIT.USAGE;
  }
  let results: FileResult[] = await lintFiles(discovery.files, { limits, cwd: io.cwd });
  if (options.quiet) results = results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }));

  const rules = new Map<string, RuleMeta>((await loadRules()).map((r) => [r.meta.id, r.meta]));
  const toFile = options.outputFile !== undefined;
  const color = !toFile && format === 'stylish' && shouldColor(io.stdout, io.env, options.color);
  const files = prepareResults(results, io.cwd);
  const context = { cwd: io.cwd, color, rules, fileCount: results.length, ...(io.stdout.columns ? { width: io.stdout.columns } : {}) };
  const text = format === 'stylish' && color ? renderStylish(files, context, await loadPaint(true)) : (await loadFormatter(format))(files, context);
  if (toFile) await writeAtomically(resolve(io.cwd, options.outputFile as string), text);
  else io.stdout.write(text);

  const { errors, warnings } = countFindings(results);
  if (errors > 0) return EXIT.FINDINGS;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr.write(`journey: ${warnings} warnings, more than --max-warnings ${maxWarnings}.\n`);
    return EXIT.FINDINGS;
  }
  return EXIT.OK;
}

/** Writes a file through a temporary file in the same folder and a rename, so readers never see half a file. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
