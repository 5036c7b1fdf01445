/** Severity of a finding, as configured or as a rule's default. */
export type Severity = 'error' | 'warning';

/** A half-open range of UTF-16 offsets `[start, end)` into a file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Codes for findings that are not produced by a lint rule. Closed union so that
 * tests and tools can match on them; the message is for people.
 */
export type LoadCode =
  | 'read-failed'
  | 'too-large'
  | 'binary'
  | 'encoding'
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'alias-limit'
  | 'forbidden-key'
  | 'too-deep'
  | 'multiple-documents'
  | 'merge-key'
  | 'not-finite'
  | 'yaml-warning'
  | 'json-syntax';

/** Codes for structural findings reported under the `schema` id. */
export type SchemaCode =
  | 'not-a-mapping'
  | 'required'
  | 'unknown-key'
  | 'type'
  | 'enum'
  | 'pattern'
  | 'value'
  | 'duration'
  | 'hours'
  | 'offramp';

/** Codes of findings about disable comments (rule id `directive`). */
export type DirectiveCode = 'unknown-rule' | 'missing-reason' | 'unused';

/**
 * Message ids of the built-in rules. Closed, so that tools can match on a finding's
 * code; a rule's `messages` may only use these (its type says so), and
 * test/rules/message-ids.test.ts checks that every id here belongs to a rule.
 */
export type RuleMessageId =
  | 'loop'
  | 'selfLoop'
  | 'noFeedback'
  | 'deadEnd'
  | 'duplicate'
  | 'missing'
  | 'notHuman'
  | 'notCarried'
  | 'neverOpens'
  | 'noHuman'
  | 'noRoute'
  | 'syntax'
  | 'type'
  | 'guardType'
  | 'setType'
  | 'defaultType'
  | 'noEventData'
  | 'neverNull'
  | 'cycle'
  | 'tooFar'
  | 'shadowed'
  | 'noPurpose'
  | 'trapped'
  | 'read'
  | 'set'
  | 'carry'
  | 'unknown'
  | 'unknownJourney'
  | 'unknownOutcome'
  | 'calleeField'
  | 'ladderTrap'
  | 'urgentCallback'
  | 'callbackRoute'
  | 'unreachable'
  // fake-offramp, refused-human, unavailable-loop, call-cycle
  | 'fakePromise'
  | 'fakeOffer'
  | 'refused'
  | 'unavailableLoop'
  | 'unavailableTrap'
  | 'callCycle'
  // import-lossy
  | 'lossy';

/** Codes of problems with a bot export that `journey import` reads (rule id `import`). */
export type ImportCode =
  /** The folder or file is not an export of the named platform. */
  | 'not-an-export'
  /** A part of the export has a shape the platform does not write (a list where an object belongs, a missing id). */
  | 'bad-shape'
  /** An action, step or block type the importer does not know. */
  | 'unknown-type'
  /** A transition names a page, step, action, flow or topic that is not in the export. */
  | 'missing-target';

/** Every code a finding can carry: what went wrong, for tools (the message is for people). */
export type DiagnosticCode = LoadCode | SchemaCode | DirectiveCode | ImportCode | RuleMessageId;

/** Rule id used for findings from reading and parsing a file. */
export const SYNTAX = 'syntax';
/** Rule id used for findings from schema and structure validation. */
export const SCHEMA = 'schema';
/** Rule id used for problems with a bot export read by `journey import`. */
export const IMPORT = 'import';

/** One finding in one file: the unit every stage produces and every formatter consumes. */
export interface Diagnostic {
  /** `syntax`, `schema`, or the id of the rule that found it. */
  readonly ruleId: string;
  /** Machine-readable sub-code for `syntax`, `schema` and `directive` findings, or the rule's message id. */
  readonly code?: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** True when the file could not be parsed at all (ESLint's `fatal`). */
  readonly fatal?: boolean;
  /** How to fix it, shown under the finding. */
  readonly hint?: string;
  /** Names of the states along the offending path, when the finding has one. */
  readonly path?: readonly string[];
  /** A safe, mechanical edit that `--fix` applies (ESLint's `fix`). */
  readonly fix?: TextEdit;
  /** Edits that need a person's choice: shown and offered by editors, never applied by `--fix`. */
  readonly suggestions?: readonly Suggestion[];
}

/** Replace the text between two offsets of the file's text (as read, BOM dropped) with `text`. */
export interface TextEdit {
  /** `[start, end)` offsets; `start === end` inserts. */
  readonly range: readonly [number, number];
  readonly text: string;
}

/** One choice offered for a finding (ESLint's suggestion): a description and its edit. */
export interface Suggestion {
  /** What the edit does, in the imperative: "Change the target to `verify`". */
  readonly desc: string;
  readonly fix: TextEdit;
}

/** Builds a span, clamping negative or inverted ranges so later stages never see them. */
export function span(start: number, end: number = start): Span {
  const s = Math.max(0, start);
  return { start: s, end: Math.max(s, end) };
}

/** The span covering the first character of a file (used for whole-file findings). */
export const FILE_START: Span = { start: 0, end: 0 };
