/**
 * The `github` format: workflow-command annotations escaped as @actions/toolkit
 * does (`toCommandValue` + `escapeData` / `escapeProperty` in
 * packages/core/src/command.ts): in the message `%` -> %25, CR -> %0D, LF -> %0A;
 * in properties also `:` -> %3A and `,` -> %2C. Grouped per file.
 */
import { describe, expect, it } from 'vitest';
import type { LocatedDiagnostic } from '../../src/diagnostics/located.js';
import { escapeCommandData, escapeCommandProperty } from '../../src/format/escape.js';
import { github } from '../../src/format/github.js';
import { prepareResults } from '../../src/format/prepare.js';
import type { FormatContext, FormatFile } from '../../src/format/types.js';
import { lintSources } from '../../src/lint/lint.js';
import { loadRules } from '../../src/rules/index.js';

/** The toolkit's escaping, written out from its source, as the reference. */
const toolkitData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const toolkitProperty = (s: string): string => toolkitData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
/** What the runner does when it reads a command back. */
const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string): string => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

interface Annotation {
  readonly level: string;
  readonly props: Record<string, string>;
  readonly message: string;
}

/** Parses one `::level k=v,k=v::message` line the way the runner does (properties never hold `:` or `,` unescaped). */
function parseAnnotation(line: string): Annotation {
  const m = /^::(error|warning|notice) ([^:]*)::(.*)$/s.exec(line);
  if (!m) throw new Error(`not an annotation: ${line}`);
  const props: Record<string, string> = {};
  for (const pair of (m[2] as string).split(',')) {
    const eq = pair.indexOf('=');
    expect(eq, pair).toBeGreaterThan(0);
    props[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { level: m[1] as string, props, message: unescapeData(m[3] as string) };
}

const finding = (ruleId: string, message: string, severity: 'error' | 'warning', line: number, hint?: string): LocatedDiagnostic => ({
  ruleId,
  severity,
  message,
  span: { start: 0, end: 1 },
  line,
  column: 3,
  endLine: line,
  endColumn: 9,
  ...(hint !== undefined ? { hint } : {}),
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

async function context(): Promise<FormatContext> {
  const metas = (await loadRules()).map((r) => r.meta);
  return { cwd: '/repo', color: false, rules: new Map(metas.map((m) => [m.id, m])), fileCount: 3, ruleIds: metas.map((m) => m.id) };
}

describe('github: escaping', () => {
  it('escapeCommandData and escapeCommandProperty match the toolkit on every special character', () => {
    const samples = ['plain', '100%', '%25 already', 'a\r\nb', 'x:y,z', 'all: 50%,\r\n\n%0A', ''];
    for (const s of samples) {
      expect(escapeCommandData(s), JSON.stringify(s)).toBe(toolkitData(s));
      expect(escapeCommandProperty(s), JSON.stringify(s)).toBe(toolkitProperty(s));
    }
  });

  it('a path with `:` and `,` and a message with `%`, CR and LF: one line per annotation, the path exact, the message\'s own line breaks shown as escapes', async () => {
    const path = 'dir:with,odd/50%,c:d.journey.yaml';
    const message = 'Done 100% wrong:\r\nsee a, b\nand %0A literally';
    const out = github([file(path, [finding('unknown-target', message, 'error', 4, 'Fix it: now, 100%')])], await context());
    expect(out).not.toContain('\r');
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`::group::${toolkitData(path)}`);
    expect(lines[2]).toBe('::endgroup::');
    const raw = lines[1] as string;
    // Properties: `:` and `,` escaped (parseAnnotation below also requires that no `:` is left in them).
    expect(raw.startsWith('::error file=dir%3Awith%2Codd/50%25%2Cc%3Ad.journey.yaml,line=4,')).toBe(true);
    // The message: its own CR and LF shown as `\r` `\n` (control characters are made visible), `%` escaped; `:` and `,` left alone.
    expect(raw).toContain('::Done 100%25 wrong:\\r\\nsee a, b\\nand %250A literally%0AFix: Fix it: now, 100%25');
    const a = parseAnnotation(raw);
    expect(a.level).toBe('error');
    expect(a.props).toMatchObject({ file: path, line: '4', endLine: '4', col: '3', endColumn: '9' });
    expect(a.props.title).toContain('unknown-target');
    expect(a.message.startsWith(message.replace(/\r/g, '\\r').replace(/\n/g, '\\n'))).toBe(true);
    expect(a.message).toContain('Fix it: now, 100%');
  });

  it('property values that are rule ids with `:` or `,` are escaped too (title)', async () => {
    const out = github([file('a.journey.yaml', [finding('plugin:rule,x', 'm', 'warning', 1)])], await context());
    const raw = out.split('\n')[1] as string;
    expect(raw).toMatch(/,title=[^,:]*plugin%3Arule%2Cx[^,:]*::m$/);
    expect(parseAnnotation(raw).props.title).toContain('plugin:rule,x');
  });
});

describe('github: grouping and levels', () => {
  it('one ::group:: per file with findings, closed by ::endgroup::; clean files print nothing', async () => {
    const files = [
      file('a.journey.yaml', [finding('dead-end', 'one', 'error', 2), finding('pii-purpose', 'two', 'warning', 5)]),
      file('clean.journey.yaml', []),
      file('b.journey.yaml', [finding('close-the-loop', 'three', 'warning', 7)]),
    ];
    const lines = github(files, await context()).trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^(::\w+)[ :].*$/, '$1'))).toEqual(['::group', '::error', '::warning', '::endgroup', '::group', '::warning', '::endgroup']);
    expect(lines[0]).toBe('::group::a.journey.yaml');
    expect(lines[4]).toBe('::group::b.journey.yaml');
    expect(lines.join('\n')).not.toContain('clean.journey.yaml');
    expect(parseAnnotation(lines[1] as string).props.file).toBe('a.journey.yaml');
    expect(parseAnnotation(lines[5] as string).props).toMatchObject({ file: 'b.journey.yaml', line: '7' });
  });

  it('no findings: no output at all', async () => {
    expect(github([file('clean.journey.yaml', [])], await context())).toBe('');
    expect(github([], await context())).toBe('');
  });

  it('on a real lint result: every finding becomes one annotation at its position, with the docs link', async () => {
    const text = ['journey: t', 'title: T', 'start: a', 'states:', '  a:', '    say: "100%: done, really"', '    on: { go: nowhere }', ''].join('\n');
    const files = prepareResults(await lintSources([{ path: '/repo/j/t.journey.yaml', text }], { cwd: '/repo' }), '/repo');
    const ctx = await context();
    const lines = github(files, ctx).trimEnd().split('\n');
    const annotations = lines.slice(1, -1).map(parseAnnotation);
    const messages = files[0]!.messages;
    expect(annotations).toHaveLength(messages.length);
    annotations.forEach((a, i) => {
      const m = messages[i]!;
      expect(a.level).toBe(m.severity);
      expect(a.props).toMatchObject({ file: 'j/t.journey.yaml', line: String(m.line), col: String(m.column), endLine: String(m.endLine), endColumn: String(m.endColumn) });
      expect(a.message.startsWith(m.message)).toBe(true);
      const docs = ctx.rules.get(m.ruleId)?.docs;
      if (docs) expect(a.message).toContain(docs);
    });
    expect(annotations.find((a) => a.props.title?.includes('unknown-target'))?.props.line).toBe('7');
  });
});
