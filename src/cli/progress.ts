/**
 * The progress bar of long simulations. cli-progress is imported only when a bar is
 * shown, so commands that never show one (and short or piped runs) never load it.
 */

/** Below this many runs a simulation ends before a bar would tell anyone anything. */
export const PROGRESS_MIN_RUNS = 20_000;

/** A bar being drawn: `every` is how many walks pass between updates. */
export interface Progress {
  readonly every: number;
  readonly update: (done: number) => void;
  /** Removes the bar, leaving the line empty for what is printed next. */
  readonly stop: () => void;
}

/** Where the bar is drawn: the command's stderr. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * True when a bar helps someone: stderr is a terminal that can move its cursor, the
 * run is long, and no CI log would keep every redraw (CI or GITHUB_ACTIONS set).
 */
export function wantsProgress(stream: ProgressStream, env: NodeJS.ProcessEnv, total: number): boolean {
  if (stream.isTTY !== true || total < PROGRESS_MIN_RUNS) return false;
  if (env.TERM === 'dumb') return false;
  return !env.CI && !env.GITHUB_ACTIONS;
}

/** Starts a bar counting to `total` `things` on `stream` when `wantsProgress` says so; undefined otherwise. */
export async function startProgress(stream: ProgressStream, env: NodeJS.ProcessEnv, total: number, things: string): Promise<Progress | undefined> {
  if (!wantsProgress(stream, env, total)) return undefined;
  const { SingleBar } = (await import('cli-progress')).default;
  const bar = new SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: `{bar} {percentage}% of {total} ${things}, {eta_formatted} left`,
    formatValue: (value, _options, type) => (type === 'total' || type === 'value' ? value.toLocaleString('en-US') : String(value)),
    barsize: 30,
    clearOnComplete: true,
    // The walks run synchronously: a SIGINT listener would only run after them, so Ctrl-C
    // keeps its default (end at once), and no terminal setting is changed that would then
    // stay changed (a hidden cursor, line wrapping off: the bar is cut to the width instead).
    gracefulExit: false,
    hideCursor: false,
    linewrap: true,
  });
  bar.start(total, 0);
  return {
    // About 200 updates, cheap beside the walks; the library limits redraws to a few a second.
    every: Math.max(1, Math.floor(total / 200)),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
