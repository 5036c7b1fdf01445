import { safeJson } from '../diagnostics/display.js';

/**
 * A small YAML writer for imported journeys: block mappings and sequences, with
 * positions (`x-source`) and short lists of names on one line. It writes only what
 * the journey format holds (plain JSON data), always the same way, and several times
 * faster than building a yaml Document (a 500-page agent spent most of its import
 * there). Strings are plain when that cannot be misread (a YAML 1.2 core schema reader
 * gives back the same string), else double-quoted with JSON's escapes, which YAML
 * reads the same way.
 */
export function writeYaml(data: Readonly<Record<string, unknown>>, header: readonly string[] = []): string {
  const out: string[] = header.map((line) => (line === '' ? '#' : `# ${line}`));
  if (out.length > 0) out.push('');
  writeMapping(data, 0, out);
  if (Object.values(data).every((v) => v === undefined)) out.push('{}');
  return `${out.join('\n')}\n`;
}

/** Letters first, then only characters a plain scalar may hold after its first one (`: ` and ` #` are refused below). */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_ .,;:#!?'"`~^()/&+*%=<>@$|\\-]*$/;
/** Plain scalars the core schema would read as something other than a string. */
const NOT_A_STRING = /^(true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
/** Lists written on one line: a few short names (`on: [agent_requested]`, `carry: [customer_id]`). */
const FLOW_LIST_ITEMS = 8;
const FLOW_LIST_ITEM_LENGTH = 40;

function plainString(s: string, inFlow: boolean): boolean {
  // `: ` starts a value and ` #` a comment; a colon at the end is a key.
  return PLAIN.test(s) && !NOT_A_STRING.test(s) && !/: |:$| #/.test(s) && !s.endsWith(' ') && !s.includes('  ') && !(inFlow && /[,:]/.test(s));
}

/** Written forms of strings seen before (keys and names repeat on every state): block, then flow context. */
const written = [new Map<string, string>(), new Map<string, string>()];
const WRITTEN_CACHE_LIMIT = 50_000;

function scalar(value: unknown, inFlow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  const s = String(value);
  const cache = written[inFlow ? 1 : 0] as Map<string, string>;
  let out = cache.get(s);
  if (out === undefined) {
    out = plainString(s, inFlow) ? s : safeJson(JSON.stringify(s));
    if (cache.size >= WRITTEN_CACHE_LIMIT) cache.clear();
    cache.set(s, out);
  }
  return out;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** The value written on its key's line, when it goes there. */
function inline(key: string | undefined, value: unknown): string | undefined {
  if (isScalar(value)) return scalar(value, false);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.length <= FLOW_LIST_ITEMS && value.every((v) => typeof v === 'string' && v.length <= FLOW_LIST_ITEM_LENGTH)) {
      return `[${value.map((v) => scalar(v, true)).join(', ')}]`;
    }
    return undefined;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (key === 'x-source' && entries.every(([, v]) => isScalar(v))) {
    return `{ ${entries.map(([k, v]) => `${scalar(k, true)}: ${scalar(v, true)}`).join(', ')} }`;
  }
  return undefined;
}

function writeMapping(map: Readonly<Record<string, unknown>>, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const k = scalar(key, false);
    const one = inline(key, value);
    if (one !== undefined) out.push(`${pad}${k}: ${one}`);
    else {
      out.push(`${pad}${k}:`);
      if (Array.isArray(value)) writeSequence(value, indent + 2, out);
      else writeMapping(value as Record<string, unknown>, indent + 2, out);
    }
  }
}

function writeSequence(list: readonly unknown[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of list) {
    const one = inline(undefined, item);
    if (one !== undefined) out.push(`${pad}- ${one}`);
    else if (Array.isArray(item)) {
      out.push(`${pad}-`);
      writeSequence(item, indent + 2, out);
    } else {
      // A mapping in a list starts on the dash's line.
      const lines: string[] = [];
      writeMapping(item as Record<string, unknown>, indent + 2, lines);
      if (lines.length === 0) out.push(`${pad}- {}`);
      else {
        lines[0] = `${pad}- ${(lines[0] as string).slice(indent + 2)}`;
        out.push(...lines);
      }
    }
  }
}
