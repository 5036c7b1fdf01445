import { basename, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseConfig } from '../config/load.js';
import { ConfigLookup } from '../config/lookup.js';
import { isIgnored } from '../config/resolve.js';
import { CONFIG_FILE_NAMES } from '../config/types.js';
import { LintCache } from '../lint/cache.js';
import { discoverFiles, isJourneyFile } from '../lint/discover.js';
import { lintSources, type Source } from '../lint/lint.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readSourceSync } from '../load/read.js';
import type { Journey } from '../model/types.js';
import { JourneyAnalyses } from '../rule-support/analyses.js';
import { occurrencesOf, scopeKey, type Occurrence } from './occurrences.js';
import { DocumentPositions } from './positions.js';

/** What the server knows of a file: its text, positions, findings and, for a journey that passed the schema, its model. */
export interface Analysis {
  readonly path: string;
  readonly kind: 'journey' | 'config';
  /** The editor's version of the text linted (undefined for a file read from disk). */
  readonly version: number | undefined;
  readonly positions: DocumentPositions;
  readonly diagnostics: readonly Diagnostic[];
  readonly journey?: Journey;
  readonly occurrences: readonly Occurrence[];
  /** Graph analyses per journey of the file (its sub-journeys too), computed on first use. */
  analysesOf(journey: Journey): JourneyAnalyses;
  /** The absolute path of the file a journey model comes from (models name the file as lint messages show it). */
  fileOf(journey: Journey): string;
}

/** An open document: the editor's text and version. */
export interface OpenDocument {
  readonly path: string;
  readonly text: string;
  readonly version: number;
}

/** Which files the server lints: journey files and journey.config.yaml, by name. */
export function documentKind(path: string): 'journey' | 'config' | undefined {
  if (isJourneyFile(path)) return 'journey';
  return (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path)) ? 'config' : undefined;
}

function analysisOf(cwd: string, path: string, kind: 'journey' | 'config', version: number | undefined, text: string, diagnostics: readonly Diagnostic[], journey?: Journey): Analysis {
  const positions = new DocumentPositions(text);
  const cache = new Map<string, JourneyAnalyses>();
  let occurrences: readonly Occurrence[] | undefined;
  return {
    path,
    kind,
    version,
    positions,
    diagnostics,
    ...(journey ? { journey } : {}),
    // Found on the first request that needs them, not on every keystroke's lint.
    get occurrences() {
      return (occurrences ??= journey ? occurrencesOf(journey, positions.modelText) : []);
    },
    analysesOf(j) {
      const key = scopeKey(j);
      let known = cache.get(key);
      if (!known) cache.set(key, (known = new JourneyAnalyses(j)));
      return known;
    },
    fileOf: (j) => resolve(cwd, j.file),
  };
}

/**
 * The files of the editor's workspace and the lint runs over them. A run lints every open
 * journey (its unsaved text) together with the workspace's other journey files (from disk),
 * through the lint engine with each file's nearest config, as `journey lint` over the
 * folder would: calls resolve to the journeys of the workspace and project rules
 * (`duplicate-journey`) see every file. The checks of files that are not open are cached
 * in memory, so a change costs the check of the open documents (and of files that call others). Configs are read from disk, so a config's unsaved
 * edits apply once it is saved; its own findings are shown as it is typed.
 */
export class Workspace {
  private workspaceFiles: string[] = [];
  private readonly open = new Map<string, OpenDocument>();
  private readonly results = new Map<string, Analysis>();
  /** The last model of each open journey that passed the schema: names for completion while the text does not. */
  private readonly lastModels = new Map<string, Journey>();
  /** Checks of the workspace's files that are not open, by content and settings (in memory only). */
  private readonly cache = LintCache.inMemory();

  constructor(
    /** Workspace folders (absolute paths). */
    readonly roots: readonly string[],
  ) {}

  /** Finds the workspace's journey files (as `journey lint <root>` would, .gitignore and the configs' `ignores` applied). */
  async discover(): Promise<void> {
    const files = new Set<string>();
    for (const root of this.roots) {
      const configs = new ConfigLookup(root);
      const found = await discoverFiles([root], { cwd: root, isIgnored: (p) => isIgnored(configs.forFile(p), p) });
      for (const f of found.files) files.add(f);
    }
    this.workspaceFiles = [...files].sort();
  }

  /** Records an open document's text (on open and on every change). */
  update(doc: OpenDocument): void {
    if (documentKind(doc.path)) this.open.set(doc.path, doc);
  }

  /** Forgets a closed document (the file on disk is linted again from then on). */
  close(path: string): void {
    this.open.delete(path);
    this.results.delete(path);
    this.lastModels.delete(path);
  }

  /** Open documents the server lints. */
  openPaths(): string[] {
    return [...this.open.keys()];
  }

  /** The open document at `path`, if any. */
  document(path: string): OpenDocument | undefined {
    return this.open.get(path);
  }

  /** True when the last run linted the document's current text. */
  isCurrent(path: string): boolean {
    const doc = this.open.get(path);
    return doc !== undefined && this.results.get(path)?.version === doc.version;
  }

  /** The last run's analysis of an open document. */
  analysis(path: string): Analysis | undefined {
    return this.results.get(path);
  }

  /** The last model of a journey that passed the schema (possibly of an older text). */
  lastModel(path: string): Journey | undefined {
    return this.lastModels.get(path);
  }

  /** Positions of any file: an open document's text, else the file on disk (for locations in other files). */
  positionsOf(path: string): DocumentPositions | undefined {
    const known = this.results.get(path);
    if (known) return known.positions;
    const doc = this.open.get(path);
    if (doc) return new DocumentPositions(doc.text);
    const read = readSourceSync(path, DEFAULT_LIMITS);
    return read.diagnostic ? undefined : new DocumentPositions(read.text);
  }

  /**
   * The findings of one journey text as `path` (its config, calls into the workspace), for
   * fixing a document to a fixed point; project rules are left to the runs of the whole workspace.
   */
  async lintText(path: string, text: string): Promise<readonly Diagnostic[]> {
    const cwd = this.roots[0] ?? process.cwd();
    const others = this.workspaceFiles.filter((f) => f !== path);
    const [result] = await lintSources([{ path, text }], { configs: new ConfigLookup(cwd), cwd, keepModels: false, catalogueFiles: others });
    return result?.diagnostics ?? [];
  }

  /**
   * Lints the open documents with the workspace's journey files and keeps the analyses
   * of the open ones. Never throws on user input (the engine turns every problem into a finding).
   */
  async lint(): Promise<Analysis[]> {
    const snapshot = [...this.open.values()];
    const journeys = snapshot.filter((d) => documentKind(d.path) === 'journey');
    const sources: Source[] = journeys.map((d) => ({ path: d.path, text: d.text }));
    const openPaths = new Set(snapshot.map((d) => d.path));
    for (const file of this.workspaceFiles) {
      if (openPaths.has(file)) continue;
      const read = readSourceSync(file, DEFAULT_LIMITS);
      // A file that cannot be read is its own problem, shown when it is opened; it names no journey others could call.
      if (!read.diagnostic) sources.push({ path: file, text: read.text });
    }
    const cwd = this.roots[0] ?? process.cwd();
    // Only the open documents' models are kept; the other files' checks come from the cache while their text and settings stay the same.
    const results = sources.length === 0 ? [] : await lintSources(sources, { configs: new ConfigLookup(cwd), cwd, cache: this.cache, keepModelsOf: (p) => openPaths.has(p) });
    const byPath = new Map(results.map((r) => [r.filePath, r]));
    const out: Analysis[] = [];
    for (const doc of snapshot) {
      // A document changed or closed while the run was under way is linted again by the next run.
      if (this.open.get(doc.path) !== doc) continue;
      let analysis: Analysis;
      if (documentKind(doc.path) === 'config') {
        analysis = analysisOf(cwd, doc.path, 'config', doc.version, doc.text, parseConfig(doc.path, new DocumentPositions(doc.text).modelText).diagnostics);
      } else {
        const result = byPath.get(doc.path);
        analysis = analysisOf(cwd, doc.path, 'journey', doc.version, doc.text, result?.diagnostics ?? [], result?.journey);
        if (result?.journey) this.lastModels.set(doc.path, result.journey);
      }
      this.results.set(doc.path, analysis);
      out.push(analysis);
    }
    return out;
  }
}
