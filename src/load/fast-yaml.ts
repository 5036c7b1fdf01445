import { span, type Span } from '../diagnostics/diagnostic.js';
import { SourceMap } from './source-map.js';

/**
 * A reader for the plain subset of YAML that journey files are written in: block
 * mappings and sequences indented with spaces, one-line plain and quoted scalars,
 * one-line flow collections, and literal or folded block scalars. It gives exactly
 * the data and positions the `yaml` Document path gives (the spans follow yaml's own
 * rules for which trailing comments belong to which node) and gives up — returns
 * undefined — on anything outside that subset or anything the Document path would
 * report, so that such a file is parsed by `yaml`. test/load/fast-path.test.ts holds
 * the two paths to each other.
 */

/** Data and positions of a file the fast path read completely. */
export interface FastParsed {
  readonly data: Record<string, unknown>;
  readonly sourceMap: SourceMap;
}

/** Thrown (and always caught here) when the input leaves the subset this reader proves. */
const BAIL = Symbol('bail');

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Keys that the Document path refuses or treats specially: always left to it. */
const SPECIAL_KEYS = new Set(['__proto__', 'constructor', 'prototype', '<<']);

/** A parsed node: its value, `range[0..1]` as yaml has it, and `range[2]` (where its trailing tokens end). */
interface ReadNode {
  value: unknown;
  start: number;
  end: number;
  tail: number;
}

/**
 * Comment and blank lines after the last value of a collection that yaml keeps as an
 * item of their own: they end up in the range of the innermost collection that a
 * comment among them is not less indented than.
 */
interface Trailer {
  /** Deepest indentation of a comment line in it (-1: blank lines only). */
  maxComment: number;
  /** Where its last token ends. */
  end: number;
}

/** Reads `text` (line breaks already normalised) if it is in the subset; undefined means "use yaml". */
export function readSimpleYaml(text: string, maxDepth: number): FastParsed | undefined {
  if (!plainCharacters(text)) return undefined;
  try {
    return new Reader(text, maxDepth).document();
  } catch {
    // BAIL, or a fault of this reader: either way yaml's Document path reads the file.
    return undefined;
  }
}

/**
 * Only characters whose meaning is the same for yaml and for this reader: no tabs,
 * carriage returns, byte order marks, control or other line-break characters, and
 * no lone surrogate halves.
 */
function plainCharacters(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x7f) {
      if (c < SPACE && c !== NL) return false;
      continue;
    }
    if (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}

/** Characters of a plain key: lowercase-name-like text only. */
function isKeyChar(c: number, first: boolean): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) return true;
  return !first && (c === DASH || c === 46 || c === 47 || c === 36);
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const OTHER_CORE = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** A plain scalar's value under the YAML 1.2 core schema, as yaml resolves it (numbers JSON cannot hold bail). */
function resolvePlain(source: string): unknown {
  switch (source) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = source.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46)) return source;
  let value: number;
  if (INT.test(source)) value = parseInt(source, 10);
  else if (FLOAT_EXP.test(source) || FLOAT.test(source)) value = parseFloat(source);
  else if (OTHER_CORE.test(source)) throw BAIL;
  else return source;
  if (!Number.isFinite(value)) throw BAIL;
  return value;
}

class Reader {
  private readonly n: number;
  private sourceMap = new SourceMap(span(0));
  /** Start of the next content line after the value just read, and its indentation (-1 at the end). */
  private nextStart = 0;
  private nextIndent = -1;
  /** Trailing comment lines on their way up to the collection that keeps them. */
  private trailer: Trailer | undefined;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.n = text.length;
  }

  document(): FastParsed {
    this.skipTrivia(0, -1, undefined, false);
    if (this.nextIndent !== 0) throw BAIL;
    const start = this.nextStart;
    if (this.isSeqIndicator(start) || !this.startsKey(start)) throw BAIL;
    // The root's end is known only when it has been read; the source map holds this object.
    const rootSpan = { start, end: start };
    this.sourceMap = new SourceMap(rootSpan);
    const root = this.blockMap(0, start, 0);
    if (!this.atEnd()) throw BAIL;
    rootSpan.end = root.end;
    return { data: root.value as Record<string, unknown>, sourceMap: this.sourceMap };
  }

  private atEnd(): boolean {
    return this.nextIndent === -1;
  }

  /** A block mapping whose first key starts at `first`, in column `indent`. */
  private blockMap(indent: number, first: number, depth: number): ReadNode {
    if (depth >= this.maxDepth) throw BAIL;
    const text = this.text;
    const out: Record<string, unknown> = {};
    const entries = new Map<string, { key: Span; value: Span }>();
    let p = first;
    let lastTail = first;
    for (;;) {
      const keyEnd = this.keyEnd(p);
      if (keyEnd < 0) throw BAIL;
      const key = text.slice(p, keyEnd);
      if (typeof resolvePlain(key) !== 'string' || SPECIAL_KEYS.has(key) || entries.has(key)) throw BAIL;
      let q = keyEnd + 1;
      while (q < this.n && text.charCodeAt(q) === SPACE) q++;
      let value: ReadNode;
      if (q >= this.n || text.charCodeAt(q) === NL || (text.charCodeAt(q) === HASH && q > keyEnd + 1)) {
        value = this.nestedBlock(indent, this.lineAfter(q), depth);
      } else {
        value = this.inlineValue(q, indent, depth);
      }
      out[key] = value.value;
      entries.set(key, { key: span(p, keyEnd), value: span(value.start, value.end) });
      lastTail = value.tail;
      if (this.nextIndent === indent) {
        p = this.nextStart;
        if (this.isSeqIndicator(p)) throw BAIL;
        this.trailer = undefined; // it becomes the start of the next item
        continue;
      }
      if (this.nextIndent > indent) throw BAIL;
      break;
    }
    const tail = this.close(indent, lastTail);
    this.sourceMap.set(out, { span: span(first, lastTail), entries });
    return { value: out, start: first, end: lastTail, tail };
  }

  /** A block sequence whose first `-` is at `first`, in column `indent`. */
  private blockSeq(indent: number, first: number, depth: number): ReadNode {
    if (depth >= this.maxDepth) throw BAIL;
    const text = this.text;
    const out: unknown[] = [];
    const entries = new Map<number, { value: Span }>();
    let p = first;
    let lastTail = first;
    for (;;) {
      let q = p + 1;
      if (q >= this.n || text.charCodeAt(q) !== SPACE) throw BAIL; // `-` alone: the item is on later lines or empty
      while (q < this.n && text.charCodeAt(q) === SPACE) q++;
      if (q >= this.n || text.charCodeAt(q) === NL || text.charCodeAt(q) === HASH || this.isSeqIndicator(q)) throw BAIL;
      const value = this.startsKey(q) ? this.blockMap(indent + (q - p), q, depth + 1) : this.inlineValue(q, indent, depth);
      entries.set(out.length, { value: span(value.start, value.end) });
      out.push(value.value);
      lastTail = value.tail;
      if (this.nextIndent === indent) {
        p = this.nextStart;
        if (!this.isSeqIndicator(p)) throw BAIL;
        this.trailer = undefined;
        continue;
      }
      if (this.nextIndent > indent) throw BAIL;
      break;
    }
    const tail = this.close(indent, lastTail);
    this.sourceMap.set(out, { span: span(first, lastTail), entries });
    return { value: out, start: first, end: lastTail, tail };
  }

  /**
   * A collection closes: yaml keeps the trailing comment lines in it when one of them is
   * at least as indented as the collection (and it is not at column 0); then its
   * `range[2]` reaches their end. Otherwise they move on to the parent.
   */
  private close(indent: number, lastTail: number): number {
    const trailer = this.trailer;
    if (trailer && indent > 0 && trailer.maxComment >= indent) {
      this.trailer = undefined;
      return trailer.end;
    }
    return lastTail;
  }

  /** The value of `key:` at the end of a line: a mapping or sequence on the following, more indented lines. */
  private nestedBlock(indent: number, from: number, depth: number): ReadNode {
    // Comment lines between the key and its value belong to the key's separator: no span depends on them.
    this.skipTrivia(from, -1, undefined, false);
    this.trailer = undefined;
    const start = this.nextStart;
    if (this.nextIndent <= indent) throw BAIL; // an empty value, or a sequence at the key's own indentation
    if (this.isSeqIndicator(start)) return this.blockSeq(this.nextIndent, start, depth + 1);
    if (!this.startsKey(start)) throw BAIL;
    return this.blockMap(this.nextIndent, start, depth + 1);
  }

  /** A value that starts on the current line at `p`, inside a collection at column `indent`. */
  private inlineValue(p: number, indent: number, depth: number): ReadNode {
    const c = this.text.charCodeAt(p);
    if (c === 124 || c === 62) return this.blockScalar(p, indent);
    let node: ReadNode;
    if (c === 91 || c === 123) node = this.flow(p, depth + 1);
    else if (c === 34 || c === 39) node = this.quoted(p);
    else node = this.plainBlockScalar(p);
    const after = this.lineRest(node.end);
    node.tail = after;
    this.skipTrivia(after, indent, node, true);
    return node;
  }

  /** A one-line plain scalar in block context. */
  private plainBlockScalar(p: number): ReadNode {
    const text = this.text;
    if (!this.canStartPlain(p)) throw BAIL;
    let q = p;
    let end = p;
    while (q < this.n) {
      const c = text.charCodeAt(q);
      if (c === NL) break;
      if (c === SPACE) {
        if (text.charCodeAt(q + 1) === HASH) break;
      } else {
        if (c === COLON) {
          const d = text.charCodeAt(q + 1);
          if (q + 1 >= this.n || d === SPACE || d === NL) throw BAIL; // a mapping inside a scalar: yaml's error
        }
        end = q + 1;
      }
      q++;
    }
    return { value: resolvePlain(text.slice(p, end)), start: p, end, tail: end };
  }

  /** A plain scalar may not start with an indicator (and `-`, `?`, `:` only when text follows). */
  private canStartPlain(p: number): boolean {
    const c = this.text.charCodeAt(p);
    switch (c) {
      case 44: // ,
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case HASH:
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case 39: // '
      case 34: // "
      case 37: // %
      case 64: // @
      case 96: // `
        return false;
      case DASH:
      case 63: // ?
      case COLON: {
        const d = this.text.charCodeAt(p + 1);
        return p + 1 < this.n && d !== SPACE && d !== NL;
      }
    }
    return true;
  }

  /** A single- or double-quoted scalar on one line (double-quoted without escapes). */
  private quoted(p: number): ReadNode {
    const text = this.text;
    const quote = text.charCodeAt(p);
    let q = p + 1;
    let value = '';
    let from = q;
    for (;;) {
      if (q >= this.n) throw BAIL;
      const c = text.charCodeAt(q);
      if (c === NL || (c === 92 && quote === 34)) throw BAIL;
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(q + 1) === 39) {
          value += text.slice(from, q + 1);
          q += 2;
          from = q;
          continue;
        }
        value += text.slice(from, q);
        return { value, start: p, end: q + 1, tail: q + 1 };
      }
      q++;
    }
  }

  /** A flow collection on one line: `[a, b]` or `{ a: 1, b: [c] }`. */
  private flow(p: number, depth: number): ReadNode {
    if (depth >= this.maxDepth) throw BAIL;
    const text = this.text;
    const isMap = text.charCodeAt(p) === 123;
    const close = isMap ? 125 : 93;
    let q = this.skipSpaces(p + 1);
    if (isMap) {
      const out: Record<string, unknown> = {};
      const entries = new Map<string, { key: Span; value: Span }>();
      if (text.charCodeAt(q) !== close) {
        for (;;) {
          const keyEnd = this.keyEnd(q);
          if (keyEnd < 0) throw BAIL;
          const key = text.slice(q, keyEnd);
          if (typeof resolvePlain(key) !== 'string' || SPECIAL_KEYS.has(key) || entries.has(key)) throw BAIL;
          if (text.charCodeAt(keyEnd + 1) !== SPACE) throw BAIL;
          const value = this.flowItem(this.skipSpaces(keyEnd + 1), depth);
          out[key] = value.value;
          entries.set(key, { key: span(q, keyEnd), value: span(value.start, value.end) });
          q = this.skipSpaces(value.end);
          if (this.afterFlowItem(q, close)) break;
          q = this.skipSpaces(q + 1);
        }
      }
      const end = q + 1;
      this.sourceMap.set(out, { span: span(p, end), entries });
      return { value: out, start: p, end, tail: end };
    }
    const out: unknown[] = [];
    const entries = new Map<number, { value: Span }>();
    if (text.charCodeAt(q) !== close) {
      for (;;) {
        const value = this.flowItem(q, depth);
        entries.set(out.length, { value: span(value.start, value.end) });
        out.push(value.value);
        q = this.skipSpaces(value.end);
        if (this.afterFlowItem(q, close)) break;
        q = this.skipSpaces(q + 1);
      }
    }
    const end = q + 1;
    this.sourceMap.set(out, { span: span(p, end), entries });
    return { value: out, start: p, end, tail: end };
  }

  /** After an item of a flow collection: true at its closing bracket, false at a comma followed by another item. */
  private afterFlowItem(q: number, close: number): boolean {
    const c = this.text.charCodeAt(q);
    if (c === close) return true;
    if (c !== 44) throw BAIL;
    const next = this.text.charCodeAt(this.skipSpaces(q + 1));
    if (next === 93 || next === 125 || next === 44) throw BAIL; // a trailing or doubled comma
    return false;
  }

  /** One item of a flow collection: a nested flow collection, a quoted or a plain scalar. */
  private flowItem(p: number, depth: number): ReadNode {
    const c = this.text.charCodeAt(p);
    if (c === 91 || c === 123) return this.flow(p, depth + 1);
    if (c === 34 || c === 39) return this.quoted(p);
    if (!this.canStartPlain(p)) throw BAIL;
    const text = this.text;
    let q = p;
    let end = p;
    while (q < this.n) {
      const ch = text.charCodeAt(q);
      if (ch === 44 || ch === 93 || ch === 125) break;
      // Cases yaml reads in ways this reader does not try to follow: left to it.
      if (ch === NL || ch === COLON || ch === HASH || ch === 91 || ch === 123) throw BAIL;
      if (ch !== SPACE) end = q + 1;
      q++;
    }
    if (end === p) throw BAIL;
    return { value: resolvePlain(text.slice(p, end)), start: p, end, tail: end };
  }

  /** A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose lines are all at one indentation. */
  private blockScalar(p: number, indent: number): ReadNode {
    const text = this.text;
    const folded = text.charCodeAt(p) === 62;
    let q = p + 1;
    const strip = text.charCodeAt(q) === DASH;
    if (strip) q++;
    const c = text.charCodeAt(q);
    if (q < this.n && c !== NL && c !== SPACE) throw BAIL; // indentation indicators, keep chomping
    let lineStart = this.lineRest(q);
    let blockIndent = -1;
    const lines: string[] = [];
    let end = lineStart;
    let pendingBlank = 0;
    while (lineStart < this.n) {
      let s = lineStart;
      while (s < this.n && text.charCodeAt(s) === SPACE) s++;
      const eol = this.eol(s);
      if (s === eol) {
        if (s !== lineStart) throw BAIL; // a line of spaces only: yaml's rules for it are not followed here
        if (lines.length === 0) throw BAIL; // leading blank lines
        pendingBlank++;
        lineStart = eol + 1;
        continue;
      }
      const k = s - lineStart;
      if (blockIndent < 0) {
        if (k <= indent) throw BAIL; // an empty block scalar
        blockIndent = k;
      }
      if (k < blockIndent) break;
      if (k > blockIndent || text.charCodeAt(eol - 1) === SPACE) throw BAIL; // more-indented lines and trailing spaces fold differently
      // Blank lines count only when content follows them (trailing ones are chomped).
      for (; pendingBlank > 0; pendingBlank--) lines.push('');
      lines.push(text.slice(s, eol));
      end = eol < this.n ? eol + 1 : eol;
      lineStart = end;
    }
    if (lines.length === 0) throw BAIL;
    let value = folded ? fold(lines) : lines.join('\n');
    if (!strip) value += '\n';
    const node: ReadNode = { value, start: p, end, tail: end };
    // yaml's block-scalar token has no trailing tokens of its own: comment lines indented
    // past the collection after it are left to yaml.
    this.skipTrivia(end, indent, node, false);
    return node;
  }

  /**
   * Reads blank and comment lines from `from` (a line start) up to the next content line,
   * as yaml assigns them after `value` in a collection at column `indent`: a comment
   * indented past the collection right after the value (or after blank lines only)
   * extends the value's trailing tokens; the others form a trailer.
   */
  private skipTrivia(from: number, indent: number, value: ReadNode | undefined, valueHasEnd: boolean): void {
    const text = this.text;
    let p = from;
    let trailer: Trailer | undefined;
    while (p < this.n) {
      let q = p;
      while (q < this.n && text.charCodeAt(q) === SPACE) q++;
      const k = q - p;
      const eol = this.eol(q);
      const after = eol < this.n ? eol + 1 : eol;
      if (q === eol) {
        trailer ??= { maxComment: -1, end: after };
        trailer.end = after;
        p = after;
        continue;
      }
      if (text.charCodeAt(q) === HASH) {
        if (value && k > indent && (!trailer || trailer.maxComment < 0)) {
          if (!valueHasEnd) throw BAIL;
          value.tail = after;
          trailer = undefined;
        } else {
          trailer ??= { maxComment: -1, end: after };
          if (k > trailer.maxComment) trailer.maxComment = k;
          trailer.end = after;
        }
        p = after;
        continue;
      }
      if (k === 0 && this.isDocumentMarker(q)) throw BAIL;
      if (trailer && k > 0) trailer.end = p + k;
      this.trailer = trailer;
      this.nextStart = q;
      this.nextIndent = k;
      return;
    }
    this.trailer = trailer;
    this.nextStart = this.n;
    this.nextIndent = -1;
  }

  /** `---`, `...` or a directive at the start of a line: documents and directives are yaml's. */
  private isDocumentMarker(q: number): boolean {
    const c = this.text.charCodeAt(q);
    return c === 37 || this.text.startsWith('---', q) || this.text.startsWith('...', q);
  }

  /** End of a plain key starting at `p` (the offset of its `:`, followed by a space or the line end), or -1. */
  private keyEnd(p: number): number {
    const text = this.text;
    if (!isKeyChar(text.charCodeAt(p), true)) return -1;
    let q = p + 1;
    while (q < this.n && isKeyChar(text.charCodeAt(q), false)) q++;
    if (text.charCodeAt(q) !== COLON) return -1;
    const d = text.charCodeAt(q + 1);
    if (q + 1 < this.n && d !== SPACE && d !== NL) return -1;
    if (q - p > 1000) return -1;
    return q;
  }

  private startsKey(p: number): boolean {
    return this.keyEnd(p) >= 0;
  }

  private isSeqIndicator(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const d = this.text.charCodeAt(p + 1);
    return p + 1 >= this.n || d === SPACE || d === NL;
  }

  /** After a value on its line: spaces, then an optional comment (after a space), then the line end; returns the next line's start. */
  private lineRest(p: number): number {
    const text = this.text;
    let q = p;
    while (q < this.n && text.charCodeAt(q) === SPACE) q++;
    if (q < this.n && text.charCodeAt(q) === HASH) {
      if (q === p) throw BAIL;
      q = this.eol(q);
    }
    if (q < this.n && text.charCodeAt(q) !== NL) throw BAIL;
    return q < this.n ? q + 1 : q;
  }

  /** Start of the line after the one `p` is on, where `p` is at spaces or a comment before the line end. */
  private lineAfter(p: number): number {
    const eol = this.eol(p);
    return eol < this.n ? eol + 1 : eol;
  }

  private eol(p: number): number {
    const i = this.text.indexOf('\n', p);
    return i < 0 ? this.n : i;
  }

  private skipSpaces(p: number): number {
    while (p < this.n && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }
}

/** Folds the lines of a `>` scalar: a single line break becomes a space, each blank line a line break. */
function fold(lines: readonly string[]): string {
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') {
      out += '\n';
      continue;
    }
    out += lines[i - 1] === '' ? line : ' ' + line;
  }
  return out;
}
