/**
 * schemas/config.schema.json is generated from the rules' metadata (ids, option schemas) by
 * `node scripts/generate-config-schema.js` after `npm run build`. This test fails when a rule
 * (or its options) changes and the committed schema was not regenerated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { RULE_IDS, loadRules } from '../../src/rules/index.js';
import type { RuleMeta } from '../../src/rule-support/types.js';
import { ROOT } from '../support/lint.js';

const SCHEMA_PATH = join(ROOT, 'schemas', 'config.schema.json');
const REGENERATE = 'schemas/config.schema.json is out of date: run `npm run build && node scripts/generate-config-schema.js`';

async function metas(): Promise<RuleMeta[]> {
  return (await loadRules()).map((r) => r.meta);
}

describe('schemas/config.schema.json', () => {
  it('equals what configSchema() builds from the loaded rules (regenerate it after changing a rule)', async () => {
    const committed = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as unknown;
    expect(committed, REGENERATE).toEqual(configSchema(await metas()));
  });

  it('is byte-identical to the generator output (two-space JSON and a final newline)', async () => {
    const text = readFileSync(SCHEMA_PATH, 'utf8');
    expect(text, REGENERATE).toBe(`${JSON.stringify(configSchema(await metas()), null, 2)}\n`);
  });

  it('lists every registered rule under rules, with the option schema of the rules that take options', async () => {
    const committed = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $defs: { rules: { properties: Record<string, { then: { prefixItems: unknown[] } }> } } };
    const properties = committed.$defs.rules.properties;
    expect(Object.keys(properties).sort()).toEqual([...RULE_IDS].sort());
    for (const meta of await metas()) {
      const items = properties[meta.id]!.then.prefixItems;
      if (meta.options) expect(items[1], meta.id).toEqual(meta.options);
      else expect(items, meta.id).toHaveLength(1);
    }
  });

  it('the comparison is not vacuous: changing one rule option changes the built schema', async () => {
    const all = await metas();
    const changed = all.map((m) =>
      m.id === 'offramp-distance'
        ? ({ ...m, options: { ...(m.options as object), properties: { ...((m.options as { properties?: object }).properties ?? {}), extra: { type: 'integer' } } } } as RuleMeta)
        : m,
    );
    const committed = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as unknown;
    expect(configSchema(changed)).not.toEqual(committed);
  });

  it('compiles with ajv (JSON Schema 2020-12) and accepts or rejects configs as the loader does', async () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, strictTypes: false, strictRequired: false, strictTuples: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
    const ok = {
      extends: 'strict',
      rules: { 'offramp-distance': ['error', { routine: 3, sensitive: 2, urgent: 1 }], 'pii-purpose': 'off', 'close-the-loop': 1 },
      overrides: [{ files: ['journeys/legacy/**'], rules: { 'handoff-context': 0 } }],
      ignores: ['journeys/drafts/**'],
      'report-unused-disables': 'error',
      'max-file-size': '1MB',
    };
    expect(validate(ok), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rules: { 'humen-exit': 'error' } })).toBe(false);
    expect(validate({ rules: { 'offramp-distance': ['error', { urgent: 'one' }] } })).toBe(false);
    expect(validate({ rules: { 'offramp-distance': ['error', { urgnt: 1 }] } })).toBe(false);
    expect(validate({ rules: { 'human-exit': 'fatal' } })).toBe(false);
    expect(validate({ rulez: {} })).toBe(false);
  });
});
