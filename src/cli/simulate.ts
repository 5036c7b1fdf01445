import { resolve } from 'node:path';
import { formatExploration, formatMonteCarlo, explorationJson, monteCarloJson } from '../format/simulation.js';
import { loadPaint, PLAIN, shouldColor } from '../format/paint.js';
import { summarize } from '../interpret/summary.js';
import { explore } from '../interpret/explore.js';
import { MAX_RUNS, runMonteCarlo, type CostModel } from '../sim/montecarlo.js';
import { DEFAULT_ARRIVAL, parseAt } from '../sim/time.js';
import { EXIT, UsageError } from './exit-codes.js';
import { limitsAt, loadRunSettings, type LoadCommandOptions } from './config.js';
import type { Io } from './io.js';
import { MAX_SEED, parseCount, parsePositive } from './options.js';
import { parseInputs } from './input.js';
import { startProgress } from './progress.js';
import { loadPersonas, unavailableShares } from './personas.js';
import { loadJourney } from './problems.js';

/** Options of `journey simulate`. */
export interface SimulateCommandOptions extends LoadCommandOptions {
  /** `--input field=value`, repeatable: context values the host sets. */
  input?: string[];
  /** `--unavailable queue=share`, repeatable: the share of hand-offs to a queue that fail. */
  unavailable?: string[];
  exhaustive?: boolean;
  runs?: string;
  seed?: string;
  personas?: string;
  at?: string;
  maxConfigs?: string;
  maxTurns?: string;
  cost?: string;
  format?: string;
  color?: boolean;
}


/** `journey simulate FILE`: Monte Carlo walks (default) or an exhaustive exploration. */
export async function runSimulate(file: string, options: SimulateCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}"; use text or json.`);
  const at = options.at === undefined ? undefined : parseAt(options.at);
  if (at?.error) throw new UsageError(`--at: ${at.error}.`);
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const journey = (await loadJourney(file, io, 'simulated', settings))?.journey;
  if (!journey) return EXIT.FINDINGS;
  const paint = format === 'text' && shouldColor(io.stdout, io.env, options.color) ? await loadPaint(true) : PLAIN;
  const input = parseInputs(options.input, journey);

  if (options.exhaustive) {
    if (options.runs !== undefined || options.personas !== undefined || options.cost !== undefined) {
      throw new UsageError('--runs, --personas and --cost are for Monte Carlo runs, not --exhaustive.');
    }
    const exploration = explore(journey, {
      ...(options.maxConfigs !== undefined ? { maxConfigs: parsePositive('--max-configs', options.maxConfigs) } : {}),
      ...(options.maxTurns !== undefined ? { maxTurns: parsePositive('--max-turns', options.maxTurns) } : {}),
      ...(at?.at !== undefined ? { at: at.at } : {}),
      ...(input ? { input } : {}),
    });
    const summary = summarize(exploration);
    io.stdout.write(format === 'json' ? explorationJson(summary) : formatExploration(summary, journey, options.at, paint));
    return summary.noHuman.length > 0 ? EXIT.FINDINGS : EXIT.OK;
  }

  if (options.maxConfigs !== undefined) throw new UsageError('--max-configs is for --exhaustive.');
  const runs = options.runs === undefined ? 10_000 : parsePositive('--runs', options.runs, MAX_RUNS);
  const seed = options.seed === undefined ? 1 : parseCount('--seed', options.seed, { max: MAX_SEED });
  const loaded = await loadPersonas(options.personas, io, limitsAt(settings, resolve(io.cwd, options.personas ?? 'personas')));
  if (!loaded) return EXIT.USAGE;
  const maxTurns = options.maxTurns === undefined ? undefined : parsePositive('--max-turns', options.maxTurns);
  const cost = options.cost === undefined ? undefined : parseCost(options.cost);
  const progress = await startProgress(io.stderr, io.env, runs, 'customers');
  let result: ReturnType<typeof runMonteCarlo>;
  try {
    result = runMonteCarlo(journey, {
      runs,
      seed,
      personas: loaded.personas,
      at: at?.at ?? DEFAULT_ARRIVAL,
      ...(input ? { input } : {}),
      unavailable: unavailableShares(options.unavailable, loaded.unavailable),
      ...(maxTurns !== undefined ? { maxTurns } : {}),
      ...(cost !== undefined ? { cost } : {}),
      ...(progress ? { progressEvery: progress.every, onProgress: progress.update } : {}),
    });
  } finally {
    progress?.stop();
  }
  io.stdout.write(format === 'json' ? monteCarloJson(result) : formatMonteCarlo(result, journey, paint));
  return EXIT.OK;
}

/** Parses `bot_turn=0.1,human_minute=1.2[,handle_minutes=6]`. */
export function parseCost(spec: string): CostModel {
  const values: Record<string, number> = { bot_turn: 0, human_minute: 0, handle_minutes: 6 };
  for (const part of spec.split(',')) {
    const m = /^\s*(bot_turn|human_minute|handle_minutes)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m) throw new UsageError(`--cost takes bot_turn=N,human_minute=N[,handle_minutes=N], got "${part.trim()}".`);
    values[m[1] as string] = Number(m[2]);
  }
  return { botTurn: values.bot_turn as number, humanMinute: values.human_minute as number, handleMinutes: values.handle_minutes as number };
}

