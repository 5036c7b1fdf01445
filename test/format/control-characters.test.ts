/**
 * Hostile file names and messages in every report (issue 17, item 2). A file named
 * `z\n::warning file=README.md::x.journey.yaml` used to make `stylish` print a line that
 * GitHub Actions runs as a workflow command. Every formatter must show control
 * characters as escapes: no line of any output starts a workflow command we did not
 * write, no raw ESC or line separator reaches a terminal, and JSON still holds the
 * exact values.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocatedDiagnostic } from '../../src/diagnostics/located.js';
import { FORMAT_NAMES, loadFormatter } from '../../src/format/index.js';
import { formatScenarioJson, formatScenarioJunit, formatScenarioText, type JourneyTests } from '../../src/format/scenarios.js';
import type { FormatContext, FormatFile } from '../../src/format/types.js';
import { formatReport, type JourneyFigures } from '../../src/show/report.js';
import { ensureBuilt, journeySync, tempDir } from '../support/cli.js';
import { parseXml } from './xml.js';

const INJECTED = '::warning file=README.md::owned';
const HOSTILE_NAME = `z\n${INJECTED}\r::error::cr\u2028::error::ls\u001b[31mred.journey.yaml`;
const HOSTILE_MESSAGE = `unknown target\n${INJECTED}\r\n::error::again\u0085\u2029\u202eevil`;

/** Every way a reader (a terminal, the Actions runner, a JavaScript log viewer) may split lines. */
const LINES = /\r\n|\r|\n|\u2028|\u2029|\u0085/;
/** Raw characters that must never appear in output: C0 controls but LF, DEL, C1, separators, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const finding: LocatedDiagnostic = {
  ruleId: 'unknown-target',
  severity: 'error',
  message: HOSTILE_MESSAGE,
  hint: `fix it\n${INJECTED}`,
  span: { start: 0, end: 1 },
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
};
const file: FormatFile = { filePath: `/repo/${HOSTILE_NAME}`, displayPath: HOSTILE_NAME, source: 'journey: x\n', messages: [finding], errorCount: 1, warningCount: 0, fatalErrorCount: 0 };
const context: FormatContext = { cwd: '/repo', repoRoot: '/repo', color: false, rules: new Map(), fileCount: 1 };

/** The lines the github format writes itself: groups, and annotations of the real file (the injection names README.md). */
const GITHUB_OWN = /^::(group::|endgroup::$|(error|warning) file=(?!README))/;

function expectNoInjectedLine(out: string, own: RegExp = /^$/): void {
  for (const line of out.split(LINES)) {
    if (own.test(line)) continue;
    expect(line.trimStart().startsWith('::'), `a line starts a workflow command: ${JSON.stringify(line)}`).toBe(false);
  }
}

describe.each(FORMAT_NAMES)('lint format %s', (name) => {
  let out: string;
  beforeAll(async () => {
    out = (await loadFormatter(name))([file], context);
  });

  it('prints no raw control character, line separator or bidirectional control', () => {
    // Our own line breaks are LF; anything else raw is a defect (CR is allowed nowhere either).
    expect(RAW_CONTROL.test(out), JSON.stringify(out.match(RAW_CONTROL))).toBe(false);
  });

  it('starts no workflow command on any line except its own', () => {
    // The github format writes its own commands: ::group::, ::error file=..., ::endgroup::.
    expectNoInjectedLine(out, name === 'github' ? GITHUB_OWN : /^$/);
  });

  it('shows the name and the message, escaped, so a person can still read them', () => {
    if (name === 'json' || name === 'sarif') return; // checked below: exact values
    // Markdown escapes the backslash of the escape itself.
    expect(out).toContain(name === 'markdown' ? 'z\\\\n::warning' : 'z\\n::warning');
    expect(out).toContain(name === 'markdown' ? 'unknown target\\\\n' : 'unknown target\\n');
  });
});

describe('JSON formats keep the exact values', () => {
  it('json: filePath and message parse back exactly', async () => {
    const parsed = JSON.parse((await loadFormatter('json'))([file], context)) as { filePath: string; messages: { message: string }[] }[];
    expect(parsed[0]!.filePath).toBe(`/repo/${HOSTILE_NAME}`);
    expect(parsed[0]!.messages[0]!.message).toBe(HOSTILE_MESSAGE);
  });

  it('sarif: the message parses back exactly and the URI is percent-encoded', async () => {
    const parsed = JSON.parse((await loadFormatter('sarif'))([file], context)) as { runs: { results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const result = parsed.runs[0]!.results[0]!;
    expect(result.message.text.startsWith(HOSTILE_MESSAGE)).toBe(true);
    expect(decodeURIComponent(result.locations[0]!.physicalLocation.artifactLocation.uri)).toBe(HOSTILE_NAME);
  });

  it('junit: still well-formed XML', async () => {
    const junit = await loadFormatter('junit');
    expect(() => parseXml(junit([file], context))).not.toThrow();
  });
});

describe('scenario reports and the pull-request report', () => {
  const suites: JourneyTests[] = [
    {
      file: HOSTILE_NAME,
      journey: 'x',
      results: [
        {
          scenario: { name: `scenario\n${INJECTED}`, events: [], expect: {} } as never,
          passed: false,
          failures: [`expected\n${INJECTED}`],
          interpreter: {} as never,
          effects: [] as never,
        } as never,
      ],
    },
  ];

  it.each([
    ['text', () => formatScenarioText(suites)],
    ['junit', () => formatScenarioJunit(suites)],
    ['json', () => formatScenarioJson(suites)],
  ])('scenarios as %s: no raw controls, no injected command', (_name, render) => {
    const out = render();
    expect(RAW_CONTROL.test(out)).toBe(false);
    expectNoInjectedLine(out);
  });

  it('report: no raw controls, no injected command', () => {
    const figures: JourneyFigures = {
      id: 'x',
      title: 't',
      priority: 'routine',
      file: HOSTILE_NAME,
      findings: [finding],
      mermaid: 'stateDiagram-v2\n',
      containment: 0,
      escalation: 0,
      abandonment: 0,
      worstTurns: null,
      bounded: false,
      scenarios: { passed: 0, failed: 0, failures: [] },
    };
    const out = formatReport([figures], { runs: 1, seed: 1, personas: 'the default mix' });
    expect(RAW_CONTROL.test(out)).toBe(false);
    expectNoInjectedLine(out);
  });
});

describe('the real binary on a file with a hostile name', () => {
  let dir: string;
  const name = `z\n${INJECTED}.journey.yaml`;
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir('hostile-name');
    mkdirSync(join(dir, 'journeys'));
    writeFileSync(join(dir, 'journeys', name), 'journey: x\ntitle: t\nstart: nowhere\nstates:\n  s:\n    type: end\n    outcome: resolved\n');
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', name), 'journey: x\ntitle: [unclosed\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['stylish', 'github', 'markdown', 'junit'])('journey lint --format %s: the finding is reported, no line starts a workflow command', (format) => {
    const run = journeySync(['lint', 'journeys/', '--format', format], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('unknown-target');
    expect(RAW_CONTROL.test(run.stdout)).toBe(false);
    expectNoInjectedLine(run.stdout, format === 'github' ? GITHUB_OWN : /^$/);
  });

  it.each([
    ['graph', ['graph', join('broken', name)]],
    ['simulate', ['simulate', join('broken', name)]],
    ['test', ['test', 'broken/']],
  ])('journey %s names the file escaped in its findings too', (_command, args) => {
    const run = journeySync(args, dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('z\\n::warning');
    expectNoInjectedLine(run.stderr);
    expectNoInjectedLine(run.stdout);
    expect(RAW_CONTROL.test(run.stderr + run.stdout)).toBe(false);
  });
});
