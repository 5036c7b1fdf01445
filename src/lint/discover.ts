import { existsSync, readFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeFsError } from '../load/read.js';

/** File name endings of journey files. */
export const JOURNEY_EXTENSIONS = ['.journey.yaml', '.journey.yml'] as const;

/** True for `*.journey.yaml` and `*.journey.yml` names. */
export function isJourneyFile(name: string): boolean {
  return JOURNEY_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Folders never searched. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const GLOB_CHARS = /[*?[\]{}]/;

/** The folder a path argument of `lint` or `test` looks in: itself, or a glob's part before its wildcards. */
export function searchRoot(pattern: string, cwd: string): string {
  if (!GLOB_CHARS.test(pattern) || existsSync(resolve(cwd, pattern))) return resolve(cwd, pattern);
  return resolve(cwd, staticBase(pattern.split(sep).join('/').replace(/^\.\//, '')));
}

/** A path or pattern given by the user that could not be used, with the reason. */
export interface DiscoveryProblem {
  readonly pattern: string;
  readonly message: string;
}

/** Files found, the patterns that matched nothing, and explicit files skipped by ignore rules. */
export interface Discovery {
  /** Absolute paths, sorted, without duplicates. */
  readonly files: string[];
  readonly problems: DiscoveryProblem[];
  /** Files named explicitly but skipped because an ignore rule matched them. */
  readonly ignored: string[];
}

/** How to discover files. */
export interface DiscoveryOptions {
  readonly cwd?: string;
  /** Skip files and folders that .gitignore files ignore (default true). */
  readonly gitignore?: boolean;
  /** Extra ignore test (the config's `ignores`), on absolute paths. */
  readonly isIgnored?: (path: string) => boolean;
}

/**
 * Expands paths and globs to journey files. Folders are searched recursively for
 * `*.journey.yaml|yml`; globs (`journeys/**\/*.journey.yaml`) match paths relative
 * to the working directory; files named explicitly are taken whatever their name.
 * Symlinks are followed but no real folder is entered twice, so loops end.
 * .gitignore rules (from the repository root down) skip what Git ignores.
 */
export async function discoverFiles(patterns: readonly string[], options: DiscoveryOptions = {}): Promise<Discovery> {
  const cwd = options.cwd ?? process.cwd();
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const ignored: string[] = [];
  const git = options.gitignore === false ? undefined : new GitIgnore(cwd);
  const skip = (path: string, isDir: boolean): boolean => (git?.ignores(path, isDir) ?? false) || (!isDir && (options.isIgnored?.(path) ?? false));

  for (const pattern of patterns) {
    if (pattern.trim() === '') {
      problems.push({ pattern, message: 'an empty path was given' });
      continue;
    }
    const before = files.size;
    if (GLOB_CHARS.test(pattern) && !existsSync(resolve(cwd, pattern))) {
      const { default: picomatch } = await import('picomatch');
      const normalized = pattern.split(sep).join('/').replace(/^\.\//, '');
      const match = picomatch(normalized, { dot: false });
      const base = resolve(cwd, staticBase(normalized));
      const anyExtension = /\.ya?ml$/.test(normalized);
      const matches = (path: string): boolean => {
        const rel = isAbsolute(normalized) ? path.split(sep).join('/') : relative(cwd, path).split(sep).join('/');
        return match(rel) && (anyExtension || isJourneyFile(path));
      };
      await walk(base, new Set(), skip, (path) => {
        if (matches(path)) files.add(path);
      }, true);
      if (files.size === before) {
        // Say when the files exist but ignore rules hide them: otherwise "no match" is a puzzle.
        let hidden = 0;
        if (git) await walk(base, new Set(), () => false, (path) => void (matches(path) && hidden++), true);
        problems.push({
          pattern,
          message: hidden > 0 ? `${pattern}: the ${hidden} matching file${hidden === 1 ? ' is' : 's are'} ignored by .gitignore or the config (use --no-ignore to lint ${hidden === 1 ? 'it' : 'them'})` : `${pattern}: no files match this pattern`,
        });
      }
      continue;
    }
    const absolute = resolve(cwd, pattern);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      problems.push({ pattern, message: `${pattern}: ${describeFsError(error)}` });
      continue;
    }
    if (info.isDirectory()) {
      // A folder named explicitly is searched even when Git ignores it (generated corpora, build output).
      const within = git?.ignores(absolute, true) ? (path: string, isDir: boolean) => !isDir && (options.isIgnored?.(path) ?? false) : skip;
      await walk(absolute, new Set(), within, (path) => {
        if (isJourneyFile(path)) files.add(path);
      });
      if (files.size === before) problems.push({ pattern, message: `${pattern}: no journey files (*.journey.yaml, *.journey.yml) in this folder` });
    } else if (options.isIgnored?.(absolute)) {
      ignored.push(absolute);
    } else {
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), problems, ignored };
}

/** The part of a glob before its first segment with wildcards (the folder to watch for it). */
export function staticBase(glob: string): string {
  const parts = glob.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (GLOB_CHARS.test(part)) break;
    out.push(part);
  }
  if (out.length === parts.length) out.pop();
  return out.join('/') || '.';
}

async function walk(
  dir: string,
  visited: Set<string>,
  skip: (path: string, isDir: boolean) => boolean,
  onFile: (path: string) => void,
  allFiles = false,
): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return; // A dangling or looping link: nothing to search.
  }
  if (visited.has(real)) return;
  visited.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDir = (await stat(path)).isDirectory();
      } catch {
        // A dangling link: a journey name is still reported (as unreadable) when read.
      }
    }
    if (isDir) {
      if (!SKIPPED_DIRS.has(entry.name) && !skip(path, true)) await walk(path, visited, skip, onFile, allFiles);
    } else if ((allFiles || isJourneyFile(entry.name)) && !skip(path, false)) {
      onFile(path);
    }
  }
}

type Ignorer = Ignore;

/** .gitignore rules from the repository root down, loaded per folder on demand. */
class GitIgnore {
  private readonly root: string;
  private readonly perDir = new Map<string, Ignorer | null>();

  constructor(cwd: string) {
    this.root = findRepoRoot(cwd) ?? resolve(cwd);
  }

  ignores(path: string, isDir: boolean): boolean {
    if (!path.startsWith(this.root)) return false;
    let dir = dirname(path);
    const chain: string[] = [];
    while (dir.startsWith(this.root)) {
      chain.push(dir);
      if (dir === this.root) break;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    for (const d of chain.reverse()) {
      const rules = this.load(d);
      if (!rules) continue;
      const rel = relative(d, path).split(sep).join('/');
      if (rel && rules.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  }

  private load(dir: string): Ignorer | null {
    if (this.perDir.has(dir)) return this.perDir.get(dir) as Ignorer | null;
    let rules: Ignorer | null = null;
    const file = join(dir, '.gitignore');
    if (existsSync(file)) {
      try {
        rules = this.create(readFileSync(file, 'utf8'));
      } catch {
        rules = null;
      }
    }
    this.perDir.set(dir, rules);
    return rules;
  }

  private create(patterns: string): Ignorer {
    return ignore().add(patterns);
  }
}

/** The nearest folder at or above `start` that holds `.git`. */
export function findRepoRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

