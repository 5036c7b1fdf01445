import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileJourney } from '../../src/compile/xstate.js';
import { LineIndex } from '../../src/diagnostics/line-index.js';
import { parseCondition, translate, type TranslationScope } from '../../src/import/dialogflow-cx/conditions.js';
import { importBot } from '../../src/import/index.js';
import type { ImportProblem, ImportResult } from '../../src/import/types.js';
import { explore } from '../../src/interpret/explore.js';
import { lintSources, type FileResult } from '../../src/lint/lint.js';
import type { Journey } from '../../src/model/types.js';
import { firstMismatch, runBoth } from '../support/engines.js';
import { ROOT } from '../support/lint.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import', 'dialogflow-cx');
/** The agent that really transfers: liveAgentHandoff, telephonyTransferCall, END_FLOW_WITH_HUMAN_ESCALATION. */
const REAL = 'card-support';
/** The agent whose "Agent" page only says "I'll transfer you to an agent now" and ends the session. */
const MESSAGE_ONLY = 'help-desk';
/** The help desk again, as one JSON file in the API's resource shape. */
const SINGLE_FILE = join('single-file', 'help-desk.json');
const OUT = '/imported';

/** Where each bot's export is, and where its golden journeys are. */
const BOTS: readonly { name: string; path: string; expected: string }[] = [
  { name: REAL, path: join(FIXTURES, REAL, 'agent'), expected: join(FIXTURES, REAL, 'expected') },
  { name: MESSAGE_ONLY, path: join(FIXTURES, MESSAGE_ONLY, 'agent'), expected: join(FIXTURES, MESSAGE_ONLY, 'expected') },
  { name: 'single-file', path: join(FIXTURES, SINGLE_FILE), expected: join(FIXTURES, 'single-file', 'expected') },
];

const imported = (path: string): Promise<ImportResult> => importBot('dialogflow-cx', path);
const bot = (name: string): { path: string } => BOTS.find((b) => b.name === name) as { path: string };

async function lintImport(result: ImportResult): Promise<FileResult[]> {
  return lintSources(
    result.journeys.map((j) => ({ path: `${OUT}/${j.fileName}`, text: j.text })),
    { keepModels: true },
  );
}

/** Each finding as `<file> <rule>`, sorted. */
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

describe('dialogflow-cx import: golden journeys', () => {
  for (const b of BOTS) {
    it(`${b.name} matches its expected journeys byte for byte`, async () => {
      const result = await imported(b.path);
      expect(result.problems).toEqual([]);
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(b.expected, { recursive: true });
        for (const f of readdirSync(b.expected)) if (!result.journeys.some((j) => j.fileName === f)) throw new Error(`stale golden file ${f}`);
        for (const j of result.journeys) writeFileSync(join(b.expected, j.fileName), j.text);
      }
      expect(readdirSync(b.expected).sort()).toEqual(result.journeys.map((j) => j.fileName).sort());
      for (const j of result.journeys) expect(j.text, j.fileName).toBe(readFileSync(join(b.expected, j.fileName), 'utf8'));
    });
  }

  it('is deterministic: the same export gives the same bytes', async () => {
    for (const b of BOTS) {
      const first = await imported(b.path);
      const second = await imported(b.path);
      expect(second.journeys.map((j) => j.text)).toEqual(first.journeys.map((j) => j.text));
    }
  });

  it('reads the single-file export as the folder export: the same states, transitions, fields and losses', async () => {
    // Positions differ (one file against many), and states follow each file's page order.
    const meaning = (text: string): unknown =>
      JSON.parse(JSON.stringify(parse(text), (key, value: unknown) => (key === 'x-source' ? undefined : value)));
    const folder = await imported(bot(MESSAGE_ONLY).path);
    const single = await imported(bot('single-file').path);
    expect(single.journeys.map((j) => meaning(j.text))).toEqual(folder.journeys.map((j) => meaning(j.text)));
  });

  it('--hours sets every human state and drops the assumed-hours note', async () => {
    const result = await importBot('dialogflow-cx', bot(REAL).path, { hours: 'mon-fri 08:00-20:00 Europe/London' });
    const text = result.journeys.map((j) => j.text).join('\n');
    expect(text).not.toContain('hours: always');
    expect(text.match(/hours: mon-fri 08:00-20:00 Europe\/London/g)?.length).toBe(3);
    expect(text).not.toContain('assumed always');
  });
});

describe('dialogflow-cx import: lint', () => {
  it('the transferring agent: no schema or syntax findings, and nothing about reaching a person', async () => {
    const results = await lintImport(await imported(bot(REAL).path));
    const all = findings(results);
    expect(all.filter((f) => / (schema|syntax)$/.test(f))).toEqual([]);
    expect(all).toEqual(EXPECTED_REAL);
    expect(all.filter((f) => / (human-exit|fake-offramp|refused-human)$/.test(f))).toEqual([]);
  });

  it('the message-only agent: human-exit and fake-offramp report the "handoff" that only talks', async () => {
    const results = await lintImport(await imported(bot(MESSAGE_ONLY).path));
    const all = findings(results);
    expect(all.filter((f) => / (schema|syntax)$/.test(f))).toEqual([]);
    expect(all).toEqual(EXPECTED_MESSAGE_ONLY);
    const fake = results.flatMap((r) => r.diagnostics).find((d) => d.ruleId === 'fake-offramp');
    expect(fake?.message).toContain('`agent`');
  });

  it('every loss is an import-lossy warning', async () => {
    const result = await imported(bot(REAL).path);
    const results = await lintImport(result);
    const lossy = results.flatMap((r) => r.diagnostics).filter((d) => d.ruleId === 'import-lossy');
    expect(lossy.length).toBe(result.journeys.reduce((n, j) => n + j.losses.length, 0));
    expect(lossy.every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe('dialogflow-cx import: round trip', () => {
  it('import, lint, simulate, compile: the customer who asks for an agent reaches live_agent on both engines', async () => {
    const results = await lintImport(await imported(bot(REAL).path));
    const journey = model(results, 'default-start-flow.journey.yaml');
    const exploration = explore(journey, { maxTurns: 12 });
    expect(exploration.nodes.some((n) => n.human && n.configuration.state === 'live_agent')).toBe(true);
    expect(exploration.nodes.some((n) => n.human && n.configuration.state === 'call_lost_card$human_escalation')).toBe(true);
    const machine = compileJourney(journey);
    expect(JSON.stringify(machine)).toContain('live_agent');

    // Welcome, then "agent" at the main menu: the flow-level agent.request route (the offramp).
    const run = runBoth(journey, [{ event: { type: 'default_welcome_intent' } }, { event: { type: 'agent.request' } }]);
    expect(firstMismatch(run.trace)).toBeUndefined();
    const last = run.trace[run.trace.length - 1];
    expect(last?.xstate.state).toBe('live_agent');
    expect(last?.xstate.handedOff).toBe(true);
    expect(journey.states.get('live_agent')?.type).toBe('human');
  });

  it('a lost card whose digits are wrong three times reaches the escalation inside the Lost Card flow', async () => {
    const results = await lintImport(await imported(bot(REAL).path));
    const journey = model(results, 'default-start-flow.journey.yaml');
    const wrong = { event: { type: 'give_last_four', last_four: '12' } };
    const run = runBoth(journey, [{ event: { type: 'default_welcome_intent' } }, { event: { type: 'card.lost' } }, wrong, wrong, wrong]);
    expect(firstMismatch(run.trace)).toBeUndefined();
    const last = run.trace[run.trace.length - 1];
    expect(last?.interpreter.state).toBe('call_lost_card$human_escalation');
    expect(last?.xstate.state).toBe('call_lost_card$human_escalation');
    expect(last?.xstate.handedOff).toBe(true);
    const callee = model(results, 'lost-card.journey.yaml');
    expect(callee.states.get('human_escalation')?.type).toBe('human');
  });

  it('the message-only agent never hands off: "agent" ends the session', async () => {
    const results = await lintImport(await imported(bot(MESSAGE_ONLY).path));
    const journey = model(results, 'default-start-flow.journey.yaml');
    expect(explore(journey).nodes.some((n) => n.human)).toBe(false);
    const run = runBoth(journey, [{ event: { type: 'default_welcome_intent' } }, { event: { type: 'agent.request' } }]);
    expect(firstMismatch(run.trace)).toBeUndefined();
    const last = run.trace[run.trace.length - 1];
    expect(last?.xstate.status).toBe('done');
    expect(last?.xstate.handedOff).toBe(false);
  });
});

describe('dialogflow-cx import: x-source', () => {
  it('every state points at the line of its page, route or parameter in the source file', async () => {
    for (const b of BOTS) {
      const result = await imported(b.path);
      for (const j of result.journeys) {
        const states = j.text.split('\n').filter((l) => /^ {4}x-source:/.test(l));
        expect(states.length, j.fileName).toBe(j.states);
        for (const line of states) {
          const m = /file: (.+), id: (.+), line: (\d+), column: (\d+) ?\}$/.exec(line);
          expect(m, line).not.toBeNull();
          const [, file, id, at] = m as RegExpExecArray;
          const source = readFileSync(join(result.base, file as string), 'utf8').split('\n');
          const text = source[Number(at) - 1] as string;
          // The line opens the object (a page file's first `{`, a route's `{`) whose id is named.
          expect(text.trim().startsWith('{') || text.includes('"'), `${file}:${at} for ${id}`).toBe(true);
        }
      }
    }
  });

  it('pages, form parameters and routes are positioned exactly', async () => {
    const result = await imported(bot(REAL).path);
    const start = result.journeys.find((j) => j.id === 'lost-card')?.text ?? '';
    const file = 'flows/Lost Card/pages/%3e confirm card.json';
    const source = readFileSync(join(result.base, file), 'utf8').split('\n');
    const paramLine = source.findIndex((l) => l.includes('"displayName": "last_four"')) + 1;
    expect(start).toContain(`confirm_card:\n    say: Please tell me the last four digits of the card.`);
    expect(start).toMatch(new RegExp(`id: last_four, line: ${paramLine - 1}, column: 7 ?\\}`));
    expect(start).toMatch(/id: "> confirm card", line: 1, column: 1 ?\}/);
  });
});

describe('dialogflow-cx import: bad input', () => {
  const temp = mkdtempSync(join(tmpdir(), 'df-import-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  let n = 0;
  const agentOf = (files: Record<string, string>): string => {
    const root = join(temp, `agent-${++n}`);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    return root;
  };
  const flow = (routes: string): string => `{
  "name": "00000000-0000-0000-0000-000000000000",
  "displayName": "Default Start Flow",
  "transitionRoutes": [ ${routes} ]
}
`;
  const problem = (result: ImportResult, code: string): ImportProblem => {
    const p = result.problems.find((x) => x.diagnostic.code === code);
    if (!p) throw new Error(`no ${code} problem in ${JSON.stringify(result.problems.map((x) => x.diagnostic.code))}`);
    return p;
  };
  const line = (result: ImportResult, p: ImportProblem): number => lineOf(readFileSync(join(result.base, p.file), 'utf8'), p.diagnostic.span.start);

  it('a folder that is no agent export', async () => {
    const root = agentOf({ 'README.md': '# not a bot\n', 'domain.yml': 'intents: []\n' });
    const result = await imported(root);
    expect(result.journeys).toEqual([]);
    const p = problem(result, 'not-an-export');
    expect(p.diagnostic.severity).toBe('error');
    expect(p.diagnostic.message).toContain('agent.json');
  });

  it('a JSON file that is not a single-file export', async () => {
    const root = agentOf({ 'other.json': '{ "intents": [] }\n' });
    const result = await imported(join(root, 'other.json'));
    expect(problem(result, 'not-an-export').file).toBe('other.json');
  });

  it('a truncated page: positioned where the JSON stops; the rest is imported and routes into it end in missing_target', async () => {
    const root = agentOf({
      'agent.json': '{ "displayName": "T", "startFlow": "Default Start Flow" }\n',
      'flows/Default Start Flow/Default Start Flow.json': flow('{ "intent": "hello", "targetPage": "Broken" }, { "intent": "bye", "targetPage": "End Session" }'),
      'flows/Default Start Flow/pages/Broken.json': '{\n  "displayName": "Broken",\n  "entryFulfillment": {\n    "messages": [ {\n',
    });
    const result = await imported(root);
    const p = result.problems.find((x) => x.file === 'flows/Default Start Flow/pages/Broken.json');
    expect(p?.diagnostic.severity).toBe('error');
    expect(p?.diagnostic.message).toMatch(/cut short|truncated|ends inside/);
    // The file ends on line 4, inside the list the message was in.
    expect(line(result, p as ImportProblem)).toBe(4);
    // One problem for the broken file, not a second one for the route that names it.
    expect(result.problems.filter((x) => x.diagnostic.code === 'missing-target')).toEqual([]);
    const text = result.journeys[0]?.text ?? '';
    expect(text).toContain('hello: missing_target');
    expect(text).toContain('bye: end_session');
    const lint = findings(await lintImport(result));
    expect(lint.filter((f) => / (schema|syntax)$/.test(f))).toEqual([]);
  });

  it('a route to a page that does not exist: missing-target at the route, the route ends in missing_target', async () => {
    const root = agentOf({
      'agent.json': '{ "displayName": "T" }\n',
      'flows/Default Start Flow/Default Start Flow.json': flow('{\n    "intent": "hello",\n    "targetPage": "Nowhere"\n  }'),
    });
    const result = await imported(root);
    const p = problem(result, 'missing-target');
    expect(p.file).toBe('flows/Default Start Flow/Default Start Flow.json');
    expect(p.diagnostic.severity).toBe('error');
    expect(p.diagnostic.message).toContain('`Nowhere`');
    expect(line(result, p)).toBe(4);
    expect(result.journeys[0]?.text).toContain('hello: missing_target');
  });

  it('a route to a flow that does not exist', async () => {
    const root = agentOf({
      'agent.json': '{ "displayName": "T" }\n',
      'flows/Default Start Flow/Default Start Flow.json': flow('{ "intent": "hello", "targetFlow": "Ghost Flow" }'),
    });
    const result = await imported(root);
    const p = problem(result, 'missing-target');
    expect(p.diagnostic.message).toContain('`Ghost Flow`');
    expect(line(result, p)).toBe(4);
  });

  it('an unknown fulfillment message kind: unknown-type at the message, the rest of the page imported', async () => {
    const root = agentOf({
      'agent.json': '{ "displayName": "T" }\n',
      'flows/Default Start Flow/Default Start Flow.json': flow('{ "intent": "hello", "targetPage": "Greet" }'),
      'flows/Default Start Flow/pages/Greet.json': '{\n  "displayName": "Greet",\n  "entryFulfillment": {\n    "messages": [\n      { "text": { "text": [ "Hi" ] } },\n      { "hologram": { "uri": "x" } }\n    ]\n  }\n}\n',
    });
    const result = await imported(root);
    const p = problem(result, 'unknown-type');
    expect(p.file).toBe('flows/Default Start Flow/pages/Greet.json');
    expect(p.diagnostic.message).toContain('`hologram`');
    expect(line(result, p)).toBe(6);
    expect(result.journeys[0]?.text).toContain('say: Hi');
  });

  it('a page whose routes are not a list: bad-shape, positioned at the value', async () => {
    const root = agentOf({
      'agent.json': '{ "displayName": "T" }\n',
      'flows/Default Start Flow/Default Start Flow.json': flow('{ "intent": "hello", "targetPage": "Odd" }'),
      'flows/Default Start Flow/pages/Odd.json': '{\n  "displayName": "Odd",\n  "transitionRoutes": {\n    "intent": "x"\n  }\n}\n',
    });
    const result = await imported(root);
    const p = problem(result, 'bad-shape');
    expect(line(result, p)).toBe(3);
    expect(result.journeys.length).toBe(1);
  });
});

describe('dialogflow-cx conditions', () => {
  const scope: TranslationScope = {
    field: (ref) => ({ name: ref.name.replace(/[-.]/g, '_'), type: ref.name === 'count' || ref.name === 'attempts' ? 'number' : ref.name === 'flag' ? 'boolean' : 'string' }),
    eventField: (name) => name,
    formComplete: true,
  };
  const t = (text: string): string | undefined => {
    const node = parseCondition(text);
    return node ? translate(node, scope)?.text : undefined;
  };
  it('translates what the journey can evaluate', () => {
    expect(t('$session.params.x != null')).toBe('x != null');
    expect(t('$session.params.x = null')).toBe('x == null');
    expect(t('$page.params.status = "FINAL"')).toBe('true');
    expect(t('$page.params.status = FINAL')).toBe('true');
    expect(t('$sys.func.LEN($session.params.code) = 4')).toBe('len(code) == 4');
    expect(t('$flow.attempts >= 2 AND NOT $session.params.flag = true')).toBe('(attempts >= 2 && !(flag == true))');
    expect(t('$session.params.plan = gold OR $session.params.plan = "silver plan"')).toBe("(plan == 'gold' || plan == 'silver plan')");
    expect(t('$session.params.note : "urgent"')).toBe("contains(note, 'urgent')");
    expect(t('$sys.func.LOWER($session.params.x) = "yes"')).toBe("lower(x) == 'yes'");
    expect(t('$session.params.code = 1234')).toBe("code == '1234'");
    expect(t('$session.params.count = "3"')).toBe('count == 3');
    expect(t('$intent.params.amount.resolved > 100')).toBe('event.amount > 100');
    expect(t('$sys.func.ADD($flow.attempts, 1)')).toBe('(attempts + 1)');
    expect(t("$session.params.name = \"O'Brien\"")).toBe("name == 'O\\'Brien'");
    expect(t('true')).toBe('true');
  });
  it('refuses what it cannot', () => {
    expect(t('$request.sentiment.score < -0.5')).toBeUndefined();
    expect(t('$sys.func.FORMAT_DATE($sys.func.NOW(), "H") < "12"')).toBeUndefined();
    expect(t('$session.params.x > "abc"')).toBeUndefined();
    expect(t('$a = 1 AND && AND $b = 2')).toBeUndefined();
    expect(t('$session.params.flag = 3')).toBeUndefined();
    expect(t('$session.params.x = "unterminated')).toBeUndefined();
    expect(t('(((')).toBeUndefined();
    expect(t('$sys.func.RAND() < 0.5')).toBeUndefined();
  });
});

/**
 * Lint findings of the transferring agent: each one true of the bot. Dialogflow's default
 * no-match handlers re-prompt forever and nothing reacts to sentiment; the transfers carry
 * no parameters; import-lossy lists the losses of x-import.
 */
const EXPECTED_REAL: string[] = [
  'default-start-flow.journey.yaml close-the-loop',
  ...Array<string>(5).fill('default-start-flow.journey.yaml frustration-handled'),
  ...Array<string>(3).fill('default-start-flow.journey.yaml handoff-context'),
  ...Array<string>(5).fill('default-start-flow.journey.yaml import-lossy'),
  ...Array<string>(4).fill('default-start-flow.journey.yaml no-match-handled'),
  ...Array<string>(2).fill('lost-card.journey.yaml import-lossy'),
];
/** Lint findings of the message-only agent: no person anywhere, and the words that promise one. */
const EXPECTED_MESSAGE_ONLY: string[] = [
  'default-start-flow.journey.yaml close-the-loop',
  'default-start-flow.journey.yaml fake-offramp',
  'default-start-flow.journey.yaml fake-offramp',
  'default-start-flow.journey.yaml frustration-handled',
  'default-start-flow.journey.yaml frustration-handled',
  'default-start-flow.journey.yaml human-exit',
  'default-start-flow.journey.yaml import-lossy',
  'default-start-flow.journey.yaml no-match-handled',
  'default-start-flow.journey.yaml no-match-handled',
  'default-start-flow.journey.yaml refused-human',
];
