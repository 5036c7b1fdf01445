/**
 * The `markdown` format (pull-request comments and $GITHUB_STEP_SUMMARY): a table
 * with one row per finding, pipes and line breaks in messages escaped so the
 * table keeps its columns (GitHub-flavoured Markdown), and a clean run that says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocatedDiagnostic } from '../../src/diagnostics/located.js';
import { markdown } from '../../src/format/markdown.js';
import { prepareResults } from '../../src/format/prepare.js';
import type { FormatContext, FormatFile } from '../../src/format/types.js';
import { lintSources } from '../../src/lint/lint.js';
import { loadRules } from '../../src/rules/index.js';
import { FORMAT_FIXTURES } from '../support/cli.js';

/**
 * Splits a table row into its cells as GFM does: a backslash escapes the next
 * character (so `\|` is not a cell boundary), an unescaped `|` is one.
 */
function cells(row: string): string[] {
  expect(row.startsWith('|') && row.endsWith('|'), row).toBe(true);
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length; i++) {
    const ch = row[i] as string;
    if (ch === '\\' && i + 1 < row.length) {
      cell += ch + (row[i + 1] as string);
      i++;
    } else if (ch === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  return out;
}
/** What GFM shows for an escaped cell: `\|` and `\\` unescaped, `<br>` as a line break. */
const shown = (cell: string): string => cell.replace(/\\([\\|])/g, '$1').replace(/<br>/g, '\n');

let context: FormatContext;
beforeAll(async () => {
  const metas = (await loadRules()).map((r) => r.meta);
  context = { cwd: '/repo', color: false, rules: new Map(metas.map((m) => [m.id, m])), fileCount: 1, ruleIds: metas.map((m) => m.id) };
});

const finding = (ruleId: string, message: string, severity: 'error' | 'warning' = 'error'): LocatedDiagnostic => ({
  ruleId,
  severity,
  message,
  span: { start: 0, end: 1 },
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 6,
});
const file = (displayPath: string, messages: LocatedDiagnostic[]): FormatFile => ({
  filePath: `/repo/${displayPath}`,
  displayPath,
  source: '',
  messages,
  errorCount: messages.filter((m) => m.severity === 'error').length,
  warningCount: messages.filter((m) => m.severity === 'warning').length,
  fatalErrorCount: 0,
});

/** The table rows of a report (header and rule line excluded). */
function rows(md: string): string[][] {
  const lines = md.split('\n');
  const header = lines.indexOf('| Severity | Location | Rule | Message |');
  expect(header, 'the table header').toBeGreaterThanOrEqual(0);
  expect(cells(lines[header + 1] as string).every((c) => /^:?-{3,}:?$/.test(c))).toBe(true);
  const body: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    body.push(cells(line));
  }
  return body;
}

describe('markdown', () => {
  it('the fixture journeys: one row per finding, four columns each, counts in the heading', async () => {
    const sources = ['clean/lost-card.journey.yaml', 'findings/refund.journey.yaml', 'syntax/syntax-error.journey.yaml'].map((p) => ({
      path: join(FORMAT_FIXTURES, p),
      text: readFileSync(join(FORMAT_FIXTURES, p), 'utf8'),
    }));
    const files = prepareResults(await lintSources(sources, { cwd: FORMAT_FIXTURES }), FORMAT_FIXTURES);
    const all = files.flatMap((f) => f.messages.map((m) => ({ f, m })));
    expect(all.length).toBeGreaterThan(5);
    const md = markdown(files, { ...context, cwd: FORMAT_FIXTURES, fileCount: files.length });
    const body = rows(md);
    expect(body).toHaveLength(all.length);
    body.forEach((row, i) => {
      const { f, m } = all[i]!;
      expect(row, `row ${i}`).toHaveLength(4);
      expect(row[0]).toContain(m.severity);
      expect(row[1]).toBe(`\`${f.displayPath}:${m.line}:${m.column}\``);
      expect(row[2]).toContain(m.ruleId);
      expect(shown(row[3] as string)).toBe(m.message);
    });
    const errors = files.reduce((n, f) => n + f.errorCount, 0);
    const warnings = files.reduce((n, f) => n + f.warningCount, 0);
    expect(md).toContain(`${errors} errors, ${warnings} warnings`);
    expect(md).toContain('3 journey files');
    // The invalid-expression message quotes `amount | 2`: escaped, still one cell.
    expect(body.some((r) => shown(r[3] as string).includes('cannot read `amount | 2`'))).toBe(true);
  });

  it('pipes and backslashes in messages are escaped and line breaks shown as `\\n`; the row keeps four cells', () => {
    const message = 'a | b || c \\| d\nsecond line\r\nthird';
    const md = markdown([file('x.journey.yaml', [finding('invalid-expression', message)])], context);
    const body = rows(md);
    expect(body).toHaveLength(1);
    expect(body[0]).toHaveLength(4);
    expect(shown(body[0]![3] as string)).toBe(message.replace(/\r/g, '\\r').replace(/\n/g, '\\n'));
    // No raw line break inside the table.
    expect(md.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(3);
  });

  it('a pipe in a file name does not break the row either', () => {
    const body = rows(markdown([file('odd|name.journey.yaml', [finding('dead-end', 'm')])], context));
    expect(body[0]).toHaveLength(4);
    expect(shown(body[0]![1] as string)).toBe('`odd|name.journey.yaml:3:5`');
  });

  it('links each rule to its docs page', () => {
    const body = rows(markdown([file('x.journey.yaml', [finding('dead-end', 'm'), finding('syntax', 's')])], context));
    expect(body[0]![2]).toBe(`[dead-end](${context.rules.get('dead-end')!.docs})`);
    expect(body[1]![2]).toContain('syntax');
  });

  it('a clean run says there are no problems, with no table', () => {
    const md = markdown([file('a.journey.yaml', []), file('b.journey.yaml', [])], { ...context, fileCount: 2 });
    expect(md).toMatch(/no problems/i);
    expect(md).toContain('2 journey files');
    expect(md).not.toContain('| Severity |');
  });
});
