import { handlerFor, transitionsOf, type Branch, type HumanState, type Journey, type State, type Transition } from '../model/types.js';
import { FRUSTRATED, NO_MATCH } from '../spec/names.js';
import { BUILTIN, INTERNAL_KEY, MAX_ITERATIONS, routeStateName } from '../runtime/protocol.js';

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A compiled machine config: plain JSON that `createMachine` accepts. */
export type MachineJson = { [key: string]: Json };

/**
 * Compiles a lint-clean journey to an XState v5 machine config in pure JSON (mapping
 * in docs/compile.md). One flat machine; the offramp and escalations are expanded
 * into each bot state; closed-hours routing happens in hidden `$route_<id>` states
 * that resolve within the same step, so `snapshot.value` at rest is always one of
 * the journey's own states. Keys are written in a fixed order (deterministic output).
 */
export function compileJourney(journey: Journey): MachineJson {
  const routed = new Set<string>();
  for (const state of journey.states.values()) {
    if (state.type === 'human' && state.hours.kind === 'weekly' && state.whenClosed) routed.add(state.id);
  }
  const targetOf = (id: string): string => (routed.has(id) ? routeStateName(id) : id);

  const context: { [key: string]: Json } = {};
  for (const field of journey.fields.values()) context[field.name] = field.default ? field.default.value : null;
  context[INTERNAL_KEY] = { noMatch: 0, enteredAt: null };

  const states: { [key: string]: Json } = {};
  for (const state of journey.states.values()) states[state.id] = compileState(journey, state, targetOf);
  for (const id of routed) {
    const human = journey.states.get(id) as HumanState;
    states[routeStateName(id)] = {
      description: `Routes to ${id} when it is open, otherwise to ${human.whenClosed?.value}.`,
      always: [
        { target: id, guard: { type: BUILTIN.open, params: { state: id, hours: human.hoursText.value } } },
        { target: targetOf(human.whenClosed?.value as string) },
      ],
    };
  }

  const fields: { [key: string]: Json } = {};
  for (const field of journey.fields.values()) {
    fields[field.name] = { type: field.type.value, ...(field.pii ? { pii: true } : {}), ...(field.purpose ? { purpose: field.purpose } : {}) };
  }
  return {
    id: journey.id.value,
    ...(journey.description ? { description: journey.description } : {}),
    initial: targetOf(journey.start.value),
    context,
    options: { maxIterations: MAX_ITERATIONS },
    meta: {
      journey: {
        format: 1,
        title: journey.title,
        priority: journey.priority,
        ...(journey.intent ? { intent: journey.intent } : {}),
        ...(journey.channels.length ? { channels: [...journey.channels] } : {}),
        fields,
      },
    },
    states,
  };
}

function compileState(journey: Journey, state: State, targetOf: (id: string) => string): Json {
  const entry: Json[] = [{ type: BUILTIN.enter, params: { state: state.id } }];
  if (state.type === 'human') {
    entry.push({ type: BUILTIN.handoff, params: { state: state.id, queue: state.queue.value, skills: [...state.skills], carry: state.carry.map((c) => c.value) } });
  }
  for (const effect of state.effects) entry.push({ type: effect.value });
  if (state.say) entry.push({ type: BUILTIN.say, params: { state: state.id, text: state.say.value } });

  const meta: { [key: string]: Json } = {};
  if (state.say) meta.say = state.say.value;
  meta.journey = stateMeta(state);
  const node: { [key: string]: Json } = {};
  if (state.description) node.description = state.description;

  if (state.type === 'end') {
    return { ...node, type: 'final', meta, entry, output: { outcome: state.outcome.value, journey: journey.id.value } };
  }
  if (state.type === 'human') {
    node.tags = ['human'];
    if (state.on.length === 0) {
      return { ...node, type: 'final', meta, entry, output: { journey: journey.id.value, outcome: 'handed_off', state: state.id, queue: state.queue.value } };
    }
    return { ...node, meta, entry, on: compileOn(state, state.on, targetOf) };
  }

  const on: { [key: string]: Json } = compileOn(state, state.on, targetOf);
  const offramp = journey.offramp;
  if (offramp && journey.states.has(offramp.to.value)) {
    const to = targetOf(offramp.to.value);
    for (const event of offramp.on) if (!handlerFor(state, event.value)) on[event.value] = { target: to };
    if (offramp.noMatch !== undefined && !handlerFor(state, NO_MATCH)) {
      on[NO_MATCH] = [
        { target: to, guard: { type: BUILTIN.noMatchLimit, params: { limit: offramp.noMatch.value } } },
        { actions: [{ type: BUILTIN.countNoMatch }] },
      ];
    }
    if (offramp.frustration && !handlerFor(state, FRUSTRATED)) on[FRUSTRATED] = { target: to };
  }
  const result: { [key: string]: Json } = { ...node, meta, entry };
  if (Object.keys(on).length > 0) result.on = on;
  if (state.always) result.always = compileBranches(state, state.always, targetOf, true);
  if (state.after.length > 0) {
    const after: { [key: string]: Json } = {};
    for (const t of [...state.after].sort((a, b) => delayOf(a) - delayOf(b))) after[String(delayOf(t))] = compileBranches(state, t, targetOf, false);
    result.after = after;
  }
  return result;
}

function delayOf(t: Transition): number {
  return t.trigger.kind === 'after' ? t.trigger.ms : 0;
}

function compileOn(state: State, transitions: readonly Transition[], targetOf: (id: string) => string): { [key: string]: Json } {
  const on: { [key: string]: Json } = {};
  for (const t of transitions) if (t.trigger.kind === 'event') on[t.trigger.event] = compileBranches(state, t, targetOf, false);
  return on;
}

function compileBranches(state: State, transition: Transition, targetOf: (id: string) => string, forceList: boolean): Json {
  const list = transition.branches.map((b) => compileBranch(state, b, targetOf));
  return list.length === 1 && !forceList ? (list[0] as Json) : list;
}

function compileBranch(state: State, branch: Branch, targetOf: (id: string) => string): Json {
  const target = targetOf(branch.to.value);
  const out: { [key: string]: Json } = { target };
  if (branch.guard) out.guard = { type: BUILTIN.expr, params: { expr: branch.guard.source } };
  const actions: Json[] = [];
  if (branch.set.length > 0) {
    const assign: { [key: string]: Json } = {};
    for (const a of branch.set) assign[a.field.value] = a.value.source;
    actions.push({ type: BUILTIN.set, params: { assign } });
  }
  for (const effect of branch.effects) actions.push({ type: effect.value });
  if (actions.length > 0) out.actions = actions;
  // The format says a transition back to the same state re-enters it.
  if (branch.to.value === state.id) out.reenter = true;
  if (branch.description) out.description = branch.description;
  return out;
}

function stateMeta(state: State): Json {
  if (state.type === 'human') {
    return {
      type: 'human',
      queue: state.queue.value,
      skills: [...state.skills],
      carry: state.carry.map((c) => c.value),
      hours: state.hoursText.value,
      whenClosed: state.whenClosed?.value ?? null,
    };
  }
  if (state.type === 'end') return { type: 'end', outcome: state.outcome.value, feedback: state.feedback };
  return { type: 'bot', decision: state.always !== undefined };
}

/** Every side-effect name a journey uses (`do` on states and transitions), sorted. */
export function effectNames(journey: Journey): string[] {
  const names = new Set<string>();
  for (const state of journey.states.values()) {
    for (const e of state.effects) names.add(e.value);
    for (const t of transitionsOf(state)) for (const b of t.branches) for (const e of b.effects) names.add(e.value);
  }
  return [...names].sort();
}

/** Serialises a machine config: two-space JSON ending with a newline. */
export function formatMachine(machine: MachineJson): string {
  return `${JSON.stringify(machine, null, 2)}\n`;
}
