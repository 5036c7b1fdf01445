import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A private tmux server, so that a server already running on the machine (and its environment) plays no part. */
const SOCKET = `journey-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });

/** Waits until the pane shows `pattern` (the binary starts in a few hundred ms). */
async function waitFor(session: string, pattern: RegExp, timeout = 10_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let screen = '';
  while (Date.now() < deadline) {
    screen = tmux('capture-pane', '-p', '-t', session);
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
      tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', command);
      let screen = await waitFor(session, /\[BOT\] greet/);
      expect(screen).toMatch(/a person is 1 turn away/);
      tmux('send-keys', '-t', session, 'Enter');
      screen = await waitFor(session, /\[BOT\] verify/);
      tmux('send-keys', '-t', session, 'u');
      screen = await waitFor(session, /\[BOT\] greet/);
      tmux('send-keys', '-t', session, 'h');
      screen = await waitFor(session, /\[HUMAN\] agent/);
      expect(screen).toMatch(/with a person now/);
      for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      tmux('send-keys', '-t', session, 'q');
      screen = await waitFor(session, /Transcript of lost-card/);
      expect(screen).toMatch(/\[greet\] agent_requested -> agent/);
      for (let i = 0; i < 50 && !existsSync(transcript); i++) await sleep(100);
      const saved = JSON.parse(readFileSync(transcript, 'utf8'));
      expect(saved.tests[0].events).toEqual(['agent_requested']);
      expect(saved.tests[0].expect).toMatchObject({ state: 'agent', human: true });
    } finally {
      spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a closed terminal ends the walk: the process exits and the transcript so far is saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-pty-'));
    const session = `journey-hangup-${process.pid}`;
    const transcript = join(dir, 'walk.json');
    const pidFile = join(dir, 'pid');
    try {
      const command = `echo $$ > ${JSON.stringify(pidFile)}; cd ${JSON.stringify(ROOT)} && exec node bin/journey.js play journeys/lost-card.journey.yaml --transcript ${JSON.stringify(transcript)}`;
      tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', command);
      await waitFor(session, /\[BOT\] greet|BOT +greet/);
      tmux('send-keys', '-t', session, 'Enter');
      await waitFor(session, /verify/);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
      const running = () => {
        try {
          return process.kill(pid, 0);
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 100 && running(); i++) await sleep(100);
      expect(running(), 'journey play still runs after its terminal closed').toBe(false);
      const saved = JSON.parse(readFileSync(transcript, 'utf8'));
      expect(saved.tests[0].events).toEqual(['lost']);
      expect(saved.tests[0].expect).toMatchObject({ state: 'verify' });
    } finally {
      spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
