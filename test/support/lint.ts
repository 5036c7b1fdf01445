import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate, type LocatedDiagnostic } from '../../src/diagnostics/located.js';
import { lintSources } from '../../src/lint/lint.js';
import type { RuleSetting } from '../../src/config/types.js';
import type { RuleId } from '../../src/rules/index.js';

/** Root of the repository (tests run from anywhere). */
export const ROOT = join(import.meta.dirname, '..', '..');

/** The example journeys in journeys/, by file name without `.journey.yaml`, sorted: every test of "the examples" reads this one list. */
export const EXAMPLE_NAMES: readonly string[] = readdirSync(join(ROOT, 'journeys'))
  .filter((f) => f.endsWith('.journey.yaml'))
  .map((f) => f.slice(0, -'.journey.yaml'.length))
  .sort();

/** Lints YAML text with every rule at its default and returns findings with display positions. */
export async function lintYaml(yaml: string, options: { path?: string; rules?: ReadonlyMap<string, RuleSetting> } = {}): Promise<LocatedDiagnostic[]> {
  const path = options.path ?? 'test.journey.yaml';
  const [result] = await lintSources([{ path, text: yaml }], options.rules ? { rules: options.rules } : {});
  if (!result) throw new Error('no result');
  return locate(result.source, result.diagnostics);
}

/** Lints several sources together (for project rules) and returns findings per path. */
export async function lintMany(sources: readonly { path: string; text: string }[]): Promise<Map<string, LocatedDiagnostic[]>> {
  const results = await lintSources(sources);
  return new Map(results.map((r) => [r.filePath, locate(r.source, r.diagnostics)]));
}

/** An expected finding: its 1-based line, and optionally its column and message id. */
export interface Expected {
  readonly line: number;
  readonly column?: number;
  readonly messageId?: string;
}

/** A case that must produce no finding of the rule under test. */
export interface ValidCase {
  readonly name: string;
  readonly yaml: string;
}

/** A case that must produce exactly the listed findings of the rule under test. */
export interface InvalidCase {
  readonly name: string;
  readonly yaml: string;
  readonly errors: readonly Expected[];
}

/**
 * Lines marked `# expect: rule-id` (several ids separated by commas) in a fixture:
 * the findings of those rules the fixture must produce, one per marked line.
 */
export function expectedMarkers(yaml: string, ruleId: string): Expected[] {
  const out: Expected[] = [];
  yaml.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([a-z0-9,\s-]+)$/.exec(line);
    if (m && m[1]?.split(',').map((s) => s.trim()).includes(ruleId)) out.push({ line: i + 1 });
  });
  return out;
}

/**
 * ESLint-style rule tester: valid cases yield no finding of `ruleId`; invalid cases
 * yield exactly the expected ones (line, and column/message id when given).
 * Fixture files under test/fixtures/rules/<id>/{valid,invalid}/ are added as cases;
 * invalid fixtures mark their expected lines with `# expect: <id>`.
 */
export function testRule(ruleId: RuleId, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  const dir = join(ROOT, 'test', 'fixtures', 'rules', ruleId);
  const fixtures = (kind: 'valid' | 'invalid'): { name: string; yaml: string }[] => {
    const folder = join(dir, kind);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => ({ name: `fixture ${kind}/${f}`, yaml: readFileSync(join(folder, f), 'utf8') }));
  };
  const valid = [...cases.valid, ...fixtures('valid')];
  const invalid = [...cases.invalid, ...fixtures('invalid').map((f) => ({ ...f, errors: expectedMarkers(f.yaml, ruleId) }))];

  describe(`rule ${ruleId}`, () => {
    it('has at least one valid and one invalid case', () => {
      expect(valid.length).toBeGreaterThan(0);
      expect(invalid.length).toBeGreaterThan(0);
    });
    for (const c of valid) {
      it(`valid: ${c.name}`, async () => {
        const findings = await lintYaml(c.yaml);
        expect(findings.filter((d) => d.ruleId === 'syntax' || d.ruleId === 'schema'), 'case must pass the schema').toEqual([]);
        expect(findings.filter((d) => d.ruleId === ruleId).map(summary)).toEqual([]);
      });
    }
    for (const c of invalid) {
      it(`invalid: ${c.name}`, async () => {
        expect(c.errors.length, 'an invalid case lists its findings').toBeGreaterThan(0);
        const findings = await lintYaml(c.yaml);
        expect(findings.filter((d) => d.ruleId === 'syntax' || d.ruleId === 'schema').map(summary), 'case must pass the schema').toEqual([]);
        const actual = findings.filter((d) => d.ruleId === ruleId);
        const shaped = actual.map((d, i) => {
          const want = c.errors[i];
          return {
            line: d.line,
            ...(want?.column !== undefined ? { column: d.column } : {}),
            ...(want?.messageId !== undefined ? { messageId: d.code } : {}),
          };
        });
        expect(shaped).toEqual(c.errors.map((e) => ({ ...e })));
      });
    }
  });
}

function summary(d: LocatedDiagnostic): string {
  return `${d.line}:${d.column} ${d.ruleId} ${d.message}`;
}
