import type { SourceTree } from '../sources.js';
import type { SourcePoint } from '../types.js';
import type { Flow, Project } from './project.js';
import { parseCondition } from './pypred.js';
import { parseSteps, type ParsedSteps, type StepNode } from './steps.js';

/** The pattern a customer's request for a person starts. */
export const HANDOFF_PATTERN = 'pattern_human_handoff';
/** The pattern run when the bot did not understand the customer. */
export const CANNOT_HANDLE_PATTERN = 'pattern_cannot_handle';
/** The pattern run when a request could start several flows. */
export const CLARIFICATION_PATTERN = 'pattern_clarification';

/** Rasa's text of `utter_human_handoff_not_available` (rasa.com/docs/reference/primitives/patterns, default pattern configuration). */
export const DEFAULT_HANDOFF_TEXT =
  "I understand you want to be connected to a human agent, but that's something I cannot help you with at the moment. Is there something else I can help you with?";
/** Rasa's text of `utter_ask_rephrase`, which the default `pattern_cannot_handle` sends. */
export const DEFAULT_REPHRASE_TEXT = 'I’m sorry I am unable to understand you, could you please rephrase?';

/**
 * Actions Rasa itself provides: none of them hands the conversation to a person
 * (`action_handoff_metric` only marks the conversation "not contained" for analytics).
 */
export const BUILT_IN_ACTIONS: ReadonlySet<string> = new Set([
  'action_listen',
  'action_restart',
  'action_session_start',
  'action_default_fallback',
  'action_deactivate_loop',
  'action_revert_fallback_events',
  'action_default_ask_affirmation',
  'action_default_ask_rephrase',
  'action_two_stage_fallback',
  'action_back',
  'action_unlikely_intent',
  'action_extract_slots',
  'action_send_text',
  'action_validate_slot_mappings',
  'action_cancel_flow',
  'action_clarify_flows',
  'action_correct_flow_slot',
  'action_run_slot_rejections',
  'action_trigger_chitchat',
  'action_trigger_search',
  'action_handoff_metric',
  'action_clean_stack',
  'action_hangup',
  'action_repeat_bot_messages',
  'action_continue_interrupted_flow',
  'action_cancel_interrupted_flows',
  'action_block_digressions',
  'action_continue_digression',
]);

/** True for an action that sends a response (`utter_*`). */
export function isUtterance(action: string): boolean {
  return action.startsWith('utter_');
}

/** True for an action the project wrote itself (custom code, run by the action server). */
export function isCustomAction(action: string): boolean {
  return !isUtterance(action) && !BUILT_IN_ACTIONS.has(action) && !action.startsWith('pattern_');
}

/** What asking for a person does in this project. */
export type Handoff =
  /** `pattern_human_handoff` overridden with a custom action: a real transfer. */
  | {
      readonly kind: 'human';
      readonly flow: Flow;
      readonly action: string;
      readonly at: SourcePoint;
      /** What the bot says just before the action runs. */
      readonly say?: string;
      /** What the pattern does before the action, which the journey's offramp skips. */
      readonly before?: 'confirmation' | 'steps';
    }
  /** `pattern_human_handoff` overridden without a custom action: messages only. */
  | { readonly kind: 'message'; readonly flow: Flow; readonly steps: ParsedSteps }
  /** Not overridden: Rasa's default, which says no person is available. */
  | { readonly kind: 'default' };

/** What not being understood does in this project (`pattern_cannot_handle`, `pattern_clarification`). */
export interface Repair {
  /** What the bot says when it did not understand. */
  readonly say?: string;
  readonly actions: readonly string[];
  /** The overridden pattern links to `pattern_human_handoff`. */
  readonly linksToHandoff: boolean;
  /** Set when the override branches or runs steps the import reduces to one message. */
  readonly approximated?: SourcePoint;
  /** `pattern_clarification` hands over past a count: the Nth clarification in a row hands over. */
  readonly threshold?: { readonly count: number; readonly slot: string; readonly at: SourcePoint };
}

/** The texts of the utterances among some steps, in order. */
function textsOf(project: Project, nodes: readonly StepNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.kind !== 'action' || !n.subject || !isUtterance(n.subject)) continue;
    const text = project.responses.get(n.subject)?.text ?? (n.subject === 'utter_ask_rephrase' ? DEFAULT_REPHRASE_TEXT : n.subject === 'utter_human_handoff_not_available' ? DEFAULT_HANDOFF_TEXT : undefined);
    if (text) out.push(text);
  }
  return out;
}

/** Reads how the project hands customers over: the custom action of an overridden `pattern_human_handoff`, if any. */
export function analyseHandoff(tree: SourceTree, project: Project): Handoff {
  const flow = project.flows.get(HANDOFF_PATTERN);
  if (!flow) return { kind: 'default' };
  const steps = parseSteps(tree, flow.file, flow.id, flow.steps);
  const action = steps.all.find((n) => n.kind === 'action' && n.subject !== undefined && isCustomAction(n.subject));
  if (!action || !action.subject) return { kind: 'message', flow, steps };
  const before: StepNode[] = [];
  for (let i = action.position - 1; i >= 0; i--) {
    const n = action.sequence[i] as StepNode;
    if (n.kind !== 'action' || !n.subject || !isUtterance(n.subject)) break;
    before.unshift(n);
  }
  const say = textsOf(project, before).join(' ');
  const earlier = steps.all.filter((n) => n.order < action.order && !before.includes(n));
  const straight = action.root && earlier.every((n) => n.kind === 'action' && n.subject !== undefined && !isCustomAction(n.subject) && !n.branches);
  const confirms = steps.all.some((n) => n.kind === 'collect' && n.order < action.order) || (!action.root && steps.all.some((n) => n.kind === 'collect'));
  return {
    kind: 'human',
    flow,
    action: action.subject,
    at: tree.point(flow.file, action.raw, action.subject),
    ...(say ? { say } : {}),
    ...(confirms ? { before: 'confirmation' as const } : straight ? {} : { before: 'steps' as const }),
  };
}

/** The count past which a clarification pattern links to the handoff (`slots.n > 2` then `link: pattern_human_handoff`). */
function thresholdOf(tree: SourceTree, flow: Flow, steps: ParsedSteps): Repair['threshold'] {
  for (const node of steps.all) {
    for (const b of node.branches ?? []) {
      if (b.condition === undefined || b.target.kind !== 'steps') continue;
      if (!b.target.steps.some((s) => s.kind === 'link' && s.subject === HANDOFF_PATTERN)) continue;
      const c = parseCondition(b.condition);
      if (c?.k !== 'cmp' || c.a.k !== 'ref' || c.a.scope !== 'slots' || c.b.k !== 'lit' || typeof c.b.v !== 'number') continue;
      if (c.op !== '>' && c.op !== '>=') continue;
      const n = c.b.v;
      const count = Math.max(1, c.op === '>' ? Math.floor(n) + 1 : Math.ceil(n));
      return { count, slot: c.a.name, at: tree.point(flow.file, b.raw, `${flow.id}: if ${String(b.condition)}`) };
    }
  }
  return undefined;
}

/** Reads what happens when the bot did not understand: the default rephrase, an override, and a clarification count that hands over. */
export function analyseRepair(tree: SourceTree, project: Project): Repair {
  const cannot = project.flows.get(CANNOT_HANDLE_PATTERN);
  const clarification = project.flows.get(CLARIFICATION_PATTERN);
  const threshold = clarification ? thresholdOf(tree, clarification, parseSteps(tree, clarification.file, clarification.id, clarification.steps)) : undefined;
  if (!cannot) {
    return { say: project.responses.get('utter_ask_rephrase')?.text ?? DEFAULT_REPHRASE_TEXT, actions: [], linksToHandoff: false, ...(threshold ? { threshold } : {}) };
  }
  const steps = parseSteps(tree, cannot.file, cannot.id, cannot.steps);
  const texts = textsOf(project, steps.all);
  const actions = steps.all.filter((n) => n.kind === 'action' && n.subject !== undefined && !isUtterance(n.subject)).map((n) => n.subject as string);
  const linksToHandoff = steps.all.some((n) => (n.kind === 'link' || n.kind === 'call') && n.subject === HANDOFF_PATTERN);
  const simple = steps.all.every((n) => !n.branches && (n.kind === 'action' || n.kind === 'noop' || (n.kind === 'link' && n.subject === HANDOFF_PATTERN)));
  return {
    ...(texts.length > 0 ? { say: texts.join(' ') } : {}),
    actions,
    linksToHandoff,
    ...(simple ? {} : { approximated: cannot.at }),
    ...(threshold ? { threshold } : {}),
  };
}
