import { behaviourOf, type Choice, type StateBehaviour } from '../behaviour/table.js';
import { transitionsOf, type HumanState, type Journey, type State } from '../model/types.js';
import { BUILTIN, INTERNAL_KEY, MAX_ITERATIONS, routeStateName } from '../runtime/protocol.js';

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A compiled machine config: plain JSON that `createMachine` accepts. */
export type MachineJson = { [key: string]: Json };

/**
 * Compiles a lint-clean journey to an XState v5 machine config in pure JSON (mapping
 * in docs/compile.md), reading the behaviour table (src/behaviour/table.ts): one flat
 * machine; the offramp and escalations are already expanded per bot state there;
 * closed-hours routing happens in hidden `$route_<id>` states that resolve within the
 * same step, so `snapshot.value` at rest is always one of the journey's own states.
 * Keys are written in a fixed order (deterministic output).
 */
export function compileJourney(journey: Journey): MachineJson {
  const table = behaviourOf(journey);
  const routed = new Set<string>();
  for (const s of table.states.values()) if (s.closed) routed.add(s.id);
  const targetOf = (id: string): string => (routed.has(id) ? routeStateName(id) : id);

  const context: { [key: string]: Json } = { ...table.defaults };
  context[INTERNAL_KEY] = { noMatch: 0, enteredAt: null };

  const states: { [key: string]: Json } = {};
  for (const s of table.states.values()) states[s.id] = compileState(journey, s, targetOf);
  for (const id of routed) {
    const s = table.states.get(id) as StateBehaviour;
    const human = s.state as HumanState;
    const closed = s.closed as { to: string };
    states[routeStateName(id)] = {
      description: `Routes to ${id} when it is open, otherwise to ${closed.to}.`,
      always: [
        { target: id, guard: { type: BUILTIN.open, params: { state: id, hours: human.hoursText.value } } },
        { target: targetOf(closed.to) },
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
    initial: targetOf(table.start),
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

function compileState(journey: Journey, s: StateBehaviour, targetOf: (id: string) => string): Json {
  const state = s.state;
  const entry: Json[] = [{ type: BUILTIN.enter, params: { state: s.id } }];
  if (s.handoff) entry.push({ type: BUILTIN.handoff, params: { state: s.id, queue: s.handoff.queue, skills: [...s.handoff.skills], carry: [...s.handoff.carry] } });
  for (const effect of state.effects) entry.push({ type: effect.value });
  if (state.say) entry.push({ type: BUILTIN.say, params: { state: s.id, text: state.say.value } });

  const meta: { [key: string]: Json } = {};
  if (state.say) meta.say = state.say.value;
  meta.journey = stateMeta(state);
  const node: { [key: string]: Json } = {};
  if (state.description) node.description = state.description;
  if (state.type === 'human') node.tags = ['human'];

  if (s.finish) {
    const output: Json =
      s.finish.kind === 'end' ? { outcome: s.finish.outcome, journey: journey.id.value } : { journey: journey.id.value, outcome: 'handed_off', state: s.id, queue: s.finish.queue };
    return { ...node, type: 'final', meta, entry, output };
  }
  const on: { [key: string]: Json } = {};
  for (const [event, handler] of s.on) {
    on[event] =
      handler.kind === 'choices'
        ? compileChoices(s.id, handler.choices, targetOf, false)
        : [
            { target: targetOf(handler.escalate.to), guard: { type: BUILTIN.noMatchLimit, params: { limit: handler.limit } } },
            { actions: [{ type: BUILTIN.countNoMatch }] },
          ];
  }
  const result: { [key: string]: Json } = { ...node, meta, entry };
  if (Object.keys(on).length > 0) result.on = on;
  if (s.always) result.always = compileChoices(s.id, s.always, targetOf, true);
  if (s.timeouts.length > 0) {
    const after: { [key: string]: Json } = {};
    for (const t of s.timeouts) after[String(t.ms)] = compileChoices(s.id, t.choices, targetOf, false);
    result.after = after;
  }
  return result;
}

function compileChoices(from: string, choices: readonly Choice[], targetOf: (id: string) => string, forceList: boolean): Json {
  const list = choices.map((c) => compileChoice(from, c, targetOf));
  return list.length === 1 && !forceList ? (list[0] as Json) : list;
}

function compileChoice(from: string, choice: Choice, targetOf: (id: string) => string): Json {
  const out: { [key: string]: Json } = { target: targetOf(choice.to) };
  if (choice.guard) out.guard = { type: BUILTIN.expr, params: { expr: choice.guard.source } };
  const actions: Json[] = [];
  if (choice.set.length > 0) {
    const assign: { [key: string]: Json } = {};
    for (const a of choice.set) assign[a.field.value] = a.value.source;
    actions.push({ type: BUILTIN.set, params: { assign } });
  }
  for (const effect of choice.effects) actions.push({ type: effect.value });
  if (actions.length > 0) out.actions = actions;
  // The format says a transition back to the same state re-enters it.
  if (choice.to === from) out.reenter = true;
  if (choice.origin.kind === 'own' && choice.origin.branch.description) out.description = choice.origin.branch.description;
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
