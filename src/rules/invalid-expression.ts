import { checkTypes } from '../expr/check.js';
import { eventFieldsRead, type ExprType } from '../expr/ast.js';
import { describeSite, expressionSites } from '../rule-support/expression-sites.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'invalid-expression',
    description: 'Expressions in `if` and `set` parse, use only the operators of the format, and are well typed; defaults match their field type.',
    severity: 'error',
    docs: docsUrl('invalid-expression'),
    messages: {
      syntax: '{{where}}: cannot read `{{source}}`: {{problem}}.',
      type: '{{where}}: {{problem}} in `{{source}}`.',
      guardType: '{{where}}: a condition must be true or false, but `{{source}}` is a {{type}}.',
      setType: '{{where}}: `{{field}}` is a {{fieldType}} field, but `{{source}}` is a {{type}}.',
      defaultType: 'Context field `{{field}}` is a {{fieldType}} field, but its default `{{value}}` is a {{type}}.',
      noEventData: '{{where}}: reads `event.{{field}}`, but {{trigger}} carry no event data, so it never has a value here.',
    },
    hints: {
      syntax: 'Expressions use context fields, numbers, quoted strings, true/false, `== != < <= > >= && || ! + - * /` and parentheses; event data is `event.<field>`.',
      type: 'Compare values of the same type; `+` adds numbers or joins strings.',
      guardType: 'Compare it with something, e.g. `{{source}} > 0` or `{{source}} == \'yes\'`.',
      setType: 'Quote string literals inside the YAML string (`"\'premium\'"`); numbers and booleans can be written as plain YAML values.',
      defaultType: 'Change the default or the field\'s `type`.',
      noEventData: 'Read the event data on the transition that receives the event, and `set` it into a context field that later choices can read.',
    },
  },
  create(context) {
    const { journey } = context;
    const fieldType = (name: string): ExprType | undefined => journey.fields.get(name)?.type.value;
    for (const site of expressionSites(journey)) {
      const { expression } = site;
      const where = describeSite(site);
      const parsed = expression.parsed;
      if (!parsed.expr) {
        const offset = parsed.error.offset;
        const problem = offset !== undefined && offset < expression.source.length ? `${parsed.error.message} (at character ${offset + 1})` : parsed.error.message;
        context.report({ messageId: 'syntax', data: { where, source: expression.source, problem }, span: expression.span });
        continue;
      }
      const trigger = site.transition.trigger.kind;
      if (trigger === 'always' || trigger === 'after') {
        for (const field of eventFieldsRead(parsed.expr)) {
          context.report({
            messageId: 'noEventData',
            data: { where, field, trigger: trigger === 'always' ? '`always` choices' : 'timeouts' },
            span: expression.span,
          });
        }
      }
      const checked = checkTypes(parsed.expr, fieldType);
      for (const problem of checked.problems) {
        context.report({ messageId: 'type', data: { where, source: expression.source, problem: problem.message }, span: expression.span });
      }
      if (checked.problems.length > 0 || checked.type === 'unknown') continue;
      if (site.role.kind === 'guard' && checked.type !== 'boolean') {
        context.report({ messageId: 'guardType', data: { where, source: expression.source, type: checked.type }, span: expression.span });
      } else if (site.role.kind === 'set') {
        const declared = fieldType(site.role.field);
        if (declared && declared !== checked.type) {
          context.report({
            messageId: 'setType',
            data: { where, field: site.role.field, fieldType: declared, source: expression.source, type: checked.type },
            span: expression.span,
          });
        }
      }
    }
    for (const field of journey.fields.values()) {
      const value = field.default;
      if (value === undefined || typeof value.value === field.type.value) continue;
      context.report({
        messageId: 'defaultType',
        data: { field: field.name, fieldType: field.type.value, value: String(value.value), type: typeof value.value },
        span: value.span,
      });
    }
  },
};

export default rule;
