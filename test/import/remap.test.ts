import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { emitJourney, sourceValue } from '../../src/import/emit.js';
import { remapToSources } from '../../src/import/remap.js';
import type { ImportResult, JourneyDraft, SourcePoint } from '../../src/import/types.js';
import { lintSources } from '../../src/lint/lint.js';

// A bot of two pages in one file, imported by hand-built drafts: what remapping does
// does not depend on the platform, only on x-source.
const dir = mkdtempSync(join(tmpdir(), 'journey-remap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BOT = `{
  "pages": [
    { "name": "greet", "say": "Hi" },
    { "name": "promise", "say": "I'll connect you to someone" },
    { "name": "bye" }
  ]
}
`;
mkdirSync(join(dir, 'flows'));
writeFileSync(join(dir, 'flows', 'main.json'), BOT);

const at = (id: string, line: number, column: number): SourcePoint => ({ platform: 'dialogflow-cx', file: 'flows/main.json', id, line, column });
const draft: JourneyDraft = {
  id: 'main',
  source: at('main', 1, 1),
  document: {
    title: 'Main',
    start: 'greet',
    states: {
      greet: { say: 'Hi', on: { help: 'promise', bye: 'bye' }, 'x-source': sourceValue(at('greet', 3, 5)) },
      promise: { say: "I'll connect you to someone", on: { ok: 'bye' }, 'x-source': sourceValue(at('promise', 4, 5)) },
      bye: { type: 'end', outcome: 'resolved', 'x-source': sourceValue(at('bye', 5, 5)) },
    },
  },
  losses: [{ kind: 'webhook', state: 'promise', message: 'A webhook decides.', at: at('promise', 4, 5) }],
};

describe('remapping lint findings to the bot', () => {
  it('puts each finding at the step of the state it is on, in the bot file, naming the imported state', async () => {
    const journey = emitJourney('dialogflow-cx', draft, {});
    const imported: ImportResult = { platform: 'dialogflow-cx', root: dir, base: dir, journeys: [journey], problems: [] };
    const path = join(dir, journey.fileName);
    const linted = await lintSources([{ path, text: journey.text }]);
    expect(linted[0]?.diagnostics.filter((d) => d.ruleId === 'schema' || d.ruleId === 'syntax')).toEqual([]);
    const [file, ...others] = remapToSources(imported, linted, (r) => (r.filePath === path ? journey : undefined));
    expect(others).toEqual([]);
    expect(file?.filePath).toBe(join(dir, 'flows', 'main.json'));
    expect(file?.source).toBe(BOT);
    const lines = new LineIndex(BOT);
    const found = (file?.diagnostics ?? []).map((d) => ({ rule: d.ruleId, ...lines.position(d.span.start), message: d.message }));
    // No human state at all: human-exit on the journey (line 1); the loss at its page (line 4).
    expect(found.find((f) => f.rule === 'human-exit')).toMatchObject({ line: 1, column: 1, message: expect.stringMatching(/\(imported journey `main`\)$/) });
    expect(found.find((f) => f.rule === 'import-lossy')).toMatchObject({ line: 4, column: 5, message: expect.stringMatching(/\(state `promise` of imported journey `main`\)$/) });
    for (const f of found) expect(f.line).toBeGreaterThanOrEqual(1);
  });

  it('writes the same bytes twice, with the hours note only when hours were assumed', () => {
    const once = emitJourney('dialogflow-cx', draft, {}).text;
    expect(emitJourney('dialogflow-cx', draft, {}).text).toBe(once);
    expect(once).toMatch(/^# Imported by `journey import`/);
    expect(once).not.toMatch(/hours: always/);
    const withHuman: JourneyDraft = { ...draft, document: { ...draft.document, states: { ...(draft.document.states as object), agent: { type: 'human', queue: 'q', hours: 'always' } } } };
    expect(emitJourney('dialogflow-cx', withHuman, {}).text).toMatch(/# The export has no opening hours/);
    expect(emitJourney('dialogflow-cx', withHuman, { hours: 'always' }).text).not.toMatch(/no opening hours/);
  });

  it('adds the problems of the input to the files they were found in', () => {
    const imported: ImportResult = {
      platform: 'dialogflow-cx',
      root: dir,
      base: dir,
      journeys: [],
      problems: [{ file: 'flows/main.json', diagnostic: { ruleId: 'import', code: 'missing-target', severity: 'error', message: 'No page "gone".', span: { start: 20, end: 24 } } }],
    };
    const [file] = remapToSources(imported, [], () => undefined);
    expect(file?.filePath).toBe(join(dir, 'flows', 'main.json'));
    expect(file?.diagnostics.map((d) => d.code)).toEqual(['missing-target']);
  });
});
