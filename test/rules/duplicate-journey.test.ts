import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedMarkers, lintMany, ROOT } from '../support/lint.js';

// Spec: "`duplicate-journey` (error: two files with one `journey` id)"; "`journey:` id,
// lowercase kebab-case, unique across all files linted together"; position: "at the
// `journey:` value in every file involved". A project rule, so the cases lint several
// sources together with lintMany.

const RULE = 'duplicate-journey';

const journey = (id: string, prefix = ''): string => `${prefix}journey: ${id}
title: T
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`;

type Found = { line: number; column: number; messageId: string | undefined };

/** Lints the sources together; returns this rule's findings per path, and fails on schema errors. */
async function run(sources: { path: string; text: string }[]): Promise<Record<string, Found[]>> {
  const results = await lintMany(sources);
  const out: Record<string, Found[]> = {};
  for (const { path } of sources) {
    const findings = results.get(path) ?? [];
    expect(findings.filter((d) => d.ruleId === 'syntax' || d.ruleId === 'schema').map((d) => `${path}:${d.line}:${d.column} ${d.message}`), 'sources must pass the schema').toEqual([]);
    out[path] = findings.filter((d) => d.ruleId === RULE).map((d) => ({ line: d.line, column: d.column, messageId: d.code }));
  }
  return out;
}

const at = (line: number, column: number): Found => ({ line, column, messageId: 'duplicate' });

describe(`rule ${RULE}`, () => {
  describe('valid', () => {
    it('different ids in different files', async () => {
      expect(await run([
        { path: 'a.journey.yaml', text: journey('lost-card') },
        { path: 'b.journey.yaml', text: journey('lost-cards') },
        { path: 'c.journey.yaml', text: journey('card-lost') },
      ])).toEqual({ 'a.journey.yaml': [], 'b.journey.yaml': [], 'c.journey.yaml': [] });
    });

    it('a single file', async () => {
      expect(await run([{ path: 'a.journey.yaml', text: journey('lost-card') }])).toEqual({ 'a.journey.yaml': [] });
    });

    it('the same title or intent in two files is not a duplicate id', async () => {
      const a = journey('signup').replace('title: T', 'title: Sign up\nintent: account.create');
      const b = journey('signup-business').replace('title: T', 'title: Sign up\nintent: account.create');
      expect(await run([
        { path: 'a.journey.yaml', text: a },
        { path: 'b.journey.yaml', text: b },
      ])).toEqual({ 'a.journey.yaml': [], 'b.journey.yaml': [] });
    });
  });

  describe('invalid', () => {
    it('two files with one id: a finding at the `journey:` value of both', async () => {
      expect(await run([
        { path: 'a.journey.yaml', text: journey('lost-card') },
        { path: 'b.journey.yaml', text: journey('lost-card') },
      ])).toEqual({ 'a.journey.yaml': [at(1, 10)], 'b.journey.yaml': [at(1, 10)] });
    });

    it('three files with one id: every file involved is flagged', async () => {
      expect(await run([
        { path: 'a.journey.yaml', text: journey('signup') },
        { path: 'b.journey.yaml', text: journey('signup') },
        { path: 'c.journey.yaml', text: journey('signup') },
      ])).toEqual({ 'a.journey.yaml': [at(1, 10)], 'b.journey.yaml': [at(1, 10)], 'c.journey.yaml': [at(1, 10)] });
    });

    it('only the files that share an id are flagged', async () => {
      expect(await run([
        { path: 'a.journey.yaml', text: journey('signup') },
        { path: 'b.journey.yaml', text: journey('cancellation') },
        { path: 'c.journey.yaml', text: journey('signup') },
        { path: 'd.journey.yaml', text: journey('cancellation-v2') },
      ])).toEqual({ 'a.journey.yaml': [at(1, 10)], 'b.journey.yaml': [], 'c.journey.yaml': [at(1, 10)], 'd.journey.yaml': [] });
    });

    it('the finding follows the `journey:` value wherever it is, quoted or not', async () => {
      expect(await run([
        { path: 'a.journey.yml', text: journey('signup', '# yaml-language-server: $schema=../schemas/journey.schema.json\n#\n') },
        { path: 'b.journey.yaml', text: `title: T\njourney:   "signup"\nstart: greet\nstates:\n  greet:\n    on:\n      help: agent\n  agent:\n    type: human\n    queue: q\n    hours: always\n` },
      ])).toEqual({ 'a.journey.yml': [at(3, 10)], 'b.journey.yaml': [at(2, 12)] });
    });

    it('two independent pairs of duplicates', async () => {
      expect(await run([
        { path: 'a.journey.yaml', text: journey('signup') },
        { path: 'b.journey.yaml', text: journey('cancellation') },
        { path: 'c.journey.yaml', text: journey('cancellation') },
        { path: 'd.journey.yaml', text: journey('signup') },
      ])).toEqual({
        'a.journey.yaml': [at(1, 10)],
        'b.journey.yaml': [at(1, 10)],
        'c.journey.yaml': [at(1, 10)],
        'd.journey.yaml': [at(1, 10)],
      });
    });
  });

  // Fixture sets: every file in a folder is linted together. Files under valid/ must give no
  // finding; files under invalid/ must give one finding on each line marked `# expect: duplicate-journey`.
  for (const kind of ['valid', 'invalid'] as const) {
    const folder = join(ROOT, 'test', 'fixtures', 'rules', RULE, kind);
    if (!existsSync(folder)) continue;
    const files = readdirSync(folder).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
    it(`fixture set ${kind}/ (${files.length} files linted together)`, async () => {
      expect(files.length).toBeGreaterThan(1);
      const sources = files.map((f) => ({ path: f, text: readFileSync(join(folder, f), 'utf8') }));
      const found = await run(sources);
      const lines = Object.fromEntries(Object.entries(found).map(([p, fs]) => [p, fs.map((f) => f.line)]));
      const wanted = Object.fromEntries(sources.map((s) => [s.path, kind === 'valid' ? [] : expectedMarkers(s.text, RULE).map((e) => e.line)]));
      expect(lines).toEqual(wanted);
      if (kind === 'invalid') expect(Object.values(wanted).flat().length).toBeGreaterThan(0);
    });
  }
});
