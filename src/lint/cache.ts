import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Default cache file name (in the working directory). */
export const CACHE_FILE = '.journeycache';
const CACHE_FORMAT = 1;

/** What linting one file produced before directives and project rules: reusable while nothing changes. */
export interface CachedCheck {
  readonly diagnostics: readonly Diagnostic[];
  /** Items collected by project rules, by rule id. */
  readonly items: Readonly<Record<string, unknown>>;
}

interface CacheFile {
  format: number;
  tool: string;
  entries: Record<string, { key: string } & CachedCheck>;
}

/** Hash of a file's content. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Per-file lint results keyed by content hash, effective settings and tool version.
 * A corrupt, foreign or version-mismatched file is ignored and rebuilt, never trusted.
 */
export class LintCache {
  private dirty = false;
  private readonly used = new Set<string>();

  private constructor(
    private readonly path: string,
    private readonly tool: string,
    private readonly data: CacheFile,
  ) {}

  /** Opens the cache at `path` for tool version `tool`; anything unusable starts it empty. */
  static async open(path: string, tool: string): Promise<LintCache> {
    let data: CacheFile = { format: CACHE_FORMAT, tool, entries: {} };
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
      if (parsed && parsed.format === CACHE_FORMAT && parsed.tool === tool && typeof parsed.entries === 'object' && parsed.entries !== null) data = parsed;
    } catch {
      // Missing or unreadable: start afresh.
    }
    return new LintCache(path, tool, data);
  }

  /** The cached check of a file, if its content and settings are unchanged. */
  get(file: string, key: string): CachedCheck | undefined {
    const entry = Object.hasOwn(this.data.entries, file) ? this.data.entries[file] : undefined;
    if (!entry || entry.key !== key || !Array.isArray(entry.diagnostics) || typeof entry.items !== 'object') return undefined;
    this.used.add(file);
    return entry;
  }

  /** Records a file's check. */
  set(file: string, key: string, check: CachedCheck): void {
    this.data.entries[file] = { key, diagnostics: check.diagnostics, items: check.items };
    this.used.add(file);
    this.dirty = true;
  }

  /** Writes the cache (atomically) when it changed; entries of files not seen this run are kept. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    await writeFileAtomic(this.path, JSON.stringify({ format: CACHE_FORMAT, tool: this.tool, entries: this.data.entries }));
  }
}
