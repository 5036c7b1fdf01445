import { SCHEMA, span, type Diagnostic, type SchemaCode, type Span } from '../diagnostics/diagnostic.js';
import { parseExpression } from '../expr/parse.js';
import { usesFormat11 } from '../expr/ast.js';
import type { SourceMap } from '../load/source-map.js';
import { formatDuration, parseDuration } from './duration.js';
import { parseHours, type Hours } from './hours.js';
import { UNAVAILABLE } from '../spec/names.js';
import type {
  Assignment,
  Branch,
  BotState,
  CallState,
  Channel,
  EndState,
  Expression,
  Field,
  FieldType,
  FormatVersion,
  HumanState,
  Journey,
  Ladder,
  Located,
  Offramp,
  Priority,
  State,
  Transition,
  Trigger,
} from './types.js';

type Doc = Readonly<Record<string, unknown>>;

/** The model, and the structural findings that JSON Schema cannot express (durations, hours, offramp target). */
export interface BuildResult {
  readonly journey: Journey;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Builds the typed model from a document that passed the schema. Phase one of
 * two: this phase shapes values and keeps positions; the graph module resolves
 * names to indices (phase two). Never throws on schema-valid input.
 */
export function buildJourney(data: Doc, sourceMap: SourceMap, file: string): BuildResult {
  return new Builder(data, sourceMap, file).build();
}

/** Where a journey's keys come from when it is a sub-journey of another file (`journeys:`). */
interface SubJourneyOf {
  readonly id: Located<string>;
  readonly title: string;
  readonly format: FormatVersion;
  /** The file's sub-journeys, shared by all of them. */
  readonly journeys: Map<string, Journey>;
}

class Builder {
  private readonly diagnostics: Diagnostic[] = [];
  /** Keys and values that belong to format 1.1, where they are (for `format: 1.0` files). */
  private readonly newer: { readonly what: string; readonly at: Span }[] = [];

  constructor(
    private readonly doc: Doc,
    private readonly map: SourceMap,
    private readonly file: string,
    private readonly parent?: SubJourneyOf,
  ) {}

  build(): BuildResult {
    const doc = this.doc;
    const fields = new Map<string, Field>();
    const context = (doc.context ?? {}) as Record<string, Doc>;
    for (const [name, raw] of Object.entries(context)) fields.set(name, this.field(context, name, raw));

    const states = new Map<string, State>();
    const rawStates = doc.states as Record<string, Doc>;
    for (const [id, raw] of Object.entries(rawStates)) states.set(id, this.state(rawStates, id, raw));

    const offramp = doc.offramp === undefined ? undefined : this.offramp(doc.offramp as Doc, states);
    if (doc.sub_journey === true) this.newer.push({ what: '`sub_journey`', at: this.map.keySpan(doc, 'sub_journey') });
    if (doc.journeys !== undefined) this.newer.push({ what: '`journeys`', at: this.map.keySpan(doc, 'journeys') });
    const format = this.parent?.format ?? this.format();
    // One map for the file: a sub-journey may call another sub-journey of the same file.
    const journeys = this.parent?.journeys ?? new Map<string, Journey>();
    for (const [id, body] of Object.entries((doc.journeys ?? {}) as Record<string, Doc>)) {
      const sub = new Builder(body, this.map, this.file, {
        id: { value: id, span: this.map.keySpan(doc.journeys as object, id) },
        title: typeof body.title === 'string' ? body.title : id,
        format,
        journeys,
      }).build();
      this.diagnostics.push(...sub.diagnostics);
      journeys.set(id, sub.journey);
    }
    const journey: Journey = {
      file: this.file,
      id: this.parent?.id ?? this.located(doc, 'journey'),
      format,
      subJourney: this.parent !== undefined || doc.sub_journey === true,
      journeys,
      callees: new Map(),
      title: this.parent?.title ?? (doc.title as string),
      ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
      ...(typeof doc.intent === 'string' ? { intent: doc.intent } : {}),
      priority: (doc.priority ?? 'routine') as Priority,
      channels: (doc.channels ?? []) as Channel[],
      fields,
      ...(offramp ? { offramp } : {}),
      start: this.located(doc, 'start'),
      states,
      statesKeySpan: this.map.keySpan(doc, 'states'),
      raw: doc,
      sourceMap: this.map,
    };
    return { journey, diagnostics: this.diagnostics };
  }

  /**
   * The file's format: as declared, else 1.1 when it uses anything of 1.1. A file that
   * declares 1.0 and uses 1.1 gets one finding per such use, so 1.0 keeps its meaning.
   */
  private format(): FormatVersion {
    const declared = this.doc.format;
    const newer = this.newer.length > 0;
    if (declared === undefined) return newer ? '1.1' : '1.0';
    const version: FormatVersion = declared === '1.1' || declared === 1.1 ? '1.1' : '1.0';
    if (version === '1.0') {
      for (const use of this.newer) {
        this.report('value', `${use.what} is part of format 1.1, but this journey says \`format: 1.0\`.`, use.at, 'Declare `format: 1.1` (or remove `format: 1.0`) to use it.');
      }
    }
    return version;
  }

  private field(parent: object, name: string, raw: Doc): Field {
    for (const key of ['internal', 'input']) if (raw[key] !== undefined) this.newer.push({ what: `\`${key}\` on a field`, at: this.map.keySpan(raw, key) });
    return {
      name,
      keySpan: this.map.keySpan(parent, name),
      span: this.map.valueSpan(parent, name),
      type: this.located(raw, 'type') as Located<FieldType>,
      ...(raw.default !== undefined ? { default: this.located(raw, 'default') as Located<string | number | boolean> } : {}),
      pii: raw.pii === true,
      internal: raw.internal === true,
      input: raw.input === true,
      ...(typeof raw.purpose === 'string' ? { purpose: raw.purpose } : {}),
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    };
  }

  private offramp(raw: Doc, states: ReadonlyMap<string, State>): Offramp {
    const to = this.located<string>(raw, 'to');
    const target = states.get(to.value);
    if (target && target.type !== 'human') {
      const humans = [...states.values()].filter((s) => s.type === 'human').map((s) => `\`${s.id}\``);
      this.report('offramp', `\`offramp.to\` must name a human state, but \`${to.value}\` is a ${target.type} state.`, to.span,
        humans.length ? `Human states here: ${humans.join(', ')}.` : 'Add a state with `type: human` and point `offramp.to` at it.');
    }
    const on = ((raw.on ?? []) as string[]).map((_, i) => this.located<string>(raw.on as object, i));
    return {
      to,
      on,
      ...(raw.no_match !== undefined ? { noMatch: this.located<number>(raw, 'no_match') } : {}),
      frustration: raw.frustration === true,
      keySpan: this.map.keySpan(this.doc, 'offramp'),
    };
  }

  private state(parent: object, id: string, raw: Doc): State {
    const base = {
      id,
      keySpan: this.map.keySpan(parent, id),
      span: this.map.valueSpan(parent, id),
      say: typeof raw.say === 'string' ? this.located<string>(raw, 'say') : undefined,
      description: typeof raw.description === 'string' ? raw.description : undefined,
      effects: this.effects(raw, 'do'),
    };
    const type = raw.type ?? 'bot';
    if (type === 'end') {
      if (raw.human !== undefined) this.newer.push({ what: '`human: later`', at: this.map.keySpan(raw, 'human') });
      const end: EndState = { ...base, type: 'end', outcome: this.located(raw, 'outcome'), feedback: raw.feedback === true, humanLater: raw.human === 'later' };
      return end;
    }
    if (type === 'call') {
      this.newer.push({ what: '`type: call`', at: this.map.valueSpan(raw, 'type') });
      const outcomes = new Map<string, Located<string>>();
      for (const outcome of Object.keys((raw.outcomes ?? {}) as Doc)) outcomes.set(outcome, this.located<string>(raw.outcomes as object, outcome));
      const call: CallState = {
        ...base,
        type: 'call',
        call: this.located(raw, 'call'),
        input: this.assignments(raw.input as Doc | undefined),
        output: this.assignments(raw.output as Doc | undefined),
        outcomes,
      };
      return call;
    }
    const on = this.eventTransitions(raw);
    if (type === 'human') {
      const hoursText = this.located<string>(raw, 'hours');
      if (raw.when_unavailable !== undefined) {
        this.newer.push({ what: '`when_unavailable`', at: this.map.keySpan(raw, 'when_unavailable') });
        if (on.some((t) => t.trigger.kind === 'event' && t.trigger.event === UNAVAILABLE)) {
          this.report('value', `State \`${id}\` handles \`${UNAVAILABLE}\` in \`on\` and has \`when_unavailable\`; a failed transfer would have two meanings.`, this.map.keySpan(raw, 'when_unavailable'), `Keep \`when_unavailable\`, and remove \`${UNAVAILABLE}\` from \`on\`.`);
        }
      }
      const human: HumanState = {
        ...base,
        type: 'human',
        queue: this.located(raw, 'queue'),
        skills: (raw.skills ?? []) as string[],
        carry: ((raw.carry ?? []) as string[]).map((_, i) => this.located<string>(raw.carry as object, i)),
        hoursText,
        hours: this.hours(hoursText),
        ...(raw.when_closed !== undefined ? { whenClosed: this.located<string>(raw, 'when_closed') } : {}),
        ...(raw.when_unavailable !== undefined ? { whenUnavailable: this.located<string>(raw, 'when_unavailable') } : {}),
        on,
      };
      return human;
    }
    const ladders: Ladder[] = [];
    for (const signal of ['no_match', 'no_input'] as const) {
      if (raw[signal] === undefined) continue;
      this.newer.push({ what: `a \`${signal}\` retry ladder`, at: this.map.keySpan(raw, signal) });
      if (on.some((t) => t.trigger.kind === 'event' && t.trigger.event === signal)) {
        this.report('value', `State \`${id}\` has both a \`${signal}:\` retry ladder and \`on.${signal}\`; keep one.`, this.map.keySpan(raw, signal), `Move what \`on.${signal}\` does into the last rung of the ladder.`);
      }
      const list = raw[signal] as Doc[];
      ladders.push({
        signal,
        keySpan: this.map.keySpan(raw, signal),
        rungs: list.map((rung, index) => ({
          index,
          ...(typeof rung.say === 'string' ? { say: this.located<string>(rung, 'say') } : {}),
          effects: this.effects(rung, 'do'),
          set: this.assignments(rung.set as Doc | undefined),
          ...(rung.to !== undefined ? { to: this.located<string>(rung, 'to') } : {}),
          span: this.map.valueSpan(list, index),
        })),
      });
    }
    const bot: BotState = {
      ...base,
      type: 'bot',
      on,
      ...(raw.always !== undefined
        ? { always: this.transition(raw, 'always', { kind: 'always' }) }
        : {}),
      after: this.timeouts(id, raw),
      ladders,
    };
    return bot;
  }

  /** `field: expression` pairs of a `set`, `input` or `output` mapping, in file order. */
  private assignments(raw: Doc | undefined): Assignment[] {
    if (!raw) return [];
    return Object.keys(raw).map((name) => ({ field: { value: name, span: this.map.keySpan(raw, name) }, value: this.expression(raw, name) }));
  }

  private eventTransitions(raw: Doc): Transition[] {
    const on = raw.on as Doc | undefined;
    if (!on) return [];
    return Object.keys(on).map((event) => this.transition(on, event, { kind: 'event', event }));
  }

  private timeouts(stateId: string, raw: Doc): Transition[] {
    const after = raw.after as Doc | undefined;
    if (!after) return [];
    const out: Transition[] = [];
    const seen = new Map<number, string>();
    for (const delay of Object.keys(after)) {
      const parsed = parseDuration(delay);
      const keySpan = this.map.keySpan(after, delay);
      if (parsed.error !== undefined) {
        this.report('duration', `State \`${stateId}\`, timeout: ${parsed.error}.`, keySpan);
        continue;
      }
      const earlier = seen.get(parsed.ms);
      if (earlier !== undefined) {
        this.report('duration', `State \`${stateId}\`: timeouts \`${earlier}\` and \`${delay}\` are the same delay (${formatDuration(parsed.ms)}); keep one.`, keySpan);
        continue;
      }
      seen.set(parsed.ms, delay);
      out.push(this.transition(after, delay, { kind: 'after', delay, ms: parsed.ms }));
    }
    return out;
  }

  private transition(parent: Doc, key: string, trigger: Trigger): Transition {
    const value = parent[key];
    const items = Array.isArray(value) ? value : [value];
    const holder: object = Array.isArray(value) ? value : parent;
    const branches = items.map((item, i) => this.branch(holder, Array.isArray(value) ? i : key, item));
    return { trigger, keySpan: this.map.keySpan(parent, key), span: this.map.valueSpan(parent, key), branches };
  }

  private branch(parent: object, key: string | number, raw: unknown): Branch {
    const at = this.map.valueSpan(parent, key);
    if (typeof raw === 'string') return { to: { value: raw, span: at }, set: [], effects: [], span: at };
    const b = raw as Doc;
    const set = this.assignments(b.set as Doc | undefined);
    return {
      to: this.located(b, 'to'),
      // Absent parts are undefined, not left out: one shape for every branch, built without spread copies.
      guard: b.if !== undefined ? this.expression(b, 'if') : undefined,
      set,
      effects: this.effects(b, 'do'),
      description: typeof b.description === 'string' ? b.description : undefined,
      span: at,
    };
  }

  private expression(parent: Doc, key: string): Expression {
    const value = parent[key];
    const at = this.map.valueSpan(parent, key);
    if (typeof value === 'string') {
      const parsed = parseExpression(value);
      if (parsed.expr && usesFormat11(parsed.expr)) this.newer.push({ what: '`null` or a function call in an expression', at });
      return { source: value, span: at, literal: false, parsed };
    }
    // YAML null (`x: null`, `x: ~`) unsets the field, so it is the null literal, printed as `null` for the compiled runtime.
    const literal = value as number | boolean | null;
    if (literal === null) this.newer.push({ what: 'Unsetting a field with `null`', at });
    return { source: String(literal), span: at, literal: true, parsed: { expr: { kind: 'literal', value: literal } } };
  }

  private effects(parent: Doc, key: string): Located<string>[] {
    const value = parent[key];
    if (value === undefined) return [];
    if (typeof value === 'string') return [this.located<string>(parent, key)];
    return (value as string[]).map((_, i) => this.located<string>(value as object, i));
  }

  private hours(text: Located<string>): Hours {
    const parsed = parseHours(text.value);
    if (parsed.error === undefined) return parsed.hours;
    // Point inside the scalar when it is written plainly on one line; otherwise at the whole value.
    const raw = text.span.end - text.span.start === text.value.length;
    const at: Span = raw ? span(text.span.start + parsed.offset, text.span.start + parsed.offset + Math.max(1, parsed.length)) : text.span;
    this.report('hours', `\`hours\`: ${parsed.error}.`, at, 'Write `always`, or clauses like `mon-fri 08:00-20:00, sat 09:00-13:00` followed by a time zone such as `Europe/London`.');
    return { kind: 'always' };
  }

  private located<T>(parent: object, key: string | number): Located<T> {
    return { value: (parent as Record<string | number, unknown>)[key] as T, span: this.map.valueSpan(parent, key) };
  }

  private report(code: SchemaCode, message: string, at: Span, hint?: string): void {
    this.diagnostics.push({ ruleId: SCHEMA, code, severity: 'error', message, span: at, ...(hint ? { hint } : {}) });
  }
}
