import { parseDocumentText } from '../load/document.js';
import { JOURNEY_DOCUMENT } from '../load/kinds.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readSourceSync } from '../load/read.js';
import { buildJourney } from '../model/build.js';
import type { JourneyCatalogue } from '../model/link.js';
import type { Journey } from '../model/types.js';

/** A journey file's top-level id, read without parsing (the catalogue's index; the parse decides later). */
const JOURNEY_ID_LINE = /^journey:[ \t]*["']?([a-z][a-z0-9-]*)["']?[ \t]*(?:#.*)?$/m;

/** The journey id a file's `journey:` line names, read without parsing; undefined when there is none. */
export function journeyIdOf(text: string): string | undefined {
  return JOURNEY_ID_LINE.exec(text)?.[1];
}

/** A `call:` line and the journey id it names, read without parsing (the parse decides later). */
const CALL_LINE = /^[ \t]+call:[ \t]*["']?([a-z][a-z0-9-]*)["']?[ \t]*(?:#.*)?$/gm;

/** The journey ids a file's `call:` lines name: the lines `mayCall` looks for. */
export function calledIds(text: string): Set<string> {
  const out = new Set<string>();
  if (!mayCall(text)) return out;
  for (const m of text.matchAll(CALL_LINE)) out.add(m[1] as string);
  return out;
}

/** What a file is to the others: the journey id it defines and the ids it calls. */
export interface CallEntry {
  readonly id: string | undefined;
  readonly calls: ReadonlySet<string>;
  /** True when the file calls in a way `calls` did not read (an alias, say): it depends on every change. */
  readonly unsure: boolean;
}

/** The entry of a file's text for {@link callersOf}. */
export function callEntryOf(text: string): CallEntry {
  const calls = calledIds(text);
  return { id: journeyIdOf(text), calls, unsure: calls.size === 0 && mayCall(text) };
}

/**
 * The files that call one of `ids`, directly or through journeys that do (a call inlines its
 * callee, which inlines its own): the files whose findings a change of those journeys can change.
 * Files whose calls could not be read count as callers of everything.
 */
export function callersOf(files: ReadonlyMap<string, CallEntry>, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const queue = [...ids];
  const seen = new Set(queue);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    for (const [path, entry] of files) {
      if (out.has(path) || !(entry.unsure || entry.calls.has(id))) continue;
      out.add(path);
      if (entry.id !== undefined && !seen.has(entry.id)) {
        seen.add(entry.id);
        queue.push(entry.id);
      }
    }
  }
  return out;
}

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
      const id = journeyIdOf(text);
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
