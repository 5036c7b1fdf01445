import { resolve } from 'node:path';
import { createElement } from 'react';
import { loadTerminalUi } from '../tui/load.js';
import { PlaySession, type EngineName } from '../tui/session.js';
import { transcriptDocument, transcriptMarkdown, transcriptText } from '../tui/transcript.js';
import { DEFAULT_ARRIVAL, parseAt } from '../sim/time.js';
import { parseDuration } from '../model/duration.js';
import { shouldColor } from '../format/paint.js';
import { EXIT, UsageError } from './exit-codes.js';
import { loadRunSettings, type LoadCommandOptions } from './config.js';
import type { Io } from './io.js';
import { loadJourney } from './problems.js';
import { parseInputs } from './input.js';
import { writeOutput } from './write.js';

/** Options of `journey play`. */
export interface PlayCommandOptions extends LoadCommandOptions {
  /** `--input field=value`, repeatable: context values the host sets. */
  input?: string[];
  engine?: string;
  events?: string;
  transcript?: string;
  at?: string;
  color?: boolean;
  /** Input stream (injectable for tests). */
  stdin?: NodeJS.ReadStream;
}

/**
 * `journey play FILE`: walk a journey in the terminal (ink), or replay `--events`
 * and print the final screen. Loads ink and react only here.
 */
export async function runPlay(file: string, options: PlayCommandOptions, io: Io): Promise<number> {
  const engine = (options.engine ?? 'interpreter') as EngineName;
  if (engine !== 'interpreter' && engine !== 'xstate') throw new UsageError(`unknown engine "${options.engine}"; use interpreter or xstate.`);
  const transcriptFormat = options.transcript === undefined ? undefined : formatOf(options.transcript);
  const at = options.at === undefined ? { at: DEFAULT_ARRIVAL } : parseAt(options.at);
  if (at.error !== undefined) throw new UsageError(`--at: ${at.error}.`);
  const stdin = options.stdin ?? process.stdin;
  if (options.events === undefined && !stdin.isTTY) {
    throw new UsageError('play is interactive and standard input is not a terminal. To check paths without a terminal, replay them with `journey play FILE --events a,b,c`, write scenarios for `journey test`, or run `journey simulate`.');
  }
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const journey = (await loadJourney(file, io, 'played', settings))?.journey;
  if (!journey) return EXIT.FINDINGS;
  const [{ render, renderToString, PlayApp, Screen }, session] = await Promise.all([loadTerminalUi(), PlaySession.open(journey, engine, at.at, parseInputs(options.input, journey))]);
  const plain = !shouldColor(io.stdout, io.env, options.color);
  const width = Math.min(io.stdout.columns ?? 80, 120);
  const name = `played ${journey.id.value}`;
  /** Whether the terminal closed during an interactive walk, and whether a SIGHUP said so. */
  const hangup = { happened: false, bySignal: false };

  if (options.events !== undefined) {
    for (const raw of options.events.split(',').map((e) => e.trim()).filter(Boolean)) {
      const wait = /^wait[ :=]?(.+)$/.exec(raw);
      if (wait) {
        const d = parseDuration(wait[1]?.trim() ?? '');
        if (d.error !== undefined) throw new UsageError(`--events: ${d.error}.`);
        session.send({ wait: d.ms });
      } else if (raw === 'timeout') {
        if (!session.fireTimeout()) throw new UsageError(`--events: no timeout is pending in ${session.view().state}.`);
      } else session.event(raw);
    }
    const view = session.view();
    const screen = renderToString(createElement(Screen, { view, plain, width, list: 'events', items: view.events, selected: 0, filter: '', note: '' }), { columns: width });
    io.stdout.write(`${screen}\n\n${transcriptText(session)}`);
  } else {
    const ending = { reason: 'quit' as 'quit' | 'ended' };
    const app = render(createElement(PlayApp, { session, plain, width, onDone: (r: 'quit' | 'ended') => void (ending.reason = r) }), {
      stdin,
      stdout: io.stdout as NodeJS.WriteStream,
      exitOnCtrlC: true,
    });
    // A closed terminal ends the walk (nobody is left to play it) instead of leaving a
    // process that waits, or spins on a dead terminal, for ever. What was walked is still saved.
    const hangUp = (signal?: unknown): void => {
      if (signal === 'SIGHUP') hangup.bySignal = true;
      if (hangup.happened) return;
      hangup.happened = true;
      // Writes to the closed terminal fail with EIO. They have no reader, so they are dropped
      // instead of reaching bin/journey.js's handler, which would report an internal error.
      for (const stream of [io.stdout, io.stderr] as Partial<NodeJS.WriteStream>[]) {
        stream.removeAllListeners?.('error');
        stream.on?.('error', () => undefined);
      }
      app.unmount();
    };
    process.on('SIGHUP', hangUp);
    stdin.on('end', hangUp);
    stdin.on('error', hangUp);
    await app.waitUntilExit();
    stdin.off('end', hangUp);
    stdin.off('error', hangUp);
    // After a hang-up the SIGHUP listener stays until the end: a second SIGHUP would otherwise
    // end the process before the transcript is saved.
    if (!hangup.happened) {
      process.off('SIGHUP', hangUp);
      io.stdout.write(`\n${ending.reason === 'ended' ? '' : '(quit)\n'}${transcriptText(session)}`);
    }
  }
  if (options.transcript !== undefined && transcriptFormat) {
    const text = transcriptFormat === 'md' ? transcriptMarkdown(session, name) : transcriptDocument(session, name, transcriptFormat);
    await writeOutput(resolve(io.cwd, options.transcript), text, 'transcript');
    if (!hangup.happened) io.stderr.write(`journey: transcript saved to ${options.transcript}\n`);
  }
  session.stop();
  if (hangup.bySignal) {
    // End as an untouched process ends on SIGHUP. Exiting normally would make Node restore
    // the terminal's modes, and Node 20 aborts when that fails on a terminal that is gone.
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  }
  return EXIT.OK;
}

function formatOf(path: string): 'md' | 'json' | 'yaml' {
  if (/\.(md|markdown)$/i.test(path)) return 'md';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  throw new UsageError(`--transcript: "${path}" should end in .md (Markdown), .json or .yaml (a scenario test file).`);
}
