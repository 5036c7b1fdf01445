import { span, SYNTAX, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { SourceMap, type EntryLocation } from '../load/source-map.js';

/** Result of parsing JSON text with positions (the shape `parseYaml` gives, so importers read both alike). */
export interface ParsedJson {
  /** The value; undefined when the text is not JSON. */
  readonly data: unknown;
  readonly sourceMap: SourceMap;
  /** At most one finding: where the text stops being JSON, and why. */
  readonly diagnostics: readonly Diagnostic[];
  readonly failed: boolean;
}

/** Deepest nesting accepted; exports nest ~20 levels, and the parser keeps its own stack, so this is about sense, not safety. */
export const JSON_DEPTH_LIMIT = 512;

class JsonError {
  constructor(
    readonly message: string,
    readonly at: number,
    readonly hint?: string,
  ) {}
}

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  readonly start: number;
  readonly entries: Map<string | number, EntryLocation>;
  /** Key waiting for its value (objects only). */
  key?: string;
  keySpan?: Span;
}

/**
 * Parses JSON into plain data with a SourceMap of every object and array, as fast as a
 * hand loop allows (Dialogflow agents have hundreds of files). Never throws on input and
 * never recurses; `__proto__` and friends become own properties, never prototypes; a
 * duplicate key keeps the last value, as JSON.parse does.
 */
export function parseJson(text: string): ParsedJson {
  const sourceMap = new SourceMap(span(0, text.length));
  try {
    const data = parseValueTree(text, sourceMap);
    return { data, sourceMap, diagnostics: [], failed: false };
  } catch (error) {
    if (!(error instanceof JsonError)) throw error;
    const diagnostic: Diagnostic = {
      ruleId: SYNTAX,
      code: 'json-syntax',
      severity: 'error',
      fatal: true,
      message: error.message,
      span: span(error.at, Math.min(text.length, error.at + 1)),
      ...(error.hint ? { hint: error.hint } : {}),
    };
    return { data: undefined, sourceMap, diagnostics: [diagnostic], failed: true };
  }
}

function parseValueTree(text: string, sourceMap: SourceMap): unknown {
  const n = text.length;
  let i = 0;
  const stack: Frame[] = [];
  let root: unknown;
  let haveRoot = false;

  const skip = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const describe = (at: number): string => (at >= n ? 'the end of the file' : `\`${text[at] === '\n' ? '\\n' : text[at]}\``);

  const cutShort = (frame: Frame): JsonError =>
    new JsonError(
      `The file ends inside ${Array.isArray(frame.container) ? 'a list' : 'an object'} that starts on line ${new LineIndex(text).position(frame.start).line}: the JSON is cut short.`,
      n,
      'Export the bot again; the file looks truncated.',
    );

  const readString = (): string => {
    const start = i;
    i++;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= n) throw new JsonError('The file ends inside a string: the JSON is cut short.', start, 'Export the bot again; the file looks truncated.');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError('A `\\u` escape needs four hexadecimal digits.', i);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            throw new JsonError(`\`\\${e ?? ''}\` is not a JSON escape.`, i, 'JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.');
        }
        i += 2;
        chunk = i;
        continue;
      }
      if (c < 32) throw new JsonError('A control character (a line break or tab) inside a string; JSON writes it as an escape.', i);
      i++;
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const readScalar = (): unknown => {
    const c = text[i];
    if (c === '"') return readString();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0].length > 0) {
      i += m[0].length;
      return Number(m[0]);
    }
    throw new JsonError(`Expected a value here, found ${describe(i)}.`, i, i >= n ? 'The file looks truncated; export the bot again.' : undefined);
  };

  const place = (value: unknown, valueSpan: Span): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      haveRoot = true;
      return;
    }
    if (Array.isArray(top.container)) {
      top.entries.set(top.container.length, { value: valueSpan });
      top.container.push(value);
    } else {
      const key = top.key as string;
      Object.defineProperty(top.container, key, { value, enumerable: true, writable: true, configurable: true });
      top.entries.set(key, { key: top.keySpan as Span, value: valueSpan });
      top.key = undefined;
    }
  };

  const close = (): void => {
    const frame = stack.pop() as Frame;
    i++;
    const s = span(frame.start, i);
    sourceMap.set(frame.container, { span: s, entries: frame.entries });
    place(frame.container, s);
  };

  for (;;) {
    skip();
    const top = stack[stack.length - 1];
    if (top && !Array.isArray(top.container) && top.key === undefined) {
      // An object wants a key (or its end).
      if (i >= n) throw cutShort(top);
      if (text[i] === '}' && top.entries.size === 0) {
        close();
      } else {
        if (text[i] !== '"') throw new JsonError(`Expected a quoted key, found ${describe(i)}.`, i, i >= n ? 'The file looks truncated; export the bot again.' : 'JSON keys are in double quotes, and there is no comma after the last entry.');
        const keyStart = i;
        top.key = readString();
        top.keySpan = span(keyStart, i);
        skip();
        if (text[i] !== ':') throw new JsonError(`Expected \`:\` after the key, found ${describe(i)}.`, i);
        i++;
        continue;
      }
    } else if (top && Array.isArray(top.container) && top.container.length === 0 && text[i] === ']') {
      close();
    } else {
      if (stack.length >= JSON_DEPTH_LIMIT) throw new JsonError(`Nesting is deeper than ${JSON_DEPTH_LIMIT} levels; no bot export needs that.`, i);
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push({ container: c === '{' ? {} : [], start: i, entries: new Map() });
        i++;
        continue;
      }
      if (i >= n) {
        const open = stack[stack.length - 1];
        if (!open) throw new JsonError('The file is empty; expected JSON.', 0, 'Give the exported JSON file, or the folder of the export.');
        throw cutShort(open);
      }
      const start = i;
      const value = readScalar();
      place(value, span(start, i));
    }
    // After a value: a comma, a closing bracket, or the end.
    for (;;) {
      skip();
      const frame = stack[stack.length - 1];
      if (!frame) {
        if (!haveRoot) break;
        if (i < n) throw new JsonError(`Unexpected ${describe(i)} after the end of the JSON value.`, i);
        return root;
      }
      const closer = Array.isArray(frame.container) ? ']' : '}';
      if (text[i] === ',') {
        i++;
        skip();
        if (text[i] === closer) throw new JsonError(`A comma before \`${closer}\`: JSON has no trailing commas.`, i - 1);
        break;
      }
      if (text[i] === closer) {
        close();
        continue;
      }
      if (i >= n) throw cutShort(frame);
      throw new JsonError(`Expected \`,\` or \`${closer}\`, found ${describe(i)}.`, i);
    }
  }
  throw new JsonError('The file is empty; expected JSON.', 0);
}
