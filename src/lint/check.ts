import { SCHEMA, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { parseDocumentText } from '../load/document.js';
import { JOURNEY_DOCUMENT } from '../load/kinds.js';
import { buildJourney } from '../model/build.js';
import type { Journey } from '../model/types.js';
import { JourneyAnalyses } from '../rule-support/analyses.js';
import { linkJourney, type JourneyCatalogue } from '../model/link.js';
import type { JourneyRule, Report, Rule, RuleMeta } from '../rule-support/types.js';
import { fillTemplate } from '../rule-support/types.js';
import type { RuleSetting } from '../config/types.js';

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
export function checkSource(file: string, text: string, rules: readonly ActiveRule[], limits: LoadLimits = DEFAULT_LIMITS, catalogue?: JourneyCatalogue): SourceCheck {
  const loaded = parseDocumentText(file, text, JOURNEY_DOCUMENT, limits);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (!loaded.data || !loaded.sourceMap) return { diagnostics };
  const built = buildJourney(loaded.data as Record<string, unknown>, loaded.sourceMap, file);
  diagnostics.push(...built.diagnostics);
  if (built.diagnostics.some((d) => d.ruleId === SCHEMA)) return { diagnostics };
  // Calls to journeys of other files are resolved before the rules run: they judge across the call.
  const journey = catalogue ? linkJourney(built.journey, catalogue) : built.journey;
  const report = (meta: RuleMeta, severity: Severity) => (r: Report) => diagnostics.push(toDiagnostic(meta, severity, r));
  // The file's own sub-journeys are checked where they are written, too (their states are in this file).
  for (const target of [journey, ...journey.journeys.values()]) {
    const analysis = new JourneyAnalyses(target);
    for (const active of rules) {
      if (active.rule.meta.scope === 'project') continue;
      // Whether a customer reaches a person is judged for a sub-journey inside the journeys that call it.
      if (target.subJourney && active.rule.meta.judgedInCallers) continue;
      const rule = active.rule as JourneyRule;
      rule.create({ journey: target, analysis, options: active.options, text, report: report(rule.meta, active.severity) });
    }
  }
  return { diagnostics, journey };
}

/** Turns a rule's report into a diagnostic, filling its message and hint templates. */
export function toDiagnostic(meta: RuleMeta, severity: Severity, report: Report): Diagnostic {
  const template = meta.messages[report.messageId];
  // A rule reporting a message it does not define is a bug in the rule, never the user's input.
  if (template === undefined) throw new Error(`rule ${meta.id} reported message id ${report.messageId}, which its meta does not define`);
  const hint = meta.hints?.[report.messageId];
  return {
    ruleId: meta.id,
    code: report.messageId,
    severity,
    message: fillTemplate(template, report.data),
    span: report.span,
    ...(hint ? { hint: fillTemplate(hint, report.data) } : {}),
    ...(report.path ? { path: report.path } : {}),
    ...(report.fix ? { fix: report.fix } : {}),
    ...(report.suggestions && report.suggestions.length > 0 ? { suggestions: report.suggestions } : {}),
  };
}
