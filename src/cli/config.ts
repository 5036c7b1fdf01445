import { isAbsolute, resolve } from 'node:path';
import { defaultConfig, findConfigFile, loadConfigFile } from '../config/load.js';
import type { Config } from '../config/types.js';
import { prepareResults } from '../format/prepare.js';
import { PLAIN } from '../format/paint.js';
import { renderStylish } from '../format/stylish.js';
import type { Io } from './io.js';

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
  io.stderr.write(`journey: the config file ${path} has problems:\n\n`);
  const shown = prepareResults([{ filePath: path, source: loaded.source, diagnostics: loaded.diagnostics, suppressed: 0 }], io.cwd);
  io.stderr.write(renderStylish(shown, { cwd: io.cwd, color: false, rules: new Map(), fileCount: 1 }, PLAIN).replace(/✖.*\n$/, ''));
  return undefined;
}
