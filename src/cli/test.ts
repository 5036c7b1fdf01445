import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { displayPath, plural, visible } from '../diagnostics/display.js';
import { discoverFiles } from '../lint/discover.js';
import { lintFiles } from '../lint/lint.js';
import { formatScenarioJson, formatScenarioJunit, formatScenarioText, type JourneyTests } from '../format/scenarios.js';
import { loadPaint, PLAIN, shouldColor } from '../format/paint.js';
import { computeCoverage, percentOf } from '../sim/coverage.js';
import { loadScenarios, runScenario } from '../sim/scenario.js';
import { EXIT, UsageError } from './exit-codes.js';
import { isIgnored } from '../config/resolve.js';
import { limitsAt, lintSettings, loadRunSettings, reportConfigProblems, type LoadCommandOptions } from './config.js';
import type { Io } from './io.js';
import { journeysBeside, writeProblems } from './problems.js';
import { parseCount } from './options.js';
import { parseInputs } from './input.js';
import type { FieldValue } from '../behaviour/table.js';
import type { Journey } from '../model/types.js';
import { writeOutput } from './write.js';

/** Options of `journey test`. */
export interface TestCommandOptions extends LoadCommandOptions {
  format?: string;
  outputFile?: string;
  coverage?: boolean;
  minCoverage?: string;
  passWithNoTests?: boolean;
  color?: boolean;
  /** `--input field=value`, repeatable: context values the host sets, for every journey that declares the field. */
  input?: string[];
  /** Re-run on changes (`--watch`); the watch then sets `only` for each run. */
  watch?: boolean;
  /** Run only the scenarios of these journey files (absolute paths) among those found: what a change affected. */
  only?: ReadonlySet<string>;
}

/**
 * `journey test`: runs every journey's scenarios (its `tests:` and its sibling
 * *.test.yaml) on the interpreter and on the compiled machine. Exit 0 when all pass,
 * 1 when one fails, a file cannot be read, or there are no scenarios at all (unless
 * --pass-with-no-tests), 2 for bad usage.
 */
export async function runTest(paths: readonly string[], options: TestCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'text';
  if (!['text', 'json', 'junit'].includes(format)) throw new UsageError(`unknown format "${format}"; use text, json or junit.`);
  const minCoverage = options.minCoverage === undefined ? undefined : parseCount('--min-coverage', options.minCoverage, { max: 100 });
  const wantCoverage = options.coverage === true || minCoverage !== undefined;

  // A *.test.yaml named directly stands for its journey.
  const targets = (paths.length > 0 ? paths : ['journeys/']).map((p) => {
    const m = /^(.*)\.test\.ya?ml$/.exec(p);
    if (!m) return p;
    const candidates = [`${m[1]}.journey.yaml`, `${m[1]}.journey.yml`];
    const found = candidates.find((c) => existsSync(resolve(io.cwd, c)));
    if (!found) throw new UsageError(`${p}: there is no journey beside it (expected ${candidates[0]}).`);
    return found;
  });
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const discovery = await discoverFiles(targets, { cwd: io.cwd, isIgnored: (p) => isIgnored(settings.configs.forFile(p), p) });
  if (!reportConfigProblems(settings, io)) return EXIT.USAGE;
  if (discovery.problems.length > 0) {
    for (const p of discovery.problems) io.stderr.write(`journey: ${visible(p.message)}\n`);
    return EXIT.USAGE;
  }
  const files = options.only ? discovery.files.filter((f) => options.only?.has(f)) : discovery.files;
  // Journeys they call are looked for beside them too (a journey named alone still finds its callees).
  const linted = await lintFiles(files, { keepModels: true, cwd: io.cwd, ...lintSettings(settings), catalogueFiles: [...discovery.files, ...(await journeysBeside(files, io.cwd))] });
  let broken = 0;
  // Test files whose journey is missing or misnamed would otherwise never run.
  for (const orphan of await orphanTestFiles(files)) {
    broken++;
    io.stderr.write(`journey: ${visible(displayPath(orphan, io.cwd))}: no journey file beside it has this name, so its scenarios never run (rename it after its journey: <name>.test.yaml beside <name>.journey.yaml).\n`);
  }
  const suites: JourneyTests[] = [];
  const inputs = inputsForJourneys(options.input, linted.flatMap((r) => (r.journey ? [r.journey] : [])));
  for (const result of linted) {
    const file = displayPath(result.filePath, io.cwd);
    if (!result.journey) {
      broken++;
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      writeProblems(io, [{ ...result, diagnostics: errors }], { summary: true });
      continue;
    }
    const loaded = await loadScenarios(result.journey, result.filePath, result.source, limitsAt(settings, result.filePath));
    if (loaded.diagnostics.length > 0) {
      broken += loaded.diagnostics.length;
      writeProblems(io, loaded.diagnostics.map((d) => ({ filePath: d.file, source: d.source, diagnostics: [d.diagnostic] })));
    }
    const input = inputs.get(result.journey);
    const results = loaded.scenarios.map((s) => runScenario(result.journey as NonNullable<typeof result.journey>, s, input ? { input } : {}));
    suites.push({
      file,
      journey: result.journey.id.value,
      results,
      ...(wantCoverage ? { coverage: computeCoverage(result.journey, results.map((r) => r.effects)) } : {}),
    });
  }

  const paint = format === 'text' && options.outputFile === undefined && shouldColor(io.stdout, io.env, options.color) ? await loadPaint(true) : PLAIN;
  const text = format === 'json' ? formatScenarioJson(suites) : format === 'junit' ? formatScenarioJunit(suites) : formatScenarioText(suites, paint, broken);
  if (options.outputFile) await writeOutput(resolve(io.cwd, options.outputFile), text, `${format} report`);
  else io.stdout.write(text);

  const failed = suites.some((s) => s.results.some((r) => !r.passed));
  const none = broken === 0 && suites.every((s) => s.results.length === 0);
  if (none) io.stderr.write(noScenarios(suites.length, options.passWithNoTests === true));
  let below = false;
  if (minCoverage !== undefined) {
    for (const s of suites) {
      const c = s.coverage;
      if (!c) continue;
      const figures = { states: percentOf(c.states), transitions: percentOf(c.transitions), 'off-ramps': percentOf(c.offramps) };
      for (const [name, value] of Object.entries(figures)) {
        if (value + 1e-9 < minCoverage) {
          below = true;
          io.stderr.write(`journey: ${visible(s.file)}: ${name} coverage ${value.toFixed(0)}% is below --min-coverage ${minCoverage}%.\n`);
        }
      }
    }
  }
  return failed || broken > 0 || below || (none && !options.passWithNoTests) ? EXIT.FINDINGS : EXIT.OK;
}

/** Why a run with no scenarios fails: journeys without tests would otherwise pass CI unnoticed. */
function noScenarios(journeys: number, allowed: boolean): string {
  const where = 'scenarios are read from a journey\'s `tests:` key and from <name>.test.yaml beside <name>.journey.yaml';
  const what = `journey: no scenarios found in ${plural(journeys, 'journey')}: ${where}`;
  return allowed ? `${what}; passing because of --pass-with-no-tests.\n` : `${what}. Add scenarios there, or pass --pass-with-no-tests to allow a run without any.\n`;
}

/**
 * `--input` per journey: each flag goes to the journeys that declare its field (typed
 * against each). A field that no journey declares is bad usage, named with the journeys' fields.
 */
function inputsForJourneys(flags: readonly string[] | undefined, journeys: readonly Journey[]): Map<Journey, Record<string, FieldValue>> {
  const out = new Map<Journey, Record<string, FieldValue>>();
  if (!flags || flags.length === 0 || journeys.length === 0) return out;
  for (const flag of flags) {
    const field = flag.slice(0, Math.max(0, flag.indexOf('='))).trim();
    if (!journeys.some((j) => j.fields.has(field))) parseInputs([flag], journeys[0] as Journey); // throws, naming the field
  }
  for (const journey of journeys) {
    const own = flags.filter((f) => journey.fields.has(f.slice(0, Math.max(0, f.indexOf('='))).trim()));
    const parsed = parseInputs(own, journey);
    if (parsed) out.set(journey, parsed);
  }
  return out;
}

/** *.test.yaml files in the journeys' folders with no journey of the same name beside them. */
async function orphanTestFiles(journeyFiles: readonly string[]): Promise<string[]> {
  const folders = new Set(journeyFiles.map((f) => dirname(f)));
  const out: string[] = [];
  for (const folder of [...folders].sort()) {
    const names = await readdir(folder).catch(() => [] as string[]);
    // Every journey of the folder counts, tested now or not: a test file of a journey not named on the command line is no orphan.
    const journeys = new Set(names.map((n) => /^(.*)\.journey\.ya?ml$/.exec(n)?.[1]).filter((n): n is string => n !== undefined));
    for (const name of names.sort()) {
      const m = /^(.*)\.test\.ya?ml$/.exec(name);
      if (m && !journeys.has(m[1] as string)) out.push(join(folder, name));
    }
  }
  return out;
}
