import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJourney } from '../../bench/generate.js';
import { expectNoCrash, journeySync, ROOT, STACK, type RunOptions } from '../support/cli.js';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'journey-hostile-'));
  chmodSync(work, 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the binary in the work folder; it must end by itself without a stack trace. */
function journey(args: string[], options: RunOptions = {}) {
  const run = journeySync(args, work, { timeout: 60_000, ...options });
  expectNoCrash(run);
  return run;
}

/** Makes a copied tree readable by everyone. */
function chmodTree(path: string): void {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chmodTree(child);
    else chmodSync(child, 0o644);
  }
}

function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}

describe('hostile files', () => {
  it('an alias bomb fails fast with one positioned finding', () => {
    const dir = folder('bomb');
    let bomb = 'journey: bomb\ntitle: t\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    writeFileSync(join(dir, 'bomb.journey.yaml'), bomb);
    const run = journey(['lint', dir, '--format', 'json']);
    expect(run.status).toBe(1);
    const [file] = JSON.parse(run.stdout);
    expect(file.messages.map((m: { ruleId: string; fatal?: boolean }) => [m.ruleId, m.fatal])).toEqual([['syntax', true]]);
    expect(file.messages[0].line).toBeGreaterThan(1);
  });

  it('a 50 MB file is refused with a clear message; the limit can be raised', () => {
    const dir = folder('huge');
    const head = generateJourney(1, 8);
    writeFileSync(join(dir, 'huge.journey.yaml'), `${head}${'# padding to make the file very large\n'.repeat(Math.ceil((50 * 1024 * 1024) / 38))}`);
    const refused = journey(['lint', dir]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/huge\.journey\.yaml:1:1: error: File is 50\.0 MiB, over the 2\.0 MiB limit for one journey\. \[syntax\]/);
    expect(refused.stdout).toMatch(/--max-file-size/);
    // Raising the limit lets a large file through (a 3 MB one here, to keep the test quick).
    const medium = folder('medium');
    writeFileSync(join(medium, 'medium.journey.yaml'), `${head}${'# padding\n'.repeat(Math.ceil((3 * 1024 * 1024) / 10))}`);
    expect(journey(['lint', medium]).status).toBe(1);
    const raised = journey(['lint', medium, '--max-file-size', '4MB']);
    expect(raised.status, raised.stdout).toBe(0);
  });

  it('a 2,000-state journey lints clean (npm run stress measures 100,000 states)', () => {
    const dir = folder('large');
    writeFileSync(join(dir, 'large.journey.yaml'), generateJourney(2, 2_000));
    const run = journey(['lint', dir, '--max-file-size', '32MB']);
    expect(run.status, run.stdout.slice(0, 500)).toBe(0);
  });

  it('binary, UTF-16 and invalid UTF-8 files get one finding each; the other files are still linted', () => {
    const dir = folder('encodings');
    writeFileSync(join(dir, 'binary.journey.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'utf16.journey.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('journey: x\n', 'utf16le')]));
    writeFileSync(join(dir, 'latin1.journey.yaml'), Buffer.from('journey: caf\xe9\n', 'latin1'));
    copyFileSync(join(ROOT, 'journeys', 'signup.journey.yaml'), join(dir, 'signup.journey.yaml'));
    const run = journey(['lint', dir, '--format', 'json']);
    expect(run.status).toBe(1);
    const byFile = new Map(JSON.parse(run.stdout).map((f: { filePath: string; messages: { ruleId: string; messageId?: string }[] }) => [f.filePath.split('/').pop(), f.messages]));
    expect(byFile.get('binary.journey.yaml')).toMatchObject([{ ruleId: 'syntax', messageId: 'binary' }]);
    expect(byFile.get('utf16.journey.yaml')).toMatchObject([{ ruleId: 'syntax', messageId: 'encoding' }]);
    expect(byFile.get('latin1.journey.yaml')).toMatchObject([{ ruleId: 'syntax', messageId: 'encoding' }]);
    expect(byFile.get('signup.journey.yaml')).toEqual([]);
  });

  it('symlink loops in input folders end, and files behind links are linted once', () => {
    const dir = folder('loops');
    const inner = folder('loops/inner');
    copyFileSync(join(ROOT, 'journeys', 'signup.journey.yaml'), join(inner, 'signup.journey.yaml'));
    symlinkSync(dir, join(inner, 'back-to-top'));
    symlinkSync(inner, join(dir, 'again'));
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
    const run = journey(['lint', dir, '--format', 'json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(1);
  });

  it('an unreadable file gets one clear finding (permission denied), and the other files are still linted', () => {
    const dir = folder('perms');
    copyFileSync(join(ROOT, 'journeys', 'signup.journey.yaml'), join(dir, 'readable.journey.yaml'));
    copyFileSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), join(dir, 'secret.journey.yaml'));
    chmodSync(join(dir, 'readable.journey.yaml'), 0o644);
    chmodSync(join(dir, 'secret.journey.yaml'), 0o000);
    // Root reads anything: run as an unprivileged user then, from a copy of the CLI it can read
    // (the checkout may sit in a folder only root can enter; the bundled CLI needs nothing else to lint).
    let run;
    if (process.getuid?.() === 0) {
      const cli = folder('cli-copy');
      cpSync(join(ROOT, 'bin'), join(cli, 'bin'), { recursive: true });
      cpSync(join(ROOT, 'dist', 'cli-bundle'), join(cli, 'dist', 'cli-bundle'), { recursive: true });
      copyFileSync(join(ROOT, 'package.json'), join(cli, 'package.json'));
      chmodTree(cli);
      const result = spawnSync(process.execPath, [join(cli, 'bin', 'journey.js'), 'lint', dir, '--format', 'json'], {
        cwd: work,
        encoding: 'utf8',
        uid: 65534,
        gid: 65534,
        env: { PATH: process.env.PATH ?? '', HOME: work },
      });
      expect(result.stderr).not.toMatch(STACK);
      run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
    } else {
      run = journey(['lint', dir, '--format', 'json']);
    }
    expect(run.status, run.stderr).toBe(1);
    const files = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; messageId?: string; message: string; line: number }[] }[];
    const secret = files.find((f) => f.filePath.endsWith('secret.journey.yaml'));
    expect(secret?.messages).toEqual([expect.objectContaining({ ruleId: 'syntax', messageId: 'read-failed', line: 1, message: 'Cannot read file: permission denied.' })]);
    expect(files.find((f) => f.filePath.endsWith('readable.journey.yaml'))?.messages).toEqual([]);
  });
});

describe('safe writes', () => {
  it('a process killed in the middle of writing leaves the old file intact; the next write clears what it left', () => {
    const dir = folder('writes');
    const out = folder('writes/out');
    copyFileSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), join(dir, 'lost-card.journey.yaml'));
    expect(journey(['compile', join(dir, 'lost-card.journey.yaml'), '--out', out]).status).toBe(0);
    const before = readFileSync(join(out, 'lost-card.machine.json'), 'utf8');
    writeFileSync(join(dir, 'lost-card.journey.yaml'), readFileSync(join(dir, 'lost-card.journey.yaml'), 'utf8').replace('I can freeze it right now', 'I can freeze it at once'));
    const killed = journeySync(['compile', join(dir, 'lost-card.journey.yaml'), '--out', out], work, { env: { JOURNEY_TEST_CRASH_DURING_WRITE: 'lost-card.machine.json' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readFileSync(join(out, 'lost-card.machine.json'), 'utf8')).toBe(before);
    // Half of the new text reached only a hidden temporary file beside it.
    const [left, ...others] = readdirSync(out).filter((f) => f.endsWith('.tmp'));
    expect(left).toMatch(/^\.lost-card\.machine\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(others).toEqual([]);
    // The next write of that file removes what the killed process left once it is over a minute old;
    // it leaves a fresh one (a write in progress elsewhere) and one of a process that still runs.
    const minutesAgo = new Date(Date.now() - 2 * 60_000);
    utimesSync(join(out, left as string), minutesAgo, minutesAgo);
    const deadPid = (left as string).split('.').at(-3);
    const fresh = `.lost-card.machine.json.${deadPid}.0000abcd.tmp`;
    const live = `.lost-card.machine.json.${process.pid}.0000dcba.tmp`;
    writeFileSync(join(out, fresh), 'half');
    writeFileSync(join(out, live), 'half');
    utimesSync(join(out, live), minutesAgo, minutesAgo);
    expect(journey(['compile', join(dir, 'lost-card.journey.yaml'), '--out', out]).status).toBe(0);
    expect(readFileSync(join(out, 'lost-card.machine.json'), 'utf8')).toContain('I can freeze it at once');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp')).sort()).toEqual([fresh, live].sort());
  });

  it('reports, transcripts and the baseline are written the same way (no partial file on a crash)', () => {
    const dir = folder('writes2');
    copyFileSync(join(ROOT, 'journeys', 'signup.journey.yaml'), join(dir, 'signup.journey.yaml'));
    writeFileSync(join(dir, 'report.md'), 'old report\n');
    const killed = journeySync(['report', dir, '--runs', '100', '--output', join(dir, 'report.md')], work, { env: { JOURNEY_TEST_CRASH_DURING_WRITE: 'report.md' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('old report\n');
    const transcript = join(dir, 'walk.yaml');
    writeFileSync(transcript, 'old: transcript\n');
    const t = journeySync(['play', join(dir, 'signup.journey.yaml'), '--events', 'start', '--transcript', transcript], work, { env: { JOURNEY_TEST_CRASH_DURING_WRITE: 'walk.yaml' } });
    expect(t.signal).toBe('SIGKILL');
    expect(readFileSync(transcript, 'utf8')).toBe('old: transcript\n');
    expect(existsSync(join(dir, 'journey-baseline.json'))).toBe(false);
    const b = journeySync(['lint', dir, '--baseline-write'], dir, { env: { JOURNEY_TEST_CRASH_DURING_WRITE: 'journey-baseline.json' } });
    expect(b.signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'journey-baseline.json'))).toBe(false);
  });
});
