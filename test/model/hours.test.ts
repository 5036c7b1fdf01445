// Unit tests for src/model/hours.ts: parsing `hours` values (docs/format.md, "Hours")
// and `isOpen` at instants around openings and closings, in several zones, across
// daylight-saving changes, past midnight and around the week.
import { describe, expect, it } from 'vitest';
import { isOpen, isTimeZone, localWeekMinute, parseHours, type Hours } from '../../src/model/hours.js';

/** Parses hours that must be valid. */
function hours(text: string): Hours {
  const result = parseHours(text);
  if (result.error !== undefined) throw new Error(`${text}: ${result.error}`);
  return result.hours;
}

/** The error of hours that must be invalid: message, offset and length. */
function failure(text: string): { error: string; offset: number; length: number; at: string } {
  const result = parseHours(text);
  if (result.error === undefined) throw new Error(`${text} parsed`);
  return { error: result.error, offset: result.offset, length: result.length, at: text.slice(result.offset, result.offset + result.length) };
}

/** Whether `text` is open at each UTC instant: `{ instant: open }`. */
function openAt(text: string, instants: readonly string[]): Record<string, boolean> {
  const parsed = hours(text);
  return Object.fromEntries(instants.map((t) => [t, isOpen(parsed, new Date(t))]));
}

/** The same instants, each with the expected answer. */
function expected(open: readonly string[], closed: readonly string[]): Record<string, boolean> {
  return Object.fromEntries([...open.map((t) => [t, true] as const), ...closed.map((t) => [t, false] as const)]);
}

/** Checks `text` is open at `open` and closed at `closed` (all UTC instants). */
function expectHours(text: string, open: readonly string[], closed: readonly string[]): void {
  expect(openAt(text, [...open, ...closed]), text).toEqual(expected(open, closed));
}

describe('parseHours: valid values', () => {
  it('`always`, with or without surrounding spaces', () => {
    expect(parseHours('always')).toEqual({ hours: { kind: 'always' } });
    expect(parseHours('  always ')).toEqual({ hours: { kind: 'always' } });
  });

  it('a day range is inclusive: one window per day, minutes after local midnight', () => {
    expect(hours('mon-fri 08:00-20:00 Europe/London')).toEqual({
      kind: 'weekly',
      zone: 'Europe/London',
      windows: [0, 1, 2, 3, 4].map((day) => ({ day, start: 480, end: 1200 })),
    });
  });

  it('several clauses, single days, minutes', () => {
    expect(hours('mon-tue 08:15-12:45, sat 09:00-13:30 Asia/Tokyo')).toEqual({
      kind: 'weekly',
      zone: 'Asia/Tokyo',
      windows: [
        { day: 0, start: 495, end: 765 },
        { day: 1, start: 495, end: 765 },
        { day: 5, start: 540, end: 810 },
      ],
    });
  });

  it('a day range may wrap the week (`sat-mon`), and `mon-sun`, `sun-sat` cover all seven days once', () => {
    expect(hours('sat-mon 10:00-12:00 UTC')).toMatchObject({ kind: 'weekly', windows: [{ day: 5 }, { day: 6 }, { day: 0 }] });
    for (const text of ['mon-sun 10:00-12:00 UTC', 'sun-sat 10:00-12:00 UTC', 'wed-tue 10:00-12:00 UTC']) {
      const parsed = hours(text);
      expect(parsed.kind === 'weekly' && parsed.windows.map((w) => w.day).sort(), text).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('a range that ends before it starts wraps past midnight and belongs to the day it starts on', () => {
    expect(hours('fri 22:00-06:00 America/New_York')).toEqual({ kind: 'weekly', zone: 'America/New_York', windows: [{ day: 4, start: 1320, end: 1800 }] });
  });

  it('`24:00` may end a range; `00:00-24:00` is the whole day', () => {
    expect(hours('mon 09:00-24:00 UTC')).toEqual({ kind: 'weekly', zone: 'UTC', windows: [{ day: 0, start: 540, end: 1440 }] });
    expect(hours('sun 00:00-24:00 UTC')).toEqual({ kind: 'weekly', zone: 'UTC', windows: [{ day: 6, start: 0, end: 1440 }] });
  });

  it('spaces around clauses and the value are allowed; a zone alias the runtime knows is accepted', () => {
    expect(hours('  mon 09:00-17:00 ,  tue 09:00-17:00   Europe/London  ')).toEqual({
      kind: 'weekly',
      zone: 'Europe/London',
      windows: [
        { day: 0, start: 540, end: 1020 },
        { day: 1, start: 540, end: 1020 },
      ],
    });
    expect(hours('mon 09:00-17:00 US/Eastern')).toMatchObject({ kind: 'weekly', zone: 'US/Eastern' });
    expect(isTimeZone('US/Eastern')).toBe(true);
    expect(isTimeZone('Australia/Sydney')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('parseHours: every error says what is wrong, positioned at the offending clause or zone', () => {
  it('no time zone at the end: positioned just after the text (empty span)', () => {
    expect(failure('mon-fri 08:00-20:00')).toEqual({
      error: 'opening hours end with an IANA time zone, e.g. `mon-fri 08:00-20:00 Europe/London`',
      offset: 19,
      length: 0,
      at: '',
    });
    // Leading spaces count in the offset; trailing ones do not.
    expect(failure('  mon 09:00-17:00  ')).toMatchObject({ error: expect.stringContaining('end with an IANA time zone'), offset: 17, length: 0 });
    // A zone alone has no clause before it, so it is read as a value without a zone.
    expect(failure('Europe/London')).toMatchObject({ error: expect.stringContaining('end with an IANA time zone'), offset: 13, length: 0 });
    expect(failure('')).toMatchObject({ error: expect.stringContaining('end with an IANA time zone'), offset: 0, length: 0 });
  });

  it('an unknown time zone: the span is the zone', () => {
    expect(failure('mon-fri 08:00-20:00 Europe/Londn')).toEqual({
      error: '`Europe/Londn` is not an IANA time zone (for example `Europe/London`, `America/New_York`, `UTC`)',
      offset: 20,
      length: 12,
      at: 'Europe/Londn',
    });
    expect(failure('  mon 09:00-17:00   Mars/Olympus')).toMatchObject({ offset: 20, length: 12, at: 'Mars/Olympus' });
    // The zone is checked before the clauses.
    expect(failure('someday 09:00-17:00 Nowhere')).toMatchObject({ error: expect.stringContaining('`Nowhere` is not an IANA time zone'), at: 'Nowhere' });
  });

  it('a clause that is not `DAYS HH:MM-HH:MM`: the span is the clause (first, second, or empty)', () => {
    expect(failure('monday 09:00-17:00 UTC')).toEqual({
      error: '`monday 09:00-17:00` is not a clause of the form `DAYS HH:MM-HH:MM` (days `mon`..`sun`, single or a range like `mon-fri`)',
      offset: 0,
      length: 18,
      at: 'monday 09:00-17:00',
    });
    expect(failure('mon 09:00-17:00, tue 9:00-17:00 UTC')).toMatchObject({ error: expect.stringMatching(/^`tue 9:00-17:00` is not a clause of the form/), offset: 17, length: 14, at: 'tue 9:00-17:00' });
    expect(failure('Mon 09:00-17:00 UTC')).toMatchObject({ error: expect.stringMatching(/^`Mon 09:00-17:00` is not a clause/), offset: 0, at: 'Mon 09:00-17:00' });
    expect(failure('mon 09:00 UTC')).toMatchObject({ error: expect.stringMatching(/^`mon 09:00` is not a clause/), at: 'mon 09:00' });
    expect(failure('09:00-17:00 UTC')).toMatchObject({ error: expect.stringMatching(/^`09:00-17:00` is not a clause/), offset: 0, at: '09:00-17:00' });
    // A trailing comma leaves an empty clause before the zone.
    expect(failure('mon 09:00-17:00, UTC')).toMatchObject({ error: expect.stringMatching(/^`` is not a clause of the form/), offset: 16, length: 0 });
  });

  it('a name that is not a day: says which, the span is its clause', () => {
    expect(failure('mon-fry 09:00-17:00 UTC')).toEqual({
      error: '`fry` is not a day; use `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`',
      offset: 0,
      length: 19,
      at: 'mon-fry 09:00-17:00',
    });
    expect(failure('sat 09:00-13:00, xyz-fri 09:00-17:00 Europe/London')).toMatchObject({
      error: expect.stringMatching(/^`xyz` is not a day;/),
      offset: 17,
      length: 19,
      at: 'xyz-fri 09:00-17:00',
    });
  });

  it('hours or minutes out of range, `24:00` as a start, past `24:00`: the span is the clause', () => {
    expect(failure('mon 25:00-26:00 UTC')).toEqual({
      error: '`25:00-26:00` is not a valid time range (hours 00-23, minutes 00-59; `24:00` may end a range)',
      offset: 0,
      length: 15,
      at: 'mon 25:00-26:00',
    });
    expect(failure('mon 09:60-17:00 UTC')).toMatchObject({ error: expect.stringMatching(/^`09:60-17:00` is not a valid time range/), at: 'mon 09:60-17:00' });
    expect(failure('mon 24:00-06:00 UTC')).toMatchObject({ error: expect.stringMatching(/^`24:00-06:00` is not a valid time range/) });
    expect(failure('mon 09:00-24:01 UTC')).toMatchObject({ error: expect.stringMatching(/^`09:00-24:01` is not a valid time range/) });
    expect(failure('mon 09:00-17:00, tue 23:00-24:30 UTC')).toMatchObject({ error: expect.stringMatching(/^`23:00-24:30` is not a valid/), offset: 17, length: 15, at: 'tue 23:00-24:30' });
  });

  it('a range that opens and closes at the same minute', () => {
    expect(failure('mon 09:00-09:00 UTC')).toEqual({ error: '`mon 09:00-09:00` opens and closes at the same time', offset: 0, length: 15, at: 'mon 09:00-09:00' });
    expect(failure(' mon-fri 08:00-20:00, sat 00:00-00:00 UTC')).toMatchObject({ error: '`sat 00:00-00:00` opens and closes at the same time', offset: 22, length: 15, at: 'sat 00:00-00:00' });
  });
});

describe('isOpen', () => {
  it('`always` is open at every instant', () => {
    for (const t of ['2026-03-29T01:00:00Z', '2026-12-05T03:00:00Z', '1970-01-01T00:00:00Z']) expect(isOpen({ kind: 'always' }, new Date(t))).toBe(true);
  });

  it('start inclusive, end exclusive, to the millisecond (UTC)', () => {
    expectHours(
      'mon-sun 00:00-12:00 UTC',
      ['2026-12-02T00:00:00.000Z', '2026-12-02T11:59:00Z', '2026-12-02T11:59:59.999Z', '2026-12-06T06:00:00Z'],
      ['2026-12-02T12:00:00.000Z', '2026-12-02T23:59:59.999Z', '2026-12-01T12:00:00Z'],
    );
  });

  it('Europe/London in winter (GMT) and summer (BST)', () => {
    const text = 'mon-fri 09:00-17:00 Europe/London';
    // Wednesday 2 December 2026, GMT = UTC.
    expectHours(text, ['2026-12-02T09:00:00Z', '2026-12-02T16:59:59.999Z'], ['2026-12-02T08:59:59.999Z', '2026-12-02T17:00:00Z']);
    // Wednesday 1 July 2026, BST = UTC+1.
    expectHours(text, ['2026-07-01T08:00:00Z', '2026-07-01T15:59:00Z'], ['2026-07-01T07:59:00Z', '2026-07-01T16:00:00Z', '2026-07-01T16:30:00Z']);
    // Saturday and Sunday are closed.
    expectHours(text, [], ['2026-12-05T12:00:00Z', '2026-12-06T12:00:00Z']);
  });

  it('America/New_York in winter (EST) and summer (EDT)', () => {
    const text = 'mon-fri 09:00-17:00 America/New_York';
    expectHours(text, ['2026-12-02T14:00:00Z', '2026-12-02T21:59:00Z'], ['2026-12-02T13:59:00Z', '2026-12-02T22:00:00Z']);
    expectHours(text, ['2026-07-01T13:00:00Z', '2026-07-01T20:59:00Z'], ['2026-07-01T12:59:00Z', '2026-07-01T21:00:00Z']);
  });

  it('Asia/Tokyo (UTC+9): the local day counts, not the UTC day', () => {
    // Monday 08:00 in Tokyo is Sunday 23:00 UTC.
    expectHours('mon 08:00-09:00 Asia/Tokyo', ['2026-12-06T23:00:00Z', '2026-12-06T23:59:00Z'], ['2026-12-06T22:59:00Z', '2026-12-07T00:00:00Z', '2026-12-07T23:00:00Z']);
    // Same hours all year: no daylight saving.
    expectHours('tue-thu 10:00-11:00 Asia/Tokyo', ['2026-01-06T01:00:00Z', '2026-07-07T01:00:00Z', '2026-07-09T01:59:00Z'], ['2026-01-06T02:00:00Z', '2026-07-07T00:59:00Z', '2026-07-10T01:00:00Z']);
  });

  it('Australia/Sydney in its summer (AEDT, UTC+11) and winter (AEST, UTC+10)', () => {
    const text = 'mon-fri 09:00-17:00 Australia/Sydney';
    // Wednesday 2 December 2026 09:00 AEDT is Tuesday 22:00 UTC.
    expectHours(text, ['2026-12-01T22:00:00Z', '2026-12-02T05:59:00Z'], ['2026-12-01T21:59:00Z', '2026-12-02T06:00:00Z']);
    // Wednesday 3 June 2026 09:00 AEST is Tuesday 23:00 UTC.
    expectHours(text, ['2026-06-02T23:00:00Z', '2026-06-03T06:59:00Z'], ['2026-06-02T22:59:00Z', '2026-06-03T07:00:00Z']);
  });

  describe('daylight-saving changes: a window 01:00-03:00 on the change day', () => {
    it('Europe/London springs forward on 2026-03-29 (01:00 GMT becomes 02:00 BST): open one real hour', () => {
      expectHours(
        'sun 01:00-03:00 Europe/London',
        ['2026-03-29T01:00:00Z', '2026-03-29T01:59:00Z'], // 02:00 and 02:59 BST
        ['2026-03-29T00:00:00Z', '2026-03-29T00:59:00Z', '2026-03-29T02:00:00Z'], // 00:00, 00:59 GMT; 03:00 BST
      );
    });

    it('Europe/London falls back on 2026-10-25 (02:00 BST becomes 01:00 GMT): open three real hours', () => {
      expectHours(
        'sun 01:00-03:00 Europe/London',
        ['2026-10-25T00:00:00Z', '2026-10-25T00:59:00Z', '2026-10-25T01:00:00Z', '2026-10-25T01:59:00Z', '2026-10-25T02:59:00Z'], // 01:00, 01:59 BST; 01:00, 01:59, 02:59 GMT
        ['2026-10-24T23:59:00Z', '2026-10-25T03:00:00Z'], // 00:59 BST; 03:00 GMT
      );
    });

    it('America/New_York springs forward on 2026-03-08 (02:00 EST becomes 03:00 EDT): open one real hour', () => {
      expectHours(
        'sun 01:00-03:00 America/New_York',
        ['2026-03-08T06:00:00Z', '2026-03-08T06:59:00Z'], // 01:00, 01:59 EST
        ['2026-03-08T05:59:00Z', '2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z'], // 00:59 EST; 03:00, 04:00 EDT
      );
    });

    it('America/New_York falls back on 2026-11-01 (02:00 EDT becomes 01:00 EST): open three real hours', () => {
      expectHours(
        'sun 01:00-03:00 America/New_York',
        ['2026-11-01T05:00:00Z', '2026-11-01T05:59:00Z', '2026-11-01T06:00:00Z', '2026-11-01T06:59:00Z', '2026-11-01T07:59:00Z'], // 01:00, 01:59 EDT; 01:00, 01:59, 02:59 EST
        ['2026-11-01T04:59:00Z', '2026-11-01T08:00:00Z'], // 00:59 EDT; 03:00 EST
      );
    });

    it('Australia/Sydney falls back on 2026-04-05 and springs forward on 2026-10-04', () => {
      // 03:00 AEDT becomes 02:00 AEST at 16:00 UTC on 4 April.
      expectHours('sun 01:00-03:00 Australia/Sydney', ['2026-04-04T14:00:00Z', '2026-04-04T15:59:00Z', '2026-04-04T16:00:00Z', '2026-04-04T16:59:00Z'], ['2026-04-04T13:59:00Z', '2026-04-04T17:00:00Z']);
      // 02:00 AEST becomes 03:00 AEDT at 16:00 UTC on 3 October.
      expectHours('sun 01:00-03:00 Australia/Sydney', ['2026-10-03T15:00:00Z', '2026-10-03T15:59:00Z'], ['2026-10-03T14:59:00Z', '2026-10-03T16:00:00Z']);
    });

    it('ordinary office hours follow the change: the same local times before and after it', () => {
      const text = 'mon-fri 09:00-17:00 Europe/London';
      // Friday 27 March (GMT) and Monday 30 March (BST).
      expectHours(text, ['2026-03-27T09:00:00Z', '2026-03-27T16:59:00Z', '2026-03-30T08:00:00Z', '2026-03-30T15:59:00Z'], ['2026-03-27T08:59:00Z', '2026-03-27T17:00:00Z', '2026-03-30T07:59:00Z', '2026-03-30T16:00:00Z']);
      // Friday 23 October (BST) and Monday 26 October (GMT).
      expectHours(text, ['2026-10-23T08:00:00Z', '2026-10-26T09:00:00Z'], ['2026-10-23T16:00:00Z', '2026-10-26T08:59:00Z', '2026-10-26T17:00:00Z']);
    });
  });

  it('a window past midnight: fri 22:00-06:00 is open on Saturday 05:59 and closed at 06:00', () => {
    expectHours(
      'fri 22:00-06:00 America/New_York',
      // Friday 4 December 22:00 EST, Saturday 00:00, 05:59 EST.
      ['2026-12-05T03:00:00Z', '2026-12-05T05:00:00Z', '2026-12-05T10:59:00Z', '2026-12-05T10:59:59.999Z'],
      // Friday 21:59 EST; Saturday 06:00 EST; Saturday 22:00 (the window belongs to Friday only); Thursday 23:00.
      ['2026-12-05T02:59:00Z', '2026-12-05T11:00:00Z', '2026-12-06T03:00:00Z', '2026-12-04T04:00:00Z'],
    );
  });

  it('a window past Sunday midnight runs into Monday of the next week', () => {
    expectHours('sun 22:00-06:00 UTC', ['2026-12-06T22:00:00Z', '2026-12-07T00:00:00Z', '2026-12-07T05:59:00Z'], ['2026-12-06T21:59:00Z', '2026-12-07T06:00:00Z', '2026-12-07T22:00:00Z', '2026-12-05T23:00:00Z']);
  });

  it('a day range that wraps the week: sat-mon', () => {
    // 10:00-12:00 in Tokyo is 01:00-03:00 UTC the same day.
    expectHours(
      'sat-mon 10:00-12:00 Asia/Tokyo',
      ['2026-12-05T01:00:00Z', '2026-12-06T01:00:00Z', '2026-12-07T01:00:00Z', '2026-12-07T02:59:00Z'], // Sat, Sun, Mon
      ['2026-12-04T01:00:00Z', '2026-12-08T01:00:00Z', '2026-12-07T03:00:00Z', '2026-12-05T00:59:00Z'], // Fri, Tue, Mon 12:00, Sat 09:59
    );
  });

  it('24:00 as an end: open until the last minute of the day, closed at the next midnight', () => {
    expectHours(
      'mon-fri 09:00-24:00 America/New_York',
      ['2026-12-05T04:59:00Z', '2026-12-05T04:59:59.999Z', '2026-12-01T14:00:00Z'], // Friday 23:59 EST; Tuesday 09:00
      ['2026-12-05T05:00:00Z', '2026-12-02T05:00:00Z', '2026-12-01T13:59:00Z'], // Saturday 00:00; Wednesday 00:00; Tuesday 08:59
    );
    expectHours('sun 00:00-24:00 UTC', ['2026-12-06T00:00:00Z', '2026-12-06T23:59:59.999Z'], ['2026-12-05T23:59:59.999Z', '2026-12-07T00:00:00Z']);
  });

  it('several clauses: open in any of them', () => {
    expectHours(
      'mon-fri 08:00-20:00, sat 09:00-13:00 Europe/London',
      ['2026-12-02T08:00:00Z', '2026-12-05T09:00:00Z', '2026-12-05T12:59:00Z'],
      ['2026-12-05T08:00:00Z', '2026-12-05T13:00:00Z', '2026-12-06T10:00:00Z', '2026-12-02T20:00:00Z'],
    );
  });

  it('localWeekMinute: local day (Monday 0) and minute, in the zone', () => {
    // Wednesday 2 December 2026 10:30 UTC.
    const instant = new Date('2026-12-02T10:30:00Z');
    expect(localWeekMinute(instant, 'UTC')).toBe(2 * 1440 + 10 * 60 + 30);
    expect(localWeekMinute(instant, 'Asia/Tokyo')).toBe(2 * 1440 + 19 * 60 + 30);
    expect(localWeekMinute(instant, 'America/New_York')).toBe(2 * 1440 + 5 * 60 + 30);
    expect(localWeekMinute(new Date('2026-12-06T23:00:00Z'), 'Asia/Tokyo')).toBe(8 * 60); // Monday 08:00
    expect(() => localWeekMinute(instant, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
