import { closeCandidates, closest, listNames } from '../diagnostics/suggest.js';
import { replaceScalar } from '../rule-support/edits.js';
import type { Span, TextEdit } from '../diagnostics/diagnostic.js';
import { behaviourOf } from '../behaviour/table.js';
import { calleeOf, transitionsOf, type CallState, type Journey, type Located } from '../model/types.js';
import { DEFAULT_OUTCOME } from '../spec/names.js';
import { describeTrigger } from '../rule-support/expression-sites.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'unknown-target',
    description: 'Every target (`start`, `to`, `when_closed`, `offramp.to`) names a state of the journey.',
    severity: 'error',
    docs: docsUrl('unknown-target'),
    type: 'problem',
    fixable: true,
    hasSuggestions: true,
    messages: {
      unknown: '{{where}} leads to `{{target}}`, which is not a state of this journey{{suggestion}}.',
      unknownJourney:
        'State `{{state}}` calls `{{target}}`, which is neither a sub-journey of this file (`journeys:`) nor a journey of the files linted together{{suggestion}}.',
      unknownOutcome: 'State `{{state}}` continues on outcome `{{outcome}}`, but `{{journey}}` never ends with it{{suggestion}}.',
    },
    hints: {
      unknown: 'Fix the name, or add a state `{{target}}` under `states:`. States here: {{states}}.',
      unknownJourney: 'Fix the id, or define the journey under `journeys:` or in a file linted with this one. Journeys known here: {{journeys}}.',
      unknownOutcome: 'Name an outcome `{{journey}}` ends with ({{outcomes}}), or use `default` for every outcome not named.',
    },
  },
  create(context) {
    const { journey } = context;
    const ids = [...journey.states.keys()];
    const check = (where: string, target: Located<string>, at: Span = target.span): void => {
      if (journey.states.has(target.value)) return;
      const near = closeCandidates(target.value, ids);
      // One close name is an obvious typo (fixed); several need a person to choose (suggested).
      const replacements = near.flatMap((n) => {
        const edit = replaceScalar(context.text, target.span, target.value, n);
        return edit ? [{ desc: `Change the target to \`${n}\``, fix: edit }] : [];
      });
      const edits = replacements.length === 1 ? { fix: (replacements[0] as { fix: TextEdit }).fix } : replacements.length > 1 ? { suggestions: replacements } : {};
      context.report({
        messageId: 'unknown',
        data: {
          where,
          target: target.value,
          suggestion: near.length > 0 ? ` (did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?)` : '',
          states: listNames(ids, 12),
        },
        span: at,
        ...edits,
      });
    };
    check('`start`', journey.start);
    if (journey.offramp) check('`offramp.to`', journey.offramp.to);
    for (const state of journey.states.values()) {
      for (const transition of transitionsOf(state)) {
        for (const branch of transition.branches) check(`State \`${state.id}\`, ${describeTrigger(transition)}`, branch.to);
      }
      if (state.type === 'bot') {
        for (const ladder of state.ladders) {
          for (const rung of ladder.rungs) if (rung.to) check(`State \`${state.id}\`, \`${ladder.signal}\` rung ${rung.index + 1}`, rung.to);
        }
      }
      if (state.type === 'human' && state.whenClosed) check(`State \`${state.id}\`, \`when_closed\``, state.whenClosed);
      if (state.type === 'human' && state.whenUnavailable) check(`State \`${state.id}\`, \`when_unavailable\``, state.whenUnavailable);
      if (state.type === 'call') {
        for (const [outcome, target] of state.outcomes) check(`State \`${state.id}\`, outcome \`${outcome}\``, target);
        checkCall(journey, state, context.report);
      }
    }
  },
};

/** The journey a call names exists, and each outcome it continues on is one that journey can end with. */
function checkCall(journey: Journey, state: CallState, report: Parameters<JourneyRule['create']>[0]['report']): void {
  const id = state.call.value;
  const callee = calleeOf(journey, id);
  if (!callee) {
    // A journey calling itself is a cycle of calls, not an unknown name.
    if (id === journey.id.value) return;
    const known = [...new Set([...journey.journeys.keys(), ...journey.callees.keys()])];
    const near = closest(id, known);
    report({
      messageId: 'unknownJourney',
      data: { state: state.id, target: id, suggestion: near ? ` (did you mean \`${near}\`?)` : '', journeys: known.length ? listNames(known, 12) : 'none' },
      span: state.call.span,
    });
    return;
  }
  // What the callee can end with: its ends' outcomes, and those of its own calls that it does not continue on.
  const ends = new Set<string>();
  for (const s of behaviourOf(callee).states.values()) if (s.finish?.kind === 'end') ends.add(s.finish.outcome);
  const outcomes = [...ends];
  const raw = ((journey.raw.states as Record<string, Record<string, unknown>> | undefined)?.[state.id]?.outcomes ?? {}) as object;
  for (const outcome of state.outcomes.keys()) {
    if (outcome === DEFAULT_OUTCOME || ends.has(outcome)) continue;
    const near = closest(outcome, outcomes);
    report({
      messageId: 'unknownOutcome',
      data: { state: state.id, outcome, journey: id, suggestion: near ? ` (did you mean \`${near}\`?)` : '', outcomes: outcomes.length ? listNames(outcomes, 12) : 'none' },
      span: journey.sourceMap.keySpan(raw, outcome),
    });
  }
}

export default rule;
