import { span, type Span } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { parseYaml } from '../load/yaml.js';
import type { FileResult } from '../lint/lint.js';
import { botFiles } from './problems.js';
import type { ImportedJourney, ImportResult, SourcePoint } from './types.js';

/** A part of an imported journey that says where it came from: its span in the journey file, and the bot's place. */
interface Origin {
  readonly span: Span;
  readonly point: SourcePoint;
  /** The state's id, for states. */
  readonly state?: string;
}

function isPoint(value: unknown): value is SourcePoint {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.file === 'string' && typeof v.line === 'number';
}

/** Every mapping of the journey file with an `x-source`, outermost first (the journey itself, states, losses). */
function originsOf(text: string): Origin[] {
  const parsed = parseYaml(text, DEFAULT_LIMITS);
  if (parsed.failed) return [];
  const out: Origin[] = [];
  const states = (parsed.data as Record<string, unknown>).states;
  // A state's findings sit on its key as often as inside it: the span runs from the key.
  const walk = (value: unknown, keyStart: number | undefined, stateId?: string): void => {
    if (typeof value !== 'object' || value === null) return;
    const here = parsed.sourceMap.container(value);
    const own = Array.isArray(value) ? undefined : (value as Record<string, unknown>)['x-source'];
    if (here && isPoint(own)) out.push({ span: span(Math.min(keyStart ?? here.span.start, here.span.start), here.span.end), point: own, ...(stateId ? { state: stateId } : {}) });
    for (const [key, child] of Object.entries(value)) {
      const entry = parsed.sourceMap.entry(value, Array.isArray(value) ? Number(key) : key);
      walk(child, entry?.key?.start, value === states ? key : undefined);
    }
  };
  walk(parsed.data, undefined);
  return out;
}

/** The innermost origin whose span holds `at` (a state inside the journey, a loss inside x-import). */
function originAt(origins: readonly Origin[], at: Span): Origin | undefined {
  let best: Origin | undefined;
  for (const o of origins) {
    if (o.span.start <= at.start && at.start < Math.max(o.span.end, o.span.start + 1)) {
      if (!best || o.span.end - o.span.start <= best.span.end - best.span.start) best = o;
    }
  }
  return best ?? origins[0];
}

/**
 * Moves lint findings on imported journeys to the bot's own files: each finding goes
 * to the step, page or action of the state it is on (the `x-source` of the innermost
 * part of the journey that holds it), keeping its rule, severity and message and
 * naming the imported state. Problems of the input are added where they were found.
 * Returns one result per bot file with findings, sorted by path, so that every
 * formatter (stylish, SARIF, GitHub annotations) points into the bot's repository.
 */
export function remapToSources(imported: ImportResult, lint: readonly FileResult[], journeyOf: (result: FileResult) => ImportedJourney | undefined): FileResult[] {
  const { target, results } = botFiles(imported);
  for (const result of lint) {
    const journey = journeyOf(result);
    if (!journey) continue;
    const origins = originsOf(result.source);
    const fallback: Origin = { span: span(0), point: journey.source };
    for (const d of result.diagnostics) {
      const origin = originAt(origins, d.span) ?? fallback;
      const t = target(origin.point.file);
      const start = t.lines.offset(origin.point.line, origin.point.column);
      const end = Math.max(start + 1, t.lines.lineEnd(origin.point.line));
      const where = origin.state ? `state \`${origin.state}\` of imported journey \`${journey.id}\`` : `imported journey \`${journey.id}\``;
      t.diagnostics.push({ ...d, span: span(start, Math.min(end, t.text.length || end)), message: `${d.message} (${where})` });
    }
    target(journey.source.file).suppressed += result.suppressed;
  }
  return results();
}
