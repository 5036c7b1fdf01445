import { describe, expect, it } from 'vitest';
import type { LocatedDiagnostic } from '../../src/diagnostics/located.js';
import { lintYaml } from '../support/lint.js';
import { LOST_CARD, mutate, positionOf } from './helpers.js';

/**
 * One YAML mistake gives one finding: the first syntax error, under the key or token
 * at fault, with a hint that says how to fix it. The parser's later errors follow from
 * its guess about the broken structure and are dropped.
 */

/** Where a finding starts and ends, and that it carries a fix. */
interface Shape {
  readonly ruleId: string;
  readonly code: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fatal: boolean | undefined;
  readonly hasHint: boolean;
}

function shape(d: LocatedDiagnostic): Shape {
  return { ruleId: d.ruleId, code: d.code, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, fatal: d.fatal, hasHint: (d.hint ?? '').length > 0 };
}

/** The one fatal yaml-syntax finding expected: from the first occurrence of `needle` (after `after`), `length` columns wide. */
function expected(text: string, needle: string, length: number, after?: string): Shape {
  const at = positionOf(text, needle, after);
  return { ruleId: 'syntax', code: 'yaml-syntax', line: at.line, column: at.column, endLine: at.line, endColumn: at.column + length, fatal: true, hasHint: true };
}

/** Lints `text` and returns its only finding, failing when there is not exactly one. */
async function only(text: string): Promise<LocatedDiagnostic> {
  const findings = await lintYaml(text);
  expect(findings.map((d) => `${d.line}:${d.column} ${d.ruleId}/${d.code} ${d.message}`)).toHaveLength(1);
  return findings[0]!;
}

interface Case {
  readonly name: string;
  readonly text: string;
  /** The text the finding starts at (first occurrence, after `after` when given) and how many columns it covers. */
  readonly at: string;
  readonly length: number;
  readonly after?: string;
  /** Words the message and hint must contain: the key, what was found and what was expected. */
  readonly mentions: readonly RegExp[];
}

const CASES: readonly Case[] = [
  // The cases: `say`, the first key of the `verify` state, indented 3 or 5 spaces instead of 4, or with a tab.
  {
    name: 'a key indented one space too few, first in its state (3 instead of 4)',
    text: mutate(LOST_CARD, '    say: Please confirm', '   say: Please confirm'),
    at: 'say: Please confirm',
    length: 'say'.length,
    mentions: [/`say` is indented 3 spaces/, /indented 4/, /Indent `say` by 4 spaces, like `on` below it/],
  },
  {
    name: 'a key indented one space too many, first in its state (5 instead of 4)',
    text: mutate(LOST_CARD, '    say: Please confirm', '     say: Please confirm'),
    at: 'say: Please confirm',
    length: 'say'.length,
    mentions: [/`say` is indented 5 spaces/, /indented 4/, /Indent `say` by 4 spaces, like `on` below it/],
  },
  {
    name: 'a key indented one space too few, after its siblings',
    text: mutate(LOST_CARD, '    queue: card-services', '   queue: card-services'),
    at: 'queue: card-services',
    length: 'queue'.length,
    mentions: [/`queue` is indented 3 spaces/, /indented 4/, /Indent `queue` by 4 spaces, like `type` above it/],
  },
  {
    name: 'a key indented one space too many, after its siblings',
    text: mutate(LOST_CARD, '    queue: card-services', '     queue: card-services'),
    at: 'queue: card-services',
    length: 'queue'.length,
    mentions: [/`queue` is indented 5 spaces/, /indented 4/, /like `type` above it/],
  },
  {
    name: 'a top-level key indented one space',
    text: mutate(LOST_CARD, '\ntitle: Report', '\n title: Report'),
    at: 'title: Report',
    length: 'title'.length,
    mentions: [/`title` is indented 1 space,/, /top-level keys are not indented/, /Start `title` at the beginning of the line, like `journey` above it/],
  },
  {
    name: 'the first top-level key indented one space',
    text: mutate(LOST_CARD, '\njourney: lost-card', '\n journey: lost-card'),
    at: 'journey: lost-card',
    length: 'journey'.length,
    mentions: [/`journey` is indented 1 space/, /like `title` below it/],
  },
  {
    name: 'the first key under a top-level key indented one space too few',
    text: mutate(LOST_CARD, '  to: agent ', ' to: agent '),
    at: 'to: agent ',
    length: 'to'.length,
    mentions: [/`to` is indented 1 space/, /Indent `to` by 2 spaces, like `on` below it/],
  },
  {
    name: 'a later key under a top-level key indented one space too many',
    text: mutate(LOST_CARD, '  no_match: 2', '   no_match: 2'),
    at: 'no_match: 2',
    length: 'no_match'.length,
    mentions: [/`no_match` is indented 3 spaces/, /Indent `no_match` by 2 spaces, like `on` above it/],
  },
  {
    name: 'a key of a list item indented one space too many',
    text: mutate(LOST_CARD, '          to: agent', '           to: agent'),
    at: 'to: agent',
    after: '- if: attempts',
    length: 'to'.length,
    mentions: [/`to` is indented 11 spaces/, /Indent `to` by 10 spaces, like `if` above it/],
  },
  {
    name: 'a list item indented one space too many, `-` and key together',
    text: mutate(LOST_CARD, '        - if: attempts >= 2', '         - if: attempts >= 2'),
    at: '- if: attempts',
    length: 1,
    mentions: [/list item is indented 9 spaces/, /Indent the `-` by 8 spaces/],
  },
  {
    name: 'a later list item indented one space too few',
    text: mutate(LOST_CARD, '        - to: verify', '       - to: verify'),
    at: '- to: verify',
    length: 1,
    mentions: [/list item is indented 7 spaces/, /Indent the `-` by 8 spaces, like the item above it/],
  },
  // Tabs: the finding is on the tab itself.
  {
    name: 'a tab at the start of a line',
    text: mutate(LOST_CARD, '    say: Please confirm', '\tsay: Please confirm'),
    at: '\tsay: Please confirm',
    length: 1,
    mentions: [/`say` is indented with a tab/, /Replace the tab with 4 spaces, like `on` below it/],
  },
  {
    name: 'a tab after spaces in the indentation',
    text: mutate(LOST_CARD, '    queue: card-services', '  \t  queue: card-services'),
    at: '\t  queue',
    length: 1,
    mentions: [/`queue` is indented with a tab/, /Replace the tab with 4 spaces, like `type` above it/],
  },
  {
    name: 'a tab at the start of a top-level key',
    text: mutate(LOST_CARD, '\ntitle: Report', '\n\ttitle: Report'),
    at: '\ttitle',
    length: 1,
    mentions: [/`title` is indented with a tab/, /Remove the tab/],
  },
  {
    name: 'a tab after a key, before a nested key on the same line',
    text: mutate(LOST_CARD, '    on:\n      verified: block_card', '    on:\tverified: block_card'),
    at: '\tverified',
    length: 1,
    mentions: [/tab separates `on:` from `verified: block_card`/, /on its own line below `on`, indented with spaces/],
  },
  {
    name: 'a tab after the `-` of a list item with a mapping',
    text: mutate(LOST_CARD, '        - if: attempts >= 2', '        -\tif: attempts >= 2'),
    at: '\tif: attempts',
    length: 1,
    mentions: [/tab separates `-` from `if: attempts >= 2`/, /Replace the tab with a space/],
  },
  // Unclosed and stray brackets and quotes: the finding is on the bracket or quote.
  {
    name: 'an unclosed flow list',
    text: mutate(LOST_CARD, '    skills: [fraud]', '    skills: [fraud'),
    at: '[fraud',
    length: 1,
    mentions: [/list opened by `\[` is not closed/, /not indented under `skills`/, /Close it with `\]`/],
  },
  {
    name: 'an unclosed flow mapping',
    text: mutate(LOST_CARD, '{ type: number, default: 0 }', '{ type: number, default: 0'),
    at: '{ type: number, default: 0',
    length: 1,
    mentions: [/mapping opened by `\{` is not closed/, /Close it with `\}`/],
  },
  {
    name: 'an unclosed flow list at the end of the file',
    text: `${LOST_CARD}x-tags: [a, b\n`,
    at: '[a, b',
    length: 1,
    mentions: [/not closed before the end of the file/],
  },
  {
    name: 'a closing bracket of the wrong kind',
    text: mutate(LOST_CARD, '    skills: [fraud]', '    skills: [fraud}'),
    at: '}',
    after: 'skills',
    length: 1,
    mentions: [/`\}` does not match the `\[`/, /Close the list with `\]`/],
  },
  {
    name: 'one closing bracket too many',
    text: mutate(LOST_CARD, '    skills: [fraud]', '    skills: [fraud]]'),
    at: '] ',
    length: 1,
    after: 'skills',
    mentions: [/`\]` closes nothing/, /Remove the extra `\]`/],
  },
  {
    name: 'an unclosed double quote',
    text: mutate(LOST_CARD, '    say: Shall I send a replacement card?', '    say: "Shall I send a replacement card?'),
    at: '"Shall',
    length: 1,
    mentions: [/quoted text opened by `"` is not closed/, /not indented under `say`/, /Close it with `"`/],
  },
  {
    name: 'an unclosed single quote at the end of the file',
    text: mutate(LOST_CARD, '    feedback: true ', "    feedback: 'true "),
    at: "'true",
    length: 1,
    mentions: [/quoted text opened by `'` is not closed before the end of the file/],
  },
  // Missing colons.
  {
    name: 'a missing `:` between a key and its value',
    text: mutate(LOST_CARD, '    say: Please confirm', '    say Please confirm'),
    at: 'say Please confirm',
    length: 'say'.length,
    mentions: [/has no `:` after the key/, /Put a colon after the key: `say: Please confirm/],
  },
  {
    name: 'a missing `:` after a key with nested keys',
    text: mutate(LOST_CARD, '    after:\n', '    after\n'),
    at: 'after\n',
    length: 'after'.length,
    mentions: [/`after` stands where a key should be/, /Put a colon after the key: `after:`/],
  },
  {
    name: 'a missing space after `:`',
    text: mutate(LOST_CARD, '    queue: card-services', '    queue:card-services'),
    at: 'queue:card-services',
    length: 'queue:card-services'.length,
    mentions: [/no space after its `:`/, /`queue: card-services`/],
  },
  {
    name: 'a second `: ` in a one-line value',
    text: mutate(LOST_CARD, '    say: Shall I send a replacement card?', '    say: Note: Shall I send a replacement card?'),
    at: 'Note: Shall',
    length: 'Note'.length,
    mentions: [/value of `say` contains `: `/, /Put the value in quotes/],
  },
  {
    name: 'a list begun on its key’s line',
    text: mutate(LOST_CARD, '    skills: [fraud]', '    skills: - fraud'),
    at: '- fraud',
    length: 1,
    mentions: [/list cannot start on the same line as its key `skills`/],
  },
  {
    name: 'a line of `>` text indented less than the text',
    text: mutate(LOST_CARD, '    say: Shall I send a replacement card?', '    say: >-\n      Shall I send\n     a replacement card?'),
    at: 'a replacement card?',
    length: 'a replacement card?'.length,
    mentions: [/line of the text under `say` is indented 5 spaces, but the text is indented 6/, /Indent this line by 6 spaces/],
  },
];

describe('one YAML mistake, one finding at its cause', () => {
  for (const c of CASES) {
    it(`${c.name}: exactly one finding, at the key or token`, async () => {
      const d = await only(c.text);
      expect(shape(d)).toEqual(expected(c.text, c.at, c.length, c.after));
      const said = `${d.message}\n${d.hint ?? ''}`;
      for (const m of c.mentions) expect(said).toMatch(m);
    });
  }

  it('the issue’s cases before this fix gave 2 to 10 errors at column 1; now each gives one', async () => {
    for (const [from, to] of [
      ['    say: Please confirm', '   say: Please confirm'],
      ['    say: Please confirm', '     say: Please confirm'],
      ['    say: Please confirm', '\tsay: Please confirm'],
    ] as const) {
      const text = mutate(LOST_CARD, from, to);
      const findings = await lintYaml(text);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.line).toBe(positionOf(text, 'say: Please confirm').line);
      expect(findings[0]!.column).toBeGreaterThan(to.startsWith('\t') ? 0 : 1);
    }
  });

  it('two independent mistakes: the first one in the file is reported', async () => {
    const text = mutate(mutate(LOST_CARD, '    queue: card-services', '     queue: card-services'), '    outcome: callback_booked', '   outcome: callback_booked');
    expect(shape(await only(text))).toEqual(expected(text, 'queue: card-services', 'queue'.length));
  });

  it('the other findings of the loader keep their own codes', async () => {
    const duplicate = 'journey: a\ntitle: t\njourney: b\n';
    expect((await lintYaml(duplicate)).map((d) => [d.code, d.line, d.column])).toEqual([['duplicate-key', 3, 1]]);
    const documents = 'journey: a\n---\njourney: b\n';
    expect((await lintYaml(documents)).map((d) => [d.code, d.line, d.column])).toEqual([['multiple-documents', 2, 1]]);
  });

  it('every key and list item of the example moved one space either way, or indented with a tab: at most one finding, on that line', async () => {
    const lines = LOST_CARD.split('\n');
    let broken = 0;
    for (const [i, line] of lines.entries()) {
      const indent = /^( *)[^\s#]/.exec(line)?.[1]?.length;
      if (indent === undefined) continue;
      const variants = [' '.repeat(indent + 1), `\t${' '.repeat(Math.max(0, indent - 1))}`, ...(indent > 0 ? [' '.repeat(indent - 1)] : [])];
      for (const prefix of variants) {
        const text = [...lines.slice(0, i), prefix + line.slice(indent), ...lines.slice(i + 1)].join('\n');
        const syntax = (await lintYaml(text)).filter((d) => d.ruleId === 'syntax');
        expect(syntax.length, `line ${i + 1} as ${JSON.stringify(prefix)}`).toBeLessThanOrEqual(1);
        if (syntax.length === 0) continue;
        broken++;
        expect([syntax[0]!.line, syntax[0]!.code], `line ${i + 1} as ${JSON.stringify(prefix)}: ${syntax[0]!.message}`).toEqual([i + 1, 'yaml-syntax']);
        expect(syntax[0]!.hint, `line ${i + 1} as ${JSON.stringify(prefix)}`).toBeTruthy();
      }
    }
    // Most such edits break the file; a few only change what a value means (a schema matter).
    expect(broken).toBeGreaterThan(100);
  });
});

describe('line endings: CRLF and CR give the same one finding', () => {
  for (const c of CASES) {
    it(`${c.name}: same start and end with CRLF and CR`, async () => {
      const lf = shape(await only(c.text));
      expect(shape(await only(c.text.replace(/\n/g, '\r\n')))).toEqual(lf);
      expect(shape(await only(c.text.replace(/\n/g, '\r')))).toEqual(lf);
    });
  }
});
