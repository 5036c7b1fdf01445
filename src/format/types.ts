import type { LocatedDiagnostic } from '../diagnostics/located.js';
import type { RuleMeta } from '../rule-support/types.js';

/** A file's findings with display positions, as every formatter receives them. */
export interface FormatFile {
  /** Absolute path, or a label such as `<stdin>`. */
  readonly filePath: string;
  /** Path relative to the working directory, with forward slashes. */
  readonly displayPath: string;
  readonly source: string;
  readonly messages: readonly LocatedDiagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly fatalErrorCount: number;
  /** The fixed text, when fixes changed the file (ESLint's `output`). */
  readonly output?: string;
}

/** What a formatter may know besides the results. */
export interface FormatContext {
  readonly cwd: string;
  /** Use ANSI colours. */
  readonly color: boolean;
  /** Metadata of every rule, by id (docs links, descriptions). */
  readonly rules: ReadonlyMap<string, RuleMeta>;
  /** Number of files checked, clean ones included. */
  readonly fileCount: number;
  /** Terminal width for wrapping, when known. */
  readonly width?: number;
  /** Root of the repository (for repo-relative URIs in SARIF); defaults to `cwd`. */
  readonly repoRoot?: string;
  /** Version of journeyctl, for tool metadata. */
  readonly version?: string;
  /** Ids of the rules that ran (JUnit lists one test case per rule). */
  readonly ruleIds?: readonly string[];
}

/** A formatter: a pure function from results to text. */
export type Formatter = (files: readonly FormatFile[], context: FormatContext) => string;
