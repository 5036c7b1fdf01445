import type { TextEdit } from '../diagnostics/diagnostic.js';
import type { SourceMap } from '../load/source-map.js';

/** The line break the file uses, so inserted lines match the rest (CRLF files stay CRLF). */
export function lineBreakOf(text: string): string {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Adds `key: value` at the end of a mapping written in the file, as the mapping is written:
 * a new line at the indentation of its keys for a block mapping (after the last entry's line,
 * comments on it kept), `, key: value` before the `}` of a flow mapping. `value` is YAML text
 * for one line. Undefined when the loader did not record the mapping or it is empty (no
 * indentation to copy): no edit is better than a guess that damages the file.
 */
export function appendEntry(text: string, sourceMap: SourceMap, mapping: object, key: string, value: string): TextEdit | undefined {
  const container = sourceMap.container(mapping);
  if (!container || container.entries.size === 0) return undefined;
  const entries = [...container.entries.values()];
  const first = entries[0]?.key;
  const last = entries[entries.length - 1];
  if (!first || !last) return undefined;
  const open = text[container.span.start];
  if (open === '{') {
    let close = container.span.end - 1;
    while (close > container.span.start && text[close] !== '}') close--;
    if (text[close] !== '}') return undefined;
    let end = close;
    while (end > container.span.start && /\s/.test(text[end - 1] as string)) end--;
    return { range: [end, end], text: `, ${key}: ${value}` };
  }
  const lineStart = text.lastIndexOf('\n', first.start - 1) + 1;
  const indent = text.slice(lineStart, first.start);
  // Only spaces or a block sequence's dash may precede a block mapping's first key on its line.
  if (!/^[ -]*$/.test(indent)) return undefined;
  const spaces = ' '.repeat(indent.length);
  // After the last entry: its value may end with the line break and trailing blank lines.
  let end = last.value.end;
  while (end > last.value.start && (text[end - 1] === '\n' || text[end - 1] === '\r' || text[end - 1] === ' ')) end--;
  const lineEnd = text.slice(end).search(/\r?\n/);
  const at = lineEnd === -1 ? text.length : end + lineEnd;
  return { range: [at, at], text: `${lineBreakOf(text)}${spaces}${key}: ${value}` };
}

/**
 * Adds `value` (YAML text for one scalar) at the end of a sequence written in the file, as the
 * sequence is written: `, value` after the last item of a flow sequence (`[a, b]`, one line or
 * several), `value` inside an empty `[]`, a new `- value` line at the indentation of the items'
 * dashes after the last item's line (comments on it kept) for a block sequence. Undefined when
 * the loader did not record the sequence or its layout is one a guess could damage.
 */
export function appendItem(text: string, sourceMap: SourceMap, list: readonly unknown[], value: string): TextEdit | undefined {
  const container = sourceMap.container(list);
  if (!container) return undefined;
  const items = [...container.entries.values()];
  const open = text[container.span.start];
  if (open === '[') {
    const last = items[items.length - 1];
    if (last) return { range: [last.value.end, last.value.end], text: `, ${value}` };
    const close = text.indexOf(']', container.span.start);
    return close === -1 || close >= container.span.end ? undefined : { range: [container.span.start + 1, container.span.start + 1], text: value };
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return undefined;
  const lineStart = text.lastIndexOf('\n', first.value.start - 1) + 1;
  const dash = text.lastIndexOf('-', first.value.start - 1);
  // Only spaces may precede the first item's dash: `- - a` (a list in a list) is left to a person.
  if (dash < lineStart || !/^ *$/.test(text.slice(lineStart, dash)) || !/^[ \t]*$/.test(text.slice(dash + 1, first.value.start))) return undefined;
  const indent = text.slice(lineStart, dash);
  let end = last.value.end;
  while (end > last.value.start && (text[end - 1] === '\n' || text[end - 1] === '\r' || text[end - 1] === ' ')) end--;
  const lineEnd = text.slice(end).search(/\r?\n/);
  const at = lineEnd === -1 ? text.length : end + lineEnd;
  return { range: [at, at], text: `${lineBreakOf(text)}${indent}- ${value}` };
}

/**
 * Adds `key: value` as a new line just before the entry `before` of a block mapping (at that
 * entry's indentation), so that a new top-level key lands where a reader expects it rather than
 * after `states:`. Undefined when the mapping is a flow mapping or has no entry `before`.
 */
export function insertEntryBefore(text: string, sourceMap: SourceMap, mapping: object, before: string, key: string, value: string): TextEdit | undefined {
  const entry = sourceMap.entry(mapping, before)?.key;
  if (!entry) return undefined;
  const lineStart = text.lastIndexOf('\n', entry.start - 1) + 1;
  const indent = text.slice(lineStart, entry.start);
  if (!/^ *$/.test(indent)) return undefined;
  return { range: [lineStart, lineStart], text: `${indent}${key}: ${value}${lineBreakOf(text)}` };
}
