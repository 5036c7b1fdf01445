import type { CodeFrame } from '../diagnostics/code-frame.js';
import { visible } from '../diagnostics/display.js';
import { escapeXml } from '../format/escape.js';
import type { Coverage, CoverageFigure } from '../sim/coverage.js';
import type { MonteCarloResult } from '../sim/montecarlo.js';
import { notReplayed, type JourneyFigures, type ReportSettings } from './report.js';
import { endRows, gapText, gapValue, interval, mean, shownInterval, type ReplayReport } from '../format/replay.js';

/** What the HTML report shows of a journey beyond the Markdown report's figures. */
export interface JourneyDetail {
  /** The source excerpt of each finding, in the order of `findings`. */
  readonly excerpts: readonly (CodeFrame | undefined)[];
  /** The Monte Carlo run (absent for a sub-journey and a file that does not parse). */
  readonly simulation?: MonteCarloResult;
  /** The heat diagram as an inline `<svg>` element. */
  readonly svg?: string;
  /** With `--logs`: the heat diagram of the logged conversations, as an inline `<svg>` element. */
  readonly realSvg?: string;
  readonly scenarios: readonly { readonly name: string; readonly passed: boolean; readonly failures: readonly string[] }[];
  readonly coverage?: Coverage;
}

/** A journey of the HTML report: its figures and the detail only a page can show. */
export interface HtmlJourney extends JourneyFigures {
  readonly detail: JourneyDetail;
}

/**
 * One self-contained HTML page (styles inline, no script, no request leaves it: its
 * Content-Security-Policy forbids them), per journey: lint findings with their source
 * excerpts, the heat diagram, outcome shares with their 95% intervals and the turns to a
 * person as inline SVG charts, the friction table, scenario results and coverage. With
 * `base`, every changed figure shows its old value, its change and an arrow. Everything
 * read from the user's files is escaped; colour is never the only signal (every bar has
 * its figure in text, every change its sign and arrow).
 */
export function formatHtmlReport(current: readonly HtmlJourney[], settings: ReportSettings, base?: readonly JourneyFigures[]): string {
  const old = new Map((base ?? []).map((j) => [j.id, j]));
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<title>Journey report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<h1>Journey report</h1>',
    `<p>${current.length} journey${current.length === 1 ? '' : 's'}. Simulation: ${settings.runs.toLocaleString('en-US')} customers per journey, seed ${settings.seed}, personas: ${h(settings.personas)}. Worst case from an exhaustive exploration.${settings.logs ? ` Real conversations from ${settings.logs.map((l) => `<code>${h(l)}</code>`).join(', ')}.` : ''}${base ? ' Changes are against the base version: <span class="up">▲ up</span>, <span class="down">▼ down</span>.' : ''}</p>`,
  );
  out.push(summaryTable(current, old));
  if (base) {
    const added = current.filter((j) => !old.has(j.id));
    const removed = base.filter((b) => !current.some((j) => j.id === b.id));
    if (added.length) out.push(`<p>New journeys: ${added.map((j) => `<code>${h(j.id)}</code>`).join(', ')}.</p>`);
    if (removed.length) out.push(`<p>Removed journeys: ${removed.map((j) => `<code>${h(j.id)}</code>`).join(', ')}.</p>`);
  }
  current.forEach((j, i) => out.push(journeySection(j, i, old.get(j.id), settings.logs !== undefined)));
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

/** Escapes text from a user's file (or anything else) for HTML text and attribute values. */
function h(text: string): string {
  return escapeXml(visible(text));
}

function sectionId(index: number): string {
  return `journey-${index + 1}`;
}

function summaryTable(current: readonly HtmlJourney[], old: ReadonlyMap<string, JourneyFigures>): string {
  const rows = current.map((j, i) => {
    const b = old.get(j.id);
    const figures = j.subJourney
      ? '<td colspan="4">called by other journeys</td>'
      : `<td>${share(j.containment, b?.containment)}</td><td>${share(j.escalation, b?.escalation)}</td><td>${share(j.abandonment, b?.abandonment)}</td><td>${worst(j, b)}</td>`;
    return `<tr><th scope="row"><a href="#${sectionId(i)}">${h(j.id)}</a></th><td>${lintText(j)}</td>${figures}<td>${scenarioText(j)}</td></tr>`;
  });
  return table('Summary of every journey', ['journey', 'lint', 'contained', 'escalated', 'abandoned', 'worst case: turns to a person', 'scenarios'], rows);
}

function journeySection(j: HtmlJourney, index: number, b: JourneyFigures | undefined, logs: boolean): string {
  const out: string[] = [];
  const id = sectionId(index);
  out.push(`<section id="${id}" aria-labelledby="${id}-title">`);
  out.push(`<h2 id="${id}-title">${h(j.id)}: ${h(j.title)}</h2>`);
  out.push(`<p><code>${h(j.file)}</code> · priority <strong>${h(j.priority)}</strong></p>`);
  out.push('<h3>Lint</h3>', lintList(j));
  out.push('<h3>Diagram</h3>');
  if (j.detail.svg) {
    out.push(
      `<figure class="diagram" id="${id}-diagram">`,
      labelSvg(j.detail.svg, `State diagram of ${j.id}${j.detail.simulation ? ', coloured by simulated traffic and friction; every state and move is labelled with its customers' : ''}`),
      `<figcaption>${h(j.title)}: states and moves${j.detail.simulation ? `, heat from ${j.detail.simulation.runs.toLocaleString('en-US')} simulated customers (fill: customers who passed; border: customers who left the bot there; labels give the counts)` : ''}.</figcaption>`,
      '</figure>',
    );
  } else out.push('<p>No diagram: the file does not parse.</p>');
  out.push('<h3>Simulated customers</h3>');
  const sim = j.detail.simulation;
  if (j.subJourney) out.push('<p>A sub-journey (<code>sub_journey: true</code>): customers meet it only inside the journeys that call it, so its figures are part of theirs.</p>');
  else if (sim) {
    out.push(outcomeChart(sim, j, b));
    out.push(`<p>Worst case, from an exhaustive exploration: ${worst(j, b)} customer turns to a person.</p>`);
    out.push('<h4>Turns to a person</h4>', turnsChart(sim));
    out.push('<h4>Friction</h4>', frictionTable(sim));
  } else out.push('<p>Not simulated.</p>');
  if (logs) {
    const missing = notReplayed(j);
    out.push('<h3>Real conversations</h3>', missing === undefined && j.real ? realSection(j.real, j) : `<p>${h(missing ?? '')}</p>`);
    if (missing === undefined && j.real && j.detail.realSvg) {
      out.push(
        `<figure class="diagram" id="${id}-real-diagram">`,
        labelSvg(j.detail.realSvg, `State diagram of ${j.id}, coloured by the traffic and friction of ${j.real.replay.conversations} logged conversations; every state and move is labelled with its conversations`),
        `<figcaption>${h(j.title)}: heat from ${j.real.replay.conversations.toLocaleString('en-US')} logged conversations, each counted up to its first deviation (fill: conversations that passed; border: conversations that left the bot there; labels give the counts).</figcaption>`,
        '</figure>',
      );
    }
  }
  out.push('<h3>Scenarios</h3>', scenarioList(j));
  if (j.detail.coverage) out.push('<h4>Coverage</h4>', coverageList(j.detail.coverage));
  out.push('</section>');
  return out.join('\n');
}

/** The replay of a journey's logged conversations: conformance and its deviation patterns, the real figures with their intervals, and the gap to the simulation. */
function realSection(report: ReplayReport, j: JourneyFigures): string {
  const r = report.replay;
  const c = r.conformance;
  const n = (v: number): string => v.toLocaleString('en-US');
  const out: string[] = [];
  out.push(`<p>${n(r.conversations)} conversation${r.conversations === 1 ? '' : 's'}, ${n(r.steps)} step${r.steps === 1 ? '' : 's'}. <strong>Conformance ${pct(c.share.share)}</strong> (95%: ${interval(c.share)}): ${n(c.conforming)} of ${n(r.conversations)} conversations are what the journey does.</p>`);
  if (c.patterns.length > 0) {
    const rows = c.patterns.slice(0, 10).map((p) => `<tr><td>${n(p.conversations)}</td><td>${h(p.kind)}</td><td><code>${h(p.state)}</code></td><td><code>${h(p.event)}</code></td><td>${h(p.detail)}</td><td>${h(p.example.conversation)} at ${h(`${p.example.file}:${p.example.line}`)}</td></tr>`);
    out.push(table(`Deviations of ${j.id}: the first step each unexplained conversation takes`, ['conversations', 'kind', 'state', 'event', 'detail', 'example'], rows));
  }
  out.push(table(`Real outcomes of ${j.id}`, ['end', 'share', '95% interval'], endRows(r).map(([name, s]) => `<tr><th scope="row">${h(name)}</th><td>${pct(s.share)}</td><td>${interval(s)}</td></tr>`)));
  out.push(`<p>Asked for a person and did not get one: <strong>${n(r.asked.customers - r.asked.reachedPerson)} of ${n(r.asked.customers)}</strong> (${pct(r.asked.notReached.share)}, 95%: ${interval(r.asked.notReached)}). Turns (mean): ${mean(r.turnsMean)}; turns from asking to a person (mean): ${mean(r.turnsToPersonMean)}.</p>`);
  if (r.frictionStates.length > 0) {
    const rows = r.frictionStates.slice(0, 10).map((f) => `<tr><th scope="row"><code>${h(f.state)}</code></th><td>${n(f.escalations)}</td><td>${n(f.abandonments)}</td><td>${n(f.repeats)}</td><td>${n(f.noMatch)}</td></tr>`);
    out.push(table(`Real friction states of ${j.id}`, ['state', 'to a person from here', 'gave up here', 'repeats', 'no_match'], rows));
  }
  if (report.simulation) {
    const rows = report.simulation.figures.map((g) => `<tr><th scope="row">${h(g.figure)}</th><td>${gapValue(g, g.real.mean)}${shownInterval(g, g.real)}</td><td>${gapValue(g, g.simulated.mean)}${shownInterval(g, g.simulated)}</td><td>${gapText(g)}</td><td>${g.agrees ? 'within' : '⚠ outside'}</td></tr>`);
    out.push(table(`Real versus simulated figures of ${j.id}`, ['figure', 'real', 'simulated', 'gap', 'intervals overlap'], rows));
  }
  const m = report.read.malformed;
  if (m.count > 0) out.push(`<p class="note">${n(m.count)} malformed log line${m.count === 1 ? '' : 's'} skipped${m.listed[0] ? `, first at ${h(`${m.listed[0].file}:${m.listed[0].line}`)}: ${h(m.listed[0].reason)}` : ''}.</p>`);
  return out.join('\n');
}

/** Gives Graphviz's `<svg>` an accessible name and lets it scale to the page. */
function labelSvg(svg: string, label: string): string {
  return svg.replace(/<svg\b/, `<svg role="img" aria-label="${h(label)}"`);
}

function lintList(j: HtmlJourney): string {
  if (j.findings.length === 0) return '<p class="ok">✅ No problems.</p>';
  const items = j.findings.map((f, i) => {
    const frame = j.detail.excerpts[i];
    const excerpt = frame ? `<pre class="excerpt" aria-label="source line ${frame.lineNumber}"><span class="ln">${frame.lineNumber} |</span> ${h(frame.text)}\n<span class="ln">${' '.repeat(String(frame.lineNumber).length)} |</span> <span class="mark">${h(frame.underline)}</span></pre>` : '';
    return `<li class="${f.severity}"><strong>${f.severity === 'error' ? '❌ error' : '⚠️ warning'}</strong> <code>${h(f.ruleId)}</code> at ${f.line}:${f.column}: ${h(f.message)}${f.hint ? `<br><span class="hint">${h(f.hint)}</span>` : ''}${excerpt}</li>`;
  });
  return `<p>${lintText(j)}</p>\n<ul class="findings">${items.join('\n')}</ul>`;
}

const CHART_WIDTH = 640;
const LABEL_COLUMN = 150;
const BAR_SPACE = 330;

/** Outcome shares as horizontal bars with their 95% interval as a whisker; the base's share beside them when comparing. */
function outcomeChart(sim: MonteCarloResult, j: JourneyFigures, b: JourneyFigures | undefined): string {
  const rows: { name: string; share: number; low: number; high: number; then?: number }[] = [
    { name: 'contained', ...sim.intervals.containment, ...(b ? { then: b.containment } : {}) },
    { name: 'escalated', ...sim.intervals.escalation, ...(b ? { then: b.escalation } : {}) },
    ...(sim.callback > 0 ? [{ name: 'called back', ...sim.intervals.callback }] : []),
    { name: 'abandoned', ...sim.intervals.abandonment, ...(b ? { then: b.abandonment } : {}) },
    { name: 'other', ...sim.intervals.other },
  ];
  const rowHeight = b ? 34 : 24;
  const height = rows.length * rowHeight + 8;
  const x = (v: number): number => LABEL_COLUMN + v * BAR_SPACE;
  const parts = rows.map((r, i) => {
    const y = 4 + i * rowHeight;
    const text = `${pct(r.share)} (95%: ${pct(r.low)} – ${pct(r.high)})${r.then !== undefined ? ` ${changeText(r.share, r.then, 'tspan')}` : ''}`;
    return [
      `<text x="0" y="${y + 14}" class="label">${r.name}</text>`,
      `<rect x="${LABEL_COLUMN}" y="${y + 3}" width="${round(r.share * BAR_SPACE)}" height="14" class="bar ${ROW_CLASS[r.name] ?? ''}"/>`,
      `<line x1="${round(x(r.low))}" x2="${round(x(r.high))}" y1="${y + 10}" y2="${y + 10}" class="whisker"/>`,
      `<line x1="${round(x(r.low))}" x2="${round(x(r.low))}" y1="${y + 5}" y2="${y + 15}" class="whisker"/><line x1="${round(x(r.high))}" x2="${round(x(r.high))}" y1="${y + 5}" y2="${y + 15}" class="whisker"/>`,
      ...(r.then !== undefined ? [`<rect x="${LABEL_COLUMN}" y="${y + 20}" width="${round(r.then * BAR_SPACE)}" height="6" class="bar base"/>`] : []),
      `<text x="${LABEL_COLUMN + BAR_SPACE + 8}" y="${y + 14}" class="figure">${text}</text>`,
    ].join('');
  });
  const summary = rows.map((r) => `${r.name} ${pct(r.share)}${r.then !== undefined ? ` (base ${pct(r.then)})` : ''}`).join(', ');
  const legend = b ? '<p class="note">Thick bar: now, with its 95% interval; thin grey bar under it: the base version.</p>' : '<p class="note">Bars: share of simulated customers, with the 95% Wilson interval as a whisker.</p>';
  return `<h4>Outcomes</h4>\n<svg class="chart" viewBox="0 0 ${CHART_WIDTH + 200} ${height}" role="img" aria-label="${h(`Outcome shares of ${j.id}: ${summary}`)}">${parts.join('')}</svg>\n${legend}`;
}

const ROW_CLASS: Readonly<Record<string, string>> = { contained: 'good', escalated: 'person', 'called back': 'person', abandoned: 'bad', other: 'other' };

/** Customers who asked for a person and reached one, per number of turns it took, as columns with their counts. */
function turnsChart(sim: MonteCarloResult): string {
  const hist = sim.turnsToPersonHistogram;
  const asked = sim.asked;
  const lead = `<p>${asked.customers.toLocaleString('en-US')} customers asked for a person; ${asked.reachedPerson.toLocaleString('en-US')} reached one${asked.reachedPerson > 0 ? ` (turns from asking: mean ${sim.turnsToPerson.mean.toFixed(1)}, p50 ${sim.turnsToPerson.p50}, p90 ${sim.turnsToPerson.p90}, p99 ${sim.turnsToPerson.p99})` : ''}.${asked.noWayToAsk > 0 ? ` ${asked.noWayToAsk.toLocaleString('en-US')} asked where the journey offers no way to ask.` : ''}</p>`;
  if (hist.length === 0) return lead;
  // Long tails are gathered in one last column, so the chart stays readable.
  const shown = Math.min(hist.length, 16);
  const columns = hist.slice(0, shown).map((n, t) => ({ label: String(t), n }));
  if (hist.length > shown) columns[shown - 1] = { label: `${shown - 1}+`, n: hist.slice(shown - 1).reduce((a, b) => a + b, 0) };
  const max = Math.max(1, ...columns.map((c) => c.n));
  const width = 44;
  const top = 150;
  const bars = columns.map((c, i) => {
    const height = Math.round((c.n / max) * (top - 30));
    const x = i * width + 4;
    return `<rect x="${x}" y="${top - height}" width="${width - 8}" height="${height}" class="bar person"/><text x="${x + (width - 8) / 2}" y="${top - height - 4}" class="count" text-anchor="middle">${c.n.toLocaleString('en-US')}</text><text x="${x + (width - 8) / 2}" y="${top + 14}" text-anchor="middle" class="label">${c.label}</text>`;
  });
  const description = columns.map((c) => `${c.label} turns: ${c.n}`).join(', ');
  return `${lead}\n<svg class="chart" viewBox="0 0 ${columns.length * width + 8} ${top + 34}" role="img" aria-label="${h(`Customers who reached a person, by turns from asking: ${description}`)}">${bars.join('')}<text x="4" y="${top + 30}" class="label">turns from asking for a person to reaching one</text></svg>`;
}

function frictionTable(sim: MonteCarloResult): string {
  if (sim.frictionStates.length === 0) return '<p>No customer was escalated or gave up.</p>';
  const rows = sim.frictionStates.map((f) => {
    const entered = sim.traffic.states[f.state] ?? 0;
    const left = f.escalations + f.abandonments;
    return `<tr><th scope="row"><code>${h(f.state)}</code></th><td>${entered.toLocaleString('en-US')}</td><td>${f.escalations.toLocaleString('en-US')}</td><td>${f.abandonments.toLocaleString('en-US')}</td><td>${entered > 0 ? pct(left / entered) : '—'}</td></tr>`;
  });
  return `<p class="note">The last state with the bot before a person took over or the customer gave up (as in <code>journey simulate</code>).</p>\n${table('Friction states', ['state', 'customers who entered', 'to a person from here', 'gave up here', 'share who left the bot here'], rows)}`;
}

function scenarioList(j: HtmlJourney): string {
  const list = j.detail.scenarios;
  const extra = j.scenarios.failures.filter((f) => !list.some((s) => f.startsWith(`${s.name}: `)));
  if (list.length === 0 && extra.length === 0) return '<p>No scenarios.</p>';
  const rows = list.map((s) => `<tr><th scope="row">${h(s.name)}</th><td class="${s.passed ? 'ok' : 'bad'}">${s.passed ? '✅ passed' : '❌ failed'}</td><td>${s.failures.map(h).join('<br>')}</td></tr>`);
  for (const f of extra) rows.push(`<tr><th scope="row">scenario file</th><td class="bad">❌ failed</td><td>${h(f)}</td></tr>`);
  return `<p>${scenarioText(j)} (each on the interpreter and on the compiled XState machine).</p>\n${table('Scenario results', ['scenario', 'result', 'why it failed'], rows)}`;
}

function coverageList(c: Coverage): string {
  const item = (name: string, f: CoverageFigure): string => {
    const missed = f.missed.length > 0 ? `<details><summary>${f.missed.length} not exercised</summary><ul>${f.missed.map((m) => `<li><code>${h(m)}</code></li>`).join('')}</ul></details>` : '';
    return `<li>${name}: ${f.covered} of ${f.total} (${f.total === 0 ? '100' : ((f.covered / f.total) * 100).toFixed(0)}%)${missed}</li>`;
  };
  return `<ul class="coverage">${item('states', c.states)}${item('transitions', c.transitions)}${item('off-ramps', c.offramps)}</ul>`;
}

function table(caption: string, head: readonly string[], rows: readonly string[]): string {
  return `<div class="scroll"><table><caption>${h(caption)}</caption><thead><tr>${head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

function lintText(j: JourneyFigures): string {
  const errors = j.findings.filter((f) => f.severity === 'error').length;
  const warnings = j.findings.length - errors;
  if (errors + warnings === 0) return '✅ clean';
  const parts = [...(errors ? [`❌ ${errors} error${errors === 1 ? '' : 's'}`] : []), ...(warnings ? [`⚠️ ${warnings} warning${warnings === 1 ? '' : 's'}`] : [])];
  return parts.join(', ');
}

function scenarioText(j: JourneyFigures): string {
  const total = j.scenarios.passed + j.scenarios.failed;
  if (total === 0) return '—';
  return j.scenarios.failed ? `❌ ${j.scenarios.failed} of ${total} failed` : `✅ ${total} passed`;
}

/** A share, and with a base its old value, the change and an arrow (highlighted, and readable without colour). */
function share(now: number, then: number | undefined): string {
  if (then === undefined || Math.abs(now - then) < 0.0005) return pct(now);
  return `<span class="was">${pct(then)}</span> → <mark>${pct(now)}</mark> ${changeText(now, then)}`;
}

/** `▲ +1.2 pts` in a `span` (HTML) or a `tspan` (inside an SVG `text`). */
function changeText(now: number, then: number, tag: 'span' | 'tspan' = 'span'): string {
  const d = (now - then) * 100;
  if (Math.abs(d) < 0.05) return '(no change)';
  return d > 0 ? `<${tag} class="up">▲ +${d.toFixed(1)} pts</${tag}>` : `<${tag} class="down">▼ −${Math.abs(d).toFixed(1)} pts</${tag}>`;
}

function worst(j: JourneyFigures, b: JourneyFigures | undefined): string {
  const text = (f: JourneyFigures): string => (f.worstTurns === null ? 'no route' : `${f.bounded ? '≥ ' : ''}${f.worstTurns}`);
  if (!b || b.worstTurns === j.worstTurns) return text(j);
  return `<span class="was">${text(b)}</span> → <mark>${text(j)}</mark>`;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function round(n: number): string {
  return n.toFixed(1);
}

const STYLE = `
:root { color-scheme: light; --ink: #212529; --muted: #495057; --line: #dee2e6; --good: #2b8a3e; --person: #d9480f; --bad: #c92a2a; --other: #868e96; --accent: #364fc7; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; padding-top: 0.5rem; border-top: 2px solid var(--line); overflow-wrap: anywhere; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
a { color: var(--accent); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0; min-width: 60%; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f1f3f5; }
figure.diagram { margin: 0.5rem 0; overflow-x: auto; }
figure.diagram svg { max-width: 100%; height: auto; }
figcaption, .note, .hint { color: var(--muted); font-size: 0.9rem; }
svg.chart { width: 100%; max-width: 52rem; height: auto; display: block; }
svg.chart text { font-size: 12px; fill: var(--ink); }
.bar.good { fill: var(--good); } .bar.person { fill: var(--person); } .bar.bad { fill: var(--bad); } .bar.other { fill: var(--other); }
.bar.base { fill: #adb5bd; }
.whisker { stroke: var(--ink); stroke-width: 1.5; }
ul.findings { padding-left: 1.2rem; }
ul.findings li { margin: 0.5rem 0; }
li.error strong { color: var(--bad); } li.warning strong { color: #e67700; }
pre.excerpt { background: #f8f9fa; border: 1px solid var(--line); padding: 0.4rem 0.6rem; overflow-x: auto; margin: 0.3rem 0; }
pre.excerpt .ln { color: var(--muted); } pre.excerpt .mark { color: var(--bad); font-weight: 700; }
.ok { color: var(--good); } td.bad { color: var(--bad); }
.was { text-decoration: line-through; color: var(--muted); }
mark { background: #fff3bf; color: inherit; font-weight: 700; padding: 0 0.15rem; }
.up { color: #0b7285; fill: #0b7285; font-weight: 700; } .down { color: #862e9c; fill: #862e9c; font-weight: 700; }
@media (max-width: 40rem) { body { font-size: 15px; } main { padding: 0.5rem; } th, td { padding: 0.2rem 0.3rem; } h1 { font-size: 1.4rem; } }
@media print { main { max-width: none; padding: 0; } h2 { break-before: page; border-top: none; } figure, svg.chart, table, pre { break-inside: avoid; } a { color: inherit; text-decoration: none; } details > ul { display: block; } .scroll, figure.diagram { overflow: visible; } }
`;
