import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the pane shows `pattern` (the binary starts in a few hundred ms). */
async function waitFor(session: string, pattern: RegExp, timeout = 10_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let screen = '';
  while (Date.now() < deadline) {
    screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    if (pattern.test(screen)) return screen;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${pattern}; the screen was:\n${screen}`);
}

describe.skipIf(!hasTmux)('journey play in a real pseudo-terminal (tmux, 80x24)', () => {
  // CI=true as CI runners set it: ink would otherwise draw nothing until exit.
  it('walks lost-card to a person, undoes, and saves a transcript on quit, also with CI=true', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-pty-'));
    const session = `journey-play-${process.pid}`;
    const transcript = join(dir, 'walk.json');
    try {
      const command = `cd ${JSON.stringify(ROOT)} && CI=true NO_COLOR=1 node bin/journey.js play journeys/lost-card.journey.yaml --transcript ${JSON.stringify(transcript)}; sleep 5`;
      execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '80', '-y', '24', command]);
      let screen = await waitFor(session, /\[BOT\] greet/);
      expect(screen).toMatch(/a person is 1 turn away/);
      execFileSync('tmux', ['send-keys', '-t', session, 'Enter']);
      screen = await waitFor(session, /\[BOT\] verify/);
      execFileSync('tmux', ['send-keys', '-t', session, 'u']);
      screen = await waitFor(session, /\[BOT\] greet/);
      execFileSync('tmux', ['send-keys', '-t', session, 'h']);
      screen = await waitFor(session, /\[HUMAN\] agent/);
      expect(screen).toMatch(/with a person now/);
      for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      execFileSync('tmux', ['send-keys', '-t', session, 'q']);
      screen = await waitFor(session, /Transcript of lost-card/);
      expect(screen).toMatch(/\[greet\] agent_requested -> agent/);
      for (let i = 0; i < 50 && !existsSync(transcript); i++) await sleep(100);
      const saved = JSON.parse(readFileSync(transcript, 'utf8'));
      expect(saved.tests[0].events).toEqual(['agent_requested']);
      expect(saved.tests[0].expect).toMatchObject({ state: 'agent', human: true });
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
