import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FileStamp } from '../load/read.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Default cache file name (in the working directory). */
export const CACHE_FILE = '.journeycache';
const CACHE_FORMAT = 3;

/** What linting one file produced before directives and project rules: reusable while nothing changes. */
export interface CachedCheck {
  readonly diagnostics: readonly Diagnostic[];
  /** Items collected by project rules, by rule id. */
  readonly items: Readonly<Record<string, unknown>>;
}

/**
 * What a file's text says about reusing its check, kept beside the check so that a hit needs
 * neither the text nor a scan of it (a warm run decodes only the files it has to show).
 */
export interface TextFacts {
  /** The text may call journeys of other files: its check depends on theirs too. */
  readonly calls: boolean;
  /** The text may hold disable comments: its findings are final only once they are applied. */
  readonly directives: boolean;
}

/** A cache entry: a check with the facts of the text it was made from. */
export type CachedEntry = CachedCheck & TextFacts;

/** A file's stamp as stored (size, inode, modification and change times) with the hash of the content it had. */
type StoredStamp = [size: number, ino: number, mtimeMs: number, ctimeMs: number, contentHash: string];

/** A stored entry: its key, its check and facts, and the file's stamp when that is trusted. */
type StoredEntry = { key: string; stamp?: StoredStamp } & CachedEntry;

interface CacheFile {
  format: number;
  tool: string;
  entries: Record<string, StoredEntry>;
}

/**
 * How long after a file's last write or change its stamp is trusted. A file written again within
 * its file system's time resolution (2 s on FAT, 1 s on some network shares) of being stamped could
 * keep the same times; a stamp taken later than this after the last write cannot be repeated by a later one.
 */
const STAMP_SETTLED_MS = 2000;

declare const __JOURNEY_BUILD__: string | undefined;

/** Folder of the bundle inside dist/, left out of the build's hash (scripts/bundle-cli.js hashes dist/ before bundling). */
const BUNDLE_DIR = 'cli-bundle';

let identity: string | undefined;

/**
 * Identity of the running build, for cache entries: the hash of the compiled code in
 * dist/ (what scripts/bundle-cli.js computes and bakes into the bundle), so the same build
 * gives the same identity through bin/journey.js, dist/cli/main.js or the library API.
 * Running from sources (tests) there is no compiled code to hash: `unbundled`.
 */
export function buildIdentity(): string {
  identity ??= typeof __JOURNEY_BUILD__ === 'string' ? __JOURNEY_BUILD__ : distIdentity(fileURLToPath(import.meta.url));
  return identity;
}

/** The build hash of the dist/ folder this module was compiled into, as the bundle script computes it. */
function distIdentity(modulePath: string): string {
  if (!modulePath.endsWith('.js')) return 'unbundled';
  const dist = dirname(dirname(modulePath));
  const hash = createHash('sha256');
  // Same order and bytes as the bundle script: names sorted per folder, each .js file's name then its content.
  const walk = (dir: string, top: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!(top && entry.name === BUNDLE_DIR)) walk(path, false);
      } else if (entry.name.endsWith('.js')) hash.update(entry.name).update(readFileSync(path));
    }
  };
  try {
    walk(dist, true);
  } catch {
    return 'unbundled';
  }
  return hash.digest('hex').slice(0, 16);
}

/** One-shot hashing (Node 20.12 and later): no Hash object whose native state waits for a GC callback to be freed. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** Hash of a file's content: of its text, or of the same text's UTF-8 bytes (the same hash). */
export function contentHash(text: string | Uint8Array): string {
  return (oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex')).slice(0, 32);
}

/**
 * Per-file lint results keyed by content hash, effective settings and build (`buildIdentity`).
 * A corrupt, foreign or version-mismatched file is ignored and rebuilt, never trusted.
 */
export class LintCache {
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly tool: string,
    private readonly data: CacheFile,
    /** False for a cache that lives only as long as the process (`--watch` without `--cache`). */
    private readonly persistent: boolean = true,
  ) {}

  /** A cache kept in memory only, never written: what `--watch` reuses between its runs, and the language server for files not open. */
  static inMemory(tool: string = buildIdentity()): LintCache {
    return new LintCache('', tool, { format: CACHE_FORMAT, tool, entries: Object.create(null) as CacheFile['entries'] }, false);
  }

  /** Opens the cache at `path` for tool version `tool` (by default the running build); anything unusable starts it empty. */
  static async open(path: string, tool: string = buildIdentity()): Promise<LintCache> {
    let data: CacheFile = { format: CACHE_FORMAT, tool, entries: Object.create(null) as CacheFile['entries'] };
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
      if (isObject(parsed) && parsed.format === CACHE_FORMAT && parsed.tool === tool && isObject(parsed.entries)) {
        // Entries become plain keys of a prototype-less object: file names can never reach Object.prototype.
        data = { format: CACHE_FORMAT, tool, entries: Object.assign(Object.create(null) as CacheFile['entries'], parsed.entries) };
      }
    } catch {
      // Missing or unreadable: start afresh.
    }
    return new LintCache(path, tool, data);
  }

  /** The cached check of a file, if its content and settings are unchanged and the entry is well formed. */
  get(file: string, key: string): CachedEntry | undefined {
    const entry = this.entryOf(file);
    if (!entry || entry.key !== key || !isCheck(entry)) return undefined;
    return entry;
  }

  /** The stored entry of `file`, if any (own keys only: a file name never reaches Object.prototype). */
  private entryOf(file: string): StoredEntry | undefined {
    return Object.hasOwn(this.data.entries, file) ? this.data.entries[file] : undefined;
  }

  /** How many of `files` have no entry: a run checks at least these afresh (the others hit unless they changed). */
  countUnknown(files: readonly string[]): number {
    let unknown = 0;
    for (const file of files) if (!this.entryOf(file)) unknown++;
    return unknown;
  }

  /** Records a file's check and the facts of its text; with the file's stamp and content hash when they were read together. */
  set(file: string, key: string, check: CachedCheck, facts: TextFacts, read?: { readonly stamp: FileStamp; readonly hash: string }): void {
    const entry: StoredEntry = { key, diagnostics: check.diagnostics, items: check.items, calls: facts.calls, directives: facts.directives };
    const stamp = read && storedStamp(read.stamp, read.hash);
    if (stamp) entry.stamp = stamp;
    this.data.entries[file] = entry;
    this.dirty = true;
  }

  /**
   * The content hash recorded for `file` when its stamp now (`stampNow`, asked only when the entry
   * kept one) is the one recorded with it: the file is unchanged and need not be read to look it
   * up. Undefined otherwise (read and hash it).
   */
  hashIfUnchanged(file: string, stampNow: () => FileStamp | undefined): string | undefined {
    const kept = this.entryOf(file)?.stamp;
    if (!Array.isArray(kept) || kept.length !== 5 || typeof kept[4] !== 'string') return undefined;
    const stamp = stampNow();
    return stamp && kept[0] === stamp.size && kept[1] === stamp.ino && kept[2] === stamp.mtimeMs && kept[3] === stamp.ctimeMs ? kept[4] : undefined;
  }

  /**
   * Records the stamp `file` had when it was read with content hash `hash` (its entry was a hit).
   * It is written with the next change to the cache, not on its own: a run whose every file hit
   * leaves the cache file as it was, whichever entry point ran it.
   */
  restamp(file: string, stamp: FileStamp, hash: string): void {
    const entry = this.entryOf(file);
    if (!entry) return;
    const next = storedStamp(stamp, hash);
    if (next) entry.stamp = next;
    else delete entry.stamp;
  }

  /**
   * Writes the cache (atomically) when it changed; entries of files not seen this run
   * are kept. A cache that cannot be written only costs speed: returns false instead of throwing.
   */
  async save(): Promise<boolean> {
    if (!this.dirty || !this.persistent) return true;
    try {
      await writeFileAtomic(this.path, JSON.stringify({ format: CACHE_FORMAT, tool: this.tool, entries: this.data.entries }));
      this.dirty = false;
      return true;
    } catch {
      return false;
    }
  }

  /** Where the cache is stored. */
  get location(): string {
    return this.path;
  }

  /** The cache file and the build it is for, to open the same cache in another thread; undefined for a cache kept in memory. */
  get file(): { readonly path: string; readonly tool: string } | undefined {
    return this.persistent ? { path: this.path, tool: this.tool } : undefined;
  }
}

/** A stamp as stored, or undefined when the file was written or changed too recently for its stamp to be trusted. */
function storedStamp(stamp: FileStamp, hash: string, now: number = Date.now()): StoredStamp | undefined {
  if (!(now - stamp.mtimeMs > STAMP_SETTLED_MS && now - stamp.ctimeMs > STAMP_SETTLED_MS)) return undefined;
  return [stamp.size, stamp.ino, stamp.mtimeMs, stamp.ctimeMs, hash];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A cached entry is trusted only if every finding has the shape later stages rely on. */
function isCheck(entry: unknown): entry is CachedEntry {
  if (!isObject(entry) || !Array.isArray(entry.diagnostics) || !isObject(entry.items)) return false;
  if (typeof entry.calls !== 'boolean' || typeof entry.directives !== 'boolean') return false;
  return entry.diagnostics.every(
    (d: unknown) =>
      isObject(d) &&
      typeof d.ruleId === 'string' &&
      (d.severity === 'error' || d.severity === 'warning') &&
      typeof d.message === 'string' &&
      isObject(d.span) &&
      Number.isInteger(d.span.start) &&
      Number.isInteger(d.span.end) &&
      (d.span.start as number) >= 0 &&
      (d.span.end as number) >= (d.span.start as number),
  );
}
