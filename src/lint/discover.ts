import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { describeFsError } from '../load/read.js';

/** File name endings of journey files. */
export const JOURNEY_EXTENSIONS = ['.journey.yaml', '.journey.yml'] as const;

/** True for `*.journey.yaml` and `*.journey.yml` names. */
export function isJourneyFile(name: string): boolean {
  return JOURNEY_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Folders never searched. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** A path given by the user that could not be used, with the reason. */
export interface DiscoveryProblem {
  readonly pattern: string;
  readonly message: string;
}

/** Files found, and the paths that matched nothing. */
export interface Discovery {
  /** Absolute paths, sorted, without duplicates. */
  readonly files: string[];
  readonly problems: DiscoveryProblem[];
}

/**
 * Expands paths to journey files: directories are searched recursively for
 * `*.journey.yaml|yml` (following symlinks, never twice into the same folder);
 * files named explicitly are taken whatever their name.
 */
export async function discoverFiles(paths: readonly string[], cwd: string = process.cwd()): Promise<Discovery> {
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const visited = new Set<string>();
  for (const pattern of paths) {
    if (pattern.trim() === '') {
      problems.push({ pattern, message: 'an empty path was given' });
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
      const before = files.size;
      await walk(absolute, files, visited);
      if (files.size === before) {
        problems.push({ pattern, message: `${pattern}: no journey files (*.journey.yaml, *.journey.yml) in this folder` });
      }
    } else {
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), problems };
}

async function walk(dir: string, files: Set<string>, visited: Set<string>): Promise<void> {
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
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(path, files, visited);
    } else if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        if (target.isDirectory()) await walk(path, files, visited);
        else if (isJourneyFile(entry.name)) files.add(path);
      } catch {
        if (isJourneyFile(entry.name)) files.add(path); // Reported as unreadable when read.
      }
    } else if (isJourneyFile(entry.name)) {
      files.add(path);
    }
  }
}

/** Path shown to people: relative to cwd when inside it, with forward slashes. */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, absolute);
  const shown = rel === '' || rel.startsWith('..') ? absolute : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
