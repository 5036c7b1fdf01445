import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { IMPORT, span, type Diagnostic, type DiagnosticCode, type Span } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { readSourceSync } from '../load/read.js';
import type { SourceMap } from '../load/source-map.js';
import type { parseYaml } from '../load/yaml.js';
import { parseJson } from './json.js';
import type { ImportProblem, Platform, SourcePoint } from './types.js';

/** One parsed file of a bot export. */
export interface SourceFile {
  /** Path relative to the tree's base, with `/`. */
  readonly rel: string;
  readonly text: string;
  readonly data: unknown;
  readonly sourceMap: SourceMap;
}

/** Most files listed under one imported folder: an export has hundreds, a home folder has millions. */
export const MAX_LISTED_FILES = 50_000;
/** Folders never entered: version control, dependencies, build output of a project. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.rasa', 'models', '__pycache__', '.venv', 'venv']);

/**
 * The files of one bot export, read and parsed on demand with positions, and the
 * problems found in them. Importers read through it and report through it, so
 * every problem has a file and a position, and nothing throws on a bad export.
 */
export class SourceTree {
  /** Folder every `rel` path is relative to (the imported folder, or the folder of the imported file). */
  readonly base: string;
  /** Absolute path of what was imported. */
  readonly root: string;
  /** True when a single file was imported. */
  readonly isFile: boolean;
  readonly problems: ImportProblem[] = [];
  private readonly parsed = new Map<string, SourceFile | undefined>();
  private readonly lineIndexes = new Map<string, LineIndex>();
  private listing?: string[];

  /**
   * `yaml` is the loader's YAML parser, passed in by platforms whose exports are YAML,
   * so that importing JSON exports never loads the yaml package.
   */
  constructor(
    readonly platform: Platform,
    root: string,
    private readonly yaml?: typeof parseYaml,
    private readonly limits: LoadLimits = { ...DEFAULT_LIMITS, maxFileBytes: 64 * 1024 * 1024, maxAliasNodes: 100_000, maxDepth: 256 },
  ) {
    this.root = resolve(root);
    let file = false;
    try {
      file = statSync(this.root).isFile();
    } catch {
      file = false;
    }
    this.isFile = file;
    this.base = file ? dirname(this.root) : this.root;
  }

  /** True when the imported path exists. */
  exists(): boolean {
    try {
      statSync(this.root);
      return true;
    } catch {
      return false;
    }
  }

  /** Every regular file under the imported folder (or the one imported file), relative, sorted, `/`-separated. */
  files(): readonly string[] {
    if (this.listing) return this.listing;
    if (this.isFile) return (this.listing = [basename(this.root)]);
    const out: string[] = [];
    const walk = (dir: string, depth: number): void => {
      if (depth > 32 || out.length >= MAX_LISTED_FILES) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(e.name)) walk(join(dir, e.name), depth + 1);
        } else if (e.isFile() && out.length < MAX_LISTED_FILES) {
          out.push(relative(this.base, join(dir, e.name)).split(sep).join('/'));
        }
      }
    };
    walk(this.root, 0);
    return (this.listing = out.sort());
  }

  /** Absolute path of a relative one. */
  absolute(rel: string): string {
    return join(this.base, ...rel.split('/'));
  }

  /**
   * Reads and parses a file (JSON, or YAML for `.yml`/`.yaml`), once. Undefined when it
   * cannot be read or parsed; the problem is recorded, positioned.
   */
  read(rel: string): SourceFile | undefined {
    if (this.parsed.has(rel)) return this.parsed.get(rel);
    const read = readSourceSync(this.absolute(rel), this.limits);
    let file: SourceFile | undefined;
    if (read.diagnostic) {
      this.problems.push({ file: rel, diagnostic: read.diagnostic });
    } else {
      const parsed = /\.ya?ml$/i.test(rel) && this.yaml ? this.yaml(read.text, this.limits, { allowList: true }) : parseJson(read.text);
      for (const d of parsed.diagnostics) if (d.severity === 'error') this.problems.push({ file: rel, diagnostic: d });
      if (!parsed.failed) file = { rel, text: read.text, data: parsed.data, sourceMap: parsed.sourceMap };
    }
    this.parsed.set(rel, file);
    return file;
  }

  /** Line and column of an offset in a file. */
  position(file: SourceFile, offset: number): { line: number; column: number } {
    let index = this.lineIndexes.get(file.rel);
    if (!index) this.lineIndexes.set(file.rel, (index = new LineIndex(file.text)));
    return index.position(offset);
  }

  /** Where a value of the file starts (an object or list the parser produced); `parent`/`key` for a scalar. */
  spanOf(file: SourceFile, value: unknown, parent?: unknown, key?: string | number): Span {
    const own = file.sourceMap.container(value)?.span;
    if (own) return own;
    if (parent !== undefined && key !== undefined) return file.sourceMap.keySpan(parent, key);
    return file.sourceMap.rootSpan;
  }

  /** The SourcePoint of a step, page or action: `value` is its object in the file. */
  point(file: SourceFile, value: unknown, id: string, parent?: unknown, key?: string | number): SourcePoint {
    const at = this.spanOf(file, value, parent, key);
    const { line, column } = this.position(file, at.start);
    return { platform: this.platform, file: file.rel, id, line, column };
  }

  /** Records a problem with the input, positioned at `at` (a span, or a value of the file). */
  problem(
    file: SourceFile | string,
    code: DiagnosticCode,
    message: string,
    at: Span | { value: unknown; parent?: unknown; key?: string | number } = span(0),
    options: { severity?: 'error' | 'warning'; hint?: string } = {},
  ): void {
    const where = 'start' in at ? at : typeof file === 'string' ? span(0) : this.spanOf(file, at.value, at.parent, at.key);
    const diagnostic: Diagnostic = {
      ruleId: IMPORT,
      code,
      severity: options.severity ?? 'error',
      message,
      span: where,
      ...(options.hint ? { hint: options.hint } : {}),
    };
    this.problems.push({ file: typeof file === 'string' ? file : file.rel, diagnostic });
  }
}
