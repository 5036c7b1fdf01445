import type { Expression, Journey, State, Transition } from '../model/types.js';
import { transitionsOf } from '../model/types.js';

/** How a transition's trigger is named in messages: event `x`, `always`, timeout `5m`. */
export function describeTrigger(transition: Transition): string {
  const t = transition.trigger;
  return t.kind === 'event' ? `event \`${t.event}\`` : t.kind === 'always' ? '`always`' : `timeout \`${t.delay}\``;
}

/** Where an expression sits, for messages. */
export interface ExpressionSite {
  readonly state: State;
  readonly transition: Transition;
  readonly choice: number;
  /** `if`, or the field a `set` entry assigns. */
  readonly role: { readonly kind: 'guard' } | { readonly kind: 'set'; readonly field: string };
  readonly expression: Expression;
}

/** Every expression of a journey with its site, in file order. */
export function expressionSites(journey: Journey): ExpressionSite[] {
  const out: ExpressionSite[] = [];
  for (const state of journey.states.values()) {
    for (const transition of transitionsOf(state)) {
      transition.branches.forEach((branch, choice) => {
        if (branch.guard) out.push({ state, transition, choice, role: { kind: 'guard' }, expression: branch.guard });
        for (const a of branch.set) out.push({ state, transition, choice, role: { kind: 'set', field: a.field.value }, expression: a.value });
      });
    }
  }
  return out;
}

/** Plain-language location of an expression site. */
export function describeSite(site: ExpressionSite): string {
  const choice = site.transition.branches.length > 1 ? `, choice ${site.choice + 1}` : '';
  const role = site.role.kind === 'guard' ? '`if`' : `\`set.${site.role.field}\``;
  return `State \`${site.state.id}\`, ${describeTrigger(site.transition)}${choice}, ${role}`;
}
