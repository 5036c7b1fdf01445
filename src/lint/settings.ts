import type { Severity } from '../diagnostics/diagnostic.js';
import type { RuleId } from '../rules/registry.js';
import type { Rule } from '../rules/types.js';

/** A rule's effective setting: `off`, or a severity with options. */
export type RuleSetting = { readonly severity: 'off' } | { readonly severity: Severity; readonly options: Readonly<Record<string, unknown>> };

/** Effective settings of every rule. */
export type RuleSettings = ReadonlyMap<RuleId, RuleSetting>;

/** Settings from each rule's defaults: every rule on, at its default severity. */
export function defaultSettings(rules: readonly Rule[]): Map<RuleId, RuleSetting> {
  const out = new Map<RuleId, RuleSetting>();
  for (const rule of rules) {
    out.set(rule.meta.id as RuleId, { severity: rule.meta.severity, options: { ...(rule.meta.defaultOptions ?? {}) } });
  }
  return out;
}
