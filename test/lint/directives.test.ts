/**
 * Inline disable comments in journey files (src/lint/directives.ts), through the lint engine:
 * `# journey-disable-next-line`, `# journey-disable-line`, `# journey-disable` / `# journey-enable`,
 * `# journey-disable-file`, bare forms, several ids, reasons after `--`, and the `directive`
 * findings about the comments themselves (unused, missing-reason, unknown-rule).
 *
 * The base fixture test/fixtures/lint/findings.journey.yaml has exactly four findings:
 * pii-purpose at lines 5 and 6 (warnings), offramp-distance at 18 (error), unreachable-state at 27 (warning).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { locate } from '../../src/diagnostics/located.js';
import { lintSources } from '../../src/lint/lint.js';
import { ROOT, lintMany } from '../support/lint.js';

const BASE = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', 'findings.journey.yaml'), 'utf8');
const NO_HUMAN = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'no-human', 'no-human.journey.yaml'), 'utf8');
const VALID = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'valid', 'lost-card.journey.yaml'), 'utf8');

/** The base fixture's findings with no comment added. */
const ALL = ['pii-purpose@5', 'pii-purpose@6', 'offramp-distance@18', 'unreachable-state@27'];

/**
 * Edits a journey: `before` inserts whole lines before original line N (1-based),
 * `trailing` appends a comment to original line N.
 */
function edit(text: string, changes: { before?: Record<number, string | string[]>; trailing?: Record<number, string> }): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const n = i + 1;
    const ins = changes.before?.[n];
    if (ins !== undefined) out.push(...(Array.isArray(ins) ? ins : [ins]));
    const trail = changes.trailing?.[n];
    out.push(trail !== undefined ? `${line}  ${trail}` : line);
  });
  return out.join('\n');
}

interface Linted {
  /** `ruleId@line`, plus `/code` for directive findings. */
  readonly found: string[];
  readonly severities: Record<string, string>;
  readonly messages: string[];
  readonly suppressed: number;
}

async function lint(text: string, configText?: string, path = '/project/j.journey.yaml'): Promise<Linted> {
  const config = configText === undefined ? undefined : parseConfig('/project/journey.config.yaml', configText).config;
  if (configText !== undefined) expect(config, 'test config must be valid').toBeDefined();
  const [result] = await lintSources([{ path, text }], config ? { config } : {});
  const located = locate(result!.source, result!.diagnostics);
  const key = (d: (typeof located)[number]): string => `${d.ruleId}${d.ruleId === 'directive' ? `/${d.code}` : ''}@${d.line}`;
  return {
    found: located.map(key),
    severities: Object.fromEntries(located.map((d) => [key(d), d.severity])),
    messages: located.map((d) => d.message),
    suppressed: result!.suppressed,
  };
}

describe('disable comments hide the findings they name', () => {
  it('the base fixture has its four findings', async () => {
    expect((await lint(BASE)).found).toEqual(ALL);
  });

  it('journey-disable-next-line RULE hides that rule on the next line only', async () => {
    const r = await lint(edit(BASE, { before: { 5: '  # journey-disable-next-line pii-purpose' } }));
    expect(r.found).toEqual(['pii-purpose@7', 'offramp-distance@19', 'unreachable-state@28']);
    expect(r.suppressed).toBe(1);
  });

  it('journey-disable-line RULE (a trailing comment) hides that rule on its own line', async () => {
    const r = await lint(edit(BASE, { trailing: { 6: '# journey-disable-line pii-purpose' } }));
    expect(r.found).toEqual(['pii-purpose@5', 'offramp-distance@18', 'unreachable-state@27']);
    expect(r.suppressed).toBe(1);
  });

  it('journey-disable RULE ... journey-enable RULE hides the rule inside the block only', async () => {
    const r = await lint(edit(BASE, { before: { 5: '  # journey-disable pii-purpose', 7: '# journey-enable pii-purpose' } }));
    expect(r.found).toEqual(['offramp-distance@20', 'unreachable-state@29']);
    expect(r.suppressed).toBe(2);
    // A finding of that rule after the block is reported again.
    const after = await lint(edit(BASE, { before: { 5: '  # journey-disable pii-purpose', 6: '  # journey-enable pii-purpose' } }));
    expect(after.found).toEqual(['pii-purpose@8', 'offramp-distance@20', 'unreachable-state@29']);
  });

  it('journey-disable RULE without an enable lasts to the end of the file', async () => {
    const r = await lint(edit(BASE, { before: { 27: '  # journey-disable unreachable-state' } }));
    expect(r.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'offramp-distance@18']);
  });

  it('journey-disable-file RULE hides that rule anywhere in the file, wherever the comment is', async () => {
    expect((await lint(edit(BASE, { before: { 1: '# journey-disable-file pii-purpose' } }))).found).toEqual(['offramp-distance@19', 'unreachable-state@28']);
    expect((await lint(`${BASE}# journey-disable-file pii-purpose\n`)).found).toEqual(['offramp-distance@18', 'unreachable-state@27']);
  });

  it('several rule ids separated by commas (with or without spaces)', async () => {
    for (const list of ['pii-purpose, unreachable-state', 'pii-purpose,unreachable-state']) {
      const r = await lint(edit(BASE, { before: { 1: `# journey-disable-file ${list}` } }));
      expect(r.found, list).toEqual(['offramp-distance@19']);
      expect(r.suppressed, list).toBe(3);
    }
    const line = await lint(edit(BASE, { trailing: { 5: '# journey-disable-line pii-purpose, offramp-distance -- ok' } }));
    expect(line.found).toEqual(['directive/unused@5', 'pii-purpose@6', 'offramp-distance@18', 'unreachable-state@27']);
    expect(line.messages[0]).toContain('offramp-distance');
  });

  it('bare forms (no rule id) hide every rule; with a reason they hide off-ramp rules too', async () => {
    expect((await lint(edit(BASE, { before: { 18: '  # journey-disable-next-line -- reviewed: escalation is one tap away in the app' } }))).found).toEqual([
      'pii-purpose@5',
      'pii-purpose@6',
      'unreachable-state@28',
    ]);
    const file = await lint(edit(BASE, { before: { 1: '# journey-disable-file -- generated from the legacy IVR tree, reviewed by CX' } }));
    expect(file.found).toEqual([]);
    expect(file.suppressed).toBe(4);
    const block = await lint(edit(BASE, { before: { 4: '# journey-disable -- legacy', 7: '# journey-enable' } }));
    expect(block.found).toEqual(['offramp-distance@20', 'unreachable-state@29']);
  });

  it('a disable comment for one rule does not hide another rule on the same line', async () => {
    const r = await lint(edit(BASE, { before: { 18: '  # journey-disable-next-line unreachable-state' } }));
    expect(r.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'directive/unused@18', 'offramp-distance@19', 'unreachable-state@28']);
  });

  it('a project rule (duplicate-journey) can be disabled in one of the files', async () => {
    const marked = VALID.replace(/^journey: /m, '# journey-disable-next-line duplicate-journey -- the legacy copy is deleted next sprint\njourney: ');
    const results = await lintMany([
      { path: '/project/a.journey.yaml', text: VALID },
      { path: '/project/b.journey.yaml', text: marked },
    ]);
    expect(results.get('/project/a.journey.yaml')!.map((d) => `${d.ruleId}@${d.line}`)).toEqual(['duplicate-journey@2']);
    expect(results.get('/project/b.journey.yaml')!.map((d) => `${d.ruleId}@${d.line}`)).toEqual([]);
  });

  it('works in files with CRLF line endings', async () => {
    const crlf = edit(BASE, { before: { 5: '  # journey-disable-next-line pii-purpose' }, trailing: { 27: '# journey-disable-line unreachable-state' } }).replace(/\n/g, '\r\n');
    expect((await lint(crlf)).found).toEqual(['pii-purpose@7', 'offramp-distance@19']);
  });
});

describe('`#` that is not a comment never acts as a disable comment', () => {
  it('inside double- and single-quoted strings, block scalars, and plain scalars', async () => {
    const text = edit(BASE, {
      before: {
        14: [
          '    x-note: "# journey-disable-file"',
          "    x-other: '# journey-disable-file -- reason'",
          '    x-plain: see#journey-disable-file',
          '    x-block: |',
          '      # journey-disable-file -- inside a block scalar',
          '      # journey-disable-next-line offramp-distance -- also inside',
        ],
        19: ['    x-folded: >', '      # journey-disable-file'],
      },
    });
    const r = await lint(text);
    expect(r.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'offramp-distance@24', 'unreachable-state@35']);
    expect(r.suppressed).toBe(0);
  });

  it('a block scalar with a real trailing comment on its header line still yields the comment', async () => {
    // `say: |  # comment` is legal YAML; the comment belongs to the mapping, not the scalar.
    const text = BASE.replace('  confirm:\n    say: Sure?\n', '  confirm:\n    say: | # journey-disable-line offramp-distance -- wrong line on purpose\n      Sure?\n');
    const r = await lint(text);
    expect(r.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'offramp-distance@18', 'directive/unused@19', 'unreachable-state@28']);
  });
});

describe('directive findings: missing-reason', () => {
  it('disabling offramp-distance without `-- reason` is an error and the finding is NOT hidden', async () => {
    for (const comment of ['# journey-disable-next-line offramp-distance', '# journey-disable-next-line offramp-distance --', '# journey-disable-next-line offramp-distance --   ']) {
      const r = await lint(edit(BASE, { before: { 18: `  ${comment}` } }));
      expect(r.found, comment).toEqual(['pii-purpose@5', 'pii-purpose@6', 'directive/missing-reason@18', 'offramp-distance@19', 'unreachable-state@28']);
      expect(r.severities['directive/missing-reason@18']).toBe('error');
      expect(r.suppressed).toBe(0);
    }
  });

  it('with a reason, offramp-distance is hidden and nothing is reported about the comment', async () => {
    const r = await lint(edit(BASE, { before: { 18: '  # journey-disable-next-line offramp-distance -- the app shows a call button on this screen' } }));
    expect(r.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'unreachable-state@28']);
    expect(r.suppressed).toBe(1);
  });

  it('disabling human-exit without a reason (file-wide) is an error and the finding stays', async () => {
    const r = await lint(`# journey-disable-file human-exit\n${NO_HUMAN}`);
    expect(r.found.filter((f) => f.startsWith('human-exit') || f.startsWith('directive'))).toEqual(['directive/missing-reason@1', 'human-exit@5']);
    const ok = await lint(`# journey-disable-file human-exit -- prototype, never deployed\n${NO_HUMAN}`);
    expect(ok.found.filter((f) => f.startsWith('human-exit') || f.startsWith('directive'))).toEqual([]);
  });

  it('the reason is required in every form: trailing, block, and a block closed by its enable', async () => {
    const trailing = await lint(edit(BASE, { trailing: { 18: '# journey-disable-line offramp-distance' } }));
    expect(trailing.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'offramp-distance@18', 'directive/missing-reason@18', 'unreachable-state@27']);
    const block = await lint(edit(BASE, { before: { 13: '  # journey-disable offramp-distance', 23: '  # journey-enable offramp-distance' } }));
    expect(block.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'directive/missing-reason@13', 'offramp-distance@19', 'unreachable-state@29']);
    const withReason = await lint(edit(BASE, { before: { 13: '  # journey-disable offramp-distance -- phone line shown on every screen', 23: '  # journey-enable offramp-distance' } }));
    expect(withReason.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'unreachable-state@29']);
  });

  it('a bare disable without a reason that would hide offramp-distance: missing-reason, and the finding stays', async () => {
    const variants: { before: Record<number, string> }[] = [{ before: { 18: '  # journey-disable-next-line' } }, { before: { 1: '# journey-disable-file' } }];
    for (const changes of variants) {
      const r = await lint(edit(BASE, changes));
      expect(r.found.filter((f) => f.startsWith('offramp-distance') || f.startsWith('directive/missing-reason')).length, JSON.stringify(changes)).toBe(2);
      expect(r.found.some((f) => f.startsWith('offramp-distance'))).toBe(true);
      const reason = r.found.find((f) => f.startsWith('directive/missing-reason'))!;
      expect(r.severities[reason]).toBe('error');
    }
    const r = await lint(`# journey-disable-file\n${NO_HUMAN}`);
    expect(r.found).toContain('human-exit@5');
    expect(r.found).toContain('directive/missing-reason@1');
  });
});

describe('directive findings: unused', () => {
  it('a comment that suppresses nothing is reported at the comment, as a warning by default', async () => {
    const r = await lint(edit(BASE, { before: { 13: '  # journey-disable-next-line pii-purpose' } }));
    expect(r.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'directive/unused@13', 'offramp-distance@19', 'unreachable-state@28']);
    expect(r.severities['directive/unused@13']).toBe('warning');
  });

  it('each unused id of a multi-id comment, an unused file-wide disable, and an enable with no open block', async () => {
    const partly = await lint(edit(BASE, { before: { 1: '# journey-disable-file pii-purpose, dead-end' } }));
    expect(partly.found).toEqual(['directive/unused@1', 'offramp-distance@19', 'unreachable-state@28']);
    expect(partly.messages[0]).toContain('dead-end');
    const enable = await lint(edit(BASE, { before: { 13: '  # journey-enable pii-purpose' } }));
    expect(enable.found).toContain('directive/unused@13');
    const clean = await lint(`# journey-disable-file -- nothing to hide\n${VALID}`);
    expect(clean.found).toEqual(['directive/unused@1']);
  });

  it('report-unused-disables sets the severity: error, warn, 2, or off (no finding)', async () => {
    const text = edit(BASE, { before: { 13: '  # journey-disable-next-line pii-purpose' } });
    expect((await lint(text, 'report-unused-disables: error\n')).severities['directive/unused@13']).toBe('error');
    expect((await lint(text, 'report-unused-disables: 2\n')).severities['directive/unused@13']).toBe('error');
    expect((await lint(text, 'report-unused-disables: warn\n')).severities['directive/unused@13']).toBe('warning');
    expect((await lint(text, '')).severities['directive/unused@13']).toBe('warning');
    expect((await lint(text, 'report-unused-disables: off\n')).found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'offramp-distance@19', 'unreachable-state@28']);
  });

  it('a disable for a rule turned off in the config suppresses nothing and is reported as unused', async () => {
    const r = await lint(edit(BASE, { before: { 5: '  # journey-disable-next-line pii-purpose' } }), 'rules:\n  pii-purpose: off\n');
    expect(r.found).toEqual(['directive/unused@5', 'offramp-distance@19', 'unreachable-state@28']);
  });
});

describe('directive findings: unknown-rule; syntax and schema cannot be disabled', () => {
  it('an unknown rule id is an error with a did-you-mean, and hides nothing', async () => {
    const r = await lint(edit(BASE, { before: { 18: '  # journey-disable-next-line offramp-distanse -- typo' } }));
    expect(r.found).toEqual(['pii-purpose@5', 'pii-purpose@6', 'directive/unknown-rule@18', 'offramp-distance@19', 'unreachable-state@28']);
    expect(r.severities['directive/unknown-rule@18']).toBe('error');
    expect(r.messages[2]).toMatch(/offramp-distanse/);
    expect(r.messages[2]).toMatch(/did you mean `offramp-distance`/);
    const human = await lint(`# journey-disable-file humen-exit -- typo\n${VALID}`);
    expect(human.found).toEqual(['directive/unknown-rule@1']);
    expect(human.messages[0]).toMatch(/did you mean `human-exit`/);
  });

  it('naming `syntax` or `schema` in a comment is an unknown-rule error', async () => {
    const r = await lint(`# journey-disable-file syntax, schema -- no\n${VALID}`);
    expect(r.found).toEqual(['directive/unknown-rule@1', 'directive/unknown-rule@1']);
  });

  it('schema findings stay under every kind of disable comment', async () => {
    const text = ['# journey-disable-file -- everything', 'journey: broken', 'title: Broken', 'start: a', 'states:', '  a:', '    # journey-disable-next-line -- everything', '    type: bogus', ''].join('\n');
    const r = await lint(text);
    expect(r.found.filter((f) => f.startsWith('schema'))).toEqual(['schema@8']);
    expect(r.suppressed).toBe(0);
  });

  it('syntax findings stay under a file-wide bare disable', async () => {
    const r = await lint('# journey-disable-file -- everything\njourney: x\n  bad: [\n');
    expect(r.found.length).toBeGreaterThan(0);
    expect(r.found.every((f) => f.startsWith('syntax@') || f.startsWith('directive/'))).toBe(true);
    expect(r.found.some((f) => f.startsWith('syntax@'))).toBe(true);
    expect(r.suppressed).toBe(0);
  });
});

describe('enabling inside blocks', () => {
  it('`journey-enable RULE` inside a bare block re-enables only that rule; a bare enable ends every block', async () => {
    const { lintYaml } = await import('../support/lint.js');
    const yaml = `journey: blocks
title: Blocks
context:
  # journey-disable
  a: { type: string, pii: true }
  # journey-enable pii-purpose
  b: { type: string, pii: true }
  # journey-enable
  c: { type: string, pii: true }
start: s
states:
  s:
    on: { go: agent, no_match: agent, frustrated: agent }
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`;
    const findings = await lintYaml(yaml);
    expect(findings.filter((d) => d.ruleId === 'pii-purpose').map((d) => d.line)).toEqual([7, 9]);
  });
});
