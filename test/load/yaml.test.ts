import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/diagnostics/located.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYaml } from '../../src/load/yaml.js';
import { lintYaml, ROOT } from '../support/lint.js';
import { LOST_CARD, mutate, positionOf, structural, where } from './helpers.js';

/** A hang guard only: the real cost is a few milliseconds; this catches exponential blow-ups, not slowness. */
const HANG_GUARD_MS = 2000;

/** Nine anchors, each a list of nine aliases of the previous one: 9^9 (387 million) nodes if expanded. */
const BILLION_LAUGHS = (() => {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let previous = 'a';
  for (const name of 'bcdefghi') {
    text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
    previous = name;
  }
  return text;
})();

/** Parses with the loader alone and returns its findings with display positions. */
function load(text: string) {
  const parsed = parseYaml(text, DEFAULT_LIMITS);
  return { ...parsed, located: locate(text, parsed.diagnostics) };
}

describe('YAML syntax', () => {
  it('reports a syntax error as one fatal `syntax` finding with code yaml-syntax, at its cause', async () => {
    const text = 'journey: a\ntitle: [unclosed\nstart: x\n';
    const findings = await lintYaml(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'syntax', code: 'yaml-syntax', fatal: true, severity: 'error' });
    // The parser notices on line 3, where the list runs into `start`; the caret goes under the `[` that is never closed.
    expect(where(findings[0]!)).toEqual({ ruleId: 'syntax', code: 'yaml-syntax', line: 2, column: 8 });
  });

  it('reports a syntax error inside the example journey on its own line', async () => {
    const text = mutate(LOST_CARD, '      accept: done', '      accept: done: now');
    const findings = await lintYaml(text);
    // One finding, under the second key that the one-line value would start.
    expect(structural(findings)).toEqual([{ ruleId: 'syntax', code: 'yaml-syntax', ...positionOf(text, 'done: now') }]);
    expect(findings[0]!.fatal).toBe(true);
  });

  it('reports a duplicate key at the second occurrence', async () => {
    const text = 'journey: a\ntitle: t\njourney: b\n';
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'duplicate-key', line: 3, column: 1 }]);
  });

  it('reports a duplicate state id at the second key, nested in the example', async () => {
    const text = mutate(LOST_CARD, '  callback:\n', '  done:\n    type: end\n    outcome: resolved\n  callback:\n');
    const second = positionOf(text, '  done:', '  callback:');
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'duplicate-key', line: second.line, column: 3 }]);
  });

  it('reports tabs used as indentation as a syntax error on the tab line', async () => {
    const text = mutate(LOST_CARD, '  callback:\n    type: end\n', '  callback:\n\ttype: end\n');
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'yaml-syntax', ...positionOf(text, '\ttype: end') }]);
  });

  it('accepts a tab that separates a key from its value (not indentation)', async () => {
    const text = mutate(LOST_CARD, '    say: Shall I send', '    say:\tShall I send');
    expect(await lintYaml(text)).toEqual([]);
  });
});

describe('alias bombs', () => {
  it('stops a billion-laughs document with code alias-limit, without hanging', async () => {
    const started = performance.now();
    const findings = await lintYaml(BILLION_LAUGHS);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(HANG_GUARD_MS);
    expect(findings).toHaveLength(1);
    const [d] = findings;
    expect(d).toMatchObject({ ruleId: 'syntax', code: 'alias-limit', fatal: true, severity: 'error' });
    expect(d!.line).toBeGreaterThanOrEqual(1);
    expect(d!.line).toBeLessThanOrEqual(9);
    expect(d!.column).toBeGreaterThanOrEqual(1);
  });

  it('stops the same bomb in the loader alone, with no data returned', () => {
    const started = performance.now();
    const parsed = load(BILLION_LAUGHS);
    expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
    expect(parsed.failed).toBe(true);
    expect(parsed.data).toBeUndefined();
    expect(parsed.located.map((d) => d.code)).toEqual(['alias-limit']);
  });

  it('accepts a few ordinary aliases', async () => {
    const text = mutate(LOST_CARD, 'channels: [chat, voice]', 'channels: &channels [chat, voice]\nx-channels: *channels');
    expect(await lintYaml(text)).toEqual([]);
  });
});

describe('deep nesting', () => {
  const cases: [string, string][] = [
    ['10,000 levels of flow lists', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['10,000 levels of flow mappings', '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['10,000 levels of block lists (`- - - ...`)', '- '.repeat(10_000) + 'x\n'],
    ['10,000 levels of flow lists under a key', 'journey: a\nstates: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'],
    ['2,000 levels of indented block mappings', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n'],
  ];
  for (const [name, text] of cases) {
    it(`${name}: a syntax finding (too-deep or yaml-syntax), never a throw`, async () => {
      const started = performance.now();
      const findings = await lintYaml(text);
      expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS * 2);
      expect(findings.length).toBeGreaterThan(0);
      for (const d of findings) {
        expect(d.ruleId).toBe('syntax');
        expect(['too-deep', 'yaml-syntax']).toContain(d.code);
        expect(d.fatal).toBe(true);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
      expect(findings.some((d) => d.code === 'too-deep')).toBe(true);
    });
  }

  // A V8 fatal error cannot be caught and would kill the test worker, so this case runs in a child
  // process. It needs the compiled loader (dist/, built by `npm ci` / `npm run build`).
  const compiledLoader = join(ROOT, 'dist', 'load', 'yaml.js');
  it.skipIf(!existsSync(compiledLoader))('deep nesting parsed more than once in one process: findings every time, never a crash (child process, dist/)', () => {
    const script = `
      const { parseYaml } = await import(${JSON.stringify(pathToFileURL(compiledLoader).href)});
      const { DEFAULT_LIMITS } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'load', 'limits.js')).href)});
      const deep = '['.repeat(10000) + ']'.repeat(10000);
      const codes = [];
      for (const text of [deep, deep, deep + '\\n---\\n' + deep]) codes.push(parseYaml(text, DEFAULT_LIMITS).diagnostics.map((d) => d.code));
      process.stdout.write(JSON.stringify(codes));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).not.toMatch(/FATAL ERROR|out of memory/);
    expect(run.status).toBe(0);
    const codes = JSON.parse(run.stdout) as string[][];
    expect(codes).toHaveLength(3);
    for (const c of codes) expect(c).toContain('too-deep');
  });

  it('100 levels (parseable, over the depth cap of 64): too-deep at the first bracket past the cap', async () => {
    const text = '['.repeat(100) + ']'.repeat(100);
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'too-deep', line: 1, column: DEFAULT_LIMITS.maxDepth + 1 }]);
  });

  it('64 levels (the root mapping and 63 lists) are accepted; one more is too deep, at the innermost list', async () => {
    const nested = (n: number) => 'journey: a\nx-deep: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
    const ok = await lintYaml(nested(DEFAULT_LIMITS.maxDepth - 1));
    expect(ok.filter((d) => d.ruleId === 'syntax')).toEqual([]);
    const over = nested(DEFAULT_LIMITS.maxDepth);
    expect(structural(await lintYaml(over))).toEqual([{ ruleId: 'syntax', code: 'too-deep', line: 2, column: 'x-deep: '.length + DEFAULT_LIMITS.maxDepth }]);
  });
});

describe('forbidden keys', () => {
  it('refuses `__proto__` at the root, at the key', async () => {
    const text = mutate(LOST_CARD, 'title: Report', '__proto__: { polluted: true }\ntitle: Report');
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'forbidden-key', ...positionOf(text, '__proto__') }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses `constructor` as a state id, at the key', async () => {
    const text = mutate(LOST_CARD, '  callback:\n', '  constructor:\n    type: end\n    outcome: resolved\n  callback:\n');
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'forbidden-key', ...positionOf(text, 'constructor:') }]);
  });

  it('refuses `prototype` and quoted `__proto__` keys deeper down', async () => {
    const text = mutate(LOST_CARD, '    queue: card-services', '    queue: card-services\n    x-meta: { "__proto__": 1 }');
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'forbidden-key', ...positionOf(text, '"__proto__"') }]);
    const other = mutate(LOST_CARD, '  attempts:', '  prototype: { type: number }\n  attempts:');
    expect(structural(await lintYaml(other))).toEqual([{ ruleId: 'syntax', code: 'forbidden-key', ...positionOf(other, 'prototype:') }]);
  });
});

describe('documents that are not one mapping', () => {
  const roots: [string, string][] = [
    ['a list', '- journey: a\n- title: t\n'],
    ['a scalar', 'lost-card\n'],
    ['a number', '42\n'],
    ['an empty file', ''],
    ['a file with only comments', '# nothing here\n# at all\n'],
    ['an explicit null', '~\n'],
  ];
  for (const [name, text] of roots) {
    it(`${name} as the root: schema not-a-mapping at 1:1`, async () => {
      expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'schema', code: 'not-a-mapping', line: 1, column: 1 }]);
    });
  }

  it('multiple documents: syntax multiple-documents at the second document marker', async () => {
    const text = 'journey: a\n---\njourney: b\n';
    expect(structural(await lintYaml(text))).toEqual([{ ruleId: 'syntax', code: 'multiple-documents', line: 2, column: 1 }]);
    const marked = '---\njourney: a\n---\njourney: b\n';
    expect(structural(await lintYaml(marked))).toEqual([{ ruleId: 'syntax', code: 'multiple-documents', line: 3, column: 1 }]);
  });

  it('one document with explicit markers is fine', async () => {
    expect(await lintYaml(`---\n${LOST_CARD}...\n`)).toEqual([]);
  });
});

describe('line endings and byte-order marks', () => {
  /** Errors on known lines: a root key typo, a bot-state key typo, and a bad event name deep in the file. */
  const broken = mutate(
    mutate(mutate(LOST_CARD, 'title: Report', 'titel: Report'), '    say: Shall I send', '    sya: Shall I send'),
    '      decline: done',
    '      Bad-Event: done',
  );
  const shape = (findings: Awaited<ReturnType<typeof lintYaml>>) =>
    findings.map((d) => ({ ruleId: d.ruleId, code: d.code, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn }));

  it('the LF version reports the known positions', async () => {
    const findings = await lintYaml(broken);
    expect(structural(findings)).toEqual([
      { ruleId: 'schema', code: 'required', line: 1, column: 1 },
      { ruleId: 'schema', code: 'unknown-key', ...positionOf(broken, 'titel:') },
      { ruleId: 'schema', code: 'unknown-key', ...positionOf(broken, 'sya:') },
      { ruleId: 'schema', code: 'pattern', ...positionOf(broken, 'Bad-Event') },
    ]);
  });

  it('CRLF line endings give identical lines and columns (start and end)', async () => {
    const lf = shape(await lintYaml(broken));
    const crlf = shape(await lintYaml(broken.replace(/\n/g, '\r\n')));
    expect(crlf).toEqual(lf);
  });

  it('CRLF: the example still lints clean, and a rule finding keeps its position', async () => {
    expect(await lintYaml(LOST_CARD.replace(/\n/g, '\r\n'))).toEqual([]);
    // No feedback anywhere (close-the-loop at `states:`) and a PII field without a purpose (pii-purpose at the field).
    const warned = mutate(
      mutate(LOST_CARD, '    feedback: true ', '    x-feedback: true '),
      '{ type: string, pii: true, purpose: Find the card to block }',
      '{ type: string, pii: true }',
    );
    const lf = shape(await lintYaml(warned));
    expect(lf.map((d) => [d.ruleId, d.line, d.column])).toEqual([
      ['pii-purpose', positionOf(warned, 'card_last4:').line, 3],
      ['close-the-loop', positionOf(warned, 'states:').line, 1],
    ]);
    expect(shape(await lintYaml(warned.replace(/\n/g, '\r\n')))).toEqual(lf);
  });

  it('CRLF: a syntax error keeps its position', async () => {
    const text = 'journey: a\ntitle: t\njourney: b\n';
    expect(shape(await lintYaml(text.replace(/\n/g, '\r\n')))).toEqual(shape(await lintYaml(text)));
  });

  it('in-memory text that still starts with a BOM (stdin, editors) has the positions of the text without it', async () => {
    const text = mutate(LOST_CARD.replace(/^# yaml-language-server.*\n/, ''), 'journey: lost-card', 'journey: Lost_Card');
    const plain = structural(await lintYaml(text));
    expect(plain).toEqual([{ ruleId: 'schema', code: 'pattern', line: 1, column: 10 }]);
    expect(structural(await lintYaml(`\uFEFF${text}`))).toEqual(plain);
  });
});
