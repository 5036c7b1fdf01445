import { stringify } from 'yaml';
import { formatDuration } from '../model/duration.js';
import { outcomeText, type PlaySession, type Turn } from './session.js';

/** A played walk as a scenario test: the shape of a *.test.yaml file, with the turns kept under `x-transcript`. */
export function transcriptScenario(session: PlaySession, name: string): Record<string, unknown> {
  const o = session.observe();
  const events = session.turns.map((t) => ('event' in t.step ? t.step.event.type : { wait: formatDuration(t.step.wait) }));
  const expect: Record<string, unknown> = { state: o.state, human: o.handedOff };
  const outcome = (o.output as { outcome?: string } | null)?.outcome;
  if (outcome) expect.outcome = outcome;
  return {
    journey: session.journey.id.value,
    tests: [{ name, at: new Date(session.at).toISOString(), events, expect }],
    'x-transcript': session.turns.map((t) => ({ from: t.from, input: t.input, said: [...t.said], to: t.to })),
  };
}

/** The transcript as plain text (printed when play ends). */
export function transcriptText(session: PlaySession): string {
  const lines = [`Transcript of ${session.journey.id.value} (${session.engine === 'xstate' ? 'compiled machine' : 'interpreter'})`, ''];
  for (const s of session.opening) lines.push(`      bot: ${s}`);
  session.turns.forEach((t, i) => {
    lines.push(`${String(i + 1).padStart(3)}. [${t.from}] ${t.input} -> ${t.to}`);
    for (const s of t.said) lines.push(`      ${speaker(session, t)}: ${s}`);
  });
  lines.push('', `Outcome: ${outcomeOf(session)}`);
  return `${lines.join('\n')}\n`;
}

/** The transcript as Markdown, with the scenario ready to paste into a test file. */
export function transcriptMarkdown(session: PlaySession, name: string): string {
  const rows = session.turns.map((t, i) => `| ${i + 1} | ${t.from} | ${t.input} | ${t.said.map(escape).join('<br>') || '—'} | ${t.to} |`);
  return [
    `# Transcript: ${session.journey.title} (${session.journey.id.value})`,
    '',
    `Played on the ${session.engine === 'xstate' ? 'compiled machine (XState)' : 'interpreter'}, customer arriving ${new Date(session.at).toISOString()}.`,
    '',
    ...session.opening.map((s) => `> ${s}`),
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

function speaker(session: PlaySession, t: Turn): string {
  return session.journey.states.get(t.to)?.type === 'human' ? 'person' : 'bot';
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
