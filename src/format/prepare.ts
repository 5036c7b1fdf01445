import { locate } from '../diagnostics/located.js';
import { displayPath } from '../diagnostics/display.js';
import type { FileResult } from '../lint/lint.js';
import type { FormatFile } from './types.js';

/** Resolves display positions and counts for formatters; clean files keep an empty message list. */
export function prepareResults(results: readonly FileResult[], cwd: string): FormatFile[] {
  return results.map((r) => {
    const messages = locate(r.source, r.diagnostics);
    let errorCount = 0;
    let warningCount = 0;
    let fatalErrorCount = 0;
    for (const m of messages) {
      if (m.severity === 'error') errorCount++;
      else warningCount++;
      if (m.fatal) fatalErrorCount++;
    }
    const shown = r.filePath.startsWith('<') ? r.filePath : displayPath(r.filePath, cwd);
    return { filePath: r.filePath, displayPath: shown, source: r.source, messages, errorCount, warningCount, fatalErrorCount, ...(r.output !== undefined ? { output: r.output } : {}) };
  });
}
