/**
 * Reading `journey lint --format json` output (ESLint's shape) in the CLI tests.
 * Not a test file itself; running the binary is test/support/cli.ts.
 */
import type { Run } from '../support/cli.js';

/** One finding of ESLint's JSON shape. */
export interface JsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId?: string;
  fatal?: boolean;
}

/** One file of ESLint's JSON shape. */
export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
}

/** Parses `--format json` output, with the run's stderr in the error when it is not JSON. */
export function parseJson(run: Run): JsonResult[] {
  try {
    return JSON.parse(run.stdout) as JsonResult[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
}

/** `ruleId@line` of every finding of one file, in report order. */
export function findings(result: JsonResult | undefined): string[] {
  return (result?.messages ?? []).map((m) => `${m.ruleId}@${m.line}`);
}
