import type { LocatedDiagnostic } from '../diagnostics/located.js';
import { visible } from '../diagnostics/display.js';
import { escapeMarkdownCell } from '../format/escape.js';
import { formatReplayMarkdown, type ReplayReport } from '../format/replay.js';

/** What the report shows of one journey. */
export interface JourneyFigures {
  readonly id: string;
  readonly title: string;
  readonly priority: string;
  readonly file: string;
  readonly findings: readonly LocatedDiagnostic[];
  /** Mermaid source of the diagram. */
  readonly mermaid: string;
  readonly containment: number;
  readonly escalation: number;
  readonly abandonment: number;
  /** Worst-case customer turns to a person (exhaustive exploration), null when no configuration has a route. */
  readonly worstTurns: number | null;
  /** True when the exploration hit a bound (the worst case is then a lower bound). */
  readonly bounded: boolean;
  readonly scenarios: { readonly passed: number; readonly failed: number; readonly failures: readonly string[] };
  /** A sub-journey (`sub_journey: true`): only ever called, so its customers are simulated inside its callers, not here. */
  readonly subJourney?: boolean;
  /** With `--logs`: the replay of this journey's logged conversations, with the simulation's figures beside them. */
  readonly real?: ReplayReport;
}

/** Settings of the simulation the figures come from (shown in the report). */
export interface ReportSettings {
  readonly runs: number;
  readonly seed: number;
  readonly personas: string;
  /** With `--logs`: the log files the real conversations come from, as given. */
  readonly logs?: readonly string[];
}

/**
 * One Markdown document for a pull request or $GITHUB_STEP_SUMMARY: a summary table,
 * then per journey its lint summary, Mermaid diagram, simulation figures and scenario
 * results. With `base`, each figure shows its old value and the change.
 */
export function formatReport(current: readonly JourneyFigures[], settings: ReportSettings, base?: readonly JourneyFigures[]): string {
  const old = new Map((base ?? []).map((j) => [j.id, j]));
  const out: string[] = ['# Journey report', ''];
  out.push(
    `${current.length} journey${current.length === 1 ? '' : 's'}. Simulation: ${settings.runs.toLocaleString('en-US')} customers per journey, seed ${settings.seed}, personas: ${settings.personas}. Worst case from an exhaustive exploration.${base ? ' Changes are against the base version.' : ''}${settings.logs ? ` Real conversations from ${settings.logs.map((l) => `\`${escapeMarkdownCell(visible(l))}\``).join(', ')}.` : ''}`,
    '',
  );
  out.push('| journey | lint | contained | escalated | abandoned | worst case: turns to a person | scenarios |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const j of current) {
    const b = old.get(j.id);
    const figures = j.subJourney
      ? '— | — | — | — (called by others)'
      : `${shareCell(j.containment, b?.containment)} | ${shareCell(j.escalation, b?.escalation)} | ${shareCell(j.abandonment, b?.abandonment)} | ${turnsCell(j, b)}`;
    out.push(`| [${escapeMarkdownCell(j.id)}](#${anchor(j)}) | ${lintCell(j)} | ${figures} | ${scenarioCell(j)} |`);
  }
  if (base) {
    const removed = base.filter((b) => !current.some((j) => j.id === b.id));
    const added = current.filter((j) => !old.has(j.id));
    if (added.length) out.push('', `New journeys: ${added.map((j) => `\`${j.id}\``).join(', ')}.`);
    if (removed.length) out.push('', `Removed journeys: ${removed.map((j) => `\`${j.id}\``).join(', ')}.`);
  }
  for (const j of current) {
    const b = old.get(j.id);
    out.push('', `## ${escapeMarkdownCell(j.id)}: ${escapeMarkdownCell(j.title)}`, '');
    out.push(`\`${escapeMarkdownCell(visible(j.file))}\` · priority **${j.priority}**`, '');
    out.push('### Lint', '');
    if (j.findings.length === 0) out.push('✅ No problems.');
    else {
      out.push(`${lintCell(j)}`, '', '| severity | line | rule | message |', '| --- | --- | --- | --- |');
      for (const f of j.findings) out.push(`| ${f.severity} | ${f.line}:${f.column} | ${f.ruleId} | ${escapeMarkdownCell(visible(f.message))} |`);
    }
    out.push('', '### Diagram', '', '```mermaid', j.mermaid.trimEnd(), '```', '');
    out.push('### Simulated customers', '');
    if (j.subJourney) out.push('A sub-journey (`sub_journey: true`): customers meet it only inside the journeys that call it, so its figures are part of theirs.');
    else writeFigures(out, j, b);
    if (settings.logs) writeReal(out, j);
    out.push('', '### Scenarios', '');
    if (j.scenarios.passed + j.scenarios.failed === 0) out.push('No scenarios.');
    else {
      out.push(`${j.scenarios.failed === 0 ? '✅' : '❌'} ${j.scenarios.passed} passed, ${j.scenarios.failed} failed (each on the interpreter and on the compiled XState machine).`);
      for (const f of j.scenarios.failures) out.push(`- ${escapeMarkdownCell(f)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The simulated figures of a journey, with the base's beside them when comparing. */
function writeFigures(out: string[], j: JourneyFigures, b: JourneyFigures | undefined): void {
  out.push(b ? '| figure | base | now | change |' : '| figure | value |', b ? '| --- | --- | --- | --- |' : '| --- | --- |');
  const rows: [string, number, number | undefined][] = [
    ['contained (resolved without a person)', j.containment, b?.containment],
    ['escalated (a person took over)', j.escalation, b?.escalation],
    ['abandoned (gave up)', j.abandonment, b?.abandonment],
  ];
  for (const [name, now, then] of rows) out.push(b ? `| ${name} | ${pct(then as number)} | ${pct(now)} | ${delta(now, then as number)} |` : `| ${name} | ${pct(now)} |`);
  const worstNow = worstText(j);
  out.push(b ? `| worst case: turns to a person | ${worstText(b)} | ${worstNow} | ${turnsDelta(j, b)} |` : `| worst case: turns to a person | ${worstNow} |`);
}

/** The replay of the journey's logged conversations (`--logs`). */
function writeReal(out: string[], j: JourneyFigures): void {
  const missing = notReplayed(j);
  if (missing === undefined && j.real) out.push('', formatReplayMarkdown(j.real, '### Real conversations').trimEnd());
  else out.push('', '### Real conversations', '', missing ?? '');
}

/** Why a journey of a report with `--logs` shows no real figures, or undefined when it has some. */
export function notReplayed(j: JourneyFigures): string | undefined {
  if (j.subJourney) return 'A sub-journey: its conversations are logged and replayed inside the journeys that call it.';
  if (!j.real) return 'Not replayed: the file does not parse.';
  if (j.real.replay.conversations === 0) return 'No conversation of this journey in the logs.';
  return undefined;
}

function anchor(j: JourneyFigures): string {
  return `${j.id}-${j.title}`
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function lintCell(j: JourneyFigures): string {
  const errors = j.findings.filter((f) => f.severity === 'error').length;
  const warnings = j.findings.length - errors;
  if (errors + warnings === 0) return '✅ clean';
  return `${errors ? `❌ ${errors} error${errors === 1 ? '' : 's'}` : ''}${errors && warnings ? ', ' : ''}${warnings ? `⚠️ ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`;
}

function scenarioCell(j: JourneyFigures): string {
  const total = j.scenarios.passed + j.scenarios.failed;
  if (total === 0) return '—';
  return j.scenarios.failed ? `❌ ${j.scenarios.failed}/${total} failed` : `✅ ${total} passed`;
}

function shareCell(now: number, then: number | undefined): string {
  return then === undefined || Math.abs(now - then) < 0.0005 ? pct(now) : `${pct(then)} → **${pct(now)}**`;
}

function turnsCell(j: JourneyFigures, b: JourneyFigures | undefined): string {
  if (!b || b.worstTurns === j.worstTurns) return worstText(j);
  return `${worstText(b)} → **${worstText(j)}**`;
}

function worstText(j: JourneyFigures): string {
  if (j.worstTurns === null) return 'no route';
  return `${j.bounded ? '≥ ' : ''}${j.worstTurns}`;
}

function turnsDelta(j: JourneyFigures, b: JourneyFigures): string {
  if (j.worstTurns === null || b.worstTurns === null) return j.worstTurns === b.worstTurns ? '—' : 'changed';
  const d = j.worstTurns - b.worstTurns;
  return d === 0 ? '—' : `${d > 0 ? '+' : '−'}${Math.abs(d)}`;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function delta(now: number, then: number): string {
  const d = (now - then) * 100;
  if (Math.abs(d) < 0.05) return '—';
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} pts`;
}
