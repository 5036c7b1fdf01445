// What the Copilot Studio importer knows about a bot as a whole, shared by the topic
// compiler and the importer that orchestrates it.
import type { SourceFile, SourceTree } from '../sources.js';
import type { ImportOptions, JourneyDraft } from '../types.js';
import type { FieldType } from './powerfx.js';

/** A plain YAML mapping of the export. */
export type Mapping = Record<string, unknown>;

/** True for a YAML mapping (not a list, not a scalar). */
export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One topic file (`kind: AdaptiveDialog`). */
export interface Topic {
  readonly file: SourceFile;
  /** The name `BeginDialog` uses after `<schema>.topic.`: the file name without `.mcs.yml` / `.topic`. */
  readonly schema: string;
  /** The name people see: `intent.displayName`, `mcs.metadata.componentName`, the `# Name:` comment, or the schema name. */
  readonly displayName: string;
  /** `beginDialog.kind`: OnRecognizedIntent, OnEscalate, OnUnknownIntent... */
  readonly trigger: string;
  readonly root: Mapping;
  readonly begin: Mapping;
  readonly actions: readonly unknown[];
}

/** How the bot's Escalate system topic reaches a person, which decides every journey's way to one. */
export type Escalation =
  | { readonly mode: 'none' }
  /** The Escalate topic only talks: asking for a person runs it (a call) and nobody takes over. */
  | { readonly mode: 'message'; readonly topic: Topic }
  /** The Escalate topic transfers: each journey gets a human state made from that transfer. */
  | {
      readonly mode: 'transfer';
      readonly topic: Topic;
      readonly transfer: Mapping;
      /** The messages the Escalate topic sends just before the transfer. */
      readonly messages: readonly Mapping[];
      /** True when the Escalate topic does more than talk and transfer (asks, branches, calls). */
      readonly simplified: boolean;
      /** `offramp.no_match` read off the Fallback topic's `System.FallbackCount` test. */
      readonly noMatch?: number;
    };

/** A variable of a compiled journey, as callers see it (for passing `Global.*` values across a call). */
export interface ExportedField {
  readonly name: string;
  readonly type: FieldType;
  readonly set: boolean;
}

/** A topic compiled to a journey draft, with what its callers need. */
export interface CompiledTopic {
  readonly draft: JourneyDraft;
  /** Outcomes of the ends that return to a caller (EndDialog, the end of the topic). */
  readonly returning: readonly string[];
  /** Variable reference (`Topic.X`, `Global.Y`) -> field. */
  readonly fields: ReadonlyMap<string, ExportedField>;
}

/** What compiling one topic needs to know about the others. */
export interface Bot {
  readonly tree: SourceTree;
  readonly options: ImportOptions;
  readonly escalation: Escalation;
  /** The topic a `BeginDialog` names (`<schema>.topic.<Name>`), if the export has it. */
  topicFor(dialog: string): Topic | undefined;
  /** The journey id of a topic. */
  journeyIdOf(topic: Topic): string;
  /** The compiled callee (compiled on first use; cut calls are never asked for). */
  compiled(topic: Topic): CompiledTopic;
  /** True when the call `from` -> `to` closes a cycle of topics calling each other, and is cut. */
  isCut(from: Topic, to: Topic): boolean;
  /** True when `topic` may call the message-only Escalate topic (it is not Escalate, and Escalate does not lead back to it). */
  mayCallEscalate(topic: Topic): boolean;
  /** True when the agent uses generative orchestration (settings say `GenerativeActionsEnabled: true`). */
  readonly generative: boolean;
}

/** The topic name a `BeginDialog.dialog` value names: everything after `.topic.`. */
export function dialogName(dialog: string): string {
  const at = dialog.indexOf('.topic.');
  return at >= 0 ? dialog.slice(at + '.topic.'.length) : dialog;
}

/** Every action list under a list (condition branches and else branches), depth first, in source order. */
export function* actionsUnder(list: readonly unknown[]): Generator<Mapping> {
  for (const action of list) {
    if (!isMapping(action)) continue;
    yield action;
    if (action.kind === 'ConditionGroup') {
      for (const c of Array.isArray(action.conditions) ? action.conditions : []) {
        if (isMapping(c) && Array.isArray(c.actions)) yield* actionsUnder(c.actions);
      }
      if (Array.isArray(action.elseActions)) yield* actionsUnder(action.elseActions);
    }
  }
}
