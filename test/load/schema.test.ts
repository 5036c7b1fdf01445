import { describe, expect, it } from 'vitest';
import { lintYaml } from '../support/lint.js';
import { LOST_CARD, mutate, positionOf, structural } from './helpers.js';

/** Lints the example with one or more replacements applied; returns the text and its structural findings. */
async function broken(...edits: [string, string][]): Promise<{ text: string; found: ReturnType<typeof structural> }> {
  let text = LOST_CARD;
  for (const [from, to] of edits) text = mutate(text, from, to);
  return { text, found: structural(await lintYaml(text)) };
}

describe('schema: required keys are reported at the key of the mapping that lacks them', () => {
  it('the example passes the schema (baseline)', async () => {
    expect(await lintYaml(LOST_CARD)).toEqual([]);
  });

  it('missing `title`: at 1:1 (the root)', async () => {
    const { found } = await broken(['title: Report a lost or stolen card\n', '']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'required', line: 1, column: 1 }]);
  });

  it('missing `journey`, `start` and `states` each at 1:1', async () => {
    const { found } = await broken(['journey: lost-card ', 'x-journey: lost-card ']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'required', line: 1, column: 1 }]);
    const many = structural(await lintYaml('title: Only a title\n'));
    expect(many).toHaveLength(3);
    for (const d of many) expect(d).toEqual({ ruleId: 'schema', code: 'required', line: 1, column: 1 });
  });

  it('human state without `queue`: at the state key', async () => {
    const { text, found } = await broken(['    queue: card-services          # required for human states\n', '']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'required', ...positionOf(text, 'agent:', 'states:') }]);
  });

  it('human state without `hours`: at the state key', async () => {
    const { text, found } = await broken(
      ['    hours: mon-sun 07:00-23:00 Europe/London   # or `always`\n', ''],
      ['    when_closed: callback ', '    x-when_closed: callback '],
    );
    expect(found).toEqual([{ ruleId: 'schema', code: 'required', ...positionOf(text, 'agent:', 'states:') }]);
  });

  it('end state without `outcome`: at the state key', async () => {
    const { text, found } = await broken(['    outcome: callback_booked\n', '']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'required', ...positionOf(text, 'callback:', '  agent:') }]);
  });

  it('a transition without `to`: at the branch', async () => {
    const { found } = await broken(['        - to: verify\n          set:', '        - set:']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'schema', code: 'required' });
  });
});

describe('schema: unknown and misplaced keys', () => {
  it('typo `sya` in a bot state: unknown-key at that key', async () => {
    const { text, found } = await broken(['    say: Shall I send', '    sya: Shall I send']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'unknown-key', ...positionOf(text, 'sya:') }]);
  });

  it('`queue` on a bot state: unknown-key at that key', async () => {
    const { text, found } = await broken(['    say: Shall I send a replacement card?\n', '    say: Shall I send a replacement card?\n    queue: cards\n']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'unknown-key', ...positionOf(text, 'queue: cards') }]);
  });

  it('`outcome` on a human state and `queue` on an end state: unknown-key at each key', async () => {
    const { text, found } = await broken(
      ['    queue: card-services ', '    outcome: resolved\n    queue: card-services '],
      ['    outcome: callback_booked\n', '    outcome: callback_booked\n    queue: cards\n'],
    );
    expect(found).toEqual([
      { ruleId: 'schema', code: 'unknown-key', ...positionOf(text, 'outcome: resolved') },
      { ruleId: 'schema', code: 'unknown-key', ...positionOf(text, 'queue: cards') },
    ]);
  });

  it('unknown root key: at the key; `x-` keys are free', async () => {
    const { text, found } = await broken(['intent: card.lost ', 'intnet: card.lost ']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'unknown-key', ...positionOf(text, 'intnet:') }]);
    expect(await lintYaml(mutate(LOST_CARD, 'intent: card.lost ', 'x-owner: cx-team\nintent: card.lost '))).toEqual([]);
  });

  it('`always` together with `on`: one schema finding at the state key', async () => {
    const { text, found } = await broken(['    say: Shall I send a replacement card?\n', '    always: done\n']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'value', ...positionOf(text, 'replace:', '  block_card:') }]);
  });

  it('`always` together with `after` (no `on`): one schema finding at the state key', async () => {
    const { text, found } = await broken(['    on:\n      accept: done\n      decline: done\n', '    always: done\n']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'value', ...positionOf(text, 'replace:', '  block_card:') }]);
  });
});

describe('schema: names', () => {
  it('event name `Bad-Event`: pattern at the event key', async () => {
    const { text, found } = await broken(['      accept: done', '      Bad-Event: done']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'pattern', ...positionOf(text, 'Bad-Event') }]);
  });

  it('reserved `xstate.foo` event: pattern at the event key', async () => {
    const { text, found } = await broken(['      accept: done', '      xstate.foo: done']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'pattern', ...positionOf(text, 'xstate.foo') }]);
  });

  it('reserved `xstate.` event in `offramp.on`: pattern at the list item', async () => {
    const { text, found } = await broken(['on: [agent_requested]', 'on: [xstate.init]']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'pattern', ...positionOf(text, 'xstate.init') }]);
  });

  it('`do: [journey.x]`: pattern at the list item', async () => {
    const { text, found } = await broken(['do: [cards.block]', 'do: [journey.x]']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'pattern', ...positionOf(text, 'journey.x') }]);
  });

  it('state id with a dash: pattern at the state key', async () => {
    const { text, found } = await broken(['  callback:\n', '  call-back:\n'], ['when_closed: callback ', 'when_closed: call-back ']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'pattern', ...positionOf(text, 'call-back:') }]);
  });

  it('priority `critical`: enum at the value', async () => {
    const { text, found } = await broken(['priority: urgent ', 'priority: critical ']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'enum', ...positionOf(text, 'critical') }]);
  });

  it('a wrong type (`no_match: two`): type at the value', async () => {
    const { text, found } = await broken(['  no_match: 2 ', '  no_match: two ']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'type', ...positionOf(text, 'two') }]);
  });
});

describe('schema: durations in `after`', () => {
  const afterKey = '      5m: done';
  const cases: [string, string][] = [
    ['`5` (no unit)', '5'],
    ['`5x` (unknown unit)', '5x'],
    ['`0s` (zero)', '0s'],
  ];
  for (const [name, key] of cases) {
    it(`${name}: code duration at the key`, async () => {
      const { text, found } = await broken([afterKey, `      ${key}: done`]);
      expect(found).toEqual([{ ruleId: 'schema', code: 'duration', ...positionOf(text, `${key}: done`) }]);
    });
  }

  it('`5m` and `300s` (the same delay): code duration at the second key', async () => {
    const { text, found } = await broken([afterKey, `${afterKey}\n      300s: done`]);
    expect(found).toEqual([{ ruleId: 'schema', code: 'duration', ...positionOf(text, '300s') }]);
  });

  it('`1h30m` and `90m` (the same delay): code duration at the second key', async () => {
    const { text, found } = await broken([afterKey, '      1h30m: done\n      90m: agent']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'duration', ...positionOf(text, '90m') }]);
  });

  it('valid durations (`30s`, `1h30m`, `500ms`, `2d`) pass', async () => {
    const text = mutate(LOST_CARD, afterKey, '      30s: done\n      1h30m: done\n      500ms: agent\n      2d: callback');
    expect(structural(await lintYaml(text))).toEqual([]);
  });
});

describe('schema: opening hours', () => {
  const hours = 'mon-sun 07:00-23:00 Europe/London';
  /** Line of the `hours:` entry, and the columns its value spans. */
  function hoursValue(text: string, value: string): { line: number; first: number; last: number } {
    const at = positionOf(text, `hours: ${value}`);
    const first = at.column + 'hours: '.length;
    return { line: at.line, first, last: first + value.length };
  }

  it('`mon-fri 25:00-26:00 Europe/London`: code hours on the hours line, inside the value', async () => {
    const value = 'mon-fri 25:00-26:00 Europe/London';
    const { text, found } = await broken([hours, value]);
    expect(found).toHaveLength(1);
    const at = hoursValue(text, value);
    expect(found[0]).toMatchObject({ ruleId: 'schema', code: 'hours', line: at.line });
    expect(found[0]!.column).toBeGreaterThanOrEqual(at.first);
    expect(found[0]!.column).toBeLessThanOrEqual(positionOf(text, '25:00').column);
  });

  it('bad zone `Mars/Base`: code hours at the zone', async () => {
    const { text, found } = await broken([hours, 'mon-fri 08:00-20:00 Mars/Base']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'hours', ...positionOf(text, 'Mars/Base') }]);
  });

  it('missing zone: code hours on the hours line, within the value', async () => {
    const value = 'mon-fri 08:00-20:00';
    const { text, found } = await broken([hours, value]);
    expect(found).toHaveLength(1);
    const at = hoursValue(text, value);
    expect(found[0]).toMatchObject({ ruleId: 'schema', code: 'hours', line: at.line });
    expect(found[0]!.column).toBeGreaterThanOrEqual(at.first);
    expect(found[0]!.column).toBeLessThanOrEqual(at.last);
  });

  it('`always` and several clauses with a wrapping range pass', async () => {
    for (const value of ['always', 'mon-fri 08:00-20:00, sat 09:00-13:00 Europe/London', 'fri-mon 22:00-06:00 UTC', 'sun 00:00-24:00 America/New_York']) {
      expect(structural(await lintYaml(mutate(LOST_CARD, hours, value))), value).toEqual([]);
    }
  });
});

describe('schema: offramp', () => {
  it('`offramp.to` naming a bot state: code offramp at the value', async () => {
    const { text, found } = await broken(['  to: agent ', '  to: greet ']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'offramp', ...positionOf(text, 'greet', 'offramp:') }]);
  });

  it('`offramp.to` naming an end state: code offramp at the value', async () => {
    const { text, found } = await broken(['  to: agent ', '  to: done ']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'offramp', ...positionOf(text, 'done', 'offramp:') }]);
  });

  it('`offramp.on` listing `no_match`: a schema finding at the list item', async () => {
    const { text, found } = await broken(['on: [agent_requested]', 'on: [agent_requested, no_match]']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'value', ...positionOf(text, 'no_match', 'on: [agent_requested') }]);
  });

  it('`offramp.on` listing `frustrated`: a schema finding at the list item', async () => {
    const { text, found } = await broken(['on: [agent_requested]', 'on: [frustrated]']);
    expect(found).toEqual([{ ruleId: 'schema', code: 'value', ...positionOf(text, 'frustrated]') }]);
  });
});

describe('not schema errors', () => {
  it('a context default of the wrong type is rule invalid-expression, not schema', async () => {
    const text = mutate(LOST_CARD, '{ type: number, default: 0 }', '{ type: number, default: "zero" }');
    const findings = await lintYaml(text);
    expect(structural(findings)).toEqual([]);
    const rule = findings.filter((d) => d.ruleId === 'invalid-expression');
    expect(rule).toHaveLength(1);
    expect(rule[0]).toMatchObject({ line: positionOf(text, 'attempts:').line, column: positionOf(text, '"zero"').column });
  });

  it('schema findings stop the graph rules (no rule findings on a file that fails the schema)', async () => {
    const text = mutate(mutate(LOST_CARD, '    say: Shall I send', '    sya: Shall I send'), '    feedback: true ', '    x-feedback: true ');
    const findings = await lintYaml(text);
    expect(findings.map((d) => d.ruleId)).toEqual(['schema']);
  });
});
