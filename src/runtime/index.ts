// journeyctl/runtime: what bots import to run compiled journeys. Depends on xstate, the
// expression evaluator and opening hours only (never the CLI, the linter, ink or commander).
import { assign, createActor, setup, type Actor, type AnyStateMachine, type EventObject } from 'xstate';
import { evaluate, EVAL_ERROR } from '../expr/evaluate.js';
import type { Expr } from '../expr/ast.js';
import { isOpen, type Hours } from '../model/hours.js';
import { checkConfig, checkDeadlines, checkInput, checkSnapshot, machineHash, type CheckedConfig } from './check.js';
import { conversationLogger, type ConversationLogOptions } from './log.js';
import { BUILTIN_ACTION, BUILTIN_GUARD, INTERNAL_KEY, MAX_ITERATIONS, PERSIST_FORMAT } from './protocol.js';

export { INTERNAL_KEY, machineHash };
export { LOG_START, LOG_TIMEOUT, type ConversationLogLine, type ConversationLogOptions } from './log.js';

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
  readonly kind: 'expression' | 'effect' | 'actor' | 'log';
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
  /** Context values at the start, over the declared defaults (fields without a default start as null); checked against the fields' types. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** The current time, for opening hours and persisted deadlines (default: the system time). */
  readonly now?: () => Date;
}

/** An error in a compiled config, in the implementations or input given for it, or in a snapshot to resume from. */
export class JourneyConfigError extends Error {
  override readonly name = 'JourneyConfigError';
}

type Config = Record<string, unknown> & { id?: unknown; states?: unknown; context?: unknown };

/** Throws every problem at once, naming the journey when it has a readable id. */
function refuse(config: unknown, problems: readonly string[]): never {
  const id = typeof config === 'object' && config !== null && typeof (config as Config).id === 'string' ? `journey ${(config as Config).id as string}: ` : '';
  throw new JourneyConfigError(`${id}${problems.join('; ')}`);
}

/** Configs checked so far: a config is treated as immutable once given to the runtime (as XState treats it). */
const checkedConfigs = new WeakMap<object, CheckedConfig>();

/** The checked config, or a JourneyConfigError listing every problem. */
function checked(config: unknown): CheckedConfig {
  const known = typeof config === 'object' && config !== null ? checkedConfigs.get(config) : undefined;
  if (known) return known;
  const result = checkConfig(config);
  if (!result.checked) refuse(config, result.problems);
  checkedConfigs.set(config as object, result.checked);
  return result.checked;
}

/**
 * Creates an XState machine from a compiled journey config, with the built-in guards
 * and actions bound to the one shared expression evaluator, the machine output wired
 * from the final state, and a bound on always-loops. Throws a JourneyConfigError
 * listing every problem at once (docs/security.md lists them): a config that is not
 * one (null, a string, no states), side effects without an implementation, unknown
 * guards, actions or actors, hours that do not parse, delays timers cannot hold,
 * malformed built-in parameters, expressions that do not parse or read undeclared
 * fields, an initial state that does not exist, and input of the wrong type.
 */
export function createJourneyMachine(config: Readonly<Config>, options: JourneyMachineOptions): AnyStateMachine {
  const info = checked(config);
  if (typeof options !== 'object' || options === null) refuse(config, ['the options must be an object with `actions` (the side-effect implementations)']);
  const problems: string[] = [];
  const actions = options.actions ?? {};
  if (typeof actions !== 'object' || actions === null) problems.push('options.actions must be an object of side-effect name -> function');
  const missing = info.effects.filter((name) => typeof (actions as Record<string, unknown>)?.[name] !== 'function');
  if (missing.length > 0) problems.push(`no implementation for side effect${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`);
  // Input known now is checked now, so a typo or a wrong type fails at creation rather than inside the actor.
  problems.push(...checkInput(info, options.input, 'input'));
  if (problems.length > 0) refuse(config, problems);

  const journey = info.journey;
  const now = options.now ?? (() => new Date());
  const report = (problem: RuntimeProblem): void => options.onError?.(problem);

  const userActions: Record<string, (args: any, params: any) => void> = {};
  for (const name of info.effects) {
    const impl = actions[name] as EffectImplementation;
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
      [BUILTIN_GUARD.expr]: ({ context, event }: { context: Record<string, unknown>; event: EventObject }, params: { expr: string }) => {
        const expr = info.expressions.get(params.expr) as Expr;
        const value = evaluate(expr, { context, event: eventData(event) });
        if (value === EVAL_ERROR) report({ journey, kind: 'expression', message: `cannot evaluate \`${params.expr}\``, expression: params.expr });
        return value === true;
      },
      // Every hours text was parsed at creation: one that does not parse never gets here.
      [BUILTIN_GUARD.open]: (_: unknown, params: { hours: string }) => isOpen(info.hours.get(params.hours) as Hours, now()),
      [BUILTIN_GUARD.noMatchLimit]: ({ context }: { context: Record<string, unknown> }, params: { limit: number }) => internal(context).noMatch + 1 >= params.limit,
      // Rung N of a retry ladder takes the Nth signal in a row; the last rung every one from then on.
      [BUILTIN_GUARD.rung]: ({ context }: { context: Record<string, unknown> }, params: { counter: 'noMatch' | 'noInput'; index: number; last: boolean }) => {
        const count = internal(context)[params.counter];
        return params.last ? count >= params.index : count === params.index;
      },
    },
    actions: {
      [BUILTIN_ACTION.enter]: assign(({ context }: { context: Record<string, unknown> }) => ({
        [INTERNAL_KEY]: fresh(context, { noMatch: 0, noInput: 0, enteredAt: now().getTime() }),
      })),
      [BUILTIN_ACTION.countNoMatch]: assign(({ context }: { context: Record<string, unknown> }) => ({
        [INTERNAL_KEY]: fresh(context, { noMatch: internal(context).noMatch + 1 }),
      })),
      [BUILTIN_ACTION.countNoInput]: assign(({ context }: { context: Record<string, unknown> }) => ({
        [INTERNAL_KEY]: fresh(context, { noInput: internal(context).noInput + 1 }),
      })),
      [BUILTIN_ACTION.set]: assign(({ context, event }: { context: Record<string, unknown>; event: EventObject }, params: { assign: Record<string, string> }) => {
        const updates: Record<string, unknown> = {};
        for (const [field, source] of Object.entries(params.assign)) {
          const value = evaluate(info.expressions.get(source) as Expr, { context, event: eventData(event) });
          if (value === EVAL_ERROR) report({ journey, kind: 'expression', message: `cannot evaluate \`${source}\` for ${field}; it keeps its value`, expression: source });
          else updates[field] = value;
        }
        return updates;
      }),
      [BUILTIN_ACTION.handoff]: ({ context }: { context: Record<string, unknown> }, params: { state: string; queue: string; skills: string[]; carry: string[] }) => {
        const carried: Record<string, unknown> = {};
        for (const field of params.carry) carried[field] = Object.hasOwn(context, field) ? context[field] : null;
        options.onHandoff?.({ journey, state: params.state, queue: params.queue, skills: params.skills, carried });
      },
      [BUILTIN_ACTION.say]: (_: unknown, params: { state: string; text: string }) => options.onSay?.({ journey, state: params.state, text: params.text }),
      ...userActions,
    } as Record<string, any>,
  }).createMachine({
    ...(config as Record<string, any>),
    context: ({ input }: { input?: Record<string, unknown> }) => startContext(info, options.input, input),
    output: ({ event }: { event: { output?: unknown } }) => event.output,
    options: { maxIterations: MAX_ITERATIONS, ...((config.options as object | undefined) ?? {}) },
  } as any);
  return machine as AnyStateMachine;
}

/** Options of `createJourneyActor`. */
export interface JourneyActorOptions extends JourneyMachineOptions {
  /** XState clock, e.g. `new SimulatedClock()` in tests. */
  readonly clock?: Clock;
  /** An XState snapshot to resume from (checked like `restore` checks one; prefer `restore` for journeys saved with `persist`). */
  readonly snapshot?: unknown;
  /** Write a conversation log: one JSON line per step (docs/logs.md); personal data only for fields named in `log.pii`. */
  readonly log?: ConversationLogOptions;
}

/**
 * Creates (not starts) an actor for a compiled journey: `createJourneyMachine` plus an
 * error subscriber, so a failing actor is reported to `onError` instead of crashing
 * the process. Timeouts use XState's own `after` and the given `clock`. A snapshot
 * given to resume from must be one this machine could have written at rest.
 */
export function createJourneyActor(config: Readonly<Config>, options: JourneyActorOptions): Actor<AnyStateMachine> {
  const logged = options.log === undefined ? undefined : startLog(config, options);
  const machine = createJourneyMachine(config, logged ? { ...options, onHandoff: (h) => (logged.handedOff(), options.onHandoff?.(h)) } : options);
  if (options.snapshot !== undefined) {
    const problems = checkSnapshot(checked(config), options.snapshot);
    if (problems.length > 0) refuse(config, problems);
  }
  const actor = createActor(machine, {
    ...(logged ? { inspect: logged.inspect as any } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.snapshot !== undefined ? { snapshot: options.snapshot as any } : {}),
  });
  actor.subscribe({
    error: (error: unknown) => options.onError?.({ journey: String(config.id), kind: 'actor', message: describe(error) }),
  });
  return actor;
}

/** The logger of `options.log`, or a JourneyConfigError naming every problem with it. */
function startLog(config: Readonly<Config>, options: JourneyActorOptions): NonNullable<ReturnType<typeof conversationLogger>['logger']> {
  const info = checked(config);
  const resumed = options.snapshot !== undefined && typeof (options.snapshot as { value?: unknown } | null)?.value === 'string' ? String((options.snapshot as { value: string }).value) : undefined;
  const made = conversationLogger(
    config,
    info,
    machineHash(config),
    options.log as ConversationLogOptions,
    options.now ?? (() => new Date()),
    (message) => options.onError?.({ journey: info.journey, kind: 'log', message }),
    resumed,
  );
  if (!made.logger) refuse(config, made.problems);
  return made.logger;
}

/** A journey's persisted state: XState's snapshot plus the deadlines of its pending timeouts, stamped with the machine that wrote it. */
export interface PersistedJourney {
  /** Version of this format. */
  readonly format: typeof PERSIST_FORMAT;
  /** Id of the journey that wrote it. */
  readonly journey: string;
  /** Content hash of the compiled config that wrote it (`machineHash`). */
  readonly machine: string;
  readonly snapshot: unknown;
  /** Epoch ms at which each pending timeout of the current state falls due, by delay. */
  readonly deadlines: readonly { readonly delay: number; readonly at: number }[];
}

/**
 * Persists an actor between turns. XState does not persist pending `after` timers,
 * so their deadlines are computed from the state's entry time (kept in context).
 * The result names the journey and the machine (a content hash of `config`), so
 * that `restore` can refuse it for any other machine.
 */
export function persist(actor: Actor<AnyStateMachine>, config: Readonly<Config>): PersistedJourney {
  const info = checked(config);
  const snapshot = actor.getPersistedSnapshot();
  const current = actor.getSnapshot();
  const state = typeof current.value === 'string' ? current.value : '';
  const enteredAt = internal(current.context as Record<string, unknown>).enteredAt;
  const delays = info.states.get(state)?.delays ?? [];
  const deadlines = current.status !== 'active' || typeof enteredAt !== 'number' ? [] : delays.map((delay) => ({ delay, at: enteredAt + delay }));
  return { format: PERSIST_FORMAT, journey: info.journey, machine: machineHash(config), snapshot, deadlines };
}

/** Options of `restore`. */
export interface RestoreOptions extends Omit<JourneyActorOptions, 'snapshot'> {
  /**
   * The migration path for conversations saved by another version of the machine
   * (docs/compile.md): called with the persisted journey when its machine hash is not
   * this config's; return it adapted to this machine (with `machine: machineHash(config)`)
   * or undefined to refuse it. What it returns is checked like any persisted journey.
   */
  readonly migrate?: (persisted: PersistedJourney, target: { readonly journey: string; readonly machine: string }) => PersistedJourney | undefined;
}

/**
 * Resumes a persisted journey: checks that it was saved by this machine and is
 * sound (state, context, status, deadlines), starts the actor from its snapshot,
 * fires timeouts that fell due while it was stored (in order), and schedules the
 * rest on the actor's clock. Returns the started actor; throws JourneyConfigError
 * for a corrupt or foreign snapshot.
 */
export function restore(config: Readonly<Config>, persisted: PersistedJourney, options: RestoreOptions): Actor<AnyStateMachine> {
  const info = checked(config);
  const target = { journey: info.journey, machine: machineHash(config) };
  let saved = persisted as unknown;
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) refuse(config, [`the persisted journey must be what \`persist\` returned, got ${saved === null ? 'null' : typeof saved}`]);
  const stamped = saved as Partial<PersistedJourney>;
  if (stamped.journey !== undefined && stamped.journey !== info.journey) refuse(config, [`the persisted conversation belongs to journey ${JSON.stringify(stamped.journey)}, not ${info.journey}`]);
  if (stamped.machine !== target.machine) {
    const migrated = options.migrate?.(saved as PersistedJourney, target);
    if (!migrated) {
      refuse(config, [
        stamped.machine === undefined
          ? 'the persisted conversation does not say which machine saved it (it was not written by `persist`, or by an older journeyctl); pass `migrate` to accept it'
          : `the persisted conversation was saved by another version of this journey (machine ${String(stamped.machine)}, this is ${target.machine}); pass \`migrate\` to adapt it`,
      ]);
    }
    if (migrated.journey !== info.journey || migrated.machine !== target.machine) refuse(config, ['`migrate` must return the conversation stamped with this journey and machine (`machine: machineHash(config)`)']);
    saved = migrated;
  }
  const { snapshot, deadlines } = saved as PersistedJourney;
  const problems = checkSnapshot(info, snapshot);
  if (problems.length === 0) problems.push(...checkDeadlines(info, String((snapshot as { value: unknown }).value), deadlines));
  if (problems.length > 0) refuse(config, problems);

  const actor = createJourneyActor(config, { ...options, snapshot });
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
    if (stillThere()) actor.send({ type: `xstate.after.${delay}.${info.journey}.${state}` });
  };
  for (const { delay, at } of [...deadlines].sort((a, b) => a.at - b.at)) {
    if (at <= now) fire(delay);
    else {
      const id = clock.setTimeout(() => fire(delay), at - now);
      actor.subscribe({ complete: () => clock.clearTimeout(id) });
    }
  }
  return actor;
}

/** The context a conversation starts with: defaults, fields without one as null, then each input over them. */
function startContext(info: CheckedConfig, ...inputs: (Readonly<Record<string, unknown>> | undefined)[]): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const field of info.fields.keys()) context[field] = info.defaults[field] ?? null;
  for (const input of inputs) {
    if (!input) continue;
    // Input given when the actor is created (XState's own `input`) is checked here, when it arrives.
    const problems = checkInput(info, input, 'input');
    if (problems.length > 0) throw new JourneyConfigError(`journey ${info.journey}: ${problems.join('; ')}`);
    for (const [key, value] of Object.entries(input)) context[key] = value;
  }
  context[INTERNAL_KEY] = { ...info.internalStart };
  return context;
}

function internal(context: Record<string, unknown>): { noMatch: number; noInput: number; enteredAt: number | null } {
  const value = context[INTERNAL_KEY] as { noMatch?: number; noInput?: number; enteredAt?: number | null } | undefined;
  return { noMatch: value?.noMatch ?? 0, noInput: value?.noInput ?? 0, enteredAt: value?.enteredAt ?? null };
}

/**
 * The runtime's counters with some changed, keeping the shape the machine started with:
 * a format 1.0 machine has no `noInput` (so its snapshots and outputs stay as they were).
 */
function fresh(context: Record<string, unknown>, changes: Partial<{ noMatch: number; noInput: number; enteredAt: number | null }>): Record<string, unknown> {
  const before = (context[INTERNAL_KEY] ?? {}) as Record<string, unknown>;
  const next: Record<string, unknown> = { ...before, ...changes };
  if (!Object.hasOwn(before, 'noInput')) delete next.noInput;
  return next;
}

/** Event data visible to expressions: none for XState's own events (timeouts, init). */
function eventData(event: EventObject): Record<string, unknown> | undefined {
  return event.type.startsWith('xstate.') ? undefined : (event as unknown as Record<string, unknown>);
}

function isEvent(value: unknown): value is EventObject {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
