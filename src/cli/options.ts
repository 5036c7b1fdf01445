import { UsageError } from './exit-codes.js';

/** The whole numbers a flag accepts: from `min` (default 0) to `max` (default: no upper bound). */
export interface CountRange {
  readonly min?: number;
  readonly max?: number;
}

/** Largest `--seed`: the generator keeps 32 bits, so a larger seed would repeat a smaller one's walks. */
export const MAX_SEED = 2 ** 32 - 1;

/** Parses a whole-number flag value within `range` (default: 0 or more); anything else is bad usage naming what is accepted. */
export function parseCount(flag: string, value: string, range: CountRange = {}): number {
  const text = value.trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  const min = range.min ?? 0;
  if (Number.isNaN(n) || n < min || (range.max !== undefined && n > range.max)) {
    throw new UsageError(`${flag} takes ${describeRange(min, range.max)}, got "${value}".`);
  }
  return n;
}

/** Parses a whole-number flag value of at least 1, and at most `max` when given. */
export function parsePositive(flag: string, value: string, max?: number): number {
  return parseCount(flag, value, max === undefined ? { min: 1 } : { min: 1, max });
}

/** "a whole number from 1 to 10,000,000", as the messages and the docs say it. */
export function describeRange(min: number, max?: number): string {
  if (max !== undefined) return `a whole number from ${grouped(min)} to ${grouped(max)}`;
  return min === 0 ? 'a whole number (0 or more)' : `a whole number of at least ${grouped(min)}`;
}

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/** Parses a size such as `2MB`, `500k`, `1048576` into bytes. */
export function parseSize(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`${flag} takes a size such as 2MB or 500KB, got "${value}".`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * factor);
}
