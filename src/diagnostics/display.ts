import { isAbsolute, relative, sep } from 'node:path';

/** True when a relative path climbs out of its base (`..` or `../x`, but not a name such as `..old`). */
export function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${sep}`) || rel.startsWith('../') || isAbsolute(rel);
}

const SLASH = 0x2f;

/** An absolute POSIX path that `path.resolve` leaves as it is: no `.` or `..` segments, no doubled or trailing slash. */
function isPlain(path: string): boolean {
  return path.charCodeAt(0) === SLASH && !path.includes('//') && !path.includes('/./') && !path.includes('/../') && !path.endsWith('/.') && !path.endsWith('/..') && (path.length === 1 || !path.endsWith('/'));
}

/**
 * Path shown to people and written into reports: relative to `base` (the working
 * directory, or the repository root for annotations and SARIF) when inside it,
 * absolute otherwise, always with forward slashes.
 */
export function displayPath(absolute: string, base: string = process.cwd()): string {
  // A run shows every file's path: a file below `base`, both written plainly, is its tail (what `relative` would compute, slowly).
  if (sep === '/' && absolute.length > base.length + 1 && absolute.charCodeAt(base.length) === SLASH && absolute.startsWith(base) && isPlain(base) && isPlain(absolute)) {
    return absolute.slice(base.length + 1);
  }
  const rel = relative(base, absolute);
  const shown = rel === '' || isOutside(rel) ? absolute : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/**
 * Characters that must never reach a terminal, a log or a report raw: C0 and C1
 * controls (line breaks start workflow commands in CI logs, ESC starts terminal
 * sequences), DEL, the Unicode line and paragraph separators (line breaks to
 * JavaScript and some log readers), bidirectional overrides and isolates (they
 * reorder what people read: "Trojan Source"), and the byte order mark.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Escape for one invisible character: `\n`, `\r`, `\t`, else `\u001b` style. */
export function escapeInvisible(ch: string): string {
  return SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text with every control or invisible formatting character written as an escape
 * (`\n`, `\u001b`, `\u2028`...), so that a file name or message can be printed on
 * one line without changing what else is on the screen or in the log.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, escapeInvisible);
}

/**
 * Like `visible`, but keeps tabs: for source excerpts, where tabs are kept so that
 * the underline below lines up with the text.
 */
export function visibleKeepingTabs(text: string): string {
  return text.replace(INVISIBLE, (ch) => (ch === '\t' ? ch : escapeInvisible(ch)));
}

/**
 * Serialised JSON with the characters JSON allows raw but terminals and log readers
 * misread (C1 controls, line separators, bidirectional controls) written as `\uXXXX`
 * escapes: the parsed values are exactly the same, only the bytes are safe to print.
 */
export function safeJson(serialised: string): string {
  return serialised.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A count with the noun that agrees with it: `plural(1, 'warning')` is "1 warning",
 * `plural(2, 'warning')` "2 warnings", `plural(2, 'entry', 'entries')` "2 entries".
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
