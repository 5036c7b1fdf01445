import { resolve } from 'node:path';
import { DEFAULT_PERSONAS_FILE, loadPersonasFile, type Persona } from '../sim/personas.js';
import type { Io } from './io.js';
import { writeProblems } from './problems.js';

/** The personas of `--personas FILE` (or the shipped mix), or undefined after writing the file's problems. */
export async function loadPersonas(option: string | undefined, io: Io): Promise<{ path: string; personas: readonly Persona[] } | undefined> {
  const path = option ? resolve(io.cwd, option) : DEFAULT_PERSONAS_FILE;
  const loaded = await loadPersonasFile(path);
  if (loaded.personas) return { path, personas: loaded.personas };
  io.stderr.write(`journey: the personas file ${path} has problems:\n\n`);
  writeProblems(io, [{ filePath: path, source: loaded.source, diagnostics: loaded.diagnostics }]);
  return undefined;
}
