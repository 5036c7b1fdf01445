/**
 * Formatters carry the edits of findings: SARIF `fixes` (valid against the official 2.1.0
 * schema, replacements that rebuild the fixed file), JSON `fix`/`suggestions` (ESLint's shape),
 * stylish "fixable" lines and ESLint's "potentially fixable" summary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { json } from '../../src/format/json.js';
import { PLAIN } from '../../src/format/paint.js';
import { prepareResults } from '../../src/format/prepare.js';
import { sarif } from '../../src/format/sarif.js';
import { renderStylish } from '../../src/format/stylish.js';
import type { FormatContext } from '../../src/format/types.js';
import { lintSources } from '../../src/lint/lint.js';
import { loadRules } from '../../src/rules/index.js';
import { ROOT } from '../support/lint.js';

const FIX = join(ROOT, 'test', 'fixtures', 'fix');

async function formatted() {
  const text = readFileSync(join(FIX, 'styles.journey.yaml'), 'utf8');
  const results = await lintSources([{ path: join(ROOT, 'styles.journey.yaml'), text }]);
  const metas = (await loadRules()).map((r) => r.meta);
  const context: FormatContext = { cwd: ROOT, color: false, rules: new Map(metas.map((m) => [m.id, m])), fileCount: 1, repoRoot: ROOT, version: '0.0.0' };
  return { text, files: prepareResults(results, ROOT), context };
}

describe('SARIF fixes', () => {
  it('are valid SARIF 2.1.0 and their replacements rebuild the golden file', async () => {
    const { text, files, context } = await formatted();
    const log = JSON.parse(sarif(files, context));
    const raw = JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    const { $schema: _s, id, ...schema } = raw;
    const validate = new AjvModule.default({ strict: false, validateFormats: false, allErrors: true }).compile({ ...schema, $id: id as string });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    type Proposed = { ruleId: string; fixes?: { description: { text: string } }[] };
    const proposing = log.runs[0].results.filter((r: Proposed) => r.fixes);
    // Suggestions are proposed fixes too (no-match-handled's ways to a person); the fixes of --fix come first in a result.
    expect(proposing.filter((r: Proposed) => r.ruleId === 'no-match-handled').every((r: Proposed) => r.fixes!.length === 2)).toBe(true);
    const withFixes = proposing.filter((r: Proposed) => r.fixes![0]!.description.text === 'Apply the fix of `journey lint --fix`');
    expect(withFixes.map((r: { ruleId: string }) => r.ruleId)).toEqual(['unknown-target', 'unknown-target', 'unknown-target', 'unknown-target']);
    // Region (line, column in UTF-16 units) back to offsets: applying every replacement gives the fixed file.
    const lines = new LineIndex(text);
    const offsetOf = (line: number, column: number) => {
      for (let o = 0; o <= text.length; o++) {
        const p = lines.position(o);
        if (p.line === line && p.column === column) return o;
      }
      throw new Error(`no offset at ${line}:${column}`);
    };
    const edits = withFixes.map((r: { fixes: { artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[] }[] }[] }) => {
      const change = r.fixes[0]!.artifactChanges[0]!;
      expect(change.artifactLocation.uri).toBe('styles.journey.yaml');
      const { deletedRegion: d, insertedContent } = change.replacements[0]!;
      return { start: offsetOf(d.startLine!, d.startColumn!), end: offsetOf(d.endLine!, d.endColumn!), text: insertedContent.text };
    });
    let fixed = text;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.text + fixed.slice(e.end);
    expect(fixed).toBe(readFileSync(join(FIX, 'styles.fixed.yaml'), 'utf8'));
  });
});

describe('stylish and JSON', () => {
  it('stylish shows what --fix changes and counts fixable findings like ESLint', async () => {
    const { files, context } = await formatted();
    const out = renderStylish(files, context, PLAIN);
    expect(out).toContain('  fixable: --fix changes `refunds_tem` to `refunds_team`');
    expect(out).toContain('  fixable: --fix changes `confirn` to `confirm`');
    expect(out.trimEnd().split('\n').at(-1)).toBe('  4 errors and 0 warnings potentially fixable with the `--fix` option.');
  });

  it('JSON messages carry fix {range, text}; fixable counts follow', async () => {
    const { text, files, context } = await formatted();
    const [result] = JSON.parse(json(files, context));
    const fix = result.messages.find((m: { fix?: unknown }) => m.fix).fix;
    expect(Object.keys(fix)).toEqual(['range', 'text']);
    expect(text.slice(fix.range[0], fix.range[1])).toBe('refunds_tem');
    expect(result.fixableErrorCount).toBe(4);
    expect(result.fixableWarningCount).toBe(0);
  });
});
