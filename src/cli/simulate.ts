import { resolve } from 'node:path';
import type { Journey } from '../model/types.js';
import { lintFiles } from '../lint/lint.js';
import { formatExploration, formatMonteCarlo, explorationJson, monteCarloJson } from '../format/simulation.js';
import { loadPaint, PLAIN, shouldColor } from '../format/paint.js';
import { prepareResults } from '../format/prepare.js';
import { renderStylish } from '../format/stylish.js';
import { summarize } from '../sim/analysis.js';
import { explore } from '../sim/explore.js';
import { runMonteCarlo, type CostModel } from '../sim/montecarlo.js';
import { DEFAULT_PERSONAS_FILE, loadPersonasFile } from '../sim/personas.js';
import { parseAt } from '../sim/time.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { parseCount } from './options.js';

/** Options of `journey simulate`. */
export interface SimulateCommandOptions {
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

/** Fixed start instant when `--at` is not given, so that reports are reproducible: a Wednesday, 10:00 UTC. */
export const DEFAULT_AT = Date.parse('2026-12-02T10:00:00Z');

/** `journey simulate FILE`: Monte Carlo walks (default) or an exhaustive exploration. */
export async function runSimulate(file: string, options: SimulateCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}"; use text or json.`);
  const at = options.at === undefined ? undefined : parseAt(options.at);
  if (at?.error) throw new UsageError(`--at: ${at.error}.`);
  const journey = await loadJourney(file, io);
  if (!journey) return EXIT.FINDINGS;
  const paint = format === 'text' && shouldColor(io.stdout, io.env, options.color) ? await loadPaint(true) : PLAIN;

  if (options.exhaustive) {
    if (options.runs !== undefined || options.personas !== undefined || options.cost !== undefined) {
      throw new UsageError('--runs, --personas and --cost are for Monte Carlo runs, not --exhaustive.');
    }
    const exploration = explore(journey, {
      ...(options.maxConfigs !== undefined ? { maxConfigs: positive('--max-configs', options.maxConfigs) } : {}),
      ...(options.maxTurns !== undefined ? { maxTurns: positive('--max-turns', options.maxTurns) } : {}),
      ...(at?.at !== undefined ? { at: at.at } : {}),
    });
    const summary = summarize(exploration);
    io.stdout.write(format === 'json' ? explorationJson(summary) : formatExploration(summary, journey, options.at, paint));
    return summary.noHuman.length > 0 ? EXIT.FINDINGS : EXIT.OK;
  }

  if (options.maxConfigs !== undefined) throw new UsageError('--max-configs is for --exhaustive.');
  const runs = options.runs === undefined ? 10_000 : positive('--runs', options.runs);
  const seed = options.seed === undefined ? 1 : parseCount('--seed', options.seed);
  const personasPath = options.personas ? resolve(io.cwd, options.personas) : DEFAULT_PERSONAS_FILE;
  const loaded = await loadPersonasFile(personasPath);
  if (!loaded.personas) {
    io.stderr.write(`journey: the personas file ${personasPath} has problems:\n\n`);
    io.stderr.write(renderStylish(prepareResults([{ filePath: personasPath, source: loaded.source, diagnostics: loaded.diagnostics, suppressed: 0 }], io.cwd), { cwd: io.cwd, color: false, rules: new Map(), fileCount: 1 }, PLAIN).replace(/✖.*\n$/, ''));
    return EXIT.USAGE;
  }
  const progress = io.stderr.isTTY === true && runs >= 20_000 && !io.env.CI;
  const result = runMonteCarlo(journey, {
    runs,
    seed,
    personas: loaded.personas,
    at: at?.at ?? DEFAULT_AT,
    ...(options.maxTurns !== undefined ? { maxTurns: positive('--max-turns', options.maxTurns) } : {}),
    ...(options.cost !== undefined ? { cost: parseCost(options.cost) } : {}),
    ...(progress
      ? {
          progressEvery: Math.max(1, Math.floor(runs / 50)),
          onProgress: (done: number) => {
            const width = 30;
            const filled = Math.round((done / runs) * width);
            io.stderr.write(`\r[${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / runs) * 100)}% of ${runs.toLocaleString('en-US')} customers`);
          },
        }
      : {}),
  });
  if (progress) io.stderr.write('\r\x1b[2K');
  io.stdout.write(format === 'json' ? monteCarloJson(result) : formatMonteCarlo(result, journey, paint));
  return EXIT.OK;
}

/** The model of one journey file; prints its syntax or schema findings and returns undefined when it has none. */
export async function loadJourney(file: string, io: Io): Promise<Journey | undefined> {
  const path = resolve(io.cwd, file);
  const [result] = await lintFiles([path], { keepModels: true, cwd: io.cwd });
  if (result?.journey) return result.journey;
  const blocking = (result?.diagnostics ?? []).filter((d) => d.severity === 'error');
  io.stderr.write(renderStylish(prepareResults([{ ...(result as NonNullable<typeof result>), diagnostics: blocking }], io.cwd), { cwd: io.cwd, color: false, rules: new Map(), fileCount: 1 }, PLAIN));
  io.stderr.write('journey: the journey must parse and follow the format before it can be simulated.\n');
  return undefined;
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

function positive(flag: string, value: string): number {
  const n = parseCount(flag, value);
  if (n < 1) throw new UsageError(`${flag} must be at least 1.`);
  return n;
}
