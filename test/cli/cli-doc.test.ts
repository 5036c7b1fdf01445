/**
 * docs/cli.md is the reference of the commands: every command of `journey --help` has
 * a section, every option of `journey <command> --help` is documented in it (and no
 * other), the exit codes are the ones src/cli/exit-codes.ts defines, and the accepted
 * range of every numeric option is the one the CLI says when it refuses a value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { ensureBuilt, journey, ROOT, type Run } from '../support/cli.js';

const DOC = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of docs/cli.md from the heading `## \`journey NAME\`` to the next `## `. */
function section(name: string): string {
  const start = DOC.indexOf(`\n## \`journey ${name}\`\n`);
  expect(start, `docs/cli.md has a section "## \`journey ${name}\`"`).toBeGreaterThan(-1);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end === -1 ? undefined : end);
}

/** The options a help text lists (long form, and the short one when there is one), without --help. */
function optionsOf(help: string): { long: string; short?: string }[] {
  const out: { long: string; short?: string }[] = [];
  for (const m of help.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)) {
    if (m[2] === '--help') continue;
    out.push({ long: m[2] as string, ...(m[1] ? { short: m[1] } : {}) });
  }
  return out;
}

/** The options named in the first column of a section's option tables. */
function documentedOptions(text: string): string[] {
  return [...text.matchAll(/^\| (`-.*?) \|/gm)].flatMap((m) => [...(m[1] as string).matchAll(/(--[\w-]+)/g)].map((o) => o[1] as string));
}

let commands: string[] = [];
const helps = new Map<string, Run>();

beforeAll(async () => {
  ensureBuilt();
  const top = await journey(['--help'], ROOT);
  commands = [...top.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
  const runs = await Promise.all(commands.map((c) => journey([c, '--help'], ROOT)));
  commands.forEach((c, i) => helps.set(c, runs[i] as Run));
});

describe('docs/cli.md', () => {
  it('has a section for every command, and the top lists them all', () => {
    expect(commands).toEqual(['lint', 'rules', 'compile', 'simulate', 'replay', 'personas', 'test', 'play', 'graph', 'report', 'import', 'explain', 'init', 'completion', 'lsp']);
    for (const c of commands) {
      section(c);
      expect(DOC).toContain(`[\`${c}\`](#journey-${c})`);
    }
  });

  it('documents every option of every command in its section, with its short form', () => {
    for (const c of commands) {
      const text = section(c);
      for (const { long, short } of optionsOf(helps.get(c)?.stdout ?? '')) {
        expect(text, `journey ${c} ${long}`).toContain(`\`${short ? `${short}, ` : ''}${long}`);
      }
    }
  });

  it('documents no option a command does not have', () => {
    for (const c of commands) {
      const real = new Set(optionsOf(helps.get(c)?.stdout ?? '').map((o) => o.long));
      for (const option of documentedOptions(section(c))) expect(real.has(option), `journey ${c} ${option}`).toBe(true);
    }
  });

  it('gives the exit codes of src/cli/exit-codes.ts', () => {
    const rows = [...DOC.slice(DOC.indexOf('## Exit codes')).matchAll(/^\| (\d) \| /gm)].map((m) => Number(m[1]));
    expect(rows).toEqual([EXIT.OK, EXIT.FINDINGS, EXIT.USAGE]);
  });

  it('is linked from the README, whose colour line says what the CLI does', () => {
    expect(README).toContain('[docs/cli.md](docs/cli.md)');
    expect(README).toMatch(/--color \/ --no-color +the flag decides; without one, colour is off when NO_COLOR is set \(any non-empty value\)/);
    expect(README).not.toContain('never with NO_COLOR');
  });
});

describe('the numbers table of docs/cli.md', () => {
  /** How to make each option refuse a value. */
  const TRY: Record<string, readonly string[]> = {
    '--runs': ['simulate', 'journeys/lost-card.journey.yaml'],
    '--seed': ['simulate', 'journeys/lost-card.journey.yaml'],
    '--max-configs': ['simulate', 'journeys/lost-card.journey.yaml', '--exhaustive'],
    '--max-turns': ['simulate', 'journeys/lost-card.journey.yaml'],
    '--max-warnings': ['lint'],
    '--max-errors': ['lint'],
    '--concurrency': ['lint'],
    '--min-coverage': ['test'],
  };
  const table = [...DOC.slice(DOC.indexOf('### Numbers')).matchAll(/^\| `(--[\w-]+) <\w+>` \| [^|]+ \| ([^|]+) \| [^|]+ \|$/gm)].map((m) => ({ option: m[1] as string, accepts: (m[2] as string).trim() }));

  it('lists every numeric option', () => {
    expect(table.map((r) => r.option).sort()).toEqual(Object.keys(TRY).sort());
  });

  it('says for each what the CLI says it accepts', async () => {
    const runs = await Promise.all(table.map((r) => journey([...(TRY[r.option] ?? []), r.option, 'x'], ROOT)));
    table.forEach((r, i) => {
      const run = runs[i] as Run;
      expect(run.status, r.option).toBe(2);
      expect(run.stderr, r.option).toBe(`journey: ${r.option} takes ${r.accepts}, got "x".\n`);
    });
  });
});
