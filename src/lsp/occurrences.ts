import type { Span } from '../diagnostics/diagnostic.js';
import { fieldsRead } from '../expr/ast.js';
import { calleeOf, transitionsOf, type Assignment, type Expression, type Journey, type Located } from '../model/types.js';

/** What a name in a journey file names. */
export type NameKind = 'state' | 'field' | 'journey' | 'event';

/** One place a state id, context field, journey id or event name is written, found from the model's spans. */
export interface Occurrence {
  readonly kind: NameKind;
  readonly name: string;
  /**
   * The journey the name belongs to: the one whose state or field it is, the caller for a
   * journey id (its callee is resolved from there), the journey whose transitions an event triggers.
   */
  readonly scope: Journey;
  /** The name's own characters (quotes excluded). */
  readonly span: Span;
  /** True where the name is declared: a state's key, a field's key, a sub-journey's key, the `journey:` id. */
  readonly declaration: boolean;
  /** Where it is written, for hovers: `start`, `target`, `when_closed`, `carry`, `if`, `set`... */
  readonly role: string;
}

/** `file#id`: the same journey in every model built of it (the models of two lint runs, a callee linked into a caller). */
export function scopeKey(journey: Journey): string {
  return `${journey.file}#${journey.id.value}`;
}

/**
 * The span of `name` itself inside the value span `at`: the whole span for a plain scalar,
 * the inside for a quoted one; undefined when the text there is something else (a span
 * that fell back to its parent, a value written with escapes), so nothing points at the wrong text.
 */
export function nameSpan(text: string, at: Span, name: string): Span | undefined {
  const written = text.slice(at.start, at.end);
  if (written === name) return at;
  const quote = written[0];
  if ((quote === '"' || quote === "'") && written.length === name.length + 2 && written.endsWith(quote) && written.slice(1, -1) === name) return { start: at.start + 1, end: at.end - 1 };
  return undefined;
}

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;

/**
 * Where each context field an expression reads is written inside it. The expression's
 * parse decides which names are fields (`fieldsRead`); the scan only finds their
 * characters, skipping string literals, `event.<name>` and function names. Expressions
 * written with YAML escapes or folded over lines are skipped: their offsets are not the text's.
 */
export function fieldSpansIn(text: string, expression: Expression): { name: string; span: Span }[] {
  const expr = expression.parsed.expr;
  if (!expr || expression.literal) return [];
  const fields = new Set(fieldsRead(expr));
  if (fields.size === 0) return [];
  const inner = nameSpan(text, expression.span, expression.source);
  if (!inner) return [];
  const source = expression.source;
  const out: { name: string; span: Span }[] = [];
  for (let i = 0; i < source.length; ) {
    const c = source[i] as string;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const m = IDENTIFIER.exec(source);
    if (!m) {
      i++;
      continue;
    }
    const word = m[0];
    const before = source.slice(0, i).trimEnd();
    const after = source.slice(i + word.length).trimStart();
    if (fields.has(word) && !before.endsWith('.') && !after.startsWith('(') && !after.startsWith('.')) {
      out.push({ name: word, span: { start: inner.start + i, end: inner.start + i + word.length } });
    }
    i += word.length;
  }
  return out;
}

/**
 * Every state id, field, journey id and event name of a file's journeys with where it is
 * written, in file order per kind: what hover, go to definition, references, rename and
 * completion read. Built from the model's spans only.
 */
export function occurrencesOf(journey: Journey, text: string): Occurrence[] {
  const out: Occurrence[] = [];
  const add = (kind: NameKind, scope: Journey, located: Located<string> | { value: string; span: Span }, role: string, declaration = false): void => {
    const at = nameSpan(text, located.span, located.value);
    if (at) out.push({ kind, name: located.value, scope, span: at, declaration, role });
  };
  const reads = (scope: Journey | undefined, expression: Expression, role: string): void => {
    if (!scope) return;
    for (const f of fieldSpansIn(text, expression)) out.push({ kind: 'field', name: f.name, scope, span: f.span, declaration: false, role });
  };
  const assignments = (writes: Journey | undefined, readsFrom: Journey | undefined, list: readonly Assignment[], role: string): void => {
    for (const a of list) {
      if (writes) add('field', writes, a.field, role);
      reads(readsFrom, a.value, role);
    }
  };
  const visit = (j: Journey, isSub: boolean): void => {
    add('journey', j, j.id, isSub ? 'sub-journey' : 'journey', true);
    for (const field of j.fields.values()) add('field', j, { value: field.name, span: field.keySpan }, 'declaration', true);
    add('state', j, j.start, 'start');
    if (j.offramp) {
      add('state', j, j.offramp.to, 'offramp');
      for (const event of j.offramp.on) add('event', j, event, 'offramp.on');
    }
    for (const state of j.states.values()) {
      add('state', j, { value: state.id, span: state.keySpan }, 'declaration', true);
      for (const t of transitionsOf(state)) {
        if (t.trigger.kind === 'event') add('event', j, { value: t.trigger.event, span: t.keySpan }, 'on');
        for (const b of t.branches) {
          add('state', j, b.to, 'target');
          if (b.guard) reads(j, b.guard, 'if');
          assignments(j, j, b.set, 'set');
        }
      }
      if (state.type === 'bot') {
        for (const ladder of state.ladders) {
          for (const rung of ladder.rungs) {
            if (rung.to) add('state', j, rung.to, ladder.signal);
            assignments(j, j, rung.set, 'set');
          }
        }
      }
      if (state.type === 'human') {
        for (const item of state.carry) add('field', j, item, 'carry');
        if (state.whenClosed) add('state', j, state.whenClosed, 'when_closed');
        if (state.whenUnavailable) add('state', j, state.whenUnavailable, 'when_unavailable');
      }
      if (state.type === 'call') {
        const callee = calleeOf(j, state.call.value);
        add('journey', j, state.call, 'call');
        // `input` sets the callee's fields from this journey's; `output` this journey's from the callee's.
        assignments(callee, j, state.input, 'input');
        assignments(j, callee, state.output, 'output');
        for (const to of state.outcomes.values()) add('state', j, to, 'outcome');
      }
    }
  };
  visit(journey, false);
  for (const sub of journey.journeys.values()) visit(sub, true);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** The occurrence whose name the offset is on (its end included, where the cursor sits after typing). */
export function occurrenceAt(occurrences: readonly Occurrence[], offset: number): Occurrence | undefined {
  return occurrences.find((o) => o.span.start <= offset && offset <= o.span.end);
}

/**
 * The journey a journey-id occurrence names: the `journey:` or sub-journey key itself, or
 * for a `call:` the callee (a sub-journey of the file, or a journey of another file linked in).
 */
export function journeyNamed(occurrence: Occurrence): Journey | undefined {
  if (occurrence.kind !== 'journey') return undefined;
  return occurrence.declaration ? occurrence.scope : calleeOf(occurrence.scope, occurrence.name);
}

/** True when two occurrences name the same thing (same kind, same name, same journey). */
export function sameName(a: Occurrence, b: Occurrence): boolean {
  if (a.kind !== b.kind || a.name !== b.name) return false;
  if (a.kind === 'journey') {
    const ja = journeyNamed(a);
    const jb = journeyNamed(b);
    return ja !== undefined && jb !== undefined ? scopeKey(ja) === scopeKey(jb) : ja === jb;
  }
  return scopeKey(a.scope) === scopeKey(b.scope);
}
