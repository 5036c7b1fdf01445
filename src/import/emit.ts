import { plural, visible } from '../diagnostics/display.js';
import { writeYaml } from './yaml-writer.js';
import type { ImportedJourney, ImportLoss, ImportOptions, JourneyDraft, Platform, SourcePoint } from './types.js';

/** What every imported file says first. */
const HEADER = 'Imported by `journey import`; edit the bot and import again rather than editing this file.';

/** The hours an imported human state gets: `--hours`, or `always` (never invented; the header says so). */
export function hoursFor(options: ImportOptions): string {
  return options.hours ?? 'always';
}

/** `x-source` as written in the file. */
export function sourceValue(at: SourcePoint): Record<string, unknown> {
  return { platform: at.platform, file: at.file, id: at.id, line: at.line, column: at.column };
}

function lossValue(loss: ImportLoss): Record<string, unknown> {
  return { kind: loss.kind, ...(loss.state ? { state: loss.state } : {}), message: loss.message, 'x-source': sourceValue(loss.at) };
}

/** True when any state of the document is a human state with `hours: always`. */
function assumesHours(document: Readonly<Record<string, unknown>>): boolean {
  const states = document.states;
  if (typeof states !== 'object' || states === null) return false;
  return Object.values(states as Record<string, Record<string, unknown>>).some((s) => s?.type === 'human' && s.hours === 'always');
}

/**
 * Writes an importer's draft as a journey file: a header comment, `journey:`, its
 * `x-source`, the document, and `x-import` listing the losses. Deterministic (key
 * order is the draft's, no dates), so importing the same bot twice gives the same bytes.
 */
export function emitJourney(platform: Platform, draft: JourneyDraft, options: ImportOptions): ImportedJourney {
  const rest: Record<string, unknown> = { ...draft.document };
  delete rest.journey;
  const data: Record<string, unknown> = {
    journey: draft.id,
    'x-source': sourceValue(draft.source),
    ...rest,
    'x-import': {
      platform,
      ...(options.hours === undefined && assumesHours(draft.document) ? { hours: 'assumed always: the export has no opening hours; import with --hours' } : {}),
      losses: draft.losses.map(lossValue),
    },
  };
  const notes = [HEADER, `Source: ${platform} ${draft.source.file}${draft.source.id ? ` (${draft.source.id})` : ''}.`];
  if (options.hours === undefined && assumesHours(draft.document)) {
    notes.push('The export has no opening hours: human states say `hours: always`. Import with --hours to set them.');
  }
  if (draft.losses.length > 0) notes.push(`${plural(draft.losses.length, 'thing')} of the bot could not be expressed exactly; see x-import.losses.`);
  for (const n of draft.notes ?? []) notes.push(n);
  const text = writeYaml(data, notes.map((n) => visible(n).replace(/\s+/g, ' ').trim()));
  const states = typeof rest.states === 'object' && rest.states !== null ? Object.keys(rest.states).length : 0;
  return { id: draft.id, fileName: `${draft.id}.journey.yaml`, text, source: draft.source, losses: draft.losses, states };
}
