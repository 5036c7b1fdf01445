import { isAbsolute, resolve } from 'node:path';
import { visible } from '../diagnostics/display.js';
import { defaultConfig, findConfigFile, loadConfigFile } from '../config/load.js';
import type { Config } from '../config/types.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { prepareResults } from '../format/prepare.js';
import { PLAIN } from '../format/paint.js';
import { renderStylish } from '../format/stylish.js';
import type { Io } from './io.js';
import { parseSize } from './options.js';

/**
 * The config a command uses: `--config FILE`, else the nearest journey.config.yaml,
 * else the defaults. Problems are printed with positions and undefined is returned
 * (the command then exits 2).
 */
export async function loadCliConfig(flag: string | undefined, io: Io): Promise<Config | undefined> {
  const path = flag !== undefined ? (isAbsolute(flag) ? flag : resolve(io.cwd, flag)) : findConfigFile(io.cwd);
  if (!path) return defaultConfig(io.cwd);
  const loaded = await loadConfigFile(path);
  if (loaded.config) return loaded.config;
  io.stderr.write(`journey: the config file ${visible(path)} has problems:\n\n`);
  const shown = prepareResults([{ filePath: path, source: loaded.source, diagnostics: loaded.diagnostics, suppressed: 0 }], io.cwd);
  io.stderr.write(renderStylish(shown, { cwd: io.cwd, color: false, rules: new Map(), fileCount: 1 }, PLAIN).replace(/✖.*\n$/, ''));
  return undefined;
}

/** The options every command that reads journeys takes: `-c, --config` and `--max-file-size`. */
export interface LoadCommandOptions {
  config?: string;
  maxFileSize?: string;
}

/** What a command reads journeys with: the config, and the load limits it and the flags set. */
export interface RunSettings {
  readonly config: Config;
  readonly limits: LoadLimits;
}

/**
 * The config and limits of a command, the same for every command: the config from
 * `--config` or the nearest journey.config.yaml; the file-size limit from
 * `--max-file-size`, else the config's `max-file-size`, else 2 MiB. Undefined after
 * printing the config's problems (exit 2).
 */
export async function loadRunSettings(options: LoadCommandOptions, io: Io): Promise<RunSettings | undefined> {
  // Checked before the config is read, so a bad flag is reported as bad usage whatever the config says.
  const flagBytes = options.maxFileSize === undefined ? undefined : parseSize('--max-file-size', options.maxFileSize);
  const config = await loadCliConfig(options.config, io);
  if (!config) return undefined;
  const maxFileBytes = flagBytes ?? config.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  return { config, limits: { ...DEFAULT_LIMITS, maxFileBytes } };
}
