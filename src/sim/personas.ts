import { fileURLToPath } from 'node:url';
import { SCHEMA, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadDocument, parseDocumentText, type LoadedDocument } from '../load/document.js';
import { PERSONAS_DOCUMENT } from '../load/kinds.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';

/** How a simulated customer behaves on each turn. */
export interface Behaviour {
  /** Turns without reaching an end or a person before giving up. */
  readonly patience: number;
  /** Chance per turn of asking for a person. */
  readonly askForPerson: number;
  /** Once the bot failed this many turns in a row, the chance per turn of asking for a person becomes `chance`. */
  readonly askAfterFailures?: { readonly failures: number; readonly chance: number };
  /** Chance per turn of not being understood (`no_match`). */
  readonly misunderstood: number;
  /** Chance per turn of saying nothing (`no_input`, or waiting for the next timeout). */
  readonly silence: number;
  /** Chance per turn of negative sentiment (`frustrated`). */
  readonly frustration: number;
}

/** How a value is drawn: one value, one of a list, shares of values (keys as written), or a number in a range. */
export type ValueSource =
  | { readonly kind: 'fixed'; readonly value: string | number | boolean }
  | { readonly kind: 'list'; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: 'shares'; readonly shares: readonly (readonly [string, number])[] }
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

/** A simulated kind of customer and its share of traffic. */
export interface Persona extends Behaviour {
  readonly name: string;
  readonly description?: string;
  readonly share: number;
  /** State -> event -> weight (events not listed weigh 1). */
  readonly weights: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Event -> data field -> how its value is drawn. */
  readonly data: ReadonlyMap<string, ReadonlyMap<string, ValueSource>>;
  /** Context field -> how the host's value is drawn (fixed or shares). */
  readonly context: ReadonlyMap<string, ValueSource>;
  /** Intent prefix -> behaviour overrides. */
  readonly intents: ReadonlyMap<string, Partial<Behaviour>>;
  /** Journey priority -> behaviour overrides (after the intents). */
  readonly priorities: ReadonlyMap<string, Partial<Behaviour>>;
}

/** Behaviour of a persona that does not say otherwise. */
export const DEFAULT_BEHAVIOUR: Behaviour = { patience: 10, askForPerson: 0.05, misunderstood: 0.1, silence: 0.02, frustration: 0.03 };

/** Where the default persona mix is shipped (the same path from src/sim, dist/sim and dist/cli-bundle). */
export const DEFAULT_PERSONAS_FILE = fileURLToPath(new URL('../../personas/default.personas.yaml', import.meta.url));

/** A loaded personas file: the personas, or the findings that prevent using it. */
export interface LoadedPersonas {
  readonly path: string;
  readonly source: string;
  readonly personas?: readonly Persona[];
  /** Per queue, the share of hand-offs that fail (`queues:`). */
  readonly unavailable?: ReadonlyMap<string, number>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads and validates a personas file; problems are positioned diagnostics, nothing throws. */
export async function loadPersonasFile(path: string, limits: LoadLimits = DEFAULT_LIMITS): Promise<LoadedPersonas> {
  return personasOf(await loadDocument(path, PERSONAS_DOCUMENT, limits));
}

/** Validates personas text against schemas/personas.schema.json, then checks that shares add up to 1. */
export function parsePersonas(path: string, text: string): LoadedPersonas {
  return personasOf(parseDocumentText(path, text, PERSONAS_DOCUMENT));
}

/** The personas of a validated document, after the checks JSON Schema cannot express (shares, unique names). */
function personasOf(loaded: LoadedDocument): LoadedPersonas {
  const { path, source: text } = loaded;
  if (!loaded.data || !loaded.sourceMap) return { path, source: text, diagnostics: loaded.diagnostics };
  const data = loaded.data as { personas: Record<string, unknown>[] };
  const map = loaded.sourceMap;
  const total = data.personas.reduce((sum, p) => sum + (p.share as number), 0);
  if (Math.abs(total - 1) > 1e-6) {
    return {
      path,
      source: text,
      diagnostics: [{ ...problem(`The shares of the personas add up to ${Number(total.toFixed(6))}, not 1.`), span: map.keySpan(data, 'personas') }],
    };
  }
  const names = new Set<string>();
  for (const [i, p] of data.personas.entries()) {
    if (names.has(p.name as string)) {
      return { path, source: text, diagnostics: [{ ...problem(`Persona \`${String(p.name)}\` is defined twice.`), span: map.valueSpan(data.personas, i) }] };
    }
    names.add(p.name as string);
  }
  // Shares of values (context or event data) must add up to 1, like the shares of the personas.
  for (const p of data.personas) {
    const holders: [Record<string, unknown>, string][] = [];
    for (const field of Object.keys((p.context ?? {}) as Record<string, unknown>)) holders.push([p.context as Record<string, unknown>, field]);
    for (const fields of Object.values((p.data ?? {}) as Record<string, Record<string, unknown>>)) for (const field of Object.keys(fields)) holders.push([fields, field]);
    for (const [holder, field] of holders) {
      const v = holder[field];
      if (typeof v !== 'object' || v === null || Array.isArray(v) || 'range' in v) continue;
      const sum = Object.values(v as Record<string, number>).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-6) {
        return { path, source: text, diagnostics: [{ ...problem(`Persona \`${String(p.name)}\`, \`${field}\`: the shares of its values add up to ${Number(sum.toFixed(6))}, not 1.`), span: map.valueSpan(holder, field) }] };
      }
    }
  }
  const queues = ((data as { queues?: Record<string, { unavailable: number }> }).queues ?? {}) as Record<string, { unavailable: number }>;
  return { path, source: text, personas: data.personas.map(toPersona), unavailable: new Map(Object.entries(queues).map(([q, v]) => [q, v.unavailable])), diagnostics: [] };
}

function toPersona(raw: Record<string, unknown>): Persona {
  const weights = new Map<string, Map<string, number>>();
  for (const [state, events] of Object.entries((raw.weights ?? {}) as Record<string, Record<string, number>>)) weights.set(state, new Map(Object.entries(events)));
  const data = new Map<string, Map<string, ValueSource>>();
  for (const [event, fields] of Object.entries((raw.data ?? {}) as Record<string, Record<string, unknown>>)) {
    data.set(event, new Map(Object.entries(fields).map(([f, v]) => [f, valueSource(v)])));
  }
  const context = new Map<string, ValueSource>(Object.entries((raw.context ?? {}) as Record<string, unknown>).map(([f, v]) => [f, valueSource(v)]));
  const overrides = (key: string): Map<string, Partial<Behaviour>> =>
    new Map(Object.entries((raw[key] ?? {}) as Record<string, Record<string, unknown>>).map(([k, b]) => [k, behaviourOf(b)]));
  return {
    name: raw.name as string,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    share: raw.share as number,
    ...DEFAULT_BEHAVIOUR,
    ...behaviourOf(raw),
    weights,
    data,
    context,
    intents: overrides('intents'),
    priorities: overrides('priority'),
  };
}

/** How a value written in a personas file is drawn (the schema allows exactly these forms). */
function valueSource(v: unknown): ValueSource {
  if (Array.isArray(v)) return { kind: 'list', values: v as (string | number | boolean)[] };
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.range)) return { kind: 'range', min: Math.min(...(o.range as number[])), max: Math.max(...(o.range as number[])) };
    return { kind: 'shares', shares: Object.entries(o as Record<string, number>) };
  }
  return { kind: 'fixed', value: v as string | number | boolean };
}

function behaviourOf(raw: Record<string, unknown>): Partial<Behaviour> {
  const out: { -readonly [K in keyof Behaviour]?: Behaviour[K] } = {};
  if (typeof raw.patience === 'number') out.patience = raw.patience;
  if (typeof raw.ask_for_person === 'number') out.askForPerson = raw.ask_for_person;
  if (typeof raw.misunderstood === 'number') out.misunderstood = raw.misunderstood;
  if (typeof raw.silence === 'number') out.silence = raw.silence;
  if (typeof raw.frustration === 'number') out.frustration = raw.frustration;
  const after = raw.ask_after_failures as { failures?: number; chance?: number } | undefined;
  if (after && typeof after.failures === 'number' && typeof after.chance === 'number') out.askAfterFailures = { failures: after.failures, chance: after.chance };
  return out;
}

/**
 * A persona's behaviour for a journey: overrides of intents that prefix the journey's
 * intent apply, shortest first, then the override of the journey's priority.
 */
export function behaviourFor(persona: Persona, intent: string | undefined, priority?: string): Behaviour {
  let behaviour: Behaviour = persona;
  if (intent) {
    const keys = [...persona.intents.keys()].filter((k) => intent === k || intent.startsWith(`${k}.`)).sort((a, b) => a.length - b.length);
    for (const key of keys) behaviour = { ...behaviour, ...persona.intents.get(key) };
  }
  const byPriority = priority === undefined ? undefined : persona.priorities.get(priority);
  return byPriority ? { ...behaviour, ...byPriority } : behaviour;
}

function problem(message: string): Diagnostic {
  return { ruleId: SCHEMA, code: 'value', severity: 'error', message, span: { start: 0, end: 0 } };
}
