import { behaviourOf, choicesOf, type Choice, type ResolvedRung, type StateBehaviour } from '../behaviour/table.js';
import type { Assignment, HumanState, Journey, State } from '../model/types.js';
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
  context[INTERNAL_KEY] = journey.format === '1.1' ? { noMatch: 0, noInput: 0, enteredAt: null } : { noMatch: 0, enteredAt: null };

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
  for (const [name, type] of table.fieldTypes) {
    const field = journey.fields.get(name);
    fields[name] = { type, ...(field?.pii ? { pii: true } : {}), ...(field?.purpose ? { purpose: field.purpose } : {}) };
  }
  return {
    id: journey.id.value,
    ...(journey.description ? { description: journey.description } : {}),
    initial: targetOf(table.start),
    context,
    options: { maxIterations: MAX_ITERATIONS },
    meta: {
      journey: {
        format: journey.format === '1.1' ? 1.1 : 1,
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
      s.finish.kind === 'end'
        ? { outcome: s.finish.outcome, journey: journey.id.value, ...(s.finish.humanLater ? { human: 'later' } : {}) }
        : { journey: journey.id.value, outcome: 'handed_off', state: s.id, queue: s.finish.queue };
    return { ...node, type: 'final', meta, entry, output };
  }
  const on: { [key: string]: Json } = {};
  for (const [event, handler] of s.on) {
    if (handler.kind === 'choices') on[event] = compileChoices(s.id, handler.choices, targetOf, false);
    else if (handler.kind === 'count-no-match') {
      on[event] = [
        { target: targetOf(handler.escalate.to), guard: { type: BUILTIN.noMatchLimit, params: { limit: handler.limit } } },
        { actions: [{ type: BUILTIN.countNoMatch }] },
      ];
    } else on[event] = compileLadder(s, handler.signal, handler.rungs, targetOf);
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

/**
 * A retry ladder: one transition per rung, guarded by the count of the signal in a row in
 * this visit (the last rung takes every count from its own on). A rung that leaves is an
 * ordinary transition (entering resets the counts); one that stays is targetless (no exit,
 * timers keep running): its `set`, `do` and `say`, then the count goes up.
 */
function compileLadder(s: StateBehaviour, signal: 'no_match' | 'no_input', rungs: readonly ResolvedRung[], targetOf: (id: string) => string): Json {
  const counter = signal === 'no_match' ? 'noMatch' : 'noInput';
  return rungs.map((rung, i): Json => {
    const guard: Json = { type: BUILTIN.rung, params: { counter, index: rung.index, last: i === rungs.length - 1 } };
    if (rung.leave) return { ...(compileChoice(s.id, rung.leave, targetOf) as { [key: string]: Json }), guard };
    const actions: Json[] = [];
    if (rung.set.length > 0) actions.push(setAction(rung.set));
    for (const effect of rung.effects) actions.push({ type: effect.value });
    if (rung.say !== undefined) actions.push({ type: BUILTIN.say, params: { state: s.id, text: rung.say } });
    actions.push({ type: signal === 'no_match' ? BUILTIN.countNoMatch : BUILTIN.countNoInput });
    return { guard, actions };
  });
}

function setAction(set: readonly Assignment[]): Json {
  const assign: { [key: string]: Json } = {};
  for (const a of set) assign[a.field.value] = a.value.source;
  return { type: BUILTIN.set, params: { assign } };
}

function compileChoices(from: string, choices: readonly Choice[], targetOf: (id: string) => string, forceList: boolean): Json {
  const list = choices.map((c) => compileChoice(from, c, targetOf));
  return list.length === 1 && !forceList ? (list[0] as Json) : list;
}

function compileChoice(from: string, choice: Choice, targetOf: (id: string) => string): Json {
  const out: { [key: string]: Json } = { target: targetOf(choice.to) };
  if (choice.guard) out.guard = { type: BUILTIN.expr, params: { expr: choice.guard.source } };
  const actions: Json[] = [];
  if (choice.set.length > 0) actions.push(setAction(choice.set));
  for (const effect of choice.effects) actions.push({ type: effect.value });
  // A leaving rung's words come after its `do`; transition actions run before the target's entry.
  if (choice.say !== undefined) actions.push({ type: BUILTIN.say, params: { state: from, text: choice.say } });
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
      ...(state.whenUnavailable ? { whenUnavailable: state.whenUnavailable.value } : {}),
    };
  }
  if (state.type === 'end') return { type: 'end', outcome: state.outcome.value, feedback: state.feedback, ...(state.humanLater ? { human: 'later' } : {}) };
  if (state.type === 'call') return { type: 'call', call: state.call.value };
  return { type: 'bot', decision: state.always !== undefined };
}

/** Every side-effect name a journey uses (`do` on states, transitions and ladder rungs; in sub-journeys too), sorted. */
export function effectNames(journey: Journey): string[] {
  const names = new Set<string>();
  for (const s of behaviourOf(journey).states.values()) {
    for (const e of s.state.effects) names.add(e.value);
    for (const { choice } of choicesOf(s)) for (const e of choice.effects) names.add(e.value);
    for (const handler of s.on.values()) if (handler.kind === 'ladder') for (const rung of handler.rungs) for (const e of rung.effects) names.add(e.value);
  }
  return [...names].sort();
}

/** Serialises a machine config: two-space JSON ending with a newline. */
export function formatMachine(machine: MachineJson): string {
  return `${JSON.stringify(machine, null, 2)}\n`;
}
