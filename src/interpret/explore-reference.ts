// The explorer as it was first written: a breadth-first search over Configuration objects
// deduplicated by a string key, each step run by the reference interpreter. explore.ts runs a
// packed version of the same search and falls back to this one (whole or per step) for what
// the packed one does not cover; test/interpret/explore-differential.test.ts checks that both
// give the same Exploration.
import { domainsOf, type Domains } from '../behaviour/domains.js';
import { behaviourOf, handlerChoices, type FieldValue } from '../behaviour/table.js';
import { eventFieldsRead, fieldsRead } from '../expr/ast.js';
import { UNKNOWN } from '../expr/evaluate.js';
import { isReservedSignal } from '../spec/names.js';
import type { Expression, Journey } from '../model/types.js';
import { callsBack, finishExploration, isHostField, type ConfigEdge, type Exploration, type ExploreOptions, type Input, type Node, type UnknownOrigin, type Varied } from './exploration.js';
import { fireTimeout, nextTimeout, send, start, type Configuration, type ContextValue, type JourneyEvent, type RunOptions, type Step } from './interpreter.js';

/** Default bounds of an exploration. */
export const DEFAULTS = { maxConfigs: 100_000, maxTurns: 30, maxDecisions: 12 };

/**
 * Breadth-first search over reachable configurations (state, context, `no_match`
 * count, fired timers), deduplicated. Values not known in advance (fields without a
 * default that the host fills, event data) are tried for every value the journey
 * distinguishes (src/behaviour/domains.ts) at the first decision that reads them,
 * at the start as anywhere else; a value no decision reads stays unknown. Timeouts
 * are explored as "time passes" to the next due one.
 */
export function exploreReference(journey: Journey, options: ExploreOptions = {}): Exploration {
  const maxConfigs = options.maxConfigs ?? DEFAULTS.maxConfigs;
  const maxTurns = options.maxTurns ?? DEFAULTS.maxTurns;
  const maxDecisions = options.maxDecisions ?? DEFAULTS.maxDecisions;
  // Without `at`, hours do not matter (every human state is open) and this instant is never used for them.
  const at = options.at ?? Date.UTC(2026, 0, 5, 12);
  const hostFields = new Set<string>();
  const seenUnknown = new Map<string, UnknownOrigin>();
  const guards = new Map<Expression, { true: number; false: number; unknown: number }>();
  const varied = new Map<string, Varied>();
  const bothWays = new Set<string>();
  const explorationJourney = options.at === undefined ? alwaysOpen(journey) : journey;
  const domains = domainsOf(journey);
  const table = behaviourOf(journey);
  const inputsByState = eventInputs(journey);

  const nodes: Node[] = [];
  const edges: ConfigEdge[] = [];
  const index = new Map<string, number>();
  let bound: Exploration['bound'];

  const input: Record<string, ContextValue> = {};
  for (const field of journey.fields.values()) {
    if (!isHostField(journey, field.name) || Object.hasOwn(options.input ?? {}, field.name)) continue;
    input[field.name] = UNKNOWN;
    hostFields.add(field.name);
  }
  Object.assign(input, options.input ?? {});
  const intern = (step: Step, depth: number, parent?: number, via?: Input): number | undefined => {
    const c = step.configuration;
    const key = keyOf(c, (field) => {
      if (!seenUnknown.has(field)) seenUnknown.set(field, hostFields.has(field) ? 'host' : 'event-data');
    });
    const known = index.get(key);
    if (known !== undefined) return known;
    if (nodes.length >= maxConfigs) {
      bound = 'max-configs';
      return undefined;
    }
    const human = table.states.get(c.state)?.state.type === 'human' || step.effects.some((e) => e.type === 'handoff') || callsBack(journey, c);
    const node: Node = { id: nodes.length, configuration: c, depth, ...(parent !== undefined ? { parent } : {}), ...(via ? { via } : {}), human, expanded: false };
    nodes.push(node);
    index.set(key, node.id);
    return node.id;
  };
  const context: Concretizer = { domains, varied, bothWays, guards, hostFields, maxDecisions };

  // The start is a step like any other: a decision there on an unknown value is tried every way.
  const before: Configuration = { state: journey.start.value, context: input, noMatch: 0, noInput: 0, enteredAt: at, now: at, firedTimers: [], status: 'active' };
  for (const step of outcomes(context, { configuration: before, event: { type: 'journey.start' } }, (c, _event, runOptions) => start(explorationJourney, { startTime: at, input: (c ?? before).context, ...runOptions }))) {
    intern(step, 0);
  }
  for (let head = 0; head < nodes.length; head++) {
    const node = nodes[head] as Node;
    const c = node.configuration;
    if (c.status !== 'active') {
      node.expanded = true;
      continue;
    }
    if (node.depth >= maxTurns) {
      bound ??= 'max-turns';
      continue;
    }
    const candidates: { input: Input; event?: JourneyEvent }[] = inputsByState.get(c.state) ?? [];
    const due = nextTimeout(journey, c);
    let complete = true;
    for (const { input: candidate, event } of due ? [...candidates, { input: { kind: 'timeout', delay: due.delay } as Input }] : candidates) {
      const run = (cc: Configuration, ev: JourneyEvent, runOptions: RunOptions): Step =>
        event ? send(explorationJourney, cc, ev, runOptions) : fireTimeout(explorationJourney, cc, (candidate as { delay: number }).delay, runOptions);
      for (const step of outcomes(context, { configuration: c, event: event ?? { type: '$timeout' } }, run)) {
        if (step.ignored && step.configuration === c) continue;
        const to = intern(step, node.depth + 1, node.id, candidate);
        if (to === undefined) {
          complete = false;
          continue;
        }
        edges.push({ from: node.id, to, input: candidate, choice: candidate.kind === 'event' && !isReservedSignal(candidate.event) });
      }
    }
    node.expanded = complete;
  }
  return finishExploration({ journey, nodes, edges, bound, seenUnknown, varied, bothWays, guards, options: { ...options, maxConfigs, maxTurns } });
}

/** How often each guard was true, false or unknown. */
export type GuardStats = Map<Expression, { true: number; false: number; unknown: number }>;

/** What concretizing unknown values needs and records. */
export interface Concretizer {
  readonly domains: Domains;
  readonly varied: Map<string, Varied>;
  readonly bothWays: Set<string>;
  readonly guards: GuardStats;
  readonly hostFields: ReadonlySet<string>;
  readonly maxDecisions: number;
}

/** A step to run from a configuration (undefined: the start) with an event, under given options. */
export type Runner = (configuration: Configuration, event: JourneyEvent, options: RunOptions) => Step;

/**
 * Every outcome of one input. When a guard reads a value nobody knows and the journey
 * distinguishes its values, the step is run again once per value, with the value
 * known from the start of the step (so every later guard agrees with it). Guards on
 * unknowns that no candidate list settles are taken both ways (bounded).
 */
export function outcomes(cz: Concretizer, from: { configuration: Configuration; event: JourneyEvent }, run: Runner): Step[] {
  const out: Step[] = [];
  const pending: { configuration: Configuration; event: JourneyEvent; prefix: boolean[] }[] = [{ ...from, prefix: [] }];
  while (pending.length > 0) {
    const job = pending.pop() as (typeof pending)[number];
    const decisions: boolean[] = [];
    let need: { kind: 'field' | 'event'; name: string; values: readonly FieldValue[] } | undefined;
    const startContext = job.configuration.context;
    const runOptions: RunOptions = {
      quiet: true,
      decide: (expression, scope) => {
        const expr = expression.parsed.expr;
        if (expr && !need) {
          // A field still unknown since the step began, or event data: settle it by trying each value.
          for (const name of fieldsRead(expr)) {
            const values = cz.domains.field(name).values;
            if (values.length > 0 && scope.context[name] === UNKNOWN && startContext[name] === UNKNOWN) {
              need = { kind: 'field', name, values };
              break;
            }
          }
          if (!need) {
            // Event data the guard reads, then any other it may have come from (`set: { ok: event.valid }` then `if: ok`).
            for (const name of [...eventFieldsRead(expr), ...Object.keys(scope.event)]) {
              const values = name === 'type' ? [] : cz.domains.eventField(name).values;
              if (values.length > 0 && scope.event[name] === UNKNOWN) {
                need = { kind: 'event', name, values };
                break;
              }
            }
          }
        }
        if (need) return false; // this run is discarded
        cz.bothWays.add(expression.source);
        const d = decisions.length < job.prefix.length ? (job.prefix[decisions.length] as boolean) : false;
        decisions.push(d);
        return d;
      },
      onGuard: (expression, value) => {
        if (need) return;
        let stat = cz.guards.get(expression);
        if (!stat) cz.guards.set(expression, (stat = { true: 0, false: 0, unknown: 0 }));
        if (value === true) stat.true++;
        else if (value === UNKNOWN) stat.unknown++;
        else stat.false++;
      },
    };
    const step = run(job.configuration, job.event, runOptions);
    if (need) {
      const n = need;
      const label = n.kind === 'field' ? n.name : `event.${n.name}`;
      if (!cz.varied.has(label)) cz.varied.set(label, { name: label, values: n.values, origin: n.kind === 'field' && cz.hostFields.has(n.name) ? 'host' : 'event-data' });
      for (const value of [...n.values].reverse()) {
        if (n.kind === 'event') pending.push({ configuration: job.configuration, event: { ...job.event, [n.name]: value }, prefix: [] });
        else pending.push({ configuration: { ...job.configuration, context: { ...job.configuration.context, [n.name]: value } }, event: job.event, prefix: [] });
      }
      continue;
    }
    out.push(step);
    for (let j = job.prefix.length; j < decisions.length && j < cz.maxDecisions; j++) pending.push({ configuration: job.configuration, event: job.event, prefix: [...decisions.slice(0, j), true] });
  }
  return out;
}

/** The events worth sending in each state (every input with an effect there, from the behaviour table), with unknown data. */
export function eventInputs(journey: Journey): Map<string, { input: Input; event: JourneyEvent }[]> {
  const table = behaviourOf(journey);
  // A decision reached after the event sees its data too, so data read by any decision goes with every event.
  const chained = new Set<string>();
  for (const s of table.states.values()) for (const c of s.always ?? []) for (const e of [c.guard, ...c.set.map((a) => a.value)]) if (e?.parsed.expr) for (const f of eventFieldsRead(e.parsed.expr)) chained.add(f);
  const out = new Map<string, { input: Input; event: JourneyEvent }[]>();
  for (const s of table.states.values()) {
    const list: { input: Input; event: JourneyEvent }[] = [];
    for (const [name, handler] of s.on) {
      const event: Record<string, unknown> = { type: name };
      for (const f of chained) event[f] = UNKNOWN;
      for (const c of handlerChoices(handler)) for (const e of [c.guard, ...c.set.map((a) => a.value)]) if (e?.parsed.expr) for (const f of eventFieldsRead(e.parsed.expr)) event[f] = UNKNOWN;
      list.push({ input: { kind: 'event', event: name }, event: event as JourneyEvent });
    }
    out.set(s.id, list);
  }
  return out;
}

/** A copy of the journey where every human state is open (lint counts a route to a person whatever the hours). */
export function alwaysOpen(journey: Journey): Journey {
  let changed = false;
  const states = new Map(journey.states);
  for (const [id, s] of journey.states) {
    if (s.type === 'human' && s.hours.kind === 'weekly') {
      states.set(id, { ...s, hours: { kind: 'always' } });
      changed = true;
    }
  }
  return changed ? { ...journey, states } : journey;
}

/** Identity of a configuration (the clock aside); tells `onUnknown` of fields holding unknown values. */
export function keyOf(c: Configuration, onUnknown: (field: string) => void): string {
  let key = `${c.status}|${c.state}|${c.noMatch}|${c.noInput}|${c.firedTimers.length ? c.firedTimers.join(',') : ''}|`;
  const context = c.context;
  for (const k in context) {
    const v = context[k];
    if (v === UNKNOWN) {
      onUnknown(k);
      key += '?;';
    } else key += typeof v === 'string' ? `"${v}";` : `${String(v)};`;
  }
  return key;
}

