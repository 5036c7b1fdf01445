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

/** A mean with its 95% interval (normal approximation; zeros when there are no values). */
export interface MeanInterval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** Counted values (value -> how often): what replay keeps instead of every value, so memory does not grow with conversations. */
export class Tally {
  readonly counts = new Map<number, number>();
  private n = 0;
  private sum = 0;
  private squares = 0;

  /** Counts one value. */
  add(value: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.n++;
    this.sum += value;
    this.squares += value * value;
  }

  /** Mean and nearest-rank percentiles, the same figures `distribution` gives for the values one by one. */
  distribution(): Distribution {
    if (this.n === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    const at = (q: number): number => {
      const rank = Math.min(this.n, Math.max(1, Math.ceil(q * this.n)));
      let seen = 0;
      for (const v of values) if ((seen += this.counts.get(v) as number) >= rank) return v;
      return values[values.length - 1] as number;
    };
    return { count: this.n, mean: this.sum / this.n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: values[values.length - 1] as number };
  }

  /** The mean with its 95% interval. */
  meanInterval(): MeanInterval {
    if (this.n === 0) return { mean: 0, low: 0, high: 0 };
    const mean = this.sum / this.n;
    const variance = this.n > 1 ? Math.max(0, (this.squares - this.n * mean * mean) / (this.n - 1)) : 0;
    const margin = (1.959963984540054 * Math.sqrt(variance)) / Math.sqrt(this.n);
    return { mean, low: Math.max(0, mean - margin), high: mean + margin };
  }
}
