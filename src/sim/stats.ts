/** A share with its 95% Wilson score interval. */
export interface Share {
  readonly share: number;
  readonly low: number;
  readonly high: number;
}

/** The share `count / total` with a 95% Wilson interval (sound near 0 and 1, unlike the normal approximation). */
export function wilson(count: number, total: number): Share {
  if (total === 0) return { share: 0, low: 0, high: 0 };
  const z = 1.959963984540054;
  const p = count / total;
  const denominator = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denominator;
  // At 0 and at the total the bound is exact; floating point would leave crumbs such as 2e-19.
  return { share: p, low: count === 0 ? 0 : Math.max(0, centre - margin), high: count === total ? 1 : Math.min(1, centre + margin) };
}

/** Mean and nearest-rank percentiles of a list of numbers. */
export interface Distribution {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Summarises values (nearest-rank percentiles; zeros when there are none). */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: sorted.length, mean: sum / sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}
