import type { Coverage } from '../sim/coverage.js';
import { percentOf } from '../sim/coverage.js';
import type { ScenarioResult } from '../sim/scenario.js';
import { plural, safeJson, visible } from '../diagnostics/display.js';
import { escapeXml, escapeXmlAttribute } from './escape.js';
import type { Paint } from './paint.js';
import { PLAIN } from './paint.js';

/** Results of one journey's scenarios. */
export interface JourneyTests {
  readonly file: string;
  readonly journey: string;
  readonly results: readonly ScenarioResult[];
  readonly coverage?: Coverage;
}

/** Pass/fail lines per journey, failures with expected vs actual and which engine said what, then a summary. */
export function formatScenarioText(suites: readonly JourneyTests[], paint: Paint = PLAIN, problems = 0): string {
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const suite of suites) {
    out.push(paint.bold(`${visible(suite.file)} (${suite.journey})`));
    if (suite.results.length === 0) out.push(paint.dim('  no scenarios'));
    for (const r of suite.results) {
      if (r.passed) {
        passed++;
        out.push(`  ${paint.green('✔')} ${visible(r.scenario.name)}`);
      } else {
        failed++;
        out.push(`  ${paint.red('✖')} ${visible(r.scenario.name)}`);
        for (const f of r.failures) out.push(`      ${visible(f)}`);
      }
    }
    if (suite.coverage) out.push(...coverageLines(suite.coverage, paint));
    out.push('');
  }
  const total = passed + failed;
  const unread = problems > 0 ? `; ${plural(problems, 'problem')} in journey or test files (see above)` : '';
  const summary = `${plural(total, 'scenario')} in ${plural(suites.length, 'journey')}: ${passed} passed, ${failed} failed (each on the interpreter and on the compiled XState machine)${unread}`;
  out.push(failed > 0 || problems > 0 ? paint.red(paint.bold(`✖ ${summary}`)) : paint.green(`✔ ${summary}`));
  return `${out.join('\n')}\n`;
}

function coverageLines(c: Coverage, paint: Paint): string[] {
  const line = (name: string, f: Coverage['states']): string => `${name.padEnd(11)} ${percentOf(f).toFixed(0).padStart(3)}%  (${f.covered}/${f.total})`;
  const out = ['  coverage', `    ${line('states', c.states)}`, `    ${line('transitions', c.transitions)}`, `    ${line('off-ramps', c.offramps)}`];
  const missed = [...c.states.missed.map((s) => `state ${s}`), ...c.transitions.missed.map((t) => `transition ${t}`), ...c.offramps.missed.map((o) => `off-ramp ${o}`)];
  if (missed.length > 0) {
    out.push(paint.dim('    not exercised:'));
    for (const m of missed.slice(0, 25)) out.push(paint.dim(`      ${m}`));
    if (missed.length > 25) out.push(paint.dim(`      ... and ${missed.length - 25} more`));
  }
  return out;
}

/** JUnit XML: one testsuite per journey, one testcase per scenario. */
export function formatScenarioJunit(suites: readonly JourneyTests[]): string {
  let tests = 0;
  let failures = 0;
  const body = suites.map((s) => {
    const failed = s.results.filter((r) => !r.passed).length;
    const file = escapeXmlAttribute(visible(s.file));
    tests += s.results.length;
    failures += failed;
    const cases = s.results.map((r) => {
      const name = escapeXmlAttribute(visible(r.scenario.name));
      const classname = escapeXmlAttribute(`${s.journey}`);
      if (r.passed) return `    <testcase name="${name}" classname="${classname}" file="${file}"/>`;
      return `    <testcase name="${name}" classname="${classname}" file="${file}">\n      <failure message="${escapeXmlAttribute(visible(r.failures[0] ?? 'failed'))}" type="scenario">${escapeXml(r.failures.map(visible).join('\n'))}</failure>\n    </testcase>`;
    });
    return `  <testsuite name="${file}" tests="${s.results.length}" failures="${failed}" errors="0" skipped="0">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="journeyctl scenarios" tests="${tests}" failures="${failures}" errors="0">\n${body.join('\n')}${body.length ? '\n' : ''}</testsuites>\n`;
}

/** JSON: per journey, each scenario with its result and the observations of both engines. */
export function formatScenarioJson(suites: readonly JourneyTests[]): string {
  return `${safeJson(JSON.stringify(
    suites.map((s) => ({
      file: s.file,
      journey: s.journey,
      passed: s.results.filter((r) => r.passed).length,
      failed: s.results.filter((r) => !r.passed).length,
      scenarios: s.results.map((r) => ({ name: r.scenario.name, passed: r.passed, failures: r.failures, interpreter: r.interpreter, xstate: r.xstate ?? null })),
      ...(s.coverage ? { coverage: s.coverage } : {}),
    })),
    null,
    2,
  ))}\n`;
}
