import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileJourney } from '../../src/compile/xstate.js';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { importBot } from '../../src/import/index.js';
import type { ImportResult } from '../../src/import/types.js';
import { explore } from '../../src/interpret/explore.js';
import { lintSources, type FileResult } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import { firstMismatch, runBoth } from '../support/engines.js';
import { ROOT } from '../support/lint.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import', 'connect');
const BOTS = ['support-line', 'promise-line'] as const;
const scratch = mkdtempSync(join(tmpdir(), 'connect-import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function imported(bot: string, options = {}): Promise<ImportResult> {
  return importBot('connect', join(FIXTURES, bot), options);
}

/** Lints every journey of one import together, as `journey lint DIR` would. */
async function linted(result: ImportResult): Promise<FileResult[]> {
  return lintSources(result.journeys.map((j) => ({ path: join(scratch, 'out', j.fileName), text: j.text })), { keepModels: true });
}

function findings(results: readonly FileResult[]): string[] {
  return results.flatMap((r) => {
    const lines = new LineIndex(r.source);
    const name = r.filePath.split('/').pop();
    const text = r.source.split('\n');
    // The line a finding sits on names the state (`menu:`), which reads better than a line number.
    return r.diagnostics.map((d) => `${name} ${d.ruleId} ${text[lines.position(d.span.start).line - 1]?.trim().slice(0, 40).trim()}`);
  });
}

function modelOf(results: readonly FileResult[], fileName: string): Journey {
  const journey = results.find((r) => r.filePath.endsWith(`/${fileName}`))?.journey;
  if (!journey) throw new Error(`no model for ${fileName}`);
  return journey;
}

/** Writes a one-file export into the scratch folder and imports it. */
async function importText(name: string, text: string): Promise<ImportResult> {
  const dir = join(scratch, name.replace(/\W+/g, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return importBot('connect', join(dir, name));
}

/** Line (1-based) of the first line of `text` matching `pattern`. */
function lineOf(text: string, pattern: RegExp): number {
  const index = text.split('\n').findIndex((l) => pattern.test(l));
  if (index < 0) throw new Error(`no line matches ${pattern}`);
  return index + 1;
}

describe('connect import: golden journeys', () => {
  for (const bot of BOTS) {
    it(`${bot} imports to the expected journeys, byte for byte`, async () => {
      const result = await imported(bot);
      expect(result.problems).toEqual([]);
      const expected = join(FIXTURES, bot, 'expected');
      if (process.env.UPDATE_GOLDEN === '1') {
        rmSync(expected, { recursive: true, force: true });
        mkdirSync(expected, { recursive: true });
        for (const j of result.journeys) writeFileSync(join(expected, j.fileName), j.text);
      }
      expect(readdirSync(expected).sort()).toEqual(result.journeys.map((j) => j.fileName).sort());
      for (const j of result.journeys) expect(j.text, j.fileName).toBe(readFileSync(join(expected, j.fileName), 'utf8'));
    });

    it(`${bot} imports the same bytes every time`, async () => {
      const first = await imported(bot);
      const second = await imported(bot);
      expect(second.journeys.map((j) => j.text)).toEqual(first.journeys.map((j) => j.text));
    });
  }

  it('uses --hours for every human state', async () => {
    const result = await imported('support-line', { hours: 'mon-fri 08:00-20:00 Europe/London' });
    const main = parse(result.journeys.find((j) => j.id === 'support-line')?.text ?? '');
    const humans = Object.values(main.states as Record<string, Record<string, unknown>>).filter((s) => s.type === 'human');
    expect(humans.length).toBe(3);
    for (const h of humans) expect(h).toMatchObject({ hours: 'mon-fri 08:00-20:00 Europe/London', when_closed: 'closed' });
    expect(main['x-import'].hours).toBeUndefined();
  });
});

describe('connect import: lint', () => {
  it('the transferring bot passes the schema, and lint finds only what the bot really does', async () => {
    const results = await linted(await imported('support-line'));
    const all = findings(results);
    expect(all.filter((f) => / (schema|syntax) /.test(f))).toEqual([]);
    expect(all.filter((f) => / (human-exit|fake-offramp) /.test(f))).toEqual([]);
    expect(all).toEqual(EXPECTED_SUPPORT_LINE);
  });

  it('the bot whose agent option only says it transfers gets human-exit and fake-offramp', async () => {
    const results = await linted(await imported('promise-line'));
    const all = findings(results);
    expect(all.filter((f) => / (schema|syntax) /.test(f))).toEqual([]);
    expect(all).toEqual(EXPECTED_PROMISE_LINE);
    const text = results[0]?.source ?? '';
    const fakes = results[0]?.diagnostics.filter((d) => d.ruleId === 'fake-offramp') ?? [];
    expect(fakes.map((d) => text.slice(d.span.start, d.span.end))).toEqual(['Press 1 for your bill. To speak to an agent, press 0.', 'Please hold while I transfer you to an agent.']);
    // With `journey lint --import`, the hang-up promise is reported at the PlayPrompt module of the export.
    const doc = parse(text);
    expect(doc.states.please_hold_while_i['x-source']).toMatchObject({ file: 'Promise Line.json', id: '00000008-5e1f-4c2a-9b3d-000000000008' });
  });
});

// Each finding as file, rule and the line it sits on. The transferring bot: its losses, the
// checks a phone menu cannot pass (no feedback, no frustration signal), the Lex no-match loop
// of the balance flow (reported at the call), and `closed`, which `hours: always` never takes.
const EXPECTED_SUPPORT_LINE = [
  'balance-self-service.journey.yaml import-lossy ask:',
  'balance-self-service.journey.yaml import-lossy get_balance:',
  'balance-self-service.journey.yaml import-lossy - kind: error-branches',
  'support-line.journey.yaml close-the-loop states:',
  'support-line.journey.yaml import-lossy look_up_caller:',
  'support-line.journey.yaml frustration-handled menu:',
  'support-line.journey.yaml import-lossy menu:',
  'support-line.journey.yaml import-lossy check_vip:',
  'support-line.journey.yaml frustration-handled balance:',
  'support-line.journey.yaml no-match-handled balance:',
  'support-line.journey.yaml import-lossy agent_card_services:',
  'support-line.journey.yaml unreachable-state closed:',
  'support-line.journey.yaml frustration-handled offer_callback:',
  'support-line.journey.yaml import-lossy offer_callback:',
  'support-line.journey.yaml import-lossy - kind: error-branches',
];
// The message-only bot: no person anywhere, an offer of an agent that leads to none, and a
// "Please hold while I transfer you" that hangs up.
const EXPECTED_PROMISE_LINE = [
  'promise-line.journey.yaml close-the-loop states:',
  'promise-line.journey.yaml human-exit states:',
  'promise-line.journey.yaml frustration-handled menu:',
  'promise-line.journey.yaml import-lossy menu:',
  'promise-line.journey.yaml fake-offramp say: Press 1 for your bill. To speak to',
  'promise-line.journey.yaml fake-offramp say: Please hold while I transfer you to',
  'promise-line.journey.yaml import-lossy - kind: error-branches',
];

describe('connect import: round trip', () => {
  it('pressing 0 reaches the General queue in the interpreter and in the compiled machine', async () => {
    const results = await linted(await imported('support-line'));
    const main = modelOf(results, 'support-line.journey.yaml');
    expect(main.states.get('agent_general')?.type).toBe('human');
    const exploration = explore(main, { maxConfigs: 20_000 });
    expect(exploration.nodes.some((n) => n.human && n.configuration.state === 'agent_general')).toBe(true);
    const machine = compileJourney(main);
    expect(typeof machine.states).toBe('object');
    // The caller is not a VIP and the Lambda call works: the flow reaches the menu.
    const run = runBoth(main, [{ event: { type: 'press_0' } }], { input: { vip: 'false', lookup_caller_failed: false } });
    expect(firstMismatch(run.trace)).toBeUndefined();
    const last = run.trace[run.trace.length - 1];
    expect(last?.interpreter.state).toBe('agent_general');
    expect(last?.xstate.state).toBe('agent_general');
    expect(last?.xstate.handedOff).toBe(true);
  });

  it('a VIP goes straight to the VIP queue, and a full queue offers a callback', async () => {
    const results = await linted(await imported('support-line'));
    const main = modelOf(results, 'support-line.journey.yaml');
    const run = runBoth(main, [{ event: { type: 'unavailable' } }, { event: { type: 'press_1' } }], { input: { vip: 'true', lookup_caller_failed: false } });
    expect(firstMismatch(run.trace)).toBeUndefined();
    expect(run.trace[0]?.xstate.state).toBe('agent_vip');
    expect(run.trace[1]?.xstate.state).toBe('offer_callback');
    expect(run.trace[2]?.xstate.output).toMatchObject({ outcome: 'callback_booked', human: 'later' });
  });

  it('asking the Lex bot of the transferred-to flow for an agent reaches its queue through the call', async () => {
    const results = await linted(await imported('support-line'));
    const main = modelOf(results, 'support-line.journey.yaml');
    const run = runBoth(main, [{ event: { type: 'press_2' } }, { event: { type: 'talk_to_agent' } }], { input: { vip: 'false', lookup_caller_failed: false, tier: 'silver' } });
    expect(firstMismatch(run.trace)).toBeUndefined();
    expect(run.trace[1]?.xstate.state).toBe('balance$ask');
    const last = run.trace[run.trace.length - 1];
    expect(last?.xstate.state).toBe('balance$transfer');
    expect(last?.interpreter.handedOff).toBe(true);
    expect(main.callees.get('balance-self-service')?.states.get('transfer')?.type).toBe('human');
  });

  it('the message-only bot never hands over: pressing 0 ends the call', async () => {
    const results = await linted(await imported('promise-line'));
    const journey = modelOf(results, 'promise-line.journey.yaml');
    expect([...journey.states.values()].some((s) => s.type === 'human')).toBe(false);
    const run = runBoth(journey, [{ event: { type: 'press_0' } }]);
    expect(firstMismatch(run.trace)).toBeUndefined();
    const last = run.trace[run.trace.length - 1];
    expect(last?.xstate.status).toBe('done');
    expect(last?.xstate.handedOff).toBe(false);
    expect(last?.xstate.output).toMatchObject({ outcome: 'disconnected' });
  });
});

describe('connect import: x-source', () => {
  for (const bot of BOTS) {
    it(`every state of ${bot} points at the line of its action`, async () => {
      const result = await imported(bot);
      for (const j of result.journeys) {
        const doc = parse(j.text) as { states: Record<string, { 'x-source': { file: string; id: string; line: number } }> };
        for (const [name, state] of Object.entries(doc.states)) {
          const at = state['x-source'];
          expect(at, name).toBeDefined();
          const text = readFileSync(join(FIXTURES, bot, at.file), 'utf8');
          const lines = text.split('\n');
          const idLine = lineOf(text, new RegExp(`"(Identifier|id)": "${at.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
          // The action object opens on the nearest `{` line above its identifier.
          let open = idLine - 1;
          while (open > 0 && lines[open - 1]?.trim() !== '{') open--;
          expect(at.line, `${j.fileName} ${name}`).toBe(open);
        }
      }
    });
  }
});

describe('connect import: transfers between flows', () => {
  it('a transfer to an imported flow is a call; one back to the caller ends the journey instead of a call cycle', async () => {
    const dir = join(scratch, 'two-flows');
    mkdirSync(dir, { recursive: true });
    const flowOf = (name: string, actions: unknown[]): string => JSON.stringify({ Version: '2019-10-30', StartAction: 'start', Metadata: { name }, Actions: actions }, null, 2);
    writeFileSync(
      join(dir, 'main.json'),
      flowOf('Main', [
        { Identifier: 'start', Type: 'GetParticipantInput', Parameters: { Text: 'Press 1 or 2.' }, Transitions: { Conditions: [
          { NextAction: 'to-other', Condition: { Operator: 'Equals', Operands: ['1'] } },
          { NextAction: 'to-elsewhere', Condition: { Operator: 'Equals', Operands: ['2'] } },
        ] } },
        { Identifier: 'to-other', Type: 'TransferToFlow', Parameters: { ContactFlowId: '{{contactFlows.Other.arn}}' }, Transitions: {} },
        { Identifier: 'to-elsewhere', Type: 'TransferToFlow', Parameters: { ContactFlowId: 'arn:aws:connect:eu-west-2:111122223333:instance/i/contact-flow/f-404' }, Transitions: {} },
      ]),
    );
    writeFileSync(
      join(dir, 'other.json'),
      flowOf('Other', [
        { Identifier: 'start', Type: 'MessageParticipant', Parameters: { Text: 'Back to the main menu.' }, Transitions: { NextAction: 'back' } },
        { Identifier: 'back', Type: 'TransferToFlow', Parameters: { ContactFlowId: '{{contactFlows.Main.arn}}' }, Transitions: {} },
      ]),
    );
    const result = await importBot('connect', dir);
    expect(result.problems).toEqual([]);
    const main = parse(result.journeys.find((j) => j.id === 'main')?.text ?? '');
    const other = parse(result.journeys.find((j) => j.id === 'other')?.text ?? '');
    expect(main.states.to_other).toMatchObject({ type: 'call', call: 'other' });
    expect(main.states.to_elsewhere).toMatchObject({ type: 'end', outcome: 'transferred_to_f_404' });
    expect(other.sub_journey).toBe(true);
    expect(other.states.back).toMatchObject({ type: 'end', say: 'Back to the main menu.', outcome: 'transferred_to_main' });
    expect(main['x-import'].losses.map((l: { kind: string }) => l.kind)).toEqual(['flow-not-imported']);
    expect(other['x-import'].losses.map((l: { kind: string }) => l.kind)).toEqual(['flow-cycle']);
    const all = findings(await linted(result));
    expect(all.filter((f) => / (schema|syntax|call-cycle|unknown-target) /.test(f))).toEqual([]);
  });
});

describe('connect import: bad input', () => {
  it('a folder without contact flows is not an export', async () => {
    const dir = join(scratch, 'not-flows');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "name": "something" }\n');
    const result = await importBot('connect', dir);
    expect(result.journeys).toEqual([]);
    expect(result.problems.map((p) => [p.file, p.diagnostic.code])).toEqual([['', 'not-an-export']]);
  });

  it('one JSON file that is not a flow is not an export, at its first line', async () => {
    const result = await importText('lambda-config.json', '{\n  "FunctionName": "x"\n}\n');
    expect(result.problems.map((p) => [p.file, p.diagnostic.code, p.diagnostic.span.start])).toEqual([['lambda-config.json', 'not-an-export', 0]]);
  });

  it('describe-contact-flow output is refused with what to do', async () => {
    const result = await importText('described.json', '{"ContactFlow": {"Name": "x", "Content": "{}"}}');
    expect(result.problems.map((p) => p.diagnostic.code)).toEqual(['not-an-export']);
    expect(result.problems[0]?.diagnostic.message).toContain('ContactFlow.Content');
  });

  it('a truncated flow is a syntax problem at the end of the file, and the other flows still import', async () => {
    const dir = join(scratch, 'truncated');
    mkdirSync(dir, { recursive: true });
    const whole = readFileSync(join(FIXTURES, 'support-line', 'balance-self-service.json'), 'utf8');
    const cut = whole.slice(0, Math.floor(whole.length / 2));
    writeFileSync(join(dir, 'broken.json'), cut);
    writeFileSync(join(dir, 'promise.json'), readFileSync(join(FIXTURES, 'promise-line', 'Promise Line.json'), 'utf8'));
    const result = await importBot('connect', dir);
    expect(result.journeys.map((j) => j.id)).toEqual(['promise-line']);
    expect(result.problems.map((p) => [p.file, p.diagnostic.code])).toEqual([['broken.json', 'json-syntax']]);
    const problem = result.problems[0];
    expect(new LineIndex(cut).position(problem?.diagnostic.span.start ?? 0).line).toBe(cut.split('\n').length);
  });

  const flow = (actions: string): string =>
    `{\n  "Version": "2019-10-30",\n  "StartAction": "hello",\n  "Metadata": { "name": "Small" },\n  "Actions": [\n${actions}\n  ]\n}\n`;

  it('an unknown action type is a problem at the action, and the journey goes straight on', async () => {
    const text = flow(
      [
        '    { "Identifier": "hello", "Type": "MessageParticipant", "Parameters": { "Text": "Hello." }, "Transitions": { "NextAction": "shiny" } },',
        '    { "Identifier": "shiny", "Type": "SummonHologram", "Parameters": {}, "Transitions": { "NextAction": "bye" } },',
        '    { "Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} }',
      ].join('\n'),
    );
    const result = await importText('unknown-type.json', text);
    expect(result.problems.map((p) => [p.file, p.diagnostic.code, new LineIndex(text).position(p.diagnostic.span.start).line])).toEqual([['unknown-type.json', 'unknown-type', 7]]);
    const doc = parse(result.journeys[0]?.text ?? '');
    expect(doc.states.bye).toMatchObject({ type: 'end', say: 'Hello.', outcome: 'disconnected' });
    expect(doc['x-import'].losses.map((l: { kind: string }) => l.kind)).toEqual(['unknown-action']);
    const [lint] = await lintSources([{ path: join(scratch, 'small.journey.yaml'), text: result.journeys[0]?.text ?? '' }]);
    expect(lint?.diagnostics.filter((d) => d.ruleId === 'schema' || d.ruleId === 'syntax')).toEqual([]);
  });

  it('a transition to a missing action is a problem at the NextAction, and ends at `missing_target`', async () => {
    const text = flow(
      [
        '    { "Identifier": "hello", "Type": "GetParticipantInput", "Parameters": { "Text": "Press 1." },',
        '      "Transitions": { "Conditions": [ { "NextAction": "bye", "Condition": { "Operator": "Equals", "Operands": ["1"] } },',
        '        { "NextAction": "gone", "Condition": { "Operator": "Equals", "Operands": ["2"] } } ] } },',
        '    { "Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} }',
      ].join('\n'),
    );
    const result = await importText('missing-target.json', text);
    expect(result.problems.map((p) => [p.file, p.diagnostic.code, new LineIndex(text).position(p.diagnostic.span.start).line])).toEqual([['missing-target.json', 'missing-target', 8]]);
    const doc = parse(result.journeys[0]?.text ?? '');
    expect(doc.states.hello.on).toEqual({ press_1: 'bye', press_2: 'missing_target' });
    expect(doc.states.missing_target).toMatchObject({ type: 'end', outcome: 'missing_target' });
    const [lint] = await lintSources([{ path: join(scratch, 'small.journey.yaml'), text: result.journeys[0]?.text ?? '' }]);
    expect(lint?.diagnostics.filter((d) => d.ruleId === 'schema' || d.ruleId === 'syntax')).toEqual([]);
  });

  it('a start action that is not in the flow is a problem, and nothing is imported from that flow', async () => {
    const text = flow('    { "Identifier": "other", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} }');
    const result = await importText('no-start.json', text);
    expect(result.journeys).toEqual([]);
    expect(result.problems.map((p) => [p.diagnostic.code, new LineIndex(text).position(p.diagnostic.span.start).line])).toEqual([['missing-target', 3]]);
  });
});
