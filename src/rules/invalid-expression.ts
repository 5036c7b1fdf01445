import { checkTypes, nullOrigin, type DeclaredField, type TypeProblem } from '../expr/check.js';
import { eventFieldsRead, printExpr } from '../expr/ast.js';
import { calleeOf, type Journey } from '../model/types.js';
import { assignmentSites, describeSite, expressionSites } from '../rule-support/expression-sites.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/**
 * Fields that may hold null at run time: those without a default, and those a `set`
 * gives a value that may be null (`null`, event data, an undeclared field, or a
 * field that may itself be null, followed through chains of copies).
 */
function nullableFields(journey: Journey): Set<string> {
  const out = new Set<string>();
  // A field the host fills (`input: true`) may arrive as null even when it has a default.
  for (const field of journey.fields.values()) if (field.default === undefined || field.input) out.add(field.name);
  // `a: b` copies b's nullability into a: kept as edges b -> a and closed over below.
  const copiesOf = new Map<string, string[]>();
  for (const site of expressionSites(journey)) {
    const expr = site.expression.parsed.expr;
    if (site.role.kind !== 'set' || !expr) continue;
    const origin = nullOrigin(expr);
    if (origin === true || (typeof origin === 'string' && !journey.fields.has(origin))) out.add(site.role.field);
    else if (typeof origin === 'string') {
      const targets = copiesOf.get(origin);
      if (targets) targets.push(site.role.field);
      else copiesOf.set(origin, [site.role.field]);
    }
  }
  // Ladder rungs and call outputs set this journey's fields too; a value copied from the called journey may be null there.
  for (const site of assignmentSites(journey)) {
    const expr = site.assignment.value.parsed.expr;
    if (site.writes !== 'own' || !expr) continue;
    const origin = nullOrigin(expr);
    const target = site.assignment.field.value;
    if (origin === true || (typeof origin === 'string' && (site.reads === 'callee' || !journey.fields.has(origin)))) out.add(target);
    else if (typeof origin === 'string') {
      const targets = copiesOf.get(origin);
      if (targets) targets.push(target);
      else copiesOf.set(origin, [target]);
    }
  }
  const pending = [...out];
  while (pending.length > 0) {
    for (const target of copiesOf.get(pending.pop() as string) ?? []) {
      if (!out.has(target)) {
        out.add(target);
        pending.push(target);
      }
    }
  }
  return out;
}

/** What a null test's operand is, for the message: a field with a default that nothing unsets, or some value that is never null. */
function neverNullSubject(problem: TypeProblem, journey: Journey): string {
  const operand = problem.nullTest?.operand;
  if (operand?.kind === 'field' && journey.fields.has(operand.name)) return `\`${operand.name}\` has a default and is never set to null`;
  return `\`${operand ? printExpr(operand) : ''}\` is never null`;
}

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
      neverNull: '{{where}}: {{subject}}, so `{{test}}` is always {{result}}.',
    },
    hints: {
      syntax:
        'Expressions use context fields, numbers, quoted strings, true/false, null, `== != < <= > >= && || ! + - * /`, parentheses and the functions `len(s)` `lower(s)` `upper(s)` `contains(s, part)` `min(a, b, ...)` `max(a, b, ...)` `round(n)`; event data is `event.<field>`.',
      type: 'Compare values of the same type (anything may be compared with `null`); `+` adds numbers or joins strings; each function takes the types its signature names (docs/format.md).',
      guardType: 'Compare it with something, e.g. `{{source}} > 0` or `{{source}} == \'yes\'`.',
      setType: 'Quote string literals inside the YAML string (`"\'premium\'"`); numbers and booleans can be written as plain YAML values.',
      defaultType: 'Change the default or the field\'s `type`.',
      noEventData: 'Read the event data on the transition that receives the event, and `set` it into a context field that later choices can read.',
      neverNull:
        'Only event data, a field without a `default` and a field that some `set` makes null can be null: remove the test, or remove the `default` if the value can really be unknown.',
    },
  },
  create(context) {
    const { journey } = context;
    const nullable = nullableFields(journey);
    const fieldType = (name: string): DeclaredField | undefined => {
      const field = journey.fields.get(name);
      return field ? { type: field.type.value, nullable: nullable.has(name) } : undefined;
    };
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
        if (problem.nullTest) {
          const { test, result } = problem.nullTest;
          context.report({ messageId: 'neverNull', data: { where, subject: neverNullSubject(problem, journey), test: printExpr(test), result: String(result) }, span: expression.span });
        } else {
          context.report({ messageId: 'type', data: { where, source: expression.source, problem: problem.message }, span: expression.span });
        }
      }
      if (checked.problems.length > 0 || checked.type === 'unknown') continue;
      if (site.role.kind === 'guard' && checked.type !== 'boolean') {
        context.report({ messageId: 'guardType', data: { where, source: expression.source, type: checked.type === 'null' ? 'null value' : checked.type }, span: expression.span });
      } else if (site.role.kind === 'set') {
        const declared = fieldType(site.role.field)?.type;
        // `null` unsets a field of any type.
        if (declared && declared !== checked.type && checked.type !== 'null') {
          context.report({
            messageId: 'setType',
            data: { where, field: site.role.field, fieldType: declared, source: expression.source, type: checked.type },
            span: expression.span,
          });
        }
      }
    }
    // Ladder rungs and a call's `input`/`output` (format 1.1): each read in its journey's fields, assigning the other's.
    const typesOf = new Map<Journey, (name: string) => DeclaredField | undefined>([[journey, fieldType]]);
    const typesIn = (j: Journey): ((name: string) => DeclaredField | undefined) => {
      let types = typesOf.get(j);
      if (!types) {
        const mayBeNull = nullableFields(j);
        types = (name) => {
          const field = j.fields.get(name);
          return field ? { type: field.type.value, nullable: mayBeNull.has(name) } : undefined;
        };
        typesOf.set(j, types);
      }
      return types;
    };
    for (const site of assignmentSites(journey)) {
      const { value: expression, field } = site.assignment;
      const parsed = expression.parsed;
      if (!parsed.expr) {
        const offset = parsed.error.offset;
        const problem = offset !== undefined && offset < expression.source.length ? `${parsed.error.message} (at character ${offset + 1})` : parsed.error.message;
        context.report({ messageId: 'syntax', data: { where: site.where, source: expression.source, problem }, span: expression.span });
        continue;
      }
      const callee = site.call ? calleeOf(journey, site.call.call.value) : undefined;
      // An unknown callee is unknown-target's finding; without its fields nothing more can be judged.
      if (site.call && !callee) continue;
      const reads = site.reads === 'callee' && callee ? typesIn(callee) : fieldType;
      const writes = site.writes === 'callee' && callee ? typesIn(callee) : fieldType;
      const checked = checkTypes(parsed.expr, reads);
      for (const problem of checked.problems) {
        if (problem.nullTest) {
          const { test, result } = problem.nullTest;
          const subject = neverNullSubject(problem, site.reads === 'callee' && callee ? callee : journey);
          context.report({ messageId: 'neverNull', data: { where: site.where, subject, test: printExpr(test), result: String(result) }, span: expression.span });
        } else {
          context.report({ messageId: 'type', data: { where: site.where, source: expression.source, problem: problem.message }, span: expression.span });
        }
      }
      if (checked.problems.length > 0 || checked.type === 'unknown' || checked.type === 'null') continue;
      const declared = writes(field.value)?.type;
      if (declared && declared !== checked.type) {
        context.report({ messageId: 'setType', data: { where: site.where, field: field.value, fieldType: declared, source: expression.source, type: checked.type }, span: expression.span });
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
