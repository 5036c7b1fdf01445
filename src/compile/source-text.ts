// Text that reaches generated JavaScript and TypeScript, escaped for the exact place it goes.
// Journey files and their names are untrusted: a file name with a line break must not end a
// comment, and a `*/` must not close one.
import { safeJson, visible } from '../diagnostics/display.js';

/** Raised when a name cannot be written into generated code at all. */
export class UnsafeNameError extends Error {
  override readonly name = 'UnsafeNameError';
}

/** Text for a `//` line comment: on one line whatever it holds (line breaks, U+2028 and other controls escaped). */
export function lineCommentText(text: string): string {
  return visible(text);
}

/** Text for a `/* ... *\/` block or JSDoc comment: one line, and `*\/` cannot close the comment early. */
export function blockCommentText(text: string): string {
  return visible(text).replace(/\*\//g, '*\\/');
}

/**
 * A JSON value as a JavaScript/TypeScript expression: JSON with the characters that
 * JSON allows raw in strings but older JavaScript parsers and log readers treat as
 * line breaks or controls (U+2028, U+2029, C1 controls, bidirectional controls)
 * written as `\u` escapes. Quotes, backticks, `${` and `</script` stay inside JSON
 * strings, where they are inert.
 */
export function jsLiteral(value: unknown, indent = 2): string {
  return safeJson(JSON.stringify(value, null, indent));
}

/** Words that cannot name a TypeScript type, function or variable. */
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with implements interface let package private protected public static yield any boolean number string symbol never unknown object undefined await async type'.split(' '),
);

/**
 * `name` when it is a plain ASCII identifier that is safe to declare in generated
 * code; throws UnsafeNameError otherwise (journey ids are validated by the schema,
 * so this only trips on models built some other way).
 */
export function safeIdentifier(name: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]{0,200}$/.test(name) || RESERVED.has(name)) {
    throw new UnsafeNameError(`${JSON.stringify(name)} cannot be used as a name in generated code (it must be letters, digits, _ or $, and not a reserved word).`);
  }
  return name;
}
