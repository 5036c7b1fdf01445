import { stringLiteral } from '../../expr/ast.js';
import { plural } from '../../diagnostics/display.js';
import { hoursFor, sourceValue } from '../emit.js';
import { eventNameFor, NameTable, snakeName } from '../names.js';
import type { SourceTree } from '../sources.js';
import type { ImportLoss, ImportOptions, SourcePoint } from '../types.js';
import { Fields, sequence, type FieldType } from './fields.js';
import { objectOf, textOf, type At, type Condition, type Flow, type FlowAction, type Target } from './read.js';

/** Where a `TransferToFlow` goes: a journey of the import, or nowhere the import can follow. */
export type Callee = { readonly journey: string } | { readonly end: string; readonly kind: 'flow-not-imported' | 'flow-cycle'; readonly label: string };

/** What building one flow needs from the rest of the import. */
export interface BuildContext {
  readonly tree: SourceTree;
  readonly options: ImportOptions;
  /** The journey id of this flow. */
  readonly journey: string;
  /** Resolves a `TransferToFlow` of this flow. */
  callee(action: FlowAction): Callee;
}

/** A call state of the built journey, so the import can pass contact attributes once every journey is built. */
export interface CallSite {
  readonly state: Record<string, unknown>;
  readonly callee: string;
}

/** One flow, built: the journey document (mutable until emitted), its losses, its calls and its fields. */
export interface BuiltFlow {
  readonly document: Record<string, unknown>;
  readonly losses: ImportLoss[];
  readonly calls: readonly CallSite[];
  readonly fields: Fields;
}

// What each action type is to the journey.
const WAITING = new Set(['GetParticipantInput', 'ConnectParticipantWithLexBot']);
const ENDS = new Set(['DisconnectParticipant', 'EndFlowExecution', 'EndFlowModuleExecution']);
const TRANSFERS = new Set(['TransferContactToQueue', 'DequeueContactAndTransferToQueue']);
const DECISIONS = new Set(['Compare', 'Loop', 'CheckHoursOfOperation', 'CheckMetricData', 'CheckStaffing']);
/** Known actions that branch on something the journey cannot see: a host input decides. */
const OPAQUE_BRANCHES = new Set(['DistributeByPercentage', 'CheckOutboundCallStatus', 'CheckVoiceId', 'Wait', 'ShowView', 'InvokeFlowModule', 'GetCustomerProfile']);
/** Known actions that run and go on: the customer sees nothing, or a message. */
const PASSING = new Set([
  'MessageParticipant',
  'MessageParticipantIteratively',
  'UpdateContactAttributes',
  'UpdateContactTargetQueue',
  'UpdateContactRoutingBehavior',
  'UpdateRoutingCriteria',
  'UpdateContactEventHooks',
  'UpdateFlowLoggingBehavior',
  'UpdateContactRecordingBehavior',
  'UpdateContactRecordingAndAnalyticsBehavior',
  'UpdateContactTextToSpeechVoice',
  'UpdateContactCallbackNumber',
  'UpdateContactData',
  'UpdateContactMediaProcessing',
  'UpdateContactMediaStreamingBehavior',
  'UpdateFlowAttributes',
  'UpdatePreviousContactParticipantState',
  'StartVoiceIdStream',
  'TagContact',
  'UnTagContact',
  'GetMetricData',
  'CreateTask',
  'InvokeLambdaFunction',
  'AssociateContactToCustomerProfile',
]);
/** Every type the importer knows; anything else is an `unknown-type` problem. */
export const KNOWN_TYPES: ReadonlySet<string> = new Set([...WAITING, ...ENDS, ...TRANSFERS, ...DECISIONS, ...OPAQUE_BRANCHES, ...PASSING, 'CreateCallbackContact', 'TransferToFlow']);
/** Error branches the journey models; the others are the action failing, which the journey leaves out. */
const INPUT_ERRORS = { noInput: ['InputTimeLimitExceeded'], noMatch: ['NoMatchingCondition', 'InvalidPhoneNumber'] };

type Kind = 'wait' | 'decision' | 'lambda' | 'opaque' | 'end' | 'transfer' | 'callback' | 'flow' | 'passing' | 'stop';

/** An exit of an action that the journey follows. */
interface Exit {
  readonly target: Target;
}

/** What a chain of passing actions does on the way to the next state. */
interface Effects {
  readonly says: string[];
  readonly does: string[];
  sets: Map<string, string>;
  readonly losses: PendingLoss[];
}

interface PendingLoss {
  readonly kind: string;
  readonly message: string;
  readonly action: FlowAction;
}

/** A move into a state: its id and the assignments on the way. */
interface Move {
  readonly to: string;
  readonly set: ReadonlyMap<string, string>;
}

interface Node {
  readonly key: string;
  readonly id: string;
  readonly build: (self: Node) => Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNSET_QUEUE = '';
const UNSET_QUEUE_NAME = 'queue-set-before-this-flow';

/** Plain text of a prompt: SSML tags dropped, entities decoded, spaces collapsed. */
function plain(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function isPath(text: string): boolean {
  return /^\$\.[A-Za-z0-9_.\- ]+$/.test(text.trim());
}

/** The last part of an ARN or JSONPath, or a `{{templates.NAME.arn}}` name. */
function shortName(reference: string): string {
  const template = /^\{\{\s*[\w-]+\.([^.}]+)\.\w+\s*\}\}$/.exec(reference);
  if (template) return template[1] as string;
  const parts = reference.split(/[:/]/);
  return parts[parts.length - 1] ?? reference;
}

function lower(text: string | undefined): string {
  return (text ?? '').toLowerCase();
}

/** Builds the journey of one contact flow. */
export function buildFlow(flow: Flow, context: BuildContext): BuiltFlow | undefined {
  return new FlowBuilder(flow, context).build();
}

class FlowBuilder {
  private readonly tree: SourceTree;
  private readonly fields = new Fields();
  private readonly names = new NameTable();
  private readonly nodes = new Map<string, Node>();
  private readonly queue: Node[] = [];
  private readonly losses: ImportLoss[] = [];
  private readonly lossSeen = new Set<string>();
  private readonly calls: CallSite[] = [];
  /** Actions the journey uses (as a state or folded into one). */
  private readonly used = new Set<string>();
  /** Actions that go straight on to another: an unknown type, an hours check made at a transfer. */
  private readonly passThrough = new Map<string, Target>();
  /** Closed-hours targets of transfers, from the hours check just before them. */
  private readonly closedAt = new Map<string, { target: Target; check: FlowAction }>();
  private readonly predecessors = new Map<string, Set<string>>();
  private readonly queuesAt = new Map<string, Set<string>>();
  private queueField?: string;
  /** Chains already resolved into merged states: head action -> landing action. */
  private readonly merged = new Map<string, string>();
  private readonly resolving = new Set<string>();
  private droppedErrors = 0;
  private readonly reported = new Set<string>();

  constructor(
    private readonly flow: Flow,
    private readonly context: BuildContext,
  ) {
    this.tree = context.tree;
  }

  build(): BuiltFlow | undefined {
    const { flow, tree } = this;
    if (!flow.start) {
      tree.problem(flow.file, 'bad-shape', `The flow has no \`${flow.schema === 'legacy' ? 'start' : 'StartAction'}\`, so there is nowhere to begin; it is not imported.`, { value: flow.file.data });
      return undefined;
    }
    if (!flow.byId.has(flow.start.id)) {
      tree.problem(flow.file, 'missing-target', `The flow starts at \`${flow.start.id}\`, which is not one of its actions; it is not imported.`, flow.start.at);
      return undefined;
    }
    for (const action of flow.byId.values()) {
      if (!KNOWN_TYPES.has(action.type)) {
        tree.problem(
          flow.file,
          'unknown-type',
          action.next
            ? `\`${action.written}\` is not an action type the importer knows; the journey goes straight on to its NextAction.`
            : `\`${action.written}\` is not an action type the importer knows, and it has no NextAction; the journey ends there.`,
          { value: action.value },
        );
        if (action.next) this.passThrough.set(action.id, action.next);
      }
    }
    this.findHoursAtTransfers();
    this.countPredecessors();
    this.followQueues();

    const start = this.resolve(flow.start, undefined, true);
    for (let i = 0; i < this.queue.length; i++) {
      const node = this.queue[i] as Node;
      this.states.set(node.id, node.build(node));
    }
    this.noteLeftOut();
    const document: Record<string, unknown> = {
      journey: this.context.journey,
      title: flow.name,
      ...(flow.description ? { description: flow.description } : {}),
    };
    const contextFields = this.fields.document();
    if (Object.keys(contextFields).length > 0) document.context = contextFields;
    document.start = start.to;
    document.states = Object.fromEntries(this.states);
    return { document, losses: this.losses, calls: this.calls, fields: this.fields };
  }

  private readonly states = new Map<string, Record<string, unknown>>();

  // -------------------------------------------------------------------------
  // The action graph

  private action(id: string): FlowAction | undefined {
    return this.flow.byId.get(id);
  }

  private kind(action: FlowAction): Kind {
    const type = action.type;
    if (this.passThrough.has(action.id)) return 'passing';
    if (WAITING.has(type)) return 'wait';
    if (ENDS.has(type)) return 'end';
    if (TRANSFERS.has(type)) return 'transfer';
    if (type === 'CreateCallbackContact') return 'callback';
    if (type === 'TransferToFlow') return 'flow';
    if (DECISIONS.has(type)) return 'decision';
    if (type === 'InvokeLambdaFunction' && this.lambdaError(action)) return 'lambda';
    if (OPAQUE_BRANCHES.has(type) && action.conditions.length > 0) return 'opaque';
    if ((PASSING.has(type) || OPAQUE_BRANCHES.has(type)) && action.next) return 'passing';
    return 'stop';
  }

  /** The error branch of a Lambda call, when it goes somewhere other than the normal path. */
  private lambdaError(action: FlowAction): Target | undefined {
    const error = action.errors.find((e) => e.type === 'NoMatchingError') ?? action.errors[0];
    return error && error.target.id !== action.next?.id ? error.target : undefined;
  }

  private nextOf(action: FlowAction): Target | undefined {
    return this.passThrough.get(action.id) ?? action.next;
  }

  private errorTarget(action: FlowAction, types: readonly string[]): Target | undefined {
    for (const t of types) {
      const e = action.errors.find((x) => x.type === t);
      if (e) return e.target;
    }
    return undefined;
  }

  /** The targets the journey follows from an action (in-degree and queues are counted on these). */
  private exits(action: FlowAction): readonly Exit[] {
    const known = this.exitCache.get(action.id);
    if (known) return known;
    const exits = this.computeExits(action);
    this.exitCache.set(action.id, exits);
    return exits;
  }

  private readonly exitCache = new Map<string, readonly Exit[]>();

  private computeExits(action: FlowAction): Exit[] {
    const out: Target[] = [];
    const kind = this.kind(action);
    switch (kind) {
      case 'passing':
      case 'callback': {
        const next = this.nextOf(action);
        if (next) out.push(next);
        break;
      }
      case 'wait':
      case 'decision':
      case 'opaque':
        for (const c of action.conditions) out.push(c.target);
        if (action.next) out.push(action.next);
        for (const t of [...INPUT_ERRORS.noInput, ...INPUT_ERRORS.noMatch]) {
          const e = this.errorTarget(action, [t]);
          if (e) out.push(e);
        }
        break;
      case 'lambda':
        if (action.next) out.push(action.next);
        out.push(this.lambdaError(action) as Target);
        break;
      case 'transfer': {
        const fallback = this.errorTarget(action, ['QueueAtCapacity', 'NoMatchingError']);
        if (fallback) out.push(fallback);
        const closed = this.closedAt.get(action.id);
        if (closed) out.push(closed.target);
        break;
      }
      default:
        break;
    }
    return out.map((target) => ({ target }));
  }

  private countPredecessors(): void {
    const add = (to: string, from: string): void => {
      let set = this.predecessors.get(to);
      if (!set) this.predecessors.set(to, (set = new Set()));
      set.add(from);
    };
    if (this.flow.start) add(this.flow.start.id, '');
    for (const action of this.flow.byId.values()) for (const e of this.exits(action)) add(e.target.id, action.id);
  }

  private predecessorCount(id: string): number {
    return this.predecessors.get(id)?.size ?? 0;
  }

  /** An hours check whose open branch runs straight into a queue transfer becomes that transfer's `hours` and `when_closed`. */
  private findHoursAtTransfers(): void {
    for (const check of this.flow.byId.values()) {
      if (check.type !== 'CheckHoursOfOperation') continue;
      const open = check.conditions.find((c) => lower(c.operands[0]) === 'true')?.target;
      const closed = check.conditions.find((c) => lower(c.operands[0]) === 'false')?.target ?? check.next;
      if (!open || !closed) continue;
      const seen = new Set<string>();
      let at = this.action(open.id);
      while (at && !seen.has(at.id) && this.kind(at) === 'passing') {
        seen.add(at.id);
        const next = this.nextOf(at);
        at = next ? this.action(next.id) : undefined;
      }
      if (!at || this.kind(at) !== 'transfer') continue;
      const earlier = this.closedAt.get(at.id);
      if (earlier && earlier.target.id !== closed.id) continue;
      this.closedAt.set(at.id, { target: closed, check });
      this.passThrough.set(check.id, open);
    }
  }

  /** The working queues that can be in effect at each action (a small set: the queues the flow names). */
  private followQueues(): void {
    const start = this.flow.start;
    if (!start) return;
    const work: [string, string][] = [[start.id, UNSET_QUEUE]];
    while (work.length > 0) {
      const [id, queue] = work.pop() as [string, string];
      const action = this.action(id);
      if (!action) continue;
      let set = this.queuesAt.get(id);
      if (!set) this.queuesAt.set(id, (set = new Set()));
      if (set.has(queue)) continue;
      set.add(queue);
      const out = action.type === 'UpdateContactTargetQueue' ? this.queueLabel(action) : queue;
      for (const e of this.exits(action)) work.push([e.target.id, out]);
    }
    for (const [id, set] of this.queuesAt) {
      const action = this.action(id);
      if (action && this.kind(action) === 'transfer' && set.size > 1) {
        this.queueField = this.fields.own('$queue', 'target_queue', { type: 'string', internal: true, description: 'The working queue the flow set last (Set working queue).' });
      }
    }
  }

  /** The queue an `UpdateContactTargetQueue` sets, by the name the designer saw when the export has it. */
  private queueLabel(action: FlowAction): string {
    const meta = action.metadata;
    const names = objectOf(meta.names);
    const named = textOf(objectOf(meta.queue)?.text) ?? textOf(names?.QueueId);
    const raw = named ?? textOf(action.parameters.QueueId) ?? (textOf(action.parameters.AgentId) ? `agent:${textOf(action.parameters.AgentId)}` : undefined) ?? textOf(meta.queue);
    return (raw ?? 'unnamed-queue').trim().replace(/\s+/g, '-') || 'unnamed-queue';
  }

  // -------------------------------------------------------------------------
  // States

  private point(action: FlowAction): SourcePoint {
    return this.tree.point(this.flow.file, action.value, action.id);
  }

  private pointAt(at: At, id: string): SourcePoint {
    return this.tree.point(this.flow.file, at.value, id, at.parent, at.key);
  }

  private node(key: string, wanted: string, build: (self: Node) => Record<string, unknown>): Node {
    const known = this.nodes.get(key);
    if (known) return known;
    const node: Node = { key, id: this.names.name(key, wanted), build };
    this.nodes.set(key, node);
    this.queue.push(node);
    return node;
  }

  private loss(kind: string, message: string, state: string | undefined, at: SourcePoint, key = `${kind}|${at.id}`): void {
    if (this.lossSeen.has(key)) return;
    this.lossSeen.add(key);
    this.losses.push({ kind, message, ...(state ? { state } : {}), at });
  }

  /** The id a state of this action should have: the action's own readable Identifier, else what it does. */
  private wantedName(action: FlowAction): string {
    if (!UUID.test(action.id) && /[a-z]/i.test(action.id)) return snakeName(action.id).slice(0, 40).replace(/_+$/, '');
    const p = action.parameters;
    switch (action.type) {
      case 'GetParticipantInput':
        return action.conditions.length > 0 ? 'menu' : lower(textOf(p.StoreInput)) === 'true' ? 'enter_digits' : 'get_input';
      case 'ConnectParticipantWithLexBot': {
        const bot = this.lexBotName(action);
        return bot ? `lex_${snakeName(bot)}`.slice(0, 40) : 'lex_bot';
      }
      case 'Compare': {
        const path = textOf(p.ComparisonValue) ?? '';
        return `check_${snakeName(path.replace(/^\$\.(External|Attributes)\./, '').replace(/^\$\./, ''))}`.slice(0, 40);
      }
      case 'CheckHoursOfOperation':
        return 'check_hours';
      case 'CheckMetricData':
      case 'CheckStaffing':
        return 'check_staffing';
      case 'InvokeLambdaFunction':
        return `lambda_${snakeName(this.lambdaName(action))}`.slice(0, 40);
      case 'DisconnectParticipant':
        return 'disconnect';
      case 'EndFlowExecution':
      case 'EndFlowModuleExecution':
        return 'end_flow';
      case 'CreateCallbackContact':
        return 'callback';
      case 'TransferToFlow':
        return `to_${snakeName(this.flowLabel(action))}`.slice(0, 40);
      case 'TransferContactToQueue':
      case 'DequeueContactAndTransferToQueue': {
        const queues = [...(this.queuesAt.get(action.id) ?? [])];
        const queue = queues.length === 1 ? (queues[0] as string) : UNSET_QUEUE;
        return queue === UNSET_QUEUE || isPath(queue) || queue.length > 30 || /^arn:/.test(queue) ? 'agent' : `agent_${snakeName(queue)}`.slice(0, 40);
      }
      case 'MessageParticipant': {
        const text = this.prompt(action).text;
        return text ? snakeName(text.split(' ').slice(0, 4).join(' '), 'say').slice(0, 40) : 'message';
      }
      default:
        return snakeName(action.type);
    }
  }

  private lexBotName(action: FlowAction): string | undefined {
    const p = action.parameters;
    const v2 = textOf(objectOf(p.LexV2Bot)?.AliasArn);
    const botId = v2 ? /bot-alias\/([^/]+)\/[^/]+$/.exec(v2)?.[1] : undefined;
    return textOf(objectOf(p.LexBot)?.Name) ?? botId ?? (v2 && !isPath(v2) ? shortName(v2) : undefined);
  }

  private lambdaName(action: FlowAction): string {
    const arn = textOf(action.parameters.LambdaFunctionARN) ?? '';
    const name = shortName(arn);
    return name && !isPath(arn) ? name : 'function';
  }

  /** The name of the flow a `TransferToFlow` names, as the designer saw it. */
  flowLabel(action: FlowAction): string {
    return flowLabelOf(action);
  }

  /** What an action says: text (SSML made plain), or why the journey cannot say it. */
  private prompt(action: FlowAction): { text?: string; loss?: string; kind?: string } {
    const p = action.parameters;
    const text = textOf(p.Text) ?? textOf(p.SSML);
    if (text !== undefined && text.trim() !== '') {
      if (isPath(text)) return { kind: 'dynamic-prompt', loss: `Says a text the flow takes from \`${text.trim()}\` at run time; the journey cannot say it.` };
      const said = plain(text);
      return said === '' ? {} : { text: said };
    }
    const promptId = textOf(p.PromptId);
    if (promptId) {
      const name = textOf(objectOf(action.metadata.names)?.PromptId) ?? textOf(action.metadata.promptName) ?? shortName(promptId);
      return { kind: 'audio-prompt', loss: `Plays the recorded prompt \`${name}\`; the journey cannot say what it says.` };
    }
    return {};
  }

  // -------------------------------------------------------------------------
  // Moves: where a transition to an action lands, with what runs on the way

  /**
   * The state a transition to `target` enters, and the assignments on the way: the
   * passing actions (messages, attributes, queues) up to the next state are folded
   * into that state when only this chain leads there, else into a decision state of
   * their own. `needsState` asks for a state that sets nothing on the way (a start,
   * `when_closed`, `when_unavailable` take no `set`).
   */
  private resolve(target: Target | undefined, owner: string | undefined, needsState = false): Move {
    if (!target) return { to: this.missing(undefined).id, set: new Map() };
    const action = this.action(target.id);
    if (!action) return { to: this.missing(target).id, set: new Map() };
    if (this.kind(action) !== 'passing') return { to: this.stateOf(action).id, set: new Map() };
    if (this.resolving.has(action.id)) return { to: this.segment(action).id, set: new Map() };
    const chain = this.chain(action);
    const landing = chain.landing;
    const silent = chain.effects.says.length === 0 && chain.effects.does.length === 0;
    const sets = chain.effects.sets;
    if (silent && !(needsState && sets.size > 0)) {
      this.resolving.add(action.id);
      const rest = landing ? this.resolve(landing.target, owner, needsState) : { to: this.stopAfter(chain.last).id, set: new Map<string, string>() };
      this.resolving.delete(action.id);
      this.attribute(chain.effects, owner ?? rest.to);
      return { to: rest.to, set: sequence(sets, rest.set) };
    }
    const end = landing ? this.action(landing.target.id) : undefined;
    const known = this.merged.get(action.id);
    if (known) return { to: this.stateOf(this.action(known) as FlowAction).id, set: sets };
    const mergeable =
      end !== undefined &&
      this.kind(end) !== 'passing' &&
      this.predecessorCount(end.id) === 1 &&
      !this.nodes.has(`a:${end.id}`) &&
      !(needsState && sets.size > 0);
    if (mergeable && end) {
      this.merged.set(action.id, end.id);
      const state = this.stateOf(end, chain.effects);
      this.attribute(chain.effects, state.id);
      return { to: state.id, set: sets };
    }
    return { to: this.segment(action).id, set: new Map() };
  }

  /** Follows passing actions from `head` up to the next action that is a state of its own, collecting what they do. */
  private chain(head: FlowAction): { effects: Effects; landing?: { target: Target }; last: FlowAction } {
    const effects: Effects = { says: [], does: [], sets: new Map(), losses: [] };
    const seen = new Set<string>();
    let at: FlowAction = head;
    for (;;) {
      seen.add(at.id);
      this.effectsOf(at, effects);
      const next = this.nextOf(at);
      if (!next) return { effects, last: at };
      const following = this.action(next.id);
      if (!following || this.kind(following) !== 'passing' || seen.has(following.id) || this.predecessorCount(following.id) > 1) {
        return { effects, landing: { target: next }, last: at };
      }
      at = following;
    }
  }

  private effectsOf(action: FlowAction, effects: Effects): void {
    this.used.add(action.id);
    const p = action.parameters;
    const loss = (kind: string, message: string): void => void effects.losses.push({ kind, message, action });
    if (this.passThrough.has(action.id) && action.type !== 'CheckHoursOfOperation') {
      loss('unknown-action', `The flow runs a \`${action.written}\` action here, which the importer does not know; the journey goes straight on.`);
      return;
    }
    switch (action.type) {
      case 'MessageParticipant': {
        const prompt = this.prompt(action);
        if (prompt.text) effects.says.push(prompt.text);
        if (prompt.loss) loss(prompt.kind ?? 'audio-prompt', prompt.loss);
        break;
      }
      case 'UpdateContactAttributes': {
        const attributes = objectOf(p.Attributes) ?? {};
        const sets = new Map<string, string>();
        for (const [name, value] of Object.entries(attributes)) {
          const text = textOf(value);
          if (text === undefined) continue;
          const field = this.fields.path(`$.Attributes.${name}`, 'string');
          sets.set(field, isPath(text) ? this.fields.path(text.trim(), 'string') : stringLiteral(text));
        }
        effects.sets = sequence(effects.sets, sets);
        break;
      }
      case 'UpdateContactTargetQueue':
        if (this.queueField) effects.sets = sequence(effects.sets, new Map([[this.queueField, stringLiteral(this.queueLabel(action))]]));
        break;
      case 'InvokeLambdaFunction':
        effects.does.push(`lambda.${snakeName(this.lambdaName(action))}`);
        loss('lambda', `Calls the Lambda function \`${this.lambdaName(action)}\`; the journey cannot run it, so what it returns (\`$.External.*\`) is read as fields the host sets.`);
        break;
      case 'CreateTask':
        effects.does.push('connect.create_task');
        break;
      case 'UpdateContactRoutingBehavior':
      case 'UpdateRoutingCriteria':
        loss('routing-behavior', `Changes how the contact is routed (\`${action.written}\`: priority, age or routing criteria); the journey's human states do not model routing order.`);
        break;
      default:
        break;
    }
  }

  /** Gives the losses of folded actions to the state they were folded into (each once). */
  private attribute(effects: Effects, state: string): void {
    for (const l of effects.losses) this.loss(l.kind, l.message, state, this.point(l.action));
  }

  /** The decision state of a chain of passing actions that cannot be folded into the state after it. */
  private segment(head: FlowAction): Node {
    // Named by the first action of the chain the customer notices (a message, a Lambda call), not by a logging switch.
    let named = head;
    for (const seen = new Set<string>(); !this.noticeable(named) && !seen.has(named.id); ) {
      seen.add(named.id);
      const next = this.action(this.nextOf(named)?.id ?? '');
      if (!next || this.kind(next) !== 'passing' || this.predecessorCount(next.id) > 1) break;
      named = next;
    }
    if (!this.noticeable(named)) named = head;
    const wanted = this.wantedName(named);
    return this.node(`s:${head.id}`, wanted, (self) => {
      this.resolving.add(head.id);
      const { effects, landing, last } = this.chain(head);
      const rest = landing ? this.resolve(landing.target, self.id) : { to: this.stopAfter(last).id, set: new Map<string, string>() };
      this.resolving.delete(head.id);
      this.attribute(effects, self.id);
      const state: Record<string, unknown> = {};
      if (effects.says.length > 0) state.say = effects.says.join(' ');
      if (effects.does.length > 0) state.do = effects.does;
      state.always = this.choice({ to: rest.to, set: sequence(effects.sets, rest.set) });
      state['x-source'] = sourceValue(this.point(named));
      return state;
    });
  }

  /** True for a passing action that says or does something in the journey. */
  private noticeable(action: FlowAction): boolean {
    if (this.passThrough.has(action.id)) return false;
    if (action.type === 'MessageParticipant') return this.prompt(action).text !== undefined;
    return ['InvokeLambdaFunction', 'CreateTask', 'UpdateContactAttributes'].includes(action.type);
  }

  /** The end a chain runs into when its last action has nowhere to go: the flow stops there. */
  private stopAfter(action: FlowAction): Node {
    return this.node(`stop:${action.id}`, 'flow_stops', () => ({ type: 'end', outcome: 'flow_ended', 'x-source': sourceValue(this.point(action)) }));
  }

  /** The end state for transitions to actions that are not in the flow (one per journey). */
  private missing(target: Target | undefined): Node {
    if (target) {
      const key = `${target.id}|${JSON.stringify(this.tree.spanOf(this.flow.file, target.at.value, target.at.parent, target.at.key))}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.tree.problem(this.flow.file, 'missing-target', `This goes to action \`${target.id}\`, which is not in the flow; the journey ends there with outcome \`missing_target\`.`, target.at);
      }
    }
    const at = target?.at ?? this.flow.start?.at ?? { value: this.flow.file.data };
    return this.node('missing', 'missing_target', () => ({ type: 'end', outcome: 'missing_target', 'x-source': sourceValue(this.pointAt(at, target?.id ?? '')) }));
  }

  /** A transition value: a plain target, or `{ if, to, set }`. */
  private choice(move: Move, guard?: string): unknown {
    if (guard === undefined && move.set.size === 0) return move.to;
    return { ...(guard !== undefined ? { if: guard } : {}), to: move.to, ...(move.set.size > 0 ? { set: setValue(move.set) } : {}) };
  }

  private rung(move: Move): Record<string, unknown> {
    return { to: move.to, ...(move.set.size > 0 ? { set: setValue(move.set) } : {}) };
  }

  /** The state of a non-passing action, with the says and effects of a chain folded into it. */
  private stateOf(action: FlowAction, prefix?: Effects): Node {
    this.used.add(action.id);
    return this.node(`a:${action.id}`, this.wantedName(action), (self) => {
      const state = this.stateBody(action, self, prefix);
      state['x-source'] = sourceValue(this.point(action));
      return state;
    });
  }

  private stateBody(action: FlowAction, self: Node, prefix: Effects | undefined): Record<string, unknown> {
    const says = [...(prefix?.says ?? [])];
    const does = [...(prefix?.does ?? [])];
    const head = (): Record<string, unknown> => ({ ...(says.length > 0 ? { say: says.join(' ') } : {}), ...(does.length > 0 ? { do: does } : {}) });
    switch (this.kind(action)) {
      case 'wait':
        return this.waiting(action, self, says, does);
      case 'decision':
      case 'opaque': {
        const choices = this.decision(action, self);
        return { ...head(), ...(choices.length > 0 ? { always: choices } : {}) };
      }
      case 'lambda': {
        does.push(`lambda.${snakeName(this.lambdaName(action))}`);
        const name = this.lambdaName(action);
        const failed = this.fields.own(`$lambda:${name}`, `${snakeName(name)}_failed`, { type: 'boolean', input: true, description: `True when the Lambda function ${name} fails (the host says).` });
        this.loss('lambda', `Calls the Lambda function \`${name}\` and takes its error branch when it fails; the journey reads what it returns (\`$.External.*\`) and whether it failed (\`${failed}\`) as fields the host sets.`, self.id, this.point(action));
        const error = this.resolve(this.lambdaError(action), self.id);
        const next = this.resolve(action.next, self.id);
        return { ...head(), always: [this.choice(error, failed), this.choice(next)] };
      }
      case 'end':
        return { type: 'end', ...head(), outcome: action.type === 'DisconnectParticipant' ? 'disconnected' : 'flow_ended' };
      case 'callback':
        return this.callback(action, self, says);
      case 'flow':
        return this.flowTransfer(action, self, head());
      case 'transfer':
        return this.transfer(action, self, head());
      default: {
        if (!KNOWN_TYPES.has(action.type)) {
          this.loss('unknown-action', `The flow runs a \`${action.written}\` action here, which the importer does not know; the journey ends here.`, self.id, this.point(action));
          return { type: 'end', ...head(), outcome: 'unsupported_action' };
        }
        const own = action.type === 'MessageParticipant' ? this.prompt(action).text : undefined;
        if (own) says.push(own);
        return { type: 'end', ...head(), outcome: 'flow_ended' };
      }
    }
  }

  private waiting(action: FlowAction, self: Node, says: string[], does: string[]): Record<string, unknown> {
    const p = action.parameters;
    const lex = action.type === 'ConnectParticipantWithLexBot';
    const prompt = this.prompt(action);
    if (prompt.text) says.push(prompt.text);
    if (prompt.loss) this.loss(prompt.kind ?? 'audio-prompt', prompt.loss, self.id, this.point(action));
    const on: Record<string, unknown> = {};
    for (const c of action.conditions) {
      for (const operand of c.operands.length > 0 ? c.operands : ['']) {
        const event = lex ? eventNameFor(snakeName(operand, 'intent')) : keyEvent(operand);
        if (event in on) continue;
        if (c.operator !== 'Equals') this.loss('input-condition', `Takes this branch when the input ${c.operator} \`${operand}\`; the journey makes it the event \`${event}\`.`, self.id, this.point(action), `input-condition|${action.id}|${event}`);
        on[event] = this.choice(this.resolve(c.target, self.id));
      }
    }
    const stored = !lex && lower(textOf(p.StoreInput)) === 'true';
    const noMatch = this.errorTarget(action, INPUT_ERRORS.noMatch) ?? (action.conditions.length > 0 ? action.next : undefined);
    if (action.conditions.length === 0 && action.next) {
      const event = lex ? 'bot_finished' : 'entered';
      const move = this.resolve(action.next, self.id);
      if (stored) {
        const field = this.fields.path('$.StoredCustomerInput', 'string');
        on[event] = this.choice({ to: move.to, set: sequence(new Map([[field, 'event.digits']]), move.set) });
      } else {
        on[event] = this.choice(move);
      }
    }
    const noInput = this.errorTarget(action, INPUT_ERRORS.noInput);
    this.countDropped(action, [...INPUT_ERRORS.noInput, ...INPUT_ERRORS.noMatch]);
    const state: Record<string, unknown> = { ...(says.length > 0 ? { say: says.join(' ') } : {}), ...(does.length > 0 ? { do: does } : {}), ...(Object.keys(on).length > 0 ? { on } : {}) };
    if (noMatch) state.no_match = [this.rung(this.resolve(noMatch, self.id))];
    if (noInput) state.no_input = [this.rung(this.resolve(noInput, self.id))];
    if (lex) {
      const bot = this.lexBotName(action) ?? textOf(objectOf(p.LexV2Bot)?.AliasArn) ?? 'the Lex bot';
      this.loss('lex-bot', `Hands the conversation to the Lex bot \`${bot}\` until it recognises an intent; the journey makes each intent the flow branches on an event and leaves the bot's own dialogue (slots, prompts, retries) out.`, self.id, this.point(action));
    }
    const seconds = textOf(p.InputTimeLimitSeconds);
    if (!lex && seconds && noInput) {
      this.loss('input-timeout', `Waits ${seconds} s for a key press before its timeout branch; the journey has no clock here: silence is the \`no_input\` signal, however long.`, self.id, this.point(action));
    }
    return state;
  }

  /** Counts the error branches the journey leaves out (the action itself failing). */
  private countDropped(action: FlowAction, kept: readonly string[]): void {
    for (const e of action.errors) if (!kept.includes(e.type)) this.droppedErrors++;
  }

  private decision(action: FlowAction, self: Node): unknown[] {
    const out: unknown[] = [];
    const fallback = this.errorTarget(action, ['NoMatchingCondition']) ?? action.next;
    switch (action.type) {
      case 'Loop': {
        const count = Number(textOf(action.parameters.LoopCount) ?? '0');
        const times = Number.isFinite(count) && count >= 0 ? Math.floor(count) : 0;
        const counter = this.fields.own(`$loop:${action.id}`, `${self.id}_count`, { type: 'number', default: 0, internal: true, description: `How many times the flow went round the Loop block ${self.id} (it allows ${times}).` });
        const again = action.conditions.find((c) => c.operands[0] === 'ContinueLooping')?.target;
        const done = action.conditions.find((c) => c.operands[0] === 'DoneLooping')?.target ?? action.next;
        if (again) {
          const move = this.resolve(again, self.id);
          out.push(this.choice({ to: move.to, set: sequence(new Map([[counter, `${counter} + 1`]]), move.set) }, `${counter} < ${times}`));
        }
        const move = this.resolve(done, self.id);
        out.push(this.choice({ to: move.to, set: sequence(new Map([[counter, '0']]), move.set) }));
        this.countDropped(action, []);
        return out;
      }
      case 'CheckHoursOfOperation': {
        const hours = textOf(action.parameters.HoursOfOperationId);
        const label = hours && !isPath(hours) ? shortName(hours) : undefined;
        const open = this.fields.own(`$hours:${hours ?? ''}`, label ? `hours_open_${snakeName(label)}` : 'hours_open', {
          type: 'boolean',
          input: true,
          description: `True when ${label ? `the hours of operation ${label} are` : "the working queue's hours of operation are"} open (the host says).`,
        });
        this.loss('hours-check', `Checks the hours of operation here, away from a transfer; the journey reads the answer as the field \`${open}\`, which the host sets (the format checks hours only at a human state).`, self.id, this.point(action));
        for (const c of action.conditions) {
          const value = lower(c.operands[0]);
          if (value !== 'true' && value !== 'false') continue;
          out.push(this.choice(this.resolve(c.target, self.id), value === 'true' ? open : `!${open}`));
        }
        this.countDropped(action, []);
        // With both answers there is nothing left for the default branch.
        return out.length >= 2 ? out : this.withFallback(out, fallback, self);
      }
      case 'CheckMetricData':
      case 'CheckStaffing': {
        const metric = textOf(action.parameters.MetricType) ?? 'Staffed';
        const booleans = action.conditions.every((c) => ['true', 'false'].includes(lower(c.operands[0])));
        const type: FieldType = booleans ? 'boolean' : 'number';
        const field = this.fields.own(`$metric:${metric}|${type}`, booleans ? `queue_${snakeName(metric)}` : snakeName(metric), {
          type,
          input: true,
          description: `The working queue's ${metric} when the flow checks it (the host says).`,
        });
        this.loss('staffing', `Checks the queue's ${metric} at run time; the journey reads it as the field \`${field}\`, which the host sets, and the simulator tries each answer.`, self.id, this.point(action));
        for (const c of action.conditions) out.push(this.choice(this.resolve(c.target, self.id), this.guard(field, type, c, self)));
        this.countDropped(action, ['NoMatchingCondition']);
        return this.withFallback(out, fallback, self);
      }
      case 'Compare': {
        const path = (textOf(action.parameters.ComparisonValue) ?? '$.Unknown').trim();
        const numeric = action.conditions.length > 0 && action.conditions.every((c) => c.operator.startsWith('Number'));
        const type: FieldType = numeric ? 'number' : 'string';
        const field = this.fields.path(path.startsWith('$.') ? path : `$.${path}`, type);
        for (const c of action.conditions) out.push(this.choice(this.resolve(c.target, self.id), this.guard(field, type, c, self)));
        this.countDropped(action, ['NoMatchingCondition']);
        return this.withFallback(out, fallback, self);
      }
      default: {
        // A known action that branches on what only the running contact knows (a percentage, a voice check).
        const field = this.fields.own(`$branch:${action.id}`, `${self.id}_result`, { type: 'string', input: true, description: `Which branch ${action.written} takes (the host says).` });
        this.loss('opaque-branch', `Branches on what \`${action.written}\` finds at run time; the journey reads the branch as the field \`${field}\`, which the host sets.`, self.id, this.point(action));
        for (const c of action.conditions) out.push(this.choice(this.resolve(c.target, self.id), `${field} == ${stringLiteral(`${c.operator} ${c.operands.join(' ')}`.trim())}`));
        this.countDropped(action, ['NoMatchingCondition']);
        return this.withFallback(out, fallback, self);
      }
    }
  }

  private withFallback(out: unknown[], fallback: Target | undefined, self: Node): unknown[] {
    if (fallback) out.push(this.choice(this.resolve(fallback, self.id)));
    return out;
  }

  /** A condition of the flow as a guard; what the expression language cannot say becomes a host input, with a loss. */
  private guard(field: string, type: FieldType, c: Condition, self: Node): string {
    const operand = c.operands[0] ?? '';
    const number = Number(operand);
    const isNumber = operand.trim() !== '' && Number.isFinite(number);
    if (type === 'boolean') return lower(operand) === 'true' ? field : `!${field}`;
    const comparisons: Record<string, string> = { NumberGreaterThan: '>', NumberGreaterOrEqualTo: '>=', NumberLessThan: '<', NumberLessOrEqualTo: '<=', Equals: '==' };
    if (type === 'number' && isNumber && comparisons[c.operator]) return `${field} ${comparisons[c.operator]} ${number}`;
    if (type === 'string' && c.operator === 'Equals') return `${field} == ${stringLiteral(operand)}`;
    if (type === 'string' && c.operator === 'TextContains') return `contains(${field}, ${stringLiteral(operand)})`;
    const stand = this.fields.own(`$condition:${self.id}:${c.operator}:${operand}`, `${field}_${snakeName(c.operator)}_${snakeName(operand, 'v')}`, {
      type: 'boolean',
      input: true,
      description: `True when ${field} ${c.operator} ${operand} (the host says).`,
    });
    this.loss('condition', `Tests \`${c.operator} ${operand}\`, which the journey's expressions cannot say; the journey reads the answer as the field \`${stand}\`, which the host sets.`, self.id, this.point(this.actionOfNode(self)), `condition|${self.id}|${stand}`);
    return stand;
  }

  private actionOfNode(node: Node): FlowAction {
    const id = node.key.slice(node.key.indexOf(':') + 1).split(':')[0] as string;
    return this.action(id) as FlowAction;
  }

  private callback(action: FlowAction, self: Node, says: string[]): Record<string, unknown> {
    // What the flow says after booking (until it hangs up) is what the customer hears at this end.
    let next = action.next ? this.action(action.next.id) : undefined;
    const seen = new Set<string>();
    while (next && this.kind(next) === 'passing' && !seen.has(next.id)) {
      seen.add(next.id);
      this.used.add(next.id);
      const prompt = next.type === 'MessageParticipant' ? this.prompt(next) : {};
      if (prompt.text) says.push(prompt.text);
      const after = this.nextOf(next);
      next = after ? this.action(after.id) : undefined;
    }
    if (next && this.kind(next) !== 'end') {
      this.loss('after-callback', 'After booking the callback the flow goes on to other actions; the journey ends at the booking.', self.id, this.point(action));
    } else if (next) {
      this.used.add(next.id);
    }
    this.countDropped(action, []);
    return { type: 'end', ...(says.length > 0 ? { say: says.join(' ') } : {}), outcome: 'callback_booked', human: 'later' };
  }

  private flowTransfer(action: FlowAction, self: Node, head: Record<string, unknown>): Record<string, unknown> {
    this.countDropped(action, []);
    const callee = this.context.callee(action);
    if ('journey' in callee) {
      const state: Record<string, unknown> = { type: 'call', ...head, call: callee.journey };
      this.calls.push({ state, callee: callee.journey });
      return state;
    }
    this.loss(
      callee.kind,
      callee.kind === 'flow-cycle'
        ? `Transfers to the flow \`${callee.label}\`, which leads back here; a journey cannot call itself, so the journey ends here.`
        : `Transfers to the flow \`${callee.label}\`, which is not in the import; the journey ends here. Import that flow too to follow the customer into it.`,
      self.id,
      this.point(action),
    );
    return { type: 'end', ...head, outcome: callee.end };
  }

  private transfer(action: FlowAction, self: Node, head: Record<string, unknown>): Record<string, unknown> {
    const queues = [...(this.queuesAt.get(action.id) ?? new Set([UNSET_QUEUE]))].sort();
    const closed = this.closedAt.get(action.id);
    const errors = ['QueueAtCapacity', 'NoMatchingError'];
    const fallback = this.errorTarget(action, errors);
    const capacity = this.errorTarget(action, ['QueueAtCapacity']);
    const failure = this.errorTarget(action, ['NoMatchingError']);
    if (capacity && failure && capacity.id !== failure.id) {
      this.loss('transfer-errors', 'Goes one way when the queue is full and another when the transfer fails otherwise; the journey has one `when_unavailable`, the queue-full one.', self.id, this.point(action));
    }
    this.countDropped(action, errors);
    const human = (queue: string, state: string): Record<string, unknown> => {
      const at = this.point(action);
      if (queue === UNSET_QUEUE) {
        this.loss('queue-unknown', 'Transfers to the working queue set before this flow began (by the flow that transferred here, or the phone number); the journey names it `queue-set-before-this-flow`.', state, at, `queue-unknown|${action.id}`);
      } else if (isPath(queue)) {
        this.loss('dynamic-queue', `Transfers to the queue that \`${queue}\` names at run time; the journey's queue is that path.`, state, at, `dynamic-queue|${action.id}|${queue}`);
      }
      const body: Record<string, unknown> = { queue: queue === UNSET_QUEUE ? UNSET_QUEUE_NAME : queue, hours: hoursFor(this.context.options) };
      if (closed) {
        body.when_closed = this.resolve(closed.target, state, true).to;
        if (this.context.options.hours === undefined) {
          this.loss(
            'hours-assumed',
            `Checks the hours of operation just before this transfer, but the schedule is not in the export: the journey assumes \`hours: always\`, so \`${String(body.when_closed)}\` is never taken until you import with --hours.`,
            state,
            this.point(closed.check),
            `hours-assumed|${action.id}`,
          );
        }
      }
      if (fallback) body.when_unavailable = this.resolve(fallback, state, true).to;
      return body;
    };
    if (queues.length === 1) return { type: 'human', ...head, ...human(queues[0] as string, self.id) };
    // Several queues can be in effect here: a decision on the working queue, then one human state per queue.
    const field = this.queueField as string;
    const choices: unknown[] = [];
    queues.forEach((queue, index) => {
      const wanted = queue === UNSET_QUEUE || isPath(queue) || queue.length > 30 || /^arn:/.test(queue) ? 'agent' : `agent_${snakeName(queue)}`;
      const node = this.node(`h:${action.id}:${queue}`, wanted.slice(0, 40), (humanNode) => ({ type: 'human', ...human(queue, humanNode.id), 'x-source': sourceValue(this.point(action)) }));
      const guard = queue === UNSET_QUEUE ? `${field} == null` : `${field} == ${stringLiteral(queue)}`;
      choices.push(index === queues.length - 1 ? node.id : { if: guard, to: node.id });
    });
    return { ...head, always: choices };
  }

  /** One loss for the error branches left out, naming the actions only they reach. */
  private noteLeftOut(): void {
    for (const id of this.used) {
      const action = this.action(id);
      if (action && this.kind(action) === 'passing') for (const e of action.errors) if (e.target.id !== this.nextOf(action)?.id) this.droppedErrors++;
    }
    const left = [...this.flow.byId.values()].filter((a) => !this.used.has(a.id));
    if (this.droppedErrors === 0 && left.length === 0) return;
    const names = left.slice(0, 8).map((a) => `\`${a.id}\` (${a.written})`);
    const more = left.length > 8 ? ` and ${left.length - 8} more` : '';
    const parts: string[] = [];
    if (this.droppedErrors > 0) parts.push(`${plural(this.droppedErrors, 'error branch', 'error branches')} for an action failing (NoMatchingError and the like) ${this.droppedErrors === 1 ? 'is' : 'are'} left out: the journey follows each action's normal path.`);
    if (left.length > 0) parts.push(`${plural(left.length, 'action')} that only those branches or nothing reach ${left.length === 1 ? 'is' : 'are'} not imported: ${names.join(', ')}${more}.`);
    const at: At = this.flow.start?.at ?? { value: this.flow.file.data };
    this.loss('error-branches', parts.join(' '), undefined, this.pointAt(at, this.flow.start?.id ?? ''));
  }
}

/** A `set` mapping; numbers are written as YAML numbers, which the format reads as literals. */
function setValue(sets: ReadonlyMap<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, expression] of sets) out[field] = /^-?\d+(\.\d+)?$/.test(expression) ? Number(expression) : expression;
  return out;
}

/** The event of a key press: `press_1`, `press_star`, `press_pound`. */
export function keyEvent(key: string): string {
  const named = key.replace(/\*/g, 'star').replace(/#/g, 'pound');
  return eventNameFor(`press_${named}`);
}

/** The flow a `TransferToFlow` names: the designer's label when the export has one, else its id or template name. */
export function flowLabelOf(action: FlowAction): string {
  const meta = action.metadata;
  const label =
    textOf(objectOf(objectOf(meta.parameters)?.ContactFlowId)?.displayName) ??
    textOf(objectOf(meta.ContactFlow)?.text) ??
    textOf(objectOf(meta.names)?.ContactFlowId) ??
    textOf(objectOf(meta.contactFlow)?.text);
  if (label) return label;
  const id = textOf(action.parameters.ContactFlowId) ?? 'unnamed flow';
  return shortName(id);
}
