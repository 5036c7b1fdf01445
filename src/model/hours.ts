/** Opening hours of a human state: always open, or weekly windows in one IANA time zone. */
export type Hours = { readonly kind: 'always' } | { readonly kind: 'weekly'; readonly zone: string; readonly windows: readonly HoursWindow[] };

/** One weekly opening window: it opens on `day` at `start` minutes and lasts until `end` minutes (may pass midnight). */
export interface HoursWindow {
  /** 0 = Monday ... 6 = Sunday. */
  readonly day: number;
  /** Minutes after local midnight, inclusive. */
  readonly start: number;
  /** Minutes after local midnight of `day`, exclusive; above 1440 when the window wraps past midnight. */
  readonly end: number;
}

/** A parsed `hours` value, or why it is not one (with the offset of the problem inside the text). */
export type HoursResult = { readonly hours: Hours; readonly error?: undefined } | { readonly hours?: undefined; readonly error: string; readonly offset: number; readonly length: number };

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Parses `always` or `mon-fri 08:00-20:00, sat 09:00-13:00 Europe/London` (grammar in docs/format.md). */
export function parseHours(text: string): HoursResult {
  const trimmed = text.trim();
  if (trimmed === 'always') return { hours: { kind: 'always' } };
  const lead = text.length - text.trimStart().length;
  const zoneMatch = /\s(\S+)$/.exec(trimmed);
  if (!zoneMatch || !zoneMatch[1] || /^\d/.test(zoneMatch[1])) {
    return fail('opening hours end with an IANA time zone, e.g. `mon-fri 08:00-20:00 Europe/London`', trimmed.length + lead, 0);
  }
  const zone = zoneMatch[1];
  const zoneOffset = lead + zoneMatch.index + 1;
  if (!isTimeZone(zone)) return fail(`\`${zone}\` is not an IANA time zone (for example \`Europe/London\`, \`America/New_York\`, \`UTC\`)`, zoneOffset, zone.length);
  const body = trimmed.slice(0, zoneMatch.index);
  const windows: HoursWindow[] = [];
  let offset = lead;
  for (const rawClause of body.split(',')) {
    const clauseOffset = offset + (rawClause.length - rawClause.trimStart().length);
    offset += rawClause.length + 1;
    const clause = rawClause.trim();
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(clause);
    if (!m) {
      return fail(`\`${clause || rawClause}\` is not a clause of the form \`DAYS HH:MM-HH:MM\` (days \`mon\`..\`sun\`, single or a range like \`mon-fri\`)`, clauseOffset, clause.length);
    }
    const [, from, to, h1, m1, h2, m2] = m as unknown as [string, string, string | undefined, string, string, string, string];
    const first = DAYS.indexOf(from as (typeof DAYS)[number]);
    const last = to === undefined ? first : DAYS.indexOf(to as (typeof DAYS)[number]);
    if (first < 0 || last < 0) {
      const bad = first < 0 ? from : (to as string);
      return fail(`\`${bad}\` is not a day; use \`mon\`, \`tue\`, \`wed\`, \`thu\`, \`fri\`, \`sat\` or \`sun\``, clauseOffset, clause.length);
    }
    const start = toMinutes(h1, m1, false);
    const end = toMinutes(h2, m2, true);
    if (start === undefined || end === undefined) {
      return fail(`\`${h1}:${m1}-${h2}:${m2}\` is not a valid time range (hours 00-23, minutes 00-59; \`24:00\` may end a range)`, clauseOffset, clause.length);
    }
    if (start === end) return fail(`\`${clause}\` opens and closes at the same time`, clauseOffset, clause.length);
    const length = end > start ? end - start : end + MINUTES_PER_DAY - start;
    // Ranges of days are inclusive and may wrap the week (`sat-mon`).
    for (let i = 0, day = first; i < 7; i++, day = (day + 1) % 7) {
      windows.push({ day, start, end: start + length });
      if (day === last) break;
    }
  }
  if (windows.length === 0) return fail('opening hours need at least one clause before the time zone', lead, trimmed.length);
  return { hours: { kind: 'weekly', zone, windows } };
}

function toMinutes(h: string, m: string, isEnd: boolean): number | undefined {
  const hours = Number(h);
  const minutes = Number(m);
  if (minutes > 59) return undefined;
  if (hours === 24 && minutes === 0 && isEnd) return MINUTES_PER_DAY;
  if (hours > 23) return undefined;
  return hours * 60 + minutes;
}

function fail(error: string, offset: number, length: number): HoursResult {
  return { error, offset, length };
}

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function formatFor(zone: string): Intl.DateTimeFormat | null {
  let format = zoneFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      format = null;
    }
    zoneFormats.set(zone, format);
  }
  return format;
}

let canonicalZones: ReadonlySet<string> | undefined;

/**
 * True when `zone` is a time zone this runtime's Intl knows. The canonical list is
 * cheap to get; building a formatter loads ICU's zone data (about 12 ms), so it is
 * only done for aliases such as `US/Eastern` that the list omits.
 */
export function isTimeZone(zone: string): boolean {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return canonicalZones.has(zone) || zone === 'UTC' || formatFor(zone) !== null;
}

const WEEKDAY: Readonly<Record<string, number>> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Local day of week (0 = Monday) and minutes after midnight of an instant in a zone; follows daylight-saving changes. */
export function localWeekMinute(instant: Date, zone: string): number {
  const format = formatFor(zone);
  if (!format) throw new RangeError(`Unknown time zone ${zone}`);
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(instant)) {
    if (part.type === 'weekday') day = WEEKDAY[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return day * MINUTES_PER_DAY + hour * 60 + minute;
}

/** True when the human state is open at `instant` (start inclusive, end exclusive). */
export function isOpen(hours: Hours, instant: Date): boolean {
  if (hours.kind === 'always') return true;
  const now = localWeekMinute(instant, hours.zone);
  for (const w of hours.windows) {
    const from = w.day * MINUTES_PER_DAY + w.start;
    const to = w.day * MINUTES_PER_DAY + w.end;
    // A window that wraps past Sunday midnight covers the start of the next week too.
    if ((now >= from && now < to) || (now + MINUTES_PER_WEEK >= from && now + MINUTES_PER_WEEK < to)) return true;
  }
  return false;
}
