// The exhaustive explorer. The search is the one of explore-reference.ts (breadth first,
// configurations deduplicated, unknown values tried every way the journey tells apart), run
// over a packed encoding: a state is an integer, a context is a row of integer value ids in a
// typed array, a configuration is found again by hashing that row, and a step that decides
// nothing unknown runs over the behaviour table without building a Configuration, a Step or a
// context object; guard and `set` values are memoised on the value ids of the fields they read.
// Only a configuration seen for the first time becomes a Configuration object (the Exploration
// the summary and the CLI read is unchanged). A step that meets an unknown value, an error or
// anything else the packed step does not cover is run by the reference interpreter, and a
// journey or value the encoding cannot represent exactly is explored by the reference whole.
import { domainsOf } from '../behaviour/domains.js';
import { behaviourOf, type Choice, type StateBehaviour } from '../behaviour/table.js';
import type { Expr } from '../expr/ast.js';
import { eventFieldsRead, fieldsRead } from '../expr/ast.js';
import { evaluate, EVAL_ERROR, UNKNOWN, type Outcome } from '../expr/evaluate.js';
import { isOpen } from '../model/hours.js';
import type { Assignment, Expression, Journey } from '../model/types.js';
import { isReservedSignal } from '../spec/names.js';
import { alwaysOpen, DEFAULTS, eventInputs, exploreReference, outcomes, type Concretizer } from './explore-reference.js';
import { callsBack, finishExploration, isHostField, type ConfigEdge, type Exploration, type ExploreOptions, type Input, type Node, type UnknownOrigin, type Varied } from './exploration.js';
import { fireTimeout, MAX_CHAIN, send, start, type Configuration, type ContextValue, type JourneyEvent, type JourneyOutput, type RunOptions } from './interpreter.js';
import { Derived } from '../util/derived.js';

export { callsBack, formatTrace, isHostField, traceTo } from './exploration.js';
export type { ConfigEdge, Exploration, ExploreOptions, Input, Node, UnknownOrigin, Varied } from './exploration.js';

/**
 * Breadth-first search over reachable configurations (state, context, `no_match`
 * count, fired timers), deduplicated. Values not known in advance (fields without a
 * default that the host fills, event data) are tried for every value the journey
 * distinguishes (src/behaviour/domains.ts) at the first decision that reads them,
 * at the start as anywhere else; a value no decision reads stays unknown. Timeouts
 * are explored as "time passes" to the next due one.
 */
export function explore(journey: Journey, options: ExploreOptions = {}): Exploration {
  return explorePacked(journey, options) ?? exploreReference(journey, options);
}

const ACTIVE = 0;
const DONE = 1;
const ERROR = 2;
const STATUS_CODE: Readonly<Record<Configuration['status'], number>> = { active: ACTIVE, done: DONE, error: ERROR };

/** What a packed step came to: a configuration in the scratch registers, nothing (the input is ignored), or a step for the reference interpreter. */
const STEPPED = 0;
const IGNORED = 1;
const REFERENCE = 2;

/** An expression of the table, with the context slots it reads and its memoised values. */
interface ExpressionInfo {
  readonly expression: Expression;
  readonly expr: Expr | undefined;
  /** Context slots of the fields it reads (fields outside the context read as an error whatever the context holds). */
  readonly reads: Int32Array;
  /** True when it reads event data: its value depends on the event too. */
  readonly readsEvent: boolean;
  /** Values by event slot (when it reads the event), then by the value id of each field read, in `reads` order. */
  readonly memo: Map<number, unknown>;
  /** Its record in the exploration's guard statistics, once it has one. */
  stat?: { true: number; false: number; unknown: number };
}

/** One input of a state, resolved for the packed step. */
interface PackedInput {
  readonly input: Input;
  readonly event: JourneyEvent;
  /** Memo slot of the event data the step's expressions see (0: none, as for internal events). */
  readonly eventSlot: number;
  readonly choice: boolean;
}

const exploringJourneys = new Derived<Journey, Journey>('always open', (journey) => alwaysOpen(journey));
const inputLists = new Derived<Journey, Map<string, { input: Input; event: JourneyEvent }[]>>('event inputs', (journey) => eventInputs(journey));

/** The journey steps run on (every human state open without `at`), once per journey. */
function exploringJourney(journey: Journey, at: number | undefined): Journey {
  if (at !== undefined) return journey;
  return exploringJourneys.of(journey);
}

/** The events worth sending in each state, once per journey (they are never changed; a concretized event is a copy). */
function inputsOf(journey: Journey): Map<string, { input: Input; event: JourneyEvent }[]> {
  return inputLists.of(journey);
}

/** True when every `set` of the table writes a field of the context (so a context is always the same row of fields, in the same order). */
function writesOnlyFields(states: Iterable<StateBehaviour>, fields: ReadonlySet<string>): boolean {
  const ok = (set: readonly Assignment[]): boolean => set.every((a) => fields.has(a.field.value));
  for (const s of states) {
    for (const c of s.always ?? []) if (!ok(c.set)) return false;
    for (const t of s.timeouts) for (const c of t.choices) if (!ok(c.set)) return false;
    for (const h of s.on.values()) {
      if (h.kind === 'choices' && !h.choices.every((c) => ok(c.set))) return false;
      if (h.kind === 'count-no-match' && !ok(h.escalate.set)) return false;
      if (h.kind === 'ladder' && !h.rungs.every((r) => ok(r.set) && (!r.leave || ok(r.leave.set)))) return false;
    }
  }
  return true;
}

/** The packed search alone; undefined when the journey or a value it meets cannot be packed exactly (`explore` runs the reference then). */
export function explorePacked(journey: Journey, options: ExploreOptions): Exploration | undefined {
  const maxConfigs = options.maxConfigs ?? DEFAULTS.maxConfigs;
  const maxTurns = options.maxTurns ?? DEFAULTS.maxTurns;
  const maxDecisions = options.maxDecisions ?? DEFAULTS.maxDecisions;
  const at = options.at ?? Date.UTC(2026, 0, 5, 12);
  const hostFields = new Set<string>();
  const seenUnknown = new Map<string, UnknownOrigin>();
  const guards = new Map<Expression, { true: number; false: number; unknown: number }>();
  const varied = new Map<string, Varied>();
  const bothWays = new Set<string>();
  const explorationJourney = exploringJourney(journey, options.at);
  const domains = domainsOf(journey);
  const table = behaviourOf(journey);
  const runTable = behaviourOf(explorationJourney);
  const inputsByState = inputsOf(journey);

  // The context row: every field of the table, in the order every context holds them.
  const fields = Object.keys(runTable.defaults);
  const width = fields.length;
  if (!writesOnlyFields(runTable.states.values(), new Set(fields))) return undefined;

  // States by index.
  const behaviours: StateBehaviour[] = [];
  const stateIndex = new Map<string, number>();
  for (const s of runTable.states.values()) {
    stateIndex.set(s.id, behaviours.length);
    behaviours.push(s);
  }
  const stateCount = behaviours.length;
  const humanType = new Uint8Array(stateCount);
  const callsBackOnEnd = new Uint8Array(stateCount);
  const openAt = new Int8Array(stateCount); // 0: not judged yet, 1 open, -1 closed
  for (let i = 0; i < stateCount; i++) {
    const s = behaviours[i] as StateBehaviour;
    humanType[i] = table.states.get(s.id)?.state.type === 'human' ? 1 : 0;
    callsBackOnEnd[i] = s.finish?.kind === 'end' && s.finish.humanLater && journey.priority !== 'urgent' ? 1 : 0;
  }

  // Values by id. The reference's string key does not tell 0 from -0: each has its own id (the
  // value a configuration holds is kept exactly), and `keyClass` maps both to one for identity.
  // A quote in a string could make two of its keys alike: such a value stops the packed search.
  let unpackable = false;
  const values: ContextValue[] = [];
  const keyClass: number[] = [];
  const valueIds = new Map<unknown, number>();
  let minusZeroId = -1;
  const valueId = (v: unknown): number => {
    if (v === 0 && Object.is(v, -0)) {
      if (minusZeroId < 0) {
        const zero = valueId(0);
        minusZeroId = values.length;
        values.push(-0);
        keyClass.push(zero);
      }
      return minusZeroId;
    }
    let id = valueIds.get(v);
    if (id === undefined) {
      if (typeof v === 'string' && v.includes('"')) unpackable = true;
      id = values.length;
      values.push(v as ContextValue);
      keyClass.push(id);
      valueIds.set(v, id);
    }
    return id;
  };
  const unknownId = valueId(UNKNOWN);

  // Fired-timer lists by id.
  const timerLists: (readonly number[])[] = [];
  const timerIds = new Map<string, number>();
  const timersId = (list: readonly number[]): number => {
    const key = list.join(',');
    let id = timerIds.get(key);
    if (id === undefined) {
      id = timerLists.length;
      timerLists.push(list);
      timerIds.set(key, id);
    }
    return id;
  };
  const noTimers = timersId([]);
  const firedNext = new Map<string, number>(); // `timers id,delay` -> timers id of the list with the delay fired too

  // Expressions.
  const infos = new Map<Expression, ExpressionInfo>();
  const slotOf = new Map(fields.map((f, i) => [f, i]));
  const infoOf = (expression: Expression): ExpressionInfo => {
    let info = infos.get(expression);
    if (!info) {
      const expr = expression.parsed.expr as Expr | undefined;
      const reads = expr ? fieldsRead(expr).flatMap((f) => (slotOf.has(f) ? [slotOf.get(f) as number] : [])) : [];
      info = { expression, expr, reads: Int32Array.from(reads), readsEvent: expr ? eventFieldsRead(expr).length > 0 : false, memo: new Map() };
      infos.set(expression, info);
    }
    return info;
  };

  // Event slots: the event data a step's expressions see (internal events see none).
  const eventSlots = new Map<JourneyEvent, number>();
  const eventObjects: (Record<string, unknown> | undefined)[] = [undefined];
  const eventSlotOf = (event: JourneyEvent): number => {
    if (event.type.startsWith('$') || event.type === 'journey.start') return 0;
    let slot = eventSlots.get(event);
    if (slot === undefined) {
      slot = eventObjects.length;
      eventObjects.push(event);
      eventSlots.set(event, slot);
    }
    return slot;
  };
  const packedInputs: (readonly PackedInput[] | undefined)[] = new Array(stateCount);
  const inputsAt = (state: number): readonly PackedInput[] => {
    let list = packedInputs[state];
    if (!list) {
      list = (inputsByState.get((behaviours[state] as StateBehaviour).id) ?? []).map(({ input, event }) => ({
        input,
        event,
        eventSlot: eventSlotOf(event),
        choice: input.kind === 'event' && !isReservedSignal(input.event),
      }));
      packedInputs[state] = list;
    }
    return list;
  };
  const timeoutInputs = new Map<number, Input>();
  const timeoutInput = (delay: number): Input => {
    let input = timeoutInputs.get(delay);
    if (!input) timeoutInputs.set(delay, (input = { kind: 'timeout', delay }));
    return input;
  };

  // The configurations found: packed rows, the hash table over them, and the nodes.
  let capacity = 1024;
  let rowState = new Int32Array(capacity);
  let rowStatus = new Int8Array(capacity);
  let rowNoMatch = new Int32Array(capacity);
  let rowNoInput = new Int32Array(capacity);
  let rowTimers = new Int32Array(capacity);
  let rowContext = new Int32Array(capacity * width);
  let buckets = new Int32Array(capacity * 2); // node id + 1, 0 empty
  let hashes = new Int32Array(capacity);
  const nodes: Node[] = [];
  const edges: ConfigEdge[] = [];
  let bound: Exploration['bound'];

  // Scratch registers of the configuration a step arrives at.
  let nState = 0;
  let nStatus = ACTIVE;
  let nNoMatch = 0;
  let nNoInput = 0;
  let nTimers = noTimers;
  let nHandoff = false;
  const work = new Int32Array(width);
  const assigned = new Int32Array(width);
  // Guard outcomes of the step under way, counted once the step is kept (a step handed to the reference counts its own).
  let pendingGuards: ExpressionInfo[] = [];
  let pendingOutcomes: Outcome[] = [];
  let pendingCount = 0;

  /** Doubles the rows and rehashes the first `count` nodes. */
  const grow = (count: number): void => {
    capacity *= 2;
    const copy = <T extends Int32Array | Int8Array>(from: T, size: number): T => {
      const to = new (from.constructor as new (n: number) => T)(size);
      to.set(from);
      return to;
    };
    rowState = copy(rowState, capacity);
    rowStatus = copy(rowStatus, capacity);
    rowNoMatch = copy(rowNoMatch, capacity);
    rowNoInput = copy(rowNoInput, capacity);
    rowTimers = copy(rowTimers, capacity);
    rowContext = copy(rowContext, capacity * width);
    hashes = copy(hashes, capacity);
    buckets = new Int32Array(capacity * 2);
    const mask = buckets.length - 1;
    for (let id = 0; id < count; id++) {
      let b = (hashes[id] as number) & mask;
      while (buckets[b] !== 0) b = (b + 1) & mask;
      buckets[b] = id + 1;
    }
  };

  const scratchHash = (): number => {
    let h = Math.imul(nState ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ nStatus, 0xc2b2ae35) ^ nNoMatch;
    h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f) ^ nNoInput;
    h = Math.imul(h ^ (h >>> 13), 0x165667b1) ^ nTimers;
    for (let i = 0; i < width; i++) h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ (keyClass[work[i] as number] as number);
    return (h ^ (h >>> 16)) | 0;
  };
  const sameAsScratch = (id: number): boolean => {
    if (rowState[id] !== nState || rowStatus[id] !== nStatus || rowNoMatch[id] !== nNoMatch || rowNoInput[id] !== nNoInput || rowTimers[id] !== nTimers) return false;
    const base = id * width;
    for (let i = 0; i < width; i++) if (keyClass[rowContext[base + i] as number] !== keyClass[work[i] as number]) return false;
    return true;
  };

  /** The node of the configuration in the scratch registers: found again, added (built by `materialize`), or undefined past `maxConfigs`. */
  const internScratch = (depth: number, parent: number | undefined, via: Input | undefined, human: boolean, materialize: () => Configuration): number | undefined => {
    for (let i = 0; i < width; i++) {
      if (work[i] !== unknownId) continue;
      const field = fields[i] as string;
      if (!seenUnknown.has(field)) seenUnknown.set(field, hostFields.has(field) ? 'host' : 'event-data');
    }
    const hash = scratchHash();
    const mask = buckets.length - 1;
    let b = hash & mask;
    for (let slot = buckets[b] as number; slot !== 0; slot = buckets[b] as number) {
      if (hashes[slot - 1] === hash && sameAsScratch(slot - 1)) return slot - 1;
      b = (b + 1) & mask;
    }
    if (nodes.length >= maxConfigs) {
      bound = 'max-configs';
      return undefined;
    }
    const id = nodes.length;
    if (id >= capacity || (id + 1) * 2 > buckets.length) grow(id);
    const configuration = materialize();
    nodes.push({ id, configuration, depth, ...(parent !== undefined ? { parent } : {}), ...(via ? { via } : {}), human, expanded: false });
    let free = hash & (buckets.length - 1);
    while (buckets[free] !== 0) free = (free + 1) & (buckets.length - 1);
    buckets[free] = id + 1;
    hashes[id] = hash;
    rowState[id] = nState;
    rowStatus[id] = nStatus;
    rowNoMatch[id] = nNoMatch;
    rowNoInput[id] = nNoInput;
    rowTimers[id] = nTimers;
    rowContext.set(work, id * width);
    return id;
  };

  /** Loads a Configuration the reference produced into the scratch registers; false when it does not fit the encoding. */
  const loadConfiguration = (c: Configuration): boolean => {
    const state = stateIndex.get(c.state);
    if (state === undefined || c.enteredAt !== at || c.now !== at) return false;
    nState = state;
    nStatus = STATUS_CODE[c.status];
    nNoMatch = c.noMatch;
    nNoInput = c.noInput;
    nTimers = timersId(c.firedTimers);
    let i = 0;
    for (const k in c.context) {
      if (k !== fields[i]) return false;
      work[i++] = valueId(c.context[k]);
    }
    return i === width && !unpackable;
  };

  const contextOfWork = (): Record<string, ContextValue> => {
    const context: Record<string, ContextValue> = {};
    for (let i = 0; i < width; i++) context[fields[i] as string] = values[work[i] as number] as ContextValue;
    return context;
  };
  const outputOf = (s: StateBehaviour): JourneyOutput | undefined => {
    const finish = s.finish;
    if (!finish) return undefined;
    return finish.kind === 'end'
      ? { journey: explorationJourney.id.value, outcome: finish.outcome, ...(finish.humanLater ? { human: 'later' as const } : {}) }
      : { journey: explorationJourney.id.value, outcome: 'handed_off', state: s.id, queue: finish.queue };
  };
  /** The Configuration of the scratch registers, as the reference interpreter builds it. */
  const materializeScratch = (): Configuration => {
    const s = behaviours[nState] as StateBehaviour;
    const output = nStatus === DONE ? outputOf(s) : undefined;
    return {
      state: s.id,
      context: contextOfWork(),
      noMatch: nNoMatch,
      noInput: nNoInput,
      enteredAt: at,
      now: at,
      firedTimers: timerLists[nTimers] as readonly number[],
      status: nStatus === DONE ? 'done' : 'active',
      ...(output ? { output } : {}),
    };
  };

  /** The value of an expression on the working context, memoised on the values it reads. */
  const valueOf = (info: ExpressionInfo, eventSlot: number): Outcome => {
    if (!info.expr) return EVAL_ERROR;
    let memo = info.memo;
    let key = 0;
    if (info.readsEvent) key = eventSlot;
    const reads = info.reads;
    for (let r = 0; r < reads.length; r++) {
      const down = memo.get(key) as Map<number, unknown> | undefined;
      let next = down;
      if (!next) memo.set(key, (next = new Map()));
      memo = next;
      key = work[reads[r] as number] as number;
    }
    let value = memo.get(key) as Outcome | undefined;
    if (value === undefined) {
      value = evaluate(info.expr, { context: contextOfWork(), event: eventObjects[eventSlot] });
      memo.set(key, value);
    }
    return value;
  };

  /** The first choice whose guard holds (-1: none); -2 when a guard is unknown (the reference decides it). */
  const choose = (choices: readonly Choice[], eventSlot: number): number => {
    for (let i = 0; i < choices.length; i++) {
      const guard = (choices[i] as Choice).guard;
      if (!guard) return i;
      const info = infoOf(guard);
      const value = valueOf(info, eventSlot);
      pendingGuards[pendingCount] = info;
      pendingOutcomes[pendingCount++] = value;
      if (value === true) return i;
      if (value === UNKNOWN) return -2;
    }
    return -1;
  };

  /** Applies a `set` to the working context (every value read from the context before it). */
  const applySet = (set: readonly Assignment[], eventSlot: number): void => {
    if (set.length === 0) return;
    for (let a = 0; a < set.length; a++) {
      const value = valueOf(infoOf((set[a] as Assignment).value), eventSlot);
      assigned[a] = value === EVAL_ERROR ? -1 : valueId(value);
    }
    for (let a = 0; a < set.length; a++) if ((assigned[a] as number) >= 0) work[slotOf.get((set[a] as Assignment).field.value) as number] = assigned[a] as number;
  };

  /** Enters `target` from state `from` (closed redirects, hand-offs, ends, decisions); REFERENCE for an error or an unknown guard. */
  const enter = (target: string, eventSlot: number, chainStart: number): number => {
    let next = target;
    for (let chain = chainStart; ; chain++) {
      if (chain > MAX_CHAIN) return REFERENCE;
      const index = stateIndex.get(next);
      if (index === undefined) return REFERENCE;
      const s = behaviours[index] as StateBehaviour;
      if (s.closed) {
        if (openAt[index] === 0) openAt[index] = isOpen(s.closed.hours, new Date(at)) ? 1 : -1;
        if (openAt[index] === -1) {
          next = s.closed.to;
          continue;
        }
      }
      if (s.handoff) nHandoff = true;
      nState = index;
      nNoMatch = 0;
      nNoInput = 0;
      nTimers = noTimers;
      if (s.finish) {
        nStatus = DONE;
        return STEPPED;
      }
      nStatus = ACTIVE;
      if (!s.always) return STEPPED;
      const picked = choose(s.always, eventSlot);
      if (picked === -2) return REFERENCE;
      if (picked === -1) return STEPPED;
      const choice = s.always[picked] as Choice;
      applySet(choice.set, eventSlot);
      next = choice.to;
    }
  };
  const take = (choice: Choice, eventSlot: number): number => {
    applySet(choice.set, eventSlot);
    return enter(choice.to, eventSlot, 1);
  };

  /** The next due timeout of a node's state (its delay), or -1. */
  const dueDelay = (id: number): number => {
    const fired = timerLists[rowTimers[id] as number] as readonly number[];
    for (const t of (behaviours[rowState[id] as number] as StateBehaviour).timeouts) if (!fired.includes(t.ms)) return t.ms;
    return -1;
  };

  /** One input from an active node, packed: the registers hold where it leads when STEPPED. */
  const step = (id: number, input: PackedInput | undefined, delay: number): number => {
    const here = behaviours[rowState[id] as number] as StateBehaviour;
    nHandoff = false;
    pendingCount = 0;
    const base = id * width;
    for (let i = 0; i < width; i++) work[i] = rowContext[base + i] as number;
    nState = rowState[id] as number;
    nStatus = ACTIVE;
    nNoMatch = rowNoMatch[id] as number;
    nNoInput = rowNoInput[id] as number;
    nTimers = rowTimers[id] as number;
    if (!input) {
      const timer = here.timeouts.find((t) => t.ms === delay);
      if (!timer) return IGNORED;
      const picked = choose(timer.choices, 0);
      if (picked === -2) return REFERENCE;
      if (picked >= 0) return take(timer.choices[picked] as Choice, 0);
      // No choice held: the timer counts as fired and the customer stays.
      const pair = `${nTimers},${delay}`;
      let fired = firedNext.get(pair);
      if (fired === undefined) firedNext.set(pair, (fired = timersId([...(timerLists[nTimers] as readonly number[]), delay])));
      nTimers = fired;
      return STEPPED;
    }
    const slot = input.eventSlot;
    const handler = here.on.get(input.event.type);
    if (!handler) return IGNORED;
    if (handler.kind === 'ladder') {
      const count = handler.signal === 'no_match' ? nNoMatch : nNoInput;
      const rung = handler.rungs[Math.min(count, handler.rungs.length - 1)];
      if (!rung) return REFERENCE;
      if (rung.leave) return take(rung.leave, slot);
      applySet(rung.set, slot);
      if (handler.signal === 'no_match') nNoMatch = count + 1;
      else nNoInput = count + 1;
      if (!here.always) return STEPPED;
      const picked = choose(here.always, slot);
      if (picked === -2) return REFERENCE;
      if (picked === -1) return STEPPED;
      return take(here.always[picked] as Choice, slot);
    }
    if (handler.kind === 'count-no-match') {
      const count = nNoMatch + 1;
      if (count < handler.limit) {
        nNoMatch = count;
        return STEPPED;
      }
      return take(handler.escalate, slot);
    }
    const picked = choose(handler.choices, slot);
    if (picked === -2) return REFERENCE;
    if (picked === -1) return IGNORED;
    return take(handler.choices[picked] as Choice, slot);
  };

  const commitGuards = (): void => {
    for (let i = 0; i < pendingCount; i++) {
      const info = pendingGuards[i] as ExpressionInfo;
      let stat = info.stat ?? guards.get(info.expression);
      if (!stat) guards.set(info.expression, (stat = { true: 0, false: 0, unknown: 0 }));
      info.stat = stat;
      const value = pendingOutcomes[i];
      if (value === true) stat.true++;
      else if (value === UNKNOWN) stat.unknown++;
      else stat.false++;
    }
    pendingCount = 0;
  };

  const input: Record<string, ContextValue> = {};
  for (const field of journey.fields.values()) {
    if (!isHostField(journey, field.name) || Object.hasOwn(options.input ?? {}, field.name)) continue;
    input[field.name] = UNKNOWN;
    hostFields.add(field.name);
  }
  Object.assign(input, options.input ?? {});
  const concretizer: Concretizer = { domains, varied, bothWays, guards, hostFields, maxDecisions };

  /** Interns a configuration the reference produced; false when it does not fit the encoding. */
  const internReference = (c: Configuration, handoff: boolean, depth: number, parent: number | undefined, via: Input | undefined): { fits: boolean; id: number | undefined } => {
    if (!loadConfiguration(c)) return { fits: false, id: undefined };
    const human = humanType[nState] === 1 || handoff || callsBack(journey, c);
    return { fits: true, id: internScratch(depth, parent, via, human, () => c) };
  };

  // The start, as the reference runs it: a decision there on an unknown value is tried every way.
  const before: Configuration = { state: journey.start.value, context: input, noMatch: 0, noInput: 0, enteredAt: at, now: at, firedTimers: [], status: 'active' };
  for (const s of outcomes(concretizer, { configuration: before, event: { type: 'journey.start' } }, (c, _event, runOptions) => start(explorationJourney, { startTime: at, input: (c ?? before).context, ...runOptions }))) {
    if (!internReference(s.configuration, s.effects.some((e) => e.type === 'handoff'), 0, undefined, undefined).fits) return undefined;
  }

  for (let head = 0; head < nodes.length; head++) {
    const node = nodes[head] as Node;
    if (rowStatus[head] !== ACTIVE) {
      node.expanded = true;
      continue;
    }
    if (node.depth >= maxTurns) {
      bound ??= 'max-turns';
      continue;
    }
    const candidates = inputsAt(rowState[head] as number);
    const due = dueDelay(head);
    let complete = true;
    const count = due >= 0 ? candidates.length + 1 : candidates.length;
    for (let k = 0; k < count; k++) {
      const candidate = k < candidates.length ? (candidates[k] as PackedInput) : undefined;
      const via = candidate ? candidate.input : timeoutInput(due);
      const choice = candidate ? candidate.choice : false;
      const result = step(head, candidate, due);
      if (unpackable) return undefined;
      if (result === IGNORED) {
        commitGuards();
        continue;
      }
      if (result === STEPPED) {
        commitGuards();
        const human = humanType[nState] === 1 || nHandoff || (nStatus === DONE && callsBackOnEnd[nState] === 1);
        const to = internScratch(node.depth + 1, head, via, human, materializeScratch);
        if (unpackable) return undefined;
        if (to === undefined) complete = false;
        else edges.push({ from: head, to, input: via, choice });
        continue;
      }
      // The reference interpreter runs this step (unknown values decided, errors), from the node's own Configuration.
      pendingCount = 0;
      const c = node.configuration;
      const run = (cc: Configuration, ev: JourneyEvent, runOptions: RunOptions) =>
        candidate ? send(explorationJourney, cc, ev, runOptions) : fireTimeout(explorationJourney, cc, due, runOptions);
      for (const s of outcomes(concretizer, { configuration: c, event: candidate ? candidate.event : { type: '$timeout' } }, run)) {
        if (s.ignored && s.configuration === c) continue;
        const { fits, id: to } = internReference(s.configuration, s.effects.some((e) => e.type === 'handoff'), node.depth + 1, head, via);
        if (!fits) return undefined;
        if (to === undefined) {
          complete = false;
          continue;
        }
        edges.push({ from: head, to, input: via, choice });
      }
    }
    node.expanded = complete;
  }
  return finishExploration({ journey, nodes, edges, bound, seenUnknown, varied, bothWays, guards, options: { ...options, maxConfigs, maxTurns } });
}
