import { resolve } from 'node:path';
import { visible } from '../diagnostics/display.js';
import { DEFAULT_PERSONAS_FILE, loadPersonasFile, type Persona } from '../sim/personas.js';
import type { LoadLimits } from '../load/limits.js';
import { UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { writeProblems } from './problems.js';

/** The personas of `--personas FILE` (or the shipped mix), or undefined after writing the file's problems. */
export async function loadPersonas(option: string | undefined, io: Io, limits: LoadLimits): Promise<{ path: string; personas: readonly Persona[]; unavailable: ReadonlyMap<string, number> } | undefined> {
  const path = option ? resolve(io.cwd, option) : DEFAULT_PERSONAS_FILE;
  const loaded = await loadPersonasFile(path, limits);
  if (loaded.personas) return { path, personas: loaded.personas, unavailable: loaded.unavailable ?? new Map() };
  io.stderr.write(`journey: the personas file ${visible(path)} has problems:\n\n`);
  writeProblems(io, [{ filePath: path, source: loaded.source, diagnostics: loaded.diagnostics }]);
  return undefined;
}

/** Parses `--unavailable queue=share` flags (repeatable) over the personas file's `queues:`: the share of hand-offs to a queue that fail. */
export function unavailableShares(flags: readonly string[] | undefined, fromFile: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
  const out = new Map(fromFile);
  for (const flag of flags ?? []) {
    const m = /^([^=\s]+)=(\d*\.?\d+)$/.exec(flag.trim());
    const share = m ? Number(m[2]) : NaN;
    if (!m || !(share >= 0 && share <= 1)) throw new UsageError(`--unavailable takes queue=share with a share from 0 to 1, e.g. --unavailable card-services=0.2, got "${flag}".`);
    out.set(m[1] as string, share);
  }
  return out;
}
