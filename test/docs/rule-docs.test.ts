import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, loadRule } from '../../src/rules/index.js';
import { docsUrl } from '../../src/rule-support/types.js';
import { expectedMarkers, lintMany, lintYaml, ROOT } from '../support/lint.js';

/** Modules in src/rules/ that are infrastructure, not rules. */
// src/rules/ holds one module per rule and the registry (index.ts), as ESLint's lib/rules/ does.
const NOT_RULES = new Set(['index']);

/** The fenced yaml block under a `## heading` of a docs page. */
export function exampleUnder(markdown: string, heading: string): string | undefined {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  return section ? /```yaml\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
}

describe('every rule has a registry entry, a test file and a docs page', () => {
  const files = readdirSync(join(ROOT, 'src', 'rules'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((f) => !NOT_RULES.has(f));

  it('each rule module is in the registry and each registry entry has a module', () => {
    expect([...files].sort()).toEqual([...RULE_IDS].sort());
  });

  for (const id of RULE_IDS) {
    it(`${id}: meta, test file and docs page`, async () => {
      const rule = await loadRule(id);
      expect(rule.meta.id).toBe(id);
      expect(rule.meta.docs).toBe(docsUrl(id));
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(existsSync(join(ROOT, 'test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`).toBe(true);
      const page = join(ROOT, 'docs', 'rules', `${id}.md`);
      expect(existsSync(page), `docs/rules/${id}.md`).toBe(true);
      const text = readFileSync(page, 'utf8');
      for (const heading of ['# ', '## What it checks', '## Why', '## Failing example', '## Passing example', '## Options', '## How to fix']) {
        expect(text, `${id}.md has "${heading}"`).toContain(heading);
      }
      expect(text.startsWith(`# ${id}\n`)).toBe(true);
      // A rule whose reports carry edits says which under its own heading; one without edits has none.
      const edits = rule.meta.fixable === true || rule.meta.hasSuggestions === true;
      const fixes = text.split(/^## /m).find((part) => part.startsWith('Fixes and suggestions\n'));
      expect(fixes !== undefined, `${id}.md has "## Fixes and suggestions" exactly when the rule has fixes or suggestions`).toBe(edits);
      // Each kind of edit the meta declares has its own bullet (`- **Fix**`, `- **Suggestion(s)**`), and no other kind does.
      expect(/^- \*\*Fix\*\* \(/m.test(fixes ?? ''), `${id}.md has a "- **Fix** (" bullet exactly when the rule is fixable`).toBe(rule.meta.fixable === true);
      expect(/^- \*\*Suggestions?\*\*/m.test(fixes ?? ''), `${id}.md has a "- **Suggestions**" bullet exactly when the rule has suggestions`).toBe(rule.meta.hasSuggestions === true);
      if (rule.meta.fixable) expect(fixes, `${id}.md says what --fix does`).toContain('`--fix`');
      if (rule.meta.hasSuggestions) expect(fixes, `${id}.md says suggestions are not applied by --fix`).toMatch(/never applied by `--fix`|none is applied by\s+`--fix`/);
      // Pages are printed by `journey explain` in an 80-column terminal: prose stays within 80 columns.
      expect(proseLines(text).filter((l) => l.length > 80)).toEqual([]);
    });
  }
});

describe('the docs examples are run as tests', () => {
  for (const id of RULE_IDS) {
    const text = readFileSync(join(ROOT, 'docs', 'rules', `${id}.md`), 'utf8');
    const failing = exampleUnder(text, 'Failing example');
    const passing = exampleUnder(text, 'Passing example');

    it(`${id}: the failing example reports exactly the marked lines`, async () => {
      expect(failing, 'a failing example').toBeDefined();
      const expected = expectedMarkers(failing as string, id).map((e) => e.line);
      expect(expected.length).toBeGreaterThan(0);
      let findings;
      if (id === 'duplicate-journey') {
        // The rule needs two files with the same id: lint the example under two names.
        const results = await lintMany([
          { path: 'a.journey.yaml', text: failing as string },
          { path: 'b.journey.yaml', text: failing as string },
        ]);
        findings = results.get('a.journey.yaml') ?? [];
      } else {
        findings = await lintYaml(failing as string, { path: 'example.journey.yaml' });
      }
      expect(findings.filter((d) => d.ruleId === 'syntax' || d.ruleId === 'schema')).toEqual([]);
      expect(findings.filter((d) => d.ruleId === id).map((d) => d.line)).toEqual(expected);
    });

    it(`${id}: the passing example has no finding of the rule`, async () => {
      expect(passing, 'a passing example').toBeDefined();
      const findings = await lintYaml(passing as string, { path: 'example.journey.yaml' });
      expect(findings.filter((d) => d.ruleId === 'syntax' || d.ruleId === 'schema')).toEqual([]);
      expect(findings.filter((d) => d.ruleId === id)).toEqual([]);
    });
  }
});

/** Lines outside code fences and tables. */
function proseLines(text: string): string[] {
  let inside = false;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inside = !inside;
    else if (!inside && !line.startsWith('|')) out.push(line);
  }
  return out;
}
