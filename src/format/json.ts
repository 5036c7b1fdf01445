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
        ...(m.fix ? { fix: { range: [...m.fix.range], text: m.fix.text } } : {}),
        ...(m.suggestions ? { suggestions: m.suggestions.map((s) => ({ desc: s.desc, fix: { range: [...s.fix.range], text: s.fix.text } })) } : {}),
      })),
      suppressedMessages: [],
      errorCount: f.errorCount,
      fatalErrorCount: f.fatalErrorCount,
      warningCount: f.warningCount,
      fixableErrorCount: f.messages.filter((m) => m.fix && m.severity === 'error').length,
      fixableWarningCount: f.messages.filter((m) => m.fix && m.severity === 'warning').length,
      ...(f.output !== undefined ? { output: f.output } : {}),
      usedDeprecatedRules: [],
    })),
  )) + '\n';
