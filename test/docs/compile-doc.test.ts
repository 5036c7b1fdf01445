import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compileJourney, formatMachine } from '../../src/compile/xstate.js';
import { example } from '../support/engines.js';
import { ROOT } from '../support/lint.js';

it('the bot in docs/compile.md runs the compiled lost-card journey and hands over to a person', async () => {
  const doc = readFileSync(join(ROOT, 'docs', 'compile.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(code).toBeDefined();
  // Inside the package, so that `journeyctl/runtime` resolves to the built runtime.
  const dir = mkdtempSync(join(ROOT, 'test', '.tmp-bot-'));
  try {
    writeFileSync(join(dir, 'bot.mjs'), code as string);
    writeFileSync(join(dir, 'lost-card.machine.json'), formatMachine(compileJourney(await example('lost-card'))));
    const run = spawnSync(process.execPath, [join(dir, 'bot.mjs'), join(dir, 'lost-card.machine.json')], { input: 'lost\nagent please\n', encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("bot> I'm sorry your card is missing.");
    expect(run.stdout).toMatch(/\[handing over to card-services \(cards\) with \{"customer_id":null/);
    expect(run.stderr).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
