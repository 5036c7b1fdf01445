// Compiles one Copilot Studio topic (its action list) into a journey draft.
//
// Two passes. The first walks the actions in source order: it validates them, decides
// which actions become states (a Question, a ConditionGroup, a call, a transfer, an end,
// a flow...) and which messages are folded into the state that follows them, names the
// states and fields in source order, and translates the Power Fx once. The second builds
// the transitions by continuation: what follows an action is the entry of the next action
// of its list, or of the list around it, or the end of the topic. SetVariable,
// GotoAction and the like produce no state: they become `set` on the transition that
// passes them, or the target they jump to.
import { fieldsRead, stringLiteral } from '../../expr/ast.js';
import { parseExpression } from '../../expr/parse.js';
import { hoursFor, sourceValue } from '../emit.js';
import { eventNameFor, fieldNameFor, NameTable, snakeName } from '../names.js';
import type { ImportLoss, JourneyDraft, SourcePoint } from '../types.js';
import { actionsUnder, isMapping, type Bot, type CompiledTopic, type Escalation, type ExportedField, type Mapping, type Topic } from './model.js';
import { translateFx, variableReference, type FieldType, type FxResult } from './powerfx.js';

type SetValue = string | number | boolean | null;

/** Where a transition goes, with the `set` and `do` of the actions passed on the way. */
interface Target {
  readonly to: string;
  readonly set?: Readonly<Record<string, SetValue>>;
  readonly do?: readonly string[];
  /** The first action whose `set`/`do` this carries: names and positions the state made when it must stand alone. */
  readonly origin?: { readonly action: Mapping; readonly name: string };
}

type Category = 'message' | 'question' | 'condition' | 'set' | 'call' | 'escalate' | 'cut' | 'missing-call' | 'goto' | 'end' | 'transfer' | 'external' | 'wait' | 'pass' | 'telemetry';

const CATEGORIES: Readonly<Record<string, Category>> = {
  SendActivity: 'message',
  Question: 'question',
  ConditionGroup: 'condition',
  SetVariable: 'set',
  SetTextVariable: 'set',
  ResetVariable: 'set',
  BeginDialog: 'call',
  GotoAction: 'goto',
  EndDialog: 'end',
  EndConversation: 'end',
  CancelAllDialogs: 'end',
  TransferConversationV2: 'transfer',
  TransferConversation: 'transfer',
  InvokeFlowAction: 'external',
  InvokeConnectorAction: 'external',
  HttpRequestAction: 'external',
  SearchAndSummarizeContent: 'external',
  AnswerQuestionWithAI: 'external',
  CreateSearchQuery: 'external',
  InvokeAIBuilderModelAction: 'external',
  RecognizeIntent: 'external',
  OAuthInput: 'external',
  CSATQuestion: 'wait',
  AdaptiveCardPrompt: 'wait',
  ClearAllVariables: 'pass',
  ParseValue: 'pass',
  EditTable: 'pass',
  EditTableV2: 'pass',
  SignOutUser: 'pass',
  DisableTrigger: 'pass',
  LogCustomTelemetryEvent: 'telemetry',
};

/** Actions whose state a run of messages just before them is folded into. */
const MERGEABLE = new Set<Category>(['question', 'condition', 'call', 'end', 'transfer', 'wait']);

/** Actions that call something the journey cannot see: the effect they get and the loss they are. */
const EXTERNAL: Readonly<Record<string, { effect: string; loss: string; state: string; what: string }>> = {
  InvokeFlowAction: { effect: 'flow', loss: 'power-automate', state: 'flow', what: 'runs a Power Automate flow' },
  InvokeConnectorAction: { effect: 'connector', loss: 'connector', state: 'connector', what: 'calls a connector' },
  HttpRequestAction: { effect: 'http', loss: 'http-request', state: 'http_request', what: 'sends an HTTP request' },
  SearchAndSummarizeContent: { effect: 'ai', loss: 'generative-answers', state: 'generative_answers', what: 'answers from its knowledge sources with generated text' },
  AnswerQuestionWithAI: { effect: 'ai', loss: 'generative-answers', state: 'generative_answers', what: 'answers with generated text' },
  CreateSearchQuery: { effect: 'ai', loss: 'generative-answers', state: 'search_query', what: 'writes a search query with a language model' },
  InvokeAIBuilderModelAction: { effect: 'ai', loss: 'ai-builder', state: 'ai_model', what: 'runs an AI Builder model' },
  RecognizeIntent: { effect: 'ai', loss: 'recognize-intent', state: 'recognize_intent', what: 'recognizes an intent in a text' },
  OAuthInput: { effect: 'auth', loss: 'sign-in', state: 'sign_in', what: 'asks the customer to sign in' },
};

interface Field {
  readonly ref: string;
  readonly name: string;
  explicit?: FieldType;
  hint?: FieldType;
  set: boolean;
  host: boolean;
  fromQuestion: boolean;
  description?: string;
}

interface Head {
  readonly id: string;
  /** Messages folded into this state (said before its own words). */
  readonly messages: readonly Mapping[];
  /** For a run of messages that is a state of its own: the index after the run. */
  readonly after?: number;
  readonly implicitEnd?: boolean;
}

interface QuestionPlan {
  readonly field: Field;
  readonly events: readonly { readonly name: string; readonly value: SetValue }[];
}

interface Parent {
  readonly list: readonly unknown[];
  readonly index: number;
}

interface StateEntry {
  readonly rank: number;
  readonly body: Record<string, unknown>;
}

/** Rank of the states every journey shares (the end of the topic, the person, ...): after the topic's own. */
const SHARED_RANK = Number.MAX_SAFE_INTEGER - 10;

/** The first text of an activity: a string, `{ text: [...] }`, or `{ activity: ... }`. */
function activityText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (!isMapping(value)) return undefined;
  if ('activity' in value) return activityText(value.activity);
  const text = value.text;
  if (typeof text === 'string') return activityText(text);
  if (Array.isArray(text)) return activityText(text.find((t) => typeof t === 'string'));
  return undefined;
}

function hasCard(value: unknown): boolean {
  if (!isMapping(value)) return false;
  if ('activity' in value) return hasCard(value.activity);
  return Array.isArray(value.attachments) && value.attachments.length > 0;
}

function idOf(action: Mapping): string {
  return typeof action.id === 'string' ? action.id : String(action.kind ?? 'action');
}

function outcomeName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^Resolved/.test(value)) return 'resolved';
  return snakeName(value, 'o');
}

function readsField(value: SetValue, field: string): boolean {
  if (typeof value !== 'string') return false;
  const parsed = parseExpression(value);
  return parsed.expr ? fieldsRead(parsed.expr).includes(field) : false;
}

/** Compiles one topic; `sub` for a topic only other topics call. */
export class TopicCompiler {
  private readonly names = new NameTable();
  private readonly fieldNames = new NameTable();
  private readonly fields = new Map<string, Field>();
  private readonly categories = new Map<Mapping, Category>();
  private readonly heads = new Map<Mapping, Head>();
  private readonly parents = new Map<readonly unknown[], Parent | undefined>();
  private readonly gotoTargets = new Set<string>();
  private readonly byId = new Map<string, Parent>();
  private readonly questions = new Map<Mapping, QuestionPlan>();
  private readonly conditions = new Map<Mapping, { expression: string; ok: boolean }>();
  private readonly sets = new Map<Mapping, { field: Field; value: SetValue } | undefined>();
  private readonly callees = new Map<Mapping, Topic>();
  private readonly states = new Map<string, StateEntry>();
  private readonly memo = new Map<readonly unknown[], Map<number, Target>>();
  private readonly inProgress = new Set<string>();
  private readonly labels = new Map<string, string>();
  private readonly losses: ImportLoss[] = [];
  private readonly shared = new Map<string, string>();
  private readonly returning = new Set<string>();
  private readonly emptyLists = new Map<Mapping, unknown[]>();

  constructor(
    private readonly bot: Bot,
    private readonly topic: Topic,
    private readonly sub: boolean,
  ) {}

  /** Builds the journey draft. */
  compile(): CompiledTopic {
    const { topic, bot } = this;
    const escalation = bot.escalation;
    // The shared person gets the plain name: a designer looks for `agent`.
    if (escalation.mode === 'transfer' && !this.sub) this.names.name('shared:agent', 'agent');
    for (const action of actionsUnder(topic.actions)) {
      if (action.kind === 'GotoAction' && typeof action.actionId === 'string') this.gotoTargets.add(action.actionId);
    }
    this.index(topic.actions, undefined);
    this.walk(topic.actions, true);
    const start = this.stateFor(this.entry(topic.actions, 0));
    if (escalation.mode === 'transfer' && !this.sub) this.agent(escalation);
    return this.finish(start);
  }

  private point(action: Mapping, id = idOf(action)): SourcePoint {
    return this.bot.tree.point(this.topic.file, action, id);
  }

  private offset(action: Mapping): number {
    return this.bot.tree.spanOf(this.topic.file, action).start;
  }

  private loss(kind: string, message: string, state: string | undefined, at: SourcePoint): void {
    this.losses.push({ kind, message, ...(state ? { state } : {}), at });
  }

  private problem(code: 'bad-shape' | 'unknown-type' | 'missing-target', message: string, value: unknown, parent?: unknown, key?: string | number): void {
    this.bot.tree.problem(this.topic.file, code, message, parent !== undefined ? { value, parent, key } : { value });
  }

  // ---- fields ---------------------------------------------------------------

  private field(ref: string, wanted?: string): Field {
    let f = this.fields.get(ref);
    if (!f) {
      const local = /^(Topic|Global)\.(.+)$/.exec(ref);
      const name = this.fieldNames.name(ref, wanted ?? fieldNameFor(local ? (local[2] as string) : ref));
      f = { ref, name, set: false, host: !local, fromQuestion: false };
      this.fields.set(ref, f);
    }
    return f;
  }

  /**
   * Translates a formula, declaring the fields it reads only when the whole formula
   * translates (a refused formula must not leave fields nobody uses behind).
   */
  private fx(formula: string, expected?: FieldType): FxResult {
    const probe = translateFx(formula, (ref) => (this.knownReference(ref) ? 'f' : undefined), expected);
    return probe.ok ? translateFx(formula, this.resolve, expected) : probe;
  }

  private knownReference(ref: string): boolean {
    return /^(Topic|Global)\.[A-Za-z_]\w*$/.test(ref) || /^(System|Env)(\.[A-Za-z_]\w*)+$/.test(ref);
  }

  private readonly resolve = (ref: string): string | undefined => {
    if (this.knownReference(ref)) return this.field(ref).name;
    return undefined;
  };

  private hint(result: FxResult): void {
    if (!result.ok) return;
    for (const [name, type] of result.hints) {
      const f = [...this.fields.values()].find((x) => x.name === name);
      if (f && !f.hint) f.hint = type;
    }
  }

  private typed(f: Field, type: FieldType | undefined): void {
    if (type && !f.explicit) f.explicit = type;
  }

  /** Marks every `Topic.*`/`Global.*` an opaque action writes as a value the host sets. */
  private hostOutputs(action: Mapping): void {
    const refs: unknown[] = [action.variable, action.response, action.responseVariable, action.outputVariable, action.errorResponse];
    const output = action.output;
    if (isMapping(output) && isMapping(output.binding)) refs.push(...Object.values(output.binding));
    for (const r of refs) {
      const ref = variableReference(r);
      if (ref) this.field(ref).host = true;
    }
  }

  // ---- pass 1 ---------------------------------------------------------------

  private index(list: readonly unknown[], parent: Parent | undefined): void {
    this.parents.set(list, parent);
    list.forEach((action, index) => {
      if (!isMapping(action)) return;
      if (typeof action.id === 'string' && !this.byId.has(action.id)) this.byId.set(action.id, { list, index });
      if (action.kind !== 'ConditionGroup') return;
      for (const c of Array.isArray(action.conditions) ? action.conditions : []) {
        if (isMapping(c)) this.index(this.branch(c), { list, index });
      }
      if (Array.isArray(action.elseActions)) this.index(action.elseActions, { list, index });
    });
  }

  /** A condition's action list (one empty list per condition that has none, so it has a place in the maps). */
  private branch(condition: Mapping): readonly unknown[] {
    if (Array.isArray(condition.actions)) return condition.actions;
    let empty = this.emptyLists.get(condition);
    if (!empty) this.emptyLists.set(condition, (empty = []));
    return empty;
  }

  private isGotoTarget(action: unknown): boolean {
    return isMapping(action) && typeof action.id === 'string' && this.gotoTargets.has(action.id);
  }

  private categorize(action: unknown, list: readonly unknown[], index: number): Category | undefined {
    if (!isMapping(action) || typeof action.kind !== 'string') {
      this.problem('bad-shape', 'An action must be a mapping with a `kind`; this one is skipped.', action, list, index);
      return undefined;
    }
    let category = CATEGORIES[action.kind];
    if (!category) {
      this.problem('unknown-type', `\`${action.kind}\` is not a Copilot Studio action the import knows; it is skipped and the topic goes on with the next action.`, action);
      return undefined;
    }
    if (category === 'call') {
      const dialog = typeof action.dialog === 'string' ? action.dialog : undefined;
      const callee = dialog ? this.bot.topicFor(dialog) : undefined;
      const escalation = this.bot.escalation;
      if (!callee) {
        this.problem('missing-target', dialog ? `\`${dialog}\` names no topic of this export; the journey ends there with outcome \`missing_target\`.` : 'A BeginDialog needs a `dialog`.', action);
        category = 'missing-call';
      } else if (escalation.mode === 'transfer' && callee === escalation.topic) category = 'escalate';
      else if (this.bot.isCut(this.topic, callee)) category = 'cut';
      else this.callees.set(action, callee);
    }
    if (category === 'goto' && !(typeof action.actionId === 'string' && this.byId.has(action.actionId))) {
      this.problem('missing-target', `GotoAction names \`${String(action.actionId)}\`, which is no action of this topic; the journey ends there with outcome \`missing_target\`.`, action);
    }
    this.categories.set(action, category);
    return category;
  }

  private walk(list: readonly unknown[], endsTopic: boolean): void {
    const categories = list.map((a, i) => this.categorize(a, list, i));
    for (let i = 0; i < list.length; ) {
      const action = list[i];
      const category = categories[i];
      if (!isMapping(action) || !category) {
        i++;
        continue;
      }
      if (category === 'message') {
        let j = i + 1;
        while (j < list.length && categories[j] === 'message' && !this.isGotoTarget(list[j])) j++;
        const run = list.slice(i, j) as Mapping[];
        const next = list[j];
        const nextCategory = categories[j];
        if (j < list.length && isMapping(next) && nextCategory && MERGEABLE.has(nextCategory) && !this.isGotoTarget(next)) {
          this.pending.set(next, run);
        } else if (j >= list.length && endsTopic) {
          const outcome = run.map((m) => outcomeName(m.conversationOutcome)).filter((o) => o !== undefined).pop();
          this.heads.set(action, { id: this.names.name(`end:${idOf(action)}`, outcome ?? 'done'), messages: run, implicitEnd: true });
        } else {
          const text = activityText(action.activity);
          // A message state is named by its first words ("I couldn't find that order" -> i_couldn_t_find).
          const wanted = typeof action.displayName === 'string' ? snakeName(action.displayName) : text ? snakeName(text.split(/\s+/).slice(0, 3).join(' '), 'say') : 'message';
          this.heads.set(action, { id: this.names.name(`msg:${idOf(action)}`, wanted), messages: run, after: j });
        }
        i = j;
        continue;
      }
      this.plan(action, category, list, i, endsTopic);
      i++;
    }
  }

  /** Messages waiting to be folded into the state of the action they precede. */
  private readonly pending = new Map<Mapping, readonly Mapping[]>();

  private head(action: Mapping, wanted: string): void {
    const name = typeof action.displayName === 'string' && action.displayName.trim() !== '' ? snakeName(action.displayName) : wanted;
    this.heads.set(action, { id: this.names.name(`head:${idOf(action)}:${this.offset(action)}`, name), messages: this.pending.get(action) ?? [] });
  }

  private plan(action: Mapping, category: Category, list: readonly unknown[], index: number, endsTopic: boolean): void {
    switch (category) {
      case 'question':
        return this.planQuestion(action);
      case 'condition': {
        let first: string | undefined;
        const conditions = Array.isArray(action.conditions) ? action.conditions : [];
        if (!Array.isArray(action.conditions)) this.problem('bad-shape', 'A ConditionGroup needs a list of `conditions`.', action);
        for (const c of conditions) {
          if (!isMapping(c)) continue;
          const condition = c.condition;
          const result = typeof condition === 'string' ? this.fx(condition, 'boolean') : typeof condition === 'boolean' ? this.fx(String(condition)) : ({ ok: false, reason: 'the condition is missing' } as const);
          this.hint(result);
          if (result.ok) {
            this.conditions.set(c, { expression: result.expression, ok: true });
            const parsed = parseExpression(result.expression);
            first ??= parsed.expr ? fieldsRead(parsed.expr)[0] : undefined;
          } else {
            const key = typeof c.id === 'string' ? c.id : String(conditions.indexOf(c));
            const f = this.field(`Condition.${key}`, `cond_${snakeName(key.replace(/^condition(Item)?_?/i, ''), 'c')}`);
            f.explicit = 'boolean';
            f.description = `Power Fx condition the import could not translate: ${String(condition)}`;
            this.conditions.set(c, { expression: f.name, ok: false });
            this.conditionLosses.set(c, result.reason);
          }
        }
        this.head(action, first ? `check_${first}` : 'check');
        const last = index === list.length - 1 && endsTopic;
        for (const c of conditions) if (isMapping(c)) this.walk(this.branch(c), last);
        if (Array.isArray(action.elseActions)) this.walk(action.elseActions, last);
        return;
      }
      case 'set':
        return this.planSet(action);
      case 'call': {
        const callee = this.callees.get(action) as Topic;
        const output = action.output;
        if (isMapping(output) && isMapping(output.binding)) {
          for (const r of Object.values(output.binding)) {
            const ref = variableReference(r);
            if (ref) this.field(ref).set = true;
          }
        }
        return this.head(action, snakeName(callee.displayName || callee.schema));
      }
      case 'cut':
        return this.head(action, 'redirected');
      case 'end':
        return this.head(action, action.kind === 'EndConversation' ? 'end_conversation' : action.kind === 'CancelAllDialogs' ? 'cancelled' : 'done');
      case 'transfer':
        return this.head(action, isMapping(action.transferType) && action.transferType.kind === 'TransferToPhoneNumber' ? 'transfer_to_phone' : 'transfer_to_agent');
      case 'external': {
        this.hostOutputs(action);
        const info = EXTERNAL[action.kind as string] as (typeof EXTERNAL)[string];
        return this.head(action, info.state);
      }
      case 'wait':
        this.hostOutputs(action);
        return this.head(action, action.kind === 'CSATQuestion' ? 'ask_rating' : 'ask_card');
      case 'pass':
        this.hostOutputs(action);
        return;
      default:
        return;
    }
  }

  private readonly conditionLosses = new Map<Mapping, string>();

  private planQuestion(action: Mapping): void {
    const ref = variableReference(action.variable);
    if (!ref) {
      this.problem('bad-shape', 'A Question needs a `variable` such as `init:Topic.Answer`; the answer is kept in `answer` instead.', action);
    }
    const f = this.field(ref ?? 'Topic.Answer');
    f.set = true;
    f.fromQuestion = true;
    const entity = action.entity;
    const entityKind = typeof entity === 'string' ? entity : isMapping(entity) ? entity.kind : undefined;
    const events: { name: string; value: SetValue }[] = [];
    const eventNames = new NameTable(['agent_requested']);
    if (entityKind === 'BooleanPrebuiltEntity') {
      this.typed(f, 'boolean');
      events.push({ name: 'yes', value: true }, { name: 'no', value: false });
    } else if (entityKind === 'EmbeddedEntity' && isMapping(entity) && isMapping(entity.definition) && Array.isArray(entity.definition.items)) {
      this.typed(f, 'string');
      for (const item of entity.definition.items) {
        if (!isMapping(item) || (typeof item.id !== 'string' && typeof item.id !== 'number')) {
          this.problem('bad-shape', 'A closed list item needs an `id`; this one is skipped.', item);
          continue;
        }
        const id = String(item.id);
        const label = typeof item.displayName === 'string' && item.displayName.trim() !== '' ? item.displayName : id;
        events.push({ name: eventNames.name(id, eventNameFor(label)), value: stringLiteral(id) });
      }
    } else {
      this.typed(f, entityKind === 'NumberPrebuiltEntity' || entityKind === 'AgePrebuiltEntity' || entityKind === 'MoneyPrebuiltEntity' ? 'number' : 'string');
      events.push({ name: eventNames.name('given', eventNameFor(`${f.name}_given`)), value: 'event.value' });
    }
    this.questions.set(action, { field: f, events });
    this.head(action, `ask_${f.name}`);
  }

  private planSet(action: Mapping): void {
    const ref = variableReference(action.variable);
    if (!ref) {
      this.problem('bad-shape', `A ${String(action.kind)} needs a \`variable\` such as \`Topic.Total\`; it is skipped.`, action);
      this.sets.set(action, undefined);
      return;
    }
    const f = this.field(ref);
    if (action.kind === 'ResetVariable') {
      f.set = true;
      this.sets.set(action, { field: f, value: null });
      return;
    }
    const raw = action.kind === 'SetTextVariable' ? action.value : action.value;
    let value: SetValue | undefined;
    let reason: string | undefined;
    if (typeof raw === 'number' || typeof raw === 'boolean') {
      value = raw;
      this.typed(f, typeof raw as FieldType);
    } else if (typeof raw === 'string' && raw.trimStart().startsWith('=') && action.kind !== 'SetTextVariable') {
      const result = this.fx(raw);
      this.hint(result);
      if (result.ok) {
        value = result.literal !== undefined ? result.literal : result.expression;
        this.typed(f, result.type);
      } else reason = result.reason;
    } else if (typeof raw === 'string' && !/\{[^}]*\}/.test(raw)) {
      // Without `{...}` placeholders a SetTextVariable (or plain) text is a constant string.
      value = stringLiteral(raw);
      this.typed(f, 'string');
    } else reason = typeof raw === 'string' ? 'the text builds on other values' : 'the value is not a formula the import reads';
    if (value === undefined) {
      f.host = true;
      this.setLosses.set(action, reason as string);
      this.sets.set(action, undefined);
      return;
    }
    f.set = true;
    this.sets.set(action, { field: f, value });
  }

  private readonly setLosses = new Map<Mapping, string>();

  // ---- pass 2 ---------------------------------------------------------------

  private addState(id: string, rank: number, body: Record<string, unknown>): void {
    this.states.set(id, { rank, body });
  }

  private transition(t: Target): string | Record<string, unknown> {
    if (!t.set && !t.do) return t.to;
    return { to: t.to, ...(t.set ? { set: t.set } : {}), ...(t.do ? { do: t.do } : {}) };
  }

  /** A state id for `t`: its target, or a decision state of its own when it carries `set`/`do`. */
  private stateFor(t: Target): string {
    if (!t.set && !t.do) return t.to;
    const origin = t.origin;
    const key = `spill:${origin ? `${idOf(origin.action)}:${this.offset(origin.action)}` : t.to}:${JSON.stringify(t.set ?? {})}:${JSON.stringify(t.do ?? [])}`;
    const known = this.shared.get(key);
    if (known) return known;
    const id = this.names.name(key, origin?.name ?? 'next');
    this.shared.set(key, id);
    this.addState(id, origin ? this.offset(origin.action) : SHARED_RANK, {
      always: [this.choice(t)],
      ...(origin ? { 'x-source': sourceValue(this.point(origin.action)) } : {}),
    });
    return id;
  }

  private choice(t: Target, condition?: string): Record<string, unknown> {
    return { ...(condition !== undefined ? { if: condition } : {}), to: t.to, ...(t.set ? { set: t.set } : {}), ...(t.do ? { do: t.do } : {}) };
  }

  /** `t` with a `set` in front (as if it ran first), or a state of its own when the later sets read or write the same field. */
  private prependSet(field: string, value: SetValue, t: Target, origin: { action: Mapping; name: string }): Target {
    const later = t.set ?? {};
    const conflict = field in later || Object.values(later).some((v) => readsField(v, field));
    if (conflict) return { to: this.stateFor(t), set: { [field]: value }, origin };
    return { to: t.to, set: { [field]: value, ...later }, ...(t.do ? { do: t.do } : {}), origin };
  }

  private prependDo(effect: string, t: Target, origin: { action: Mapping; name: string }): Target {
    return { to: t.to, ...(t.set ? { set: t.set } : {}), do: [effect, ...(t.do ?? [])], origin };
  }

  private after(list: readonly unknown[]): Target {
    const parent = this.parents.get(list);
    return parent ? this.entry(parent.list, parent.index + 1) : { to: this.done() };
  }

  private entry(list: readonly unknown[], index: number): Target {
    let memo = this.memo.get(list);
    if (!memo) this.memo.set(list, (memo = new Map()));
    const known = memo.get(index);
    if (known) return known;
    if (index >= list.length) {
      const t = this.after(list);
      memo.set(index, t);
      return t;
    }
    const action = list[index];
    const category = isMapping(action) ? this.categories.get(action) : undefined;
    if (!isMapping(action) || !category) return this.entry(list, index + 1);
    const head = this.heads.get(action);
    if (head) {
      const t = { to: head.id };
      memo.set(index, t);
      this.build(action, category, head, list, index);
      return t;
    }
    // An action without a state of its own that a GotoAction leads back to: the loop needs a state.
    const key = `${idOf(action)}:${this.offset(action)}`;
    if (this.inProgress.has(key)) {
      let label = this.labels.get(key);
      if (!label) this.labels.set(key, (label = this.names.name(`label:${key}`, snakeName(typeof action.displayName === 'string' ? action.displayName : idOf(action)))));
      return { to: label };
    }
    this.inProgress.add(key);
    let t = this.flow(action, category, list, index);
    this.inProgress.delete(key);
    const label = this.labels.get(key);
    if (label) {
      this.addState(label, this.offset(action), { always: [this.choice(t)], 'x-source': sourceValue(this.point(action)) });
      t = { to: label };
    }
    memo.set(index, t);
    return t;
  }

  /** Where an action that is no state leads. */
  private flow(action: Mapping, category: Category, list: readonly unknown[], index: number): Target {
    const origin = { action, name: snakeName(typeof action.displayName === 'string' ? action.displayName : String(action.kind)) };
    switch (category) {
      case 'message': {
        let j = index + 1;
        while (j < list.length && this.categories.get(list[j] as Mapping) === 'message') j++;
        return this.entry(list, j);
      }
      case 'set': {
        const plan = this.sets.get(action);
        const next = this.entry(list, index + 1);
        if (!plan) {
          const reason = this.setLosses.get(action);
          if (reason) {
            const ref = variableReference(action.variable) as string;
            this.loss('power-fx', `The bot sets ${ref} with Power Fx the import cannot translate (${reason}); the journey treats ${this.field(ref).name} as a value the host sets.`, next.to, this.point(action));
          }
          return next;
        }
        return this.prependSet(plan.field.name, plan.value, next, { action, name: `set_${plan.field.name}` });
      }
      case 'goto': {
        const target = typeof action.actionId === 'string' ? this.byId.get(action.actionId) : undefined;
        return target ? this.entry(target.list, target.index) : { to: this.missingTarget(action) };
      }
      case 'escalate':
        return { to: this.escalationTarget(action) };
      case 'missing-call':
        return { to: this.missingTarget(action) };
      case 'telemetry': {
        const next = this.entry(list, index + 1);
        return this.prependDo(`telemetry.${snakeName(typeof action.eventName === 'string' ? action.eventName : 'event')}`, next, origin);
      }
      case 'pass': {
        const next = this.entry(list, index + 1);
        if (action.kind === 'ClearAllVariables') {
          this.loss('variables-cleared', 'The bot clears its variables here; the journey keeps its fields as they are.', next.to, this.point(action));
        } else {
          this.loss('unmapped-action', `The bot runs ${String(action.kind)} here; the journey goes straight on, and what it writes is a value the host sets.`, next.to, this.point(action));
        }
        return next;
      }
      default:
        return this.entry(list, index + 1);
    }
  }

  private say(head: Head, own?: unknown): string | undefined {
    const parts = head.messages.map((m) => activityText(m.activity)).filter((t): t is string => t !== undefined);
    const mine = own === undefined ? undefined : activityText(own);
    if (mine) parts.push(mine);
    return parts.length > 0 ? parts.join('\n\n') : undefined;
  }

  private cardLosses(head: Head, state: string, action: Mapping, own?: unknown): void {
    for (const m of head.messages) {
      if (hasCard(m.activity)) this.loss('adaptive-card', 'The bot shows a card here; the journey keeps only the text.', state, this.point(m));
    }
    if (own !== undefined && hasCard(own)) this.loss('adaptive-card', 'The bot shows a card here; the journey keeps only the text.', state, this.point(action));
  }

  private lastOutcome(head: Head, action?: Mapping): string | undefined {
    let outcome: string | undefined;
    for (const m of head.messages) outcome = outcomeName(m.conversationOutcome) ?? outcome;
    return (action ? outcomeName(action.conversationOutcome) : undefined) ?? outcome;
  }

  private build(action: Mapping, category: Category, head: Head, list: readonly unknown[], index: number): void {
    const id = head.id;
    const source = sourceValue(this.point(head.implicitEnd || category === 'message' ? (head.messages[0] as Mapping) : action));
    const rank = this.offset(action);
    const say = this.say(head, category === 'question' ? action.prompt : undefined);
    this.cardLosses(head, id, action, category === 'question' ? action.prompt : undefined);
    const sayKey = say !== undefined ? { say } : {};
    if (category === 'message') {
      if (head.implicitEnd) {
        const outcome = this.lastOutcome(head) ?? 'completed';
        this.returning.add(outcome);
        this.addState(id, rank, { type: 'end', ...sayKey, outcome, 'x-source': source });
      } else {
        this.addState(id, rank, { ...sayKey, always: [this.choice(this.entry(list, head.after ?? index + 1))], 'x-source': source });
      }
      return;
    }
    switch (category) {
      case 'question':
        return this.buildQuestion(action, id, rank, sayKey, list, index);
      case 'condition': {
        const conditions = (Array.isArray(action.conditions) ? action.conditions : []).filter(isMapping);
        const always: Record<string, unknown>[] = [];
        for (const c of conditions) {
          const plan = this.conditions.get(c);
          if (!plan) continue;
          const reason = this.conditionLosses.get(c);
          if (reason) {
            this.loss('power-fx', `The bot branches on \`${String(c.condition)}\`, which the import cannot translate (${reason}); the journey reads the host-set field ${plan.expression} instead.`, id, this.bot.tree.point(this.topic.file, c, typeof c.id === 'string' ? c.id : idOf(action)));
          }
          always.push(this.choice(this.entry(this.branch(c), 0), plan.expression));
        }
        always.push(this.choice(Array.isArray(action.elseActions) ? this.entry(action.elseActions, 0) : this.entry(list, index + 1)));
        this.addState(id, rank, { ...sayKey, always, 'x-source': source });
        return;
      }
      case 'call':
        return this.buildCall(action, id, rank, sayKey, source, list, index);
      case 'cut': {
        this.addState(id, rank, { type: 'end', ...sayKey, outcome: 'redirected', 'x-source': source });
        this.loss('call-cycle', `The bot starts \`${String(action.dialog)}\` here, which leads back to this topic; journeys cannot call in a circle, so the journey ends here with outcome \`redirected\`.`, id, this.point(action));
        return;
      }
      case 'end': {
        const returns = action.kind === 'EndDialog';
        const outcome = returns ? (this.lastOutcome(head, action) ?? 'completed') : action.kind === 'EndConversation' ? 'conversation_ended' : 'cancelled';
        if (returns) this.returning.add(outcome);
        this.addState(id, rank, { type: 'end', ...sayKey, outcome, 'x-source': source });
        return;
      }
      case 'transfer':
        this.addState(id, rank, this.human(action, say, source));
        return;
      case 'external': {
        const info = EXTERNAL[action.kind as string] as (typeof EXTERNAL)[string];
        const name = typeof action.displayName === 'string' && action.displayName.trim() !== '' ? action.displayName : info.state;
        const effect = `${info.effect}.${snakeName(name)}`;
        const next = this.entry(list, index + 1);
        this.addState(id, rank, { ...sayKey, do: [effect], always: [this.choice(next)], 'x-source': source });
        this.loss(info.loss, `The bot ${info.what} here; the journey runs the effect ${effect}, treats what it writes as values the host sets, and goes on at once.`, id, this.point(action));
        return;
      }
      case 'wait': {
        const next = this.entry(list, index + 1);
        const event = action.kind === 'CSATQuestion' ? 'rating_given' : 'card_submitted';
        this.addState(id, rank, { ...sayKey, on: { [event]: this.transition(next) }, 'x-source': source });
        if (action.kind === 'AdaptiveCardPrompt') this.loss('adaptive-card', 'The bot shows a card and waits for it to be submitted; the journey waits for `card_submitted`, and the card values are host-set fields.', id, this.point(action));
        return;
      }
      default:
        return;
    }
  }

  private buildQuestion(action: Mapping, id: string, rank: number, sayKey: { say?: string }, list: readonly unknown[], index: number): void {
    const plan = this.questions.get(action) as QuestionPlan;
    const field = plan.field.name;
    const origin = { action, name: `got_${field}` };
    const next = this.entry(list, index + 1);
    const on: Record<string, unknown> = {};
    for (const e of plan.events) on[e.name] = this.transition(this.prependSet(field, e.value, next, origin));
    const interruption = isMapping(action.interruptionPolicy) ? action.interruptionPolicy.allowInterruption !== false : true;
    const escalation = this.bot.escalation;
    if (escalation.mode === 'message' && interruption && this.bot.mayCallEscalate(this.topic)) on.agent_requested = this.escalateCall(escalation);
    // The retry prompt: `repeatCount` reprompts (Copilot Studio's default is two), then the
    // "no valid entity found" action: escalate, a default value, an empty value, or a topic.
    const repeat = typeof action.repeatCount === 'number' && Number.isInteger(action.repeatCount) ? Math.max(0, Math.min(action.repeatCount, 20)) : 2;
    const reprompt = activityText(action.unrecognizedPrompt) ?? activityText(action.prompt);
    const ladder: Record<string, unknown>[] = [];
    for (let k = 0; k < repeat; k++) ladder.push(reprompt ? { say: reprompt } : {});
    const voice = isMapping(action.voiceInputSettings) ? action.voiceInputSettings : {};
    const missing = typeof action.defaultValueMissingAction === 'string' ? action.defaultValueMissingAction : typeof voice.defaultValueMissingAction === 'string' ? voice.defaultValueMissingAction : undefined;
    const fallback = typeof action.fallbackDialogOnInvalidEntity === 'string' ? action.fallbackDialogOnInvalidEntity : undefined;
    if (missing === 'GoToDialog' && fallback) {
      ladder.push({ to: this.dialogCall(fallback, action) });
    } else if (action.defaultValue !== undefined && missing !== 'Escalate') {
      const value = this.literalOrFx(action.defaultValue, plan.field.explicit);
      ladder.push(value === undefined ? { to: this.stateFor(next) } : this.rung(this.prependSet(field, value, next, origin)));
    } else if (missing !== undefined && missing !== 'Escalate') {
      ladder.push(this.rung(this.prependSet(field, null, next, origin)));
    } else {
      ladder.push({ to: this.escalationTarget(action) });
    }
    const silence = typeof voice.fallbackDialogOnSilence === 'string' ? voice.fallbackDialogOnSilence : undefined;
    const noInput = silence ? [{ to: this.dialogCall(silence, action) }] : undefined;
    this.addState(id, rank, { ...sayKey, on, no_match: ladder, ...(noInput ? { no_input: noInput } : {}), 'x-source': sourceValue(this.point(action)) });
    const at = this.point(action);
    if (interruption) {
      this.loss('topic-switch', 'The customer can start another topic here instead of answering (and may come back to this one); the journey follows only this topic.', id, at);
    } else if (escalation.mode === 'transfer') {
      this.loss('no-interruption', 'The bot does not let the customer leave this question, so asking for a person is not understood here; the journey-wide offramp still offers one.', id, at);
    }
    if (action.invalidPrompt !== undefined || action.validation !== undefined) {
      this.loss('input-validation', 'The bot checks the answer and asks again when it is not valid; the journey accepts every answer.', id, at);
    }
    if (plan.field.ref.startsWith('Global.') && action.alwaysPrompt !== true) {
      this.loss('question-skipped', `The bot skips this question when ${plan.field.ref} already has a value; the journey always asks.`, id, at);
    }
  }

  private rung(t: Target): Record<string, unknown> {
    return { to: t.to, ...(t.set ? { set: t.set } : {}), ...(t.do ? { do: t.do } : {}) };
  }

  private literalOrFx(value: unknown, expected: FieldType | undefined): SetValue | undefined {
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value !== 'string') return undefined;
    if (!value.trimStart().startsWith('=')) return stringLiteral(value);
    const result = this.fx(value, expected);
    return result.ok ? (result.literal !== undefined ? result.literal : result.expression) : undefined;
  }

  private buildCall(action: Mapping, id: string, rank: number, sayKey: { say?: string }, source: Record<string, unknown>, list: readonly unknown[], index: number): void {
    const topic = this.callees.get(action) as Topic;
    const callee = this.bot.compiled(topic);
    const input: Record<string, SetValue> = {};
    const output: Record<string, SetValue> = {};
    const binding = (value: unknown): Mapping => (isMapping(value) && isMapping(value.binding) ? value.binding : {});
    for (const [param, value] of Object.entries(binding(action.input))) {
      const target = callee.fields.get(`Topic.${param}`);
      if (!target) continue;
      const translated = this.literalOrFx(value, target.type);
      if (translated !== undefined) input[target.name] = translated;
    }
    // Global variables are the bot's own, shared by every topic: the callee gets the
    // caller's values and hands back what it sets.
    for (const [ref, theirs] of callee.fields) {
      const mine = this.fields.get(ref);
      if (!ref.startsWith('Global.') || !mine || (mine.explicit ?? mine.hint ?? 'string') !== theirs.type) continue;
      input[theirs.name] = mine.name;
      if (theirs.set) output[mine.name] = theirs.name;
    }
    for (const [param, ref] of Object.entries(binding(action.output))) {
      const variable = variableReference(ref);
      const theirs = callee.fields.get(`Topic.${param}`);
      if (variable && theirs) output[this.field(variable).name] = theirs.name;
    }
    const outcomes: Record<string, string> = {};
    for (const o of callee.returning) outcomes[o] = this.stateFor(this.entry(list, index + 1));
    this.addState(id, rank, {
      type: 'call',
      ...sayKey,
      call: callee.draft.id,
      ...(Object.keys(input).length > 0 ? { input } : {}),
      ...(Object.keys(output).length > 0 ? { output } : {}),
      ...(Object.keys(outcomes).length > 0 ? { outcomes } : {}),
      'x-source': source,
    });
  }

  /** A call of the topic a Question falls back to (no valid answer, silence); it does not come back. */
  private dialogCall(dialog: string, action: Mapping): string {
    const topic = this.bot.topicFor(dialog);
    if (!topic) {
      this.problem('missing-target', `\`${dialog}\` names no topic of this export; the journey ends there with outcome \`missing_target\`.`, action);
      return this.missingTarget(action);
    }
    if (this.bot.escalation.mode === 'transfer' && topic === this.bot.escalation.topic) return this.escalationTarget(action);
    if (topic === this.topic || this.bot.isCut(this.topic, topic)) return this.escalationTarget(action);
    const key = `dialog:${topic.schema}`;
    const known = this.shared.get(key);
    if (known) return known;
    const id = this.names.name(key, snakeName(topic.displayName || topic.schema));
    this.shared.set(key, id);
    this.addState(id, SHARED_RANK + 3, { type: 'call', call: this.bot.compiled(topic).draft.id, 'x-source': sourceValue(this.bot.tree.point(topic.file, topic.begin, topic.displayName)) });
    return id;
  }

  // ---- shared states --------------------------------------------------------

  private sharedState(key: string, wanted: string, rank: number, body: (id: string) => Record<string, unknown>): string {
    const known = this.shared.get(key);
    if (known) return known;
    const id = this.names.name(key, wanted);
    this.shared.set(key, id);
    this.addState(id, rank, body(id));
    return id;
  }

  private done(): string {
    return this.sharedState('shared:done', 'done', SHARED_RANK, () => {
      this.returning.add('completed');
      const last = [...this.topic.actions].reverse().find(isMapping);
      return { type: 'end', outcome: 'completed', 'x-source': sourceValue(last ? this.point(last) : this.bot.tree.point(this.topic.file, this.topic.begin, this.topic.displayName)) };
    });
  }

  private missingTarget(action: Mapping): string {
    return this.sharedState('shared:missing', 'missing_target', SHARED_RANK + 1, () => ({ type: 'end', outcome: 'missing_target', 'x-source': sourceValue(this.point(action)) }));
  }

  /** Where the bot's "escalate" goes: the person, a call of the message-only Escalate topic, or an end. */
  private escalationTarget(action: Mapping): string {
    const escalation = this.bot.escalation;
    if (escalation.mode === 'transfer') return this.agent(escalation);
    if (escalation.mode === 'message' && this.bot.mayCallEscalate(this.topic)) return this.escalateCall(escalation);
    return this.sharedState('shared:escalated', 'escalated', SHARED_RANK + 2, () => ({ type: 'end', outcome: 'escalated', 'x-source': sourceValue(this.point(action)) }));
  }

  private escalateCall(escalation: Extract<Escalation, { mode: 'message' }>): string {
    const topic = escalation.topic;
    return this.sharedState('shared:escalate', 'escalate', SHARED_RANK + 4, () => ({
      type: 'call',
      call: this.bot.compiled(topic).draft.id,
      'x-source': sourceValue(this.bot.tree.point(topic.file, topic.begin, topic.displayName)),
    }));
  }

  /** The person of the Escalate topic's transfer, in this journey. */
  private agent(escalation: Extract<Escalation, { mode: 'transfer' }>): string {
    return this.sharedState('shared:agent', 'agent', SHARED_RANK + 5, (id) => {
      const { topic, transfer, messages } = escalation;
      const texts = messages.map((m) => activityText(m.activity)).filter((t): t is string => t !== undefined);
      const at = this.bot.tree.point(topic.file, transfer, idOf(transfer));
      const body = this.human(transfer, texts.length > 0 ? texts.join('\n\n') : undefined, sourceValue(at));
      if (escalation.simplified) {
        this.loss('escalate-simplified', `The bot's Escalate topic (${topic.file.rel}) does more than talk and transfer; the journey's way to a person goes straight to its transfer.`, id, at);
      }
      return body;
    });
  }

  private human(action: Mapping, say: string | undefined, source: Record<string, unknown>): Record<string, unknown> {
    const transfer = isMapping(action.transferType) ? action.transferType : {};
    const phone = transfer.kind === 'TransferToPhoneNumber';
    const queue = phone ? (typeof transfer.phoneNumber === 'string' || typeof transfer.phoneNumber === 'number' ? `tel:${String(transfer.phoneNumber).replace(/\s+/g, '')}` : 'phone') : 'engagement-hub';
    const context = isMapping(transfer.context) ? transfer.context : undefined;
    let carry: string[];
    // A phone transfer hands over the call and nothing else.
    if (phone) carry = [];
    else if (context?.kind === 'ManualTransferContext' && isMapping(context.contextVariables)) {
      const refs = Object.values(context.contextVariables).flatMap((v) => (typeof v === 'string' ? [...v.matchAll(/(Topic|Global)\.[A-Za-z_]\w*/g)].map((m) => m[0]) : []));
      carry = [...new Set(refs.map((r) => this.fields.get(r)?.name).filter((n): n is string => n !== undefined))];
    } else {
      // The automatic context hands the person the conversation itself: what the customer answered.
      carry = [...this.fields.values()].filter((f) => f.fromQuestion).map((f) => f.name);
    }
    const message = typeof transfer.messageToAgent === 'string' && transfer.messageToAgent.trim() !== '' ? transfer.messageToAgent.trim() : undefined;
    return {
      type: 'human',
      ...(say !== undefined ? { say } : {}),
      ...(message ? { description: `Message to the agent: ${message}` } : {}),
      queue,
      hours: hoursFor(this.bot.options),
      ...(carry.length > 0 ? { carry } : {}),
      'x-source': source,
    };
  }

  // ---- the draft ------------------------------------------------------------

  private finish(start: string): CompiledTopic {
    const { topic, bot } = this;
    const context: Record<string, unknown> = {};
    const exported = new Map<string, ExportedField>();
    for (const f of this.fields.values()) {
      const type = f.explicit ?? f.hint ?? 'string';
      const input = f.host || !f.set;
      context[f.name] = { type, ...(input ? { input: true } : {}), ...(f.description ? { description: f.description } : {}) };
      exported.set(f.ref, { name: f.name, type, set: f.set });
    }
    const ordered = [...this.states.entries()].sort((a, b) => (a[0] === start ? -1 : b[0] === start ? 1 : a[1].rank - b[1].rank || (a[0] < b[0] ? -1 : 1)));
    const states: Record<string, unknown> = {};
    for (const [id, s] of ordered) states[id] = s.body;
    const escalation = bot.escalation;
    const offramp =
      escalation.mode === 'transfer' && !this.sub ? { to: this.shared.get('shared:agent') as string, on: ['agent_requested'], ...(escalation.noMatch ? { no_match: escalation.noMatch } : {}) } : undefined;
    const description =
      typeof topic.root.modelDescription === 'string'
        ? topic.root.modelDescription
        : isMapping(topic.root['mcs.metadata']) && typeof topic.root['mcs.metadata'].description === 'string'
          ? topic.root['mcs.metadata'].description
          : undefined;
    const id = bot.journeyIdOf(topic);
    const intent = !this.sub ? snakeName(topic.displayName, 'i') : undefined;
    const document: Record<string, unknown> = {
      title: topic.displayName,
      ...(this.sub ? { sub_journey: true } : {}),
      ...(description ? { description: description.trim() } : {}),
      ...(intent ? { intent } : {}),
      ...(Object.keys(context).length > 0 ? { context } : {}),
      ...(offramp ? { offramp } : {}),
      start,
      states,
    };
    const source = bot.tree.point(topic.file, topic.begin, topic.displayName);
    if (bot.generative && !this.sub) {
      this.loss('generative-orchestration', 'The agent picks topics with generative orchestration, which may also answer, ask and call tools on its own; the journey follows only this topic as written.', start, source);
    }
    const losses = [...this.losses].sort((a, b) => a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line || a.at.column - b.at.column || a.kind.localeCompare(b.kind));
    const draft: JourneyDraft = { id, source, document, losses, notes: this.notes() };
    return { draft, returning: [...this.returning].sort(), fields: exported };
  }

  private notes(): string[] {
    const { bot, topic } = this;
    const escalation = bot.escalation;
    const notes: string[] = [];
    const own = escalation.mode !== 'none' && escalation.topic === topic;
    if (own) {
      notes.push('This is the Escalate system topic: customers start it by asking for a person, and the other journeys run it where they do. It transfers to nobody.');
      return notes;
    }
    if (this.sub) notes.push(`Topic ${topic.schema} (${topic.trigger}) is only started by other topics, so it is a sub-journey.`);
    if (escalation.mode === 'transfer') {
      notes.push(`The Escalate topic (${escalation.topic.file.rel}) transfers to a person: asking for one${this.sub ? '' : ', or the offramp,'} leads to \`agent\`.`);
      if (!this.sub && escalation.noMatch) notes.push(`The Fallback topic escalates once ${escalation.noMatch} inputs in a row are not understood: offramp.no_match.`);
    } else if (escalation.mode === 'message') {
      notes.push(`The Escalate topic (${escalation.topic.file.rel}) only sends a message; it transfers to nobody, so asking for a person leads to the \`escalate\` call, not to a person.`);
    } else {
      notes.push('The export has no Escalate topic: nothing here transfers to a person unless a topic does so itself.');
    }
    return notes;
  }
}
