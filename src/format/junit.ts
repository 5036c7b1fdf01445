import { visible } from '../diagnostics/display.js';
import { escapeXml, escapeXmlAttribute } from './escape.js';
import type { Formatter } from './types.js';

/**
 * JUnit XML: one testsuite per file and one testcase per rule (plus `syntax` and
 * `schema`); a rule with findings fails its testcase, listing each finding. When a
 * file fails to parse, rules that could not run are marked skipped.
 */
export const junit: Formatter = (files, context) => {
  const ruleIds = ['syntax', 'schema', ...(context.ruleIds ?? [...context.rules.keys()])];
  let totalTests = 0;
  let totalFailures = 0;
  const suites: string[] = [];
  for (const file of files) {
    const byRule = new Map<string, typeof file.messages[number][]>();
    for (const m of file.messages) {
      const list = byRule.get(m.ruleId) ?? [];
      list.push(m);
      byRule.set(m.ruleId, list);
    }
    // A file that does not parse is never checked against the schema; one that fails the schema is never linted.
    const unparsed = file.messages.some((m) => m.ruleId === 'syntax' && m.severity === 'error');
    const blocked = unparsed || file.messages.some((m) => m.ruleId === 'schema' && m.severity === 'error');
    const ids = [...new Set([...ruleIds, ...byRule.keys()])];
    // Control characters in names are shown as escapes: XML would keep line breaks and CI pages would print them.
    const shownPath = escapeXml(visible(file.displayPath));
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const id of ids) {
      const found = byRule.get(id) ?? [];
      const name = escapeXml(visible(id));
      const classname = shownPath;
      if (found.length > 0) {
        failures++;
        const body = found.map((m) => `${visible(file.displayPath)}:${m.line}:${m.column}: ${m.severity}: ${visible(m.message)}`).join('\n');
        const type = found.some((m) => m.severity === 'error') ? 'error' : 'warning';
        cases.push(
          `    <testcase name="${name}" classname="${classname}">\n      <failure message="${escapeXmlAttribute(visible(found[0]?.message ?? ''))}" type="${type}">${escapeXml(body)}</failure>\n    </testcase>`,
        );
      } else if ((blocked && id !== 'syntax' && id !== 'schema') || (unparsed && id === 'schema')) {
        skipped++;
        const why = unparsed ? 'the file does not parse' : 'the file does not follow the journey schema';
        cases.push(`    <testcase name="${name}" classname="${classname}">\n      <skipped message="${why}"/>\n    </testcase>`);
      } else {
        cases.push(`    <testcase name="${name}" classname="${classname}"/>`);
      }
    }
    totalTests += ids.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${shownPath}" tests="${ids.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="journeyctl" tests="${totalTests}" failures="${totalFailures}" errors="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
};
