import { isAbsolute, resolve } from 'node:path';
import { visible } from '../diagnostics/display.js';
import { loadConfigFile, type LoadedConfig } from '../config/load.js';
import { ConfigLookup } from '../config/lookup.js';
import type { Config } from '../config/types.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { prepareResults } from '../format/prepare.js';
import { PLAIN } from '../format/paint.js';
import { renderStylish } from '../format/stylish.js';
import type { Io } from './io.js';
import { parseSize } from './options.js';

/** The config of `--config FILE`; undefined after printing its problems. */
async function loadCliConfig(flag: string, io: Io): Promise<Config | undefined> {
  const path = isAbsolute(flag) ? flag : resolve(io.cwd, flag);
  const loaded = await loadConfigFile(path);
  if (loaded.config) return loaded.config;
  writeConfigProblems(loaded, io);
  return undefined;
}

/** The options every command that reads journeys takes: `-c, --config` and `--max-file-size`. */
export interface LoadCommandOptions {
  config?: string;
  maxFileSize?: string;
}

/**
 * How a command finds settings, the same for every command: each file's config is
 * `--config FILE` when given, else the nearest journey.config.yaml above the file,
 * else the defaults; the file-size limit is `--max-file-size` when given, else that
 * config's `max-file-size`, else 2 MiB.
 */
export interface RunSettings {
  readonly configs: ConfigLookup;
  /** Limits from `--max-file-size`, which win over every config; undefined without the flag. */
  readonly limits?: LoadLimits;
  /** The config that applies in the working directory (baseline location, personas file limit). */
  readonly here: Config;
}

/**
 * The settings of a command (see RunSettings). Undefined after printing the problems
 * of `--config` or of the working directory's config (the command then exits 2);
 * configs found later, beside the files, are checked with `reportConfigProblems`.
 */
export async function loadRunSettings(options: LoadCommandOptions, io: Io): Promise<RunSettings | undefined> {
  // Checked before any config is read, so a bad flag is reported as bad usage whatever the configs say.
  const flagBytes = options.maxFileSize === undefined ? undefined : parseSize('--max-file-size', options.maxFileSize);
  let fixed: Config | undefined;
  if (options.config !== undefined) {
    fixed = await loadCliConfig(options.config, io);
    if (!fixed) return undefined;
  }
  const configs = new ConfigLookup(io.cwd, fixed);
  const here = configs.forFolder(io.cwd);
  const settings: RunSettings = { configs, here, ...(flagBytes !== undefined ? { limits: { ...DEFAULT_LIMITS, maxFileBytes: flagBytes } } : {}) };
  return reportConfigProblems(settings, io) ? settings : undefined;
}

/** Options for the lint engine that apply these settings. */
export function lintSettings(settings: RunSettings): { configs: ConfigLookup; limits?: LoadLimits } {
  return { configs: settings.configs, ...(settings.limits ? { limits: settings.limits } : {}) };
}

/** Limits for a file read with these settings (personas and scenario files, whose folder's config applies). */
export function limitsAt(settings: RunSettings, file: string): LoadLimits {
  if (settings.limits) return settings.limits;
  const bytes = settings.configs.forFile(file).maxFileBytes;
  return bytes === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, maxFileBytes: bytes };
}

const reported = new WeakMap<ConfigLookup, Set<string>>();

/** Prints every config with problems found so far (each once); false when there is one (the command exits 2). */
export function reportConfigProblems(settings: RunSettings, io: Io): boolean {
  const seen = reported.get(settings.configs) ?? new Set<string>();
  reported.set(settings.configs, seen);
  const problems = settings.configs.problems;
  for (const loaded of problems) {
    if (seen.has(loaded.path)) continue;
    seen.add(loaded.path);
    writeConfigProblems(loaded, io);
  }
  return problems.length === 0;
}

function writeConfigProblems(loaded: LoadedConfig, io: Io): void {
  io.stderr.write(`journey: the config file ${visible(loaded.path)} has problems:\n\n`);
  const shown = prepareResults([{ filePath: loaded.path, source: loaded.source, diagnostics: loaded.diagnostics, suppressed: 0 }], io.cwd);
  io.stderr.write(renderStylish(shown, { cwd: io.cwd, color: false, rules: new Map(), fileCount: 1 }, PLAIN, { summary: false }));
}
