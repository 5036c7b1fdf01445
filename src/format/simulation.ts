import type { Journey } from '../model/types.js';
import type { ExplorationSummary } from '../interpret/summary.js';
import { describeValues } from '../behaviour/domains.js';
import { formatTrace, type Input } from '../interpret/explore.js';
import type { MonteCarloResult, UntakenChoice } from '../sim/montecarlo.js';
import { CALL_SEPARATOR } from '../spec/names.js';
import type { Paint } from './paint.js';
import { PLAIN } from './paint.js';

const BAR = 40;

/** The Monte Carlo report for a terminal: outcome shares with intervals and bars, turn figures, friction, histogram, cost. */
export function formatMonteCarlo(result: MonteCarloResult, journey: Journey, paint: Paint = PLAIN): string {
  const out: string[] = [];
  out.push(paint.bold(`${journey.id.value} — ${journey.title} (${journey.priority})`));
  out.push(
    `${plural(result.runs, 'simulated customer')}, seed ${result.seed}; personas: ${result.personas.map((p) => `${p.name} ${percent(p.share, 0)}`).join(', ')}`,
  );
  out.push('');
  const rows: [string, number, { low: number; high: number }][] = [
    ['contained', result.containment, result.intervals.containment],
    ['escalated', result.escalation, result.intervals.escalation],
    ...(result.callback > 0 ? ([['called back', result.callback, result.intervals.callback]] as [string, number, { low: number; high: number }][]) : []),
    ['abandoned', result.abandonment, result.intervals.abandonment],
    ['other', result.other, result.intervals.other],
  ];
  out.push(table([['outcome', 'share', '95% interval', ''], ...rows.map(([name, share, ci]) => [name, percent(share, 1), `${percent(ci.low, 2)} – ${percent(ci.high, 2)}`, bar(share, 1)])], [false, true, true, false]));
  out.push('');
  out.push(`contained: reached an end state without a person; escalated: a person took over;${result.callback > 0 ? ' called back: a person calls back later;' : ''}`);
  out.push('abandoned: gave up before an end or a person; other: still going at the turn cap, or stopped by a loop.');
  out.push('');
  out.push(`turns, every customer ${dist(result.turns)}`);
  out.push(`turns to resolution   ${dist(result.turnsToResolution)}`);
  const asked = result.asked;
  out.push(
    `turns until a person  ${asked.reachedPerson ? dist(result.turnsToPerson) : '(nobody who asked reached a person)'}   (${plural(asked.customers, 'customer')} asked for a person; ${asked.customers ? percent(asked.reachedPerson / asked.customers, 1) : '0%'} of them reached one)`,
  );
  if (result.transfers.failed > 0) {
    out.push(`transfers to a person: ${count(result.transfers.attempted)} tried, ${count(result.transfers.failed)} failed (${percent(result.transfers.failed / result.transfers.attempted, 1)}) and went on to \`when_unavailable\``);
  }
  if (asked.noWayToAsk > 0) {
    out.push(paint.yellow(`${plural(asked.noWayToAsk, 'customer')} asked for a person where the journey offers no way to ask (the bot did not understand them): add an offramp with \`on\`, or an event that leads to a person`));
  }
  if (result.assumed.length > 0) {
    out.push('');
    out.push(paint.yellow('assumed values: the journey decides on these fields, which the host sets (no default, or `input: true`) and which were not given with --input or by the personas:'));
    for (const a of result.assumed) {
      out.push(
        a.values.length > 0
          ? `  ${a.field}: ${describeValues(a.values)}, each equally often (give real shares in the personas file: \`context: { ${a.field}: ... }\`, or --input ${a.field}=VALUE)`
          : `  ${a.field}: left empty (null), so decisions on it do not hold; give it with --input ${a.field}=VALUE or \`context:\` in the personas file`,
      );
    }
  }
  if (result.outcomes.length > 0) {
    out.push('');
    out.push(table([['end outcome', 'customers', 'share'], ...result.outcomes.map((o) => [o.outcome, count(o.count), percent(o.count / result.runs, 1)])], [false, true, true]));
  }
  out.push('');
  if (result.frictionStates.length === 0) {
    out.push('friction states: none (no customer was escalated or gave up)');
  } else {
    out.push('top friction states (the last bot state before a person took over or the customer gave up)');
    out.push(
      table(
        [['state', 'escalations', 'abandonments'], ...result.frictionStates.slice(0, 10).map((f) => [f.state, count(f.escalations), count(f.abandonments)])],
        [false, true, true],
      ),
    );
  }
  if (result.untaken.length > 0) {
    out.push('');
    out.push(`choices no simulated customer took (${result.untaken.length}):`);
    for (const u of result.untaken.slice(0, 10)) out.push(`  ${describeUntaken(u)}`);
    if (result.untaken.length > 10) out.push(`  ... and ${result.untaken.length - 10} more (--format json lists them all)`);
  }
  if (result.turnsToResolution.count > 0) {
    out.push('');
    out.push('turns to resolution (contained customers)');
    const h = result.turnsHistogram;
    const max = Math.max(...h);
    const top = Math.min(h.length - 1, Math.max(result.turnsToResolution.p99, 1));
    const low = h.findIndex((v) => v > 0);
    for (let t = low; t <= top; t++) {
      const v = h[t] ?? 0;
      out.push(`${String(t).padStart(4)} │${bar(v, max)} ${count(v)}`);
    }
    if (top < h.length - 1) out.push(`${`>${top}`.padStart(4)} │${bar(h.slice(top + 1).reduce((a, b) => a + b, 0), max)} ${count(h.slice(top + 1).reduce((a, b) => a + b, 0))}`);
  }
  if (result.cost) {
    const m = result.cost.model;
    out.push('');
    out.push(`cost: ${money(result.cost.perCustomer)} per customer, ${money(result.cost.total)} in all (bot turn ${money(m.botTurn)}; a person ${money(m.humanMinute)}/min for ${m.handleMinutes} min per escalation)`);
  }
  return `${out.join('\n')}\n`;
}

/** The Monte Carlo figures as JSON (stable field names: docs/simulate.md). */
export function monteCarloJson(result: MonteCarloResult): string {
  const { turnsHistogram, turnsToPersonHistogram, ...rest } = result;
  return `${JSON.stringify({ ...rest, turnsHistogram, turnsToPersonHistogram }, null, 2)}\n`;
}

/** The exhaustive exploration report for a terminal. */
export function formatExploration(summary: ExplorationSummary, journey: Journey, at: string | undefined, paint: Paint = PLAIN): string {
  const out: string[] = [];
  out.push(paint.bold(`${journey.id.value} — ${journey.title}: exhaustive exploration`));
  out.push(`explored ${plural(summary.configurations, 'configuration')} and ${plural(summary.transitions, 'transition')} ${at ? `at ${at}` : '(every human state counted as open)'}`);
  if (summary.bound === 'max-configs') {
    out.push(paint.yellow(`bound reached: stopped at ${count(summary.maxConfigs)} configurations (--max-configs); configurations beyond it were not explored, so findings below cover only what was explored, and "none" means none found there.`));
  } else if (summary.bound === 'max-turns') {
    out.push(paint.yellow(`bound reached: paths longer than ${summary.maxTurns} inputs (--max-turns) were not followed; everything reachable within ${summary.maxTurns} inputs was explored.`));
  } else {
    out.push(`every reachable configuration was explored (within ${count(summary.maxConfigs)} configurations and ${summary.maxTurns} inputs).`);
  }
  if (summary.varied.length > 0) {
    out.push('values not known in advance were tried for every value the journey tells apart:');
    for (const v of summary.varied) out.push(`  ${v.name} (${v.origin === 'host' ? `set by the host: ${journey.fields.get(v.name)?.input ? '`input: true`' : 'no default'}` : 'given by the customer: event data'}): ${describeValues(v.values)}`);
  }
  if (summary.decidedBothWays.length > 0) {
    out.push(`guards on values nobody knows, taken both ways (no list of values settles them): ${summary.decidedBothWays.map((g) => `\`${g}\``).join(', ')}`);
  }
  const opaque = summary.unknownFields.filter((u) => !summary.varied.some((v) => v.name === u.field));
  if (opaque.length > 0) {
    out.push(`values no decision reads, left unknown: ${opaque.map((u) => `${u.field} (${u.origin === 'host' ? 'set by the host' : 'from event data'})`).join(', ')}`);
  }
  out.push('');
  out.push('end outcomes reached, with the shortest input sequence');
  out.push(summary.outcomes.length ? table(summary.outcomes.map((o) => [`  ${o.outcome}`, `(${o.state})`, trace(o.trace)]), [false, false, false]) : '  none');
  out.push('');
  out.push('people reached (human states), with the shortest input sequence');
  out.push(summary.humans.length ? table(summary.humans.map((h) => [`  ${h.state}`, trace(h.trace)]), [false, false]) : '  none');
  if (summary.callbacks.length > 0) {
    out.push('');
    out.push(`people calling back later (\`human: later\`)${journey.priority === 'urgent' ? ': not a way to a person in an urgent journey' : ''}`);
    out.push(table(summary.callbacks.map((h) => [`  ${h.state}`, trace(h.trace)]), [false, false]));
  }
  out.push('');
  if (summary.noHuman.length === 0 && summary.waiting === 0) {
    out.push('no route to a person: none found, because the customer never waits with the bot in any explored configuration');
  } else if (summary.noHuman.length === 0) {
    out.push(paint.green(`no route to a person: none — from every explored configuration where the customer waits with the bot (${count(summary.waiting)}), some choices of the customer lead to a person`));
  } else {
    out.push(paint.red('no route to a person by the customer\'s own choices, from:'));
    for (const s of summary.noHuman) {
      const values = Object.entries(s.context).map(([k, v]) => `${k}=${typeof v === 'string' && v !== '(unknown)' ? `'${v}'` : String(v)}`);
      out.push(`  ${s.state}   ${s.trace.length === 0 ? 'at the start' : `after: ${trace(s.trace)}`}${values.length ? `   (${values.join(', ')})` : ''}${s.anyInput ? '   (only signals or timeouts lead on)' : '   (nothing leads to a person)'}`);
    }
  }
  out.push('');
  const worst = summary.worstTurnsToHuman;
  out.push(
    worst
      ? `worst case: a person is ${plural(worst.turns, 'customer turn')} away, from ${worst.state} (${reachedBy(worst.trace)})`
      : summary.waiting === 0
        ? 'worst case: none, the customer never waits with the bot'
        : 'worst case: no configuration where the customer waits has a route to a person',
  );
  out.push('');
  if (summary.cycles.length === 0) out.push('loops the customer can be kept in without progress: none');
  else {
    out.push(`loops the customer can be kept in without progress: ${summary.cycles.length}`);
    for (const c of summary.cycles.slice(0, 10)) {
      const separately = c.loops > 1 ? `, entered ${c.loops} ways with different values` : '';
      out.push(`  among ${c.states.join(', ')} (${plural(c.size, 'configuration')}${separately}), ${c.trace.length === 0 ? 'from the start' : `entered by: ${trace(c.trace)}`}`);
    }
    if (summary.cycles.length > 10) out.push(`  ... and ${summary.cycles.length - 10} more`);
  }
  if (summary.deadGuards.length > 0) {
    out.push('');
    out.push('guards that never held on any explored configuration');
    for (const g of summary.deadGuards) out.push(`  ${g.state}, ${g.trigger}: if ${g.expression} (-> ${g.target})`);
  }
  return `${out.join('\n')}\n`;
}

/** The exploration summary as JSON; traces are lists of inputs (`event` or `wait <delay ms>`). */
export function explorationJson(summary: ExplorationSummary): string {
  const traced = (t: readonly Input[]): string[] => t.map((i) => (i.kind === 'event' ? i.event : `wait ${i.delay}`));
  return `${JSON.stringify(
    {
      ...summary,
      outcomes: summary.outcomes.map((o) => ({ ...o, trace: traced(o.trace) })),
      humans: summary.humans.map((h) => ({ ...h, trace: traced(h.trace) })),
      noHuman: summary.noHuman.map((s) => ({ ...s, trace: traced(s.trace) })),
      worstTurnsToHuman: summary.worstTurnsToHuman ? { ...summary.worstTurnsToHuman, trace: traced(summary.worstTurnsToHuman.trace) } : null,
      cycles: summary.cycles.map((c) => ({ ...c, trace: traced(c.trace) })),
    },
    null,
    2,
  )}\n`;
}

function trace(t: readonly Input[]): string {
  return formatTrace(t);
}

/** `reached by: a, b`, or where the journey starts. */
function reachedBy(t: readonly Input[]): string {
  return t.length === 0 ? 'this is where the journey starts' : `reached by: ${formatTrace(t)}`;
}

/** `1 configuration`, `2 configurations`. */
export function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Aligned columns for a terminal (right-aligned where `right` says). */
export function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (right[c] ? cell.padStart(widths[c] as number) : c === r.length - 1 ? cell : cell.padEnd(widths[c] as number))).join('  ').trimEnd()).join('\n');
}

function bar(value: number, max: number): string {
  if (max <= 0) return '';
  const eighths = Math.round((value / max) * BAR * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + (['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8] as string);
}

/** A share as a percentage with `digits` decimals. */
export function percent(v: number, digits: number): string {
  return `${(v * 100).toFixed(digits)}%`;
}

/** A count with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

function money(n: number): string {
  return n.toFixed(2);
}

/** A distribution in one line: mean and percentiles. */
export function dist(d: MonteCarloResult['turns']): string {
  if (d.count === 0) return '(none)';
  return `mean ${d.mean.toFixed(1)}   p50 ${d.p50}   p90 ${d.p90}   p99 ${d.p99}`;
}

/** One choice no simulated customer took, for people: `ask, no_match rung 3 -> agent`, `verify returns locked -> agent`. */
function describeUntaken(u: UntakenChoice): string {
  const guard = u.guard ? ` if ${u.guard}` : '';
  switch (u.kind) {
    case 'offramp':
      return `${u.state}, ${u.input} (offramp) -> ${u.to}`;
    case 'rung':
      return `${u.state}, ${u.input} rung ${u.choice} -> ${u.to}`;
    case 'unavailable':
      return `${u.state}, ${u.input} (transfer failed) -> ${u.to}`;
    case 'return':
      // The callee's end state is inlined under its call state: `verify$locked` returns from `verify`.
      return `${u.state.slice(0, Math.max(0, u.state.lastIndexOf(CALL_SEPARATOR)))} returns ${u.outcome ?? ''} -> ${u.to}`;
    default:
      return `${u.state}, ${u.input}${u.of > 1 ? `, choice ${u.choice}` : ''}${guard} -> ${u.to}`;
  }
}
