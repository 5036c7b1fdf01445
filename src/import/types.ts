import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** The bot platforms `journey import` reads. */
export const PLATFORMS = ['rasa', 'dialogflow-cx', 'connect', 'copilot-studio'] as const;

/** One of PLATFORMS. */
export type Platform = (typeof PLATFORMS)[number];

/** True when `name` is one of PLATFORMS. */
export function isPlatform(name: string): name is Platform {
  return (PLATFORMS as readonly string[]).includes(name);
}

/**
 * Where an imported journey or state came from in the bot's own files: written as
 * `x-source` on the journey and on every state, and where lint findings on an
 * imported journey are reported. `file` is relative to the imported folder, with `/`.
 */
export interface SourcePoint {
  readonly platform: Platform;
  readonly file: string;
  /** The step, page or action id (or name) in the bot, as the bot spells it. */
  readonly id: string;
  /** 1-based line and column of the step, page or action in `file`. */
  readonly line: number;
  readonly column: number;
}

/**
 * Something of the bot the journey format cannot express, so the import leaves it
 * out or approximates it: listed in the import report and as an `import-lossy` finding.
 */
export interface ImportLoss {
  /** A short kebab-case name of what was lost (`webhook`, `digression`, `playbook`, ...); docs/import.md lists them per platform. */
  readonly kind: string;
  /** What the bot does there and what the journey does instead, in a sentence. */
  readonly message: string;
  /** The imported state it concerns, when there is one. */
  readonly state?: string;
  readonly at: SourcePoint;
}

/**
 * One journey as an importer builds it: the document (plain data in the format's key
 * order, every state with its `x-source`), ready for `emitJourney`.
 */
export interface JourneyDraft {
  /** Journey id (kebab-case, see `journeyIdFor`). */
  readonly id: string;
  /** The journey's own origin: the flow, agent flow, contact flow or topic. */
  readonly source: SourcePoint;
  /** The journey document without `x-source` and `x-import` at its top (emitJourney adds them). */
  readonly document: Readonly<Record<string, unknown>>;
  readonly losses: readonly ImportLoss[];
  /** Lines for the header comment, besides the standard ones (what to know about this journey). */
  readonly notes?: readonly string[];
}

/** A problem with the input itself: positioned in one file of the bot (relative path), with the usual diagnostic fields. */
export interface ImportProblem {
  readonly file: string;
  readonly diagnostic: Diagnostic;
}

/** What an importer returns: the journeys it could build and the problems of the input. */
export interface PlatformImport {
  readonly journeys: readonly JourneyDraft[];
  readonly problems: readonly ImportProblem[];
}

/** Options of an import. */
export interface ImportOptions {
  /** Opening hours for every human state (the format's hours syntax); without it `hours: always` and a note. */
  readonly hours?: string;
}

/** One imported journey, emitted. */
export interface ImportedJourney {
  readonly id: string;
  /** `<id>.journey.yaml` */
  readonly fileName: string;
  /** The journey file's text (deterministic: the same input gives the same bytes). */
  readonly text: string;
  readonly source: SourcePoint;
  readonly losses: readonly ImportLoss[];
  /** Number of states. */
  readonly states: number;
}

/** The result of importing one bot. */
export interface ImportResult {
  readonly platform: Platform;
  /** The folder or file imported, absolute. */
  readonly root: string;
  /** The folder that `SourcePoint.file` is relative to, absolute. */
  readonly base: string;
  readonly journeys: readonly ImportedJourney[];
  readonly problems: readonly ImportProblem[];
}
