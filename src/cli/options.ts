import { UsageError } from './exit-codes.js';

/** Parses a non-negative integer flag value. */
export function parseCount(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} takes a whole number, got "${value}".`);
  return Number(value.trim());
}

/** Parses a whole-number flag value that must be at least 1. */
export function parsePositive(flag: string, value: string): number {
  const n = parseCount(flag, value);
  if (n < 1) throw new UsageError(`${flag} must be at least 1.`);
  return n;
}

/** Parses a size such as `2MB`, `500k`, `1048576` into bytes. */
export function parseSize(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`${flag} takes a size such as 2MB or 500KB, got "${value}".`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * factor);
}
