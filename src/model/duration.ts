/** Longest delay a timer can hold: setTimeout fires at once beyond 2^31-1 ms, so longer delays are refused. */
export const MAX_DELAY_MS = 2_147_483_647;

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
const DURATION = /^(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** A parsed duration, or why it is not one. */
export type DurationResult = { readonly ms: number; readonly error?: undefined } | { readonly ms?: undefined; readonly error: string };

/** Parses `30s`, `5m`, `1h30m`, `250ms`... into milliseconds (units in descending order, each once). */
export function parseDuration(text: string): DurationResult {
  const m = DURATION.exec(text);
  if (!m) {
    if (/^\d+$/.test(text)) return { error: `\`${text}\` needs a unit, e.g. \`${text}s\` or \`${text}m\`` };
    return { error: `\`${text}\` is not a duration; write whole numbers with units d, h, m, s, ms in that order, e.g. \`30s\`, \`5m\`, \`1h30m\`` };
  }
  const [, d, h, min, s, ms] = m;
  const total =
    Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(min ?? 0) * UNIT_MS.m + Number(s ?? 0) * UNIT_MS.s + Number(ms ?? 0);
  if (total === 0) return { error: `\`${text}\` is zero; use \`always\` for a decision made at once` };
  if (total > MAX_DELAY_MS) return { error: `\`${text}\` is longer than timers can hold (about 24.8 days)` };
  return { ms: total };
}

/** Formats milliseconds as the shortest duration text (`90000` -> `1m30s`). */
export function formatDuration(ms: number): string {
  let rest = ms;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out || '0ms';
}
