import type { Assignment, CallState, Expression, Journey, State, Transition } from '../model/types.js';
import { transitionsOf } from '../model/types.js';
import { Derived } from '../util/derived.js';

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

/** `expressionSites` per journey, made once: three rules walk them. */
const sitesOf = new Derived<Journey, readonly ExpressionSite[]>('expression sites', (journey) => findExpressionSites(journey));

/** Every expression of a journey with its site, in file order. */
export function expressionSites(journey: Journey): readonly ExpressionSite[] {
  return sitesOf.of(journey);
}

function findExpressionSites(journey: Journey): ExpressionSite[] {
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

/**
 * An assignment outside transitions (format 1.1): a retry ladder rung's `set`, or a call
 * state's `input` (the callee's field := an expression over this journey's context) and
 * `output` (this journey's field := an expression over the callee's context).
 */
export interface AssignmentSite {
  readonly state: State;
  /** Where it sits, for messages: State `ask`, `no_match` rung 2, `set.retries`. */
  readonly where: string;
  readonly assignment: Assignment;
  /** Whose field it assigns and whose fields its expression reads: this journey's or the called one's. */
  readonly writes: 'own' | 'callee';
  readonly reads: 'own' | 'callee';
  /** For `input` and `output`: the call state. */
  readonly call?: CallState;
}

/** Every ladder rung `set`, call `input` and call `output` entry of a journey, in file order. */
export function assignmentSites(journey: Journey): AssignmentSite[] {
  const out: AssignmentSite[] = [];
  for (const state of journey.states.values()) {
    if (state.type === 'bot') {
      for (const ladder of state.ladders) {
        for (const rung of ladder.rungs) {
          for (const assignment of rung.set) {
            out.push({ state, where: `State \`${state.id}\`, \`${ladder.signal}\` rung ${rung.index + 1}, \`set.${assignment.field.value}\``, assignment, writes: 'own', reads: 'own' });
          }
        }
      }
    }
    if (state.type === 'call') {
      for (const assignment of state.input) {
        out.push({ state, where: `State \`${state.id}\`, \`input.${assignment.field.value}\``, assignment, writes: 'callee', reads: 'own', call: state });
      }
      for (const assignment of state.output) {
        out.push({ state, where: `State \`${state.id}\`, \`output.${assignment.field.value}\``, assignment, writes: 'own', reads: 'callee', call: state });
      }
    }
  }
  return out;
}
