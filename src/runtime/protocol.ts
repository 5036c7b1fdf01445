// The contract between the compiler (src/compile) and the runtime (journeyctl/runtime): names
// and bounds a compiled machine uses. One module, imported by both, so they cannot drift apart.

/** Context key holding the runtime's own counters; no journey field can be named so. */
export const INTERNAL_KEY = '$journey';

/** Microsteps XState may take in one macrostep before it stops the actor with an error (loops cannot hang). */
export const MAX_ITERATIONS = 1000;

/** Longest delay a JavaScript timer holds (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Names of the built-in actions the runtime implements. */
export const BUILTIN_ACTION = {
  enter: 'journey.enter',
  say: 'journey.say',
  set: 'journey.set',
  handoff: 'journey.handoff',
  countNoMatch: 'journey.countNoMatch',
  countNoInput: 'journey.countNoInput',
} as const;

/** Names of the built-in guards the runtime implements. */
export const BUILTIN_GUARD = {
  expr: 'journey.expr',
  open: 'journey.open',
  noMatchLimit: 'journey.noMatchLimit',
  rung: 'journey.rung',
} as const;

/** Every built-in name, actions and guards. */
export const BUILTIN = { ...BUILTIN_ACTION, ...BUILTIN_GUARD } as const;

/** Prefix of built-in names; journeys cannot name their own side effects so. */
export const BUILTIN_PREFIX = 'journey.';

/** Prefix of the hidden states that route customers into human states with limited hours. */
export const ROUTE_PREFIX = '$route_';

/** Name of the hidden state that routes customers into a human state with limited hours. */
export function routeStateName(stateId: string): string {
  return `${ROUTE_PREFIX}${stateId}`;
}

/** Version of the persisted-journey format written by `persist`. */
export const PERSIST_FORMAT = 1;
