import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { displayPath, plural, safeJson, visible } from '../diagnostics/display.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { importBot } from '../import/index.js';
import { problemResults } from '../import/problems.js';
import { isPlatform, PLATFORMS, type ImportResult, type Platform } from '../import/types.js';
import { parseHours } from '../model/hours.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { writeProblems } from './problems.js';
import { writeOutput } from './write.js';
import type { FileResult, LintOptions } from '../lint/lint.js';

/** Options of `journey import`. */
export interface ImportCommandOptions {
  out?: string;
  hours?: string;
  format?: string;
  force?: boolean;
}

/** The platform named on the command line, or a usage error listing the platforms. */
export function platformArgument(name: string): Platform {
  if (!isPlatform(name)) throw new UsageError(`unknown platform "${name}"; use one of ${PLATFORMS.join(', ')}.`);
  return name;
}

/** `--hours`, checked with the format's own hours parser (a mistake is a usage error, exit 2). */
export function hoursOption(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  const parsed = parseHours(spec);
  if (!parsed.hours) throw new UsageError(`--hours "${spec}": ${parsed.error}; e.g. --hours "mon-fri 08:00-20:00 Europe/London" or --hours always.`);
  return spec.trim();
}

/** True when the input had a problem that makes part of it unusable (exit 2). */
export function hasInputErrors(result: ImportResult): boolean {
  return result.journeys.length === 0 || result.problems.some((p) => p.diagnostic.severity === 'error');
}

/** Where each journey goes with `--out`, and whether it is new, the same as before, or different. */
interface Planned {
  readonly path: string;
  readonly text: string;
  readonly state: 'new' | 'unchanged' | 'changed';
}

async function plan(result: ImportResult, dir: string): Promise<Planned[]> {
  return Promise.all(
    result.journeys.map(async (j): Promise<Planned> => {
      const path = join(dir, j.fileName);
      const before = await readFile(path, 'utf8').catch(() => undefined);
      return { path, text: j.text, state: before === undefined ? 'new' : before === j.text ? 'unchanged' : 'changed' };
    }),
  );
}

/**
 * `journey import <platform> <path>`: reads a bot export, writes one journey file per
 * flow (with `--out`, atomically, refusing to replace a different file without
 * `--force`) or prints them, and reports what could not be mapped and what is wrong
 * with the input. Exit 0 when imported, 2 when the input (or part of it) is unusable.
 */
export async function runImport(platformName: string, path: string, options: ImportCommandOptions, io: Io): Promise<number> {
  const platform = platformArgument(platformName);
  const hours = hoursOption(options.hours);
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}"; use text or json.`);
  const result = await importBot(platform, resolve(io.cwd, path), hours === undefined ? {} : { hours });

  let written: Planned[] = [];
  if (options.out !== undefined) {
    const dir = resolve(io.cwd, options.out);
    const info = await stat(dir).catch(() => undefined);
    if (info && !info.isDirectory()) throw new UsageError(`--out ${options.out} is a file; give a folder.`);
    written = await plan(result, dir);
    const blocked = written.filter((w) => w.state === 'changed');
    if (blocked.length > 0 && !options.force) {
      throw new UsageError(
        `${plural(blocked.length, 'file')} in ${options.out} would be replaced (${blocked.map((b) => displayPath(b.path, io.cwd)).slice(0, 3).join(', ')}${blocked.length > 3 ? ', ...' : ''}); nothing was written. Pass --force to replace ${blocked.length === 1 ? 'it' : 'them'}.`,
      );
    }
    for (const w of written) if (w.state !== 'unchanged') await writeOutput(w.path, w.text, 'journey');
  }

  if (format === 'json') {
    io.stdout.write(`${safeJson(JSON.stringify(importJson(result, written, io), null, 2))}\n`);
  } else {
    if (options.out === undefined) io.stdout.write(result.journeys.map((j) => `--- # ${j.fileName}\n${j.text}`).join(''));
    io.stderr.write(importReport(result, written, io));
    const problems = problemResults(result);
    if (problems.length > 0) writeProblems(io, problems);
  }
  return hasInputErrors(result) ? EXIT.USAGE : EXIT.OK;
}

/** The text report: what was imported, each journey's size and losses, and what to run next. */
function importReport(result: ImportResult, written: readonly Planned[], io: Io): string {
  const where = displayPath(result.root, io.cwd);
  const lines: string[] = [];
  if (result.journeys.length === 0) {
    lines.push(`journey: nothing was imported from ${visible(where)} (${result.platform}); see the problems below.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`Imported ${plural(result.journeys.length, 'journey')} from ${visible(where)} (${result.platform}):`);
  for (const [i, j] of result.journeys.entries()) {
    const w = written[i];
    const label = w ? displayPath(w.path, io.cwd) : j.fileName;
    const status = w ? (w.state === 'unchanged' ? ', unchanged' : w.state === 'changed' ? ', replaced' : ', written') : '';
    lines.push(`  ${visible(label)}  ${plural(j.states, 'state')}, ${plural(j.losses.length, 'loss', 'losses')}${status}`);
  }
  const losses = result.journeys.flatMap((j) => j.losses.map((l) => ({ j, l })));
  if (losses.length > 0) {
    lines.push('', 'Not expressed in the journeys (lint reports each as import-lossy):');
    for (const { j, l } of losses) {
      lines.push(`  ${visible(`${l.at.file}:${l.at.line}:${l.at.column}`)}  ${j.id}${l.state ? ` ${l.state}` : ''}  ${l.kind}: ${visible(l.message)}`);
    }
  }
  const next = written.length > 0 ? displayPath(join(written[0]?.path ?? '', '..'), io.cwd) : undefined;
  lines.push('', next ? `Next: journey lint ${visible(next)}` : `Next: journey lint --import ${result.platform} ${visible(where)}`);
  return `${lines.join('\n')}\n`;
}

/** The JSON report: journeys (their text when not written), losses and problems with line and column. */
function importJson(result: ImportResult, written: readonly Planned[], io: Io): unknown {
  const texts = new Map<string, LineIndex>();
  const position = (file: string, offset: number): { line: number; column: number } => {
    return texts.get(file)?.position(offset) ?? { line: 1, column: 1 };
  };
  for (const f of problemResults(result)) texts.set(f.filePath, new LineIndex(f.source));
  return {
    platform: result.platform,
    source: displayPath(result.root, io.cwd),
    journeys: result.journeys.map((j, i) => ({
      id: j.id,
      file: written[i] ? displayPath(written[i].path, io.cwd) : j.fileName,
      ...(written[i] ? { written: written[i].state } : {}),
      states: j.states,
      source: j.source,
      losses: j.losses,
      ...(written[i] ? {} : { text: j.text }),
    })),
    problems: result.problems.map((p) => {
      const abs = join(result.base, ...p.file.split('/'));
      const at = position(abs, p.diagnostic.span.start);
      return {
        file: p.file,
        line: at.line,
        column: at.column,
        severity: p.diagnostic.severity,
        code: p.diagnostic.code,
        message: p.diagnostic.message,
        ...(p.diagnostic.hint ? { hint: p.diagnostic.hint } : {}),
      };
    }),
  };
}

/**
 * `journey lint --import`: imports the bot in memory, lints its journeys together (calls
 * between them resolve), and moves every finding to the bot's own files.
 */
export async function lintImported(platformName: string, path: string, hours: string | undefined, options: LintOptions): Promise<{ results: FileResult[]; unusable: boolean }> {
  const platform = platformArgument(platformName);
  const checked = hoursOption(hours);
  const result = await importBot(platform, path, checked === undefined ? {} : { hours: checked });
  // Each journey is linted as if it were a file beside the bot's own, so that the bot's journey.config.yaml applies.
  const byPath = new Map(result.journeys.map((j) => [join(result.base, j.fileName), j]));
  // Loaded here, not at the top: `journey import` alone never needs the lint engine.
  const { lintSources } = await import('../lint/lint.js');
  const { remapToSources } = await import('../import/remap.js');
  const linted = await lintSources([...byPath].map(([p, j]) => ({ path: p, text: j.text })), { ...options, keepModels: false });
  return { results: remapToSources(result, linted, (r) => byPath.get(r.filePath)), unusable: hasInputErrors(result) };
}
