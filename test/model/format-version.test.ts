// Which format a journey is read as (docs/format.md, "Format versions"): declared with `format:`,
// or derived from what the file uses; a file that says 1.0 and uses 1.1 is told where.
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from '../../src/load/document.js';
import { JOURNEY_DOCUMENT } from '../../src/load/kinds.js';
import { buildJourney } from '../../src/model/build.js';
import { locate } from '../../src/diagnostics/located.js';

/** Builds a journey from YAML text; the schema must pass. */
function build(yaml: string) {
  const loaded = parseDocumentText('t.journey.yaml', yaml, JOURNEY_DOCUMENT);
  expect(loaded.diagnostics).toEqual([]);
  const built = buildJourney(loaded.data as Record<string, unknown>, loaded.sourceMap!, 't.journey.yaml');
  return { journey: built.journey, findings: locate(yaml, built.diagnostics).map((d) => ({ line: d.line, code: d.code, message: d.message })).sort((a, b) => a.line - b.line) };
}

/** A small journey with a header line, a guard and a set value to vary. */
const journey = (header: string, guard: string, value: string): string => `${header}journey: t
title: T
context:
  plan: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      help: agent
      change:
        to: greet
        set: { plan: ${value} }
      check:
        to: agent
        if: ${guard}
  agent:
    type: human
    queue: q
    hours: always
`;

describe('format version', () => {
  it('is 1.0 when nothing of 1.1 is used and no format is declared', () => {
    const { journey: j, findings } = build(journey('', "plan == 'x'", "'gold'"));
    expect(j.format).toBe('1.0');
    expect(findings).toEqual([]);
  });

  it.each([
    ['a function call in a guard', "len(plan) > 2", "'gold'"],
    ['null in a guard', 'plan != null', "'gold'"],
    ['unsetting a field with a YAML null', "plan == 'x'", 'null'],
    ['unsetting a field with ~', "plan == 'x'", '~'],
    ['a function call in a set value', "plan == 'x'", 'upper(plan)'],
  ])('is derived as 1.1 from %s', (_name, guard, value) => {
    const { journey: j, findings } = build(journey('', guard, value));
    expect(j.format).toBe('1.1');
    expect(findings).toEqual([]);
  });

  it('is 1.1 when declared, whatever is used', () => {
    expect(build(journey('format: 1.1\n', "plan == 'x'", "'gold'")).journey.format).toBe('1.1');
  });

  it('reports each use of 1.1 in a file that declares 1.0, at the use', () => {
    const { journey: j, findings } = build(journey('format: 1.0\n', 'len(plan) > 2', 'null'));
    expect(j.format).toBe('1.0');
    expect(findings).toEqual([
      { line: 13, code: 'value', message: 'Unsetting a field with `null` is part of format 1.1, but this journey says `format: 1.0`.' },
      { line: 16, code: 'value', message: '`null` or a function call in an expression is part of format 1.1, but this journey says `format: 1.0`.' },
    ]);
  });

  it('reports 1.1 keys in a file that declares 1.0', () => {
    const { findings } = build(`format: 1.0
journey: t
title: T
sub_journey: true
context:
  plan: { type: string, input: true }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`);
    expect(findings.map((f) => [f.line, f.code])).toEqual([
      [4, 'value'],
      [6, 'value'],
    ]);
    expect(findings.every((f) => f.message.includes('part of format 1.1'))).toBe(true);
  });
});
