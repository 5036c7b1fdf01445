/** The pass algorithm of `--fix` (ESLint's): sorted edits, overlaps left to the next pass, a fixed point within ten passes. */
import { describe, expect, it } from 'vitest';
import { applyFixes, fixText, MAX_FIX_PASSES, parseFixTypes } from '../../src/lint/fix.js';
import { replaceScalar } from '../../src/rule-support/edits.js';
import type { Diagnostic, TextEdit } from '../../src/diagnostics/diagnostic.js';
import { lintSources } from '../../src/lint/lint.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PURPOSE_PLACEHOLDER } from '../../src/rules/pii-purpose.js';
import { ROOT } from '../support/lint.js';

describe('applyFixes', () => {
  it('applies edits in offset order whatever order they come in', () => {
    const out = applyFixes('a b c', [
      { range: [4, 5], text: 'C' },
      { range: [0, 1], text: 'A' },
    ]);
    expect(out).toEqual({ output: 'A b C', applied: 2, skipped: 0 });
  });

  it('skips an edit overlapping an earlier one, and two inserts at one offset', () => {
    const out = applyFixes('abcdef', [
      { range: [1, 4], text: 'X' },
      { range: [3, 5], text: 'Y' },
      { range: [6, 6], text: '1' },
      { range: [6, 6], text: '2' },
    ]);
    expect(out).toEqual({ output: 'aXef1', applied: 2, skipped: 2 });
  });

  it('refuses ranges outside the text', () => {
    expect(applyFixes('ab', [{ range: [1, 9], text: 'x' }]).applied).toBe(0);
  });
});

/** A lint that reports every `x` as fixable to `y`, at most one fix per word, so that overlaps need several passes. */
function lintXs(text: string): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const m of text.matchAll(/x+/g)) {
    const start = m.index as number;
    // Each run of x's reports two overlapping edits: only one applies per pass.
    out.push(diag({ range: [start, start + 1], text: 'y' }), diag({ range: [start, start + m[0].length], text: 'y'.repeat(m[0].length) }));
  }
  return Promise.resolve(out);
}

function diag(fix: TextEdit): Diagnostic {
  return { ruleId: 'test', severity: 'error', message: 'x', span: { start: fix.range[0], end: fix.range[1] }, fix };
}

describe('fixText', () => {
  const select = (ds: readonly Diagnostic[]) => ds.flatMap((d) => (d.fix ? [d.fix] : []));

  it('reaches a fixed point in several passes when edits overlap', async () => {
    const fixed = await fixText('xxx a xxx', lintXs, select);
    expect(fixed.output).toBe('yyy a yyy');
    expect(fixed.passes).toBe(3);
    expect(fixed.diagnostics).toEqual([]);
  });

  it(`stops after ${MAX_FIX_PASSES} passes when fixes never settle`, async () => {
    let n = 0;
    const forever = () => Promise.resolve([diag({ range: [0, 0], text: String(n++ % 10) })]);
    const fixed = await fixText('', forever, select);
    expect(fixed.passes).toBe(MAX_FIX_PASSES);
    expect(fixed.output).toHaveLength(MAX_FIX_PASSES);
  });
});

describe('replaceScalar', () => {
  it('keeps plain, single- and double-quoted scalars as written', () => {
    expect(replaceScalar('to: gret', { start: 4, end: 8 }, 'gret', 'greet')).toEqual({ range: [4, 8], text: 'greet' });
    expect(replaceScalar("to: 'gret'", { start: 4, end: 10 }, 'gret', 'greet')).toEqual({ range: [5, 9], text: 'greet' });
    expect(replaceScalar('to: "gret"', { start: 4, end: 10 }, 'gret', 'greet')).toEqual({ range: [5, 9], text: 'greet' });
  });

  it('offers no edit when the span does not hold the scalar (a fallback span)', () => {
    expect(replaceScalar('states:\n  a: {}', { start: 0, end: 6 }, 'gret', 'greet')).toBeUndefined();
  });
});

describe('parseFixTypes', () => {
  it('takes comma lists and repeats, refuses unknown names', () => {
    expect([...(parseFixTypes(['problem,layout', 'suggestion']) as Set<string>)]).toEqual(['problem', 'layout', 'suggestion']);
    expect(parseFixTypes(['style'])).toMatch(/--fix-type takes/);
  });
});

describe('unknown-target edits', () => {
  const journeyWith = (target: string) => `journey: t
title: T
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      next: ${target}
  agent:
    type: human
    queue: q
    hours: always
  avant:
    type: end
    outcome: resolved
  done:
    type: end
    outcome: resolved
`;
  const findings = async (target: string) => (await lintSources([{ path: 't.journey.yaml', text: journeyWith(target) }]))[0]!.diagnostics.filter((d) => d.ruleId === 'unknown-target');

  it('fixes a name with exactly one close state', async () => {
    const text = journeyWith('dnoe');
    const [d] = await findings('dnoe');
    expect(d?.fix).toEqual({ range: [text.indexOf('dnoe'), text.indexOf('dnoe') + 4], text: 'done' });
    expect(d?.suggestions).toBeUndefined();
  });

  it('suggests each of several equally close states, and fixes none', async () => {
    const text = journeyWith('agant');
    const [d] = await findings('agant');
    expect(d?.fix).toBeUndefined();
    const at = text.indexOf('agant');
    expect(d?.suggestions).toEqual([
      { desc: 'Change the target to `agent`', fix: { range: [at, at + 5], text: 'agent' } },
      { desc: 'Change the target to `avant`', fix: { range: [at, at + 5], text: 'avant' } },
    ]);
    expect(d?.message).toContain('did you mean `agent` or `avant`?');
  });

  it('offers nothing when no state is close', async () => {
    const [d] = await findings('somewhere_else');
    expect(d?.fix).toBeUndefined();
    expect(d?.suggestions).toBeUndefined();
  });
});

describe('suggestions that insert keys', () => {
  const fixture = (rule: string, name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'rules', rule, 'invalid', name), 'utf8');
  const of = async (text: string, rule: string) => (await lintSources([{ path: 'x.journey.yaml', text }]))[0]!.diagnostics.filter((d) => d.ruleId === rule);
  const apply = (text: string, fix: TextEdit) => text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);

  it('pii-purpose inserts a purpose placeholder in block and flow mappings, and the placeholder still fails lint', async () => {
    let text = fixture('pii-purpose', 'kyc-no-purpose.journey.yaml');
    const found = await of(text, 'pii-purpose');
    expect(found).toHaveLength(2);
    for (const d of found) expect(d.fix).toBeUndefined();
    // Later edits first, so that earlier offsets stay right.
    for (const d of [...found].sort((a, b) => b.span.start - a.span.start)) text = apply(text, d.suggestions![0]!.fix);
    expect(text).toContain(`    description: The customer's name\n    purpose: "${PURPOSE_PLACEHOLDER}"\n`);
    expect(text).toContain(`  date_of_birth: { type: string, pii: true, purpose: "${PURPOSE_PLACEHOLDER}" }   # expect: pii-purpose\n`);
    const again = await of(text, 'pii-purpose');
    expect(again.map((d) => d.message)).toEqual(found.map((d) => d.message));
    expect(again.every((d) => d.suggestions === undefined)).toBe(true);
  });

  it('close-the-loop suggests feedback: true on each end state; accepting one settles the rule', async () => {
    const text = fixture('close-the-loop', 'gym-membership-no-feedback.journey.yaml');
    const [d] = await of(text, 'close-the-loop');
    expect(d?.fix).toBeUndefined();
    expect(d?.suggestions?.length).toBeGreaterThan(0);
    const accepted = apply(text, d!.suggestions![0]!.fix);
    expect(accepted.split('\n').length).toBe(text.split('\n').length + 1);
    expect(accepted).toMatch(/\n {4}feedback: true\n/);
    expect(await of(accepted, 'close-the-loop')).toEqual([]);
  });
});

describe('unknown-context edits', () => {
  it('fixes a carried field name with one close declared field', async () => {
    const text = `journey: t
title: T
context:
  amount: { type: number, default: 0 }
offramp: { to: agent, on: [help], no_match: 2, frustration: true }
start: agent
states:
  agent:
    type: human
    queue: q
    hours: always
    carry: [amout]
    on:
      done: done
  done:
    type: end
    outcome: resolved
    feedback: true
`;
    const [d] = (await lintSources([{ path: 't.journey.yaml', text }]))[0]!.diagnostics.filter((x) => x.ruleId === 'unknown-context');
    const at = text.indexOf('amout');
    expect(d?.fix).toEqual({ range: [at, at + 5], text: 'amount' });
  });
});

describe('handoff-context edits', () => {
  const text = (carry: string) => `journey: t
title: T
context:
  account: { type: string, default: '' }
  amount: { type: number, default: 0 }
offramp: { to: agent, on: [help], no_match: 2, frustration: true }
start: ask
states:
  ask:
    on:
      given: { to: agent, set: { account: event.account, amount: event.amount } }
  agent:
    type: human
    queue: q
    hours: always
    on:
      done: done${carry}
  done:
    type: end
    outcome: resolved
    feedback: true
`;
  const lint = async (t: string) => (await lintSources([{ path: 't.journey.yaml', text: t }]))[0]!.diagnostics.filter((d) => d.ruleId === 'handoff-context');
  const select = (ds: readonly Diagnostic[]) => ds.flatMap((d) => (d.fix ? [d.fix] : []));

  it('creates carry when absent, then appends the second field on the next pass', async () => {
    const fixed = await fixText(text(''), lint, select);
    expect(fixed.output).toBe(text('\n    carry: [account, amount]'));
    expect(fixed.passes).toBe(2);
    expect(fixed.diagnostics).toEqual([]);
  });

  it('appends to a block list at its indentation, a comment on the last item kept', async () => {
    const fixed = await fixText(text('\n    carry:\n      - account   # who\n'), lint, select);
    expect(fixed.output).toBe(text('\n    carry:\n      - account   # who\n      - amount\n'));
  });
});

describe('suggestions of a way to a person (human-exit, no-match-handled)', () => {
  const journeyText = (offramp: string) => `journey: t
title: T
${offramp}start: greet
states:
  greet:
    say: Hello
    on:
      next: ask
  ask:
    say: Which order?
    on:
      given: done
  desk:
    type: human
    queue: q
    hours: always
    on:
      done: done
  done:
    type: end
    outcome: resolved
    feedback: true
`;
  const of = async (text: string, rule: string) => (await lintSources([{ path: 't.journey.yaml', text }]))[0]!.diagnostics.filter((d) => d.ruleId === rule);
  const apply = (text: string, fix: TextEdit) => text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);

  it('human-exit: a journey-wide offramp to the nearest human state, or a route from the state; each settles the rule for it', async () => {
    const text = journeyText('');
    const found = await of(text, 'human-exit');
    expect(found.length).toBe(2);
    const [greet] = found;
    expect(greet?.fix).toBeUndefined();
    expect(greet?.suggestions?.map((s) => s.desc)).toEqual([
      'Add a journey-wide `offramp: { to: desk, on: [agent_requested] }` before `start:`',
      'Add `agent_requested: desk` to `on` of `greet`',
    ]);
    const withOfframp = apply(text, greet!.suggestions![0]!.fix);
    expect(withOfframp).toBe(journeyText('offramp: { to: desk, on: [agent_requested] }\n'));
    expect(await of(withOfframp, 'human-exit')).toEqual([]);
    const withRoute = apply(text, greet!.suggestions![1]!.fix);
    expect(withRoute).toContain('    on:\n      next: ask\n      agent_requested: desk\n');
    expect((await of(withRoute, 'human-exit')).map((d) => d.message)).toEqual([found[1]!.message]);
  });

  it('no-match-handled: offramp.no_match added to the offramp there is, or on.no_match to the nearest human state', async () => {
    const text = journeyText('offramp:\n  to: desk\n  on: [agent_requested]\n');
    const found = await of(text, 'no-match-handled');
    expect(found.map((d) => d.suggestions?.map((s) => s.desc))).toEqual([
      ['Add `no_match: 2` to the journey-wide `offramp`', 'Add `no_match: desk` to `on` of `greet`'],
      ['Add `no_match: 2` to the journey-wide `offramp`', 'Add `no_match: desk` to `on` of `ask`'],
    ]);
    const journeyWide = apply(text, found[0]!.suggestions![0]!.fix);
    expect(journeyWide).toContain('  on: [agent_requested]\n  no_match: 2\nstart: greet\n');
    expect(await of(journeyWide, 'no-match-handled')).toEqual([]);
    const own = apply(text, found[1]!.suggestions![1]!.fix);
    expect(own).toContain('      given: done\n      no_match: desk\n');
    expect((await of(own, 'no-match-handled')).map((d) => d.message)).toEqual([found[0]!.message]);
  });

  it('points each state to the human state nearest from it by moves, not the first in the file', async () => {
    const text = `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: desk
      next: ask
  ask:
    on:
      billing_question: billing
  billing:
    type: human
    queue: billing
    hours: always
  desk:
    type: human
    queue: q
    hours: always
`;
    const found = await of(text, 'no-match-handled');
    expect(found.map((d) => d.suggestions?.map((s) => s.desc))).toEqual([
      ['Add a journey-wide `offramp: { to: desk, no_match: 2 }` before `start:`', 'Add `no_match: desk` to `on` of `greet`'],
      ['Add a journey-wide `offramp: { to: billing, no_match: 2 }` before `start:`', 'Add `no_match: billing` to `on` of `ask`'],
    ]);
  });

  it('without a human state there is no one to point to: no suggestion', async () => {
    const text = journeyText('').replace(/  desk:\n(?:    .*\n)+/, '').replace('      done: done\n', '');
    const found = await of(text, 'no-match-handled');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.suggestions === undefined)).toBe(true);
  });
});
