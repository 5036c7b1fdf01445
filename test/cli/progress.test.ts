/**
 * The progress bar of long `journey simulate` runs: drawn on stderr only when stderr
 * is a terminal, the run is long (20,000 customers or more) and neither CI nor
 * GITHUB_ACTIONS is set; its line is cleared at the end; and the bar's library is
 * loaded only when a bar is drawn. A terminal is provided by util-linux `script`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ensureBuilt, expectCleanStreams, journey, ROOT, type Run } from '../support/cli.js';

const LOST_CARD = 'journeys/lost-card.journey.yaml';
/** What every frame of the bar says. */
const BAR = /\d+% of 20,000 customers/;
// eslint-disable-next-line no-control-regex
const CLEAR_LINE = /\u001b\[2K/;

const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'journey-progress-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `journey simulate` with stderr on a terminal; stdout goes to a file. Returns what the terminal showed and the report. */
function onTerminal(name: string, args: readonly string[], env: Record<string, string> = {}): { status: number | null; terminal: string; report: string } {
  const out = join(work, `${name}.json`);
  const command = [process.execPath, BIN, 'simulate', LOST_CARD, ...args, '--format', 'json'].map(quote).join(' ');
  const run = spawnSync('script', ['-qec', `${command} > ${quote(out)}`, '/dev/null'], { cwd: ROOT, env: cleanEnv(env), encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, terminal: run.stdout, report: readFileSync(out, 'utf8') };
}

describe('the progress bar of journey simulate', () => {
  it('never appears on piped stderr, even for a long run', async () => {
    const run: Run = await journey(['simulate', LOST_CARD, '--runs', '20000'], ROOT);
    expectCleanStreams(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('20,000 simulated customers');
  });

  it.skipIf(!HAS_SCRIPT)('on a terminal: drawn for a long run, then its line is cleared; the report is unchanged', async () => {
    const shown = onTerminal('long', ['--runs', '20000']);
    expect(shown.status).toBe(0);
    expect(shown.terminal).toMatch(BAR);
    // The last thing written clears the bar's line, so what follows starts on an empty line.
    const last = shown.terminal.lastIndexOf('customers');
    expect(shown.terminal.slice(last)).toMatch(CLEAR_LINE);
    const piped = await journey(['simulate', LOST_CARD, '--runs', '20000', '--format', 'json'], ROOT);
    expect(shown.report).toBe(piped.stdout);
  });

  it.skipIf(!HAS_SCRIPT)('on a terminal: not drawn for a short run, nor with CI or GITHUB_ACTIONS set', () => {
    for (const [name, args, env] of [
      ['short', ['--runs', '19999'], {}],
      ['ci', ['--runs', '20000'], { CI: 'true' }],
      ['actions', ['--runs', '20000'], { GITHUB_ACTIONS: 'true' }],
    ] as const) {
      const shown = onTerminal(name, args, env);
      expect(shown.status, name).toBe(0);
      expect(shown.terminal, name).not.toMatch(/% of/);
      expect(shown.terminal, name).toBe('');
    }
  });

  it('the bar library is not loaded when no bar is drawn', () => {
    const hooks = join(work, 'hooks.mjs');
    const register = join(work, 'register.mjs');
    writeFileSync(hooks, `export async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  process.stderr.write('LOADED ' + result.url + '\\n');\n  return result;\n}\n`);
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const run = spawnSync(process.execPath, ['--import', register, BIN, 'simulate', LOST_CARD, '--runs', '20000'], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const loaded = [...run.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1] as string);
    expect(loaded.some((url) => url.includes('/dist/cli-bundle/simulate-'))).toBe(true);
    // The library lives in a chunk of its own (scripts/bundle-cli.js splits lazy imports).
    const chunks = JSON.parse(readFileSync(join(ROOT, 'dist', 'cli-bundle', 'chunks.json'), 'utf8')) as Record<string, string[]>;
    const own = Object.entries(chunks).filter(([, sources]) => sources.some((s) => s.includes('node_modules/cli-progress/'))).map(([file]) => file);
    expect(own.length).toBeGreaterThan(0);
    expect(loaded.filter((url) => own.some((file) => url.endsWith(`/${file}`)) || url.includes('node_modules/cli-progress/'))).toEqual([]);
  });
});
