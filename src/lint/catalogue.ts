import { parseDocumentText } from '../load/document.js';
import { JOURNEY_DOCUMENT } from '../load/kinds.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readSourceSync } from '../load/read.js';
import { buildJourney } from '../model/build.js';
import type { JourneyCatalogue } from '../model/link.js';
import type { Journey } from '../model/types.js';

/** A journey file's top-level id, read without parsing (the catalogue's index; the parse decides later). */
const JOURNEY_ID_LINE = /^journey:[ \t]*["']?([a-z][a-z0-9-]*)["']?[ \t]*(?:#.*)?$/m;

/** True when a journey's text may call another journey (a `call:` key): such files are checked with the catalogue. */
export function mayCall(text: string): boolean {
  // The substring test is a fast scan; the multiline pattern is tried only on texts that hold it.
  return text.includes('call:') && /^[ \t]+call:/m.test(text);
}

/**
 * The journeys of the files linted together, by id, for call states that name a journey of
 * another file. Ids are read from each file's `journey:` line on first use; a callee's model
 * is built (parse, schema, model: no rules) the first time it is asked for and kept.
 */
export class FileCatalogue implements JourneyCatalogue {
  private ids: Map<string, string> | undefined;
  private readonly models = new Map<string, Journey | null>();

  constructor(
    /** Paths of the journey files, or in-memory sources. */
    private readonly files: readonly (string | { readonly path: string; readonly text: string })[],
  ) {}

  journey(id: string): Journey | undefined {
    const known = this.models.get(id);
    if (known !== undefined) return known ?? undefined;
    const file = this.index().get(id);
    const model = file === undefined ? undefined : this.build(file);
    this.models.set(id, model ?? null);
    return model;
  }

  private index(): Map<string, string> {
    if (this.ids) return this.ids;
    const ids = new Map<string, string>();
    for (const file of this.files) {
      const path = typeof file === 'string' ? file : file.path;
      const text = typeof file === 'string' ? readSourceSync(path, DEFAULT_LIMITS).text : file.text;
      const id = JOURNEY_ID_LINE.exec(text)?.[1];
      if (id !== undefined && !ids.has(id)) ids.set(id, path);
    }
    this.ids = ids;
    return ids;
  }

  private build(path: string): Journey | undefined {
    const given = this.files.find((f): f is { path: string; text: string } => typeof f !== 'string' && f.path === path);
    const text = given ? given.text : readSourceSync(path, DEFAULT_LIMITS).text;
    if (text === '') return undefined;
    const loaded = parseDocumentText(path, text, JOURNEY_DOCUMENT);
    if (!loaded.data || !loaded.sourceMap) return undefined;
    const built = buildJourney(loaded.data as Record<string, unknown>, loaded.sourceMap, path);
    return built.diagnostics.some((d) => d.severity === 'error') ? undefined : built.journey;
  }
}
