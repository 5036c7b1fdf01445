import { closeCandidates, closest, listNames } from '../diagnostics/suggest.js';
import { replaceScalar } from '../rule-support/edits.js';
import { fieldsRead } from '../expr/ast.js';
import type { TextEdit } from '../diagnostics/diagnostic.js';
import { calleeOf, type Journey } from '../model/types.js';
import { assignmentSites, describeSite, expressionSites } from '../rule-support/expression-sites.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'unknown-context',
    description: '`if`, `set` and `carry` name only context fields declared under `context:`.',
    severity: 'error',
    docs: docsUrl('unknown-context'),
    type: 'problem',
    fixable: true,
    hasSuggestions: true,
    messages: {
      read: '{{where}} reads `{{field}}`, which is not a declared context field{{suggestion}}.',
      set: '{{where}} sets `{{field}}`, which is not a declared context field{{suggestion}}.',
      carry: 'State `{{state}}` carries `{{field}}` to the person, but it is not a declared context field{{suggestion}}.',
      calleeField: '{{where}} {{does}} `{{field}}`, which is not a context field of `{{journey}}`, the journey it calls{{suggestion}}.',
    },
    hints: {
      read: 'Declare it under `context:` with a type, e.g. `{{field}}: { type: string }`, or fix the name. Event data is read as `event.{{field}}`.',
      set: 'Declare it under `context:` with a type, e.g. `{{field}}: { type: string }`, or fix the name.',
      carry: 'Declare it under `context:`, or remove it from `carry`.',
      calleeField: '`input` sets fields of the called journey and `output` reads them. Use a field `{{journey}}` declares ({{fields}}), or declare it there.',
    },
  },
  create(context) {
    const { journey } = context;
    const names = [...journey.fields.keys()];
    const suggestion = (field: string, among: readonly string[] = names): string => {
      const near = closest(field, among);
      return near ? ` (did you mean \`${near}\`?)` : '';
    };
    for (const site of expressionSites(journey)) {
      if (site.role.kind === 'set' && !journey.fields.has(site.role.field)) {
        const assignment = site.transition.branches[site.choice]?.set.find((a) => a.field.value === (site.role as { field: string }).field);
        context.report({
          messageId: 'set',
          data: { where: describeSite(site), field: site.role.field, suggestion: suggestion(site.role.field) },
          span: assignment?.field.span ?? site.expression.span,
        });
      }
      const expr = site.expression.parsed.expr;
      if (!expr) continue;
      for (const field of fieldsRead(expr)) {
        if (journey.fields.has(field)) continue;
        context.report({ messageId: 'read', data: { where: describeSite(site), field, suggestion: suggestion(field) }, span: site.expression.span });
      }
    }
    // Ladder rungs set like transitions; a call's `input` sets the callee's fields from this
    // journey's, its `output` this journey's fields from the callee's.
    for (const site of assignmentSites(journey)) {
      const callee: Journey | undefined = site.call ? calleeOf(journey, site.call.call.value) : undefined;
      // An unknown callee is unknown-target's: its fields cannot be judged (this journey's still are).
      const calleeNames = callee ? [...callee.fields.keys()] : [];
      const calleeData = (field: string, does: string): Record<string, string> => ({
        where: site.where,
        does,
        field,
        journey: site.call?.call.value ?? '',
        suggestion: suggestion(field, calleeNames),
        fields: calleeNames.length ? listNames(calleeNames, 12) : 'none',
      });
      const field = site.assignment.field;
      if (site.writes === 'own' && !journey.fields.has(field.value)) {
        context.report({ messageId: 'set', data: { where: site.where, field: field.value, suggestion: suggestion(field.value) }, span: field.span });
      } else if (site.writes === 'callee' && callee && !callee.fields.has(field.value)) {
        context.report({ messageId: 'calleeField', data: calleeData(field.value, 'sets'), span: field.span });
      }
      const expr = site.assignment.value.parsed.expr;
      if (!expr) continue;
      for (const read of fieldsRead(expr)) {
        if (site.reads === 'own') {
          if (!journey.fields.has(read)) context.report({ messageId: 'read', data: { where: site.where, field: read, suggestion: suggestion(read) }, span: site.assignment.value.span });
        } else if (callee && !callee.fields.has(read)) {
          context.report({ messageId: 'calleeField', data: calleeData(read, 'reads'), span: site.assignment.value.span });
        }
      }
    }
    // A sub-journey's human states carry its own fields (it is checked on its own, with its own `context:`).
    for (const state of journey.states.values()) {
      if (state.type !== 'human') continue;
      for (const item of state.carry) {
        if (journey.fields.has(item.value)) continue;
        // A field name in `carry` is one scalar: one close field is fixed, several are offered.
        const edits = closeCandidates(item.value, names).flatMap((n) => {
          const fix = replaceScalar(context.text, item.span, item.value, n);
          return fix ? [{ desc: `Carry \`${n}\` instead`, fix }] : [];
        });
        context.report({
          messageId: 'carry',
          data: { state: state.id, field: item.value, suggestion: suggestion(item.value) },
          span: item.span,
          ...(edits.length === 1 ? { fix: (edits[0] as { fix: TextEdit }).fix } : edits.length > 1 ? { suggestions: edits } : {}),
        });
      }
    }
  },
};

export default rule;
