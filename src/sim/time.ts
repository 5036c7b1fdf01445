import { isTimeZone } from '../model/hours.js';

/** When simulated customers arrive unless told otherwise: Wednesday 2026-12-02 10:00 UTC, inside usual opening hours. */
export const DEFAULT_ARRIVAL = Date.parse('2026-12-02T10:00:00Z');

/**
 * Parses a point in time for the simulator: `2026-12-24T22:00 Europe/London` (local
 * time in an IANA zone), or an ISO instant with `Z` or an offset. Returns epoch ms,
 * or a plain-language reason.
 */
export function parseAt(text: string): { at: number; error?: undefined } | { at?: undefined; error: string } {
  const trimmed = text.trim();
  const zoned = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s+(\S+)$/.exec(trimmed);
  if (zoned) {
    const [, y, mo, d, h, mi, s, zone] = zoned as unknown as [string, string, string, string, string, string, string | undefined, string];
    if (!isTimeZone(zone)) return { error: `"${zone}" is not an IANA time zone (for example Europe/London)` };
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
    if (Number.isNaN(wall)) return { error: `"${text}" is not a valid date and time` };
    // The zone's offset at that wall time; a second pass settles instants next to a daylight-saving change.
    let at = wall - offsetAt(wall, zone);
    at = wall - offsetAt(at, zone);
    return { at };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return { at };
  }
  return { error: `"${text}" is not a time; write e.g. "2026-12-24T22:00 Europe/London" or "2026-12-24T22:00Z"` };
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Offset (ms) of a zone from UTC at an instant: local wall time minus UTC. */
function offsetAt(instant: number, zone: string): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number, parts.hour as number, parts.minute as number, parts.second as number);
  return wall - Math.floor(instant / 1000) * 1000;
}
