import { resolve } from 'node:path';
import { PersonaFit } from '../sim/fit.js';
import { parsePersonas } from '../sim/personas.js';
import type { LoadCommandOptions } from './config.js';
import { loadRunSettings } from './config.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { loadJourney } from './problems.js';
import { parseIdle, parseMapping, replayLogs } from './replay.js';
import { writeOutput } from './write.js';

/** Options of `journey personas fit`. */
export interface PersonasCommandOptions extends LoadCommandOptions {
  output?: string;
  map?: string[];
  idle?: string;
}

/** `journey personas fit JOURNEY LOGS...`: fits the persona model to logged conversations and writes a personas file. */
export async function runPersonas(action: string, file: string, logs: readonly string[], options: PersonasCommandOptions, io: Io): Promise<number> {
  if (action !== 'fit') throw new UsageError(`unknown action "${action}"; use fit.`);
  const mapping = parseMapping(options.map);
  const idleMs = parseIdle(options.idle);
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const journey = (await loadJourney(file, io, 'fitted', settings))?.journey;
  if (!journey) return EXIT.FINDINGS;
  const fit = new PersonaFit(journey);
  const replayed = await replayLogs(journey, logs, { onTurn: fit.turn, onClose: fit.close, ...(idleMs !== undefined ? { idleMs } : {}) }, mapping, io);
  if (typeof replayed === 'number') return replayed;
  const { persona, basis } = fit.result();
  const { stringify } = await import('yaml');
  const text = `# Fitted by journey personas fit from ${basis.conversations} conversations (${basis.turns} turns, ${basis.abandoned} abandoned) of ${journey.id.value}.\n${stringify({ personas: [persona] })}`;
  // What is written must load as a personas file: the fit only writes what the schema accepts.
  const check = parsePersonas('fitted.personas.yaml', text);
  if (!check.personas) throw new Error(`the fitted personas do not validate: ${check.diagnostics.map((d) => d.message).join('; ')}`);
  if (options.output) {
    await writeOutput(resolve(io.cwd, options.output), text, 'personas');
    io.stderr.write(`journey: wrote ${options.output} (${basis.conversations} conversations, ${basis.turns} turns)\n`);
  } else io.stdout.write(text);
  return EXIT.OK;
}
