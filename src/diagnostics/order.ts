import type { Diagnostic } from './diagnostic.js';

/** Sorts findings by position, then rule and message, and drops exact repeats (deterministic output). */
export function sortAndDedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  const out: Diagnostic[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last && last.ruleId === d.ruleId && last.span.start === d.span.start && last.span.end === d.span.end && last.message === d.message) continue;
    out.push(d);
  }
  return out;
}
