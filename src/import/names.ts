import { JOURNEY_ID, RESERVED_FIELD_NAMES, RESERVED_SIGNALS } from '../spec/names.js';

/** Longest id the schema accepts for states, fields and events. */
const MAX_ID = 100;

/** Folds accents (`é` -> `e`) and keeps letters and digits; everything else is a separator. */
function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** `snake_case` of any name, starting with a letter (`prefix` is put in front otherwise), at most 100 characters. */
export function snakeName(name: string, prefix = 's'): string {
  let id = words(name).join('_');
  if (id === '') id = prefix;
  else if (!/^[a-z]/.test(id)) id = `${prefix}_${id}`;
  return id.slice(0, MAX_ID).replace(/_+$/, '');
}

/** A kebab-case journey id for a flow, topic or contact flow name. */
export function journeyIdFor(name: string): string {
  let id = words(name).join('-');
  if (id === '') id = 'imported';
  if (!/^[a-z]/.test(id)) id = `j-${id}`;
  id = id.slice(0, MAX_ID).replace(/-+$/, '');
  return JOURNEY_ID.test(id) ? id : 'imported';
}

/** An event name (lowercase, digits, `_` and `.`) for an intent or key press; never `xstate.*`, never a reserved signal. */
export function eventNameFor(name: string): string {
  let id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+|[._]+$/g, '');
  if (id === '' || !/^[a-z]/.test(id)) id = `e_${id}`.replace(/_+$/, '');
  if (id.startsWith('xstate.') || (RESERVED_SIGNALS as readonly string[]).includes(id)) id = `intent_${id}`;
  return id.slice(0, MAX_ID).replace(/[._]+$/, '');
}

/** A context field name for a slot, parameter or variable; never a word the expression language reserves. */
export function fieldNameFor(name: string): string {
  const id = snakeName(name, 'f');
  return RESERVED_FIELD_NAMES.has(id) ? `${id}_value` : id;
}

/**
 * Hands out unique names: the first asker of a name gets it, later ones `name_2`,
 * `name_3`... Importers ask in source order, so the ids are the same on every import.
 */
export class NameTable {
  private readonly taken = new Set<string>();
  private readonly given = new Map<string, string>();

  /** `separator` joins a name and its number: `_` for states, fields and events, `-` for journey ids. */
  constructor(reserved: Iterable<string> = [], private readonly separator = '_') {
    for (const r of reserved) this.taken.add(r);
  }

  /** The id for `key` (the same key always gets the same id); `wanted` is the id it should look like. */
  name(key: string, wanted: string): string {
    const known = this.given.get(key);
    if (known !== undefined) return known;
    let id = wanted;
    for (let k = 2; this.taken.has(id); k++) id = `${wanted.slice(0, MAX_ID - String(k).length - 1)}${this.separator}${k}`;
    this.taken.add(id);
    this.given.set(key, id);
    return id;
  }

  /** True when an id is already handed out or reserved. */
  has(id: string): boolean {
    return this.taken.has(id);
  }
}
