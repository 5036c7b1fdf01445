import type { Diagnostic, TextEdit } from '../diagnostics/diagnostic.js';
import type { FixType, RuleMeta } from '../rule-support/types.js';

/** Most passes `--fix` makes over one file: a fix may reveal another, but never forever. */
export const MAX_FIX_PASSES = 10;

/** Every `--fix-type` value. */
export const FIX_TYPES: readonly FixType[] = ['problem', 'suggestion', 'layout'];

/** What applying one pass of fixes did. */
export interface AppliedFixes {
  readonly output: string;
  /** Fixes applied in this pass. */
  readonly applied: number;
  /** Fixes left for the next pass because they overlapped an applied one. */
  readonly skipped: number;
}

/**
 * Applies the non-overlapping fixes of one pass (ESLint's rule): sorted by start, a fix that
 * begins before the previous one ends is left for the next pass, when it is found again on the
 * fixed text. Two inserts at the same offset overlap too, so their order never depends on luck.
 */
export function applyFixes(text: string, fixes: readonly TextEdit[]): AppliedFixes {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let at = 0;
  let lastEnd = -1;
  let applied = 0;
  let skipped = 0;
  for (const fix of sorted) {
    const [start, end] = fix.range;
    if (start < 0 || end < start || end > text.length || start <= lastEnd) {
      skipped++;
      continue;
    }
    out += text.slice(at, start) + fix.text;
    at = end;
    lastEnd = end;
    applied++;
  }
  return { output: out + text.slice(at), applied, skipped };
}

/** Which findings' fixes `--fix` applies: those of rules whose type `--fix-type` allows (every type when not given). */
export function selectFixes(diagnostics: readonly Diagnostic[], rules: ReadonlyMap<string, RuleMeta>, types?: ReadonlySet<FixType>): TextEdit[] {
  const out: TextEdit[] = [];
  for (const d of diagnostics) {
    if (!d.fix) continue;
    if (types && !types.has(rules.get(d.ruleId)?.type ?? 'problem')) continue;
    out.push(d.fix);
  }
  return out;
}

/**
 * Fixes one text to a fixed point: lints, applies the selected fixes, lints the result again,
 * until nothing more applies or after {@link MAX_FIX_PASSES} passes. Returns the final text and
 * the findings of the final text (so the exit code reflects what remains).
 */
export async function fixText(
  text: string,
  lint: (text: string) => Promise<readonly Diagnostic[]>,
  select: (diagnostics: readonly Diagnostic[]) => TextEdit[],
): Promise<{ output: string; diagnostics: readonly Diagnostic[]; passes: number }> {
  let current = text;
  let diagnostics = await lint(current);
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const fixes = select(diagnostics);
    if (fixes.length === 0) break;
    const pass = applyFixes(current, fixes);
    if (pass.applied === 0 || pass.output === current) break;
    current = pass.output;
    passes++;
    diagnostics = await lint(current);
  }
  return { output: current, diagnostics, passes };
}

/** Parses `--fix-type` values (each a comma list), refusing unknown types with the known ones. */
export function parseFixTypes(values: readonly string[]): Set<FixType> | string {
  const out = new Set<FixType>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const name = part.trim();
      if (!(FIX_TYPES as readonly string[]).includes(name)) return `--fix-type takes ${FIX_TYPES.join(', ')} (a comma list), got "${name}".`;
      out.add(name as FixType);
    }
  }
  return out;
}
