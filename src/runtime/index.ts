// journeyctl/runtime: what bots import to run compiled journeys. Depends on xstate and the
// expression evaluator only (never the CLI, the linter, ink or commander).
import { assign, createActor, setup, type Actor, type AnyStateMachine, type EventObject } from 'xstate';
import { evaluate, EVAL_ERROR } from '../expr/evaluate.js';
import { fieldsRead } from '../expr/ast.js';
import { parseExpression } from '../expr/parse.js';
import type { Expr } from '../expr/ast.js';
import { isOpen, parseHours, type Hours } from '../model/hours.js';

/** Context key holding the runtime's counters (matches the compiler's). */
export const INTERNAL_KEY = '$journey';
const BUILTIN_ACTIONS = ['journey.enter', 'journey.say', 'journey.set', 'journey.handoff', 'journey.countNoMatch'];
const BUILTIN_GUARDS = ['journey.expr', 'journey.open', 'journey.noMatchLimit'];
const DEFAULT_MAX_ITERATIONS = 1000;

/** XState's clock interface (the scheduler behind `after`); `SimulatedClock` implements it. */
export interface Clock {
  setTimeout(fn: (...args: any[]) => void, timeout: number): any;
  clearTimeout(id: any): void;
}

/** A side effect's implementation: XState's action arguments and the action's params. May return an event (or a promise of one) to send back. */
export type EffectImplementation = (
  args: { context: Record<string, unknown>; event: EventObject; self: { send(event: EventObject): void } },
  params: Record<string, unknown> | undefined,
) => unknown;

/** What `onHandoff` receives: where the customer goes, and the carried fields with their values. */
export interface Handoff {
  readonly journey: string;
  readonly state: string;
  readonly queue: string;
  readonly skills: readonly string[];
  readonly carried: Readonly<Record<string, unknown>>;
}

/** A problem the runtime met while running (never thrown into XState, so the bot keeps going). */
export interface RuntimeProblem {
  readonly journey: string;
  readonly kind: 'expression' | 'effect' | 'actor';
  readonly message: string;
  readonly expression?: string;
}

/** Options of `createJourneyMachine`. */
export interface JourneyMachineOptions {
  /** Implementations of every side effect named in the journey (checked at creation). */
  readonly actions: Readonly<Record<string, EffectImplementation>>;
  readonly onHandoff?: (handoff: Handoff) => void;
  readonly onSay?: (say: { journey: string; state: string; text: string }) => void;
  readonly onError?: (problem: RuntimeProblem) => void;
  /** Context values at the start, over the declared defaults (fields without a default start as null). */
  readonly input?: Readonly<Record<string, unknown>>;
  /** The current time, for opening hours and persisted deadlines (default: the system time). */
  readonly now?: () => Date;
}

/** An error in a compiled config or in the implementations given for it. */
export class JourneyConfigError extends Error {
  override readonly name = 'JourneyConfigError';
}

type Config = Record<string, unknown> & { id?: unknown; states?: unknown; context?: unknown };

/**
 * Creates an XState machine from a compiled journey config, with the built-in guards
 * and actions bound to the one shared expression evaluator, the machine output wired
 * from the final state, and a bound on always-loops. Throws a JourneyConfigError
 * listing every problem at once: side effects without an implementation, unknown
 * guards, unparsable expressions, fields that are not declared, `after` delays that
 * are not milliseconds.
 */
export function createJourneyMachine(config: Readonly<Config>, options: JourneyMachineOptions): AnyStateMachine {
  const scan = scanConfig(config);
  const problems = [...scan.problems];
  const missing = scan.effects.filter((name) => typeof options.actions?.[name] !== 'function');
  if (missing.length > 0) problems.unshift(`no implementation for side effect${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`);
  if (problems.length > 0) throw new JourneyConfigError(`journey ${String(config.id)}: ${problems.join('; ')}`);

  const journey = String(config.id);
  const now = options.now ?? (() => new Date());
  const defaults = (config.context ?? {}) as Record<string, unknown>;
  const declared = Object.keys(defaults).filter((k) => k !== INTERNAL_KEY);
  const report = (problem: RuntimeProblem): void => options.onError?.(problem);
  const hoursCache = new Map<string, Hours>();
  // Input known now is checked now, so a typo fails at creation rather than inside the actor.
  startContext(journey, defaults, declared, options.input);

  const userActions: Record<string, (args: any, params: any) => void> = {};
  for (const name of scan.effects) {
    const impl = options.actions[name] as EffectImplementation;
    userActions[name] = (args: { context: Record<string, unknown>; event: EventObject; self: { send(e: EventObject): void } }, params: Record<string, unknown> | undefined) => {
      let result: unknown;
      try {
        result = impl(args, params);
      } catch (error) {
        report({ journey, kind: 'effect', message: `${name} failed: ${describe(error)}` });
        args.self.send({ type: 'error', effect: name, message: describe(error) } as EventObject);
        return;
      }
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          (value) => {
            if (isEvent(value)) args.self.send(value);
          },
          (error: unknown) => {
            report({ journey, kind: 'effect', message: `${name} failed: ${describe(error)}` });
            args.self.send({ type: 'error', effect: name, message: describe(error) } as EventObject);
          },
        );
      } else if (isEvent(result)) {
        args.self.send(result);
      }
    };
  }

  const machine = setup({
    guards: {
      'journey.expr': ({ context, event }: { context: Record<string, unknown>; event: EventObject }, params: { expr: string }) => {
        const expr = scan.expressions.get(params.expr) as Expr;
        const value = evaluate(expr, { context, event: eventData(event) });
        if (value === EVAL_ERROR) report({ journey, kind: 'expression', message: `cannot evaluate \`${params.expr}\``, expression: params.expr });
        return value === true;
      },
      'journey.open': (_: unknown, params: { hours: string }) => {
        let hours = hoursCache.get(params.hours);
        if (!hours) {
          hours = parseHours(params.hours).hours ?? { kind: 'always' };
          hoursCache.set(params.hours, hours);
        }
        return isOpen(hours, now());
      },
      'journey.noMatchLimit': ({ context }: { context: Record<string, unknown> }, params: { limit: number }) =>
        internal(context).noMatch + 1 >= params.limit,
    },
    actions: {
      'journey.enter': assign(({ context }: { context: Record<string, unknown> }) => ({
        [INTERNAL_KEY]: { ...internal(context), noMatch: 0, enteredAt: now().getTime() },
      })),
      'journey.countNoMatch': assign(({ context }: { context: Record<string, unknown> }) => ({
        [INTERNAL_KEY]: { ...internal(context), noMatch: internal(context).noMatch + 1 },
      })),
      'journey.set': assign(({ context, event }: { context: Record<string, unknown>; event: EventObject }, params: { assign: Record<string, string> }) => {
        const updates: Record<string, unknown> = {};
        for (const [field, source] of Object.entries(params.assign)) {
          const value = evaluate(scan.expressions.get(source) as Expr, { context, event: eventData(event) });
          if (value === EVAL_ERROR) report({ journey, kind: 'expression', message: `cannot evaluate \`${source}\` for ${field}; it keeps its value`, expression: source });
          else updates[field] = value;
        }
        return updates;
      }),
      'journey.handoff': ({ context }: { context: Record<string, unknown> }, params: { state: string; queue: string; skills: string[]; carry: string[] }) => {
        const carried: Record<string, unknown> = {};
        for (const field of params.carry) carried[field] = Object.hasOwn(context, field) ? context[field] : null;
        options.onHandoff?.({ journey, state: params.state, queue: params.queue, skills: params.skills, carried });
      },
      'journey.say': (_: unknown, params: { state: string; text: string }) => options.onSay?.({ journey, state: params.state, text: params.text }),
      ...userActions,
    } as Record<string, any>,
  }).createMachine({
    ...(config as Record<string, any>),
    context: ({ input }: { input?: Record<string, unknown> }) => startContext(journey, defaults, declared, options.input, input),
    output: ({ event }: { event: { output?: unknown } }) => event.output,
    options: { maxIterations: DEFAULT_MAX_ITERATIONS, ...((config.options as object | undefined) ?? {}) },
  } as any);
  return machine as AnyStateMachine;
}

/** Options of `createJourneyActor`. */
export interface JourneyActorOptions extends JourneyMachineOptions {
  /** XState clock, e.g. `new SimulatedClock()` in tests. */
  readonly clock?: Clock;
  /** A snapshot to resume from (use `restore` for journeys persisted with `persist`). */
  readonly snapshot?: unknown;
}

/**
 * Creates (not starts) an actor for a compiled journey: `createJourneyMachine` plus an
 * error subscriber, so a failing actor is reported to `onError` instead of crashing
 * the process. Timeouts use XState's own `after` and the given `clock`.
 */
export function createJourneyActor(config: Readonly<Config>, options: JourneyActorOptions): Actor<AnyStateMachine> {
  const machine = createJourneyMachine(config, options);
  const actor = createActor(machine, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot as any } : {}),
  });
  actor.subscribe({
    error: (error: unknown) => options.onError?.({ journey: String(config.id), kind: 'actor', message: describe(error) }),
  });
  return actor;
}

/** A journey's persisted state: XState's snapshot plus the deadlines of its pending timeouts. */
export interface PersistedJourney {
  readonly snapshot: unknown;
  /** Epoch ms at which each pending timeout of the current state falls due, by delay. */
  readonly deadlines: readonly { readonly delay: number; readonly at: number }[];
}

/**
 * Persists an actor between turns. XState does not persist pending `after` timers,
 * so their deadlines are computed from the state's entry time (kept in context).
 */
export function persist(actor: Actor<AnyStateMachine>, config: Readonly<Config>): PersistedJourney {
  const snapshot = actor.getPersistedSnapshot();
  const current = actor.getSnapshot();
  const state = typeof current.value === 'string' ? current.value : '';
  const enteredAt = internal(current.context as Record<string, unknown>).enteredAt;
  const after = ((config.states as Record<string, { after?: Record<string, unknown> }> | undefined)?.[state]?.after ?? {}) as Record<string, unknown>;
  const deadlines = current.status !== 'active' || typeof enteredAt !== 'number' ? [] : Object.keys(after).map((d) => ({ delay: Number(d), at: enteredAt + Number(d) }));
  return { snapshot, deadlines: deadlines.sort((a, b) => a.at - b.at) };
}

/**
 * Resumes a persisted journey: starts the actor from its snapshot, fires timeouts that
 * fell due while it was stored (in order), and schedules the rest on the actor's clock.
 * Returns the started actor.
 */
export function restore(config: Readonly<Config>, persisted: PersistedJourney, options: JourneyActorOptions): Actor<AnyStateMachine> {
  const actor = createJourneyActor(config, { ...options, snapshot: persisted.snapshot });
  actor.start();
  const now = (options.now ?? (() => new Date()))().getTime();
  const clock: Clock = options.clock ?? { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id) };
  const start = actor.getSnapshot();
  const state = String(start.value);
  const stamp = internal(start.context as Record<string, unknown>).enteredAt;
  const stillThere = (): boolean => {
    const s = actor.getSnapshot();
    return s.status === 'active' && s.value === state && internal(s.context as Record<string, unknown>).enteredAt === stamp;
  };
  const fire = (delay: number): void => {
    if (stillThere()) actor.send({ type: `xstate.after.${delay}.${String(config.id)}.${state}` });
  };
  for (const { delay, at } of persisted.deadlines) {
    if (at <= now) fire(delay);
    else {
      const id = clock.setTimeout(() => fire(delay), at - now);
      actor.subscribe({ complete: () => clock.clearTimeout(id) });
    }
  }
  return actor;
}

interface Scan {
  readonly effects: string[];
  readonly expressions: Map<string, Expr>;
  readonly problems: string[];
}

/** Walks a compiled config once: side-effect names, expressions (parsed), and every problem found. */
function scanConfig(config: Readonly<Config>): Scan {
  const effects = new Set<string>();
  const expressions = new Map<string, Expr>();
  const problems: string[] = [];
  if (typeof config !== 'object' || config === null || typeof config.id !== 'string' || typeof config.states !== 'object' || config.states === null) {
    return { effects: [], expressions, problems: ['this is not a compiled journey (it needs `id` and `states`)'] };
  }
  const declared = new Set(Object.keys((config.context ?? {}) as object).filter((k) => k !== INTERNAL_KEY));
  const expression = (source: unknown, where: string): void => {
    if (typeof source !== 'string') {
      problems.push(`${where}: expression is not text`);
      return;
    }
    if (expressions.has(source)) return;
    const parsed = parseExpression(source);
    if (!parsed.expr) {
      problems.push(`${where}: cannot read \`${source}\`: ${parsed.error.message}`);
      return;
    }
    const unknown = fieldsRead(parsed.expr).filter((f) => !declared.has(f));
    if (unknown.length > 0) problems.push(`${where}: \`${source}\` reads undeclared field${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`);
    expressions.set(source, parsed.expr);
  };
  const action = (a: unknown, where: string): void => {
    const type = typeof a === 'string' ? a : (a as { type?: unknown })?.type;
    if (typeof type !== 'string') {
      problems.push(`${where}: an action has no type`);
      return;
    }
    if (type.startsWith('journey.')) {
      if (!BUILTIN_ACTIONS.includes(type)) problems.push(`${where}: unknown built-in action ${type}`);
      if (type === 'journey.set') {
        const assignment = ((a as { params?: { assign?: Record<string, unknown> } }).params?.assign ?? {}) as Record<string, unknown>;
        for (const [field, source] of Object.entries(assignment)) {
          if (!declared.has(field)) problems.push(`${where}: sets undeclared field ${field}`);
          expression(source, where);
        }
      }
      return;
    }
    effects.add(type);
  };
  const transition = (t: unknown, where: string): void => {
    for (const branch of Array.isArray(t) ? t : [t]) {
      if (typeof branch !== 'object' || branch === null) continue;
      const b = branch as { guard?: unknown; actions?: unknown };
      if (b.guard !== undefined) {
        const type = typeof b.guard === 'string' ? b.guard : (b.guard as { type?: unknown }).type;
        if (typeof type !== 'string' || !BUILTIN_GUARDS.includes(type)) problems.push(`${where}: unknown guard ${String(type)} (guards must be ${BUILTIN_GUARDS.join(', ')})`);
        else if (type === 'journey.expr') expression((b.guard as { params?: { expr?: unknown } }).params?.expr, where);
      }
      for (const a of toList(b.actions)) action(a, where);
    }
  };
  for (const [id, raw] of Object.entries(config.states as Record<string, unknown>)) {
    const node = (raw ?? {}) as Record<string, unknown>;
    const where = `state ${id}`;
    for (const a of [...toList(node.entry), ...toList(node.exit)]) action(a, where);
    for (const [event, t] of Object.entries((node.on ?? {}) as Record<string, unknown>)) transition(t, `${where}, event ${event}`);
    if (node.always !== undefined) transition(node.always, `${where}, always`);
    for (const [delay, t] of Object.entries((node.after ?? {}) as Record<string, unknown>)) {
      if (!/^\d+$/.test(delay)) problems.push(`${where}: after key "${delay}" is not a number of milliseconds (XState would fire it at once)`);
      transition(t, `${where}, after ${delay}`);
    }
  }
  return { effects: [...effects].sort(), expressions, problems };
}

function startContext(
  journey: string,
  defaults: Record<string, unknown>,
  declared: readonly string[],
  ...inputs: (Readonly<Record<string, unknown>> | undefined)[]
): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const field of declared) context[field] = defaults[field] ?? null;
  for (const input of inputs) {
    if (!input) continue;
    for (const [key, value] of Object.entries(input)) {
      if (!declared.includes(key)) throw new JourneyConfigError(`journey ${journey}: input names ${key}, which is not a context field (fields: ${declared.join(', ')})`);
      if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new JourneyConfigError(`journey ${journey}: input ${key} must be text, a number, true/false or null`);
      }
      context[key] = value;
    }
  }
  context[INTERNAL_KEY] = { noMatch: 0, enteredAt: null };
  return context;
}

function internal(context: Record<string, unknown>): { noMatch: number; enteredAt: number | null } {
  const value = context[INTERNAL_KEY] as { noMatch?: number; enteredAt?: number | null } | undefined;
  return { noMatch: value?.noMatch ?? 0, enteredAt: value?.enteredAt ?? null };
}

/** Event data visible to expressions: none for XState's own events (timeouts, init). */
function eventData(event: EventObject): Record<string, unknown> | undefined {
  return event.type.startsWith('xstate.') ? undefined : (event as unknown as Record<string, unknown>);
}

function isEvent(value: unknown): value is EventObject {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function toList(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
