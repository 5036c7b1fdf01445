import { resolve } from 'node:path';
import { displayPath } from '../diagnostics/display.js';
import { readSource } from '../load/read.js';
import type { Journey } from '../model/types.js';
import { MAX_RUNS, runMonteCarlo } from '../sim/montecarlo.js';
import { DEFAULT_ARRIVAL } from '../sim/time.js';
import { buildDiagram } from '../show/diagram.js';
import { renderDot, SVG_SCREEN } from '../show/dot.js';
import { heatOf, readSavedHeat, type HeatFigures } from '../show/heat.js';
import { renderMermaid } from '../show/mermaid.js';
import { EXIT, UsageError } from './exit-codes.js';
import { limitsAt, loadRunSettings, type LoadCommandOptions, type RunSettings } from './config.js';
import type { Io } from './io.js';
import { MAX_SEED, parseCount, parsePositive } from './options.js';
import { loadPersonas } from './personas.js';
import { loadJourney, writeProblems } from './problems.js';
import { writeOutput } from './write.js';

/** Options of `journey graph`. */
export interface GraphCommandOptions extends LoadCommandOptions {
  format?: string;
  output?: string;
  expandOfframp?: boolean;
  heat?: boolean;
  heatFrom?: string;
  runs?: string;
  seed?: string;
  personas?: string;
}

const FORMATS = ['mermaid', 'dot', 'svg'];

/**
 * `journey graph FILE`: a Mermaid, DOT or SVG diagram of the journey, problem states
 * highlighted; `--heat` colours it by a seeded Monte Carlo run (as `journey simulate`),
 * `--heat-from` by results `journey simulate --format json` saved.
 */
export async function runGraph(file: string, options: GraphCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'mermaid';
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"; use mermaid, dot or svg.`);
  if (options.heat && options.heatFrom !== undefined) throw new UsageError('--heat runs a simulation and --heat-from reads a saved one: give one of them.');
  if (!options.heat && (options.runs !== undefined || options.seed !== undefined || options.personas !== undefined)) {
    throw new UsageError('--runs, --seed and --personas are for --heat.');
  }
  const runs = options.runs === undefined ? 10_000 : parsePositive('--runs', options.runs, MAX_RUNS);
  const seed = options.seed === undefined ? 1 : parseCount('--seed', options.seed, { max: MAX_SEED });
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const loaded = await loadJourney(file, io, 'drawn', settings);
  if (!loaded) return EXIT.FINDINGS;
  const diagram = buildDiagram(loaded.journey, loaded.diagnostics, { expandOfframp: options.expandOfframp === true });
  let figures: HeatFigures | undefined;
  if (options.heat) figures = await simulatedHeat(loaded.journey, { runs, seed, personas: options.personas }, io, settings);
  else if (options.heatFrom !== undefined) figures = await savedHeat(options.heatFrom, loaded.journey.id.value, io, settings);
  if ((options.heat || options.heatFrom !== undefined) && !figures) return EXIT.USAGE;
  const heat = figures ? heatOf(diagram, figures) : undefined;
  let text: string;
  if (format === 'mermaid') text = renderMermaid(diagram, heat);
  else if (format === 'dot') text = renderDot(diagram, heat);
  else text = await (await import('../show/svg.js')).renderSvg(renderDot(diagram, heat, { fit: SVG_SCREEN }));
  if (options.output) await writeOutput(resolve(io.cwd, options.output), text, `${format} diagram`);
  else io.stdout.write(text);
  return EXIT.OK;
}

/** The Monte Carlo figures `journey simulate --runs --seed --personas` gives (same arrival, same queues), or undefined after the personas file's problems. */
export async function simulatedHeat(journey: Journey, options: { runs: number; seed: number; personas: string | undefined }, io: Io, settings: RunSettings): Promise<HeatFigures | undefined> {
  const loaded = await loadPersonas(options.personas, io, limitsAt(settings, resolve(io.cwd, options.personas ?? 'personas')));
  if (!loaded) return undefined;
  return runMonteCarlo(journey, { runs: options.runs, seed: options.seed, personas: loaded.personas, at: DEFAULT_ARRIVAL, unavailable: loaded.unavailable });
}

/** The figures of a saved `journey simulate --format json`, or undefined after its problems (with positions). */
async function savedHeat(path: string, journey: string, io: Io, settings: RunSettings): Promise<HeatFigures | undefined> {
  const filePath = resolve(io.cwd, path);
  const read = await readSource(filePath, limitsAt(settings, filePath));
  const saved = read.diagnostic ? { diagnostics: [read.diagnostic] } : readSavedHeat(read.text, journey);
  if (saved.figures) return saved.figures;
  io.stderr.write(`journey: ${displayPath(filePath, io.cwd)} is not usable for --heat-from:\n\n`);
  writeProblems(io, [{ filePath, source: read.text, diagnostics: saved.diagnostics }]);
  return undefined;
}
