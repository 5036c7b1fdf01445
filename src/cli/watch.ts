import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { displayPath, visible } from '../diagnostics/display.js';
import { findConfigFile } from '../config/load.js';
import { CONFIG_FILE_NAMES } from '../config/types.js';
import { callEntryOf, callersOf, type CallEntry } from '../lint/catalogue.js';
import { isJourneyFile, searchRoot } from '../lint/discover.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import type { LintCommandOptions } from './lint.js';
import type { TestCommandOptions } from './test.js';

/** What one run of a watched command is asked to look at again. */
export interface WatchPlan {
  /** The first run, or a config or personas file changed: everything is looked at. */
  readonly all: boolean;
  /** Journey files changed, added or removed (or whose test file changed), and the journeys that call them. */
  readonly affected: ReadonlySet<string>;
  /** Files that call a changed journey: their text is the same, their findings may not be. */
  readonly callers: ReadonlySet<string>;
}

/** How long changes are gathered before a run: an editor's save is several events (write, rename, chmod). */
const SETTLE_MS = 60;

/** Paths a watch never looks into. */
const NEVER_WATCHED = /(^|[\\/])(node_modules|\.git)([\\/]|$)/;

/** Clears a terminal and its scrollback, then homes the cursor (only written when stdout is one). */
const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

/** `journey lint --watch`: lints, then lints again on every change; a cache in memory keeps unchanged files' checks. */
export async function watchLint(paths: readonly string[], options: LintCommandOptions, io: Io): Promise<number> {
  refuse(options.fix || options.fixDryRun, '--watch does not go with --fix or --fix-dry-run: fixes would rewrite the files while you edit them; run `journey lint --fix` when you are done.');
  refuse(options.stdin, '--watch lints files and cannot watch standard input.');
  refuse(options.import !== undefined, '--watch does not go with --import: watch the journey files that `journey import` writes.');
  refuse(options.baselineWrite || options.baselinePrune, '--watch does not go with --baseline-write or --baseline-prune, which change the baseline once.');
  refuse(options.printConfig !== undefined, '--watch does not go with --print-config.');
  const [{ runLint, DEFAULT_PATHS }, { LintCache, CACHE_FILE }] = await Promise.all([import('./lint.js'), import('../lint/cache.js')]);
  const cache = options.cache ? await LintCache.open(resolve(io.cwd, options.cacheLocation ?? CACHE_FILE)) : LintCache.inMemory();
  const targets = paths.length > 0 ? paths : DEFAULT_PATHS;
  return watch(targets, options.config, io, (plan) => runLint(paths, { ...options, reuse: { cache, staleCallers: plan.callers } }, io));
}

/** `journey test --watch`: runs every journey's scenarios, then on a change those of the journeys it affects. */
export async function watchTest(paths: readonly string[], options: TestCommandOptions, io: Io): Promise<number> {
  const { runTest } = await import('./test.js');
  const targets = paths.length > 0 ? paths : ['journeys/'];
  return watch(targets, options.config, io, (plan) => runTest(paths, plan.all ? options : { ...options, only: plan.affected }, io));
}

function refuse(when: boolean | undefined, message: string): void {
  if (when) throw new UsageError(message);
}

/**
 * Runs `run` once, then again whenever a YAML file under the paths (or a config that applies
 * to them) changes, until SIGINT or SIGTERM: then it returns 0. A run's own failure (bad usage,
 * a config with problems) is printed and the watch goes on; only a watcher that cannot watch stops it (2).
 */
async function watch(targets: readonly string[], configFlag: string | undefined, io: Io, run: (plan: WatchPlan) => Promise<number>): Promise<number> {
  const roots = [...new Set(targets.map((t) => searchRoot(t, io.cwd)))];
  const configs = new Set<string>();
  for (const root of roots) {
    const above = findConfigFile(dirname(root));
    if (above) configs.add(above);
  }
  if (configFlag !== undefined) configs.add(searchRoot(configFlag, io.cwd));
  const { watch: chokidar } = await import('chokidar');
  const watcher = chokidar([...roots, ...configs], {
    ignoreInitial: false,
    // Folders are walked (a new journey file may appear anywhere); files other than YAML are never looked at.
    ignored: (path, stats) => NEVER_WATCHED.test(path) || (stats?.isFile() === true && !/\.ya?ml$/.test(path)),
  });

  const index = new Map<string, CallEntry>();
  const changed = new Set<string>();
  let ready = false;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped: ((code: number) => void) | undefined;
  let stopping = false;
  let exitCode: number = EXIT.OK;
  const done = new Promise<number>((resolve) => {
    stopped = resolve;
  });

  const record = (path: string): void => {
    if (!isJourneyFile(path)) return;
    try {
      index.set(path, callEntryOf(readFileSync(path, 'utf8')));
    } catch {
      // Gone already, or unreadable: the run reports what lint makes of it.
      index.delete(path);
    }
  };

  const plan = (paths: readonly string[]): WatchPlan => {
    const affected = new Set<string>();
    const ids = new Set<string>();
    let all = false;
    for (const path of paths) {
      const name = basename(path);
      if ((CONFIG_FILE_NAMES as readonly string[]).includes(name) || configs.has(path) || /\.personas\.ya?ml$/.test(name)) all = true;
      const test = /^(.*)\.test\.ya?ml$/.exec(name);
      if (test) {
        for (const ext of ['yaml', 'yml']) {
          const journey = join(dirname(path), `${test[1]}.journey.${ext}`);
          if (index.has(journey)) affected.add(journey);
        }
        continue;
      }
      if (!isJourneyFile(path)) continue;
      const before = index.get(path)?.id;
      record(path);
      const after = index.get(path)?.id;
      for (const id of [before, after]) if (id !== undefined) ids.add(id);
      affected.add(path);
    }
    // A config may change which files are linted together (`ignores`): then every caller's callees may have changed.
    const callers = all ? new Set([...index].filter(([, e]) => e.unsure || e.calls.size > 0).map(([path]) => path)) : callersOf(index, ids);
    for (const c of callers) affected.add(c);
    return { all, affected, callers };
  };

  const announce = (current: WatchPlan, paths: readonly string[]): void => {
    if (io.stdout.isTTY) io.stdout.write(CLEAR_SCREEN);
    if (paths.length === 0) return;
    const shown = (list: Iterable<string>): string => [...list].sort().map((p) => visible(displayPath(p, io.cwd))).join(', ');
    const again = [...current.callers].filter((c) => !paths.includes(c));
    io.stderr.write(`journey: changed: ${shown(paths)}${again.length > 0 ? `; checked again as they call a changed journey: ${shown(again)}` : ''}\n`);
  };

  const cycle = async (paths: readonly string[], first: boolean): Promise<void> => {
    running = true;
    const current = first ? { all: true, affected: new Set<string>(), callers: new Set<string>() } : plan(paths);
    // A YAML file that is no journey, test, config or personas file changes nothing a run shows.
    const idle = !first && !current.all && current.affected.size === 0;
    if (!idle) announce(current, paths);
    try {
      if (!idle) await run(current);
    } catch (error) {
      if (error instanceof UsageError) io.stderr.write(`journey: ${visible(error.message)}\n`);
      else {
        io.stderr.write(`journey: internal error: ${visible(error instanceof Error ? error.message : String(error))}\n`);
        if (io.env.JOURNEY_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      }
    }
    running = false;
    if (stopping) return finish(exitCode);
    if (!idle) io.stderr.write(`journey: watching ${roots.map((r) => visible(displayPath(r, io.cwd))).join(', ')} for changes (Ctrl-C stops)\n`);
    if (changed.size > 0) schedule();
  };

  const flush = (): void => {
    timer = undefined;
    if (running || stopping || changed.size === 0) return;
    const paths = [...changed];
    changed.clear();
    void cycle(paths, false);
  };
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, SETTLE_MS);
  };

  const finish = (code: number): void => {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    void watcher.close().then(() => stopped?.(code), () => stopped?.(code));
  };
  // Ctrl-C ends the watch, not the process: a run under way finishes its report first.
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (!running) finish(exitCode);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  watcher.on('all', (event, path) => {
    if (!ready) {
      if (event === 'add') record(path);
      return;
    }
    if (event === 'addDir' || event === 'unlinkDir') return;
    changed.add(path);
    schedule();
  });
  watcher.on('ready', () => {
    ready = true;
    void cycle([], true);
  });
  watcher.on('error', (error) => {
    io.stderr.write(`journey: cannot watch for changes: ${visible(error instanceof Error ? error.message : String(error))}\n`);
    exitCode = EXIT.USAGE;
    stopping = true;
    if (!running) finish(exitCode);
  });
  return done;
}
