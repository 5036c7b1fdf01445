import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { PlayApp } from '../../src/tui/app.js';
import { PlaySession } from '../../src/tui/session.js';
import { FEEDBACK_QUESTION, transcriptDocument, transcriptMarkdown, transcriptText } from '../../src/tui/transcript.js';
import { example } from '../support/engines.js';
import { journeySync, ROOT } from '../support/cli.js';

const AT = Date.parse('2026-12-02T10:00:00Z');
const tick = () => new Promise((r) => setTimeout(r, 30));
const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', tab: '\t', escape: '\u001B', backspace: '\u007F' };

async function app(engine: 'interpreter' | 'xstate' = 'interpreter', journey = 'lost-card') {
  const session = await PlaySession.open(await example(journey), engine, AT);
  let done: string | undefined;
  const ui = render(<PlayApp session={session} plain width={80} onDone={(r) => void (done = r)} />);
  await tick();
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      const before = ui.frames.length;
      ui.stdin.write(k);
      // The next key must see this one's state: on a busy machine a render can take longer
      // than a tick, so wait for it (a key that changes nothing on screen waits ~3 s at most).
      for (let i = 0; i < 100 && ui.frames.length === before && done === undefined; i++) await tick();
      await tick();
    }
  };
  // With CI set, ink writes one more frame, a bare newline, as the app exits: the screen
  // the customer last saw is the last frame with something on it.
  const screen = (): string => [...ui.frames].reverse().find((f) => f.trim() !== '') ?? '';
  return { session, ui, press, screen, done: () => done };
}

describe('journey play (ink)', () => {
  for (const engine of ['interpreter', 'xstate'] as const) {
    it(`${engine}: shows the title, badge, what is said, context, events and the distance to a person`, async () => {
      const { ui, screen } = await app(engine);
      const frame = screen();
      expect(frame).toMatch(/Report a lost or stolen card · urgent · lost-card/);
      expect(frame).toMatch(/\[BOT\] greet/);
      expect(frame).toMatch(/turn 0 · a person is 1 turn away/);
      expect(frame).toMatch(/Bot: I'm sorry your card is missing/);
      expect(frame).toMatch(/context: customer_id=—/);
      expect(frame).toMatch(/> lost/);
      expect(frame).toMatch(/no_match/);
      expect(frame).toMatch(/h ask for a person \(agent_requested\)/);
      ui.unmount();
    });
  }

  it('arrow keys and Enter send the selected event; typing filters; u undoes; r restarts', async () => {
    const { ui, press, session, screen } = await app();
    await press(KEY.down, KEY.enter);
    expect(session.view().state).toBe('verify'); // "stolen" also goes to verify
    expect(session.observe().context.report_type).toBe('stolen');
    expect(screen()).toMatch(/\[BOT\] verify/);
    await press('u');
    expect(session.view().state).toBe('greet');
    expect(session.turns).toHaveLength(0);
    await press('f', KEY.enter);
    expect(session.view().state).toBe('card_found');
    await press('r');
    expect(session.view().state).toBe('greet');
    ui.unmount();
  });

  it('h takes the journey-wide offramp, t lets the next timeout pass, Tab reaches the signals', async () => {
    const { press, session, ui, screen } = await app();
    await press('f', KEY.enter);
    expect(screen()).toMatch(/t let 5m pass/);
    await press('t');
    expect(session.observe().state).toBe('done');
    const second = await app();
    await second.press(KEY.tab, KEY.enter, KEY.tab, KEY.enter);
    expect(second.session.turns.map((t) => t.input)).toEqual(['no_match', 'lost']);
    await second.press('h');
    expect(second.session.view().badge).toBe('HUMAN');
    expect(second.session.view().personTurns).toBe(0);
    ui.unmount();
    second.ui.unmount();
  });

  it('an end state ends the walk; q quits', async () => {
    const { press, done, ui } = await app();
    await press('f', KEY.enter, 't');
    expect(done()).toBe('ended');
    ui.unmount();
    const other = await app();
    await other.press('q');
    expect(other.done()).toBe('quit');
    other.ui.unmount();
  });

  for (const engine of ['interpreter', 'xstate'] as const) {
    it(`${engine}: an end state that asks for feedback shows its own line, then the feedback question, and never "(nothing said)"`, async () => {
      // cancellation's "kept" says something and asks for feedback; lost-card's "done" only asks.
      const kept = await app(engine, 'cancellation');
      await kept.press('n', KEY.enter);
      expect(kept.session.view().state).toBe('kept');
      expect(kept.done()).toBe('ended');
      const frame = kept.screen();
      expect(frame).toMatch(/\[END\] kept/);
      const own = frame.indexOf('Bot: Thanks for staying with us.');
      const question = frame.indexOf(`Bot: ${FEEDBACK_QUESTION}`);
      expect(own).toBeGreaterThan(-1);
      expect(question).toBeGreaterThan(own);
      expect(frame).not.toMatch(/nothing said/);
      kept.ui.unmount();
      const done = await app(engine);
      await done.press('f', KEY.enter, KEY.enter);
      expect(done.session.view().state).toBe('done');
      const last = done.screen();
      expect(last).toMatch(/\[END\] done/);
      expect(last).toContain(`Bot: ${FEEDBACK_QUESTION}`);
      expect(last).not.toMatch(/nothing said/);
      expect(last.match(/^(Bot|Person):/gm)).toHaveLength(1);
      done.ui.unmount();
    });

    it(`${engine}: in a human state the hand-off line is the bot's, then a person from the queue takes over`, async () => {
      // lost-card's agent can hand back (it has \`on\`); fraud_team ends the walk.
      const agent = await app(engine);
      await agent.press('h');
      let frame = agent.screen();
      expect(frame).toMatch(/\[HUMAN\] agent/);
      expect(frame).toMatch(/^Bot: I'm connecting you to someone from our card team\./m);
      expect(frame).not.toMatch(/^Person: I'm/m);
      expect(frame.indexOf('Person: (an agent from card-services takes over)')).toBeGreaterThan(frame.indexOf("Bot: I'm connecting"));
      expect(frame).toMatch(/> resolved/);
      agent.ui.unmount();
      const fraud = await app(engine);
      await fraud.press(KEY.enter, 'f', 'a', KEY.enter, 'f', 'a', KEY.enter, 'f', 'a', KEY.enter);
      expect(fraud.session.view().state).toBe('fraud_team');
      expect(fraud.done()).toBe('ended');
      frame = fraud.screen();
      expect(frame).toMatch(/^Bot: I'm passing you to our fraud team now\./m);
      expect(frame).toMatch(/^Person: \(an agent from card-fraud takes over\)$/m);
      fraud.ui.unmount();
      const retention = await app(engine, 'cancellation');
      await retention.press('/', 't', 'a', KEY.enter);
      frame = retention.screen();
      expect(frame).toMatch(/\[HUMAN\] retention_team/);
      expect(frame).toMatch(/^Bot: I'm connecting you to our retention team\./m);
      expect(frame).toMatch(/^Person: \(an agent from retention takes over\)$/m);
      retention.ui.unmount();
    });
  }

  for (const engine of ['interpreter', 'xstate'] as const) {
    it(`${engine}: a called journey's step is named in its journey, and a failed transfer can be tried from a person with a fallback`, async () => {
      const walk = await app(engine, 'address-change');
      let frame = walk.screen();
      expect(frame).toMatch(/^\[BOT\] send_code in identity-check/m);
      expect(frame).not.toMatch(/unavailable/);
      await walk.press('h');
      frame = walk.screen();
      expect(frame).toMatch(/^\[HUMAN\] account_team/m);
      // The host's `unavailable` is among the signals (Tab), and sends the customer to the fallback.
      await walk.press(KEY.tab);
      expect(walk.screen()).toMatch(/^\s+unavailable$/m);
      expect(walk.session.view().signals).toEqual(['no_match', 'no_input', 'frustrated', 'unavailable']);
      walk.session.event('unavailable');
      expect(walk.session.view().state).toBe('offer_callback');
      expect(walk.session.view().handedOff).toBe(false);
      walk.ui.unmount();
    });
  }

  it('fits 80 columns and 24 rows on every screen of a walk', async () => {
    const { press, ui, screen } = await app();
    const frames: string[] = [screen()];
    for (const step of [KEY.enter, KEY.enter, KEY.enter, KEY.tab]) {
      await press(step);
      frames.push(screen());
    }
    // The screens with the extra line: a person who can hand back (lists still shown), and an end.
    for (const keys of [['h'], ['h', KEY.enter], ['f', KEY.enter, KEY.enter]]) {
      const walk = await app();
      await walk.press(...keys);
      frames.push(walk.screen());
      walk.ui.unmount();
    }
    for (const f of frames) {
      const lines = f.split('\n');
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    }
    ui.unmount();
  });

  it('a saved transcript replays as a scenario test that passes', async () => {
    const session = await PlaySession.open(await example('lost-card'), 'interpreter', AT);
    for (const e of ['lost', 'verified', 'card_selected', 'frozen', 'yes']) session.event(e);
    const dir = mkdtempSync(join(tmpdir(), 'journey-play-'));
    try {
      copyFileSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), join(dir, 'lost-card.journey.yaml'));
      writeFileSync(join(dir, 'lost-card.test.yaml'), transcriptDocument(session, 'walked by hand', 'yaml'));
      const run = journeySync(['test', dir], ROOT);
      expect(run.stdout).toMatch(/✔ walked by hand/);
      expect(run.status, run.stdout + run.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('journey play transcripts', () => {
  it('text and Markdown give the hand-off line to the bot, then the person taking over, and end with the feedback question', async () => {
    const session = await PlaySession.open(await example('lost-card'), 'interpreter', AT);
    for (const e of ['agent_requested', 'not_an_event', 'resolved']) session.event(e);
    const text = transcriptText(session);
    expect(text).toContain(
      [
        '  1. [greet] agent_requested -> agent',
        "      bot: I'm connecting you to someone from our card team. They can see everything so far.",
        '      person: (an agent from card-services takes over)',
        '  2. [agent] not_an_event -> agent',
        '  3. [agent] resolved -> done',
        `      bot: ${FEEDBACK_QUESTION}`,
        '',
        'Outcome: resolved',
      ].join('\n'),
    );
    expect(text).not.toMatch(/person: I'm/);
    expect(text.match(/takes over/g)).toHaveLength(1);
    const md = transcriptMarkdown(session, 'walked');
    expect(md).toContain("| 1 | greet | agent_requested | I'm connecting you to someone from our card team. They can see everything so far.<br>*person:* (an agent from card-services takes over) | agent |");
    expect(md).toContain('| 2 | agent | not_an_event | — | agent |');
    expect(md).toContain(`| 3 | agent | resolved | ${FEEDBACK_QUESTION} | done |`);
  });

  it("an end state's own line comes first; the saved scenario records the queue and the feedback, and still replays", async () => {
    const session = await PlaySession.open(await example('cancellation'), 'interpreter', AT);
    session.event('never_mind');
    expect(transcriptText(session)).toContain(['  1. [greet] never_mind -> kept', '      bot: Thanks for staying with us. Your subscription carries on as before.', `      bot: ${FEEDBACK_QUESTION}`].join('\n'));
    const lost = await PlaySession.open(await example('lost-card'), 'interpreter', AT);
    for (const e of ['agent_requested', 'resolved']) lost.event(e);
    const doc = transcriptDocument(lost, 'handed back', 'json');
    const transcript = JSON.parse(doc)['x-transcript'];
    expect(transcript[0]).toMatchObject({ to: 'agent', queue: 'card-services' });
    expect(transcript[0].asks_feedback).toBeUndefined();
    expect(transcript[1]).toMatchObject({ to: 'done', asks_feedback: true });
    expect(transcript[1].queue).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'journey-play-'));
    try {
      copyFileSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), join(dir, 'lost-card.journey.yaml'));
      writeFileSync(join(dir, 'lost-card.test.yaml'), transcriptDocument(lost, 'handed back', 'yaml'));
      const run = journeySync(['test', dir], ROOT);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/✔ handed back/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('journey play (CLI)', () => {
  it('--events at an end that asks for feedback and at a person: the screen and the transcript say so', () => {
    const end = journeySync(['play', 'journeys/cancellation.journey.yaml', '--events', 'never_mind'], ROOT, { env: { NO_COLOR: '1' } });
    expect(end.status, end.stderr).toBe(0);
    expect(end.stdout).toMatch(new RegExp(`^Bot: Thanks for staying with us\\. Your subscription carries on as before\\.\\nBot: How did we do\\? \\(the journey asks for feedback here\\)$`, 'm'));
    expect(end.stdout).toMatch(/^ {6}bot: How did we do\?/m);
    expect(end.stdout).not.toMatch(/nothing said/);
    const human = journeySync(['play', 'journeys/lost-card.journey.yaml', '--events', 'agent_requested'], ROOT, { env: { NO_COLOR: '1' } });
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^Bot: I'm connecting you to someone from our card team\./m);
    expect(human.stdout).toMatch(/^Person: \(an agent from card-services takes over\)$/m);
    expect(human.stdout).toMatch(/^ {6}bot: I'm connecting you/m);
    expect(human.stdout).toMatch(/^ {6}person: \(an agent from card-services takes over\)$/m);
    expect(human.stdout).not.toMatch(/^(Person|\s+person): I'm/m);
  });

  it('--events replays and prints the final screen and the transcript, in plain text without colour', () => {
    const run = journeySync(['play', 'journeys/lost-card.journey.yaml', '--events', 'lost,verified', '--engine', 'xstate'], ROOT, { env: { NO_COLOR: '1' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\[BOT\] choose_card/);
    expect(run.stdout).toMatch(/compiled machine \(XState\)/);
    expect(run.stdout).toMatch(/2\. \[verify\] verified -> choose_card/);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('refuses without a terminal, pointing to journey test and journey simulate', () => {
    const run = journeySync(['play', 'journeys/lost-card.journey.yaml'], ROOT, { input: '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/journey test/);
    expect(run.stderr).toMatch(/journey simulate/);
  });

  it('saves a Markdown transcript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-play-'));
    try {
      const run = journeySync(['play', 'journeys/lost-card.journey.yaml', '--events', 'found_it,thanks', '--transcript', join(dir, 't.md')], ROOT);
      expect(run.status, run.stderr).toBe(0);
      const md = readFileSync(join(dir, 't.md'), 'utf8');
      expect(md).toMatch(/\| 1 \| greet \| found_it \|/);
      expect(md).toMatch(/\*\*Outcome:\*\* resolved/);
      expect(md).toMatch(/```yaml\n- name: played lost-card/);
      expect(journeySync(['play', 'journeys/lost-card.journey.yaml', '--events', 'lost', '--transcript', join(dir, 't.txt')], ROOT).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
