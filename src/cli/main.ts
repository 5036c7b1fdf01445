import type { Command } from 'commander';
import { EXIT, UsageError } from './exit-codes.js';
import { processIo, type Io } from './io.js';

/** Version of the tool, kept in sync with package.json by a test. */
export const VERSION = '0.1.0';

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
    if (error instanceof UsageError) {
      io.stderr.write(`journey: ${error.message}\n`);
      return EXIT.USAGE;
    }
    io.stderr.write(`journey: internal error: ${describe(error)}\n`);
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

  program
    .command('lint')
    .description('Validate and lint journey files (default: journeys/).')
    .argument('[paths...]', 'journey files or folders to search for *.journey.yaml / *.journey.yml')
    .option('-f, --format <name>', 'output format: stylish or json', 'stylish')
    .option('-o, --output-file <file>', 'write the report to a file instead of stdout')
    .option('--quiet', 'report errors only, not warnings')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--max-file-size <size>', 'largest journey file read, e.g. 2MB')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runLint } = await import('./lint.js');
      setCode(await runLint(paths, options, io));
    });

  program
    .command('rules')
    .description('List the lint rules.')
    .option('-f, --format <name>', 'output format: table or json', 'table')
    .action(async (options: Record<string, unknown>) => {
      const { runRules } = await import('./rules.js');
      setCode(await runRules(options, io));
    });

  return program;
}
