import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocatedDiagnostic } from '../../src/diagnostics/located.js';
import { ROOT } from '../support/lint.js';

/** A lint-clean journey (the lost-card example of the format) that the loader tests mutate. */
export const LOST_CARD = readFileSync(join(ROOT, 'test', 'fixtures', 'load', 'lost-card.journey.yaml'), 'utf8');

/** Replaces one exact, unique piece of `text`; fails loudly when the fixture no longer has it. */
export function mutate(text: string, from: string, to: string): string {
  const first = text.indexOf(from);
  if (first === -1) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  if (text.indexOf(from, first + 1) !== -1) throw new Error(`fixture contains ${JSON.stringify(from)} more than once`);
  return text.slice(0, first) + to + text.slice(first + from.length);
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, when given) in `text`. */
export function positionOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from === -1) throw new Error(`text does not contain ${JSON.stringify(after)}`);
  const offset = text.indexOf(needle, from);
  if (offset === -1) throw new Error(`text does not contain ${JSON.stringify(needle)}`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** The machine-readable part of a finding that tests assert on (never the message wording). */
export interface Where {
  readonly ruleId: string;
  readonly code: string | undefined;
  readonly line: number;
  readonly column: number;
}

export function where(d: LocatedDiagnostic): Where {
  return { ruleId: d.ruleId, code: d.code, line: d.line, column: d.column };
}

/** Findings of the `syntax` and `schema` ids, shaped for assertions. */
export function structural(findings: readonly LocatedDiagnostic[]): Where[] {
  return findings.filter((d) => d.ruleId === 'syntax' || d.ruleId === 'schema').map(where);
}
