import { parseDocument, isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import { SCHEMA, span, type Diagnostic, type LoadCode, type Span } from '../diagnostics/diagnostic.js';
import { normalizeLineBreaks } from '../diagnostics/line-index.js';
import { firstSyntaxError, fromYamlError, OWN_FINDINGS, PARSE_OPTIONS, startsScalar, syntaxError } from './syntax-errors.js';
import type { LoadLimits } from './limits.js';
import { SourceMap } from './source-map.js';
import { readSimpleYaml } from './fast-yaml.js';

/** Result of parsing one YAML document: plain data, positions beside it, and findings. */
export interface ParsedYaml {
  /** The document as plain JSON-compatible data; undefined when parsing failed. */
  readonly data: unknown;
  readonly sourceMap: SourceMap;
  readonly diagnostics: readonly Diagnostic[];
  /** True when a finding makes the data unusable for later stages. */
  readonly failed: boolean;
}

/**
 * Nesting the yaml parser is never asked to handle. It recurses once per level and
 * relies on catching stack exhaustion, which V8 cannot always survive twice in one
 * process, so deeper documents are refused before parsing (real journeys nest ~8 levels).
 */
const PARSER_DEPTH_LIMIT = 512;

/**
 * Cheap upper bound on nesting, checked before parsing: per line, indentation plus
 * compact `- `/`? ` indicators plus open flow brackets. Returns the offset where the
 * bound is first exceeded, or undefined.
 */
export function findExcessiveNesting(text: string, limit: number): number | undefined {
  let flow = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Line start: indentation and compact block indicators.
    let depth = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      depth++;
      i++;
    }
    if (depth === 0 && text[i] !== '\n' && text[i] !== '#') flow = 0; // a top-level line closes every flow collection
    while (i + 1 < n && (text[i] === '-' || text[i] === '?' || text[i] === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      depth += 2;
      i += 2;
    }
    if (depth + flow > limit) return i;
    // Rest of the line: flow brackets outside quotes and comments.
    while (i < n && text[i] !== '\n') {
      const ch = text[i];
      if (ch === '[' || ch === '{') {
        if (++flow + depth > limit) return i;
      } else if (ch === ']' || ch === '}') {
        if (flow > 0) flow--;
      } else if (ch === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
        while (i < n && text[i] !== '\n') i++;
        break;
      } else if ((ch === '"' || ch === "'") && startsScalar(text, i)) {
        i++;
        while (i < n && text[i] !== ch) {
          if (ch === '"' && text[i] === '\\') i++;
          i++;
        }
      }
      i++;
    }
    i++;
  }
  return undefined;
}

/** Keys that would reach an object's prototype if they were ever assigned naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MERGE_KEY = '<<';

/** Parses YAML text into plain data with a source map (a mapping, or also a list with `allowList`); never throws on user input. */
export function parseYaml(source: string, limits: LoadLimits, options: { allowList?: boolean } = {}): ParsedYaml {
  return parseWith(source, limits, options, true);
}

/** `parseYaml` always through yaml's Document, never the fast reader: the reference the fast reader is tested against. */
export function parseYamlWithDocument(source: string, limits: LoadLimits, options: { allowList?: boolean } = {}): ParsedYaml {
  return parseWith(source, limits, options, false);
}

function parseWith(source: string, limits: LoadLimits, options: { allowList?: boolean }, fast: boolean): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  // Same length as the source, so every offset found in it is an offset of the source.
  const text = normalizeLineBreaks(source);
  const deep = findExcessiveNesting(text, PARSER_DEPTH_LIMIT);
  if (deep !== undefined) {
    diagnostics.push(syntaxError('too-deep', `Nesting is deeper than ${limits.maxDepth} levels; a journey never needs that.`, span(deep, deep + 1)));
    return { data: undefined, sourceMap: new SourceMap(span(0)), diagnostics, failed: true };
  }
  // Most journey files are in the plain subset the fast reader proves; it gives up on the rest.
  const simple = fast ? readSimpleYaml(text, limits.maxDepth) : undefined;
  if (simple) return { data: simple.data, sourceMap: simple.sourceMap, diagnostics, failed: false };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, PARSE_OPTIONS);
  } catch (error) {
    // The yaml package reports stack exhaustion itself; anything thrown here is a parser bug, not the user's.
    diagnostics.push(syntaxError('yaml-syntax', `The YAML parser gave up: ${String((error as Error)?.message ?? error)}`, span(0)));
    return { data: undefined, sourceMap: new SourceMap(span(0)), diagnostics, failed: true };
  }
  const syntax = doc.errors.filter((e) => !OWN_FINDINGS.has(e.code));
  for (const e of doc.errors) if (OWN_FINDINGS.has(e.code)) diagnostics.push(fromYamlError(e, text, 'error'));
  // After its first syntax error the parser guesses the structure, and the errors that follow
  // are mostly about its guess, not about the file: report the first one only.
  if (syntax.length > 0) diagnostics.push(firstSyntaxError(text, syntax));
  for (const w of doc.warnings) diagnostics.push(fromYamlError(w, text, 'warning'));
  const rootSpan = doc.contents?.range ? span(doc.contents.range[0], doc.contents.range[1]) : span(0);
  const sourceMap = new SourceMap(rootSpan);
  if (diagnostics.some((d) => d.severity === 'error')) return { data: undefined, sourceMap, diagnostics, failed: true };

  const converter = new Converter(sourceMap, limits);
  const data = converter.convert(doc.contents as Node | null, 0);
  diagnostics.push(...converter.diagnostics);
  if (converter.diagnostics.length > 0) return { data: undefined, sourceMap, diagnostics, failed: true };
  if (typeof data !== 'object' || data === null || (Array.isArray(data) && !options.allowList)) {
    diagnostics.push(...notAMapping(data, rootSpan));
    return { data: undefined, sourceMap, diagnostics, failed: true };
  }
  return { data, sourceMap, diagnostics, failed: false };
}

function notAMapping(data: unknown, at: Span): Diagnostic[] {
  const found = data === null || data === undefined ? 'the file is empty' : Array.isArray(data) ? 'it is a list' : `it is a single ${typeof data}`;
  return [
    {
      ruleId: SCHEMA,
      code: 'not-a-mapping',
      severity: 'error',
      message: `A journey file must be a mapping with \`journey\`, \`title\`, \`start\` and \`states\`, but ${found}.`,
      span: at,
    },
  ];
}

/** Walks the yaml AST into plain data, recording positions and enforcing limits. */
class Converter {
  readonly diagnostics: Diagnostic[] = [];
  private aliasNodes = 0;
  private aliasDepth = 0;
  private outermostAlias: Node | undefined;
  private stopped = false;
  /**
   * Anchors seen so far in document order, by name: an alias refers to the latest
   * anchor of its name before it. Kept here because the yaml package's
   * `Alias.resolve` searches the whole document on every call, which made a file
   * of many aliases quadratic.
   */
  private readonly anchors = new Map<string, Node>();
  /** What each alias refers to, fixed where it stands in the document. */
  private readonly aliasTargets = new WeakMap<Node, Node>();

  constructor(
    private readonly sourceMap: SourceMap,
    private readonly limits: LoadLimits,
  ) {}

  convert(node: Node | null, depth: number): unknown {
    if (this.stopped || node === null || node === undefined) return null;
    if (this.aliasDepth > 0) {
      if (++this.aliasNodes > this.limits.maxAliasNodes) {
        this.stop('alias-limit', `Aliases expand to more than ${this.limits.maxAliasNodes} nodes; this looks like an alias bomb ("billion laughs").`, this.outermostAlias ?? node);
        return null;
      }
    } else {
      // Anchors met again while an alias is expanded are the same nodes: only the first visit defines them.
      this.defineAnchor(node);
    }
    if (isScalar(node)) return this.scalar(node);
    if (depth >= this.limits.maxDepth) {
      this.stop('too-deep', `Nesting is deeper than ${this.limits.maxDepth} levels; a journey never needs that.`, node);
      return null;
    }
    if (isAlias(node)) {
      // An alias means the anchor before it in the document, also when it is met again inside an expansion.
      let target = this.aliasTargets.get(node);
      if (!target && this.aliasDepth === 0) {
        target = this.anchors.get(node.source);
        if (target) this.aliasTargets.set(node, target);
      }
      if (!target) {
        this.stop('yaml-syntax', `Alias *${node.source} has no matching anchor before it.`, node);
        return null;
      }
      if (this.aliasDepth === 0) this.outermostAlias = node;
      this.aliasDepth++;
      try {
        return this.convert(target, depth);
      } finally {
        this.aliasDepth--;
      }
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      const entries = new Map<number, { value: Span }>();
      node.items.forEach((item, i) => {
        out.push(this.convert(item as Node | null, depth + 1));
        entries.set(i, { value: nodeSpan(item as Node | null, node) });
      });
      this.sourceMap.set(out, { span: nodeSpan(node, null), entries });
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const entries = new Map<string, { key?: Span; value: Span }>();
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        if (keyNode !== null && !isScalar(keyNode)) {
          this.stop('yaml-syntax', 'Keys must be plain text, not mappings, lists or aliases.', keyNode);
          return null;
        }
        if (keyNode !== null && this.aliasDepth === 0) this.defineAnchor(keyNode);
        const key = keyNode === null ? '' : String(scalarValue(keyNode.value) ?? '');
        const keySpan = keyNode?.range ? span(keyNode.range[0], keyNode.range[1]) : nodeSpan(node, null);
        if (key === MERGE_KEY && keyNode?.type === 'PLAIN') {
          this.diagnostics.push(
            syntaxError('merge-key', 'Merge keys (`<<`) are not part of YAML 1.2, which journey files use: some tools would merge the mapping, others read a key named `<<`.', keySpan, {
              hint: 'Write the keys out in this mapping, or reuse a whole value with an alias (`on: *common_events`).',
            }),
          );
          this.convert(pair.value as Node | null, depth + 1); // for the anchors it defines
          continue;
        }
        if (FORBIDDEN_KEYS.has(key)) {
          this.diagnostics.push(
            syntaxError('forbidden-key', `The key \`${key}\` is not allowed: it is reserved by JavaScript and could be used to tamper with objects.`, keySpan, {
              hint: 'Rename the key; journey keys are lowercase names.',
            }),
          );
          continue;
        }
        if (entries.has(key)) {
          this.diagnostics.push(
            syntaxError('duplicate-key', `Duplicate key \`${key}\`: a key may appear only once in a mapping.`, keySpan, {
              hint: 'Remove or rename one of them; YAML tools disagree on which one would win.',
            }),
          );
          continue;
        }
        out[key] = this.convert(pair.value as Node | null, depth + 1);
        entries.set(key, { key: keySpan, value: nodeSpan(pair.value as Node | null, keyNode ?? node) });
      }
      this.sourceMap.set(out, { span: nodeSpan(node, null), entries });
      return out;
    }
    return null;
  }

  private defineAnchor(node: Node): void {
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, node);
  }

  /** A scalar's value; numbers JSON cannot hold (`.inf`, `.nan`) are refused rather than silently becoming null later. */
  private scalar(node: Scalar): unknown {
    const value = scalarValue(node.value);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      this.diagnostics.push(
        syntaxError('not-finite', `\`${String(node.source ?? value)}\` is not a finite number; journey values must be plain numbers.`, nodeSpan(node, null), {
          hint: 'Write a number such as `0` or `2.5`, or quote the value to make it text.',
        }),
      );
      return null;
    }
    return value;
  }

  private stop(code: LoadCode, message: string, node: Node): void {
    if (this.stopped) return;
    this.stopped = true;
    this.diagnostics.push(syntaxError(code, message, nodeSpan(node, null)));
  }
}

function scalarValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  // Binary or other tagged scalars: keep their text form, the schema says what it expected.
  return String(value);
}

function nodeSpan(node: Node | null, fallback: Node | null): Span {
  const range = node?.range ?? fallback?.range;
  if (!range) return span(0);
  return span(range[0], range[1]);
}
