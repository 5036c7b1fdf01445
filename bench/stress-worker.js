// One category of `npm run stress`, run in a worker thread so that the main thread can
// notice a hang (no progress for a while) and stop it. Uses the built code in dist/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { HOSTILE_EXPRESSIONS, mutatedJourney, randomYamlText } from './fuzz-inputs.js';
import { ROOT } from './support.js';

const { category, runs, seed } = workerData;
const dist = (p) => import(join(ROOT, 'dist', p));
const { DEFAULT_LIMITS } = await dist('load/limits.js');
const { decodeSource } = await dist('load/read.js');
const { activate, checkSource } = await dist('lint/check.js');
const { defaultSettings } = await dist('config/resolve.js');
const { loadRules, RULE_IDS } = await dist('rules/index.js');
const { locate } = await dist('diagnostics/located.js');
const { parseExpression } = await dist('expr/parse.js');
const { evaluate, EVAL_ERROR, UNKNOWN } = await dist('expr/evaluate.js');
const { printExpr } = await dist('expr/ast.js');

const all = await loadRules();
const rules = activate(all, defaultSettings(all));
const known = new Set(['syntax', 'schema', ...RULE_IDS]);

/** Lints text and checks every finding is well formed; returns a problem description or undefined. */
function lintChecked(text) {
  const { diagnostics } = checkSource('stress.journey.yaml', text, rules, DEFAULT_LIMITS);
  for (const d of diagnostics) {
    if (!known.has(d.ruleId) || !d.message || d.span.start < 0 || d.span.end < d.span.start || d.span.start > text.length + 1) return `malformed finding ${JSON.stringify(d).slice(0, 200)}`;
  }
  for (const l of locate(text, diagnostics)) if (!(l.line >= 1 && l.column >= 1)) return 'finding without a position';
  return undefined;
}

const examples = ['lost-card', 'signup', 'cancellation', 'billing-dispute'].map((n) => readFileSync(join(ROOT, 'journeys', `${n}.journey.yaml`), 'utf8'));
const exprTree = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.integer({ min: -100, max: 100 }), fc.boolean(), fc.string({ maxLength: 6 })).map((value) => ({ kind: 'literal', value })),
    fc.constantFrom('attempts', 'plan', 'ghost').map((name) => ({ kind: 'field', name })),
    fc.constantFrom('amount', '__proto__').map((name) => ({ kind: 'event', name })),
    fc.tuple(fc.constantFrom('!', '-'), tie('e')).map(([op, arg]) => ({ kind: 'unary', op, arg })),
    fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '-', '*', '/'), tie('e'), tie('e')).map(([op, left, right]) => ({ kind: 'binary', op, left, right })),
  ),
})).e;

/** The inputs of a category, generated in chunks (huge mutations would not fit in memory at once). */
function* inputs() {
  const chunk = 200;
  for (let done = 0, round = 0; done < runs; done += chunk, round++) {
    const n = Math.min(chunk, runs - done);
    const s = seed + round;
    switch (category) {
      case 'random bytes':
        yield* fc.sample(fc.uint8Array({ maxLength: 4_000 }), { numRuns: n, seed: s });
        break;
      case 'random YAML':
        yield* fc.sample(randomYamlText, { numRuns: n, seed: s });
        break;
      case 'journey mutations':
        yield* fc.sample(mutatedJourney(examples[round % examples.length]), { numRuns: n, seed: s });
        break;
      case 'expression strings':
        yield* fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), { numRuns: n, seed: s });
        break;
      case 'expression trees':
        yield* fc.sample(fc.tuple(exprTree, fc.record({ attempts: fc.oneof(fc.integer(), fc.constant(null)), plan: fc.string() })), { numRuns: n, seed: s });
        break;
      case 'hostile expressions':
        if (round === 0) yield* HOSTILE_EXPRESSIONS;
        return;
      default:
        throw new Error(`unknown category ${category}`);
    }
  }
}

/** Runs one input; returns a problem description, or undefined when all was well. */
function run(input) {
  switch (category) {
    case 'random bytes': {
      const read = decodeSource(input, DEFAULT_LIMITS);
      return read.diagnostic ? undefined : lintChecked(read.text);
    }
    case 'random YAML':
    case 'journey mutations':
      return lintChecked(input);
    case 'expression strings':
    case 'hostile expressions': {
      const parsed = parseExpression(input);
      if (!parsed.expr) return parsed.error.message ? undefined : 'an error without a message';
      const touched = [];
      const context = new Proxy({ attempts: 1 }, { get: (t, k) => (touched.push(String(k)), Reflect.get(t, k)) });
      evaluate(parsed.expr, { context, event: { type: 'x' } });
      return touched.every((k) => k === 'attempts') ? undefined : `read ${touched.join(', ')}`;
    }
    case 'expression trees': {
      const [tree, values] = input;
      const parsed = parseExpression(printExpr(tree));
      if (!parsed.expr) return undefined;
      const value = evaluate(parsed.expr, { context: values, event: { type: 'e', amount: 3, plan: UNKNOWN } });
      const ok = value === EVAL_ERROR || value === UNKNOWN || value === null || (typeof value === 'number' ? Number.isFinite(value) : ['string', 'boolean'].includes(typeof value));
      return ok ? undefined : `produced ${String(value)}`;
    }
  }
  return undefined;
}

let tried = 0;
const crashes = [];
let slowest = { ms: 0, sample: '' };
for (const input of inputs()) {
  const start = performance.now();
  let problem;
  try {
    problem = run(input);
  } catch (error) {
    problem = `threw ${error?.name}: ${String(error?.message).slice(0, 200)}`;
  }
  const ms = performance.now() - start;
  tried++;
  if (ms > slowest.ms) slowest = { ms, sample: describe(input) };
  if (problem && crashes.length < 20) crashes.push({ problem, input: describe(input) });
  else if (problem) crashes.push({ problem });
  if (tried % 25 === 0) parentPort.postMessage({ progress: tried });
}
parentPort.postMessage({ done: true, tried, crashes, slowest });

function describe(input) {
  const text = input instanceof Uint8Array ? `${input.length} bytes` : typeof input === 'string' ? input : JSON.stringify(input);
  return text.length > 120 ? `${text.slice(0, 117)}... (${text.length} chars)` : text;
}
