import type { Span, TextEdit } from '../diagnostics/diagnostic.js';
import { journeyNamed, occurrenceAt, sameName, type Occurrence } from './occurrences.js';
import type { Analysis } from './workspace.js';

/** A span in a file (the file of the request, or the file a callee lives in). */
export interface FileSpan {
  readonly path: string;
  readonly span: Span;
}

/** Where the name at `offset` is declared: a state's key, a field's key, a journey's id (in its own file for a callee). */
export function definitionAt(analysis: Analysis, offset: number): FileSpan | undefined {
  const at = occurrenceAt(analysis.occurrences, offset);
  if (!at) return undefined;
  switch (at.kind) {
    case 'state': {
      const state = at.scope.states.get(at.name);
      return state ? { path: analysis.fileOf(at.scope), span: state.keySpan } : undefined;
    }
    case 'field': {
      const field = at.scope.fields.get(at.name);
      return field ? { path: analysis.fileOf(at.scope), span: field.keySpan } : undefined;
    }
    case 'journey': {
      const journey = journeyNamed(at);
      return journey ? { path: analysis.fileOf(journey), span: journey.id.span } : undefined;
    }
    case 'event':
      return undefined;
  }
}

/** Every place in the file the name at `offset` is written, its declaration first when asked for. */
export function referencesAt(analysis: Analysis, offset: number, includeDeclaration: boolean): Occurrence[] {
  const at = occurrenceAt(analysis.occurrences, offset);
  if (!at) return [];
  const all = analysis.occurrences.filter((o) => sameName(o, at) && (includeDeclaration || !o.declaration));
  return [...all.filter((o) => o.declaration), ...all.filter((o) => !o.declaration)];
}

/** What can be renamed at `offset`: a state id (declaration or reference), with the span of the name. */
export function renameTargetAt(analysis: Analysis, offset: number): Occurrence | undefined {
  const at = occurrenceAt(analysis.occurrences, offset);
  return at?.kind === 'state' && at.scope.states.has(at.name) && analysis.fileOf(at.scope) === analysis.path ? at : undefined;
}

/** The state id pattern of the format (schemas/journey.schema.json `stateId`). */
const STATE_ID = /^[a-z][a-z0-9_]{0,99}$/;

/** The edits that rename the state at `offset` across the file, or why it cannot be renamed. */
export function renameEdits(analysis: Analysis, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const target = renameTargetAt(analysis, offset);
  if (!target) return { error: 'Only a state id can be renamed here.' };
  if (!STATE_ID.test(newName)) return { error: `\`${newName}\` is not a state id: lowercase letters, digits and underscores, starting with a letter.` };
  if (newName === target.name) return { edits: [] };
  if (target.scope.states.has(newName)) return { error: `\`${target.scope.id.value}\` already has a state \`${newName}\`.` };
  return { edits: referencesAt(analysis, offset, true).map((o) => ({ range: [o.span.start, o.span.end], text: newName })) };
}
