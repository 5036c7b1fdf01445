import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assign, createMachine } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { compileJourney, effectNames, formatMachine } from '../../src/compile/xstate.js';
import { createJourneyMachine } from '../../src/runtime/index.js';
import { example } from '../support/engines.js';
import { parseExpression } from '../../src/expr/parse.js';
import { eventFieldsRead, fieldsRead } from '../../src/expr/ast.js';
import { EXAMPLE_NAMES, ROOT } from '../support/lint.js';

const EXAMPLES = EXAMPLE_NAMES;
const GOLDEN = join(ROOT, 'test', 'golden');
/** Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change to the compiler. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('golden copies of the compiled examples', () => {
  for (const name of EXAMPLES) {
    it(`${name}: compiles to test/golden/${name}.machine.json`, async () => {
      const text = formatMachine(compileJourney(await example(name)));
      const path = join(GOLDEN, `${name}.machine.json`);
      if (UPDATE || !existsSync(path)) writeFileSync(path, text);
      expect(text).toBe(readFileSync(path, 'utf8'));
      expect(text.endsWith('}\n')).toBe(true);
    });

    it(`${name}: the golden file loads with xstate's createMachine and every journey state is reachable`, async () => {
      const config = JSON.parse(readFileSync(join(GOLDEN, `${name}.machine.json`), 'utf8'));
      // A plain createMachine accepts the JSON as it is (implementations are bound by name later).
      expect(() => createMachine(config)).not.toThrow();

      const journey = await example(name);
      const actions = Object.fromEntries(effectNames(journey).map((n) => [n, () => undefined]));
      const events: Record<string, unknown>[] = dataVariants(config);
      for (const [id, node] of Object.entries(config.states as Record<string, { on?: object; after?: object }>)) {
        for (const type of Object.keys(node.on ?? {})) if (!events.some((e) => e.type === type)) events.push({ type });
        for (const delay of Object.keys(node.after ?? {})) events.push({ type: `xstate.after.${delay}.${config.id}.${id}` });
      }
      const guardFields = [...new Set((JSON.stringify(config).match(/"expr":"[^"]*"/g) ?? []).flatMap((m) => fieldsRead(parseExpression(JSON.parse(`{${m}}`).expr).expr ?? { kind: 'literal', value: 0 })))];
      const reached = new Set<string>();
      const atRest = new Set<string>();
      // Hours make reachability depend on the time: walk inside and outside opening hours and take the union.
      // Fields the host sets (`input: true`) are walked with their default and, for flags, the other value.
      const inputs: (Record<string, unknown> | undefined)[] = [
        undefined,
        ...[...journey.fields.values()].filter((f) => f.input && f.type.value === 'boolean').map((f) => ({ [f.name]: f.default?.value !== true })),
      ];
      for (const [at, input] of ['2026-12-02T10:00:00Z', '2026-12-06T03:00:00Z'].flatMap((t) => inputs.map((i) => [t, i] as const))) {
        // Decision states are passed through within a step and never at rest: record every entry too.
        const machine = createJourneyMachine(config, { actions, now: () => new Date(at), ...(input ? { input } : {}) }).provide({
          actions: {
            'journey.enter': assign((_: unknown, params: { state: string }) => {
              reached.add(params.state);
              return {};
            }) as never,
          },
        });
        const paths = getShortestPaths(machine, {
          events: events as { type: string }[],
          // Only fields that guards read tell states apart; others (names, ids from event data) would explode the space.
          // The runtime's counters tell ladder rungs apart (the 3rd no_match in a row is not the 1st).
          serializeState: (s) => {
            const context = s.context as Record<string, unknown> & { $journey?: { noMatch?: number; noInput?: number } };
            return JSON.stringify([s.value, guardFields.map((f) => context[f]), context.$journey?.noMatch, context.$journey?.noInput]);
          },
          limit: 50_000,
        });
        for (const p of paths) {
          reached.add(String(p.state.value));
          atRest.add(String(p.state.value));
        }
      }
      for (const id of journey.states.keys()) expect(reached, `${name}: ${id} reachable in the compiled machine`).toContain(id);
      for (const value of atRest) expect(value.startsWith('$route_'), `helper state ${value} never at rest`).toBe(false);
    });
  }
});

/**
 * Events carrying data, so that guards on values set from event data can go both ways:
 * for every event whose transitions read `event.<field>`, one variant per literal the
 * journey's guards compare with.
 */
function dataVariants(config: { states: Record<string, { on?: Record<string, unknown> }> }): Record<string, unknown>[] {
  const literals = new Set<string | number>(['x', 0, 1_000]);
  const reads = new Map<string, Set<string>>();
  const visit = (value: unknown, event: string | undefined): void => {
    if (Array.isArray(value)) for (const v of value) visit(v, event);
    else if (value && typeof value === 'object') {
      const o = value as { type?: string; params?: { expr?: string; assign?: Record<string, string> } };
      const sources = o.type === 'journey.expr' ? [o.params?.expr] : o.type === 'journey.set' ? Object.values(o.params?.assign ?? {}) : [];
      for (const source of sources) {
        const parsed = parseExpression(String(source)).expr;
        if (!parsed) continue;
        for (const lit of String(source).match(/'[^']*'|\b\d+(\.\d+)?\b/g) ?? []) literals.add(lit.startsWith("'") ? lit.slice(1, -1) : Number(lit));
        if (event) for (const field of eventFieldsRead(parsed)) (reads.get(event) ?? reads.set(event, new Set()).get(event))?.add(field);
      }
      for (const [k, v] of Object.entries(value)) visit(v, k === 'on' ? undefined : event);
    }
  };
  for (const node of Object.values(config.states)) for (const [event, t] of Object.entries(node.on ?? {})) visit(t, event);
  for (const node of Object.values(config.states)) visit(node, undefined);
  // `len(event.code) >= 5`: strings as long as each whole number the guards compare with, and one shorter and longer.
  for (const n of [...literals]) if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 64) for (const k of [n - 1, n, n + 1]) if (k >= 0) literals.add('x'.repeat(k));
  const out: Record<string, unknown>[] = [];
  for (const [type, fields] of reads) {
    for (const literal of literals) out.push({ type, ...Object.fromEntries([...fields].map((f) => [f, literal])) });
  }
  return out;
}
