import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Default name of the baseline file, committed next to the journeys' config. */
export const BASELINE_FILE = 'journey-baseline.json';
const FORMAT_VERSION = 1;

/** One recorded finding kind in one file: rule, fingerprint, and how many there were. */
export interface BaselineEntry {
  readonly rule: string;
  readonly fingerprint: string;
  /** The message when recorded, for people reading the file. */
  readonly message: string;
  readonly count: number;
}

/** The baseline: recorded findings per file (paths relative to the baseline file, forward slashes). */
export interface Baseline {
  readonly version: number;
  readonly files: Readonly<Record<string, readonly BaselineEntry[]>>;
}

/** What applying a baseline left: new findings per file, how many were suppressed, and stale entries. */
export interface BaselineOutcome {
  readonly suppressed: number;
  /** Entries (with the unmatched count) that no current finding matches any more. */
  readonly stale: readonly { file: string; entry: BaselineEntry; unmatched: number }[];
}

/**
 * A finding's identity across edits: its rule and message (which name the states
 * involved), not its line, so findings survive unrelated lines moving.
 */
export function fingerprint(d: Diagnostic): string {
  return createHash('sha256').update(`${d.ruleId}\0${d.message}`).digest('hex').slice(0, 16);
}

/** Key of a file in the baseline. */
export function baselineKey(baselinePath: string, file: string): string {
  const rel = relative(dirname(baselinePath), file);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** Reads a baseline; a missing file is an empty baseline; a corrupt one is an error with a reason. */
export async function readBaseline(path: string): Promise<{ baseline?: Baseline; error?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { baseline: { version: FORMAT_VERSION, files: {} } };
    return { error: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  try {
    const data = JSON.parse(text) as Baseline;
    if (data?.version !== FORMAT_VERSION || typeof data.files !== 'object' || data.files === null) {
      return { error: `${path} is not a journeyctl baseline (version ${FORMAT_VERSION}); rewrite it with --baseline-write` };
    }
    for (const entries of Object.values(data.files)) {
      if (!Array.isArray(entries) || entries.some((e) => typeof e?.fingerprint !== 'string' || typeof e?.count !== 'number')) {
        return { error: `${path} has malformed entries; rewrite it with --baseline-write` };
      }
    }
    return { baseline: data };
  } catch {
    return { error: `${path} is not valid JSON; rewrite it with --baseline-write` };
  }
}

/** Builds a baseline recording every finding given (stable order, so the file diffs well). */
export function createBaseline(baselinePath: string, files: readonly { filePath: string; diagnostics: readonly Diagnostic[] }[]): Baseline {
  const out: Record<string, BaselineEntry[]> = {};
  for (const f of [...files].sort((a, b) => (a.filePath < b.filePath ? -1 : 1))) {
    const counts = new Map<string, { d: Diagnostic; count: number }>();
    for (const d of f.diagnostics) {
      if (d.ruleId === 'syntax') continue; // a file that does not parse must be fixed, not recorded
      const key = fingerprint(d);
      const seen = counts.get(key);
      if (seen) seen.count++;
      else counts.set(key, { d, count: 1 });
    }
    if (counts.size === 0) continue;
    out[baselineKey(baselinePath, f.filePath)] = [...counts.entries()]
      .map(([fp, { d, count }]) => ({ rule: d.ruleId, fingerprint: fp, message: d.message, count }))
      .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  }
  return { version: FORMAT_VERSION, files: out };
}

/** Serialises a baseline (two-space JSON, trailing newline). */
export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/**
 * Removes recorded findings from each file's list (mutating `files` in place) and
 * reports entries that matched nothing (fixed findings: stale entries).
 */
export function applyBaseline(
  baselinePath: string,
  baseline: Baseline,
  files: { filePath: string; diagnostics: Diagnostic[] }[],
  isGone: (key: string) => boolean,
): BaselineOutcome {
  let suppressed = 0;
  const stale: { file: string; entry: BaselineEntry; unmatched: number }[] = [];
  const seenKeys = new Set<string>();
  for (const f of files) {
    const key = baselineKey(baselinePath, f.filePath);
    seenKeys.add(key);
    const entries = baseline.files[key];
    if (!entries) continue;
    const remaining = new Map(entries.map((e) => [e.fingerprint, e.count]));
    f.diagnostics = f.diagnostics.filter((d) => {
      const left = remaining.get(fingerprint(d));
      if (left === undefined || left <= 0) return true;
      remaining.set(fingerprint(d), left - 1);
      suppressed++;
      return false;
    });
    for (const e of entries) {
      const left = remaining.get(e.fingerprint) ?? 0;
      if (left > 0) stale.push({ file: key, entry: e, unmatched: left });
    }
  }
  // Entries of files that no longer exist are stale too; files merely not linted this time are not.
  for (const [key, entries] of Object.entries(baseline.files)) {
    if (seenKeys.has(key) || !isGone(key)) continue;
    for (const e of entries) stale.push({ file: key, entry: e, unmatched: e.count });
  }
  return { suppressed, stale };
}

/** The baseline without its stale entries (what `--baseline-prune` writes). */
export function pruneBaseline(baseline: Baseline, stale: BaselineOutcome['stale']): Baseline {
  const files: Record<string, BaselineEntry[]> = {};
  for (const [key, entries] of Object.entries(baseline.files)) {
    const kept = entries
      .map((e) => {
        const gone = stale.find((s) => s.file === key && s.entry.fingerprint === e.fingerprint)?.unmatched ?? 0;
        return { ...e, count: e.count - gone };
      })
      .filter((e) => e.count > 0);
    if (kept.length > 0) files[key] = kept;
  }
  return { version: baseline.version, files };
}
