import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { decodeSource } from '../../src/load/read.js';
import { activate, checkSource, type ActiveRule } from '../../src/lint/check.js';
import { defaultSettings } from '../../src/config/resolve.js';
import { loadRules } from '../../src/rules/index.js';
import { locate } from '../../src/diagnostics/located.js';
import { RULE_IDS } from '../../src/rules/index.js';
import { EXAMPLE_NAMES, ROOT } from '../support/lint.js';
import { mutatedJourney, randomYamlText } from './inputs.js';

const KNOWN = new Set<string>(['syntax', 'schema', ...RULE_IDS]);
const EXAMPLES = EXAMPLE_NAMES.map((n) => readFileSync(join(ROOT, 'journeys', `${n}.journey.yaml`), 'utf8'));
/** Fixed seed: the normal run is reproducible; `npm run stress` explores far more. */
const SEED = 20261130;

let active: ActiveRule[] | undefined;
async function lintText(text: string) {
  if (!active) {
    const all = await loadRules();
    active = activate(all, defaultSettings(all));
  }
  const rules = active;
  const result = checkSource('fuzz.journey.yaml', text, rules, DEFAULT_LIMITS);
  return result.diagnostics;
}

/** Every finding is positioned inside the text, has a known rule id and a message. */
function wellFormed(text: string, diagnostics: readonly { ruleId: string; message: string; span: { start: number; end: number } }[]): void {
  for (const d of diagnostics) {
    expect(KNOWN.has(d.ruleId), d.ruleId).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.start).toBeLessThanOrEqual(text.length + 1);
  }
  const located = locate(text, diagnostics as never);
  for (const l of located) {
    expect(l.line).toBeGreaterThanOrEqual(1);
    expect(l.column).toBeGreaterThanOrEqual(1);
  }
}

describe('the loader and lint never throw on user input', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        const read = decodeSource(bytes, DEFAULT_LIMITS);
        if (read.diagnostic) {
          expect(read.diagnostic.ruleId).toBe('syntax');
          return;
        }
        wellFormed(read.text, await lintText(read.text));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('random YAML documents', async () => {
    await fc.assert(
      fc.asyncProperty(randomYamlText, async (text) => wellFormed(text, await lintText(text))),
      { seed: SEED, numRuns: 300 },
    );
  });

  for (const [i, source] of EXAMPLES.entries()) {
    it(`mutations of example journey ${i + 1}: deleted lines, indentation, duplicate keys, truncation, unicode, huge scalars`, async () => {
      await fc.assert(
        fc.asyncProperty(mutatedJourney(source), async (text) => wellFormed(text, await lintText(text))),
        { seed: SEED + i, numRuns: 60 },
      );
    });
  }
});
