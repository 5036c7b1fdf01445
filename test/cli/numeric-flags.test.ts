/**
 * Every numeric flag says what it accepts when it refuses a value (exit 2), e.g.
 * `--runs takes a whole number from 1 to 10,000,000, got "-5".`, and accepts the
 * values at the ends of its range.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectCleanStreams, journey, ROOT, type Run } from '../support/cli.js';

const LOST_CARD = 'journeys/lost-card.journey.yaml';
const CLEAN = 'test/fixtures/cli/valid';

/** A refused value: the arguments, and the whole message stderr must hold. */
const REFUSED: readonly (readonly [readonly string[], string])[] = [
  [['simulate', LOST_CARD, '--runs', '-5'], '--runs takes a whole number from 1 to 10,000,000, got "-5".'],
  [['simulate', LOST_CARD, '--runs', '1e12'], '--runs takes a whole number from 1 to 10,000,000, got "1e12".'],
  [['simulate', LOST_CARD, '--runs', '10000001'], '--runs takes a whole number from 1 to 10,000,000, got "10000001".'],
  [['simulate', LOST_CARD, '--runs', '0'], '--runs takes a whole number from 1 to 10,000,000, got "0".'],
  [['report', CLEAN, '--runs', '10000001'], '--runs takes a whole number from 1 to 10,000,000, got "10000001".'],
  [['simulate', LOST_CARD, '--seed', '4294967296'], '--seed takes a whole number from 0 to 4,294,967,295, got "4294967296".'],
  [['report', CLEAN, '--seed', '-1'], '--seed takes a whole number from 0 to 4,294,967,295, got "-1".'],
  [['simulate', LOST_CARD, '--exhaustive', '--max-configs', '0'], '--max-configs takes a whole number of at least 1, got "0".'],
  [['simulate', LOST_CARD, '--max-turns', '1.5'], '--max-turns takes a whole number of at least 1, got "1.5".'],
  [['lint', CLEAN, '--max-warnings', '-1'], '--max-warnings takes a whole number (0 or more), got "-1".'],
  [['lint', CLEAN, '--max-errors', '0'], '--max-errors takes a whole number of at least 1, got "0".'],
  [['lint', CLEAN, '--concurrency', '0'], '--concurrency takes auto or a whole number of at least 1, got "0".'],
  [['lint', CLEAN, '--concurrency', 'many'], '--concurrency takes auto or a whole number of at least 1, got "many".'],
  [['test', 'journeys/', '--min-coverage', '101'], '--min-coverage takes a whole number from 0 to 100, got "101".'],
];

/** Values at the ends of the ranges, which must run (exit 0). */
const ACCEPTED: readonly (readonly string[])[] = [
  ['simulate', LOST_CARD, '--runs', '1', '--seed', '4294967295'],
  ['simulate', LOST_CARD, '--runs', '1', '--seed', '0', '--max-turns', '1'],
  ['simulate', LOST_CARD, '--exhaustive', '--max-configs', '1', '--max-turns', '1'],
  ['lint', CLEAN, '--max-warnings', '0', '--max-errors', '1', '--concurrency', '1'],
];

const refused: Run[] = [];
const accepted: Run[] = [];

beforeAll(async () => {
  ensureBuilt();
  refused.push(...(await Promise.all(REFUSED.map(([args]) => journey(args, ROOT)))));
  accepted.push(...(await Promise.all(ACCEPTED.map((args) => journey(args, ROOT)))));
}, 120_000);

describe('numeric flags', () => {
  it.each(REFUSED.map(([args, message], i) => [args.join(' '), message, i] as const))('journey %s: exit 2, "%s"', (_args, message, i) => {
    const run = refused[i] as Run;
    expectCleanStreams(run);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`journey: ${message}\n`);
  });

  it.each(ACCEPTED.map((args, i) => [args.join(' '), i] as const))('journey %s: the ends of the ranges are accepted', (_args, i) => {
    const run = accepted[i] as Run;
    expectCleanStreams(run);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
