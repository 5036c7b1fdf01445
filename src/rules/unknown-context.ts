import { closest } from '../diagnostics/suggest.js';
import { fieldsRead } from '../expr/ast.js';
import { describeSite, expressionSites } from '../rule-support/expression-sites.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'unknown-context',
    description: '`if`, `set` and `carry` name only context fields declared under `context:`.',
    severity: 'error',
    docs: docsUrl('unknown-context'),
    messages: {
      read: '{{where}} reads `{{field}}`, which is not a declared context field{{suggestion}}.',
      set: '{{where}} sets `{{field}}`, which is not a declared context field{{suggestion}}.',
      carry: 'State `{{state}}` carries `{{field}}` to the person, but it is not a declared context field{{suggestion}}.',
    },
    hints: {
      read: 'Declare it under `context:` with a type, e.g. `{{field}}: { type: string }`, or fix the name. Event data is read as `event.{{field}}`.',
      set: 'Declare it under `context:` with a type, e.g. `{{field}}: { type: string }`, or fix the name.',
      carry: 'Declare it under `context:`, or remove it from `carry`.',
    },
  },
  create(context) {
    const { journey } = context;
    const names = [...journey.fields.keys()];
    const suggestion = (field: string): string => {
      const near = closest(field, names);
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
    for (const state of journey.states.values()) {
      if (state.type !== 'human') continue;
      for (const item of state.carry) {
        if (journey.fields.has(item.value)) continue;
        context.report({ messageId: 'carry', data: { state: state.id, field: item.value, suggestion: suggestion(item.value) }, span: item.span });
      }
    }
  },
};

export default rule;
