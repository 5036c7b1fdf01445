import { stringLiteral } from '../../expr/ast.js';
import { hoursFor, sourceValue } from '../emit.js';
import { eventNameFor, fieldNameFor, journeyIdFor, NameTable, snakeName } from '../names.js';
import type { SourceFile, SourceTree } from '../sources.js';
import type { ImportLoss, ImportOptions, SourcePoint } from '../types.js';
import { translate, type TranslationScope } from './conditions.js';
import { parameterOf, ParameterTable } from './fields.js';
import { isObj, listOf, lookup, stringOf, type AgentSource, type FlowSource, type GroupSource, type Located, type Obj } from './read.js';

/** A transition as built: always an object until `compact` writes the short forms. */
export interface Branch {
  to: string;
  if?: string;
  set?: Record<string, string | number | boolean | null>;
  do?: string[];
}
export type State = Record<string, unknown>;
export type Rung = Record<string, unknown>;

/** The symbolic pages a route may target, by their spelling in either export shape. */
const SYMBOLIC: Readonly<Record<string, string>> = {
  END_SESSION: 'END_SESSION',
  END_FLOW: 'END_FLOW',
  END_FLOW_WITH_HUMAN_ESCALATION: 'END_FLOW_WITH_HUMAN_ESCALATION',
  END_FLOW_WITH_FAILURE: 'END_FLOW_WITH_FAILURE',
  END_FLOW_WITH_CANCELLATION: 'END_FLOW_WITH_CANCELLATION',
  PREVIOUS_PAGE: 'PREVIOUS_PAGE',
  CURRENT_PAGE: 'CURRENT_PAGE',
  START_PAGE: 'START_PAGE',
};

const symbolicCache = new Map<string, string | undefined>();

/** `End Session`, `END_SESSION` or `.../pages/END_SESSION` -> `END_SESSION` (agents repeat a few targets on every page). */
export function symbolicOf(ref: string): string | undefined {
  if (symbolicCache.has(ref)) return symbolicCache.get(ref);
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const symbolic = SYMBOLIC[last.trim().toUpperCase().replace(/\s+/g, '_')];
  if (symbolicCache.size < 10_000) symbolicCache.set(ref, symbolic);
  return symbolic;
}

/** Fulfillment message kinds that change nothing the journey models (analytics markers, cards shown beside the text). */
const QUIET_MESSAGES = new Set(['languageCode', 'channel', 'conversationSuccess', 'endInteraction', 'knowledgeInfoCard', 'responseType', 'source']);

/** The callee outcomes a caller routes back to its calling page (Dialogflow returns there after every way of ending a flow). */
export const RETURNING_OUTCOMES = ['flow_ended', 'failure', 'cancelled'] as const;

/** What a fulfillment does, read once. */
export interface Fulfillment {
  say?: string;
  do: string[];
  set: Record<string, string | number | boolean | null>;
  handoff?: { queue: string; kind: 'liveAgentHandoff' | 'telephonyTransferCall'; at: Obj };
}

function textOf(message: Obj): string | undefined {
  const text = isObj(message.text) ? listOf(message.text, 'text') : [];
  const audio = isObj(message.outputAudioText) ? (stringOf(message.outputAudioText, 'text') ?? stringOf(message.outputAudioText, 'ssml')) : undefined;
  // Dialogflow picks one of several variants at random; the first stands for all.
  const raw = typeof text[0] === 'string' ? text[0] : audio;
  if (raw === undefined) return undefined;
  const plain = raw.includes('<') ? raw.replace(/<[^>]*>/g, '') : raw;
  const trimmed = plain.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed;
}

function queueOf(metadata: unknown): string | undefined {
  if (!isObj(metadata)) return undefined;
  for (const key of ['queue', 'queueName', 'queue_name', 'queueId', 'department', 'skill']) {
    const v = stringOf(metadata, key);
    if (v && /^\S+$/.test(v)) return v;
  }
  return undefined;
}

/** `(a && b)` -> `a && b`: the outer parentheses of a whole expression say nothing. */
function unwrap(text: string): string {
  if (!text.startsWith('(') || !text.endsWith(')')) return text;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i < text.length - 1) return text;
  }
  return text.slice(1, -1);
}

/** The journey of one flow, as it is being built. */
export class FlowJourney {
  readonly states: Record<string, State> = {};
  private readonly tail: Record<string, State> = {};
  readonly losses: ImportLoss[] = [];
  private readonly lossKeys = new Set<string>();
  private readonly lostObjects = new Map<string, WeakSet<object>>();
  readonly names = new NameTable(['start']);
  private readonly pageIds = new Map<string, string>();
  /** Fields the journey uses: name -> field. */
  readonly fields = new Map<string, Record<string, unknown>>();
  /** Session parameters this journey writes (for a caller's `output`). */
  readonly sessionWrites = new Set<string>();
  readonly sessionFields = new Set<string>();
  private readonly conditionFields = new Map<string, string>();
  /** Branches of intent routes, with the intent, for the intent-parameter `set` added once fields are known. */
  readonly intentBranches: { branch: Branch; intent: string }[] = [];
  /** Call states waiting for their callee's outcomes and fields. */
  readonly calls: { state: State; callee: FlowSource; returnTo: string }[] = [];
  private readonly sayStates = new Map<object, Map<string, string>>();
  private readonly callStates = new Map<string, string>();
  offramp?: { to: string; on: string[] };
  /** Flow-level intent routes the offramp covers; not copied into pages. */
  private readonly offrampRoutes = new Set<Obj>();

  constructor(
    readonly importer: AgentImport,
    readonly flow: FlowSource,
    readonly id: string,
  ) {
    // Pages get their ids first, in file order, so a page's id never depends on who names it first.
    for (const page of flow.pages) this.pageIds.set(page.displayName, this.names.name(`page:${page.displayName}`, snakeName(page.displayName)));
  }

  private get tree(): SourceTree {
    return this.importer.tree;
  }

  point(at: Located | { file: SourceFile; value: unknown }, id: string): SourcePoint {
    return this.tree.point(at.file, at.value, id);
  }

  /** Records a loss once per kind and source object (flow routes copied into every page are lost once). */
  lose(kind: string, state: string, message: string, at: Located | { file: SourceFile; value: object }, id: string): void {
    let seen = this.lostObjects.get(kind);
    if (!seen) this.lostObjects.set(kind, (seen = new WeakSet()));
    if (seen.has(at.value)) return;
    seen.add(at.value);
    const key = `${kind}\u0000${state}\u0000${message}`;
    if (this.lossKeys.has(key)) return;
    this.lossKeys.add(key);
    this.losses.push({ kind, state, message, at: this.point(at, id) });
  }

  /** A journey field for a parameter, declared on first use. */
  useField(ref: { scope: 'session' | 'flow'; name: string }): { name: string; type: 'string' | 'number' | 'boolean' } {
    const facts = this.importer.parameters.field(this.flow, ref);
    if (!this.fields.has(facts.name)) {
      const field: Record<string, unknown> = { type: facts.type };
      if (facts.input) field.input = true;
      if (facts.internal) field.internal = true;
      const what = ref.scope === 'flow' ? `Flow parameter \`$flow.${ref.name}\`` : `Session parameter \`${ref.name}\``;
      field.description = facts.input ? `${what}; no flow sets it (a webhook or the integration does), so the simulator tries its values.` : `${what}.`;
      this.fields.set(facts.name, field);
    }
    if (ref.scope === 'session') this.sessionFields.add(facts.name);
    return facts;
  }

  private scope(formComplete: boolean): TranslationScope {
    return {
      field: (ref) => this.useField(ref),
      eventField: (name) => fieldNameFor(name),
      formComplete,
    };
  }

  /** A condition as an `if` expression, or an `input: true` boolean field standing for it (with a loss). */
  condition(text: string, state: string, at: Located | { file: SourceFile; value: object }, id: string, formComplete: boolean): string | undefined {
    if (text.trim() === 'true') return undefined;
    const node = this.importer.parameters.condition(text);
    const translated = node ? translate(node, this.scope(formComplete)) : undefined;
    if (translated && (translated.type === 'boolean' || translated.type === 'unknown')) {
      return translated.text === 'true' ? undefined : unwrap(translated.text);
    }
    let field = this.conditionFields.get(text);
    if (!field) {
      field = this.importer.fieldNames(this).name(`condition:${text}`, `${state}_condition`.slice(0, 90));
      this.conditionFields.set(text, field);
      this.fields.set(field, { type: 'boolean', input: true, description: `Stands for the Dialogflow condition \`${text.replace(/`/g, "'")}\`, which the journey cannot evaluate.` });
    }
    this.lose('condition', state, `Dialogflow decides this route with \`${text}\`, which has no equivalent in the journey's expressions; the journey reads the host-set field \`${field}\` instead.`, at, id);
    return field;
  }

  /** Reads a fulfillment (entry, route or handler): what is said, done and set, and whether it hands off. */
  fulfillment(f: unknown, state: string, at: Located, id: string): Fulfillment {
    const out: Fulfillment = { do: [], set: {} };
    if (!isObj(f)) return out;
    const file = at.file;
    const says: string[] = [];
    for (const m of listOf(f, 'messages')) {
      if (!isObj(m)) continue;
      const text = textOf(m);
      if (text) says.push(text);
      if (isObj(m.liveAgentHandoff) || m.liveAgentHandoff === true) {
        out.handoff ??= { kind: 'liveAgentHandoff', queue: queueOf(isObj(m.liveAgentHandoff) ? m.liveAgentHandoff.metadata : undefined) ?? 'live_agent', at: m };
      }
      if (isObj(m.telephonyTransferCall)) {
        const number = stringOf(m.telephonyTransferCall, 'phoneNumber') ?? stringOf(m.telephonyTransferCall, 'sipUri');
        out.handoff ??= { kind: 'telephonyTransferCall', queue: number && /^\S+$/.test(number) ? number : 'phone_transfer', at: m };
      }
      if (m.payload !== undefined) this.lose('custom-payload', state, 'The bot sends a custom payload here (buttons, cards or integration data); the journey keeps only the text.', { file, value: m }, id);
      if (m.playAudio !== undefined || m.mixedAudio !== undefined) this.lose('audio', state, 'The bot plays recorded audio here; the journey has no words for it.', { file, value: m }, id);
      for (const key of Object.keys(m)) {
        if (QUIET_MESSAGES.has(key) || ['text', 'outputAudioText', 'liveAgentHandoff', 'telephonyTransferCall', 'payload', 'playAudio', 'mixedAudio', 'toolCall'].includes(key)) continue;
        this.tree.problem(file, 'unknown-type', `\`${key}\` is not a fulfillment message kind this importer knows; the message is left out.`, { value: m }, { severity: 'warning', hint: 'Known kinds: text, outputAudioText, liveAgentHandoff, telephonyTransferCall, payload, playAudio, mixedAudio, conversationSuccess, endInteraction.' });
      }
    }
    if (says.length > 0) out.say = says.join(' ');
    for (const a of listOf(f, 'setParameterActions')) {
      if (!isObj(a)) continue;
      const parameter = stringOf(a, 'parameter');
      if (!parameter) continue;
      const ref = parameterOf(parameter);
      const field = this.useField(ref);
      if (ref.scope === 'session') this.sessionWrites.add(field.name);
      const value = this.setValue(a.value, field.type, state, { file, value: a }, id);
      if (value !== undefined) out.set[field.name] = value;
    }
    const webhook = stringOf(f, 'webhook');
    if (webhook) {
      const name = lookup(this.importer.agent.webhookByRef, webhook) ?? webhook;
      const tag = stringOf(f, 'tag');
      out.do.push(`webhook.${snakeName(name, 'w')}${tag ? `.${snakeName(tag, 't')}` : ''}`);
      this.lose('webhook', state, `The bot calls the webhook \`${name}\`${tag ? ` (tag \`${tag}\`)` : ''} here; its answer can set parameters and change the page, which the journey cannot know: it names the call in \`do\` and reads what webhooks set as host input.`, { file, value: f }, id);
    }
    if (listOf(f, 'conditionalCases').length > 0) {
      this.lose('conditional-response', state, 'The bot chooses what to say here by conditions (conditional response); the journey says only the fixed messages.', { file, value: f }, id);
    }
    const dtmf = isObj(f.advancedSettings) && isObj(f.advancedSettings.dtmfSettings) ? f.advancedSettings.dtmfSettings : undefined;
    if (dtmf?.enabled === true) this.lose('dtmf', state, 'The bot takes keypad input (DTMF) with its own timing and finish digit here; the journey sees only the events.', { file, value: f }, id);
    return out;
  }

  private setValue(value: unknown, type: string, state: string, at: { file: SourceFile; value: Obj }, id: string): string | number | boolean | null | undefined {
    if (value === null) return null;
    if (typeof value === 'number' || typeof value === 'boolean') {
      if (typeof value === type) return value;
      if (type === 'string') return stringLiteral(String(value));
    }
    if (typeof value === 'string') {
      if (!value.includes('$')) {
        if (type === 'string') return stringLiteral(value);
        if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
        if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
      } else if (value.startsWith('$')) {
        const node = this.importer.parameters.condition(value);
        const t = node ? translate(node, this.scope(true)) : undefined;
        if (t && (t.type === type || t.type === 'unknown')) return unwrap(t.text);
      }
    }
    this.lose('set-value', state, `The bot sets a parameter to \`${JSON.stringify(value)}\`, which the journey cannot compute; the field keeps its value there.`, at, id);
    return undefined;
  }

  /** The state id of a page of this flow. */
  pageId(displayName: string): string | undefined {
    return this.pageIds.get(displayName);
  }

  private shared(key: string, wanted: string, make: () => State): string {
    const id = this.names.name(`shared:${key}`, wanted);
    if (!this.tail[id]) this.tail[id] = make();
    return id;
  }

  private endState(kind: string, outcome: string, at: Located | { file: SourceFile; value: unknown }, sourceId: string): string {
    return this.shared(kind, snakeName(kind.toLowerCase()), () => ({ type: 'end', outcome, 'x-source': sourceValue(this.point(at, sourceId)) }));
  }

  private humanEscalation(at: Located | { file: SourceFile; value: unknown }): string {
    return this.shared('END_FLOW_WITH_HUMAN_ESCALATION', 'human_escalation', () => ({
      type: 'human',
      description: 'Dialogflow ends the flow with END_FLOW_WITH_HUMAN_ESCALATION: the integration hands the customer to a person. The queue is chosen there, not in the export.',
      queue: 'escalation',
      hours: hoursFor(this.importer.options),
      'x-source': sourceValue(this.point(at, 'END_FLOW_WITH_HUMAN_ESCALATION')),
    }));
  }

  /** A human state for a handoff message in a route or handler's fulfillment. */
  private handoffState(source: string, f: Fulfillment, at: Located): string {
    const handoff = f.handoff as NonNullable<Fulfillment['handoff']>;
    const home = this.routeHome.get(at.value) ?? source;
    const id = this.names.name(`handoff:${at.file.rel}:${this.tree.spanOf(at.file, handoff.at).start}`, `${home}_transfer`.slice(0, 90));
    if (!this.tail[id]) {
      this.tail[id] = {
        type: 'human',
        description: handoff.kind === 'liveAgentHandoff' ? 'Dialogflow signals liveAgentHandoff here: the integration passes the customer to a person.' : 'Dialogflow transfers the call (telephonyTransferCall) to this number.',
        ...(f.say ? { say: f.say } : {}),
        queue: handoff.queue,
        hours: hoursFor(this.importer.options),
        'x-source': sourceValue(this.point({ file: at.file, value: handoff.at }, handoff.kind)),
      };
    }
    return id;
  }

  /**
   * Where a route or handler goes. `stay` is where staying on the page leads (no
   * target, `Current Page`); undefined `stay` means "stays without moving" (a ladder rung).
   */
  target(route: Located, state: string, stay: string | undefined, returnTo: string): string | undefined {
    const { file, value } = route;
    const page = stringOf(value, 'targetPage');
    const flowRef = stringOf(value, 'targetFlow');
    const playbook = stringOf(value, 'targetPlaybook');
    if (page !== undefined) {
      const symbolic = symbolicOf(page);
      switch (symbolic) {
        case 'END_SESSION':
          return this.endState('END_SESSION', 'session_ended', route, page);
        case 'END_FLOW':
          return this.endState('END_FLOW', 'flow_ended', route, page);
        case 'END_FLOW_WITH_FAILURE':
          return this.endState('END_FLOW_WITH_FAILURE', 'failure', route, page);
        case 'END_FLOW_WITH_CANCELLATION':
          return this.endState('END_FLOW_WITH_CANCELLATION', 'cancelled', route, page);
        case 'END_FLOW_WITH_HUMAN_ESCALATION':
          return this.humanEscalation(route);
        case 'START_PAGE':
          return 'start';
        case 'CURRENT_PAGE':
          return stay;
        case 'PREVIOUS_PAGE':
          this.lose('previous-page', state, 'The bot goes back to the page the customer came from (Previous Page); the journey has no history, so it stays on this page.', route, page);
          return stay;
        default:
          break;
      }
      const known = lookup(this.flow.pageByRef, page);
      if (known) return this.pageIds.get(known.displayName);
      if (!this.flow.brokenPages.has(page)) {
        this.tree.problem(file, 'missing-target', `This route goes to the page \`${page}\`, which flow \`${this.flow.displayName}\` does not have.`, { value }, { hint: 'Export the agent again, or fix the target page; the journey ends the route in `missing_target`.' });
      }
      return this.endState('MISSING_TARGET', 'missing_target', route, page);
    }
    if (flowRef !== undefined) {
      const callee = lookup(this.importer.agent.flowByRef, flowRef);
      if (!callee) {
        this.tree.problem(file, 'missing-target', `This route goes to the flow \`${flowRef}\`, which the export does not have.`, { value }, { hint: 'Export the whole agent (flows are exported together), or fix the target flow.' });
        return this.endState('MISSING_TARGET', 'missing_target', route, flowRef);
      }
      if (callee === this.flow) return 'start';
      return this.callState(callee, returnTo, route);
    }
    if (playbook !== undefined) {
      this.lose('playbook', state, `The bot hands the conversation to the generative playbook \`${playbook}\`, whose turns the journey cannot know; the journey ends there with outcome \`playbook\`.`, route, playbook);
      return this.endState('PLAYBOOK', 'playbook', route, playbook);
    }
    return stay;
  }

  private callState(callee: FlowSource, returnTo: string, route: Located): string {
    const key = `${callee.displayName}\u0000${returnTo}`;
    const known = this.callStates.get(key);
    if (known) return known;
    const id = this.names.name(`call:${key}`, snakeName(`call ${callee.displayName}`));
    this.callStates.set(key, id);
    const call: State = { type: 'call', call: this.importer.journeyIdOf(callee), input: {}, output: {}, outcomes: {}, 'x-source': sourceValue(this.point(route, callee.displayName)) };
    this.tail[id] = call;
    this.calls.push({ state: call, callee, returnTo });
    return id;
  }

  /** Where a route is written: the page (its own routes), the route group or the flow; names the states it creates. */
  readonly routeHome = new WeakMap<object, string>();

  /** A state that says a route's words, then goes on (a route's own fulfillment has no state of its own in the journey). */
  private sayState(source: string, label: string, say: string, to: string, at: Located, sourceId: string): string {
    let byTarget = this.sayStates.get(at.value);
    if (!byTarget) this.sayStates.set(at.value, (byTarget = new Map()));
    const known = byTarget.get(to);
    if (known) return known;
    const home = this.routeHome.get(at.value) ?? source;
    const target = this.tail[to] ?? this.states[to];
    const where = `${at.file.rel}:${this.tree.spanOf(at.file, at.value).start}`;
    const id = this.names.name(`say:${where}:${to}`, snakeName(`${home} ${label}`).slice(0, 90));
    // Words before an end read best on the end itself.
    const origin = sourceValue(this.point(at, sourceId));
    this.tail[id] = target?.type === 'end' ? { type: 'end', say, outcome: target.outcome, 'x-source': origin } : { say, always: [{ to }], 'x-source': origin };
    byTarget.set(to, id);
    return id;
  }

  /** One rung of a retry ladder from a `sys.no-match-N` / `sys.no-input-N` handler. */
  rung(handler: Located, state: string, returnTo: string): Rung {
    const event = stringOf(handler.value, 'event') ?? 'event';
    const f = this.fulfillment(handler.value.triggerFulfillment, state, handler, event);
    const rung: Rung = {};
    let to: string | undefined;
    if (f.handoff) to = this.handoffState(state, f, handler);
    else {
      if (f.say) rung.say = f.say;
      to = this.target(handler, state, undefined, returnTo);
    }
    if (Object.keys(f.set).length > 0) rung.set = f.set;
    if (f.do.length > 0) rung.do = f.do;
    if (to !== undefined) rung.to = to;
    return rung;
  }

  /** One route (or custom event handler) as a transition from `state`; undefined when it goes nowhere the journey can follow. */
  branch(route: Located, state: string, stay: string, returnTo: string, formComplete: boolean, label: string): Branch | undefined {
    const { value } = route;
    const routeId = stringOf(value, 'intent') ?? stringOf(value, 'event') ?? stringOf(value, 'condition') ?? 'route';
    const f = this.fulfillment(value.triggerFulfillment, state, route, routeId);
    let to: string | undefined;
    if (f.handoff) {
      to = this.handoffState(state, f, route);
      const after = stringOf(value, 'targetPage') ?? stringOf(value, 'targetFlow');
      if (after && !['END_FLOW', 'END_SESSION'].includes(symbolicOf(after) ?? '')) {
        this.lose('after-handoff', state, `After the handoff the bot goes on to \`${after}\`; the journey ends with the handoff, as the person has the conversation then.`, route, routeId);
      }
    } else {
      to = this.target(route, state, stay, returnTo);
      if (to === undefined) return undefined;
      if (f.say) to = this.sayState(state, label, f.say, to, route, routeId);
    }
    const branch: Branch = { to };
    const condition = stringOf(value, 'condition');
    if (condition !== undefined) {
      const guard = this.condition(condition, state, route, routeId, formComplete);
      if (guard !== undefined) branch.if = guard;
    }
    if (Object.keys(f.set).length > 0) branch.set = f.set;
    if (f.do.length > 0) branch.do = f.do;
    return branch;
  }

  /** Sets the flow-wide offramp from flow-level intent routes that lead straight to a person. */
  planOfframp(routes: readonly Located[]): void {
    for (const route of routes) {
      const intent = stringOf(route.value, 'intent');
      if (!intent || route.value.condition !== undefined) continue;
      const f = isObj(route.value.triggerFulfillment) ? route.value.triggerFulfillment : {};
      if (listOf(f, 'setParameterActions').length > 0 || listOf(f, 'messages').some((m) => isObj(m) && !isObj(m.liveAgentHandoff) && !isObj(m.telephonyTransferCall)) || f.webhook !== undefined) continue;
      const branch = this.branch(route, 'start', 'start', 'start', false, eventNameFor(intent));
      if (!branch) continue;
      const target = this.tail[branch.to] ?? this.states[branch.to];
      const page = lookup(this.flow.pageByRef, stringOf(route.value, 'targetPage') ?? '');
      const human = target?.type === 'human' || (page !== undefined && this.importer.isHandoffPage(page.value));
      if (!human || (this.offramp && this.offramp.to !== branch.to)) continue;
      this.offramp ??= { to: branch.to, on: [] };
      const event = this.importer.eventOf(intent);
      if (!this.offramp.on.includes(event)) this.offramp.on.push(event);
      this.offrampRoutes.add(route.value);
    }
  }

  /** True when a flow-level route is covered by the offramp. */
  coveredByOfframp(route: Obj): boolean {
    return this.offrampRoutes.has(route);
  }

  /** Adds a state in page order. */
  add(id: string, state: State): void {
    this.states[id] = state;
  }

  /**
   * The states in order: start and pages first, then what routes created (ends, calls,
   * transfers). An end a route's words replaced (`end_session` when every route into it
   * says goodbye first) is left out.
   */
  allStates(): Record<string, State> {
    if (this.finished) return this.finished;
    const all: Record<string, State> = { ...this.states, ...this.tail };
    const used = new Set<string>(this.offramp ? [this.offramp.to] : []);
    const mark = (t: unknown): void => {
      if (typeof t === 'string') used.add(t);
      else if (Array.isArray(t)) t.forEach(mark);
      else if (isObj(t) && typeof t.to === 'string') used.add(t.to);
    };
    for (const s of Object.values(all)) {
      if (isObj(s.on)) Object.values(s.on).forEach(mark);
      mark(s.always);
      mark(s.no_match);
      mark(s.no_input);
      if (isObj(s.outcomes)) Object.values(s.outcomes).forEach(mark);
    }
    for (const id of Object.keys(this.tail)) if (all[id]?.type === 'end' && !used.has(id)) delete all[id];
    // Asked only once every page is built (for callers' outcomes, then for the document).
    this.finished = all;
    return all;
  }
  private finished?: Record<string, State>;

  /** True when the journey has an end with this outcome. */
  hasOutcome(outcome: string): boolean {
    return Object.values(this.allStates()).some((s) => s.type === 'end' && s.outcome === outcome);
  }

  /** The route groups a page or flow lists, resolved in the flow's groups, then the agent's. */
  groups(holder: Located): GroupSource[] {
    const out: GroupSource[] = [];
    for (const ref of listOf(holder.value, 'transitionRouteGroups')) {
      if (typeof ref !== 'string') continue;
      const group = lookup(this.flow.groupByRef, ref) ?? lookup(this.importer.agent.agentGroupByRef, ref);
      if (group) out.push(group);
      else this.tree.problem(holder.file, 'missing-target', `The route group \`${ref}\` is not in the export; its routes are left out.`, { value: holder.value.transitionRouteGroups }, { severity: 'warning' });
    }
    return out;
  }
}

/** Everything one import shares across its flows. */
export class AgentImport {
  readonly parameters: ParameterTable;
  private readonly journeyIds = new Map<FlowSource, string>();
  private readonly events = new NameTable([], '_');
  private readonly fieldTables = new WeakMap<FlowJourney, NameTable>();

  constructor(
    readonly tree: SourceTree,
    readonly agent: AgentSource,
    readonly options: ImportOptions,
  ) {
    this.parameters = new ParameterTable(agent);
    const ids = new NameTable([], '-');
    for (const flow of agent.flows) this.journeyIds.set(flow, ids.name(flow.displayName, journeyIdFor(flow.displayName)));
  }

  journeyIdOf(flow: FlowSource): string {
    return this.journeyIds.get(flow) as string;
  }

  /** The event an intent is (the same in every journey of the agent). */
  eventOf(intent: string): string {
    const name = lookup(this.agent.intentByRef, intent)?.displayName ?? intent;
    return this.events.name(name, eventNameFor(name));
  }

  /** Names of the fields a journey adds itself (conditions it cannot translate), clear of parameter names. */
  fieldNames(journey: FlowJourney): NameTable {
    let t = this.fieldTables.get(journey);
    if (!t) this.fieldTables.set(journey, (t = new NameTable(journey.fields.keys(), '_')));
    return t;
  }

  private readonly checkedRoutes = new WeakSet<object>();

  /** Reports, once per route, an intent the export does not define (only when the export lists intents at all). */
  checkIntent(route: Located, intent: string): void {
    if (this.checkedRoutes.has(route.value)) return;
    this.checkedRoutes.add(route.value);
    if (this.agent.intentByRef.size === 0 || lookup(this.agent.intentByRef, intent)) return;
    this.tree.problem(route.file, 'missing-target', `This route waits for the intent \`${intent}\`, which is not in \`intents/\`; the journey keeps it as the event \`${this.eventOf(intent)}\`.`, { value: route.value }, { severity: 'warning' });
  }

  /** True when a page's entry fulfillment hands the customer to a person. */
  isHandoffPage(page: Obj): boolean {
    const entry = isObj(page.entryFulfillment) ? page.entryFulfillment : undefined;
    return listOf(entry, 'messages').some((m) => isObj(m) && (isObj(m.liveAgentHandoff) || m.liveAgentHandoff === true || isObj(m.telephonyTransferCall)));
  }
}

