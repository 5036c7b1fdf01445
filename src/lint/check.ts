import { SCHEMA, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { validateJourneySchema } from '../load/schema.js';
import { parseYaml } from '../load/yaml.js';
import { buildJourney } from '../model/build.js';
import type { Journey } from '../model/types.js';
import { Analysis } from '../rules/analysis.js';
import type { JourneyRule, Report, Rule, RuleMeta } from '../rules/types.js';
import { fillTemplate } from '../rules/types.js';
import type { RuleSetting } from './settings.js';

/** A loaded rule with its effective severity and options. */
export interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, unknown>>;
}

/** What checking one source produces: findings, and the model when the file passed the schema. */
export interface SourceCheck {
  readonly diagnostics: Diagnostic[];
  readonly journey?: Journey;
}

/** Pairs loaded rules with their settings, dropping rules that are off. */
export function activate(rules: readonly Rule[], settings: ReadonlyMap<string, RuleSetting>): ActiveRule[] {
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = settings.get(rule.meta.id);
    if (!setting || setting.severity === 'off') continue;
    out.push({ rule, severity: setting.severity, options: { ...(rule.meta.defaultOptions ?? {}), ...setting.options } });
  }
  return out;
}

/**
 * Runs every stage on one file's text: YAML, schema, model, then the journey rules.
 * Later stages run only when earlier ones succeed. Never throws on user input.
 */
export function checkSource(file: string, text: string, rules: readonly ActiveRule[], limits: LoadLimits = DEFAULT_LIMITS): SourceCheck {
  const parsed = parseYaml(text, limits);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.failed) return { diagnostics };
  const data = parsed.data as Record<string, unknown>;
  const schemaFindings = validateJourneySchema(data, parsed.sourceMap);
  if (schemaFindings.length > 0) return { diagnostics: [...diagnostics, ...schemaFindings] };
  const built = buildJourney(data, parsed.sourceMap, file);
  diagnostics.push(...built.diagnostics);
  if (built.diagnostics.some((d) => d.ruleId === SCHEMA)) return { diagnostics };
  const analysis = new Analysis(built.journey);
  for (const active of rules) {
    if (active.rule.meta.scope === 'project') continue;
    const rule = active.rule as JourneyRule;
    rule.create({
      journey: built.journey,
      analysis,
      options: active.options,
      report: (report) => diagnostics.push(toDiagnostic(rule.meta, active.severity, report)),
    });
  }
  return { diagnostics, journey: built.journey };
}

/** Turns a rule's report into a diagnostic, filling its message and hint templates. */
export function toDiagnostic(meta: RuleMeta, severity: Severity, report: Report): Diagnostic {
  const template = meta.messages[report.messageId] ?? report.messageId;
  const hint = meta.hints?.[report.messageId];
  return {
    ruleId: meta.id,
    code: report.messageId,
    severity,
    message: fillTemplate(template, report.data),
    span: report.span,
    ...(hint ? { hint: fillTemplate(hint, report.data) } : {}),
    ...(report.path ? { path: report.path } : {}),
  };
}
