import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileJourney } from '../../src/compile/xstate.js';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { importBot } from '../../src/import/index.js';
import type { ImportResult } from '../../src/import/types.js';
import { explore } from '../../src/interpret/explore.js';
import { lintSources, type FileResult } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import { firstMismatch, runBoth } from '../support/engines.js';
import { ROOT } from '../support/lint.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import', 'rasa');
/** The bot that really transfers (pattern_human_handoff runs action_human_handoff). */
const REAL = 'card-bank';
/** The bot whose overridden pattern_human_handoff only says "Let me connect you to one of our agents". */
const MESSAGE_ONLY = 'plan-change';
const OUT = '/imported';

const imported = (bot: string): Promise<ImportResult> => importBot('rasa', join(FIXTURES, bot));

async function lintImport(result: ImportResult): Promise<FileResult[]> {
  return lintSources(
    result.journeys.map((j) => ({ path: `${OUT}/${j.fileName}`, text: j.text })),
    { keepModels: true },
  );
}

/** Each finding as `<file> <rule>`, sorted: what the exact-findings assertions compare. */
function findings(results: readonly FileResult[]): string[] {
  return results.flatMap((r) => r.diagnostics.map((d) => `${r.filePath.slice(OUT.length + 1)} ${d.ruleId}`)).sort();
}

function model(results: readonly FileResult[], fileName: string): Journey {
  const j = results.find((r) => r.filePath === `${OUT}/${fileName}`)?.journey;
  if (!j) throw new Error(`no model for ${fileName}`);
  return j;
}

function lineOf(text: string, offset: number): number {
  return new LineIndex(text).position(offset).line;
}

describe('rasa import: golden journeys', () => {
  for (const bot of [REAL, MESSAGE_ONLY]) {
    it(`${bot} matches its expected journeys byte for byte`, async () => {
      const result = await imported(bot);
      expect(result.problems).toEqual([]);
      const dir = join(FIXTURES, bot, 'expected');
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(dir, { recursive: true });
        for (const f of readdirSync(dir)) if (!result.journeys.some((j) => j.fileName === f)) throw new Error(`stale golden file ${f}`);
        for (const j of result.journeys) writeFileSync(join(dir, j.fileName), j.text);
      }
      expect(readdirSync(dir).sort()).toEqual(result.journeys.map((j) => j.fileName).sort());
      for (const j of result.journeys) expect(j.text, j.fileName).toBe(readFileSync(join(dir, j.fileName), 'utf8'));
    });
  }

  it('is deterministic: the same project gives the same bytes', async () => {
    for (const bot of [REAL, MESSAGE_ONLY]) {
      const a = await imported(bot);
      const b = await imported(bot);
      expect(b.journeys.map((j) => j.text)).toEqual(a.journeys.map((j) => j.text));
    }
  });
});

describe('rasa import: lint', () => {
  it('the transferring bot has a person everywhere: only warnings, none about reaching a person', async () => {
    const results = await lintImport(await imported(REAL));
    const all = findings(results);
    expect(all.filter((f) => /schema|syntax/.test(f))).toEqual([]);
    expect(all.filter((f) => !f.endsWith(' import-lossy'))).toEqual([
      'block-card.journey.yaml close-the-loop',
      'block-card.journey.yaml frustration-handled',
      'block-card.journey.yaml frustration-handled',
      'block-card.journey.yaml frustration-handled',
      'block-card.journey.yaml frustration-handled',
      'block-card.journey.yaml handoff-context',
      'check-balance.journey.yaml close-the-loop',
      'check-balance.journey.yaml frustration-handled',
      'check-balance.journey.yaml frustration-handled',
      'check-balance.journey.yaml handoff-context',
    ]);
    expect(all.filter((f) => f.endsWith(' import-lossy'))).toHaveLength(4 + 4 + 5);
    for (const r of results) for (const d of r.diagnostics) expect(d.severity, `${r.filePath} ${d.ruleId}`).toBe('warning');
  });

  it('the message-only bot is reported: no human state, refused requests, a promise nobody keeps, a rephrase loop', async () => {
    const results = await lintImport(await imported(MESSAGE_ONLY));
    const all = findings(results).filter((f) => !f.endsWith(' import-lossy'));
    expect(all.filter((f) => /schema|syntax/.test(f))).toEqual([]);
    expect(all).toEqual([
      'change-plan.journey.yaml close-the-loop',
      'change-plan.journey.yaml fake-offramp',
      'change-plan.journey.yaml frustration-handled',
      'change-plan.journey.yaml frustration-handled',
      'change-plan.journey.yaml frustration-handled',
      'change-plan.journey.yaml human-exit',
      'change-plan.journey.yaml no-match-handled',
      'change-plan.journey.yaml no-match-handled',
      'change-plan.journey.yaml no-match-handled',
      'change-plan.journey.yaml refused-human',
      'change-plan.journey.yaml refused-human',
      'change-plan.journey.yaml refused-human',
      'report-outage.journey.yaml close-the-loop',
      'report-outage.journey.yaml fake-offramp',
      'report-outage.journey.yaml frustration-handled',
      'report-outage.journey.yaml human-exit',
      'report-outage.journey.yaml no-match-handled',
      'report-outage.journey.yaml refused-human',
    ]);
    const fake = results.flatMap((r) => r.diagnostics.filter((d) => d.ruleId === 'fake-offramp').map((d) => r.source.slice(d.span.start, d.span.end)));
    expect(fake.every((s) => s.includes('Let me connect you to one of our agents'))).toBe(true);
  });
});

describe('rasa import: round trip to the compiled machine', () => {
  it('asking for a person in the transferring bot reaches human_handoff on both engines', async () => {
    const results = await lintImport(await imported(REAL));
    const journey = model(results, 'block-card.journey.yaml');
    expect(journey.states.get('human_handoff')?.type).toBe('human');
    const exploration = explore(journey);
    expect(exploration.nodes.some((n) => n.human && n.configuration.state === 'human_handoff')).toBe(true);
    expect(compileJourney(journey)).toBeTruthy();

    const asked = runBoth(journey, [{ event: { type: 'agent_requested' } }]);
    expect(firstMismatch(asked.trace)).toBeUndefined();
    const last = asked.trace[asked.trace.length - 1];
    expect(last?.xstate.state).toBe('human_handoff');
    expect(last?.xstate.handedOff).toBe(true);

    // The block fails: the flow links to pattern_human_handoff, which runs action_human_handoff.
    const failed = runBoth(journey, [{ event: { type: 'debit' } }, { event: { type: 'lost' } }, { event: { type: 'yes' } }], { input: { block_successful: false } });
    expect(firstMismatch(failed.trace)).toBeUndefined();
    expect(failed.trace[failed.trace.length - 1]?.xstate.state).toBe('human_handoff');
    expect(failed.trace[failed.trace.length - 1]?.interpreter.handedOff).toBe(true);

    // Not understood three times in a row: pattern_clarification's count hands over.
    const misunderstood = runBoth(journey, [{ event: { type: 'no_match' } }, { event: { type: 'no_match' } }, { event: { type: 'no_match' } }]);
    expect(firstMismatch(misunderstood.trace)).toBeUndefined();
    expect(misunderstood.trace.map((t) => t.xstate.state)).toEqual(['ask_card_type', 'ask_card_type', 'ask_card_type', 'human_handoff']);
  });

  it('a person inside the called identity check counts for the caller', async () => {
    const results = await lintImport(await imported(REAL));
    const journey = model(results, 'block-card.journey.yaml');
    const run = runBoth(journey, [{ event: { type: 'credit' } }, { event: { type: 'agent_requested' } }]);
    expect(firstMismatch(run.trace)).toBeUndefined();
    expect(run.trace[1]?.xstate.state).toBe('call_verify_identity$ask_date_of_birth');
    expect(run.trace[2]?.xstate.state).toBe('call_verify_identity$human_handoff');
    expect(run.trace[2]?.xstate.handedOff).toBe(true);
  });

  it('asking for a person in the message-only bot says the promise and asks the same question again', async () => {
    const results = await lintImport(await imported(MESSAGE_ONLY));
    const journey = model(results, 'change-plan.journey.yaml');
    expect([...journey.states.values()].some((s) => s.type === 'human')).toBe(false);
    expect(explore(journey).nodes.some((n) => n.human)).toBe(false);
    expect(compileJourney(journey)).toBeTruthy();
    const run = runBoth(journey, [{ event: { type: 'agent_requested' } }], { input: { logged_in: true } });
    expect(firstMismatch(run.trace)).toBeUndefined();
    expect(run.trace.map((t) => t.xstate.state)).toEqual(['ask_plan', 'ask_plan']);
    expect(run.trace[1]?.xstate.handedOff).toBe(false);
    expect(run.interpreter.said()).toContain('Let me connect you to one of our agents, who will look into it.');
  });
});

describe('rasa import: hours', () => {
  it('human states take --hours and never invent them', async () => {
    const result = await importBot('rasa', join(FIXTURES, REAL), { hours: 'mon-fri 08:00-20:00 Europe/London' });
    for (const j of result.journeys) {
      expect(j.text).toContain('hours: mon-fri 08:00-20:00 Europe/London');
      expect(j.text).not.toContain('hours: always');
    }
    const results = await lintImport(result);
    expect(findings(results).filter((f) => / (schema|syntax)$/.test(f))).toEqual([]);
  });
});

describe('rasa import: x-source', () => {
  for (const bot of [REAL, MESSAGE_ONLY]) {
    it(`every state of ${bot} points at its step in the project`, async () => {
      const result = await imported(bot);
      const results = await lintImport(result);
      for (const r of results) {
        const states = r.journey?.raw.states as Record<string, Record<string, unknown>>;
        for (const [id, state] of Object.entries(states)) {
          const at = state['x-source'] as { platform: string; file: string; id: string; line: number; column: number };
          expect(at, `${r.filePath} ${id}`).toBeDefined();
          expect(at.platform).toBe('rasa');
          const text = readFileSync(join(FIXTURES, bot, at.file), 'utf8');
          const line = (text.split('\n')[at.line - 1] ?? '').slice(at.column - 1);
          const step = /^(collect|action|set_slots|noop|call|link): (.*)$/.exec(at.id);
          let expected: string;
          if (step) expected = step[1] === 'set_slots' ? 'set_slots:' : step[1] === 'noop' ? 'noop: true' : `${step[1]}: ${step[2]}`;
          else if (at.id.endsWith(': next') || at.id.startsWith('if ') || at.id.includes(': if ')) expected = 'if:';
          else if (at.id === 'action_human_handoff') expected = 'action: action_human_handoff';
          else expected = /^[a-z_]+$/.test(at.id) && text.includes(`id: ${at.id}`) ? `id: ${at.id}` : `${at.id}:`;
          expect(line, `${r.filePath} ${id} -> ${at.file}:${at.line}:${at.column}`).toContain(expected);
        }
      }
    });
  }
});

describe('rasa import: bad input', () => {
  it('refuses a folder that is not a CALM project', async () => {
    const result = await importBot('rasa', join(FIXTURES, 'not-a-project'));
    expect(result.journeys).toEqual([]);
    expect(result.problems.map((p) => [p.diagnostic.code, p.file, p.diagnostic.severity])).toEqual([['not-an-export', '', 'error']]);
  });

  it('reports a truncated flows file at its line and imports the rest', async () => {
    const result = await importBot('rasa', join(FIXTURES, 'truncated'));
    expect(result.journeys.map((j) => j.id)).toEqual(['greet']);
    const problem = result.problems.find((p) => p.file === 'data/flows/farewell.yml');
    expect(problem?.diagnostic.severity).toBe('error');
    expect(problem?.diagnostic.code).toBe('yaml-syntax');
    const text = readFileSync(join(FIXTURES, 'truncated', 'data/flows/farewell.yml'), 'utf8');
    expect(lineOf(text, problem?.diagnostic.span.start ?? 0)).toBe(5);
  });

  it('reports an unknown step type and missing targets where they are, and keeps the journey valid', async () => {
    const result = await importBot('rasa', join(FIXTURES, 'bad-steps'));
    const text = readFileSync(join(FIXTURES, 'bad-steps', 'data/flows/order.yml'), 'utf8');
    const problems = result.problems.map((p) => [p.diagnostic.code, p.file, lineOf(text, p.diagnostic.span.start)]);
    expect(problems).toEqual([
      ['unknown-type', 'data/flows/order.yml', 7],
      ['missing-target', 'data/flows/order.yml', 6],
      ['missing-target', 'data/flows/order.yml', 10],
    ]);
    expect(result.problems.every((p) => p.diagnostic.severity === 'error')).toBe(true);
    const [journey] = result.journeys;
    expect(journey?.id).toBe('order-status');
    expect(journey?.text).toContain('outcome: missing_target');
    const results = await lintImport(result);
    expect(findings(results).filter((f) => / (schema|syntax|unknown-target)$/.test(f))).toEqual([]);
  });
});

describe('rasa import: fixtures', () => {
  it('each bot folder has a README entry', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    for (const bot of readdirSync(FIXTURES).filter((f) => existsSync(join(FIXTURES, f, 'data')))) expect(readme).toContain(`\`${bot}/\``);
  });
});
