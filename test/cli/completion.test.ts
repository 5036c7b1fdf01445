/**
 * `journey completion bash|zsh|fish` through the real binary: the bash script is sourced in a real
 * bash with COMP_WORDS / COMP_CWORD set and its replies read; fish answers `complete -C`; zsh and
 * fish scripts pass their shell's syntax check. Shells that are not installed are skipped, saying so.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../../src/compile/emit.js';
import { FORMAT_NAMES } from '../../src/format/index.js';
import { PLATFORMS } from '../../src/import/types.js';
import { RULE_IDS } from '../../src/rules/index.js';
import { ensureBuilt, expectNoCrash, journey, tempDir } from '../support/cli.js';

/** True when `shell` runs here. */
function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
}

let scripts: Record<'bash' | 'zsh' | 'fish', string>;
let work: string;

beforeAll(async () => {
  ensureBuilt();
  work = tempDir('completion');
  const runs = await Promise.all((['bash', 'zsh', 'fish'] as const).map((s) => journey(['completion', s], work)));
  for (const run of runs) {
    expectNoCrash(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  }
  scripts = { bash: runs[0]!.stdout, zsh: runs[1]!.stdout, fish: runs[2]!.stdout };
  writeFileSync(join(work, 'journey.bash'), scripts.bash);
  writeFileSync(join(work, 'journey.zsh'), scripts.zsh);
  writeFileSync(join(work, 'journey.fish'), scripts.fish);
  mkdirSync(join(work, 'journeys'));
  writeFileSync(join(work, 'journeys', 'lost-card.journey.yaml'), 'journey: lost-card\n');
}, 120_000);

/** What the bash script replies for the words typed so far (the last one being completed). */
function bash(words: readonly string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const run = spawnSync('bash', ['--norc', '--noprofile', '-c', `source journey.bash; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _journey_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    cwd: work,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter((l) => l !== '');
}

describe.runIf(has('bash'))('bash completion, sourced in bash', () => {
  it('completes commands, options and their values', () => {
    expect(bash(['journey', 'li'])).toEqual(['lint']);
    expect(bash(['journey', 'lint', '--fo'])).toEqual(['--format']);
    expect(bash(['journey', 'lint', '-f', ''])).toEqual([...FORMAT_NAMES]);
    expect(bash(['journey', 'lint', '--fix-type', 'p'])).toEqual(['problem']);
    expect(bash(['journey', 'compile', '-t', ''])).toEqual([...TARGETS]);
    expect(bash(['journey', 'co'])).toEqual(['compile', 'completion']);
    expect(bash(['journey', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('completes rule ids, platforms, and files where a command takes paths', () => {
    expect(bash(['journey', 'explain', ''])).toEqual([...RULE_IDS]);
    expect(bash(['journey', 'explain', 'human-e'])).toEqual(['human-exit', 'human-exit-proved']);
    expect(bash(['journey', 'import', ''])).toEqual([...PLATFORMS]);
    // The second argument of import is the export's path; an option's value is not counted as an argument.
    expect(bash(['journey', 'import', '-o', 'out', 'rasa', 'journeys'])).toEqual(['journeys']);
    expect(bash(['journey', 'lint', '--quiet', 'journeys/'])).toEqual(['journeys/lost-card.journey.yaml']);
    // A number is nobody's guess: nothing is offered, not the folder's files.
    expect(bash(['journey', 'lint', '--max-warnings', ''])).toEqual([]);
  });

  it('offers every option of every command the program has (read from its help)', async () => {
    const help = await journey(['test', '--help'], work);
    const options = [...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1] as string);
    expect(options).toContain('--watch');
    expect(bash(['journey', 'test', '--']).sort()).toEqual(options.sort());
  });
});

describe('journey completion refusals', () => {
  it('an unknown shell is bad usage (exit 2), naming the shells there are', async () => {
    const run = await journey(['completion', 'csh'], work);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('journey: unknown shell "csh"; use bash, zsh, fish.\n');
    expect(run.stdout).toBe('');
  });
});

describe('zsh completion', () => {
  it.runIf(has('zsh'))('passes zsh -n and registers _journey with compinit', () => {
    const syntax = spawnSync('zsh', ['-n', 'journey.zsh'], { cwd: work, encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
    const loaded = spawnSync('zsh', ['-f', '-c', 'autoload -U compinit; compinit -u -D; source journey.zsh; print -r -- $_comps[journey]'], { cwd: work, encoding: 'utf8' });
    expect(loaded.stdout.trim()).toBe('_journey');
    expect(scripts.zsh).toContain(`(${FORMAT_NAMES.join(' ')})`);
  });
  it.skipIf(has('zsh'))('is skipped: zsh is not installed here', () => {});
});

describe('fish completion', () => {
  it.runIf(has('fish'))('passes fish -n and answers complete -C like bash', () => {
    const syntax = spawnSync('fish', ['-n', 'journey.fish'], { cwd: work, encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
    const ask = (line: string): string[] => {
      const run = spawnSync('fish', ['--no-config', '-c', `source journey.fish; complete -C '${line}'`], { cwd: work, encoding: 'utf8' });
      return run.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] as string);
    };
    expect(ask('journey li')).toEqual(['lint']);
    expect(ask('journey lint --fo')).toEqual(['--format']);
    expect(ask('journey lint -f ').sort()).toEqual([...FORMAT_NAMES].sort());
  });
  it.skipIf(has('fish'))('is skipped: fish is not installed here', () => {});
});
