import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileJourney } from '../../src/compile/xstate.js';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { importBot } from '../../src/import/index.js';
import type { ImportResult } from '../../src/import/types.js';
import { translateFx } from '../../src/import/copilot-studio/powerfx.js';
import { explore } from '../../src/interpret/explore.js';
import { lintSources, type FileResult } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import { firstMismatch, runBoth, type ScriptStep } from '../support/engines.js';
import { ROOT } from '../support/lint.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import', 'copilot-studio');
const BOTS = ['contoso-orders', 'store-help'] as const;

async function imported(bot: string): Promise<ImportResult> {
  return importBot('copilot-studio', join(FIXTURES, bot));
}

/** Lints every journey of one import together, as `journey lint DIR` would. */
async function linted(result: ImportResult, bot: string): Promise<FileResult[]> {
  return lintSources(
    result.journeys.map((j) => ({ path: join(FIXTURES, bot, 'expected', j.fileName), text: j.text })),
    { keepModels: true },
  );
}

/** `<file> <rule> <where>`: where is the state whose entry holds the finding, `states` for the journey's `states:` key, else `journey`. */
function findings(results: readonly FileResult[]): string[] {
  return results
    .flatMap((r) =>
      r.diagnostics.map((d) => {
        const lines = r.source.split('\n').slice(0, new LineIndex(r.source).position(d.span.start).line);
        const statesAt = lines.findIndex((l) => l === 'states:');
        let where = 'journey';
        if (statesAt === lines.length - 1) where = 'states';
        else if (statesAt >= 0) where = [...lines.slice(statesAt + 1)].reverse().map((l) => /^ {2}([a-z][a-z0-9_]*):/.exec(l)?.[1]).find((m) => m !== undefined) ?? 'journey';
        if (statesAt >= 0 && lines.slice(statesAt + 1).some((l) => /^\S/.test(l))) where = 'journey';
        return `${r.filePath.split('/').pop()} ${d.ruleId} ${where}`;
      }),
    )
    .sort();
}

function modelOf(results: readonly FileResult[], fileName: string): Journey {
  const result = results.find((r) => r.filePath.endsWith(`/${fileName}`));
  if (!result?.journey) throw new Error(`no model for ${fileName}`);
  return result.journey;
}

describe('copilot-studio import: golden journeys', () => {
  for (const bot of BOTS) {
    it(`${bot} imports to the expected journeys, byte for byte`, async () => {
      const result = await imported(bot);
      expect(result.problems).toEqual([]);
      const folder = join(FIXTURES, bot, 'expected');
      if (process.env.UPDATE_GOLDEN === '1') {
        rmSync(folder, { recursive: true, force: true });
        mkdirSync(folder, { recursive: true });
        for (const j of result.journeys) writeFileSync(join(folder, j.fileName), j.text);
      }
      const expected = readdirSync(folder).filter((f) => f.endsWith('.journey.yaml')).sort();
      expect(result.journeys.map((j) => j.fileName)).toEqual(expected);
      for (const j of result.journeys) expect(j.text).toBe(readFileSync(join(folder, j.fileName), 'utf8'));
    });

    it(`${bot} imports the same bytes twice`, async () => {
      const [a, b] = [await imported(bot), await imported(bot)];
      expect(b.journeys.map((j) => j.text)).toEqual(a.journeys.map((j) => j.text));
    });
  }

  it('a single topic file imports on its own', async () => {
    const result = await importBot('copilot-studio', join(FIXTURES, 'store-help', 'topics', 'StoreHours.mcs.yml'));
    expect(result.problems).toEqual([]);
    expect(result.journeys.map((j) => j.id)).toEqual(['store-hours']);
    expect(result.journeys[0]?.text).toContain('file: StoreHours.mcs.yml');
  });
});

describe('copilot-studio import: lint', () => {
  it('the transferring bot: no schema or syntax findings, and no human-exit, fake-offramp or refused-human', async () => {
    const results = await linted(await imported('contoso-orders'), 'contoso-orders');
    const all = results.flatMap((r) => r.diagnostics);
    expect(all.filter((d) => d.ruleId === 'schema' || d.ruleId === 'syntax')).toEqual([]);
    expect(findings(results)).toEqual([
      'end-of-conversation.journey.yaml import-lossy ask_survey_response',
      'return-an-item.journey.yaml close-the-loop states',
      'return-an-item.journey.yaml frustration-handled ask_item_count',
      'return-an-item.journey.yaml frustration-handled ask_reason',
      'return-an-item.journey.yaml import-lossy ask_item_count',
      'return-an-item.journey.yaml import-lossy ask_reason',
      'return-an-item.journey.yaml import-lossy check_reason',
      'return-an-item.journey.yaml import-lossy done',
      'track-an-order.journey.yaml close-the-loop states',
      'track-an-order.journey.yaml frustration-handled ask_order_number',
      'track-an-order.journey.yaml frustration-handled ask_wants_agent',
      'track-an-order.journey.yaml frustration-handled end_of_conversation',
      'track-an-order.journey.yaml import-lossy ask_order_number',
      'track-an-order.journey.yaml import-lossy ask_wants_agent',
      'track-an-order.journey.yaml import-lossy get_order_status',
    ]);
  });

  it('the message-only bot: human-exit, refused-human and fake-offramp report the Escalate topic that transfers to nobody', async () => {
    const results = await linted(await imported('store-help'), 'store-help');
    const all = results.flatMap((r) => r.diagnostics);
    expect(all.filter((d) => d.ruleId === 'schema' || d.ruleId === 'syntax')).toEqual([]);
    const serious = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${r.filePath.split('/').pop()} ${d.ruleId}`)).sort();
    expect(serious).toEqual([
      'cancel-my-subscription.journey.yaml fake-offramp',
      'cancel-my-subscription.journey.yaml human-exit',
      'cancel-my-subscription.journey.yaml refused-human',
      'escalate.journey.yaml fake-offramp',
      'escalate.journey.yaml human-exit',
      'store-hours.journey.yaml human-exit',
      'store-hours.journey.yaml refused-human',
    ]);
    expect(findings(results)).toEqual([
      'cancel-my-subscription.journey.yaml close-the-loop states',
      'cancel-my-subscription.journey.yaml fake-offramp done',
      'cancel-my-subscription.journey.yaml frustration-handled ask_confirm',
      'cancel-my-subscription.journey.yaml human-exit states',
      'cancel-my-subscription.journey.yaml import-lossy ask_confirm',
      'cancel-my-subscription.journey.yaml refused-human ask_confirm',
      'escalate.journey.yaml close-the-loop states',
      'escalate.journey.yaml fake-offramp escalated',
      'escalate.journey.yaml human-exit states',
      'store-hours.journey.yaml close-the-loop states',
      'store-hours.journey.yaml frustration-handled ask_store',
      'store-hours.journey.yaml human-exit states',
      'store-hours.journey.yaml import-lossy ask_store',
      'store-hours.journey.yaml refused-human ask_store',
    ]);
  });
});

describe('copilot-studio import: round trip', () => {
  /** Runs the interpreter and the compiled XState machine side by side; both must end in `state`, a human state. */
  function reachesPerson(journey: Journey, script: readonly ScriptStep[], state: string, input?: Record<string, string | number | boolean>): void {
    const machine = compileJourney(journey);
    expect(machine).toBeTruthy();
    const { trace } = runBoth(journey, script, input ? { input } : {});
    expect(firstMismatch(trace)).toBeUndefined();
    const last = trace[trace.length - 1];
    expect(last?.interpreter.state).toBe(state);
    expect(last?.xstate.state).toBe(state);
    expect(last?.interpreter.handedOff).toBe(true);
    expect(journey.states.get(state)?.type).toBe('human');
  }

  it('track-an-order: a delayed order, "yes" to a person, reaches the Escalate transfer on both engines', async () => {
    const results = await linted(await imported('contoso-orders'), 'contoso-orders');
    const journey = modelOf(results, 'track-an-order.journey.yaml');
    const exploration = explore(journey);
    expect(exploration.nodes.some((n) => n.configuration.state === 'agent')).toBe(true);
    reachesPerson(
      journey,
      [{ event: { type: 'order_number_given', value: 'CO-123456' } }, { event: { type: 'yes' } }],
      'agent',
      { order_status: 'Delayed' },
    );
  });

  it('track-an-order: asking for a person at the first question takes the offramp to the same transfer', async () => {
    const results = await linted(await imported('contoso-orders'), 'contoso-orders');
    reachesPerson(modelOf(results, 'track-an-order.journey.yaml'), [{ event: { type: 'agent_requested' } }], 'agent');
  });

  it('track-an-order: two answers the bot does not understand reach the person, as the Question escalates', async () => {
    const results = await linted(await imported('contoso-orders'), 'contoso-orders');
    reachesPerson(modelOf(results, 'track-an-order.journey.yaml'), [{ event: { type: 'no_match' } }, { event: { type: 'no_match' } }], 'agent');
  });

  it('return-an-item: an order past the return window goes to the phone transfer', async () => {
    const results = await linted(await imported('contoso-orders'), 'contoso-orders');
    const journey = modelOf(results, 'return-an-item.journey.yaml');
    expect(explore(journey).nodes.some((n) => n.configuration.state === 'transfer_to_phone')).toBe(true);
    reachesPerson(journey, [{ event: { type: 'wrong_item' } }], 'transfer_to_phone', { cond_late: true });
  });

  it('store-hours: asking for a person reaches nobody; the journey ends in the Escalate topic', async () => {
    const results = await linted(await imported('store-help'), 'store-help');
    const journey = modelOf(results, 'store-hours.journey.yaml');
    const states = new Set(explore(journey).nodes.map((n) => n.configuration.state));
    expect([...journey.states.values()].some((s) => s.type === 'human')).toBe(false);
    expect(states.has('escalate$escalated')).toBe(true);
    const { trace } = runBoth(journey, [{ event: { type: 'agent_requested' } }]);
    expect(firstMismatch(trace)).toBeUndefined();
    const last = trace[trace.length - 1];
    expect(last?.interpreter.status).toBe('done');
    expect(last?.interpreter.handedOff).toBe(false);
    expect(last?.interpreter.output).toMatchObject({ outcome: 'escalated' });
  });
});

/** The lines of the YAML mapping that starts at `line`/`column` (1-based). */
function mappingAt(lines: readonly string[], line: number, column: number): string {
  const out = [(lines[line - 1] ?? '').slice(column - 1)];
  for (const l of lines.slice(line)) {
    if (l.trim() !== '' && l.length - l.trimStart().length < column - 1) break;
    out.push(l);
  }
  return out.join('\n');
}

describe('copilot-studio import: x-source', () => {
  for (const bot of BOTS) {
    it(`${bot}: every state points at the line of its action in the topic file`, async () => {
      const result = await imported(bot);
      let checked = 0;
      for (const j of result.journeys) {
        const doc = parse(j.text) as { states: Record<string, { 'x-source'?: { file: string; id: string; line: number; column: number } }> };
        for (const [state, body] of Object.entries(doc.states)) {
          const at = body['x-source'];
          expect(at, `${j.fileName} ${state}`).toBeDefined();
          if (!at) continue;
          const lines = readFileSync(join(FIXTURES, bot, at.file), 'utf8').split('\n');
          const first = (lines[at.line - 1] ?? '').slice(at.column - 1);
          // The position is a mapping of the topic: an action (or the trigger, for a call of a whole topic).
          expect(first, `${j.fileName} ${state}`).toMatch(/^(kind|id):/);
          if (/^kind: On/.test(first)) {
            expect(at.id, `${j.fileName} ${state}`).toBe(result.journeys.find((k) => k.source.file === at.file)?.source.id ?? at.id);
          } else {
            expect(mappingAt(lines, at.line, at.column), `${j.fileName} ${state}`).toMatch(new RegExp(`^\\s*id: ${at.id}$`, 'm'));
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5);
    });
  }

  it('points a Question state at its Question', async () => {
    const result = await imported('contoso-orders');
    const track = parse(result.journeys.find((j) => j.id === 'track-an-order')?.text ?? '') as { states: Record<string, Record<string, unknown>> };
    expect(track.states.ask_order_number?.['x-source']).toEqual({ platform: 'copilot-studio', file: 'topics/TrackOrder.mcs.yml', id: 'question_order', line: 18, column: 7 });
  });
});

describe('copilot-studio import: bad input', () => {
  function at(result: ImportResult, index = 0): { file: string; code: string; line: number; severity: string } {
    const p = result.problems[index];
    if (!p) throw new Error('no problem');
    const text = p.file === '' ? '' : readFileSync(join(result.base, p.file), 'utf8');
    return { file: p.file, code: String(p.diagnostic.code), line: new LineIndex(text).position(p.diagnostic.span.start).line, severity: p.diagnostic.severity };
  }

  it('a folder without topics is not an export', async () => {
    const result = await imported('bad/not-an-export');
    expect(result.journeys).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(at(result)).toEqual({ file: '', code: 'not-an-export', line: 1, severity: 'error' });
    expect(result.problems[0]?.diagnostic.message).toMatch(/kind: AdaptiveDialog/);
  });

  it('a truncated topic is reported where it stops, and the other topics still import', async () => {
    const result = await imported('bad/truncated');
    expect(result.problems).toHaveLength(1);
    expect(at(result)).toMatchObject({ file: 'topics/Greeting.mcs.yml', line: 13, severity: 'error' });
    expect(result.journeys.map((j) => j.id)).toEqual(['goodbye']);
  });

  it('an unknown action kind is reported at the action and skipped', async () => {
    const result = await imported('bad/unknown-type');
    expect(result.problems).toHaveLength(1);
    expect(at(result)).toEqual({ file: 'topics/Greeting.mcs.yml', code: 'unknown-type', line: 15, severity: 'error' });
    const text = result.journeys[0]?.text ?? '';
    expect(text).toContain('ask_name');
    expect(text).not.toContain('teleport');
  });

  it('a missing topic and a missing GotoAction target end in `missing_target`, reported at the action', async () => {
    const result = await imported('bad/missing-target');
    expect(result.problems.map((_, k) => at(result, k))).toEqual([
      { file: 'topics/Billing.mcs.yml', code: 'missing-target', line: 23, severity: 'error' },
      { file: 'topics/Billing.mcs.yml', code: 'missing-target', line: 28, severity: 'error' },
    ]);
    const results = await lintSources(result.journeys.map((j) => ({ path: `/bad/${j.fileName}`, text: j.text })));
    expect(results.flatMap((r) => r.diagnostics).filter((d) => d.ruleId === 'schema' || d.ruleId === 'syntax')).toEqual([]);
    expect(result.journeys[0]?.text).toContain('outcome: missing_target');
  });
});

describe('copilot-studio import: Power Fx', () => {
  const fields = (ref: string): string | undefined => (/^(Topic|Global|System)\./.test(ref) ? ref.split('.').slice(1).join('_').toLowerCase() : undefined);
  const cases: [string, string][] = [
    ['=Topic.Age > 18', 'age > 18'],
    ['=IsBlank(Topic.Name)', 'name == null'],
    ['=Not(Topic.Ok) || Global.Vip = true', '!ok || vip == true'],
    ['=And(Topic.A, Or(Topic.B, Topic.C))', 'a && (b || c)'],
    ['=Len(Lower(Topic.Code)) <> 6', 'len(lower(code)) != 6'],
    ["=Topic.Reason = 'cr_bot.topic.Return.main.question_1'.damaged", "reason == 'damaged'"],
    ['="Hello " & Topic.Name', "'Hello ' + name"],
    ['=(Topic.A + 1) * 2', '(a + 1) * 2'],
    ['=System.FallbackCount < 3', 'fallbackcount < 3'],
    ['=Blank()', 'null'],
  ];
  for (const [formula, expression] of cases) {
    it(`translates ${formula}`, () => {
      expect(translateFx(formula, fields)).toMatchObject({ ok: true, expression });
    });
  }
  it('refuses what has no counterpart, with a reason', () => {
    expect(translateFx('=DateDiff(Topic.A, Now()) > 3', fields)).toMatchObject({ ok: false, reason: expect.stringContaining('DateDiff') });
    expect(translateFx('=Topic.X in ["a"]', fields)).toMatchObject({ ok: false });
    expect(translateFx('=Round(Topic.N, 2)', fields)).toMatchObject({ ok: false });
    expect(translateFx('="unclosed', fields)).toMatchObject({ ok: false });
  });
  it('reads the types a formula implies', () => {
    const result = translateFx('=Topic.Age > 18 && Len(Topic.Name) > 0', fields);
    expect(result.ok && Object.fromEntries(result.hints)).toEqual({ age: 'number', name: 'string' });
  });
});
