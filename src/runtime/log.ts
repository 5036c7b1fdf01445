// The conversation log of journeyctl/runtime: one JSON line per step of an actor, written
// from XState's inspection stream (which sees timeouts and the start, not only `send`).
// Format: docs/logs.md and schemas/conversation-log.schema.json. Personal data is never
// written unless the host names the field in `pii`.
import { eventFieldsRead, type Expr } from '../expr/ast.js';
import type { CheckedConfig } from './check.js';
import { BUILTIN_ACTION, BUILTIN_GUARD, INTERNAL_KEY } from './protocol.js';

/** The `event` of the first line of a conversation (the actor started and came to rest). */
export const LOG_START = '$start';
/** The `event` of a step taken by a timeout (`after`); the line's `delay` says which one. */
export const LOG_TIMEOUT = '$timeout';

/** Options of the conversation log (`log` of `createJourneyActor`). */
export interface ConversationLogOptions {
  /** The conversation's id: a session id, never personal data. */
  readonly conversation: string;
  /** Receives each line: one JSON object, without the newline. */
  readonly write: (line: string) => void;
  /** Context fields written with every step (default: none). */
  readonly fields?: readonly string[];
  /** Fields declared `pii: true` the host opts in to writing; each must also be in `fields` or feed `data`. */
  readonly pii?: readonly string[];
  /** Event data fields written with each event (default: every one the journey's expressions read, except those that go into a pii field not opted in). */
  readonly data?: readonly string[];
}

/** One line of a conversation log (docs/logs.md). */
export interface ConversationLogLine {
  readonly conversation: string;
  /** When the step happened (ISO 8601, UTC, milliseconds). */
  readonly ts: string;
  readonly journey: string;
  /** The content hash of the compiled machine (`machineHash`), so a replay can tell versions apart. */
  readonly version: string;
  /** The event, `$start` or `$timeout`. */
  readonly event: string;
  /** For `$timeout`: the timeout's delay in ms. */
  readonly delay?: number;
  /** Event data fields the log keeps. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The state before the step (null on `$start`). */
  readonly from: string | null;
  /** The state at rest after the step. */
  readonly to: string;
  /** True when the step handed the customer to a person. */
  readonly human: boolean;
  /** The outcome, when the step ended the journey. */
  readonly outcome?: string;
  /** The selected context fields after the step. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** The actor's error, when the step failed. */
  readonly error?: string;
}

/** What the actor wiring needs from a logger: the inspection callback and the hand-off signal. */
export interface ConversationLogger {
  readonly inspect: (inspection: { type: string; event?: { type: string }; snapshot?: unknown }) => void;
  /** Called by the hand-off action, so that the step's line says `human: true`. */
  readonly handedOff: () => void;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields the compiled config declares as personal data (`meta.journey.fields.<name>.pii`). */
function piiFields(config: Obj): Set<string> {
  const out = new Set<string>();
  const meta = isObject(config.meta) && isObject(config.meta.journey) && isObject(config.meta.journey.fields) ? config.meta.journey.fields : {};
  for (const [name, field] of Object.entries(meta)) if (isObject(field) && field.pii === true) out.add(name);
  return out;
}

/** Event data fields each expression of the config reads, split by whether the value goes into a pii field the host did not opt in. */
function eventFieldsOf(config: Obj, info: CheckedConfig, hidden: ReadonlySet<string>): { read: Set<string>; private: Set<string> } {
  const read = new Set<string>();
  const secret = new Set<string>();
  const fieldsOf = (source: unknown): string[] => (typeof source === 'string' && info.expressions.has(source) ? eventFieldsRead(info.expressions.get(source) as Expr) : []);
  const stack: unknown[] = [config.states];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isObject(node)) continue;
    const params = isObject(node.params) ? node.params : undefined;
    if (node.type === BUILTIN_GUARD.expr && params) for (const f of fieldsOf(params.expr)) read.add(f);
    if (node.type === BUILTIN_ACTION.set && params && isObject(params.assign)) {
      for (const [field, source] of Object.entries(params.assign)) for (const f of fieldsOf(source)) (hidden.has(field) ? secret : read).add(f);
    }
    for (const value of Object.values(node)) if (typeof value === 'object') stack.push(value);
  }
  for (const f of secret) read.delete(f);
  return { read, private: secret };
}

/**
 * Makes the conversation logger of one actor, or returns the problems with its options
 * (unknown fields, personal data not opted in). `resumed` is the state a restored actor
 * starts in: its start is no new conversation, so no `$start` line is written.
 */
export function conversationLogger(
  config: Obj,
  info: CheckedConfig,
  version: string,
  options: ConversationLogOptions,
  now: () => Date,
  report: (message: string) => void,
  resumed?: string,
): { logger?: ConversationLogger; problems: string[] } {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null || typeof options.write !== 'function' || typeof options.conversation !== 'string' || options.conversation === '') {
    return { problems: ['log needs `conversation` (a non-empty id) and `write` (a function receiving each line)'] };
  }
  const pii = piiFields(config);
  const optedIn = new Set(options.pii ?? []);
  for (const f of optedIn) if (!pii.has(f)) problems.push(`log.pii names ${f}, which is not a field declared pii: true`);
  const fields = [...(options.fields ?? [])];
  for (const f of fields) {
    if (!info.fields.has(f)) problems.push(`log.fields names ${f}, which is not a context field (fields: ${[...info.fields.keys()].join(', ') || 'none'})`);
    else if (pii.has(f) && !optedIn.has(f)) problems.push(`log.fields names ${f}, which holds personal data (pii: true); list it in log.pii as well to write it`);
  }
  const hidden = new Set([...pii].filter((f) => !optedIn.has(f)));
  const known = eventFieldsOf(config, info, hidden);
  let data: readonly string[];
  if (options.data) {
    for (const f of options.data) if (known.private.has(f)) problems.push(`log.data names ${f}, whose value goes into a pii field; list that field in log.pii to write it`);
    data = options.data;
  } else data = [...known.read].sort();
  if (problems.length > 0) return { problems };

  const { conversation, write } = options;
  let state: string | null = resumed ?? null;
  let human = false;
  const emit = (line: ConversationLogLine): void => {
    try {
      write(JSON.stringify(line));
    } catch (error) {
      report(`the conversation log could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const inspect: ConversationLogger['inspect'] = (inspection) => {
    if (inspection.type !== '@xstate.snapshot' || !inspection.event) return;
    const type = inspection.event.type;
    if (type === 'xstate.stop' || (type === 'xstate.init' && resumed !== undefined)) return;
    const snapshot = inspection.snapshot as { value: unknown; status: string; context: Obj; output?: { outcome?: unknown }; error?: unknown };
    const to = String(snapshot.value);
    const timeout = type.startsWith('xstate.after.') ? Number(type.split('.')[2]) : undefined;
    const line: { -readonly [K in keyof ConversationLogLine]: ConversationLogLine[K] } = {
      conversation,
      ts: now().toISOString(),
      journey: info.journey,
      version,
      event: type === 'xstate.init' ? LOG_START : timeout !== undefined ? LOG_TIMEOUT : type,
      from: type === 'xstate.init' ? null : state,
      to,
      human,
    };
    if (timeout !== undefined) line.delay = timeout;
    const eventData = inspection.event as unknown as Obj;
    let kept: Obj | undefined;
    for (const f of data) if (Object.hasOwn(eventData, f) && f !== 'type') (kept ??= {})[f] = eventData[f];
    if (kept && timeout === undefined && type !== 'xstate.init') line.data = kept;
    if (snapshot.status === 'done' && typeof snapshot.output?.outcome === 'string') line.outcome = snapshot.output.outcome;
    if (snapshot.status === 'error') line.error = snapshot.error instanceof Error ? snapshot.error.message : String(snapshot.error);
    if (fields.length > 0) {
      const context: Obj = {};
      for (const f of fields) if (f !== INTERNAL_KEY) context[f] = snapshot.context?.[f] ?? null;
      line.context = context;
    }
    human = false;
    state = to;
    emit(line);
  };
  return { logger: { inspect, handedOff: () => void (human = true) }, problems };
}
