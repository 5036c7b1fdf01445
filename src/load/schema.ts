import { journey as validateJourneyDocument, type ValidationError } from '../generated/validators.js';
import { SCHEMA, type Diagnostic, type SchemaCode, type Span } from '../diagnostics/diagnostic.js';
import { sortAndDedupe } from '../diagnostics/order.js';
import { closest, listNames } from '../diagnostics/suggest.js';
import { RESERVED_FIELD_NAMES, STATE_KEYS } from '../spec/names.js';
import type { SourceMap } from './source-map.js';

type Segment = string | number;

/** Validates a parsed journey document against schemas/journey.schema.json; findings are positioned and plain-spoken. */
export function validateJourneySchema(data: unknown, sourceMap: SourceMap): Diagnostic[] {
  if (validateJourneyDocument(data)) return [];
  return mapSchemaErrors(validateJourneyDocument.errors ?? [], data, sourceMap, describeJourneyPath, journeyKeys);
}

/** Describes where a path points, for the start of a message ("State `verify`, event `failed`"). */
export type PathDescriber = (path: readonly Segment[]) => string;
/** Lists the keys a mapping at `path` accepts, for "unknown key" messages. */
export type KeyLister = (path: readonly Segment[], data: unknown) => readonly string[] | undefined;

/** Turns ajv errors into diagnostics: one per problem, at the key or value it is about, in plain words, in source order. */
export function mapSchemaErrors(
  errors: readonly ValidationError[],
  data: unknown,
  sourceMap: SourceMap,
  describe: PathDescriber,
  keysAt: KeyLister,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const mapped = mapError(error, data, sourceMap, describe, keysAt);
    if (mapped) out.push(mapped);
  }
  return sortAndDedupe(out);
}

function mapError(
  error: ValidationError & { propertyName?: string },
  data: unknown,
  sourceMap: SourceMap,
  describe: PathDescriber,
  keysAt: KeyLister,
): Diagnostic | undefined {
  const path = parsePointer(error.instancePath, data);
  const where = describe(path);
  const value = valueAt(data, path);
  const at = sourceMap.resolve(data, path);
  const make = (code: SchemaCode, message: string, s: Span, hint?: string): Diagnostic => ({
    ruleId: SCHEMA,
    code,
    severity: 'error',
    message,
    span: s,
    ...(hint ? { hint } : {}),
  });

  // Errors about a key's own name: ajv reports them with `propertyName` and the inner keyword.
  if (error.propertyName !== undefined) {
    const name = error.propertyName;
    const keyAt = sourceMap.resolve(data, [...path, name]);
    const code: SchemaCode = error.schemaPath.includes('duration') ? 'duration' : 'pattern';
    return make(code, `${where}: ${describeBadName(error.schemaPath, name, path)}`, keyAt.key ?? keyAt.value);
  }

  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
    case 'allOf':
      return undefined; // Summaries of errors reported on their own.
    case 'required': {
      const missing = String(error.params.missingProperty);
      const ownerSpan = path.length === 0 ? { start: 0, end: 0 } : at.owner;
      return make('required', requiredMessage(path, where, missing, value), ownerSpan);
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(error.params.additionalProperty ?? error.params.unevaluatedProperty);
      const allowed = keysAt(path, data);
      // A key the mapping accepts is only "unevaluated" because its own value failed; that error is reported already.
      if (allowed?.includes(key)) return undefined;
      const keyAt = sourceMap.resolve(data, [...path, key]);
      const suggestion = allowed ? closest(key, allowed) : undefined;
      const kind = stateKind(path, data);
      const accepts = allowed ? ` ${kind ? `${capitalize(kind)} states take` : 'Allowed keys are'} ${listNames(allowed, 12)}; keys starting with \`x-\` are free for your own metadata.` : '';
      return make(
        'unknown-key',
        `${where}: unknown key \`${key}\`${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}.${accepts}`,
        keyAt.key ?? keyAt.value,
        misplacedKeyHint(key, kind),
      );
    }
    case 'type': {
      const expected = String(error.params.type).split(',');
      return make('type', `${where}: expected ${expected.map(typeWord).join(' or ')}, got ${describeValue(value)}.`, at.value);
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      return make('enum', `${where}: ${describeValue(value)} is not allowed; expected one of ${listNames(allowed)}.`, at.value);
    }
    case 'const':
      return make('enum', `${where}: expected \`${String(error.params.allowedValue)}\`, got ${describeValue(value)}.`, at.value);
    case 'pattern':
      return make('pattern', `${where}: ${describeBadName(error.schemaPath, String(value), path)}`, at.value);
    case 'not':
      return make('value', notMessage(error.schemaPath, where, value, path), error.schemaPath.includes('dependentSchemas') ? at.key ?? at.value : at.value);
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return make('value', `${where}: must not be empty.`, at.value);
    case 'maxItems':
      if (path.includes('rules')) return make('value', `${where}: this rule takes no options; write only its severity.`, at.value);
      return make('value', `${where}: has more than ${String(error.params.limit)} items.`, at.value);
    case 'maxLength':
      return make('value', `${where}: is longer than ${String(error.params.limit)} characters.`, at.value);
    case 'uniqueItems': {
      const list = Array.isArray(value) ? value : [];
      const j = Number(error.params.j);
      const dup = list[j];
      const dupAt = sourceMap.resolve(data, [...path, Number(error.params.i)]);
      return make('value', `${where}: lists ${describeValue(dup)} more than once.`, dupAt.found ? dupAt.value : at.value);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return make('value', `${where}: ${describeValue(value)} is out of range (${error.keyword === 'minimum' ? 'at least' : error.keyword === 'maximum' ? 'at most' : error.keyword === 'exclusiveMinimum' ? 'more than' : 'less than'} ${String(error.params.limit)}).`, at.value);
    case 'multipleOf':
      return make('type', `${where}: expected a whole number, got ${describeValue(value)}.`, at.value);
    default:
      return make('value', `${where}: ${error.message ?? 'is not valid'}.`, at.value);
  }
}

function requiredMessage(path: readonly Segment[], where: string, missing: string, value: unknown): string {
  const kind = stateKindOf(path, value);
  if (kind === 'human' && (missing === 'queue' || missing === 'hours')) {
    return missing === 'queue'
      ? `${where}: human states need a \`queue\` (the contact-centre queue that takes the customer).`
      : `${where}: human states need \`hours\` (\`always\`, or opening hours such as \`mon-fri 08:00-20:00 Europe/London\`).`;
  }
  if (kind === 'end' && missing === 'outcome') return `${where}: end states need an \`outcome\` (for example \`resolved\`).`;
  if (missing === 'to') return `${where}: needs \`to\`, the state it leads to.`;
  if (path.length === 0) return `The journey needs \`${missing}\`.`;
  return `${where}: needs \`${missing}\`.`;
}

function notMessage(schemaPath: string, where: string, value: unknown, path: readonly Segment[]): string {
  if (schemaPath.includes('dependentSchemas/always')) {
    return `${where}: \`always\` cannot be combined with \`on\` or \`after\`; a decision state decides at once. Move the waiting part into a state of its own.`;
  }
  if (path[0] === 'offramp') {
    return `${where}: ${describeValue(value)} is a reserved signal, not a customer event; use \`offramp.no_match\` or \`offramp.frustration\` for signals.`;
  }
  return `${where}: ${describeValue(value)} is reserved.`;
}

function describeBadName(schemaPath: string, name: string, path: readonly Segment[]): string {
  const shown = `\`${name}\``;
  if (schemaPath.includes('stateId')) return `state id ${shown} must be lowercase letters, digits and underscores, starting with a letter (no dots or dashes).`;
  if (schemaPath.includes('eventName')) {
    if (name.startsWith('xstate.')) return `event name ${shown} uses XState's reserved \`xstate.\` prefix.`;
    return `event name ${shown} must be lowercase letters, digits, underscores and dots, starting with a letter.`;
  }
  if (schemaPath.includes('fieldName')) {
    if (RESERVED_FIELD_NAMES.has(name)) return `field name ${shown} is reserved by the expression language.`;
    return `field name ${shown} must be lowercase letters, digits and underscores, starting with a letter.`;
  }
  if (schemaPath.includes('effectName')) {
    if (name.startsWith('journey.')) return `side effect ${shown} uses the \`journey.\` prefix, which is reserved for built-in actions.`;
    return `side effect ${shown} must be a dotted identifier such as \`cards.block\`.`;
  }
  if (schemaPath.includes('duration')) {
    if (/^\d+$/.test(name)) return `timeout ${shown} needs a unit: \`${name}s\`, \`${name}m\`, \`${name}ms\`...`;
    return `timeout ${shown} is not a duration; write whole numbers with units d, h, m, s, ms in that order, e.g. \`30s\`, \`5m\`, \`1h30m\`.`;
  }
  if (path[0] === 'journey') return `${shown} must be lowercase kebab-case, e.g. \`lost-card\`.`;
  if (path[0] === 'intent') return `${shown} must be dotted lowercase names, e.g. \`card.lost\`.`;
  if (path.includes('outcome')) return `${shown} must be lowercase letters, digits and underscores, e.g. \`resolved\`.`;
  if (path.includes('queue') || path.includes('skills')) return `${shown} must not contain spaces.`;
  return `${shown} is not in the expected form.`;
}

function misplacedKeyHint(key: string, kind: string | undefined): string | undefined {
  if (!kind) return undefined;
  for (const [other, keys] of Object.entries(STATE_KEYS)) {
    if (other !== kind && (keys as readonly string[]).includes(key)) return `\`${key}\` belongs to ${other} states; add \`type: ${other}\` if this state is one.`;
  }
  return undefined;
}

const ROOT_KEYS = ['journey', 'title', 'description', 'intent', 'priority', 'channels', 'context', 'offramp', 'start', 'states', 'tests'];
const FIELD_KEYS = ['type', 'default', 'pii', 'purpose', 'internal', 'description'];
const OFFRAMP_KEYS = ['to', 'on', 'no_match', 'frustration', 'description'];
const BRANCH_KEYS = ['to', 'if', 'set', 'do', 'description'];

/** Keys a mapping of a journey document accepts (for "unknown key" messages). */
export function journeyKeys(path: readonly Segment[], data: unknown): readonly string[] | undefined {
  if (path.length === 0) return ROOT_KEYS;
  if (path.length === 2 && path[0] === 'context') return FIELD_KEYS;
  if (path.length === 1 && path[0] === 'offramp') return OFFRAMP_KEYS;
  const kind = stateKind(path, data);
  if (kind && path.length === 2) return STATE_KEYS[kind];
  if (path[0] === 'states' && path.length >= 4) return BRANCH_KEYS;
  return undefined;
}

function stateKind(path: readonly Segment[], data: unknown): 'bot' | 'human' | 'end' | undefined {
  if (path[0] !== 'states' || path.length !== 2) return undefined;
  return stateKindOf(path, valueAt(data, path));
}

function stateKindOf(path: readonly Segment[], value: unknown): 'bot' | 'human' | 'end' | undefined {
  if (path[0] !== 'states' || path.length !== 2 || typeof value !== 'object' || value === null) return undefined;
  const type = (value as Record<string, unknown>).type;
  return type === 'human' || type === 'end' ? type : type === undefined || type === 'bot' ? 'bot' : undefined;
}

/** Plain-language location of a path inside a journey document. */
export function describeJourneyPath(path: readonly Segment[]): string {
  const [head, a, b, c, d] = path;
  if (head === undefined) return 'The journey';
  if (head === 'states') {
    if (a === undefined) return '`states`';
    const state = `State \`${String(a)}\``;
    if (b === undefined) return state;
    if ((b === 'on' || b === 'after') && c !== undefined) {
      const label = b === 'on' ? `event \`${String(c)}\`` : `timeout \`${String(c)}\``;
      return describeBranch(`${state}, ${label}`, path.slice(4), d);
    }
    if (b === 'always') return describeBranch(`${state}, \`always\``, path.slice(3), c);
    return `${state}, \`${path.slice(2).join('.')}\``;
  }
  if (head === 'tests') {
    if (typeof a !== 'number') return '`tests`';
    const rest = path.slice(2);
    return `Scenario ${a + 1}${rest.length ? `, \`${rest.join('.')}\`` : ''}`;
  }
  if (head === 'context') {
    if (a === undefined) return '`context`';
    return b === undefined ? `Context field \`${String(a)}\`` : `Context field \`${String(a)}\`, \`${String(b)}\``;
  }
  if (typeof a === 'number') return `\`${String(head)}\` item ${a + 1}`;
  return `\`${path.join('.')}\``;
}

function describeBranch(prefix: string, rest: readonly Segment[], first: Segment | undefined): string {
  if (first === undefined) return prefix;
  if (typeof first === 'number') {
    const tail = rest.slice(1);
    return `${prefix}, choice ${first + 1}${tail.length ? `, \`${tail.join('.')}\`` : ''}`;
  }
  return `${prefix}, \`${rest.join('.')}\``;
}

/** Splits a JSON pointer; segments that index a list become numbers (so messages can say "choice 2"). */
function parsePointer(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: Segment = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : segment;
    out.push(key);
    node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}

function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let node = data;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return node;
}

function typeWord(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return type;
  }
}

/** Describes a value for a message: `` `abc` ``, `a number (3)`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `\`${value.length > 60 ? `${value.slice(0, 57)}...` : value}\``;
  return `\`${String(value)}\` (${typeof value === 'number' ? 'a number' : 'true/false'})`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
