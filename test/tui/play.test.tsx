import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { PlayApp } from '../../src/tui/app.js';
import { PlaySession } from '../../src/tui/session.js';
import { transcriptDocument } from '../../src/tui/transcript.js';
import { example } from '../support/engines.js';
import { journeySync, ROOT } from '../support/cli.js';

const AT = Date.parse('2026-12-02T10:00:00Z');
const tick = () => new Promise((r) => setTimeout(r, 30));
const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', tab: '\t', escape: '\u001B', backspace: '\u007F' };

async function app(engine: 'interpreter' | 'xstate' = 'interpreter') {
  const session = await PlaySession.open(await example('lost-card'), engine, AT);
  let done: string | undefined;
  const ui = render(<PlayApp session={session} plain width={80} onDone={(r) => void (done = r)} />);
  await tick();
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k);
      await tick();
    }
  };
  return { session, ui, press, done: () => done };
}

describe('journey play (ink)', () => {
  for (const engine of ['interpreter', 'xstate'] as const) {
    it(`${engine}: shows the title, badge, what is said, context, events and the distance to a person`, async () => {
      const { ui } = await app(engine);
      const frame = ui.lastFrame() ?? '';
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
    const { ui, press, session } = await app();
    await press(KEY.down, KEY.enter);
    expect(session.view().state).toBe('verify'); // "stolen" also goes to verify
    expect(session.observe().context.report_type).toBe('stolen');
    expect(ui.lastFrame()).toMatch(/\[BOT\] verify/);
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
    const { press, session, ui } = await app();
    await press('f', KEY.enter);
    expect(ui.lastFrame()).toMatch(/t let 5m pass/);
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

  it('fits 80 columns and 24 rows on every screen of a walk', async () => {
    const { press, ui } = await app();
    const frames: string[] = [ui.lastFrame() ?? ''];
    for (const step of [KEY.enter, KEY.enter, KEY.enter, KEY.tab]) {
      await press(step);
      frames.push(ui.lastFrame() ?? '');
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

describe('journey play (CLI)', () => {
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
