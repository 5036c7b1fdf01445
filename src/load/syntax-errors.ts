// Syntax errors in words people can act on. The yaml package reports a mistake and its
// consequences (a key indented one space too few gives several errors, the caret at column 1);
// this module keeps the first, explains it in terms of the file (the key's indentation against
// its siblings, a tab, an unclosed bracket or quote, a missing colon), and checks an explanation
// that proposes a fix by parsing the fixed text. Runs only on files that already failed to parse.
import { parseDocument, type YAMLError } from 'yaml';
import { SYNTAX, span, type Diagnostic, type LoadCode, type Span } from '../diagnostics/diagnostic.js';

/** Options of every parse: see the notes. */
// Duplicate keys are found by our own walk: the yaml package's check compares every pair of keys (quadratic).
// resolveKnownTags: false keeps to the core schema: `!!timestamp` (time-zone dependent) and
// `!!binary` (bytes) would otherwise be resolved although no journey value has those types.
export const PARSE_OPTIONS = { uniqueKeys: false, strict: true, prettyErrors: false, version: '1.2', resolveKnownTags: false } as const;

/** yaml error codes that are findings of their own, reported beside the one syntax error rather than dropped as its consequences. */
export const OWN_FINDINGS = new Set(['DUPLICATE_KEY', 'RESOURCE_EXHAUSTION', 'MULTIPLE_DOCS']);

/** Load codes of the yaml errors that are findings of their own. */
const YAML_CODES: Partial<Record<string, LoadCode>> = {
  DUPLICATE_KEY: 'duplicate-key',
  RESOURCE_EXHAUSTION: 'too-deep',
  MULTIPLE_DOCS: 'multiple-documents',
};


export function syntaxError(code: LoadCode, message: string, at: Span, extra: { hint?: string; severity?: 'error' | 'warning' } = {}): Diagnostic {
  const severity = extra.severity ?? 'error';
  return {
    ruleId: SYNTAX,
    code,
    severity,
    message,
    span: at,
    ...(severity === 'error' ? { fatal: true } : {}),
    ...(extra.hint ? { hint: extra.hint } : {}),
  };
}

export function fromYamlError(error: YAMLError, text: string, severity: 'error' | 'warning'): Diagnostic {
  const [start, end] = error.pos;
  const at = span(start, Math.max(end, start + 1));
  const code: LoadCode = severity === 'warning' ? 'yaml-warning' : (YAML_CODES[error.code] ?? 'yaml-syntax');
  const detail = firstLine(error.message);
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = keyAt(text, start);
      return syntaxError(code, `Duplicate key${key ? ` \`${key}\`` : ''}: a key may appear only once in a mapping.`, at, {
        hint: 'Remove or rename one of them; YAML tools disagree on which one would win.',
      });
    }
    case 'RESOURCE_EXHAUSTION':
      return syntaxError(code, 'The document is nested too deeply to parse.', at);
    case 'TAB_AS_INDENT':
      return syntaxError(code, 'Tabs cannot indent YAML; use spaces.', text[start] === '\t' ? span(start, tabsEnd(text, start)) : at, { hint: 'Replace the tab with spaces.' });
    case 'MULTIPLE_DOCS':
      return syntaxError(code, 'A journey file holds one YAML document, but this one has several.', at, {
        hint: 'Remove the `---` separator and move each journey into its own file.',
      });
    case 'TAG_RESOLVE_FAILED':
      return syntaxError(code, `Unknown YAML tag ${shownTag(detail)}; the value is read as plain text.`, at, {
        severity,
        hint: 'Remove the tag. Journey files use the YAML 1.2 core schema: only `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq` are understood.',
      });
    default:
      return syntaxError(code, severity === 'error' ? `YAML syntax error: ${detail}` : `YAML warning: ${detail}`, severity === 'error' ? onToken(text, at) : at, { severity });
  }
}

/** The parser puts some errors on a line's indentation; a caret under the token after it shows what is meant. */
function onToken(text: string, at: Span): Span {
  if (text[at.start] !== ' ') return at;
  let p = at.start;
  while (text[p] === ' ') p++;
  if (p >= text.length || text[p] === '\n' || text[p] === '\r' || text[p] === '\t') return at;
  let e = p;
  while (e < text.length && !/[\s:]/.test(text[e]!)) e++;
  return span(p, Math.max(e, p + 1));
}

/** `Unresolved tag: tag:yaml.org,2002:timestamp` -> `` `!!timestamp` ``; other tags as written. */
function shownTag(detail: string): string {
  const tag = detail.replace(/^Unresolved tag:\s*/, '');
  return `\`${tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag}\``;
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function keyAt(text: string, offset: number): string {
  const m = /^["']?([^"':\n]{1,80})/.exec(text.slice(offset, offset + 100));
  return m?.[1]?.trim() ?? '';
}


/** True when a quote at `i` opens a quoted scalar (not an apostrophe inside plain text). */
export function startsScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < 0 || text[j] === '\n') return true;
  const before = text[j];
  if (before === '[' || before === '{' || before === ',') return true;
  // After `key:`, `-` or `?` a space is needed before the scalar starts.
  return (before === ':' || before === '-' || before === '?') && j < i - 1;
}


/** An edit that would repair the text: replace `[start, end)` with `insert`. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

/**
 * One way to explain the first syntax error. With a `fix`, the explanation is only
 * believed when the fixed text parses past the error; without one it stands alone.
 */
interface Explanation {
  readonly at: Span;
  readonly message: string;
  readonly hint: string;
  readonly fix?: Edit;
}

/** Re-parses allowed per file to test suggested fixes: the error path only, and a few are enough. */
const MAX_REPARSES = 3;

/**
 * The one finding for the parser's syntax errors: the first mistake in source order,
 * explained in terms of the file (a key's indentation against its siblings, a tab, an
 * unclosed bracket or quote, a missing colon) when the structure scan finds one that
 * holds, else the parser's first error itself.
 */
export function firstSyntaxError(text: string, errors: readonly YAMLError[]): Diagnostic {
  const first = errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  const lines = new LineStarts(text);
  const firstLine = lines.of(first.pos[0]);
  const explanations = new StructureScan(text).run() ?? [];
  let reparses = MAX_REPARSES;
  let known: Set<number> | undefined;
  for (const e of explanations) {
    const line = lines.of(e.at.start);
    if (e.fix) {
      if (reparses-- <= 0) continue;
      known ??= new Set(errors.map((x) => lines.of(x.pos[0])));
      if (!repairs(text, e.fix, Math.max(firstLine, line, lines.of(e.fix.start)), known)) continue;
    } else if (line > firstLine) {
      // Unconfirmed and after the parser's first error: the scan missed what the parser saw.
      continue;
    }
    return syntaxError('yaml-syntax', e.message, e.at, { hint: e.hint });
  }
  return fromYamlError(first, text, 'error');
}

/**
 * True when the edit removes every syntax error up to line `through` without making
 * new ones after it: the first error left, if any, is on a line that had one before
 * (another mistake further down). Line numbers do not move: edits never add or remove
 * line breaks.
 */
function repairs(text: string, fix: Edit, through: number, known: ReadonlySet<number>): boolean {
  const fixed = text.slice(0, fix.start) + fix.insert + text.slice(fix.end);
  let errors: YAMLError[];
  try {
    errors = parseDocument(fixed, PARSE_OPTIONS).errors.filter((e) => !OWN_FINDINGS.has(e.code));
  } catch {
    return false;
  }
  if (errors.length === 0) return true;
  const first = errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  const line = new LineStarts(fixed).of(first.pos[0]);
  return line > through && known.has(line);
}

/** 0-based line numbers of offsets (line breaks are LF or CRLF here). */
class LineStarts {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  of(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

const BAIL = 'bail';
/** What reading a line led to: nothing to report yet, a structure the scan does not follow, or explanations. */
type Outcome = undefined | typeof BAIL | Explanation[];

/** One physical line: offsets into the text. */
interface Line {
  readonly start: number;
  /** End of the content, before `\r\n` or `\n`. */
  readonly end: number;
  readonly next: number;
  /** Leading spaces, up to the first tab or content. */
  readonly indent: number;
  /** First character that is neither a space nor a tab. */
  readonly lead: number;
  /** First tab before `lead`, or -1. */
  readonly tab: number;
}

/** A key, a `- ` or a value at the start of a line (or after `- `). */
type Entry =
  | { readonly kind: 'dash'; readonly start: number }
  | { readonly kind: 'key'; readonly start: number; readonly end: number; readonly name: string; readonly colon: number }
  | { readonly kind: 'value'; readonly start: number };

/** A key or `-` already seen in a block, for "like `x` above it". */
interface Seen {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly lineStart: number;
}

/** An open block mapping or list. */
interface Block {
  readonly indent: number;
  readonly kind: 'map' | 'seq';
  /** Indentation of the key or `-` that holds it; -1 for the document. */
  readonly parent: number;
  /** Begun after `- ` on its parent's line, or a list at its key's own indentation: its first entry cannot move on its own. */
  readonly fixed: boolean;
  readonly entries: Seen[];
}

/** A `|` or `>` scalar being read: its lines are text, indented like its first line. */
interface BlockScalar {
  /** Indentation its lines must exceed. */
  readonly owner: number;
  readonly key: string | undefined;
  /** Indentation of its text, set by its first line unless the header gives it. */
  content: number | undefined;
  first: { start: number; end: number; lineStart: number } | undefined;
  lines: number;
}

/** A quoted scalar or flow collection still open at the end of a line. */
interface Open {
  quote: '"' | "'" | undefined;
  quoteAt: number;
  readonly brackets: number[];
  /** Indentation its further lines must exceed. */
  readonly owner: number;
  /** The key whose value it is, for messages. */
  readonly key: string | undefined;
}

/**
 * A line-by-line reading of YAML's block structure, run only after the parser has
 * reported an error. It follows indentation the way a person reads it (keys against
 * their siblings, values against their keys) and stops at the first line that does not
 * fit, offering the explanations that line allows, most likely first. Anything it does
 * not follow (complex keys, flow keys, ...) ends the scan, and the parser's own error is used.
 */
class StructureScan {
  private readonly stack: Block[] = [];
  /** A key or `-` with nothing after it: the next, deeper line starts its value. */
  private pending: { indent: number; key: string | undefined } | undefined;
  /** A plain scalar that may go on: the indentation its further lines must exceed; after `- `, a deeper `- ` is another item, not more text. */
  private continuable: { owner: number; dash: boolean } | undefined;
  /** The previous line, when it was a one-line plain value on its own line (a key without its colon?). */
  private lastValue: { start: number; end: number; indent: number } | undefined;
  private blockScalar: BlockScalar | undefined;
  private open: Open | undefined;
  /** A `key:` left empty because the next line was its sibling, while that sibling is the last line read. */
  private emptied: { key: string; indent: number; block: Block } | undefined;
  /** Blocks the current line closed, innermost first. */
  private lastPopped: Block[] = [];
  private fileStep: number | undefined;

  constructor(private readonly text: string) {}

  run(): Explanation[] | undefined {
    for (let pos = 0; pos < this.text.length; ) {
      const line = this.readLine(pos);
      pos = line.next;
      const outcome = this.line(line);
      if (outcome === BAIL) return undefined;
      if (outcome) return outcome;
    }
    return this.open ? this.unclosed(this.open, undefined) : undefined;
  }

  private readLine(start: number): Line {
    const t = this.text;
    let nl = t.indexOf('\n', start);
    if (nl === -1) nl = t.length;
    const end = nl > start && t[nl - 1] === '\r' ? nl - 1 : nl;
    // A byte-order mark in in-memory text is not indentation.
    const s = start === 0 && t.charCodeAt(0) === 0xfeff ? 1 : start;
    let p = s;
    while (p < end && t[p] === ' ') p++;
    let lead = p;
    let tab = -1;
    while (lead < end && (t[lead] === ' ' || t[lead] === '\t')) {
      if (t[lead] === '\t' && tab === -1) tab = lead;
      lead++;
    }
    return { start: s, end, next: nl + 1, indent: p - s, lead, tab };
  }

  private line(l: Line): Outcome {
    const t = this.text;
    const blank = l.lead === l.end;
    if (this.blockScalar) {
      const b = this.blockScalar;
      if (blank) return undefined;
      if (b.content === undefined && l.indent > b.owner) {
        b.content = l.indent;
        b.first = { start: l.lead, end: l.end, lineStart: l.start };
      }
      if (b.content !== undefined && l.indent >= b.content) {
        b.lines++;
        return undefined;
      }
      this.blockScalar = undefined;
      if (l.tab !== -1) {
        const entry = this.entryAt(l.lead, l.end);
        if (entry !== BAIL && !isKeyLike(entry)) return this.tabIndent(l, entry, b.content ?? Math.max(b.owner, 0) + this.step(), b.content !== undefined);
      }
      if (b.content !== undefined && l.indent > b.owner && l.tab === -1) {
        const text = this.textMisindented(b, l);
        // `on:` after the text is more likely a key than text; `For example: ...` more likely text.
        const entry = this.entryAt(l.lead, l.end);
        if (entry === BAIL || !isKeyLike(entry)) return text;
        const keyed = this.structure(l);
        return Array.isArray(keyed) ? [...keyed, ...text] : text;
      }
    }
    if (this.open) {
      const o = this.open;
      if (blank || (o.quote === undefined && t[l.lead] === '#')) return undefined;
      // A flow collection may close at its key's indentation (`]` on a line of its own).
      const closes = o.quote === undefined && (t[l.lead] === ']' || t[l.lead] === '}');
      if (l.indent <= o.owner && !closes) return this.unclosed(o, l);
      const r = this.scanOpen(o, l.lead, l.end);
      if (typeof r !== 'number') return r;
      this.open = undefined;
      return this.afterClose(r, l.end);
    }
    if (blank || t[l.lead] === '#') return undefined;
    if (l.indent === 0 && l.tab === -1 && (t.startsWith('---', l.start) || t.startsWith('...', l.start)) && (l.start + 3 === l.end || isBlank(t[l.start + 3]))) {
      // A new document starts from nothing.
      this.stack.length = 0;
      this.pending = this.continuable = this.lastValue = this.emptied = undefined;
      return this.restIsEmpty(l.start + 3, l.end) ? undefined : BAIL;
    }
    if (l.indent === 0 && t[l.lead] === '%') return undefined; // a directive
    return this.structure(l);
  }

  private structure(l: Line): Outcome {
    const t = this.text;
    const i = l.indent;
    const entry = this.entryAt(l.lead, l.end);
    if (entry === BAIL) return BAIL;
    // A deeper line after a plain value goes on with it, unless it reads as a key.
    const c = this.continuable;
    if (c && i > c.owner && entry.kind !== 'key' && !(c.dash && entry.kind === 'dash')) {
      this.lastValue = undefined;
      return undefined;
    }
    this.continuable = undefined;
    const last = this.lastValue;
    this.lastValue = undefined;
    if (l.tab !== -1) return this.tabIndent(l, entry);

    if (entry.kind === 'value') {
      const pending = this.pending;
      this.pending = this.emptied = undefined;
      if (pending ? i > pending.indent : this.stack.length === 0) {
        const owner = pending ? pending.indent : -1;
        const v = this.value(entry.start, l.end, owner, pending?.key);
        if (v === 'plain') {
          this.continuable = { owner, dash: false };
          this.lastValue = { start: entry.start, end: plainEnd(t, entry.start, l.end), indent: i };
          return undefined;
        }
        return v === 'empty' || v === 'done' ? undefined : Array.isArray(v) ? v : BAIL;
      }
      const ch = t[entry.start];
      if (ch === ']' || ch === '}') return [{ at: span(entry.start, entry.start + 1), message: `This \`${ch}\` closes nothing: no \`${ch === ']' ? '[' : '{'}\` is open.`, hint: `Remove the \`${ch}\`.` }];
      while (this.top && this.top.indent > i) this.stack.pop();
      const top = this.top;
      if (top?.indent !== i || top.kind !== 'map') return BAIL;
      if (isPlainStart(t, entry.start)) return this.missingColon(entry.start, plainEnd(t, entry.start, l.end), false);
      // A quote where a key should be that does not close on its line: YAML keys are one line long.
      if ((ch === '"' || ch === "'") && quoteEnd(t, entry.start, l.end) === -1) {
        return this.unclosed({ quote: ch, quoteAt: entry.start, brackets: [], owner: i, key: undefined }, l, 'on its line');
      }
      return BAIL;
    }

    // A key after a plain value on its own line at its indentation or deeper: that value was probably meant as a key.
    const guesses = entry.kind === 'key' && last && i >= last.indent ? this.missingColon(last.start, last.end, true) : [];
    const placed = this.place(i, entry.kind, l, entry);
    if (placed === BAIL) return guesses.length > 0 ? guesses : BAIL;
    if (placed) return [...guesses, ...placed];
    if (guesses.length > 0) return guesses;
    return entry.kind === 'key' ? this.keyValue(entry, l.end, i) : this.dashes(entry.start, l, i);
  }

  private get top(): Block | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** A line of a `|`/`>` text indented less than the text but more than its key: this line is off, or the text's first line was. */
  private textMisindented(b: BlockScalar, l: Line): Explanation[] {
    const content = b.content!;
    const i = l.indent;
    const under = b.key !== undefined ? `the text under \`${shown(b.key)}\`` : 'this text';
    const line: Explanation = {
      at: span(l.lead, Math.max(plainEnd(this.text, l.lead, l.end), l.lead + 1)),
      message: `This line of ${under} is indented ${spaces(i)}, but the text is indented ${content}, like its first line.`,
      hint: `Indent this line by ${spaces(content)}, like the text above it.`,
      fix: { start: l.start, end: l.start + i, insert: ' '.repeat(content) },
    };
    const f = b.first;
    if (!f || b.lines !== 1) return [line];
    const first: Explanation = {
      at: span(f.start, Math.max(plainEnd(this.text, f.start, f.end), f.start + 1)),
      message: `The first line of ${under} is indented ${spaces(content)}, which sets the indentation of the whole text, but the line after it is indented ${i}.`,
      hint: `Indent the first line by ${spaces(i)}, like the line below it.`,
      fix: { start: f.lineStart, end: f.lineStart + content, insert: ' '.repeat(i) },
    };
    return i === Math.max(b.owner, 0) + this.step() ? [first, line] : [line, first];
  }

  /** Fits a key or `- ` at indentation `i` into the open blocks; explanations when it fits none. */
  private place(i: number, kind: 'key' | 'dash', l: Line, entry: Entry): Outcome {
    const pending = this.pending;
    this.pending = undefined;
    const emptied = this.emptied;
    this.emptied = undefined;
    const blockKind = kind === 'key' ? 'map' : 'seq';
    if (pending && i > pending.indent) {
      this.stack.push({ indent: i, kind: blockKind, parent: pending.indent, fixed: false, entries: [] });
      return undefined;
    }
    // A list may sit at its key's own indentation.
    if (pending?.key !== undefined && kind === 'dash' && i === pending.indent) {
      this.stack.push({ indent: i, kind: 'seq', parent: i, fixed: true, entries: [] });
      return undefined;
    }
    let inner: Block | undefined;
    // Innermost first, so that a popped block's parent follows it.
    this.lastPopped = [];
    while (this.top && this.top.indent > i) this.lastPopped.push((inner = this.stack.pop()!));
    // Such a list ends at the next key of its mapping.
    if (kind === 'key' && this.top?.indent === i && this.top.kind === 'seq' && this.top.parent === i) this.lastPopped.push((inner = this.stack.pop()!));
    const top = this.top;
    if (top && top.indent === i) {
      if (top.kind !== blockKind) return BAIL;
      // `key:` then a sibling: that key is empty, or the sibling was meant to be its first child.
      if (pending?.key !== undefined && kind === 'key' && pending.indent === i) this.emptied = { key: pending.key, indent: i, block: top };
      return undefined;
    }
    if (!top && !inner) {
      this.stack.push({ indent: i, kind: blockKind, parent: -1, fixed: false, entries: [] });
      return undefined;
    }
    return this.misindented(i, kind, l, entry, top, inner, emptied);
  }

  /**
   * A key or `- ` whose indentation matches no open block. Either it is off (and belongs
   * to the block just above, or the one around that), or it is right and the first entry
   * of the block above was off: the one that matches the file's usual step goes first.
   */
  private misindented(
    i: number,
    kind: 'key' | 'dash',
    l: Line,
    entry: Entry,
    top: Block | undefined,
    inner: Block | undefined,
    emptied: { key: string; indent: number; block: Block } | undefined,
  ): Explanation[] | typeof BAIL {
    const blockKind = kind === 'key' ? 'map' : 'seq';
    const movable = [inner, top].filter((b): b is Block => b !== undefined && !b.fixed && b.kind === blockKind && b.entries.length === 1 && i > b.parent);
    const likely = movable.filter((b) => i === this.usual(b) && b.indent !== this.usual(b));
    // `- if: x` then `to: y`: the whole first item may be off, `-` and key together.
    const shifted = [inner, top].flatMap((b) => (b && kind === 'key' ? this.shiftItem(b, i, entry) : []));
    // `report_type:` then `type: string` beside it and `default: lost` deeper: `type` was meant to be under `report_type`.
    const under = emptied && !inner && emptied.block === top && kind === 'key' ? this.moveUnder(emptied, i, entry) : undefined;
    const underFirst = under !== undefined && i === emptied!.indent + this.step();
    const out: Explanation[] = [
      ...(underFirst ? [under] : []),
      ...likely.map((b) => this.moveFirst(b, i, entry)),
      ...shifted.filter((x) => x.likely).map((x) => x.explanation),
    ];
    // The nearest indentation first: a key one space off belongs to the block one space away.
    const joinable = [...this.lastPopped, ...(top ? [top] : [])].filter((b) => b.kind === blockKind && b.entries.length > 0);
    joinable.sort((a, b) => Math.abs(a.indent - i) - Math.abs(b.indent - i));
    for (const b of joinable) out.push(this.join(b, i, l, entry));
    for (const b of movable) if (!likely.includes(b)) out.push(this.moveFirst(b, i, entry));
    out.push(...shifted.filter((x) => !x.likely).map((x) => x.explanation));
    if (under && !underFirst) out.push(under);
    return out.length > 0 ? out : BAIL;
  }

  /** The key before this line sits beside the empty `key:` above it, but this deeper line says it belongs under it. */
  private moveUnder(emptied: { key: string; indent: number; block: Block }, i: number, entry: Entry): Explanation | undefined {
    const sibling = emptied.block.entries[emptied.block.entries.length - 1];
    if (!sibling || sibling.name === '-') return undefined;
    const ref = entryName(entry).reference;
    return {
      at: span(sibling.start, sibling.end),
      message: `\`${shown(sibling.name)}\` is indented ${spaces(emptied.indent)}, like \`${shown(emptied.key)}\` above it, but ${ref} below it is indented ${i}: \`${shown(sibling.name)}\` seems to belong under \`${shown(emptied.key)}\`.`,
      hint: `Indent \`${shown(sibling.name)}\` by ${spaces(i)}, like ${ref} below it.`,
      fix: { start: sibling.lineStart, end: sibling.lineStart + emptied.indent, insert: ' '.repeat(i) },
    };
  }

  /**
   * Block `m` is a mapping begun after the `-` of its list's only item so far: moving
   * that whole line would put `m`'s keys at `i`, where the current key is.
   */
  private shiftItem(m: Block, i: number, entry: Entry): { likely: boolean; explanation: Explanation }[] {
    const list = this.parentOf(m);
    if (!m.fixed || m.kind !== 'map' || !list || list.kind !== 'seq' || list.fixed || list.entries.length !== 1) return [];
    const dash = list.entries[0]!;
    if (m.entries[0]?.lineStart !== dash.lineStart) return [];
    const to = list.indent + (i - m.indent);
    if (to <= list.parent) return [];
    const ref = entryName(entry).reference;
    return [
      {
        likely: to === this.usual(list) && list.indent !== this.usual(list),
        explanation: {
          at: span(dash.start, dash.end),
          message: `This list item is indented ${spaces(list.indent)}, but ${ref} below it is indented ${spaces(i)}, so the item's keys start at ${i} and its \`-\` belongs at ${to}.`,
          hint: `Indent the \`-\` by ${spaces(to)}, so that ${refName(m.entries[0]!)} lines up with ${ref} below it.`,
          fix: { start: dash.lineStart, end: dash.lineStart + list.indent, insert: ' '.repeat(to) },
        },
      },
    ];
  }

  /** The block around `m`, which may have been closed by the current line. */
  private parentOf(m: Block): Block | undefined {
    const k = this.stack.indexOf(m);
    if (k !== -1) return this.stack[k - 1];
    const p = this.lastPopped.indexOf(m);
    if (p === -1) return undefined;
    return p + 1 < this.lastPopped.length ? this.lastPopped[p + 1] : this.top;
  }

  /**
   * The file's usual indentation step: the most common increase from one line to the
   * next, over the whole file, so that one mistake (and the lines under it) cannot
   * outvote the rest. Tells which of two disagreeing lines is off.
   */
  private step(): number {
    if (this.fileStep !== undefined) return this.fileStep;
    const counts = new Map<number, number>();
    let previous = -1;
    for (let pos = 0; pos < this.text.length; ) {
      const l = this.readLine(pos);
      pos = l.next;
      if (l.lead === l.end || this.text[l.lead] === '#' || l.tab !== -1) continue;
      if (previous !== -1 && l.indent > previous) counts.set(l.indent - previous, (counts.get(l.indent - previous) ?? 0) + 1);
      previous = l.indent;
    }
    let best = 2;
    let count = 0;
    for (const [step, n] of counts) if (n > count || (n === count && step < best)) [best, count] = [step, n];
    return (this.fileStep = best);
  }

  /** Where block `b` would usually be indented: one step past its parent; the top level is not indented. */
  private usual(b: Block): number {
    return b.parent < 0 ? 0 : b.parent + this.step();
  }

  /** The line belongs to block `b`: indent it like `b`'s last entry. */
  private join(b: Block, i: number, l: Line, entry: Entry): Explanation {
    const ref = b.entries[b.entries.length - 1]!;
    const what = entryName(entry);
    const root = b.parent < 0 && b.indent === 0;
    const expected = root ? (b.kind === 'map' ? 'the top-level keys are not indented' : 'the top-level list items are not indented') : `${b.kind === 'map' ? 'the keys of this mapping' : 'the items of this list'} are indented ${b.indent}`;
    return {
      at: entrySpan(this.text, entry, l.end),
      message: `${what.subject} is indented ${spaces(i)}, but ${expected}.`,
      hint: root ? `Start ${what.object} at the beginning of the line, like ${refName(ref)} above it.` : `Indent ${what.object} by ${spaces(b.indent)}, like ${refName(ref)} above it.`,
      fix: { start: l.start, end: l.start + i, insert: ' '.repeat(b.indent) },
    };
  }

  /** The line is right: the only entry so far of block `b` should have been at `i`. */
  private moveFirst(b: Block, i: number, entry: Entry): Explanation {
    const first = b.entries[0]!;
    const what = first.name === '-' ? { subject: 'This list item', object: 'the `-`' } : { subject: `\`${shown(first.name)}\``, object: `\`${shown(first.name)}\`` };
    const root = b.parent < 0 && i === 0;
    const expected = root ? (b.kind === 'map' ? 'the top-level keys are not indented' : 'the top-level list items are not indented') : `${b.kind === 'map' ? 'the keys of this mapping' : 'the items of this list'} are indented ${i}`;
    const ref = entryName(entry);
    return {
      at: span(first.start, first.end),
      message: `${what.subject} is indented ${spaces(b.indent)}, but ${expected}.`,
      hint: root ? `Start ${what.object} at the beginning of the line, like ${ref.reference} below it.` : `Indent ${what.object} by ${spaces(i)}, like ${ref.reference} below it.`,
      fix: { start: first.lineStart, end: first.lineStart + b.indent, insert: ' '.repeat(i) },
    };
  }

  /** After `key:`: what its value on the same line means for the lines that follow. */
  private keyValue(key: Extract<Entry, { kind: 'key' }>, end: number, indent: number): Outcome {
    const t = this.text;
    this.top?.entries.push({ start: key.start, end: key.end, name: key.name, lineStart: lineStartOf(t, key.start) });
    let w = key.colon + 1;
    let tab = -1;
    while (w < end && isBlank(t[w])) {
      if (t[w] === '\t' && tab === -1) tab = w;
      w++;
    }
    const v = this.value(w, end, indent, key.name);
    if (v === 'empty') this.pending = { indent, key: key.name };
    else if (v === 'plain') this.continuable = { owner: indent, dash: false };
    else if (v === 'mapping' || v === 'list') return this.sameLine(key, w, end, tab, v);
    return v === BAIL || Array.isArray(v) ? v : undefined;
  }

  /** After `- ` (possibly several, `- - x`): nested lists, a compact mapping, or a value. */
  private dashes(d: number, l: Line, indent: number): Outcome {
    const t = this.text;
    let col = indent;
    for (;;) {
      this.top?.entries.push({ start: d, end: d + 1, name: '-', lineStart: l.start });
      let w = d + 1;
      let tab = -1;
      while (w < l.end && isBlank(t[w])) {
        if (t[w] === '\t' && tab === -1) tab = w;
        w++;
      }
      if (w === l.end || t[w] === '#') {
        this.pending = { indent: col, key: undefined };
        return undefined;
      }
      const inner = this.entryAt(w, l.end);
      if (inner === BAIL) return BAIL;
      if (inner.kind !== 'value' && tab !== -1) {
        const rest = shown(t.slice(w, plainEnd(t, w, l.end)));
        return [
          {
            at: span(tab, tabsEnd(t, tab)),
            message: `A tab separates \`-\` from \`${rest}\`; YAML reads that as indentation, and tabs cannot indent YAML.`,
            hint: 'Replace the tab with a space.',
          },
        ];
      }
      const innerCol = col + (w - d);
      if (inner.kind === 'dash') {
        this.stack.push({ indent: innerCol, kind: 'seq', parent: col, fixed: true, entries: [] });
        d = w;
        col = innerCol;
        continue;
      }
      if (inner.kind === 'key') {
        this.stack.push({ indent: innerCol, kind: 'map', parent: col, fixed: true, entries: [] });
        return this.keyValue(inner, l.end, innerCol);
      }
      const v = this.value(w, l.end, col, undefined);
      if (v === 'empty') this.pending = { indent: col, key: undefined };
      else if (v === 'plain') this.continuable = { owner: col, dash: true };
      return v === 'empty' || v === 'plain' || v === 'done' ? undefined : Array.isArray(v) ? v : BAIL;
    }
  }

  /** Reads what starts at `c`: a `- `, a `key:` (plain or quoted, after any `&anchor`/`!tag`), or a value. */
  private entryAt(c: number, end: number): Entry | typeof BAIL {
    const t = this.text;
    if (t[c] === '-' && (c + 1 === end || isBlank(t[c + 1]))) return { kind: 'dash', start: c };
    if (t[c] === '?' && (c + 1 === end || isBlank(t[c + 1]))) return BAIL;
    const p = skipProperties(t, c, end);
    if (p === end || t[p] === '#') return { kind: 'value', start: c };
    if (t[p] === '"' || t[p] === "'") {
      const close = quoteEnd(t, p, end);
      if (close !== -1) {
        let q = close;
        while (q < end && isBlank(t[q])) q++;
        if (t[q] === ':' && (q + 1 === end || isBlank(t[q + 1]))) return { kind: 'key', start: p, end: close, name: t.slice(p + 1, close - 1), colon: q };
      }
      return { kind: 'value', start: c };
    }
    if ('[]{}|>*'.includes(t[p]!)) return { kind: 'value', start: c };
    const colon = plainColon(t, p, end);
    if (colon === -1) return { kind: 'value', start: c };
    let e = colon;
    while (e > p && isBlank(t[e - 1])) e--;
    if (e === p) return BAIL;
    return { kind: 'key', start: p, end: e, name: t.slice(p, e), colon };
  }

  /** Reads a value at `w`; enters a block scalar, quote or flow collection that goes on past the line. */
  private value(w: number, end: number, owner: number, key: string | undefined): 'empty' | 'plain' | 'done' | 'mapping' | 'list' | Exclude<Outcome, undefined> {
    const t = this.text;
    const p = skipProperties(t, w, end);
    if (p === end || t[p] === '#') return 'empty';
    const ch = t[p]!;
    if (p === w && ch === '-' && (p + 1 === end || isBlank(t[p + 1]))) return 'list';
    if (ch === '|' || ch === '>') {
      const header = /^[|>]([1-9]?)[+-]?([1-9]?)[ \t]*(#.*)?$/.exec(t.slice(p, end));
      if (!header) return BAIL;
      const explicit = Number(header[1] || header[2] || 0);
      this.blockScalar = { owner, key, content: explicit > 0 ? Math.max(owner, 0) + explicit : undefined, first: undefined, lines: 0 };
      return 'done';
    }
    if (ch === '"' || ch === "'" || ch === '[' || ch === '{') {
      const open: Open = { quote: undefined, quoteAt: -1, brackets: [], owner, key };
      if (ch === '"' || ch === "'") [open.quote, open.quoteAt] = [ch, p];
      else open.brackets.push(p);
      const r = this.scanOpen(open, p + 1, end);
      if (Array.isArray(r)) return r;
      if (r === undefined) {
        this.open = open;
        return 'done';
      }
      return this.afterClose(r, end) ?? 'done';
    }
    if (ch === '*') return 'done';
    return plainColon(t, p, end) === -1 ? 'plain' : 'mapping';
  }

  /** Scans a quote or flow collection from `from` to `end`: the offset after it closes, or undefined while it stays open. */
  private scanOpen(open: Open, from: number, end: number): number | undefined | Explanation[] {
    const t = this.text;
    for (let i = from; i < end; i++) {
      const ch = t[i];
      if (open.quote === '"') {
        if (ch === '\\') i++;
        else if (ch === '"') {
          open.quote = undefined;
          if (open.brackets.length === 0) return i + 1;
        }
        continue;
      }
      if (open.quote === "'") {
        if (ch === "'" && t[i + 1] === "'") i++;
        else if (ch === "'") {
          open.quote = undefined;
          if (open.brackets.length === 0) return i + 1;
        }
        continue;
      }
      if (ch === '[' || ch === '{') open.brackets.push(i);
      else if (ch === ']' || ch === '}') {
        const o = open.brackets.pop()!;
        const wanted = t[o] === '[' ? ']' : '}';
        if (ch !== wanted) {
          return [
            {
              at: span(i, i + 1),
              message: `This \`${ch}\` does not match the \`${t[o]}\` it would close.`,
              hint: `Close the ${t[o] === '[' ? 'list' : 'mapping'} with \`${wanted}\`.`,
            },
          ];
        }
        if (open.brackets.length === 0) return i + 1;
      } else if ((ch === '"' || ch === "'") && startsScalar(t, i)) [open.quote, open.quoteAt] = [ch, i];
      else if (ch === '#' && isBlank(t[i - 1])) return undefined;
    }
    return undefined;
  }

  /** After a quote or flow collection closes: only a comment may follow, and a stray `]` or `}` is worth naming. */
  private afterClose(from: number, end: number): Outcome {
    const t = this.text;
    let p = from;
    while (p < end && isBlank(t[p])) p++;
    if (p === end || (t[p] === '#' && p > from)) return undefined;
    if (t[p] === ']' || t[p] === '}') {
      return [{ at: span(p, p + 1), message: `This \`${t[p]}\` closes nothing: what it would close is already closed before it.`, hint: `Remove the extra \`${t[p]}\`.` }];
    }
    return BAIL;
  }

  private restIsEmpty(from: number, end: number): boolean {
    let p = from;
    while (p < end && isBlank(this.text[p])) p++;
    return p === end || (this.text[p] === '#' && p > from);
  }

  /** A quote or bracket still open where a line at its key's indentation (or the end of the file) ends it. */
  private unclosed(open: Open, at: Line | undefined, where?: string): Explanation[] {
    const t = this.text;
    const opener = open.quote !== undefined ? open.quoteAt : open.brackets[open.brackets.length - 1]!;
    const ch = t[opener]!;
    const closer = ch === '[' ? ']' : ch === '{' ? '}' : ch;
    const what = ch === '[' ? 'The list opened by `[`' : ch === '{' ? 'The mapping opened by `{`' : `The quoted text opened by \`${ch}\``;
    const under = open.key !== undefined ? `\`${shown(open.key)}\`` : open.owner >= 0 ? 'its `-`' : 'the start of the line';
    const before = at ? `before the next line that is not indented under ${under}` : 'before the end of the file';
    return [
      {
        at: span(opener, opener + 1),
        message: `${what} is not closed ${where ?? before}.`,
        hint: where ? `Close it with \`${closer}\` on the same line.` : `Close it with \`${closer}\`; if it goes on over several lines, indent them more than ${under}.`,
      },
    ];
  }

  /** Plain text where a key should be: it lacks `: `. With `guess`, only a guess to be confirmed by re-parsing. */
  private missingColon(start: number, end: number, guess: boolean): Explanation[] {
    const t = this.text;
    const content = t.slice(start, end);
    const at = span(start, end);
    const tight = /:(?=[^\s])/.exec(content);
    if (tight) {
      const fixed = `${content.slice(0, tight.index + 1)} ${content.slice(tight.index + 1)}`;
      const message = `\`${shown(content)}\` has no space after its \`:\`, so it reads as text, not as a key and its value.`;
      const fix = { start: start + tight.index + 1, end: start + tight.index + 1, insert: ' ' };
      return [{ at, message, hint: `Put a space after the colon: \`${shown(fixed)}\`.`, fix }, ...(guess ? [] : [{ at, message, hint: 'Put a space after the colon.' }])];
    }
    const gap = content.search(/[ \t]/);
    const key = gap === -1 ? content : content.slice(0, gap);
    const rest = gap === -1 ? '' : content.slice(gap).trim();
    const message = `\`${shown(content)}\` stands where a key should be, but has no \`:\` after the key.`;
    const fix = { start: start + key.length, end: start + key.length, insert: ':' };
    const written = rest ? `${key}: ${rest}` : `${key}:`;
    const onKey = span(start, start + key.length);
    return [
      { at: onKey, message, hint: `Put a colon after the key: \`${shown(written)}\`.`, fix },
      ...(guess ? [] : [{ at: onKey, message, hint: 'Put `: ` (a colon and a space) between the key and its value.' }]),
    ];
  }

  /** A mapping or list begun on its key's own line (`on: done: now`, `on:\tx: y`, `on: - a`). */
  private sameLine(key: Extract<Entry, { kind: 'key' }>, w: number, end: number, tab: number, kind: 'mapping' | 'list'): Explanation[] {
    const t = this.text;
    const name = shown(key.name);
    const restEnd = plainEnd(t, w, end);
    const rest = shown(t.slice(w, restEnd));
    if (tab !== -1) {
      return [
        {
          at: span(tab, tabsEnd(t, tab)),
          message: `A tab separates \`${name}:\` from \`${rest}\`; YAML reads that as a ${kind === 'list' ? 'list' : 'mapping'} indented with a tab, which it does not allow.`,
          hint: `Put \`${rest}\` on its own line below \`${name}\`, indented with spaces.`,
        },
      ];
    }
    if (kind === 'list') {
      return [{ at: span(w, w + 1), message: `A list cannot start on the same line as its key \`${name}\`.`, hint: `Move \`${rest}\` to its own line below \`${name}\`, indented more than \`${name}\`.` }];
    }
    let nested = plainColon(t, w, end);
    while (nested > w && isBlank(t[nested - 1])) nested--;
    return [
      {
        at: span(w, Math.max(nested, w + 1)),
        message: `The value of \`${name}\` contains \`: \`, so \`${rest}\` reads as a second key on the same line, which YAML does not allow.`,
        hint: `Put the value in quotes (\`${name}: "${rest}"\`), or move \`${rest}\` to its own line, indented under \`${name}\`.`,
      },
    ];
  }

  /** A tab in a line's indentation; the hint says how many spaces when a re-parse confirms a guess. */
  private tabIndent(l: Line, entry: Entry, text?: number, textAbove = false): Explanation[] {
    const at = span(l.tab, tabsEnd(this.text, l.tab));
    const message = `${entryName(entry).subject} is indented with a tab; YAML allows only spaces in indentation.`;
    const blockKind = entry.kind === 'dash' ? 'seq' : 'map';
    const guesses: number[] = text === undefined ? [] : [text];
    if (this.pending) {
      // The usual step first: the next line may be this line's own child, and a guess that nests it still parses.
      guesses.push(this.pending.indent + this.step());
      const next = this.following(l.next, Infinity);
      if (next && next.indent > this.pending.indent) guesses.push(next.indent);
    }
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const b = this.stack[k]!;
      if (b.kind === blockKind && b.entries.length > 0) guesses.push(b.indent);
    }
    if (this.stack.length === 0 && !this.pending) guesses.push(0);
    const out: Explanation[] = [];
    for (const indent of new Set(guesses)) {
      if (out.length === MAX_REPARSES) break;
      const above = this.stack.find((b) => b.indent === indent && b.kind === blockKind && b.entries.length > 0);
      const below = above ? undefined : this.following(l.next, indent);
      const like = indent === text ? (textAbove ? ' like the text above it' : '') : above ? ` like ${refName(above.entries[above.entries.length - 1]!)} above it` : below?.indent === indent ? ` like ${below.reference} below it` : '';
      const hint = indent === 0 ? `Remove the tab: ${entryName(entry).object} starts at the beginning of the line${like ? `,${like}` : ''}.` : `Replace the tab with ${spaces(indent)}${like ? `,${like}` : ''}.`;
      out.push({ at, message, hint, fix: { start: l.start, end: l.lead, insert: ' '.repeat(indent) } });
    }
    out.push({ at, message, hint: 'Tabs cannot indent YAML; replace the tab with spaces.' });
    return out;
  }

  /** The first line with content from `from` that is indented no more than `most`, for "like `on` below it". */
  private following(from: number, most: number): { indent: number; reference: string } | undefined {
    for (let pos = from; pos < this.text.length; ) {
      const l = this.readLine(pos);
      pos = l.next;
      if (l.lead === l.end || this.text[l.lead] === '#') continue;
      if (l.tab !== -1) return undefined;
      if (l.indent > most) continue;
      const entry = this.entryAt(l.lead, l.end);
      return entry === BAIL ? undefined : { indent: l.indent, reference: entryName(entry).reference };
    }
    return undefined;
  }
}

/** `on:` or `- ` after a `|`/`>` text reads as structure; `For example: ...` reads as more text. */
function isKeyLike(entry: Entry): boolean {
  return entry.kind === 'dash' || (entry.kind === 'key' && /^[\w.-]+$/.test(entry.name));
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** Skips `&anchor` and `!tag` properties and the blanks after them. */
function skipProperties(t: string, from: number, end: number): number {
  let p = from;
  while (p < end && (t[p] === '&' || t[p] === '!')) {
    while (p < end && !isBlank(t[p])) p++;
    while (p < end && isBlank(t[p])) p++;
  }
  return p;
}

/** Offset of the `:` that ends a plain key (followed by a blank or the line's end), or -1; a comment ends the search. */
function plainColon(t: string, from: number, end: number): number {
  for (let q = from; q < end; q++) {
    const ch = t[q];
    if (ch === '#' && q > from && isBlank(t[q - 1])) return -1;
    if (ch === ':' && (q + 1 === end || isBlank(t[q + 1]))) return q;
  }
  return -1;
}

/** End of plain text that starts at `from`: before a comment and trailing blanks. */
function plainEnd(t: string, from: number, end: number): number {
  let e = end;
  for (let q = from + 1; q < end; q++) {
    if (t[q] === '#' && isBlank(t[q - 1])) {
      e = q;
      break;
    }
  }
  while (e > from && isBlank(t[e - 1])) e--;
  return e;
}

/** True when a value at `p` is plain text (not quoted, a collection, a block scalar, an alias or properties). */
function isPlainStart(t: string, p: number): boolean {
  const ch = t[p] ?? '';
  if (ch === '-' || ch === '?' || ch === ':') return p + 1 < t.length && !isBlank(t[p + 1]) && t[p + 1] !== '\n' && t[p + 1] !== '\r';
  return !'"\'[]{}|>*&!%@`#,'.includes(ch);
}

/** Offset just after the closing quote of a quoted scalar opening at `p`, when it closes on this line; else -1. */
function quoteEnd(t: string, p: number, end: number): number {
  const q = t[p];
  for (let i = p + 1; i < end; i++) {
    if (q === '"' && t[i] === '\\') i++;
    else if (t[i] === q) {
      if (q === "'" && t[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

function tabsEnd(t: string, tab: number): number {
  let e = tab;
  while (t[e] === '\t') e++;
  return e;
}

function lineStartOf(t: string, offset: number): number {
  const nl = t.lastIndexOf('\n', offset - 1);
  return nl + 1 === 0 && t.charCodeAt(0) === 0xfeff ? 1 : nl + 1;
}

/** How an entry is named in messages: as the sentence's subject, as an object, and as "like X". */
function entryName(entry: Entry): { subject: string; object: string; reference: string } {
  if (entry.kind === 'key') {
    const name = `\`${shown(entry.name)}\``;
    return { subject: name, object: name, reference: name };
  }
  if (entry.kind === 'dash') return { subject: 'This list item', object: 'the `-`', reference: 'the item' };
  return { subject: 'This line', object: 'the line', reference: 'the line' };
}

function refName(ref: Seen): string {
  return ref.name === '-' ? 'the item' : `\`${shown(ref.name)}\``;
}

/** The span a finding about an entry points at: the key, the `-`, or the value's text. */
function entrySpan(t: string, entry: Entry, end: number): Span {
  if (entry.kind === 'key') return span(entry.start, entry.end);
  if (entry.kind === 'dash') return span(entry.start, entry.start + 1);
  return span(entry.start, Math.max(plainEnd(t, entry.start, end), entry.start + 1));
}

function spaces(n: number): string {
  return n === 1 ? '1 space' : `${n} spaces`;
}

/** Text quoted in a message, cut short so that a long line does not swamp it. */
function shown(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}

