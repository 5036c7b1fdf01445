import type { Span } from '../diagnostics/diagnostic.js';
import { describeArrival, edgeLabel, formatPath } from '../graph/graph.js';
import { pathFromStart, routeToHuman, UNREACHABLE } from '../graph/traversal.js';
import { parseDirectives, REASON_REQUIRED } from '../lint/directives.js';
import { transitionsOf, type Field, type Journey, type State } from '../model/types.js';
import type { RuleMeta } from '../rule-support/types.js';
import { journeyNamed, occurrenceAt, type Occurrence } from './occurrences.js';
import type { Analysis } from './workspace.js';

/** A hover's text (Markdown) and the span it is about. */
export interface HoverText {
  readonly markdown: string;
  readonly span: Span;
}

/** Most entries listed in one hover line (states a state is entered from). */
const MAX_LISTED = 8;

/** A rule id named in a disable comment, with where it is written in the comment. */
export function ruleIdsInDirectives(text: string): { id: string; span: Span }[] {
  const out: { id: string; span: Span }[] = [];
  for (const d of parseDirectives(text)) {
    const comment = text.slice(d.span.start, d.span.end);
    // The rule list ends where the reason starts; ids are whole words of it.
    const listEnd = comment.indexOf('--') < 0 ? comment.length : comment.indexOf('--');
    const head = comment.indexOf('journey-');
    const listStart = comment.indexOf(' ', head) < 0 ? comment.length : comment.indexOf(' ', head);
    for (const id of d.rules) {
      const re = new RegExp(`(?<![\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g');
      for (const m of comment.slice(0, listEnd).matchAll(re)) {
        if ((m.index ?? 0) < listStart) continue;
        out.push({ id, span: { start: d.span.start + (m.index ?? 0), end: d.span.start + (m.index ?? 0) + id.length } });
      }
    }
  }
  return out;
}

/** The summary of a rule: what it checks, its default severity, whether disabling it needs a reason, and its docs. */
export function describeRule(meta: RuleMeta): string {
  const lines = [`**${meta.id}** (default: ${meta.severity})`, '', meta.description];
  if (REASON_REQUIRED.has(meta.id)) lines.push('', 'Disabling it needs a written reason after `--`.');
  if (meta.fixable || meta.hasSuggestions) lines.push('', `Offers ${[meta.fixable ? 'fixes' : '', meta.hasSuggestions ? 'suggestions' : ''].filter(Boolean).join(' and ')}.`);
  lines.push('', `[Documentation](${meta.docs})`);
  return lines.join('\n');
}

/** What a hover at `offset` shows: a rule id in a disable comment, a state, a context field, a journey id or an event. */
export function hoverAt(analysis: Analysis, offset: number, rules: ReadonlyMap<string, RuleMeta>): HoverText | undefined {
  const text = analysis.positions.modelText;
  const rule = ruleIdsInDirectives(text).find((r) => r.span.start <= offset && offset <= r.span.end);
  if (rule) {
    const meta = rules.get(rule.id);
    return meta ? { markdown: describeRule(meta), span: rule.span } : undefined;
  }
  const at = occurrenceAt(analysis.occurrences, offset);
  if (!at) return undefined;
  const markdown = describeOccurrence(analysis, at);
  return markdown ? { markdown, span: at.span } : undefined;
}

function describeOccurrence(analysis: Analysis, at: Occurrence): string | undefined {
  switch (at.kind) {
    case 'state': {
      const state = at.scope.states.get(at.name);
      return state ? describeState(analysis, at.scope, state) : undefined;
    }
    case 'field': {
      const field = at.scope.fields.get(at.name);
      return field ? describeField(at.scope, field) : undefined;
    }
    case 'journey': {
      const journey = journeyNamed(at);
      return journey ? describeJourney(journey) : undefined;
    }
    case 'event':
      return describeEvent(at.scope, at.name);
  }
}

/** Customer turns to a person from a state, in words. */
export function turnsPhrase(turns: number): string {
  if (turns === UNREACHABLE) return 'no route to a person';
  if (turns === 0) return 'a person is reached without a customer turn';
  return `a person is ${turns} turn${turns === 1 ? '' : 's'} away`;
}

function describeState(analysis: Analysis, journey: Journey, state: State): string {
  const lines = [`**\`${state.id}\`** — ${state.type} state${journey.subJourney ? ` of the sub-journey \`${journey.id.value}\`` : ''}`];
  if (state.description) lines.push('', state.description);
  if (state.say) lines.push('', `> ${state.say.value.replace(/\s+/g, ' ').slice(0, 200)}`);
  if (state.type === 'human') lines.push('', `Queue \`${state.queue.value}\`, hours \`${state.hoursText.value}\`${state.carry.length ? `, carries ${state.carry.map((c) => `\`${c.value}\``).join(', ')}` : ''}.`);
  if (state.type === 'end') lines.push('', `Outcome \`${state.outcome.value}\`${state.humanLater ? ', a person calls back' : ''}${state.feedback ? ', asks for feedback' : ''}.`);
  if (state.type === 'call') lines.push('', `Runs the journey \`${state.call.value}\` and continues by its outcome.`);
  const analyses = analysis.analysesOf(journey);
  const graph = analyses.graph;
  const node = graph.index.get(state.id);
  if (node === undefined) return lines.join('\n');
  if (state.type !== 'human') {
    const turns = analyses.distances.turns[node] ?? UNREACHABLE;
    const route = routeToHuman(analyses.distances, node);
    const phrase = turnsPhrase(turns);
    lines.push('', `${phrase[0]?.toUpperCase()}${phrase.slice(1)}${route.length ? `: ${formatPath(graph, node, route)}` : ''}.`);
    if (journey.subJourney) lines.push('', 'A sub-journey is judged inside the journeys that call it, where their offramp applies.');
  }
  const reach = analyses.reach;
  lines.push('', reach.reachable[node] ? `${describeArrival(graph, graph.start, pathFromStart(reach, node))}.` : 'Not reachable from the start.');
  // A called journey's state that returns here is shown as the call state that runs it.
  const fromName = (from: number): string => (graph.local[from] === 1 ? graph.ids[from] : graph.origins[from]?.calls[0]?.state.id) ?? '?';
  const into = graph.out.flatMap((edges) => edges.filter((e) => e.to === node && e.from !== node));
  // The offramp enters from every bot state: said once, by its events, not once per state.
  const incoming = [...new Set(into.filter((e) => e.kind !== 'offramp').map((e) => `\`${fromName(e.from)} --${edgeLabel(e)}-->\``))];
  if (incoming.length > 0) {
    const listed = incoming.slice(0, MAX_LISTED);
    lines.push('', `Entered from ${listed.join(', ')}${incoming.length > MAX_LISTED ? ` and ${incoming.length - MAX_LISTED} more` : ''}.`);
  }
  const offramp = [...new Set(into.filter((e) => e.kind === 'offramp').map((e) => `\`${e.label}\``))];
  if (offramp.length > 0) lines.push('', `The offramp leads here from the bot states, on ${offramp.join(', ')}.`);
  return lines.join('\n');
}

function describeField(journey: Journey, field: Field): string {
  const traits = [field.pii ? 'personal data' : '', field.input ? 'set by the host' : '', field.internal ? 'internal' : ''].filter(Boolean);
  const lines = [`**\`${field.name}\`**: ${field.type.value}${field.default ? ` = \`${JSON.stringify(field.default.value)}\`` : ''}${traits.length ? ` (${traits.join(', ')})` : ''}`];
  if (field.purpose) lines.push('', `Purpose: ${field.purpose}`);
  if (field.description) lines.push('', field.description);
  lines.push('', `Declared under \`context:\` of \`${journey.id.value}\`.`);
  return lines.join('\n');
}

function describeJourney(journey: Journey): string {
  const lines = [`**${journey.title}** (\`${journey.id.value}\`${journey.subJourney ? ', sub-journey' : ''})`];
  if (journey.description) lines.push('', journey.description);
  lines.push('', `${journey.states.size} states, starts at \`${journey.start.value}\`; priority ${journey.priority}.`);
  return lines.join('\n');
}

function describeEvent(journey: Journey, event: string): string {
  const handlers = [...journey.states.values()].filter((s) => transitionsOf(s).some((t) => t.trigger.kind === 'event' && t.trigger.event === event)).map((s) => `\`${s.id}\``);
  const offramp = journey.offramp?.on.some((e) => e.value === event) ? ' It is one of the journey-wide offramp\'s events (`offramp.on`).' : '';
  return `Event \`${event}\`: handled by ${handlers.length ? handlers.slice(0, MAX_LISTED).join(', ') : 'no state'}${handlers.length > MAX_LISTED ? ` and ${handlers.length - MAX_LISTED} more` : ''}.${offramp}`;
}
