import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { discoverFiles } from '../lint/discover.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { PLAIN } from '../format/paint.js';
import { prepareResults } from '../format/prepare.js';
import { renderStylish } from '../format/stylish.js';
import { lintFiles, type FileResult } from '../lint/lint.js';
import type { Journey } from '../model/types.js';
import type { RuleMeta } from '../rule-support/types.js';
import { lintSettings, reportConfigProblems, type RunSettings } from './config.js';
import { UsageError } from './exit-codes.js';
import type { Io } from './io.js';

/** Findings of one file, as a command that is not `lint` reports them. */
export interface FileProblems {
  readonly filePath: string;
  readonly source: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Writes findings to stderr in the stylish layout, without colour: commands other than
 * `lint` show why they cannot go on. The summary line is left out unless asked for.
 */
export function writeProblems(io: Io, files: readonly FileProblems[], options: { summary?: boolean; rules?: ReadonlyMap<string, RuleMeta>; fileCount?: number } = {}): void {
  const prepared = prepareResults(files.map((f) => ({ ...f, suppressed: 0 })), io.cwd);
  io.stderr.write(renderStylish(prepared, { cwd: io.cwd, color: false, rules: options.rules ?? new Map(), fileCount: options.fileCount ?? files.length }, PLAIN, { summary: options.summary === true }));
}

/** A journey file that built into a model, with all its lint findings. */
export interface LoadedJourney extends FileResult {
  readonly journey: Journey;
}

/**
 * Lints one journey file and keeps its model; when syntax or schema errors prevent the
 * model, writes them and returns undefined. `purpose` finishes "before it can be ...".
 */
export async function loadJourney(file: string, io: Io, purpose: string, settings: RunSettings): Promise<LoadedJourney | undefined> {
  const path = resolve(io.cwd, file);
  await expectJourneyFile(file, path);
  const [result] = await lintFiles([path], { keepModels: true, cwd: io.cwd, ...lintSettings(settings), catalogueFiles: await journeysBeside([path], io.cwd) });
  if (!reportConfigProblems(settings, io)) throw new UsageError('the journey cannot be read with a config that has problems (above).');
  if (result?.journey) return result as LoadedJourney;
  const blocking = (result?.diagnostics ?? []).filter((d) => d.severity === 'error');
  writeProblems(io, [{ filePath: result?.filePath ?? path, source: result?.source ?? '', diagnostics: blocking }], { summary: true });
  io.stderr.write(`journey: the journey must parse and follow the format before it can be ${purpose}.\n`);
  return undefined;
}

/** The journey files in the folders of `files` (and below): where the journeys they call are looked for. */
export async function journeysBeside(files: readonly string[], cwd: string): Promise<string[]> {
  return (await discoverFiles([...new Set(files.map((f) => dirname(f)))], { cwd })).files;
}

/**
 * A path that names no file is a mistake on the command line, not a finding in a
 * journey: exit 2, as lint and test do. A file that exists but cannot be read
 * (permission denied) is left to the loader, which reports it as a finding.
 */
async function expectJourneyFile(file: string, path: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${file}: no such file; give the path of an existing journey file (*.journey.yaml).`);
    return;
  }
  if (isFolder) throw new UsageError(`${file} is a folder; this command takes one journey file, e.g. ${file.replace(/\/+$/, '')}/<name>.journey.yaml.`);
}
