import type { ValidateFunction } from '../generated/validators.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.js';
import { readSource, readSourceSync } from './read.js';
import { mapSchemaErrors, type KeyLister, type PathDescriber } from './schema.js';
import type { SourceMap } from './source-map.js';
import { parseYaml } from './yaml.js';

/** What kind of YAML document a file holds: its schema validator and how its paths read in messages. */
export interface DocumentKind {
  /** The generated validator of the kind's JSON Schema (schemas/). */
  readonly validate: ValidateFunction;
  /** Where a path points, for the start of a message. */
  readonly describe: PathDescriber;
  /** Keys a mapping accepts, for "unknown key" messages. */
  readonly keysAt?: KeyLister;
  /** A top-level list is accepted (scenario files may be one). */
  readonly allowList?: boolean;
}

/** A document read, parsed and validated: its data and positions, or the findings that prevent using it. */
export interface LoadedDocument {
  readonly path: string;
  /** The file's text ('' when it could not be read). */
  readonly source: string;
  /** The validated data (present only when there are no errors; warnings may come with it). */
  readonly data?: unknown;
  readonly sourceMap?: SourceMap;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The one pipeline every YAML document goes through (config, personas, scenario
 * files; journeys add their model on top in lint): parse with positions, validate
 * against the kind's schema, and map schema errors to positioned findings. Never
 * throws on user input.
 */
export function parseDocumentText(path: string, text: string, kind: DocumentKind, limits: LoadLimits = DEFAULT_LIMITS): LoadedDocument {
  const parsed = parseYaml(text, limits, kind.allowList ? { allowList: true } : {});
  if (parsed.failed) return { path, source: text, diagnostics: parsed.diagnostics };
  if (!kind.validate(parsed.data)) {
    const diagnostics = mapSchemaErrors(kind.validate.errors ?? [], parsed.data, parsed.sourceMap, kind.describe, kind.keysAt ?? (() => undefined));
    return { path, source: text, diagnostics: [...parsed.diagnostics, ...diagnostics] };
  }
  return { path, source: text, data: parsed.data, sourceMap: parsed.sourceMap, diagnostics: parsed.diagnostics };
}

/** Reads a file within the limits, then `parseDocumentText`. */
export async function loadDocument(path: string, kind: DocumentKind, limits: LoadLimits = DEFAULT_LIMITS): Promise<LoadedDocument> {
  const read = await readSource(path, limits);
  if (read.diagnostic) return { path, source: '', diagnostics: [read.diagnostic] };
  return parseDocumentText(path, read.text, kind, limits);
}

/** `loadDocument` without waiting (config files, found while walking folders). */
export function loadDocumentSync(path: string, kind: DocumentKind, limits: LoadLimits = DEFAULT_LIMITS): LoadedDocument {
  const read = readSourceSync(path, limits);
  if (read.diagnostic) return { path, source: '', diagnostics: [read.diagnostic] };
  return parseDocumentText(path, read.text, kind, limits);
}
