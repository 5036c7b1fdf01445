import type { Command } from 'commander';
import { visible } from '../diagnostics/display.js';
import { EXIT, UsageError } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { offerArgument, offerOption } from './offers.js';
import { VERSION } from './version.js';


/**
 * Runs the CLI and returns the exit code; never throws. Each command's module is
 * imported only when that command runs, so `journey lint` never loads ink, react or xstate.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  try {
    const { Command, CommanderError } = await import('commander');
    const program = buildProgram(new Command(), io, (c) => {
      code = c;
    });
    try {
      await program.parseAsync(argv as string[]);
    } catch (error) {
      if (error instanceof CommanderError) {
        // Help and version exit 0; every other commander error is bad usage.
        return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      }
      throw error;
    }
    return code;
  } catch (error) {
    if (error instanceof UsageError || (error as Error)?.name === 'WorkerCrash') {
      io.stderr.write(`journey: ${visible((error as Error).message)}\n`);
      return EXIT.USAGE;
    }
    io.stderr.write(`journey: internal error: ${visible(describe(error))}\n`);
    if (io.env.JOURNEY_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    else io.stderr.write('Please report this with the command you ran; set JOURNEY_DEBUG=1 to see details.\n');
    return EXIT.USAGE;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function buildProgram(program: Command, io: Io, setCode: (code: number) => void): Command {
  program
    .name('journey')
    .description('Lint, simulate, compile and show customer journeys with required human off-ramps.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.startsWith('error:') ? `journey: ${s.slice(7)}` : s),
    });

  const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
  const lintCommand = program
    .command('lint')
    .description('Validate and lint journey files (default: journeys/).')
    .argument('[paths...]', 'journey files, folders (searched for *.journey.yaml / *.journey.yml) or globs')
    .option('-f, --format <name>', 'output format: stylish, json, sarif, junit, github, markdown (repeatable)', collect)
    .option('-o, --output-file <path>', 'write the report to a file; with several formats use FORMAT=PATH (repeatable)', collect)
    .option('-c, --config <file>', 'use this config file instead of the nearest journey.config.yaml')
    .option('--print-config <file>', 'print the effective config for a file and exit')
    .option('--quiet', 'report errors only, not warnings')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (0 or more)')
    .option('--max-errors <n>', 'stop linting further files after n errors (1 or more)')
    .option('--max-file-size <size>', 'largest journey file read, e.g. 2MB (default: 2MB)')
    .option('--cache', 'reuse results of unchanged files (stored in .journeycache)')
    .option('--cache-location <file>', 'where the cache is stored')
    .option('--concurrency <n>', 'worker threads: auto (default) or a number of at least 1; 1 lints in one thread')
    .option('--baseline <file>', `baseline of known findings (default: journey-baseline.json beside the config)`)
    .option('--baseline-write', 'record all current findings in the baseline and exit 0')
    .option('--baseline-prune', 'remove baseline entries whose findings are fixed')
    .option('--stdin', 'lint a journey read from standard input')
    .option('--stdin-filename <path>', 'path of the --stdin journey (for config overrides and messages)')
    .option('--import <platform>', "import the bot at the one path given (rasa, dialogflow-cx, connect, copilot-studio) and lint it; findings point at the bot's files")
    .option('--hours <spec>', 'with --import: opening hours of every human state')
    .option('--fix', 'apply safe fixes to the files (never suggestions), in passes until stable')
    .option('--fix-dry-run', 'compute fixes without writing; the json format shows each fixed file as `output`')
    .option('--fix-type <types>', 'apply only fixes of these rule types: problem, suggestion, layout (comma list, repeatable)', collect)
    .option('--no-error-on-unmatched-pattern', 'do not fail when a path or pattern matches no files')
    .option('--no-ignore', 'lint files that .gitignore or the config\'s ignores would skip')
    .option('--watch', 'lint again whenever a journey or config file changes, until Ctrl-C')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (options.watch) {
        const { watchLint } = await import('./watch.js');
        setCode(await watchLint(paths, options, io));
        return;
      }
      const { runLint } = await import('./lint.js');
      setCode(await runLint(paths, options, io));
    });
  offerOption(lintCommand, '--format', async () => (await import('../format/index.js')).FORMAT_NAMES);
  offerOption(lintCommand, '--fix-type', async () => (await import('../lint/fix.js')).FIX_TYPES);
  offerOption(lintCommand, '--import', async () => (await import('../import/types.js')).PLATFORMS);
  offerOption(lintCommand, '--concurrency', () => ['auto']);

  const rulesCommand = program
    .command('rules')
    .description('List the lint rules.')
    .option('-f, --format <name>', 'output format: table or json', 'table')
    .action(async (options: Record<string, unknown>) => {
      const { runRules } = await import('./rules.js');
      setCode(await runRules(options, io));
    });
  offerOption(rulesCommand, '--format', () => ['table', 'json']);

  const compileCommand = program
    .command('compile')
    .description('Compile journeys to XState v5 machines (lint errors stop it).')
    .argument('[paths...]', 'journey files, folders or globs (default: journeys/)')
    .requiredOption('-o, --out <dir>', 'folder to write <id>.machine.json (or .ts / .js) to')
    .option('-t, --target <target>', 'json (default), ts (typed module), studio (Stately Studio import), scxml (W3C SCXML 1.0)', 'json')
    .option('--check', 'write nothing; exit 1 if a machine in --out is missing or out of date')
    .option('--force', 'compile despite rule errors that do not make the machine unsafe (never human-exit)');
  withLoadOptions(compileCommand)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runCompile } = await import('./compile.js');
      setCode(await runCompile(paths, options, io));
    });
  offerOption(compileCommand, '--target', async () => (await import('../compile/emit.js')).TARGETS);

  const simulateCommand = program
    .command('simulate')
    .description('Simulate customers: seeded persona Monte Carlo (default) or an exhaustive exploration.')
    .argument('<file>', 'a journey file')
    .option('--exhaustive', 'explore every reachable configuration instead of random walks')
    .option('--runs <n>', 'simulated customers, 1 to 10,000,000 (default 10000)')
    .option('--seed <n>', 'random seed, 0 to 4,294,967,295 (default 1); the same seed gives the same report')
    .option('--personas <file>', 'a *.personas.yaml file (default: the shipped mix)')
    .option('--at <time>', 'when the customers arrive, e.g. "2026-12-24T22:00 Europe/London" (hours are judged then)')
    .option('--max-configs <n>', 'exhaustive: most configurations explored, at least 1 (default 100000)')
    .option('--max-turns <n>', 'exhaustive: longest path in inputs (default 30); Monte Carlo: turn cap per customer (default 200); at least 1')
    .option('--cost <spec>', 'cost model, e.g. bot_turn=0.1,human_minute=1.2[,handle_minutes=6]')
    .option('-f, --format <name>', 'text (default) or json', 'text')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .option('--input <field=value>', 'a context value the host sets, typed against the journey\'s fields (repeatable)', collect)
    .option('--unavailable <queue=share>', 'Monte Carlo: the share of hand-offs to a queue that fail, for human states with when_unavailable (repeatable)', collect);
  withLoadOptions(simulateCommand)
    .action(async (file: string, options: Record<string, unknown>) => {
      const { runSimulate } = await import('./simulate.js');
      setCode(await runSimulate(file, options, io));
    });
  offerOption(simulateCommand, '--format', () => ['text', 'json']);

  const replayCommand = program
    .command('replay')
    .description('Replay logged conversations on the journey: conformance, real figures, and the simulation beside them.')
    .argument('<journey>', 'a journey file')
    .argument('<logs...>', 'log files: journeyctl conversation logs or plain event logs (JSON Lines, or CSV when the name ends in .csv)')
    .option('-f, --format <name>', 'text (default), json or markdown', 'text')
    .option('--map <name=column>', 'where a plain log keeps conversation, ts, event, data or data.<field>, e.g. event=intent_name,conversation=session_id (repeatable)', collect)
    .option('--strict', 'exit 1 when any line is malformed (they are always reported)')
    .option('--idle <duration>', 'close a conversation with no line for this long in log time, e.g. 30m (default 30m)')
    .option('--no-simulate', 'do not run the simulation beside the replay')
    .option('--runs <n>', 'simulated customers beside the replay, 1 to 10,000,000 (default 10000)')
    .option('--seed <n>', 'random seed of the simulation, 0 to 4,294,967,295 (default 1)')
    .option('--personas <file>', 'a *.personas.yaml file for the simulation (default: the shipped mix)')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output');
  withLoadOptions(replayCommand)
    .action(async (file: string, logs: string[], options: Record<string, unknown>) => {
      const { runReplay } = await import('./replay.js');
      setCode(await runReplay(file, logs, options, io));
    });

  const personasCommand = program
    .command('personas')
    .description('Fit the persona model to logged conversations (`personas fit`), for simulate and replay.')
    .argument('<action>', 'fit')
    .argument('<journey>', 'a journey file')
    .argument('<logs...>', 'log files, as `journey replay` reads them')
    .option('-o, --output <file>', 'write the personas file here (default: print it)')
    .option('--map <name=column>', 'where a plain log keeps conversation, ts, event, data or data.<field> (repeatable)', collect)
    .option('--idle <duration>', 'close a conversation with no line for this long in log time (default 30m)');
  withLoadOptions(personasCommand)
    .action(async (action: string, file: string, logs: string[], options: Record<string, unknown>) => {
      const { runPersonas } = await import('./personas-fit.js');
      setCode(await runPersonas(action, file, logs, options, io));
    });

  const testCommand = program
    .command('test')
    .description('Run scenario tests on the interpreter and on the compiled XState machine.')
    .argument('[paths...]', 'journey files or folders (default: journeys/); scenarios come from `tests:` and sibling *.test.yaml files')
    .option('-f, --format <name>', 'text (default), json or junit', 'text')
    .option('-o, --output-file <file>', 'write the report to a file')
    .option('--coverage', 'report the share of states, transitions and off-ramps the scenarios exercise')
    .option('--min-coverage <percent>', 'exit 1 when any coverage figure of a journey is below this (0 to 100)')
    .option('--pass-with-no-tests', 'exit 0 instead of 1 when no scenarios are found')
    .option('--watch', 'run again the scenarios of the journeys a change affects, until Ctrl-C')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .option('--input <field=value>', 'a context value the host sets, typed against the journey\'s fields (repeatable)', collect);
  withLoadOptions(testCommand)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (options.watch) {
        const { watchTest } = await import('./watch.js');
        setCode(await watchTest(paths, options, io));
        return;
      }
      const { runTest } = await import('./test.js');
      setCode(await runTest(paths, options, io));
    });
  offerOption(testCommand, '--format', () => ['text', 'json', 'junit']);

  const playCommand = program
    .command('play')
    .description('Walk a journey as a customer in the terminal (or replay --events and print the final screen).')
    .argument('<file>', 'a journey file')
    .option('--engine <engine>', 'interpreter (default) or xstate (the compiled machine the bot runs)')
    .option('--events <list>', 'replay comma-separated events without a terminal (also `wait 5m`, `timeout`) and print the final screen')
    .option('--transcript <file>', 'save the walk: .md (Markdown) or .json/.yaml (a scenario test file)')
    .option('--at <time>', 'when the customer arrives, e.g. "2026-12-24T22:00 Europe/London"')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .option('--input <field=value>', 'a context value the host sets, typed against the journey\'s fields (repeatable)', collect);
  withLoadOptions(playCommand)
    .action(async (file: string, options: Record<string, unknown>) => {
      const { runPlay } = await import('./play.js');
      setCode(await runPlay(file, options, io));
    });
  offerOption(playCommand, '--engine', () => ['interpreter', 'xstate']);

  const graphCommand = program
    .command('graph')
    .description('Draw a journey: Mermaid stateDiagram-v2 (renders on GitHub), Graphviz DOT, or SVG drawn in-process.')
    .argument('<file>', 'a journey file')
    .option('-f, --format <name>', 'mermaid (default), dot or svg', 'mermaid')
    .option('-o, --output <file>', 'write the diagram to a file')
    .option('--expand-offramp', 'draw the journey-wide offramp as an edge from every bot state instead of one note')
    .option('--heat', 'colour states and moves by the traffic and friction of a seeded Monte Carlo run, as journey simulate')
    .option('--heat-from <file>', 'colour by results saved with journey simulate --format json')
    .option('--runs <n>', 'with --heat: simulated customers, 1 to 10,000,000 (default 10000)')
    .option('--seed <n>', 'with --heat: random seed, 0 to 4,294,967,295 (default 1)')
    .option('--personas <file>', 'with --heat: a *.personas.yaml file (default: the shipped mix)');
  withLoadOptions(graphCommand)
    .action(async (file: string, options: Record<string, unknown>) => {
      const { runGraph } = await import('./graph.js');
      setCode(await runGraph(file, options, io));
    });
  offerOption(graphCommand, '--format', () => ['mermaid', 'dot']);

  const reportCommand = program
    .command('report')
    .description('Write a Markdown report (lint, diagram, simulation, scenarios) for a pull request or $GITHUB_STEP_SUMMARY, or one self-contained HTML page.')
    .argument('[paths...]', 'journey files or folders (default: journeys/)')
    .option('-f, --format <name>', 'markdown (default) or html (one self-contained page: heat diagrams, charts, excerpts, coverage)', 'markdown')
    .option('-o, --output <file>', 'write the report to a file (added to $GITHUB_STEP_SUMMARY when that is the file)')
    .option('--compare <dir>', 'show the change in every figure against the journeys in another folder (the base version)')
    .option('--runs <n>', 'simulated customers per journey, 1 to 10,000,000 (default 10000)')
    .option('--seed <n>', 'random seed, 0 to 4,294,967,295 (default 1)')
    .option('--personas <file>', 'a *.personas.yaml file (default: the shipped mix)')
    .option('--logs <paths...>', 'add the real conversations of these logs to each journey (as `journey replay` reads them): conformance, real figures, the gap to the simulation')
    .option('--map <name=column>', 'with --logs: where a plain log keeps conversation, ts, event, data or data.<field> (repeatable)', collect)
    .option('--idle <duration>', 'with --logs: close a conversation with no line for this long in log time (default 30m)');
  withLoadOptions(reportCommand)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runReport } = await import('./report.js');
      setCode(await runReport(paths, options, io));
    });

  const importCommand = program
    .command('import')
    .description('Import a Rasa CALM, Dialogflow CX, Amazon Connect or Copilot Studio bot as journey files.')
    .argument('<platform>', 'rasa, dialogflow-cx, connect or copilot-studio')
    .argument('<path>', "the bot's export: a project or agent folder, a flow file, a topics folder")
    .option('-o, --out <dir>', 'write one <id>.journey.yaml per journey to this folder (default: print them)')
    .option('--hours <spec>', 'opening hours of every human state, e.g. "mon-fri 08:00-20:00 Europe/London" (default: always, noted in each file)')
    .option('-f, --format <name>', 'report format: text (default) or json', 'text')
    .option('--force', 'replace journey files in --out that differ from the import')
    .action(async (platform: string, path: string, options: Record<string, unknown>) => {
      const { runImport } = await import('./import.js');
      setCode(await runImport(platform, path, options, io));
    });
  offerArgument(importCommand, 0, async () => (await import('../import/types.js')).PLATFORMS);
  offerOption(importCommand, '--format', () => ['text', 'json']);

  const explainCommand = program
    .command('explain')
    .description('Explain a rule: what it checks, why, examples, how to fix.')
    .argument('<rule>', 'rule id, e.g. human-exit')
    .action(async (rule: string) => {
      const { runExplain } = await import('./explain.js');
      setCode(await runExplain(rule, io));
    });
  offerArgument(explainCommand, 0, async () => (await import('../rules/index.js')).RULE_IDS);

  program
    .command('init')
    .description('Scaffold journeys/ with four examples, journey.config.yaml and a GitHub Actions workflow.')
    .argument('[dir]', 'folder to scaffold (default: the current folder)')
    .option('--force', 'overwrite existing files')
    .action(async (dir: string | undefined, options: { force?: boolean }) => {
      const { runInit } = await import('./init.js');
      setCode(await runInit(dir, options, io));
    });

  const completionCommand = program
    .command('completion')
    .description('Print a shell completion script: commands, options, formats, rule ids and files.')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const { runCompletion } = await import('./completion.js');
      setCode(await runCompletion(shell, program, io));
    });
  offerArgument(completionCommand, 0, async () => (await import('./completion.js')).SHELLS);

  program
    .command('lsp')
    .description('Run the language server (LSP over standard input and output) for editors.')
    .option('--stdio', 'talk LSP on standard input and output (the only transport; editors pass it)')
    .action(async () => {
      const { runLsp } = await import('./lsp.js');
      setCode(await runLsp());
    });

  return program;
}

/** Adds the options of every command that reads journeys (the same ones `lint` has). */
function withLoadOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'use this config instead of the nearest journey.config.yaml')
    .option('--max-file-size <size>', 'largest journey file read, e.g. 2MB (default: the config\'s max-file-size, else 2MB)');
}
