import { resolve } from 'node:path';
import { visible } from '../diagnostics/display.js';
import { DEFAULT_PERSONAS_FILE, loadPersonasFile, type Persona } from '../sim/personas.js';
import type { LoadLimits } from '../load/limits.js';
import type { Io } from './io.js';
import { writeProblems } from './problems.js';

/** The personas of `--personas FILE` (or the shipped mix), or undefined after writing the file's problems. */
export async function loadPersonas(option: string | undefined, io: Io, limits: LoadLimits): Promise<{ path: string; personas: readonly Persona[] } | undefined> {
  const path = option ? resolve(io.cwd, option) : DEFAULT_PERSONAS_FILE;
  const loaded = await loadPersonasFile(path, limits);
  if (loaded.personas) return { path, personas: loaded.personas };
  io.stderr.write(`journey: the personas file ${visible(path)} has problems:\n\n`);
  writeProblems(io, [{ filePath: path, source: loaded.source, diagnostics: loaded.diagnostics }]);
  return undefined;
}
