import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { sortAndDedupe } from '../diagnostics/order.js';
import type { FileResult } from '../lint/lint.js';
import type { ImportResult } from './types.js';

/** One file of the bot that findings are reported in: its text, line index and findings so far. */
export interface BotFile {
  readonly text: string;
  readonly lines: LineIndex;
  readonly diagnostics: Diagnostic[];
  suppressed: number;
}

/**
 * The bot's files that findings go to, read on first use, starting with the problems of
 * the input; `results()` gives one lint result per file with findings, sorted by path.
 */
export function botFiles(imported: ImportResult): { target(rel: string): BotFile; results(): FileResult[] } {
  const files = new Map<string, BotFile>();
  const target = (rel: string): BotFile => {
    const path = join(imported.base, ...rel.split('/'));
    let file = files.get(path);
    if (!file) {
      let text = '';
      try {
        text = rel === '' ? '' : readFileSync(path, 'utf8');
      } catch {
        text = '';
      }
      file = { text, lines: new LineIndex(text), diagnostics: [], suppressed: 0 };
      files.set(path, file);
    }
    return file;
  };
  for (const problem of imported.problems) target(problem.file).diagnostics.push(problem.diagnostic);
  const results = (): FileResult[] =>
    [...files.entries()]
      .filter(([, f]) => f.diagnostics.length > 0 || f.suppressed > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([filePath, f]) => ({ filePath, source: f.text, diagnostics: sortAndDedupe(f.diagnostics), suppressed: f.suppressed }));
  return { target, results };
}

/** The problems of an import as lint results in the bot's files, for the stylish and JSON reports. */
export function problemResults(imported: ImportResult): FileResult[] {
  return botFiles(imported).results();
}
