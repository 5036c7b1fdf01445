import { fieldNameFor, NameTable } from '../names.js';
import { parseCondition, readsOf, type ConditionNode, type ValueType } from './conditions.js';
import { isObj, listOf, lookup, stringOf, type AgentSource, type FlowSource, type Obj } from './read.js';

/** A parameter as written in a `setParameterActions` entry: `$flow.x` is the flow's, anything else the session's. */
export function parameterOf(raw: string): { scope: 'session' | 'flow'; name: string } {
  if (raw.startsWith('$flow.')) return { scope: 'flow', name: raw.slice('$flow.'.length) };
  if (raw.startsWith('$session.params.')) return { scope: 'session', name: raw.slice('$session.params.'.length) };
  if (raw.startsWith('$page.params.')) return { scope: 'session', name: raw.slice('$page.params.'.length) };
  return { scope: 'session', name: raw };
}

/** System entity types whose values are numbers; every other entity type gives a string. */
const NUMBER_ENTITIES = new Set(['@sys.number', '@sys.number-integer', '@sys.cardinal', '@sys.ordinal']);

/** The journey type of a form parameter's entity type. */
export function typeOfEntity(entityType: string | undefined): ValueType {
  return entityType !== undefined && NUMBER_ENTITIES.has(entityType) ? 'number' : 'string';
}

interface ParameterFacts {
  type?: ValueType;
  written: boolean;
  /** Filled from what the customer said (a form, an intent), not only computed by the bot. */
  given: boolean;
}

/**
 * What the whole agent does with each session and flow parameter, read in one pass
 * before any journey is built: the type its values have (first evidence in source
 * order wins), whether any flow writes it, whether the customer gives it, and its field name.
 */
export class ParameterTable {
  private readonly session = new Map<string, ParameterFacts>();
  private readonly flows = new Map<FlowSource, Map<string, ParameterFacts>>();
  private readonly sessionNames = new NameTable([], '_');
  private readonly flowNames = new Map<FlowSource, NameTable>();
  private readonly parsed = new Map<string, ConditionNode | undefined>();

  constructor(agent: AgentSource) {
    for (const intent of new Set(agent.intentByRef.values())) for (const p of intent.parameters) this.note({ scope: 'session', name: p }, undefined, true, true, undefined);
    for (const flow of agent.flows) {
      this.scanHolder(flow, flow.value);
      for (const page of flow.pages) this.scanHolder(flow, page.value);
      for (const group of new Set(flow.groupByRef.values())) this.scanHolder(flow, group.value);
    }
    for (const group of new Set(agent.agentGroupByRef.values())) for (const flow of agent.flows) this.scanHolder(flow, group.value);
  }

  /** A condition parsed once however often it appears (agents repeat the same few conditions on every page). */
  condition(text: string): ConditionNode | undefined {
    if (this.parsed.has(text)) return this.parsed.get(text);
    const node = parseCondition(text);
    this.parsed.set(text, node);
    return node;
  }

  private facts(flow: FlowSource | undefined, ref: { scope: 'session' | 'flow'; name: string }): ParameterFacts {
    let table = this.session;
    if (ref.scope === 'flow' && flow) {
      table = this.flows.get(flow) ?? new Map();
      this.flows.set(flow, table);
    }
    let facts = table.get(ref.name);
    if (!facts) table.set(ref.name, (facts = { written: false, given: false }));
    return facts;
  }

  private note(ref: { scope: 'session' | 'flow'; name: string }, flow: FlowSource | undefined, written: boolean, given: boolean, type: ValueType | undefined): void {
    const facts = this.facts(flow, ref);
    if (ref.scope === 'session') this.sessionNames.name(ref.name, fieldNameFor(ref.name));
    if (written) facts.written = true;
    if (given) facts.given = true;
    facts.type ??= type;
  }

  private noteReads(flow: FlowSource, text: string, readType?: ValueType): void {
    const node = this.condition(text);
    if (!node) return;
    for (const { ref, type } of readsOf(node)) {
      if (ref.scope === 'session' || ref.scope === 'flow') this.note(ref, flow, false, false, type);
    }
    if (readType && node.k === 'ref' && (node.ref.scope === 'session' || node.ref.scope === 'flow')) this.note(node.ref, flow, false, false, readType);
  }

  private scanFulfillment(flow: FlowSource, f: unknown): void {
    if (!isObj(f)) return;
    for (const a of listOf(f, 'setParameterActions')) {
      if (!isObj(a)) continue;
      const parameter = stringOf(a, 'parameter');
      if (!parameter) continue;
      const value = a.value;
      let type: ValueType | undefined;
      if (typeof value === 'number') type = 'number';
      else if (typeof value === 'boolean') type = 'boolean';
      else if (typeof value === 'string' && !value.startsWith('$')) type = 'string';
      else if (typeof value === 'string') {
        const node = this.condition(value);
        if (node?.k === 'call') type = node.fn === 'ADD' || node.fn === 'MINUS' || node.fn === 'LEN' ? 'number' : node.fn === 'LOWER' || node.fn === 'UPPER' ? 'string' : undefined;
        this.noteReads(flow, value);
      }
      this.note(parameterOf(parameter), flow, true, false, type);
    }
  }

  private scanHolder(flow: FlowSource, holder: Obj): void {
    this.scanFulfillment(flow, holder.entryFulfillment);
    const form = isObj(holder.form) ? holder.form : undefined;
    for (const p of listOf(form, 'parameters')) {
      if (!isObj(p)) continue;
      const name = stringOf(p, 'displayName');
      if (name) this.note({ scope: 'session', name }, flow, true, true, typeOfEntity(stringOf(p, 'entityType')));
      const fill = isObj(p.fillBehavior) ? p.fillBehavior : undefined;
      this.scanFulfillment(flow, fill?.initialPromptFulfillment);
      for (const h of listOf(fill, 'repromptEventHandlers')) if (isObj(h)) this.scanFulfillment(flow, h.triggerFulfillment);
    }
    for (const r of [...listOf(holder, 'transitionRoutes'), ...listOf(holder, 'eventHandlers')]) {
      if (!isObj(r)) continue;
      const condition = stringOf(r, 'condition');
      if (condition) this.noteReads(flow, condition);
      this.scanFulfillment(flow, r.triggerFulfillment);
    }
  }

  /** The field name and facts of a parameter as seen from a flow. */
  field(flow: FlowSource, ref: { scope: 'session' | 'flow'; name: string }): { name: string; type: ValueType; input: boolean; internal: boolean } {
    const facts = this.facts(flow, ref);
    let name: string;
    if (ref.scope === 'session') name = this.sessionNames.name(ref.name, fieldNameFor(ref.name));
    else {
      let names = this.flowNames.get(flow);
      if (!names) this.flowNames.set(flow, (names = new NameTable([], '_')));
      // A flow parameter never takes a session parameter's name: both can be read on one page.
      const wanted = fieldNameFor(ref.name);
      name = names.name(ref.name, this.sessionNames.has(wanted) ? `flow_${wanted}` : wanted);
    }
    return { name, type: facts.type ?? 'string', input: !facts.written, internal: facts.written && !facts.given };
  }

  /** The intent parameters an intent route fills (Dialogflow copies them into session parameters). */
  static intentParameters(agent: AgentSource, intent: string): readonly string[] {
    return lookup(agent.intentByRef, intent)?.parameters ?? [];
  }
}
