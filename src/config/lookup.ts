import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultConfig, loadConfigFileSync, type LoadedConfig } from './load.js';
import { CONFIG_FILE_NAMES, type Config } from './types.js';

/**
 * Finds the config that applies to each file: the nearest journey.config.yaml (or
 * .yml) in the file's folder or a folder above it, as ESLint's flat config is looked
 * up from the file being linted. With a fixed config (`--config FILE`), that config
 * applies to every file. Folders and config files are looked at once per run.
 * A config with problems is remembered in `problems` and its files get the
 * defaults, so a command can report every broken config and stop (exit 2).
 */
export class ConfigLookup {
  private readonly nearest = new Map<string, string | undefined>();
  private readonly loaded = new Map<string, LoadedConfig>();
  /** `forFile`'s answers by the folder part of the path asked about. */
  private readonly byFolder = new Map<string, Config>();
  private readonly fallback: Config;

  constructor(
    /** Folder that globs of the built-in default are relative to (the working directory). */
    readonly cwd: string,
    /** The config given with `--config`, used for every file. */
    readonly fixed?: Config,
  ) {
    this.fallback = defaultConfig(cwd);
  }

  /** The config that applies to `file` (an absolute path). */
  forFile(file: string): Config {
    // By the folder as written: a run asks this of every file, and files share a few folders.
    const folder = dirname(file);
    let config = this.byFolder.get(folder);
    if (!config) {
      config = this.forFolder(dirname(resolve(file)));
      this.byFolder.set(folder, config);
    }
    return config;
  }

  /** The config that applies to files in `folder`, and to the folder's own discovery (ignores). */
  forFolder(folder: string): Config {
    if (this.fixed) return this.fixed;
    const path = this.configPathFrom(resolve(folder));
    if (!path) return this.fallback;
    let loaded = this.loaded.get(path);
    if (!loaded) {
      loaded = loadConfigFileSync(path);
      this.loaded.set(path, loaded);
    }
    return loaded.config ?? this.fallback;
  }

  /** The config file that applies in `folder`, or undefined for the built-in defaults. */
  configPathFrom(folder: string): string | undefined {
    if (this.fixed) return this.fixed.path;
    const chain: string[] = [];
    let found: string | undefined;
    for (let dir = folder; ; dir = dirname(dir)) {
      if (this.nearest.has(dir)) {
        found = this.nearest.get(dir);
        break;
      }
      chain.push(dir);
      const here = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((candidate) => existsSync(candidate));
      if (here) {
        found = here;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    for (const dir of chain) this.nearest.set(dir, found);
    return found;
  }

  /** Every config file read so far that has problems, in the order they were found. */
  get problems(): readonly LoadedConfig[] {
    return [...this.loaded.values()].filter((l) => !l.config);
  }

  /** Every distinct config in use so far (the fixed one, the files found, the defaults). */
  get configs(): readonly Config[] {
    if (this.fixed) return [this.fixed];
    return [this.fallback, ...[...this.loaded.values()].flatMap((l) => (l.config ? [l.config] : []))];
  }
}
