import { journeysBeside } from './problems.js';
import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { locate } from '../diagnostics/located.js';
import { displayPath, visible } from '../diagnostics/display.js';
import { discoverFiles } from '../lint/discover.js';
import { lintFiles } from '../lint/lint.js';
import { describeFsError } from '../load/read.js';
import { summarize } from '../interpret/summary.js';
import { explore } from '../interpret/explore.js';
import { MAX_RUNS, runMonteCarlo } from '../sim/montecarlo.js';
import type { Persona } from '../sim/personas.js';
import { loadScenarios, runScenario } from '../sim/scenario.js';
import { DEFAULT_ARRIVAL } from '../sim/time.js';
import { buildDiagram, type Diagram } from '../show/diagram.js';
import { renderMermaid } from '../show/mermaid.js';
import { formatReport, type JourneyFigures } from '../show/report.js';
import { codeFrame, LineIndex } from '../diagnostics/code-frame.js';
import { computeCoverage } from '../sim/coverage.js';
import { renderDot } from '../show/dot.js';
import { heatOf } from '../show/heat.js';
import { formatHtmlReport, type HtmlJourney } from '../show/html.js';
import { EXIT, UsageError } from './exit-codes.js';
import { isIgnored } from '../config/resolve.js';
import { limitsAt, lintSettings, loadRunSettings, reportConfigProblems, type LoadCommandOptions, type RunSettings } from './config.js';
import type { Io } from './io.js';
import { MAX_SEED, parseCount, parsePositive } from './options.js';
import { loadPersonas } from './personas.js';
import { writeOutput } from './write.js';
import { parseIdle, parseMapping, replayLogsOf } from './replay.js';
import { versusSimulation } from '../sim/replay.js';
import type { MonteCarloResult } from '../sim/montecarlo.js';
import type { Journey } from '../model/types.js';
import type { ReplayReport } from '../format/replay.js';
import type { ReplayResult } from '../sim/replay.js';

/** Options of `journey report`. */
export interface ReportCommandOptions extends LoadCommandOptions {
  output?: string;
  compare?: string;
  runs?: string;
  seed?: string;
  personas?: string;
  format?: string;
  logs?: string[];
  map?: string[];
  idle?: string;
}

/**
 * `journey report`: one Markdown document with, per journey, lint, diagram, simulation
 * figures and scenario results (`--format html`: one self-contained page with heat
 * diagrams and charts); `--compare BASE_DIR` adds the change against another version of
 * the journeys. Exit 1 when a journey has lint errors or a failing scenario.
 */
export async function runReport(paths: readonly string[], options: ReportCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'html') throw new UsageError(`unknown format "${format}"; use markdown or html.`);
  const runs = options.runs === undefined ? 10_000 : parsePositive('--runs', options.runs, MAX_RUNS);
  const seed = options.seed === undefined ? 1 : parseCount('--seed', options.seed, { max: MAX_SEED });
  if (options.logs === undefined && (options.map !== undefined || options.idle !== undefined)) throw new UsageError('--map and --idle are for the logs of --logs; add --logs LOGS...');
  const mapping = parseMapping(options.map);
  const idleMs = parseIdle(options.idle);
  const run = await loadRunSettings(options, io);
  if (!run) return EXIT.USAGE;
  const loaded = await loadPersonas(options.personas, io, limitsAt(run, resolve(io.cwd, options.personas ?? 'personas')));
  if (!loaded) return EXIT.USAGE;
  const settings = { runs, seed, personas: options.personas ? displayPath(loaded.path, io.cwd) : 'the default mix', ...(options.logs ? { logs: options.logs } : {}) };

  const simulation = { personas: loaded.personas, runs, seed, unavailable: loaded.unavailable };
  const replayable: Replayable[] = [];
  const gathered = await gather(paths.length > 0 ? paths : ['journeys/'], io.cwd, io, run, simulation, format === 'html', replayable);
  if (!gathered) return EXIT.USAGE;
  let current = gathered;
  if (options.logs) {
    const real = await replayReal(replayable, options.logs, { traffic: format === 'html', ...(idleMs !== undefined ? { idleMs } : {}) }, mapping, { ...simulation, label: settings.personas }, io);
    if (typeof real === 'number') return real;
    const heat = format === 'html' ? await realHeat(replayable, real) : new Map<number, string>();
    current = gathered.map((j, i) => {
      const replay = real.get(i);
      if (!replay) return j;
      const svg = heat.get(i);
      return { ...j, real: replay, ...(svg !== undefined && 'detail' in j ? { detail: { ...j.detail, realSvg: svg } } : {}) };
    });
  }
  let base: JourneyFigures[] | undefined;
  if (options.compare !== undefined) {
    base = await gather([resolve(io.cwd, options.compare)], resolve(io.cwd, options.compare), io, run, simulation, false);
    if (!base) return EXIT.USAGE;
  }
  const text = format === 'html' ? formatHtmlReport(current as HtmlJourney[], settings, base) : formatReport(current, settings, base);
  if (options.output && format === 'html') await writeOutput(resolve(io.cwd, options.output), text, 'report');
  else if (options.output) {
    const path = resolve(io.cwd, options.output);
    const summary = io.env.GITHUB_STEP_SUMMARY ? resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY) : undefined;
    if (path === summary) {
      try {
        await appendFile(path, text);
      } catch (error) {
        throw new UsageError(`cannot add the report to ${path}: ${describeFsError(error)}.`);
      }
    } else await writeOutput(path, text, 'report');
  } else io.stdout.write(text);
  const failing = current.some((j) => j.findings.some((f) => f.severity === 'error') || j.scenarios.failed > 0);
  return failing ? EXIT.FINDINGS : EXIT.OK;
}

/** How every journey of a report is simulated. */
interface ReportSimulation {
  readonly personas: readonly Persona[];
  readonly runs: number;
  readonly seed: number;
  readonly unavailable: ReadonlyMap<string, number>;
}

/** A journey of the report that logged conversations can be replayed on: its place in the report, its model and its simulation. */
interface Replayable {
  readonly index: number;
  readonly journey: Journey;
  readonly simulation: MonteCarloResult;
  readonly diagram: Diagram;
}

/**
 * Replays the logs once on every replayable journey of the report (`--logs`): the replay of
 * each, with the report's simulation beside it, by its place in the report. Lines without a
 * journey id (plain event logs) belong to a journey only when there is one to replay.
 */
async function replayReal(replayable: readonly Replayable[], logs: readonly string[], options: { idleMs?: number; traffic: boolean }, mapping: ReturnType<typeof parseMapping>, simulation: ReportSimulation & { label: string }, io: Io): Promise<Map<number, ReplayReport> | number> {
  if (replayable.length === 0) {
    io.stderr.write('journey: --logs needs a journey to replay the conversations on; none of the journeys of the report parses (sub-journeys are replayed inside their callers).\n');
    return EXIT.USAGE;
  }
  const replayed = await replayLogsOf(replayable.map((r) => r.journey), logs, options, mapping, io);
  if (typeof replayed === 'number') return replayed;
  if (replayed.plainRecords > 0 && replayable.length > 1) {
    io.stderr.write(`journey: ${replayed.plainRecords.toLocaleString('en-US')} log line${replayed.plainRecords === 1 ? ' has' : 's have'} no journey id, and the report has ${replayable.length} journeys to replay; report on one journey with plain event logs (journey report FILE --logs LOGS).\n`);
    return EXIT.USAGE;
  }
  const out = new Map<number, ReplayReport>();
  replayable.forEach((r, i) => {
    const result = replayed.results[i] as ReplayResult;
    out.set(r.index, { replay: result, read: replayed.read, simulation: { runs: simulation.runs, seed: simulation.seed, personas: simulation.label, figures: versusSimulation(result, r.simulation) } });
  });
  return out;
}

/** The heat diagram of each replayed journey's logged conversations (as inline SVG), by its place in the report; none for a journey no conversation of the logs belongs to. */
async function realHeat(replayable: readonly Replayable[], real: ReadonlyMap<number, ReplayReport>): Promise<Map<number, string>> {
  const { renderSvg } = await import('../show/svg.js');
  const out = new Map<number, string>();
  for (const r of replayable) {
    const replay = real.get(r.index)?.replay;
    if (!replay?.traffic || replay.conversations === 0) continue;
    const figures = { journey: replay.journey, runs: replay.conversations, seed: 0, traffic: replay.traffic, frictionStates: replay.frictionStates };
    const heat = { ...heatOf(r.diagram, figures), title: `Heat: ${replay.conversations.toLocaleString('en-US')} logged conversations (up to their first deviation)` };
    out.set(r.index, await renderSvg(renderDot(r.diagram, heat), { inline: true }));
  }
  return out;
}

/**
 * Lints, simulates, explores and tests every journey under `paths`; with `detail`, also what
 * the HTML page shows (heat SVG, excerpts, coverage). Each journey logs can be replayed on
 * (it parses and is not a sub-journey) is added to `replayable`.
 */
async function gather(paths: readonly string[], cwd: string, io: Io, run: RunSettings, simulation: ReportSimulation, detail: boolean, replayable?: Replayable[]): Promise<(JourneyFigures | HtmlJourney)[] | undefined> {
  const { personas, runs, seed, unavailable } = simulation;
  const discovery = await discoverFiles(paths, { cwd, isIgnored: (p) => isIgnored(run.configs.forFile(p), p) });
  if (!reportConfigProblems(run, io)) return undefined;
  if (discovery.problems.length > 0) {
    for (const p of discovery.problems) io.stderr.write(`journey: ${visible(p.message)}\n`);
    return undefined;
  }
  const results = await lintFiles(discovery.files, { keepModels: true, cwd, ...lintSettings(run), catalogueFiles: await journeysBeside(discovery.files, cwd) });
  const out: (JourneyFigures | HtmlJourney)[] = [];
  for (const r of results) {
    const findings = locate(r.source, r.diagnostics);
    const lines = detail ? new LineIndex(r.source) : undefined;
    const excerpts = lines ? findings.map((f) => (r.source.length > 0 ? codeFrame(lines, f.line, f.column, f.endLine, f.endColumn) : undefined)) : [];
    const journey = r.journey;
    const file = displayPath(r.filePath, io.cwd);
    if (!journey) {
      // A file that does not parse still appears, with its findings, so the report never hides it.
      out.push({ id: file, title: '(does not parse)', priority: '—', file, findings, mermaid: 'stateDiagram-v2\n', containment: 0, escalation: 0, abandonment: 0, worstTurns: null, bounded: false, scenarios: { passed: 0, failed: 0, failures: [] }, ...(detail ? { detail: { excerpts, scenarios: [] } } : {}) });
      continue;
    }
    // A sub-journey's customers are simulated inside its callers; on its own it has no figures of its own.
    const mc = journey.subJourney ? undefined : runMonteCarlo(journey, { runs, seed, personas, at: DEFAULT_ARRIVAL, unavailable });
    const summary = journey.subJourney ? undefined : summarize(explore(journey, { maxConfigs: 20_000 }));
    const loaded = await loadScenarios(journey, r.filePath, r.source, limitsAt(run, r.filePath));
    const scenarioResults = loaded.scenarios.map((s) => runScenario(journey, s));
    const failures = [
      ...loaded.diagnostics.map((d) => `${displayPath(d.file, io.cwd)}: ${d.diagnostic.message}`),
      ...scenarioResults.filter((s) => !s.passed).map((s) => `${s.scenario.name}: ${s.failures.join('; ')}`),
    ];
    const diagram = buildDiagram(journey, r.diagnostics);
    if (mc) replayable?.push({ index: out.length, journey, simulation: mc, diagram });
    const extra = detail
      ? {
          detail: {
            excerpts,
            ...(mc ? { simulation: mc } : {}),
            svg: await (await import('../show/svg.js')).renderSvg(renderDot(diagram, mc ? heatOf(diagram, mc) : undefined), { inline: true }),
            scenarios: scenarioResults.map((s) => ({ name: s.scenario.name, passed: s.passed, failures: s.failures })),
            ...(scenarioResults.length > 0 ? { coverage: computeCoverage(journey, scenarioResults.map((s) => s.effects)) } : {}),
          },
        }
      : {};
    out.push({
      ...extra,
      id: journey.id.value,
      title: journey.title,
      priority: journey.priority,
      file,
      findings,
      mermaid: renderMermaid(diagram),
      containment: mc?.containment ?? 0,
      escalation: mc?.escalation ?? 0,
      abandonment: mc?.abandonment ?? 0,
      worstTurns: summary?.worstTurnsToHuman?.turns ?? null,
      bounded: summary?.bound !== undefined,
      ...(journey.subJourney ? { subJourney: true } : {}),
      scenarios: { passed: scenarioResults.filter((s) => s.passed).length, failed: scenarioResults.filter((s) => !s.passed).length + loaded.diagnostics.length, failures },
    });
  }
  return out;
}
