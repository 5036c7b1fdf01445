import type { RuleMessageId, Severity, Span, Suggestion, TextEdit } from '../diagnostics/diagnostic.js';
import type { Journey } from '../model/types.js';
import type { JourneyAnalyses } from './analyses.js';

/** A rule's option schema (JSON Schema, validated when a config sets options). */
export type OptionSchema = Readonly<Record<string, unknown>>;

/** What a rule is: shown by `journey rules`, SARIF and the docs. */
export interface RuleMeta {
  /** Rule id, also the file name of its module and docs page. */
  readonly id: string;
  /** One sentence: what the rule checks. */
  readonly description: string;
  /** Severity when no config says otherwise. */
  readonly severity: Severity;
  /** Link to the rule's docs page. */
  readonly docs: string;
  /** Message templates by message id; `{{name}}` is replaced from the report's data. */
  readonly messages: Readonly<Partial<Record<RuleMessageId, string>>>;
  /** How to fix each kind of finding, by message id (templates too). */
  readonly hints?: Readonly<Partial<Record<RuleMessageId, string>>>;
  /** JSON Schema of the rule's options, when it has any. */
  readonly options?: OptionSchema;
  /** Options used when a config gives none. */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** `project` rules see every file linted together. */
  readonly scope?: 'journey' | 'project';
  /**
   * True for rules about whether and how fast customers reach a person: a sub-journey
   * (`sub_journey: true`, or under `journeys:`) is judged by them only inside the journeys
   * that call it, where the caller's offramp and outcomes apply.
   */
  readonly judgedInCallers?: boolean;
  /** ESLint's rule type: which `--fix-type` selects this rule's fixes. Default `problem`. */
  readonly type?: FixType;
  /** True when the rule's reports may carry a fix that `--fix` applies. */
  readonly fixable?: boolean;
  /** True when the rule's reports may carry suggestions. */
  readonly hasSuggestions?: boolean;
}

/** ESLint's rule types, as `--fix-type` names them. */
export type FixType = 'problem' | 'suggestion' | 'layout';

/** One finding as a rule reports it. */
export interface Report {
  readonly messageId: RuleMessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly span: Span;
  /** States along the offending path, for tools that draw it. */
  readonly path?: readonly string[];
  /** A safe edit of the file's text that `--fix` applies (the rule's meta says `fixable`). */
  readonly fix?: TextEdit;
  /** Edits that need a person's choice (the rule's meta says `hasSuggestions`). */
  readonly suggestions?: readonly Suggestion[];
}

/** What a per-journey rule receives. */
export interface RuleContext<Options = Readonly<Record<string, unknown>>> {
  readonly journey: Journey;
  /** Graph and analyses of this journey, computed once and shared by all rules. */
  readonly analysis: JourneyAnalyses;
  readonly options: Options;
  /** The file's text (BOM dropped), for rules that build edits; offsets match the model's spans. */
  readonly text: string;
  report(report: Report): void;
}

/** What a project rule kept of one file, and how to report on that file. */
export interface ProjectFile<Item> {
  /** Path of the file. */
  readonly file: string;
  /** What the rule's `collect` returned for this file. */
  readonly item: Item;
  report(report: Report): void;
}

/** What a project rule receives: what it collected from every journey that passed the schema. */
export interface ProjectContext<Item, Options = Readonly<Record<string, unknown>>> {
  readonly files: readonly ProjectFile<Item>[];
  readonly options: Options;
}

/** A rule that judges one journey at a time. */
export interface JourneyRule<Options = Readonly<Record<string, unknown>>> {
  readonly meta: RuleMeta & { readonly scope?: 'journey' };
  create(context: RuleContext<Options>): void;
}

/**
 * A rule that judges all journeys linted together. `collect` keeps the little it
 * needs from each journey as files are linted, so models need not stay in memory.
 */
export interface ProjectRule<Item = unknown, Options = Readonly<Record<string, unknown>>> {
  readonly meta: RuleMeta & { readonly scope: 'project' };
  collect(journey: Journey): Item;
  create(context: ProjectContext<Item, Options>): void;
}

/** Any rule. */
export type Rule = JourneyRule<any> | ProjectRule<any, any>;

/** Base URL of the rule docs pages. */
export const DOCS_BASE = 'https://github.com/journeyctl/journeyctl/blob/main/docs/rules/';

/** The docs URL of a rule. */
export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** Fills `{{name}}` placeholders in a template. */
export function fillTemplate(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}
