// Deterministic differential tests of the format 1.1 additions: one small hand-written
// journey per addition, driven through both engines (the reference interpreter and the
// compiled machine on XState, `runBoth`) by a script that exercises it. Each test checks
// that the engines agree after every step, and that they end where the format says
// (sub-journeys, call states and their `input`/`output`/`outcomes`, retry ladders,
// `when_unavailable`, `human: later`, `input: true` fields, `null` and the functions).
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import { firstMismatch, journeyFrom, runBoth, type Observation, type ScriptStep } from '../support/engines.js';
import { modelOf } from '../support/arbitrary-journey.js';

/** A customer event (with data) as a script step. */
const ev = (type: string, data: Record<string, unknown> = {}): ScriptStep => ({ event: { type, ...data } });
/** Time passing as a script step. */
const wait = (ms: number): ScriptStep => ({ wait: ms });

/** The model of a journey that passes the lint rules a compiled machine relies on (as generated journeys must). */
async function valid(yaml: string): Promise<Journey> {
  return modelOf(lintSources, yaml);
}

/** Runs both engines, fails on the first step where they disagree, and returns the interpreter's observations (index 0: the start). */
function agree(journey: Journey, script: readonly ScriptStep[], options: { epoch?: number; input?: Record<string, string | number | boolean | null> } = {}) {
  const { trace, interpreter, xstate } = runBoth(journey, script, options);
  const mismatch = firstMismatch(trace);
  expect(mismatch, mismatch && `step ${mismatch.index}: ${mismatch.difference}`).toBeUndefined();
  expect(xstate.problems.filter((p) => !p.startsWith('cannot evaluate'))).toEqual([]);
  // What the bot said, in order, is the same on both engines too.
  expect(xstate.said()).toEqual(interpreter.said());
  return { seen: trace.map((t) => t.interpreter), said: interpreter.said() };
}

/** The parts of an observation a test pins down. */
function where(o: Observation | undefined): { state: string | undefined; status: string | undefined } {
  return { state: o?.state, status: o?.status };
}

describe('format 1.1 on both engines', () => {
  const CALLER = `
journey: card-help
title: Card help
format: 1.1
context:
  attempts: { type: number, default: 1 }
  last4: { type: string }
  verified: { type: boolean, default: false }
start: ask
states:
  ask:
    on:
      go: verify
  verify:
    type: call
    call: check-id
    say: Let me check who you are.
    input: { tries: attempts + 1, hint: "'card'" }
    output: { verified: ok, last4: code }
    outcomes:
      passed: done
      default: agent
  agent:
    type: human
    queue: cards
    hours: always
  done:
    type: end
    outcome: resolved
journeys:
  check-id:
    title: Check the customer's identity
    context:
      tries: { type: number, default: 0 }
      hint: { type: string, default: none }
      ok: { type: boolean, default: false }
      code: { type: string }
    start: ask_code
    states:
      ask_code:
        say: Your code, please.
        on:
          code:
            - if: "event.code != null && len(event.code) == 4"
              to: passed
              set: { ok: true, code: event.code }
            - to: failed
      passed: { type: end, outcome: passed }
      failed: { type: end, outcome: failed }
`;

  it('a call state runs its sub-journey: input on the way in, output and outcomes on the way out', async () => {
    const journey = await valid(CALLER);
    const { seen, said } = agree(journey, [ev('go'), ev('code', { code: '1234' })]);
    // Inlined: the callee's states and fields are `verify$...`; input is set from the caller's context.
    expect(where(seen[1])).toEqual({ state: 'verify$ask_code', status: 'active' });
    expect(seen[1]?.context).toMatchObject({ 'verify$tries': 2, 'verify$hint': 'card', 'verify$ok': false, 'verify$code': null });
    // `passed` continues at `done`; output copied the callee's fields into the caller's.
    expect(where(seen[2])).toEqual({ state: 'done', status: 'done' });
    expect(seen[2]?.context).toMatchObject({ verified: true, last4: '1234' });
    expect(seen[2]?.output).toEqual({ journey: 'card-help', outcome: 'resolved' });
    expect(said).toEqual(['Let me check who you are.', 'Your code, please.']);
  });

  it('an outcome the call does not name goes to `default`', async () => {
    const journey = await valid(CALLER);
    const { seen } = agree(journey, [ev('go'), ev('code', { code: '12' })]);
    expect(seen[2]).toMatchObject({ state: 'agent', status: 'done', handedOff: true, output: { journey: 'card-help', outcome: 'handed_off', state: 'agent', queue: 'cards' } });
    // Output is copied on every return, whatever the outcome.
    expect(seen[2]?.context).toMatchObject({ verified: false, last4: null });
  });

  it('without `default`, an outcome the call does not name ends the caller with it', async () => {
    const journey = await valid(CALLER.replace('      default: agent\n', ''));
    const { seen } = agree(journey, [ev('go'), ev('code')]);
    // No `event.code`: the guard has no value, so the second choice is taken.
    expect(seen[2]).toMatchObject({ state: 'verify$failed', status: 'done', output: { journey: 'card-help', outcome: 'failed' } });
  });

  it('a call state entered again starts its callee afresh (fields at their defaults, then input)', async () => {
    const journey = await valid(CALLER.replace('      passed: done\n', '      passed: ask\n').replace('      default: agent\n', '      default: ask\n'));
    const { seen } = agree(journey, [ev('go'), ev('code', { code: '4321' }), ev('go')]);
    expect(seen[2]?.state).toBe('ask');
    expect(seen[3]).toMatchObject({ state: 'verify$ask_code', context: { 'verify$ok': false, 'verify$code': null, last4: '4321', verified: true } });
  });

  const NESTED = `
journey: nested
title: Nested calls
format: 1.1
offramp: { to: agent, on: [agent_requested] }
start: outer
states:
  outer:
    type: call
    call: part-a
    outcomes: { done: finish }
  agent: { type: human, queue: main, hours: always }
  finish: { type: end, outcome: resolved }
journeys:
  part-a:
    offramp: { to: helper, no_match: 2 }
    start: a0
    states:
      a0:
        on: { next: a1 }
      a1:
        type: call
        call: part-b
        outcomes: { ok: a2 }
      a2:
        on: { yes: a_done }
      helper: { type: human, queue: sub, hours: always, on: { back: a0 } }
      a_done: { type: end, outcome: done }
  part-b:
    start: b0
    states:
      b0:
        on: { yes: b_ok }
      b_ok: { type: end, outcome: ok }
`;

  it('a sub-journey calls another; returns chain back out through both', async () => {
    const journey = await valid(NESTED);
    const { seen } = agree(journey, [ev('next'), ev('yes'), ev('yes')]);
    expect(seen.map((o) => o.state)).toEqual(['outer$a0', 'outer$a1$b0', 'outer$a2', 'finish']);
    expect(seen[3]?.output).toEqual({ journey: 'nested', outcome: 'resolved' });
  });

  it("a sub-journey's offramp, and its callers' offramps, apply in the states it calls", async () => {
    const journey = await valid(NESTED);
    const { seen } = agree(journey, [ev('next'), ev('no_match'), ev('no_match'), ev('back'), ev('agent_requested')]);
    // part-a's `no_match: 2` counts in part-b's state and escalates to part-a's person.
    expect(seen.map((o) => [o.state, o.noMatch])).toEqual([
      ['outer$a0', 0],
      ['outer$a1$b0', 0],
      ['outer$a1$b0', 1],
      ['outer$helper', 0],
      ['outer$a0', 0],
      ['agent', 0],
    ]);
    // The top journey's offramp reaches from inside the callee.
    expect(seen[5]).toMatchObject({ status: 'done', output: { journey: 'nested', outcome: 'handed_off', state: 'agent', queue: 'main' } });
  });

  const NESTED_UNMAPPED = `
journey: nested-unmapped
title: Nested, an outcome not mapped
format: 1.1
start: outer
states:
  outer:
    type: call
    call: part-a
    outcomes: { failed: retry, done: finish }
  retry:
    on: { again: outer }
  finish: { type: end, outcome: resolved }
journeys:
  part-a:
    start: a1
    states:
      a1:
        type: call
        call: part-b
        outcomes: { ok: a_done }
      a_done: { type: end, outcome: done }
  part-b:
    start: b0
    states:
      b0:
        on: { yes: b_ok, no: b_failed }
      b_ok: { type: end, outcome: ok }
      b_failed: { type: end, outcome: failed }
`;

  it('an outcome a nested call does not map: both engines agree', async () => {
    const journey = await valid(NESTED_UNMAPPED);
    const { seen } = agree(journey, [ev('no')]);
    expect(seen[0]?.state).toBe('outer$a1$b0');
  });

  // docs/decisions.md: "An outcome the call does not map ends the caller with that
  // outcome": part-b's `failed`, which `a1` does not map, ends part-a with `failed`, and
  // `outer` maps that to `retry`.
  it('an outcome a nested call does not map ends the sub-journey that called, and its own caller continues on it', async () => {
    const journey = await valid(NESTED_UNMAPPED);
    const { seen } = agree(journey, [ev('no')]);
    expect(seen[1]).toMatchObject({ state: 'retry', status: 'active' });
  });

  it('an outcome no call on the way maps ends the whole journey with it', async () => {
    const journey = await valid(NESTED_UNMAPPED.replace('outcomes: { failed: retry, done: finish }', 'outcomes: { done: finish }'));
    const { seen } = agree(journey, [ev('no')]);
    expect(seen[1]).toMatchObject({ state: 'outer$a1$b_failed', status: 'done', output: { outcome: 'failed' } });
  });

  const LADDER = `
journey: ladder
title: Retry ladder
format: 1.1
context:
  misses: { type: number, default: 0, internal: true }
start: ask
states:
  ask:
    say: What can I do?
    on: { yes: done }
    after: { 5m: timeout }
    no_match:
      - say: Sorry, again?
        set: { misses: misses + 1 }
      - say: Try yes or no.
        do: crm.log
        set: { misses: misses + 1 }
      - to: agent
        set: { misses: misses + 10 }
    no_input:
      - say: Are you there?
  agent: { type: human, queue: help, hours: always }
  timeout: { type: end, outcome: abandoned }
  done: { type: end, outcome: resolved }
`;

  it('a `no_match` ladder: rung N for the Nth signal in a row; staying rungs do not re-enter; a leaving rung leaves', async () => {
    const journey = await valid(LADDER);
    const { seen, said } = agree(journey, [ev('no_match'), wait(60_000), ev('no_match'), ev('no_match')]);
    expect(seen.map((o) => [o.state, o.noMatch, o.context.misses])).toEqual([
      ['ask', 0, 0],
      ['ask', 1, 1],
      ['ask', 1, 1],
      ['ask', 2, 2],
      ['agent', 0, 12],
    ]);
    expect(seen[4]).toMatchObject({ status: 'done', handedOff: true });
    // A staying rung's `say` is said; the state's own `say` is not said again (no re-entry).
    expect(said).toEqual(['What can I do?', 'Sorry, again?', 'Try yes or no.']);
  });

  it("a staying rung keeps the state's timers running (counted from entering it)", async () => {
    const journey = await valid(LADDER);
    const { seen } = agree(journey, [ev('no_match'), wait(240_000), ev('no_input'), wait(60_000)]);
    expect(seen.map((o) => [o.state, o.noMatch, o.noInput])).toEqual([
      ['ask', 0, 0],
      ['ask', 1, 0],
      ['ask', 1, 0],
      ['ask', 1, 1],
      ['timeout', 0, 0],
    ]);
    expect(seen[4]?.output).toEqual({ journey: 'ladder', outcome: 'abandoned' });
  });

  it('the last rung repeats; a rung back to the state re-enters it and starts the ladder again', async () => {
    const journey = await valid(`
journey: silence
title: Silence
format: 1.1
context:
  pings: { type: number, default: 0 }
start: ask
states:
  ask:
    say: Hello?
    on: { yes: done, agent_requested: agent }
    no_input:
      - set: { pings: pings + 1 }
      - say: Still there?
        set: { pings: pings + 1 }
    no_match:
      - to: ask
        do: notify
  agent: { type: human, queue: help, hours: always }
  done: { type: end, outcome: resolved }
`);
    const { seen, said } = agree(journey, [ev('no_input'), ev('no_input'), ev('no_input'), ev('no_input'), ev('no_match'), ev('no_input')]);
    expect(seen.map((o) => [o.state, o.noInput, o.context.pings])).toEqual([
      ['ask', 0, 0],
      ['ask', 1, 1],
      ['ask', 2, 2],
      ['ask', 3, 3],
      ['ask', 4, 4],
      ['ask', 0, 4],
      ['ask', 1, 5],
    ]);
    expect(said).toEqual(['Hello?', 'Still there?', 'Still there?', 'Still there?', 'Hello?']);
  });

  it('a ladder on a decision state that waits: a staying rung stays, a leaving rung leaves', async () => {
    // A staying rung that `set`s what the decision reads is where the engines still
    // disagree: test/fixtures/differential/35539606.yaml (status open).
    const journey = await valid(`
journey: deciding
title: Deciding
format: 1.1
context:
  n: { type: number, default: 0 }
start: ask
states:
  ask:
    on: { go: decide }
  decide:
    always:
      - if: n > 0
        to: done
    no_input:
      - say: Still deciding.
      - to: ask
        set: { n: n + 1 }
  done: { type: end, outcome: resolved }
`);
    const { seen, said } = agree(journey, [ev('go'), ev('no_input'), ev('no_input'), ev('go')]);
    expect(seen.map((o) => [o.state, o.noInput, o.context.n])).toEqual([
      ['ask', 0, 0],
      ['decide', 0, 0],
      ['decide', 1, 0],
      ['ask', 0, 1],
      ['done', 0, 1],
    ]);
    expect(said).toEqual(['Still deciding.']);
  });

  const TRANSFER = `
journey: transfer
title: Transfer
format: 1.1
start: menu
states:
  menu:
    on:
      agent_requested: agent
      unavailable: note
  note:
    on: { yes: menu }
  agent:
    type: human
    queue: cards
    hours: always
    when_unavailable: sorry
  other_agent:
    type: human
    queue: other
    hours: always
  sorry:
    say: Nobody is free right now.
    on: { agent_requested: other_agent, callback: later }
  later: { type: end, outcome: callback_booked, human: later }
`;

  it('`when_unavailable`: the human state does not end the journey; `unavailable` moves on, other events are ignored', async () => {
    const journey = await valid(TRANSFER);
    const { seen } = agree(journey, [ev('agent_requested'), ev('yes'), ev('unavailable'), ev('agent_requested'), ev('unavailable')]);
    expect(seen.map((o) => [o.state, o.status, o.handedOff])).toEqual([
      ['menu', 'active', false],
      ['agent', 'active', true],
      ['agent', 'active', true],
      // The transfer failed: no person took the customer (Observation.handedOff).
      ['sorry', 'active', false],
      ['other_agent', 'done', true],
      ['other_agent', 'done', true],
    ]);
    expect(seen[4]?.output).toEqual({ journey: 'transfer', outcome: 'handed_off', state: 'other_agent', queue: 'other' });
  });

  it('`unavailable` is an ordinary event where no failed transfer is handled', async () => {
    const journey = await valid(TRANSFER);
    const { seen } = agree(journey, [ev('unavailable'), ev('yes')]);
    expect(seen.map((o) => o.state)).toEqual(['menu', 'note', 'menu']);
  });

  it('`human: later`: the journey ends and its output says a person follows up', async () => {
    const journey = await valid(TRANSFER);
    const { seen } = agree(journey, [ev('agent_requested'), ev('unavailable'), ev('callback')]);
    expect(seen[3]).toMatchObject({ state: 'later', status: 'done', output: { journey: 'transfer', outcome: 'callback_booked', human: 'later' } });
  });

  const LATER_CALL = `
journey: follow-up
title: Follow-up
format: 1.1
start: book
states:
  book:
    type: call
    call: booking
    outcomes: { booked: thanks }
  thanks: { type: end, outcome: resolved }
journeys:
  booking:
    start: ask
    states:
      ask:
        on: { yes: booked, later: call_back }
      booked: { type: end, outcome: booked, human: later }
      call_back: { type: end, outcome: callback_booked, human: later }
`;

  it('`human: later` in a sub-journey: a mapped outcome continues in the caller; an unmapped one ends the caller with `human: later`', async () => {
    const journey = await valid(LATER_CALL);
    const mapped = agree(journey, [ev('yes')]).seen;
    expect(mapped[1]).toMatchObject({ state: 'thanks', status: 'done', output: { journey: 'follow-up', outcome: 'resolved' } });
    expect(mapped[1]?.output).not.toHaveProperty('human');
    const unmapped = agree(journey, [ev('later')]).seen;
    expect(unmapped[1]).toMatchObject({ state: 'book$call_back', status: 'done', output: { journey: 'follow-up', outcome: 'callback_booked', human: 'later' } });
  });

  const HOST_INPUT = `
journey: vip
title: VIP routing
format: 1.1
context:
  tier: { type: string, input: true }
  staffed: { type: boolean, default: true, input: true }
  seen: { type: number, default: 0, internal: true }
start: route
states:
  route:
    always:
      - if: "tier != null && lower(tier) == 'gold'"
        to: vip
      - if: "!staffed"
        to: closed
      - to: menu
        set: { seen: seen + 1 }
  menu:
    on: { agent_requested: vip }
  vip: { type: human, queue: vip, hours: always }
  closed: { type: end, outcome: callback_booked, human: later }
`;

  it('`input: true` fields: what the host gives at the start decides the route', async () => {
    const journey = await valid(HOST_INPUT);
    expect(agree(journey, [], { input: { tier: 'GOLD' } }).seen[0]).toMatchObject({ state: 'vip', status: 'done' });
    expect(agree(journey, [], { input: { staffed: false } }).seen[0]).toMatchObject({ state: 'closed', status: 'done', output: { human: 'later' } });
    expect(agree(journey, [], { input: { tier: null } }).seen[0]).toMatchObject({ state: 'menu', status: 'active', context: { tier: null, staffed: true, seen: 1 } });
    expect(agree(journey, []).seen[0]).toMatchObject({ state: 'menu', context: { tier: null, seen: 1 } });
  });

  const EXPRESSIONS = `
journey: names
title: Names
format: 1.1
context:
  name: { type: string }
  n: { type: number, default: 2 }
start: ask
states:
  ask:
    on:
      tell:
        - if: "event.name == null"
          to: ask
          set: { name: null, n: "round(-2.5)" }
        - to: check
          set: { name: "upper(event.name)", n: "max(n, len(event.name), min(1, 0))" }
  check:
    always:
      - if: "name != null && contains(name, 'SS') && n == 6"
        to: done
      - to: other
  other: { type: end, outcome: cancelled }
  done: { type: end, outcome: resolved }
`;

  it('`null` and the functions evaluate alike on both engines', async () => {
    const journey = await valid(EXPRESSIONS);
    // upper('straße') is 'STRASSE'; len('straße') is 6.
    const a = agree(journey, [ev('tell', { name: 'straße' })]).seen;
    expect(a[1]).toMatchObject({ state: 'done', context: { name: 'STRASSE', n: 6 } });
    // Event data `null` is null; `round(-2.5)` is -3 (halves away from zero); `null` unsets a field.
    const b = agree(journey, [ev('tell', { name: 'x' }), ev('tell', { name: null })]).seen;
    expect(b[1]).toMatchObject({ state: 'other', status: 'done' });
    const c = agree(journey, [ev('tell', { name: null })]).seen;
    expect(c[1]).toMatchObject({ state: 'ask', context: { name: null, n: -3 } });
    // No `name` in the event: the null test has no value (it does not hold), the `set`s leave their fields.
    const d = agree(journey, [ev('tell')]).seen;
    expect(d[1]).toMatchObject({ state: 'other', context: { name: null, n: 2 } });
  });

  it('`format: 1.1` on a journey with nothing else of 1.1 runs as before (no_input count 0)', async () => {
    const yaml = `
journey: plain
title: Plain
format: 1.1
offramp: { to: agent, no_match: 2 }
start: ask
states:
  ask:
    on: { yes: done }
  agent: { type: human, queue: help, hours: always }
  done: { type: end, outcome: resolved }
`;
    const journey = await journeyFrom(yaml);
    expect(journey.format).toBe('1.1');
    const { seen } = agree(journey, [ev('no_input'), ev('no_match'), ev('no_input'), ev('no_match')]);
    expect(seen.map((o) => [o.state, o.noMatch, o.noInput])).toEqual([
      ['ask', 0, 0],
      ['ask', 0, 0],
      ['ask', 1, 0],
      ['ask', 1, 0],
      ['agent', 0, 0],
    ]);
  });
});
