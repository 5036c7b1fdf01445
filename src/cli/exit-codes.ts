/** Exit codes of every command (docs/cli.md). */
export const EXIT = {
  /** Nothing to report. */
  OK: 0,
  /** Findings: lint errors, warnings over --max-warnings, failing scenarios, stale output. */
  FINDINGS: 1,
  /** Bad usage, bad configuration, or an internal failure. */
  USAGE: 2,
} as const;

/** One of the exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the user can fix (bad flag value, missing path): printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
