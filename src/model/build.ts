import { SCHEMA, span, type Diagnostic, type SchemaCode, type Span } from '../diagnostics/diagnostic.js';
import { parseExpression } from '../expr/parse.js';
import type { SourceMap } from '../load/source-map.js';
import { formatDuration, parseDuration } from './duration.js';
import { parseHours, type Hours } from './hours.js';
import type {
  Assignment,
  Branch,
  BotState,
  Channel,
  EndState,
  Expression,
  Field,
  FieldType,
  HumanState,
  Journey,
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

class Builder {
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly doc: Doc,
    private readonly map: SourceMap,
    private readonly file: string,
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
    const journey: Journey = {
      file: this.file,
      id: this.located(doc, 'journey'),
      title: doc.title as string,
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

  private field(parent: object, name: string, raw: Doc): Field {
    return {
      name,
      keySpan: this.map.keySpan(parent, name),
      span: this.map.valueSpan(parent, name),
      type: this.located(raw, 'type') as Located<FieldType>,
      ...(raw.default !== undefined ? { default: this.located(raw, 'default') as Located<string | number | boolean> } : {}),
      pii: raw.pii === true,
      internal: raw.internal === true,
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
      ...(typeof raw.say === 'string' ? { say: this.located<string>(raw, 'say') } : {}),
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      effects: this.effects(raw, 'do'),
    };
    const type = raw.type ?? 'bot';
    if (type === 'end') {
      const end: EndState = { ...base, type: 'end', outcome: this.located(raw, 'outcome'), feedback: raw.feedback === true };
      return end;
    }
    const on = this.eventTransitions(raw);
    if (type === 'human') {
      const hoursText = this.located<string>(raw, 'hours');
      const human: HumanState = {
        ...base,
        type: 'human',
        queue: this.located(raw, 'queue'),
        skills: (raw.skills ?? []) as string[],
        carry: ((raw.carry ?? []) as string[]).map((_, i) => this.located<string>(raw.carry as object, i)),
        hoursText,
        hours: this.hours(hoursText),
        ...(raw.when_closed !== undefined ? { whenClosed: this.located<string>(raw, 'when_closed') } : {}),
        on,
      };
      return human;
    }
    const bot: BotState = {
      ...base,
      type: 'bot',
      on,
      ...(raw.always !== undefined
        ? { always: this.transition(raw, 'always', { kind: 'always' }) }
        : {}),
      after: this.timeouts(id, raw),
    };
    return bot;
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
    const set: Assignment[] = [];
    const rawSet = b.set as Doc | undefined;
    if (rawSet) {
      for (const name of Object.keys(rawSet)) {
        set.push({ field: { value: name, span: this.map.keySpan(rawSet, name) }, value: this.expression(rawSet, name) });
      }
    }
    return {
      to: this.located(b, 'to'),
      ...(b.if !== undefined ? { guard: this.expression(b, 'if') } : {}),
      set,
      effects: this.effects(b, 'do'),
      ...(typeof b.description === 'string' ? { description: b.description } : {}),
      span: at,
    };
  }

  private expression(parent: Doc, key: string): Expression {
    const value = parent[key];
    const at = this.map.valueSpan(parent, key);
    if (typeof value === 'string') return { source: value, span: at, literal: false, parsed: parseExpression(value) };
    const literal = value as number | boolean;
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
