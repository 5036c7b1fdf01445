import type { MalformedLine } from '../sim/log-read.js';
import type { Deviation, DeviationPattern, FigureGap, ReplayResult } from '../sim/replay.js';
import type { Distribution, MeanInterval, Share } from '../sim/stats.js';
import { escapeMarkdownCell } from './escape.js';
import { count, dist, percent, plural, table } from './simulation.js';
import { PLAIN, type Paint } from './paint.js';

/** Everything `journey replay` reports: the replay, what reading found, and the simulation beside it. */
export interface ReplayReport {
  readonly replay: ReplayResult;
  readonly read: { readonly files: readonly string[]; readonly lines: number; readonly records: number; readonly malformed: { readonly count: number; readonly listed: readonly MalformedLine[] } };
  readonly simulation?: { readonly runs: number; readonly seed: number; readonly personas: string; readonly figures: readonly FigureGap[] };
}

/** Most deviation patterns and malformed lines shown in text and Markdown (JSON has every pattern). */
const SHOWN = 10;

/** `41.2% – 47.9%`: a share's 95% interval. */
export const interval = (s: Share): string => `${percent(s.low, 1)} – ${percent(s.high, 1)}`;
/** `3.2 (3.0 – 3.4)`: a mean with its 95% interval. */
export const mean = (m: MeanInterval, digits = 1): string => `${m.mean.toFixed(digits)} (${m.low.toFixed(digits)} – ${m.high.toFixed(digits)})`;
const where = (d: { file: string; line: number }): string => `${d.file}:${d.line}`;
/** A figure of a FigureGap as text: a percentage for a share, turns otherwise. */
export const gapValue = (g: FigureGap, v: number): string => (g.unit === 'share' ? percent(v, 1) : v.toFixed(1));
/** The gap of a FigureGap with its sign: points for a share, turns otherwise. */
export const gapText = (g: FigureGap): string => (g.unit === 'share' ? `${g.gap >= 0 ? '+' : ''}${(g.gap * 100).toFixed(1)} pt` : `${g.gap >= 0 ? '+' : ''}${g.gap.toFixed(1)}`);
/** ` (low – high)` of a figure, or nothing when it is exact. */
export const shownInterval = (g: FigureGap, m: MeanInterval): string => (m.low === m.high ? '' : ` (${gapValue(g, m.low)} – ${gapValue(g, m.high)})`);

/** The share rows every format shows. */
export function endRows(r: ReplayResult): [string, Share][] {
  return [
    ['contained', r.containment],
    ['escalated', r.escalation],
    ...(r.callback.share > 0 ? ([['called back', r.callback]] as [string, Share][]) : []),
    ['abandoned', r.abandonment],
    ['other', r.other],
  ];
}

function deviationLine(d: Deviation | DeviationPattern): string {
  return `${d.kind}: in ${d.state}, on ${d.event}: ${d.detail}`;
}

/** The replay report for a terminal. */
export function formatReplay(report: ReplayReport, paint: Paint = PLAIN): string {
  const r = report.replay;
  const out: string[] = [];
  out.push(paint.bold(`${r.journey}: ${plural(r.conversations, 'conversation')} replayed (${plural(r.steps, 'step')} from ${plural(report.read.files.length, 'file')})`));
  if (r.otherJourneys > 0) out.push(`${plural(r.otherJourneys, 'line')} of other journeys skipped`);
  const old = r.versions.filter((v) => !v.current && v.version !== '(none)');
  if (old.length > 0) out.push(paint.yellow(`logged by other versions of the machine (this one is ${r.version}): ${old.map((v) => `${v.version} (${plural(v.conversations, 'conversation')})`).join(', ')}`));
  out.push('');
  const c = r.conformance;
  const conformLine = `conformance: ${percent(c.share.share, 1)} (${interval(c.share)}) — ${count(c.conforming)} of ${count(r.conversations)} conversations are what the journey does`;
  out.push(c.conforming === r.conversations ? paint.green(conformLine) : paint.yellow(conformLine));
  if (c.patterns.length > 0) {
    out.push(`deviations: ${count(c.byKind['unknown-event'])} unknown event, ${count(c.byKind['guard-false'])} guard false, ${count(c.byKind['state-mismatch'])} state mismatch; top patterns:`);
    for (const p of c.patterns.slice(0, SHOWN)) out.push(`  ${count(p.conversations).padStart(7)}  ${deviationLine(p)}  (e.g. ${p.example.conversation} at ${where(p.example)})`);
    if (c.patterns.length > SHOWN) out.push(`  ... and ${plural(c.patterns.length - SHOWN, 'more pattern')} (--format json lists them all)`);
  }
  out.push('');
  out.push(table([['end', 'share', '95% interval'], ...endRows(r).map(([name, s]) => [name, percent(s.share, 1), interval(s)])], [false, true, true]));
  out.push('');
  out.push(`turns, every customer ${dist(r.turns)}   mean 95%: ${mean(r.turnsMean)}`);
  out.push(`turns to resolution   ${dist(r.turnsToResolution)}`);
  out.push(`turns until a person  ${dist(r.turnsToPerson)}   (priority ${r.priority})`);
  out.push(`seconds to a person   ${seconds(r.secondsToPerson)}`);
  const asked = r.asked;
  const notGot = `${plural(asked.customers, 'customer')} asked for a person; ${count(asked.customers - asked.reachedPerson)} did not get one: ${percent(asked.notReached.share, 1)} (${interval(asked.notReached)})`;
  out.push(asked.customers - asked.reachedPerson > 0 ? paint.yellow(notGot) : notGot);
  if (r.frictionStates.length > 0) {
    out.push('');
    out.push(table([['friction state', 'escalated', 'abandoned', 'repeats', 'no_match'], ...r.frictionStates.slice(0, SHOWN).map((f) => [f.state, count(f.escalations), count(f.abandonments), count(f.repeats), count(f.noMatch)])], [false, true, true, true, true]));
  }
  if (r.entryPaths.length > 0) {
    out.push('');
    out.push(table([['entry path', 'conversations', 'contained', 'escalated', 'abandoned', 'other'], ...r.entryPaths.slice(0, SHOWN).map((e) => [e.path, count(e.conversations), ...(['contained', 'escalated', 'abandoned', 'other'] as const).map((k) => percent(e.conversations ? e.ends[k] / e.conversations : 0, 1))])], [false, true, true, true, true, true]));
  }
  if (report.simulation) {
    const s = report.simulation;
    out.push('');
    out.push(paint.bold(`versus simulation (${plural(s.runs, 'simulated customer')}, seed ${s.seed}, personas ${s.personas})`));
    out.push(table([['figure', 'real', 'simulated', 'gap', ''], ...s.figures.map((g) => [g.figure, `${gapValue(g, g.real.mean)}${shownInterval(g, g.real)}`, `${gapValue(g, g.simulated.mean)}${shownInterval(g, g.simulated)}`, gapText(g), g.agrees ? '' : 'outside the interval'])], [false, true, true, true, false]));
  }
  out.push(...malformedText(report));
  return `${out.join('\n')}\n`;
}

function malformedText(report: ReplayReport): string[] {
  const m = report.read.malformed;
  if (m.count === 0) return [];
  const out = ['', `${plural(m.count, 'malformed line')} skipped:`];
  for (const line of m.listed.slice(0, SHOWN)) out.push(`  ${where(line)}: ${line.reason}`);
  if (m.count > Math.min(SHOWN, m.listed.length)) out.push(`  ... and ${count(m.count - Math.min(SHOWN, m.listed.length))} more`);
  return out;
}

function seconds(d: Distribution): string {
  return d.count === 0 ? '(none)' : `mean ${d.mean.toFixed(0)}   p50 ${d.p50}   p90 ${d.p90}   p99 ${d.p99}`;
}

/** The replay report as JSON (field names are stable: docs/logs.md). */
export function replayJson(report: ReplayReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The replay report as Markdown, for a pull request or a step summary; `title` is its heading (`journey report` puts it under a journey's). */
export function formatReplayMarkdown(report: ReplayReport, title = `## Replay of \`${escapeMarkdownCell(report.replay.journey)}\``): string {
  const r = report.replay;
  const cell = escapeMarkdownCell;
  const out: string[] = [];
  out.push(title);
  out.push('');
  out.push(`${plural(r.conversations, 'conversation')}, ${plural(r.steps, 'step')}. **Conformance ${percent(r.conformance.share.share, 1)}** (${interval(r.conformance.share)}).`);
  if (r.conformance.patterns.length > 0) {
    out.push('');
    out.push('| conversations | kind | state | event | detail | example |');
    out.push('| ---: | --- | --- | --- | --- | --- |');
    for (const p of r.conformance.patterns.slice(0, SHOWN)) out.push(`| ${count(p.conversations)} | ${p.kind} | ${cell(p.state)} | ${cell(p.event)} | ${cell(p.detail)} | ${cell(p.example.conversation)} at ${cell(where(p.example))} |`);
  }
  out.push('');
  out.push('| end | share | 95% interval |');
  out.push('| --- | ---: | ---: |');
  for (const [name, s] of endRows(r)) out.push(`| ${name} | ${percent(s.share, 1)} | ${interval(s)} |`);
  out.push('');
  out.push(`Asked for a person and did not get one: **${count(r.asked.customers - r.asked.reachedPerson)} of ${count(r.asked.customers)}** (${percent(r.asked.notReached.share, 1)}, ${interval(r.asked.notReached)}). Turns (mean): ${mean(r.turnsMean)}; turns from asking to a person (mean): ${mean(r.turnsToPersonMean)}; seconds to a person: ${seconds(r.secondsToPerson)} (priority ${r.priority}).`);
  if (r.frictionStates.length > 0) {
    out.push('');
    out.push('| friction state | escalated | abandoned | repeats | no_match |');
    out.push('| --- | ---: | ---: | ---: | ---: |');
    for (const f of r.frictionStates.slice(0, SHOWN)) out.push(`| ${cell(f.state)} | ${count(f.escalations)} | ${count(f.abandonments)} | ${count(f.repeats)} | ${count(f.noMatch)} |`);
  }
  if (report.simulation) {
    out.push('');
    out.push('| figure | real | simulated | gap |');
    out.push('| --- | ---: | ---: | ---: |');
    for (const g of report.simulation.figures) out.push(`| ${g.figure} | ${gapValue(g, g.real.mean)}${shownInterval(g, g.real)} | ${gapValue(g, g.simulated.mean)}${shownInterval(g, g.simulated)} | ${gapText(g)}${g.agrees ? '' : ' ⚠'} |`);
  }
  if (report.read.malformed.count > 0) {
    out.push('');
    out.push(`${plural(report.read.malformed.count, 'malformed line')} skipped${report.read.malformed.listed.length > 0 ? `, first at ${cell(where(report.read.malformed.listed[0] as MalformedLine))}: ${cell((report.read.malformed.listed[0] as MalformedLine).reason)}` : ''}.`);
  }
  return `${out.join('\n')}\n`;
}
