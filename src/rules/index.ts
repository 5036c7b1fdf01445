import type { Rule } from '../rule-support/types.js';

type Loader = () => Promise<{ default: Rule }>;

/** Every rule, loaded on demand: a rule that is off is never imported. */
export const RULE_LOADERS = {
  'human-exit': () => import('./human-exit.js'),
  'human-exit-proved': () => import('./human-exit-proved.js'),
  'offramp-distance': () => import('./offramp-distance.js'),
  'no-match-handled': () => import('./no-match-handled.js'),
  'frustration-handled': () => import('./frustration-handled.js'),
  'unknown-target': () => import('./unknown-target.js'),
  'unknown-context': () => import('./unknown-context.js'),
  'invalid-expression': () => import('./invalid-expression.js'),
  'unreachable-state': () => import('./unreachable-state.js'),
  'dead-end': () => import('./dead-end.js'),
  'trap-loop': () => import('./trap-loop.js'),
  'handoff-hours': () => import('./handoff-hours.js'),
  'handoff-context': () => import('./handoff-context.js'),
  'pii-purpose': () => import('./pii-purpose.js'),
  'close-the-loop': () => import('./close-the-loop.js'),
  'duplicate-journey': () => import('./duplicate-journey.js'),
  'always-loop': () => import('./always-loop.js'),
  'offramp-shadowed': () => import('./offramp-shadowed.js'),
  'fake-offramp': () => import('./fake-offramp.js'),
  'refused-human': () => import('./refused-human.js'),
  'unavailable-loop': () => import('./unavailable-loop.js'),
  'call-cycle': () => import('./call-cycle.js'),
  'import-lossy': () => import('./import-lossy.js'),
} as const satisfies Record<string, Loader>;

/** Id of a built-in rule. */
export type RuleId = keyof typeof RULE_LOADERS;

/** Ids of every built-in rule, in registry order. */
export const RULE_IDS: readonly RuleId[] = Object.keys(RULE_LOADERS) as RuleId[];

/** True when `id` names a built-in rule. */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULE_LOADERS, id);
}

/** Loads one rule. */
export async function loadRule(id: RuleId): Promise<Rule> {
  return (await RULE_LOADERS[id]()).default;
}

/** Loads the given rules (all by default), in registry order. */
export async function loadRules(ids: readonly RuleId[] = RULE_IDS): Promise<Rule[]> {
  return Promise.all(ids.map(loadRule));
}
