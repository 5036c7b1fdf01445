import { safeJson } from '../diagnostics/display.js';
import type { Formatter } from './types.js';

/** ESLint's JSON result shape, so existing tooling can read journey findings; values exact, control characters escaped as JSON allows. */
export const json: Formatter = (files) =>
  safeJson(JSON.stringify(
    files.map((f) => ({
      filePath: f.filePath,
      messages: f.messages.map((m) => ({
        ruleId: m.ruleId,
        severity: m.severity === 'error' ? 2 : 1,
        message: m.message,
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
        ...(m.code ? { messageId: m.code } : {}),
        ...(m.fatal ? { fatal: true } : {}),
      })),
      suppressedMessages: [],
      errorCount: f.errorCount,
      fatalErrorCount: f.fatalErrorCount,
      warningCount: f.warningCount,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    })),
  )) + '\n';
