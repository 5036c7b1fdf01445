/**
 * A small, strict XML parser for checking the JUnit output in tests. It accepts
 * the subset a JUnit report needs (an optional XML declaration, elements,
 * attributes, text, character and the five predefined entity references,
 * comments and CDATA) and throws on anything a conforming XML 1.0 parser would
 * reject in that subset: a bare `<` or `&` in text or attribute values, unknown
 * entities, unquoted or duplicate attributes, mismatched or unclosed tags,
 * characters XML 1.0 cannot hold, and content after the root element.
 * Attribute values are normalised as XML requires (tab, CR and LF become spaces).
 */

/** An element: name, attributes (decoded) and children in document order. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

/** A child node: an element, or decoded text (CDATA included). */
export type XmlNode = XmlElement | string;

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a whole document and returns its root element; throws with an offset on malformed input. */
export function parseXml(text: string): XmlElement {
  const bad = FORBIDDEN_CHAR.exec(text);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16).padStart(4, '0')} is not allowed in XML 1.0 (offset ${bad.index})`);
  let pos = 0;

  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${pos}: ${JSON.stringify(text.slice(pos, pos + 40))}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos] as string)) pos++;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const decode = (raw: string, where: string): string =>
    raw.replace(/&([^;&<]*);|&/g, (_all, ref: string | undefined) => {
      if (ref === undefined) return fail(`a bare \`&\` in ${where}`);
      if (ref in ENTITIES) return ENTITIES[ref] as string;
      const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (!num) return fail(`unknown entity &${ref}; in ${where}`);
      const code = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2] as string, 10);
      const ch = String.fromCodePoint(code);
      if (FORBIDDEN_CHAR.test(ch)) return fail(`character reference &${ref}; is not allowed`);
      return ch;
    });
  const misc = (): void => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail('unclosed comment');
        if (text.slice(pos + 4, end).includes('--')) fail('`--` inside a comment');
        pos = end + 3;
      } else return;
    }
  };

  const element = (): XmlElement => {
    if (text[pos] !== '<') fail('expected `<`');
    pos++;
    const tag = name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = pos;
      skipSpace();
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return { name: tag, attrs, children: [] };
      }
      if (text[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected white space before an attribute');
      const key = name();
      skipSpace();
      if (text[pos] !== '=') fail(`expected \`=\` after attribute ${key}`);
      pos++;
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${key} must be quoted`);
      const end = text.indexOf(quote as string, pos + 1);
      if (end < 0) fail(`unclosed value of attribute ${key}`);
      const raw = text.slice(pos + 1, end);
      if (raw.includes('<')) fail(`a bare \`<\` in attribute ${key}`);
      if (Object.hasOwn(attrs, key)) fail(`duplicate attribute ${key}`);
      attrs[key] = decode(raw.replace(/[\t\r\n]/g, ' '), `attribute ${key}`);
      pos = end + 1;
    }
    const children: XmlNode[] = [];
    let buffer = '';
    const flushText = (): void => {
      if (buffer !== '') children.push(buffer);
      buffer = '';
    };
    for (;;) {
      if (pos >= text.length) fail(`unclosed element <${tag}>`);
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        skipSpace();
        if (text[pos] !== '>') fail('expected `>`');
        pos++;
        flushText();
        return { name: tag, attrs, children };
      }
      if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos);
        if (end < 0) fail('unclosed CDATA section');
        buffer += text.slice(pos + 9, end);
        pos = end + 3;
        continue;
      }
      if (text.startsWith('<!--', pos)) {
        misc();
        continue;
      }
      if (text[pos] === '<') {
        flushText();
        children.push(element());
        continue;
      }
      const next = text.indexOf('<', pos);
      const raw = text.slice(pos, next < 0 ? text.length : next);
      if (raw.includes(']]>')) fail('`]]>` in text');
      buffer += decode(raw, `the text of <${tag}>`);
      pos += raw.length;
    }
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  if (text.startsWith('<?xml', pos)) {
    const end = text.indexOf('?>', pos);
    if (end < 0) fail('unclosed XML declaration');
    const decl = text.slice(pos, end + 2);
    if (!/^<\?xml\s+version=(["'])1\.[0-9]+\1(\s+encoding=(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone=(["'])(yes|no)\5)?\s*\?>$/.test(decl)) fail('malformed XML declaration');
    pos = end + 2;
  }
  misc();
  const root = element();
  misc();
  if (pos !== text.length) fail('content after the root element');
  return root;
}

/** Child elements of `el`, optionally only those named `name`. */
export function elements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

/** The text content of `el` (its text children joined; nested elements ignored). */
export function textOf(el: XmlElement): string {
  return el.children.filter((c): c is string => typeof c === 'string').join('');
}
