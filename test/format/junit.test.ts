/**
 * JUnit XML, parsed with a strict XML parser (./xml.ts): one testsuite per file,
 * one testcase per rule, failures for rules with findings, consistent counts, and
 * XML special characters in messages escaped. Real run of the built binary, plus
 * the formatter on crafted input.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocatedDiagnostic } from '../../src/diagnostics/located.js';
import { junit } from '../../src/format/junit.js';
import type { FormatContext, FormatFile } from '../../src/format/types.js';
import { loadRules } from '../../src/rules/index.js';
import type { RuleMeta } from '../../src/rule-support/types.js';
import { ensureBuilt, expectCleanStreams, formatWorkspace, journeySync, type Run } from '../support/cli.js';
import { elements, parseXml, textOf, type XmlElement } from './xml.js';

const FINDINGS = 'findings/refund.journey.yaml';
const SYNTAX = 'syntax/syntax-error.journey.yaml';
const CLEAN = 'clean/lost-card.journey.yaml';

let work: string;
let run: Run;
let ruleIds: string[];
let metas: RuleMeta[];

beforeAll(async () => {
  ensureBuilt();
  metas = (await loadRules()).map((r) => r.meta);
  ruleIds = metas.map((m) => m.id);
  work = formatWorkspace('journey-junit-');
  run = journeySync(['lint', '.', '--format', 'junit'], work);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const int = (el: XmlElement, attr: string): number => {
  const v = el.attrs[attr];
  expect(v, `${el.name} ${attr}`).toMatch(/^\d+$/);
  return Number(v);
};
const failureOf = (tc: XmlElement): XmlElement | undefined => elements(tc, 'failure')[0];

/** Checks the attribute counts of a whole report against its elements. */
function expectConsistentCounts(root: XmlElement): void {
  expect(root.name).toBe('testsuites');
  const suites = elements(root, 'testsuite');
  let tests = 0;
  let failures = 0;
  for (const suite of suites) {
    const cases = elements(suite, 'testcase');
    expect(elements(suite).every((e) => e.name === 'testcase' || e.name === 'properties' || e.name === 'system-out' || e.name === 'system-err')).toBe(true);
    expect(int(suite, 'tests'), suite.attrs.name).toBe(cases.length);
    expect(int(suite, 'failures'), suite.attrs.name).toBe(cases.filter((c) => elements(c, 'failure').length > 0).length);
    expect(int(suite, 'errors'), suite.attrs.name).toBe(cases.filter((c) => elements(c, 'error').length > 0).length);
    if (suite.attrs.skipped !== undefined) expect(int(suite, 'skipped'), suite.attrs.name).toBe(cases.filter((c) => elements(c, 'skipped').length > 0).length);
    for (const c of cases) {
      expect(c.attrs.name, 'testcase name').toBeTruthy();
      expect(c.attrs.classname, 'testcase classname').toBe(suite.attrs.name);
      expect(elements(c).length, `${c.attrs.name}: at most one outcome`).toBeLessThanOrEqual(1);
    }
    tests += cases.length;
    failures += int(suite, 'failures');
  }
  expect(int(root, 'tests')).toBe(tests);
  expect(int(root, 'failures')).toBe(failures);
  if (root.attrs.errors !== undefined) expect(int(root, 'errors')).toBe(suites.reduce((n, s) => n + int(s, 'errors'), 0));
}

describe('junit: a real run over a clean journey, one with findings and one with a syntax error', () => {
  it('exits 1 and prints one well-formed XML document with consistent counts', () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expectCleanStreams(run);
    expect(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expectConsistentCounts(parseXml(run.stdout));
  });

  it('one testsuite per file, named by its path', () => {
    const suites = elements(parseXml(run.stdout), 'testsuite');
    expect(suites.map((s) => s.attrs.name).sort()).toEqual([CLEAN, FINDINGS, SYNTAX]);
  });

  it('one testcase per rule in every suite (every rule that ran, plus syntax and schema), each named once', () => {
    for (const suite of elements(parseXml(run.stdout), 'testsuite')) {
      const names = elements(suite, 'testcase').map((c) => c.attrs.name);
      expect(new Set(names).size, suite.attrs.name).toBe(names.length);
      expect([...names].sort(), suite.attrs.name).toEqual(['schema', 'syntax', ...ruleIds].sort());
    }
  });

  it('failures are exactly the rules with findings; the clean file has none', () => {
    const suites = new Map(elements(parseXml(run.stdout), 'testsuite').map((s) => [s.attrs.name, s]));
    const failing = (name: string): string[] =>
      elements(suites.get(name)!, 'testcase')
        .filter((c) => failureOf(c))
        .map((c) => c.attrs.name as string)
        .sort();
    expect(failing(CLEAN)).toEqual([]);
    expect(failing(FINDINGS)).toEqual(['close-the-loop', 'dead-end', 'invalid-expression', 'pii-purpose', 'unknown-target', 'unreachable-state']);
    expect(failing(SYNTAX)).toEqual(['syntax']);
    expect(int(suites.get(CLEAN)!, 'failures')).toBe(0);
  });

  it('a failing testcase lists every finding of its rule with its position; the type is the worst severity', () => {
    const suite = elements(parseXml(run.stdout), 'testsuite').find((s) => s.attrs.name === FINDINGS)!;
    const tc = (name: string): XmlElement => elements(suite, 'testcase').find((c) => c.attrs.name === name)!;
    const unreachable = failureOf(tc('unreachable-state'))!;
    expect(unreachable.attrs.type).toBe('warning');
    expect(textOf(unreachable).split('\n')).toEqual([expect.stringMatching(/^findings\/refund\.journey\.yaml:30:3: warning: .*`ask_amount`/), expect.stringMatching(/^findings\/refund\.journey\.yaml:41:3: warning: .*`done`/)]);
    const expr = failureOf(tc('invalid-expression'))!;
    expect(expr.attrs.type).toBe('error');
    expect(textOf(expr).split('\n')).toHaveLength(3);
    expect(failureOf(tc('unknown-target'))!.attrs.message).toContain('`ask_amont`');
  });

  it('XML special characters in messages are escaped: the parsed text is the message itself', () => {
    // `if: a < "b" & c` is echoed in the invalid-expression message.
    expect(run.stdout).not.toContain('a < "b" & c');
    expect(run.stdout).toContain('a &lt; &quot;b&quot; &amp; c');
    const suite = elements(parseXml(run.stdout), 'testsuite').find((s) => s.attrs.name === FINDINGS)!;
    const failure = failureOf(elements(suite, 'testcase').find((c) => c.attrs.name === 'invalid-expression')!)!;
    expect(failure.attrs.message).toContain('cannot read `a < "b" & c`: the operator `&` is not supported (use `&&`); expressions use');
    expect(textOf(failure)).toContain('findings/refund.journey.yaml:24:15: error: State `greet`, event `check`, choice 1, `if`: cannot read `a < "b" & c`');
  });

  it('the rules that could not run on a file that does not parse are skipped, not reported as passed', () => {
    const suite = elements(parseXml(run.stdout), 'testsuite').find((s) => s.attrs.name === SYNTAX)!;
    for (const c of elements(suite, 'testcase')) {
      if (c.attrs.name === 'syntax') expect(failureOf(c)).toBeDefined();
      else if (c.attrs.name !== 'schema') expect(elements(c, 'skipped'), c.attrs.name).toHaveLength(1); // schema: next test
    }
  });

  it('the schema check cannot run on a file that does not parse: its testcase is skipped too', () => {
    // checkSource() stops after a fatal YAML error, before validateJourneySchema();
    // junit.ts says "rules that could not run are marked skipped".
    const suite = elements(parseXml(run.stdout), 'testsuite').find((s) => s.attrs.name === SYNTAX)!;
    const schema = elements(suite, 'testcase').find((c) => c.attrs.name === 'schema')!;
    expect(elements(schema).map((e) => e.name)).toEqual(['skipped']);
  });
});

describe('junit: the formatter on crafted input', () => {
  const context = (): FormatContext => ({ cwd: '/repo', color: false, rules: new Map(metas.map((m) => [m.id, m])), fileCount: 1, ruleIds });
  const finding = (ruleId: string, message: string, severity: 'error' | 'warning' = 'error'): LocatedDiagnostic => ({
    ruleId,
    severity,
    message,
    span: { start: 0, end: 1 },
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
  });
  const file = (displayPath: string, messages: LocatedDiagnostic[]): FormatFile => ({
    filePath: `/repo/${displayPath}`,
    displayPath,
    source: 'journey: x\n',
    messages,
    errorCount: messages.filter((m) => m.severity === 'error').length,
    warningCount: messages.filter((m) => m.severity === 'warning').length,
    fatalErrorCount: 0,
  });

  it('no files: an empty, well-formed report', () => {
    const root = parseXml(junit([], { ...context(), fileCount: 0 }));
    expect(root.name).toBe('testsuites');
    expect(elements(root)).toEqual([]);
    expect(root.attrs.tests).toBe('0');
    expect(root.attrs.failures).toBe('0');
  });

  it('escapes < > & " \' and ]]> in messages and paths, and shows control characters as escapes', () => {
    const nasty = `a < b && c > d "quoted" 'single' ]]> <![CDATA[ x ]]> &amp; \u0001\u001b[31m end`;
    const path = `we"ird & <odd>/it's.journey.yaml`;
    const xml = junit([file(path, [finding('unknown-target', nasty), finding('pii-purpose', 'second & <last>', 'warning')])], context());
    const root = parseXml(xml);
    expectConsistentCounts(root);
    const [suite] = elements(root, 'testsuite');
    expect(suite!.attrs.name).toBe(path);
    const cases = new Map(elements(suite!, 'testcase').map((c) => [c.attrs.name, c]));
    const failure = failureOf(cases.get('unknown-target')!)!;
    const expected = nasty.replace('\u0001', '\\u0001').replace('\u001b', '\\u001b');
    expect(failure.attrs.message).toBe(expected);
    expect(textOf(failure)).toBe(`${path}:1:1: error: ${expected}`);
    expect(failureOf(cases.get('pii-purpose')!)!.attrs.type).toBe('warning');
    expect(textOf(failureOf(cases.get('pii-purpose')!)!)).toBe(`${path}:1:1: warning: second & <last>`);
  });

  it('a finding from a rule that is not in the list still gets its own testcase', () => {
    const root = parseXml(junit([file('a.journey.yaml', [finding('some-plugin-rule', 'x')])], context()));
    expectConsistentCounts(root);
    const names = elements(elements(root, 'testsuite')[0]!, 'testcase').map((c) => c.attrs.name);
    expect(names).toContain('some-plugin-rule');
    expect(names.filter((n) => n === 'some-plugin-rule')).toHaveLength(1);
  });
});

describe('the strict XML parser used here', () => {
  it('accepts well-formed XML and decodes entities and character references', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x='1 &amp; 2' y="&#60;&#x3E;"><b/>t&lt;<![CDATA[<raw&>]]></a>\n`);
    expect(root.attrs).toEqual({ x: '1 & 2', y: '<>' });
    expect(textOf(root)).toBe('t<<raw&>');
  });

  it.each([
    ['a bare < in an attribute', '<a x="<"/>'],
    ['a bare & in text', '<a>&</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a mismatched closing tag', '<a><b></a></b>'],
    ['an unclosed element', '<a><b/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['two root elements', '<a/><b/>'],
    ['a control character', '<a>\u0001</a>'],
    [']]> in text', '<a>]]></a>'],
  ])('rejects %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
