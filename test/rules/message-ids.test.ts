/**
 * Finding codes are a closed union end to end (src/diagnostics/diagnostic.ts,
 * `RuleMessageId`): every message id a rule defines is in the union, every id in the
 * union is defined by some rule, and every `messageId` a rule's source reports is one
 * its meta defines (the lint engine treats anything else as a bug in the rule).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, RULE_IDS } from '../../src/rules/index.js';
import { ROOT } from '../support/lint.js';

const unionOf = (name: string): string[] => {
  const source = readFileSync(join(ROOT, 'src', 'diagnostics', 'diagnostic.ts'), 'utf8');
  const body = new RegExp(`export type ${name} =([^;]*);`).exec(source)?.[1] ?? '';
  return [...body.matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
};

describe('rule message ids', () => {
  it('the union lists exactly the message ids the rules define', async () => {
    const rules = await loadRules();
    const defined = new Set(rules.flatMap((r) => Object.keys(r.meta.messages)));
    expect([...defined].sort()).toEqual([...new Set(unionOf('RuleMessageId'))].sort());
  });

  it.each(RULE_IDS)('%s reports only message ids its meta defines, and has a hint for each', async (id) => {
    const [rule] = await loadRules([id]);
    const source = readFileSync(join(ROOT, 'src', 'rules', `${id}.ts`), 'utf8');
    const reported = [...source.matchAll(/messageId:\s*'([A-Za-z]+)'/g)].map((m) => m[1] as string);
    expect(reported.length, 'the rule reports something').toBeGreaterThan(0);
    for (const messageId of reported) expect(Object.keys(rule!.meta.messages), messageId).toContain(messageId);
    for (const messageId of Object.keys(rule!.meta.messages)) expect(Object.keys(rule!.meta.hints ?? {}), `hint for ${messageId}`).toContain(messageId);
  });
});
