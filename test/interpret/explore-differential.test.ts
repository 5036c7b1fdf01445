// Differential test of the packed explorer (src/interpret/explore.ts) against the reference
// search it replaces (src/interpret/explore-reference.ts): the whole Exploration (every node
// with its configuration, depth, parent, input and flags, every edge, the bound, unknown and
// varied values, guards decided both ways and the guard statistics in first-evaluation order)
// must be the same, on every example journey and on random journeys, under several bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, explorePacked, type Exploration, type ExploreOptions } from '../../src/interpret/explore.js';
import { exploreReference } from '../../src/interpret/explore-reference.js';
import { summarize } from '../../src/interpret/summary.js';
import { lintSources } from '../../src/lint/lint.js';
import { example, journeyFrom } from '../support/engines.js';
import { EXAMPLE_NAMES } from '../support/lint.js';
import { journeySpecArb, modelOf, renderJourney } from '../support/arbitrary-journey.js';
import type { Journey } from '../../src/model/types.js';

const SEED = 20260412;
const RANDOM_JOURNEYS = 200;
const MONDAY_NOON = Date.UTC(2026, 0, 5, 12);
const SUNDAY_NIGHT = Date.UTC(2026, 0, 4, 23);

/** The option sets every journey is explored under: the defaults, hours judged open and closed, and each bound hit. */
const OPTION_SETS: readonly ExploreOptions[] = [{}, { at: MONDAY_NOON }, { at: SUNDAY_NIGHT }, { maxConfigs: 7 }, { maxTurns: 2 }, { maxDecisions: 1 }];
/** For random journeys, whose configurations can run into the tens of thousands: the same sets, at most 1,500 configurations. */
const RANDOM_OPTION_SETS: readonly ExploreOptions[] = OPTION_SETS.map((o) => ({ maxConfigs: 1500, ...o }));

/** An Exploration as plain data: guard statistics as [source, counts] in insertion order (their keys are expression objects). */
function plain(ex: Exploration): unknown {
  return { ...ex, journey: ex.journey.id.value, guards: [...ex.guards].map(([e, s]) => [e.source, { ...s }]) };
}

/** Explores with both searches and expects the same result; returns whether the packed search covered the journey. */
function expectSame(journey: Journey, options: ExploreOptions): boolean {
  const reference = exploreReference(journey, options);
  const packed = explorePacked(journey, options);
  const result = packed ?? explore(journey, options);
  expect(plain(result)).toEqual(plain(reference));
  // The guard statistics are keyed by the same expression objects.
  expect([...result.guards.keys()]).toEqual([...reference.guards.keys()]);
  expect(summarize(result)).toEqual(summarize(reference));
  return packed !== undefined;
}

describe('packed explorer = reference explorer', () => {
  it.each(EXAMPLE_NAMES)('on the example %s, under every option set', async (name) => {
    const journey = await example(name);
    for (const options of OPTION_SETS) expect(expectSame(journey, options)).toBe(true);
  });

  it(`on ${RANDOM_JOURNEYS} random journeys (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const specs = fc.sample(journeySpecArb, { numRuns: RANDOM_JOURNEYS, seed: SEED });
    let packed = 0;
    let explorations = 0;
    for (const spec of specs) {
      const rendered = renderJourney(spec);
      const journey = await modelOf(lintSources, rendered.yaml);
      const fields = rendered.fields.filter((f) => f.type === 'number');
      const withInput: ExploreOptions[] = fields.length > 0 ? [{ maxConfigs: 1500, input: { [(fields[0] as { name: string }).name]: 2 } }] : [];
      for (const options of [...RANDOM_OPTION_SETS, ...withInput]) {
        explorations++;
        if (expectSame(journey, options)) packed++;
      }
    }
    // The packed search must be what runs, not the fallback.
    expect(packed).toBe(explorations);
  });
});

const BASE = `journey: edge
title: Edge cases
priority: routine
context:
  n: { type: number, default: 0 }
  s: { type: string, default: 'a' }
  ok: { type: boolean, default: false }
start: ask
states:
`;

describe('packed explorer = reference explorer on edge cases', () => {
  const cases: Record<string, { yaml: string; packed: boolean }> = {
    'event data decided every way (steps run by the reference)': {
      packed: true,
      yaml: `${BASE}  ask:
    on:
      answer:
        - if: event.ok == true
          to: ask
          set: { n: n + 1 }
        - if: event.tier == 'gold'
          to: agent
        - to: done
      copy: { to: check, set: { ok: event.ok } }
  check:
    always:
      - if: ok
        to: agent
      - to: ask
  agent: { type: human, queue: q, hours: always, on: { resolved: done } }
  done: { type: end, outcome: resolved }
`,
    },
    'a timeout whose guard fails fires and the customer stays; counts up to the bound': {
      packed: true,
      yaml: `${BASE}  ask:
    on:
      tick: { to: ask, set: { n: n + 1 } }
      agent_please: agent
    after:
      5m:
        - if: n > 2
          to: done
      1h: agent
  agent: { type: human, queue: q, hours: always, on: { resolved: done } }
  done: { type: end, outcome: resolved }
`,
    },
    'an always loop is an error configuration (reference step)': {
      packed: true,
      yaml: `${BASE}  ask:
    on:
      go: a
      agent_please: agent
  a:
    always:
      - to: b
  b:
    always:
      - to: a
  agent: { type: human, queue: q, hours: always, on: { resolved: done } }
  done: { type: end, outcome: resolved }
`,
    },
    'a string with a quote falls back to the reference search': {
      packed: false,
      yaml: `${BASE}  ask:
    on:
      quote: { to: ask, set: { s: "'say \\"hi\\"'" } }
      agent_please: agent
  agent: { type: human, queue: q, hours: always, on: { resolved: done } }
  done: { type: end, outcome: resolved }
`,
    },
    'minus zero and zero are one configuration, each node keeping the value it was found with': {
      packed: true,
      yaml: `${BASE}  ask:
    on:
      flip: { to: ask, set: { n: 0 - n * 1 } }
      zero: { to: ask, set: { n: 0 * -1 } }
      agent_please: agent
  agent: { type: human, queue: q, hours: always, on: { resolved: done } }
  done: { type: end, outcome: resolved }
`,
    },
    'retry ladders, the offramp count and closed hours': {
      packed: true,
      yaml: `journey: ladders
title: Ladders
format: '1.1'
priority: routine
context:
  tries: { type: number, default: 0 }
offramp:
  to: agent
  on: [agent_requested]
  no_match: 3
start: ask
states:
  ask:
    on:
      answer: done
      later: { to: ask, set: { tries: tries + 1 } }
    no_input:
      - say: Are you there?
        set: { tries: tries + 1 }
      - say: Still there?
      - to: agent
  other:
    on:
      back: ask
  agent:
    type: human
    queue: q
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: callback
    on: { resolved: done }
  callback: { type: end, outcome: callback_booked, human: later }
  done: { type: end, outcome: resolved }
`,
    },
  };
  for (const [name, { yaml, packed }] of Object.entries(cases)) {
    it(name, async () => {
      const journey = await journeyFrom(yaml);
      for (const options of OPTION_SETS) expect(expectSame(journey, options)).toBe(packed);
    });
  }
});
