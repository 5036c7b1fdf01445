import { stringLiteral } from '../../expr/ast.js';
import { hoursFor, sourceValue } from '../emit.js';
import { eventNameFor, fieldNameFor, NameTable, snakeName } from '../names.js';
import type { SourceFile, SourceTree } from '../sources.js';
import type { ImportLoss, ImportOptions, JourneyDraft, SourcePoint } from '../types.js';
import { fieldTypeOf, slotSettings, type FieldType, type FlowAnalysis } from './analysis.js';
import { DEFAULT_HANDOFF_TEXT, HANDOFF_PATTERN, isUtterance, type Handoff, type Repair } from './patterns.js';
import type { Flow, Project } from './project.js';
import { evaluate, parseCondition, translate, usedTypes, type Literal, type Ref } from './pypred.js';
import type { Branch, ParsedSteps, StepNode } from './steps.js';

/** What every flow's build shares: the project, its patterns, and the journey id of each flow. */
export interface Environment {
  readonly tree: SourceTree;
  readonly project: Project;
  readonly options: ImportOptions;
  readonly handoff: Handoff;
  readonly repair: Repair;
  readonly journeyIds: ReadonlyMap<string, string>;
  readonly analyses: ReadonlyMap<string, FlowAnalysis>;
  /** Patterns the project overrides that the import does not model (for the digression loss). */
  readonly otherPatterns: readonly string[];
}

/** The event a customer sends to ask for a person (the offramp's, and the handler's in message-only bots). */
export const ASK_FOR_PERSON_EVENT = 'agent_requested';
/** The internal field that remembers which collect step a handoff message interrupted. */
const INTERRUPTED = 'interrupted';

type State = Record<string, unknown>;
type Choice = { if?: string; to: string; set?: Record<string, unknown> };

/** A list of steps being built, with where its END leads. */
interface Scope {
  readonly file: SourceFile;
  readonly flowId: string;
  readonly steps: ParsedSteps;
  readonly ids: ReadonlyMap<string, StepNode>;
  /** The state END leads to when a step cannot itself be the end. */
  readonly end: () => string;
  /** True when a message followed by END may become an end state (not in an inlined pattern, whose END resumes the flow). */
  readonly endsJourney: boolean;
  /** Order of the scope's states among the journey's. */
  readonly base: number;
  readonly stateOf: Map<StepNode, string>;
}

interface Field {
  type: FieldType;
  default?: Literal;
  written: boolean;
  input?: boolean;
  internal?: boolean;
  description?: string;
}

/** A side-effect name for a Rasa action (`rasa.action_block_card`). */
function effectName(action: string): string {
  const clean = action.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^[^A-Za-z_]+/, '');
  return `rasa.${clean === '' ? 'action' : clean}`;
}

/** Builds the journey of one flow. */
export class FlowBuilder {
  private readonly states = new Map<string, { order: number; value: State }>();
  private readonly names = new NameTable();
  private readonly fieldNames: NameTable;
  private readonly fields = new Map<string, Field>();
  private readonly slotFields = new Map<string, string>();
  private readonly losses: ImportLoss[] = [];
  private readonly collectStates: string[] = [];
  private readonly missing = new Map<string, string>();
  private readonly reported = new Set<string>();
  private readonly project: Project;
  private readonly tree: SourceTree;
  private doneState?: string;
  private humanState?: string;
  private handoffEntry?: string;
  private resumeState?: string;
  private firstCollect?: string;

  constructor(
    private readonly env: Environment,
    private readonly analysis: FlowAnalysis,
  ) {
    this.project = env.project;
    this.tree = env.tree;
    this.fieldNames = new NameTable([INTERRUPTED]);
    for (const [slot, name] of analysis.fields) {
      this.fieldNames.name(`slot:${slot}`, name);
      this.slotFields.set(slot, name);
    }
  }

  private get flow(): Flow {
    return this.analysis.flow;
  }

  /** The journey draft: states in source order, context, offramp, losses. */
  build(): JourneyDraft {
    const root = this.scope(this.flow.file, this.flow.id, this.analysis.steps, '', 0, true);
    if (this.env.handoff.kind === 'human') this.human();
    this.compileScope(root);
    this.finishResume();
    const first = this.analysis.steps.root[0];
    const start = first ? (root.stateOf.get(first) as string) : this.done();
    this.flowLosses(start);
    return this.draft(start);
  }

  // ---- scopes and names -------------------------------------------------

  private scope(file: SourceFile, flowId: string, steps: ParsedSteps, prefix: string, base: number, endsJourney: boolean, end?: () => string): Scope {
    const ids = new Map<string, StepNode>();
    for (const n of steps.all) {
      if (!n.explicitId) continue;
      if (ids.has(n.explicitId)) {
        this.tree.problem(file, 'bad-shape', `Step id \`${n.explicitId}\` is used twice in flow \`${flowId}\`; \`next:\` goes to the first.`, { value: n.raw.id, parent: n.raw, key: 'id' });
      } else ids.set(n.explicitId, n);
    }
    const stateOf = new Map<StepNode, string>();
    // Ids the bot gave its steps are kept first, so that a name of its own never gets a suffix.
    for (const n of steps.all) if (n.explicitId) stateOf.set(n, this.names.name(`${prefix}${flowId}#${n.order}`, snakeName(`${prefix}${n.explicitId}`)));
    for (const n of steps.all) if (!n.explicitId) stateOf.set(n, this.names.name(`${prefix}${flowId}#${n.order}`, snakeName(`${prefix}${this.wantedName(n)}`)));
    return { file, flowId, steps, ids, end: end ?? (() => this.done()), endsJourney, base, stateOf };
  }

  private wantedName(n: StepNode): string {
    const subject = n.subject ?? '';
    switch (n.kind) {
      case 'collect':
        return `ask_${subject}`;
      case 'action':
        return subject.replace(/^utter_/, '').replace(/^action_/, '');
      case 'set_slots':
        return `set_${slotSettings(n.raw.set_slots)[0]?.[0] ?? 'slots'}`;
      case 'noop':
        return 'decide';
      case 'call':
        return `call_${subject}`;
      case 'link':
        return subject === HANDOFF_PATTERN ? 'handoff' : `link_${subject}`;
    }
  }

  private add(id: string, order: number, value: State): void {
    this.states.set(id, { order, value });
  }

  private point(file: SourceFile, value: unknown, id: string): SourcePoint {
    return this.tree.point(file, value, id);
  }

  private stepPoint(scope: Scope, n: StepNode): SourcePoint {
    return this.point(scope.file, n.raw, n.explicitId ?? `${n.kind}: ${n.subject ?? (n.kind === 'noop' ? 'true' : slotSettings(n.raw.set_slots).map(([slot]) => slot).join(', '))}`);
  }

  private loss(kind: string, message: string, state: string | undefined, at: SourcePoint): void {
    this.losses.push({ kind, message, ...(state ? { state } : {}), at });
  }

  // ---- fields --------------------------------------------------------------

  private slotField(slot: string, written: boolean): string {
    let name = this.slotFields.get(slot);
    if (!name) {
      name = this.fieldNames.name(`slot:${slot}`, fieldNameFor(slot));
      this.slotFields.set(slot, name);
    }
    let f = this.fields.get(name);
    if (!f) {
      const type = fieldTypeOf(this.project, slot, this.analysis.usage);
      const initial = this.project.slots.get(slot)?.initialValue;
      f = { type, written: false, ...(initial !== undefined && typeof initial === (type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : 'string') ? { default: initial } : {}) };
      this.fields.set(name, f);
    }
    if (written) f.written = true;
    return name;
  }

  private hostField(key: string, wanted: string, type: FieldType, description: string): string {
    const name = this.fieldNames.name(key, wanted);
    if (!this.fields.has(name)) this.fields.set(name, { type, written: true, input: true, description });
    return name;
  }

  private typeOf(name: string): FieldType {
    return this.fields.get(name)?.type ?? 'string';
  }

  // ---- targets -------------------------------------------------------------

  private done(): string {
    if (!this.doneState) {
      this.doneState = this.names.name('#done', 'done');
      this.add(this.doneState, 1e9, { type: 'end', outcome: 'completed', 'x-source': sourceValue(this.flow.at) });
    }
    return this.doneState;
  }

  /** An end state standing for a step or flow the bot names but does not have. */
  private missingTarget(scope: Scope, n: StepNode, name: string, what: string, at: { value: unknown; parent?: unknown; key?: string | number }): string {
    const where = what === 'Flow' ? 'this project' : `flow \`${scope.flowId}\``;
    // A branch is read once per value of the slot a collect just set: report each reference once.
    const reference = `${scope.flowId}#${n.order}:${name}`;
    if (!this.reported.has(reference)) {
      this.reported.add(reference);
      this.tree.problem(scope.file, 'missing-target', `${what} \`${name}\` does not exist in ${where}; the journey ends there with outcome \`missing_target\`.`, at);
    }
    const key = `${scope.flowId}:${name}`;
    const known = this.missing.get(key);
    if (known) return known;
    const id = this.names.name(`#missing:${key}`, snakeName(`missing_${name}`));
    this.missing.set(key, id);
    this.add(id, scope.base + n.order * 4 + 2, { type: 'end', outcome: 'missing_target', 'x-source': sourceValue(this.point(scope.file, n.raw, name)) });
    return id;
  }

  /** Where a step id or END leads; undefined for END when the caller may end there itself. */
  private named(scope: Scope, n: StepNode, name: string, at: { value: unknown; parent?: unknown; key?: string | number }): string | 'END' {
    if (name === 'END') return 'END';
    const step = scope.ids.get(name);
    if (step) return scope.stateOf.get(step) as string;
    return this.missingTarget(scope, n, name, 'Step', at);
  }

  /** Where a step goes without branches: its `next:` name, or the following step of its list. */
  private simpleNext(scope: Scope, n: StepNode): string | 'END' {
    if (n.nextName !== undefined) return this.named(scope, n, n.nextName, { value: n.raw.next, parent: n.raw, key: 'next' });
    const following = n.sequence[n.position + 1];
    if (following) return scope.stateOf.get(following) as string;
    if (!n.root) {
      this.tree.problem(scope.file, 'bad-shape', `The last step of this branch of flow \`${scope.flowId}\` has no \`next:\`; Rasa needs one (END or a step id). The journey ends there.`, { value: n.raw });
    }
    return 'END';
  }

  private resolved(scope: Scope, target: string | 'END'): string {
    return target === 'END' ? scope.end() : target;
  }

  private branchTarget(scope: Scope, n: StepNode, b: Branch): string {
    if (b.target.kind === 'steps') return scope.stateOf.get(b.target.steps[0] as StepNode) as string;
    return this.resolved(scope, this.named(scope, n, b.target.name, { value: b.raw.then ?? b.raw.else, parent: b.raw, key: 'then' in b.raw ? 'then' : 'else' }));
  }

  /** A guard for a Rasa condition: translated, or an `input: true` field the host sets (and a loss). */
  private guard(scope: Scope, state: string, b: Branch): string {
    const raw = b.condition as string | number | boolean;
    const parsed = parseCondition(raw);
    const text = String(raw);
    const expression =
      parsed &&
      translate(parsed, {
        field: (r: Ref) => {
          if (r.scope === 'slots') {
            const name = this.slotField(r.name, false);
            return { name, type: this.typeOf(name) };
          }
          const type = parsed ? this.contextType(parsed, r) : 'string';
          const name = this.hostField(`context:${r.name}`, fieldNameFor(`context_${r.name}`), type, `Rasa's \`context.${r.name}\` (set by Rasa for the pattern that runs).`);
          return { name, type };
        },
      });
    if (expression) return expression;
    const name = this.hostField(`if:${text}`, fieldNameFor(`if ${text}`.slice(0, 60)), 'boolean', `Whether the Rasa condition \`${text}\` holds (not translated; the host says).`);
    this.loss(
      'untranslated-condition',
      `The condition \`${text}\` has no counterpart in the journey language; the journey takes this branch when the host field \`${name}\` is true.`,
      state,
      this.point(scope.file, b.raw, `if ${text}`),
    );
    return name;
  }

  private contextType(c: NonNullable<ReturnType<typeof parseCondition>>, r: Ref): FieldType {
    return usedTypes(c).get(`context.${r.name}`) ?? 'string';
  }

  /** The choices of a `next:` list; without `else`, Rasa refuses the flow: reported, and the list falls through to the next step. */
  private choices(scope: Scope, n: StepNode, state: string): Choice[] {
    const out: Choice[] = [];
    let hasElse = false;
    for (const b of n.branches ?? []) {
      const to = this.branchTarget(scope, n, b);
      if (b.condition === undefined) {
        out.push({ to });
        hasElse = true;
        break;
      }
      out.push({ if: this.guard(scope, state, b), to });
    }
    if (!hasElse) {
      this.tree.problem(scope.file, 'bad-shape', `This \`next:\` of flow \`${scope.flowId}\` has no \`else:\`; Rasa needs one. The journey goes on with the following step.`, { value: n.raw.next, parent: n.raw, key: 'next' });
      const following = n.sequence[n.position + 1];
      out.push({ to: following ? (scope.stateOf.get(following) as string) : scope.end() });
    }
    return out;
  }

  private always(choices: Choice[]): unknown {
    if (choices.length === 1 && !choices[0]?.if && !choices[0]?.set) return choices[0]?.to;
    return choices.map((c) => ({ ...(c.if !== undefined ? { if: c.if } : {}), to: c.to, ...(c.set ? { set: c.set } : {}) }));
  }

  /** A decision state after a step whose `next:` branches (`<step>_next`). */
  private branchState(scope: Scope, n: StepNode, owner: string): string {
    const id = this.names.name(`#next:${scope.flowId}#${n.order}`, `${owner}_next`.slice(0, 100));
    this.add(id, scope.base + n.order * 4 + 1, { always: this.always(this.choices(scope, n, id)), 'x-source': sourceValue(this.point(scope.file, n.raw.next, `${n.explicitId ?? owner}: next`)) });
    return id;
  }

  /** Where a step goes on: one target, or a decision over its branches. */
  private onward(scope: Scope, n: StepNode, owner: string): string {
    return n.branches ? this.branchState(scope, n, owner) : this.resolved(scope, this.simpleNext(scope, n));
  }

  // ---- steps ---------------------------------------------------------------

  private compileScope(scope: Scope): void {
    for (const n of scope.steps.all) this.compileStep(scope, n);
  }

  private compileStep(scope: Scope, n: StepNode): void {
    const id = scope.stateOf.get(n) as string;
    const order = scope.base + n.order * 4;
    const at = this.stepPoint(scope, n);
    const put = (value: State): void => this.add(id, order, { ...value, 'x-source': sourceValue(at) });
    switch (n.kind) {
      case 'collect':
        return put(this.collect(scope, n, id, at));
      case 'action':
        return put(this.action(scope, n, id, at));
      case 'set_slots': {
        const set: Record<string, unknown> = {};
        for (const [slot, value] of slotSettings(n.raw.set_slots)) {
          const name = this.slotField(slot, true);
          if (value === null || typeof value === 'boolean' || typeof value === 'number') set[name] = value;
          else if (typeof value === 'string') set[name] = this.typeOf(name) === 'number' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : this.typeOf(name) === 'boolean' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : stringLiteral(value);
          else this.loss('set-slot-value', `set_slots gives \`${slot}\` a list or mapping, which a journey field cannot hold; the journey leaves \`${name}\` unchanged.`, id, at);
        }
        const to = n.branches ? this.branchState(scope, n, id) : this.resolved(scope, this.simpleNext(scope, n));
        return put({ always: Object.keys(set).length > 0 ? [{ to, set }] : to });
      }
      case 'noop':
        return put({ always: n.branches ? this.always(this.choices(scope, n, id)) : this.resolved(scope, this.simpleNext(scope, n)) });
      case 'call':
        return put(this.call(scope, n, id, at));
      case 'link':
        return put(this.link(scope, n, id, at));
    }
  }

  private collect(scope: Scope, n: StepNode, id: string, at: SourcePoint): State {
    const slot = n.subject as string;
    const name = this.slotField(slot, true);
    const declared = this.project.slots.get(slot);
    if (!declared && this.project.hasDomain) {
      this.tree.problem(scope.file, 'missing-target', `Slot \`${slot}\` is collected but the domain does not declare it; it is imported as text.`, { value: n.raw.collect, parent: n.raw, key: 'collect' });
    }
    const state: State = {};
    const utter = typeof n.raw.utter === 'string' ? n.raw.utter : `utter_ask_${slot}`;
    const response = this.project.responses.get(utter);
    if (response?.text) state.say = response.text;
    else if (this.project.actions.has(`action_ask_${slot}`)) state.do = [effectName(`action_ask_${slot}`)];
    else if (this.project.hasDomain) this.tree.problem(scope.file, 'missing-target', `The domain has no response \`${utter}\` to ask for \`${slot}\`; the state asks nothing.`, { value: n.raw.collect, parent: n.raw, key: 'collect' });
    if (response?.conditional) this.conditionalLoss(id, response.name, at);

    const type = this.typeOf(name);
    const values: [string, Literal | undefined][] =
      type === 'boolean' ? [['yes', true], ['no', false]] : declared?.type === 'categorical' && declared.values.length > 0 ? declared.values.map((v) => [v, v]) : [[`${name}_given`, undefined]];
    const events = new NameTable([ASK_FOR_PERSON_EVENT]);
    const resolvedPerValue = n.branches ? this.resolveBranches(scope, n, slot, values) : undefined;
    const shared = resolvedPerValue ? undefined : this.onward(scope, n, id);
    const on: Record<string, unknown> = {};
    for (const [i, [label, value]] of values.entries()) {
      const event = events.name(`v:${label}`, eventNameFor(label));
      on[event] = { to: resolvedPerValue?.[i] ?? shared, set: { [name]: value === undefined ? 'event.value' : typeof value === 'string' ? stringLiteral(value) : value } };
    }
    if (scope.endsJourney && this.env.handoff.kind !== 'human') {
      on[ASK_FOR_PERSON_EVENT] = { to: this.handoff(), set: { [INTERRUPTED]: stringLiteral(id) } };
      this.collectStates.push(id);
    }
    state.on = on;
    const ladder = this.noMatchLadder();
    if (ladder) state.no_match = ladder;
    this.firstCollect ??= id;

    if (Array.isArray(n.raw.rejections) && n.raw.rejections.length > 0) {
      this.loss('rejections', `Rasa re-asks for \`${slot}\` when a rejection condition holds; the journey accepts every value.`, id, at);
    }
    if (n.raw.reset_after_flow_ends === false) {
      this.loss('reset-after-flow-ends', `\`${slot}\` keeps its value after the flow ends, for the flows that follow; a journey's fields end with the journey.`, id, at);
    }
    return state;
  }

  /** For a bool or categorical collect, the target of each value when the branches depend on that slot alone; else undefined. */
  private resolveBranches(scope: Scope, n: StepNode, slot: string, values: readonly [string, Literal | undefined][]): string[] | undefined {
    if (values.some(([, v]) => v === undefined)) return undefined;
    const out: string[] = [];
    for (const [, value] of values) {
      const known = new Map<string, Literal>([[`slots.${slot}`, value as Literal]]);
      let target: string | undefined;
      for (const b of n.branches ?? []) {
        if (b.condition === undefined) {
          target = this.branchTarget(scope, n, b);
          break;
        }
        const c = parseCondition(b.condition);
        const holds = c && evaluate(c, known);
        if (holds === undefined) return undefined;
        if (holds) {
          target = this.branchTarget(scope, n, b);
          break;
        }
      }
      if (target === undefined) return undefined;
      out.push(target);
    }
    return out;
  }

  private action(scope: Scope, n: StepNode, id: string, at: SourcePoint): State {
    const action = n.subject as string;
    const state: State = {};
    if (isUtterance(action)) {
      const response = this.project.responses.get(action);
      const text = response?.text ?? (action === 'utter_human_handoff_not_available' ? DEFAULT_HANDOFF_TEXT : undefined);
      if (text) state.say = text;
      else {
        state.do = [effectName(action)];
        if (this.project.hasDomain) this.tree.problem(scope.file, 'missing-target', `The domain has no response \`${action}\`; the state only names it.`, { value: n.raw.action, parent: n.raw, key: 'action' });
      }
      if (response?.conditional) this.conditionalLoss(id, action, at);
      if (!n.branches && scope.endsJourney) {
        const next = this.simpleNext(scope, n);
        if (next === 'END') return { type: 'end', ...state, outcome: snakeName(action.replace(/^utter_/, ''), 'o') };
        return { ...state, always: next };
      }
    } else {
      state.do = [effectName(action)];
    }
    return { ...state, always: n.branches ? this.always(this.choices(scope, n, id)) : this.resolved(scope, this.simpleNext(scope, n)) };
  }

  private conditionalLoss(state: string, response: string, at: SourcePoint): void {
    this.loss('conditional-response', `The response \`${response}\` has variants chosen by conditions; the journey says its first text.`, state, at);
  }

  /** `input`/`output` of a call: the slots both flows mention pass in, and those the callee fills come back. */
  private passing(callee: FlowAnalysis, returns: boolean): { input?: Record<string, string>; output?: Record<string, string> } {
    const input: Record<string, string> = {};
    const output: Record<string, string> = {};
    for (const [slot, mine] of this.analysis.fields) {
      const theirs = callee.fields.get(slot);
      if (!theirs) continue;
      this.slotField(slot, false);
      input[theirs] = mine;
      if (returns && callee.writes.has(slot)) {
        output[mine] = theirs;
        this.slotField(slot, true);
      }
    }
    return { ...(Object.keys(input).length > 0 ? { input } : {}), ...(Object.keys(output).length > 0 ? { output } : {}) };
  }

  private call(scope: Scope, n: StepNode, id: string, at: SourcePoint): State {
    const target = n.subject as string;
    if (target === HANDOFF_PATTERN) return this.link(scope, n, id, at);
    const callee = this.env.analyses.get(target);
    const journey = this.env.journeyIds.get(target);
    if (!callee || !journey) return this.patternOrMissing(scope, n, id, at, target, false);
    return { type: 'call', call: journey, ...this.passing(callee, true), outcomes: { default: this.onward(scope, n, id) } };
  }

  private link(scope: Scope, n: StepNode, id: string, at: SourcePoint): State {
    const target = n.subject as string;
    if (target === HANDOFF_PATTERN) {
      if (this.env.handoff.kind === 'human') return { always: this.human() };
      return { always: [{ to: this.handoff(), set: { [INTERRUPTED]: null } }] };
    }
    const callee = this.env.analyses.get(target);
    const journey = this.env.journeyIds.get(target);
    if (!callee || !journey) return this.patternOrMissing(scope, n, id, at, target, true);
    // A link is a tail jump: a call whose every outcome ends this journey with the callee's outcome.
    return { type: 'call', call: journey, ...this.passing(callee, false) };
  }

  private patternOrMissing(scope: Scope, n: StepNode, id: string, at: SourcePoint, target: string, tail: boolean): State {
    if (target.startsWith('pattern_')) {
      this.loss('pattern-not-mapped', `The step ${tail ? 'links' : 'calls'} Rasa's \`${target}\`, which the import does not model; the journey ${tail ? 'ends there' : 'goes on with the next step'}.`, id, at);
      return tail ? { type: 'end', do: [effectName(target)], outcome: snakeName(target, 'o') } : { do: [effectName(target)], always: this.onward(scope, n, id) };
    }
    const end = this.missingTarget(scope, n, target, 'Flow', { value: n.raw[n.kind], parent: n.raw, key: n.kind });
    return { always: end };
  }

  // ---- handing over and not understanding ------------------------------------

  /** The human state of a real handoff (the custom action of the overridden pattern). */
  private human(): string {
    const h = this.env.handoff;
    if (h.kind !== 'human') return this.done();
    if (!this.humanState) {
      this.humanState = this.names.name('#human', snakeName(h.action.replace(/^action_/, '')));
      this.add(this.humanState, 2e9, { type: 'human', ...(h.say ? { say: h.say } : {}), queue: h.action, hours: hoursFor(this.env.options), 'x-source': sourceValue(h.at) });
    }
    return this.humanState;
  }

  /** The first state of the handoff pattern inlined in this journey, when it only sends messages. */
  private handoff(): string {
    if (this.handoffEntry) return this.handoffEntry;
    const h = this.env.handoff;
    this.resumeState = this.names.name('#resume', 'resume_interrupted_flow');
    if (h.kind === 'message') {
      const scope = this.scope(h.flow.file, h.flow.id, h.steps, 'handoff_', 3e9, false, () => this.resumeState as string);
      const first = h.steps.root[0] as StepNode;
      this.handoffEntry = scope.stateOf.get(first) as string;
      this.compileScope(scope);
    } else {
      const response = this.project.responses.get('utter_human_handoff_not_available');
      const at = response?.at ?? { ...this.flow.at, id: `${HANDOFF_PATTERN} (Rasa's default)` };
      this.handoffEntry = this.names.name('#handoff', 'human_handoff_not_available');
      this.add(this.handoffEntry, 3e9, { say: response?.text ?? DEFAULT_HANDOFF_TEXT, do: [effectName('action_handoff_metric')], always: this.resumeState, 'x-source': sourceValue(at) });
    }
    this.fields.set(INTERRUPTED, { type: 'string', written: true, internal: true, description: 'The collect step the customer was on when they asked for a person (Rasa resumes it from its flow stack).' });
    return this.handoffEntry;
  }

  /** The decision that goes back to the interrupted collect step once the handoff messages are said. */
  private finishResume(): void {
    if (!this.resumeState) return;
    const h = this.env.handoff;
    const at = h.kind === 'message' ? h.flow.at : (this.project.responses.get('utter_human_handoff_not_available')?.at ?? { ...this.flow.at, id: `${HANDOFF_PATTERN} (Rasa's default)` });
    const choices: Choice[] = this.collectStates.map((c) => ({ if: `${INTERRUPTED} == ${stringLiteral(c)}`, to: c }));
    choices.push({ to: this.done() });
    this.add(this.resumeState, 4e9, { always: this.always(choices), 'x-source': sourceValue(at) });
  }

  /** The `no_match` ladder of a collect step: what `pattern_cannot_handle` says, or a handover when it links to a real one. */
  private noMatchLadder(): unknown[] | undefined {
    const r = this.env.repair;
    const real = this.env.handoff.kind === 'human';
    if (real && r.threshold) return undefined;
    const rung: Record<string, unknown> = {};
    if (r.say) rung.say = r.say;
    if (r.actions.length > 0) rung.do = r.actions.map(effectName);
    if (r.linksToHandoff && real) rung.to = this.human();
    return [rung];
  }

  // ---- the journey ----------------------------------------------------------

  private flowLosses(start: string): void {
    const r = this.env.repair;
    const at = this.flow.at;
    if (this.flow.guard !== undefined) {
      this.loss('flow-guard', `Rasa starts this flow only when \`${this.flow.guard}\` holds; the journey does not check it.`, start, at);
    }
    if (this.flow.value.persisted_slots !== undefined) {
      this.loss('reset-after-flow-ends', 'The flow keeps `persisted_slots` for the flows that follow; a journey\'s fields end with the journey.', start, at);
    }
    if (this.firstCollect) {
      const others = this.env.otherPatterns.length > 0 ? ` (this project overrides ${this.env.otherPatterns.map((p) => `\`${p}\``).join(', ')})` : '';
      this.loss(
        'digression',
        `At every collect step the customer can start another flow or a conversation pattern${others}, which Rasa runs on its flow stack before resuming this flow; the journey only models asking for a person and not being understood.`,
        this.firstCollect,
        at,
      );
      this.loss(
        'llm-slot-filling',
        "Rasa's LLM fills any slot from any message (several at once, before they are asked, and corrects earlier ones through pattern_correction), and skips a collect step whose slot is already set; the journey fills one slot per event, in step order.",
        this.firstCollect,
        at,
      );
      if (r.approximated) {
        this.loss('cannot-handle-approximated', 'The overridden pattern_cannot_handle branches or runs other steps; the journey says its messages and stays at the question.', this.firstCollect, r.approximated);
      }
    }
    const h = this.env.handoff;
    if (h.kind === 'human' && this.humanState) {
      if (h.before === 'confirmation') {
        this.loss('handoff-confirmation', `pattern_human_handoff asks the customer to confirm before ${h.action} runs, and resumes this flow when they decline; the journey hands over as soon as they ask.`, this.humanState, h.flow.at);
      } else if (h.before === 'steps') {
        this.loss('handoff-steps', `pattern_human_handoff runs other steps or conditions before ${h.action}; the journey hands over as soon as the customer asks.`, this.humanState, h.flow.at);
      }
      if (r.threshold) {
        this.loss(
          'clarification-counter',
          `pattern_clarification counts ambiguous requests in \`${r.threshold.slot}\` and hands over at the ${ordinal(r.threshold.count)}; the journey hands over at the ${ordinal(r.threshold.count)} not-understood turn in a row in one state (offramp.no_match) and says nothing before.`,
          this.firstCollect ?? start,
          r.threshold.at,
        );
      }
    } else if (r.threshold && this.firstCollect) {
      this.loss('clarification-counter', `pattern_clarification links to pattern_human_handoff past a count of \`${r.threshold.slot}\`, but the handoff only sends a message; the journey keeps the rephrase message.`, this.firstCollect, r.threshold.at);
    }
  }

  private context(): Record<string, unknown> | undefined {
    if (this.fields.size === 0) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, f] of this.fields) {
      const input = f.input || !f.written;
      out[name] = {
        type: f.type,
        ...(f.default !== undefined ? { default: f.default } : {}),
        ...(input ? { input: true } : {}),
        ...(f.internal ? { internal: true } : {}),
        ...(f.description ? { description: f.description } : !f.written ? { description: 'Set outside this flow (a custom action, another flow or the host).' } : {}),
      };
    }
    return out;
  }

  private draft(start: string): JourneyDraft {
    const states: Record<string, unknown> = {};
    const ordered = [...this.states.entries()].sort((a, b) => a[1].order - b[1].order);
    for (const [id, s] of ordered) states[id] = s.value;
    const h = this.env.handoff;
    const offramp =
      h.kind === 'human' && this.humanState
        ? { to: this.humanState, on: [ASK_FOR_PERSON_EVENT], ...(this.env.repair.threshold ? { no_match: this.env.repair.threshold.count } : {}) }
        : undefined;
    const context = this.context();
    const document: Record<string, unknown> = {
      title: this.flow.name ?? this.flow.id.replace(/_/g, ' '),
      ...(this.flow.description ? { description: this.flow.description } : {}),
      ...(this.flow.intent ? { intent: this.flow.intent } : {}),
      ...(this.flow.notStartable ? { sub_journey: true } : {}),
      ...(context ? { context } : {}),
      ...(offramp ? { offramp } : {}),
      start,
      states,
    };
    const notes =
      h.kind === 'human'
        ? [`Asking for a person goes to \`${this.humanState}\`: pattern_human_handoff runs the custom action ${h.action}.`]
        : [`pattern_human_handoff ${h.kind === 'default' ? 'is Rasa\'s default' : 'is overridden'} and only sends a message: no state of this journey hands over to a person.`];
    return { id: this.env.journeyIds.get(this.flow.id) as string, source: this.flow.at, document, losses: this.losses, notes };
  }
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

