import { stringify } from 'yaml';
import { formatDuration } from '../model/duration.js';
import type { Journey } from '../model/types.js';
import { outcomeText, type PlaySession, type Turn } from './session.js';

/** One line of a walk's conversation, with who says it. */
export interface Line {
  readonly speaker: 'bot' | 'person';
  readonly text: string;
}

/**
 * The bot's line at an end state with `feedback: true`. The journey asks for feedback
 * there without giving the question's words, so the line says what happens.
 */
export const FEEDBACK_QUESTION = 'How did we do? (the journey asks for feedback here)';

/**
 * The line that follows what was said on arriving in a state: a person from the queue
 * taking over in a human state (what was said before is the bot's hand-off), the
 * feedback question at an end state that asks for it, and none elsewhere.
 */
export function arrivalLine(state: { readonly queue?: string | undefined; readonly asksFeedback: boolean }): Line | undefined {
  if (state.queue !== undefined) return { speaker: 'person', text: `(an agent from ${state.queue} takes over)` };
  if (state.asksFeedback) return { speaker: 'bot', text: FEEDBACK_QUESTION };
  return undefined;
}

/** A played walk as a scenario test: the shape of a *.test.yaml file, with the turns (and the queue that took over, or an end asking for feedback) under `x-transcript`. */
export function transcriptScenario(session: PlaySession, name: string): Record<string, unknown> {
  const o = session.observe();
  const events = session.turns.map((t) => ('event' in t.step ? t.step.event.type : { wait: formatDuration(t.step.wait) }));
  const expect: Record<string, unknown> = { state: o.state, human: o.handedOff };
  const outcome = (o.output as { outcome?: string } | null)?.outcome;
  if (outcome) expect.outcome = outcome;
  return {
    journey: session.journey.id.value,
    tests: [{ name, at: new Date(session.at).toISOString(), events, expect }],
    'x-transcript': session.turns.map((t) => {
      const at = turnArrival(session.journey, t);
      return { from: t.from, input: t.input, said: [...t.said], to: t.to, ...(at.queue !== undefined ? { queue: at.queue } : {}), ...(at.asksFeedback ? { asks_feedback: true } : {}) };
    }),
  };
}

/** The transcript as plain text (printed when play ends). */
export function transcriptText(session: PlaySession): string {
  const lines = [`Transcript of ${session.journey.id.value} (${session.engine === 'xstate' ? 'compiled machine' : 'interpreter'})`, ''];
  const said = (texts: readonly string[], line: Line | undefined): void => {
    for (const s of texts) lines.push(`      bot: ${s}`);
    if (line) lines.push(`      ${line.speaker}: ${line.text}`);
  };
  said(session.opening, arrivalLine(arrivalOf(session.journey, openedIn(session))));
  session.turns.forEach((t, i) => {
    lines.push(`${String(i + 1).padStart(3)}. [${t.from}] ${t.input} -> ${t.to}`);
    said(t.said, arrivalLine(turnArrival(session.journey, t)));
  });
  lines.push('', `Outcome: ${outcomeOf(session)}`);
  return `${lines.join('\n')}\n`;
}

/** The transcript as Markdown, with the scenario ready to paste into a test file. */
export function transcriptMarkdown(session: PlaySession, name: string): string {
  const rows = session.turns.map((t, i) => {
    const line = arrivalLine(turnArrival(session.journey, t));
    const said = [...t.said, ...(line ? [markdownLine(line)] : [])];
    return `| ${i + 1} | ${t.from} | ${t.input} | ${said.map(escape).join('<br>') || '—'} | ${t.to} |`;
  });
  const opening = arrivalLine(arrivalOf(session.journey, openedIn(session)));
  return [
    `# Transcript: ${session.journey.title} (${session.journey.id.value})`,
    '',
    `Played on the ${session.engine === 'xstate' ? 'compiled machine (XState)' : 'interpreter'}, customer arriving ${new Date(session.at).toISOString()}.`,
    '',
    ...session.opening.map((s) => `> ${s}`),
    ...(opening ? [`> ${markdownLine(opening)}`] : []),
    '',
    '| turn | state | customer | said | next state |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `**Outcome:** ${outcomeOf(session)}`,
    '',
    '## As a scenario test',
    '',
    `Add to \`${session.journey.id.value}.test.yaml\` beside the journey:`,
    '',
    '```yaml',
    stringify(transcriptScenario(session, name).tests).trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** The transcript as a *.test.yaml document (YAML or JSON). */
export function transcriptDocument(session: PlaySession, name: string, format: 'yaml' | 'json'): string {
  const doc = transcriptScenario(session, name);
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc);
}

function outcomeOf(session: PlaySession): string {
  const o = session.observe();
  if (o.status === 'active') return `still in ${o.state}${o.handedOff ? ' (after a hand-off to a person)' : ''}`;
  return outcomeText(o.output);
}

/** The state the walk was in once the opening lines were said. */
function openedIn(session: PlaySession): string {
  return session.turns[0]?.from ?? session.observe().state;
}

/** What `arrivalLine` needs to know of a state. */
function arrivalOf(journey: Journey, id: string): { queue?: string; asksFeedback: boolean } {
  const s = journey.states.get(id);
  return { ...(s?.type === 'human' ? { queue: s.queue.value } : {}), asksFeedback: s?.type === 'end' && s.feedback };
}

/**
 * Where a turn arrived, for `arrivalLine`. A turn that stayed where it was and said
 * nothing (an event the state ignores) arrived nowhere new: nobody takes over twice.
 */
function turnArrival(journey: Journey, t: Turn): { queue?: string; asksFeedback: boolean } {
  return t.from === t.to && t.said.length === 0 ? { asksFeedback: false } : arrivalOf(journey, t.to);
}

/** A line the Markdown transcript adds to what was said: the bot's as it is, a person's marked as theirs. */
function markdownLine(line: Line): string {
  return line.speaker === 'person' ? `*person:* ${line.text}` : line.text;
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
