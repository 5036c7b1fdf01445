import type { SourceFile, SourceTree } from '../sources.js';
import type { SourcePoint } from '../types.js';

/** A Rasa slot as the domain declares it. */
export interface Slot {
  readonly name: string;
  /** `bool`, `categorical`, `float`, `text`, `any`, `list`... as written (lowercased). */
  readonly type: string;
  /** The values of a categorical slot, in the domain's order. */
  readonly values: readonly string[];
  readonly initialValue?: string | number | boolean;
}

/** A response of the domain: the text of its first variant, and whether variants depend on conditions. */
export interface Response {
  readonly name: string;
  readonly text?: string;
  readonly conditional: boolean;
  readonly at: SourcePoint;
}

/** One flow of the project, as read from its file. */
export interface Flow {
  readonly id: string;
  readonly file: SourceFile;
  /** The flow's mapping in the file. */
  readonly value: Record<string, unknown>;
  readonly steps: readonly unknown[];
  readonly at: SourcePoint;
  readonly name?: string;
  readonly description?: string;
  /** `if: False`: the customer cannot start it; only `call:` and `link:` reach it. */
  readonly notStartable: boolean;
  /** Another `if:` guard on starting the flow (lost on import). */
  readonly guard?: string;
  readonly intent?: string;
}

/** What the importer knows about the project: flows in file and source order, slots, responses. */
export interface Project {
  readonly flows: ReadonlyMap<string, Flow>;
  readonly slots: ReadonlyMap<string, Slot>;
  readonly responses: ReadonlyMap<string, Response>;
  /** Actions the domain lists (`actions:`), custom ones included. */
  readonly actions: ReadonlySet<string>;
  /** True when at least one domain file (slots or responses) was found. */
  readonly hasDomain: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for the files a Rasa project keeps flows and domain in. */
function isProjectFile(rel: string, single: boolean): boolean {
  if (!/\.ya?ml$/i.test(rel)) return false;
  if (single) return true;
  return rel.startsWith('data/') || rel.startsWith('domain/') || /^domain\.ya?ml$/i.test(rel) || /^flows\.ya?ml$/i.test(rel);
}

function readDomain(tree: SourceTree, file: SourceFile, data: Record<string, unknown>, slots: Map<string, Slot>, responses: Map<string, Response>, actions: Set<string>): void {
  if (isRecord(data.slots)) {
    for (const [name, raw] of Object.entries(data.slots)) {
      if (!isRecord(raw)) {
        tree.problem(file, 'bad-shape', `Slot \`${name}\` should be a mapping with a \`type\`.`, { value: raw, parent: data.slots, key: name });
        continue;
      }
      if (slots.has(name)) continue;
      const type = typeof raw.type === 'string' ? raw.type.toLowerCase() : 'any';
      const values = Array.isArray(raw.values) ? raw.values.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v)).map(String) : [];
      const initial = raw.initial_value;
      slots.set(name, { name, type, values, ...(typeof initial === 'string' || typeof initial === 'number' || typeof initial === 'boolean' ? { initialValue: initial } : {}) });
    }
  }
  if (isRecord(data.responses)) {
    for (const [name, raw] of Object.entries(data.responses)) {
      if (responses.has(name)) continue;
      const variants = Array.isArray(raw) ? raw.filter(isRecord) : [];
      const first = variants.find((v) => typeof v.text === 'string');
      responses.set(name, {
        name,
        ...(first ? { text: (first.text as string).trim() } : {}),
        conditional: variants.some((v) => v.condition !== undefined),
        at: tree.point(file, name, name, data.responses, name),
      });
    }
  }
  if (Array.isArray(data.actions)) {
    for (const a of data.actions) {
      if (typeof a === 'string') actions.add(a);
      else if (isRecord(a)) for (const k of Object.keys(a)) actions.add(k);
    }
  }
}

function readFlows(tree: SourceTree, file: SourceFile, data: Record<string, unknown>, flows: Map<string, Flow>): void {
  const all = data.flows;
  if (all === null || all === undefined) return;
  if (!isRecord(all)) {
    tree.problem(file, 'bad-shape', '`flows:` should map flow ids to flows.', { value: all, parent: data, key: 'flows' });
    return;
  }
  for (const [id, raw] of Object.entries(all)) {
    if (!isRecord(raw)) {
      tree.problem(file, 'bad-shape', `Flow \`${id}\` should be a mapping with \`steps\`.`, { value: raw, parent: all, key: id });
      continue;
    }
    if (!Array.isArray(raw.steps) || raw.steps.length === 0) {
      tree.problem(file, 'bad-shape', `Flow \`${id}\` has no \`steps\` list.`, { value: raw, parent: all, key: id });
      continue;
    }
    const known = flows.get(id);
    if (known) {
      tree.problem(file, 'bad-shape', `Flow \`${id}\` is defined twice; the one in ${known.file.rel} is imported.`, { value: raw, parent: all, key: id });
      continue;
    }
    const guard = raw.if;
    const notStartable = guard === false || (typeof guard === 'string' && guard.trim().toLowerCase() === 'false');
    const trigger = Array.isArray(raw.nlu_trigger) ? raw.nlu_trigger[0] : undefined;
    const intentValue = isRecord(trigger) ? (isRecord(trigger.intent) ? trigger.intent.name : trigger.intent) : undefined;
    const intent = typeof intentValue === 'string' && /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/.test(intentValue) ? intentValue : undefined;
    flows.set(id, {
      id,
      file,
      value: raw,
      steps: raw.steps,
      // The flow's key, not its first entry: that is the line a person looks for.
      at: tree.point(file, id, id, all, id),
      ...(typeof raw.name === 'string' && raw.name.trim() !== '' ? { name: raw.name.trim() } : {}),
      ...(typeof raw.description === 'string' && raw.description.trim() !== '' ? { description: raw.description.trim() } : {}),
      notStartable,
      ...(!notStartable && guard !== undefined && guard !== null && guard !== true ? { guard: String(guard) } : {}),
      ...(intent ? { intent } : {}),
    });
  }
}

/**
 * Reads the flows and the domain of a Rasa project (files under `data/` and `domain/`,
 * `domain.yml`, or the one file imported), in sorted file order. Undefined, with a
 * `not-an-export` problem, when no CALM flow is found.
 */
export function readProject(tree: SourceTree): Project | undefined {
  const flows = new Map<string, Flow>();
  const slots = new Map<string, Slot>();
  const responses = new Map<string, Response>();
  const actions = new Set<string>();
  let hasDomain = false;
  let candidates = 0;
  for (const rel of tree.files()) {
    if (!isProjectFile(rel, tree.isFile)) continue;
    candidates++;
    const file = tree.read(rel);
    if (!file || !isRecord(file.data)) continue;
    if ('slots' in file.data || 'responses' in file.data) {
      hasDomain = true;
      readDomain(tree, file, file.data, slots, responses, actions);
    }
    if ('flows' in file.data) readFlows(tree, file, file.data, flows);
  }
  if (flows.size === 0) {
    const broken = tree.problems.some((p) => p.diagnostic.severity === 'error');
    if (!broken || candidates === 0) {
      tree.problem(
        '',
        'not-an-export',
        candidates === 0
          ? 'This is not a Rasa project: there is no data/ or domain/ folder and no domain.yml with CALM flows.'
          : 'No Rasa CALM flow was found: no YAML file under data/ has a `flows:` key.',
        undefined,
        { hint: 'Give the folder of a Rasa CALM project (with data/flows/*.yml and domain.yml), or one flows file.' },
      );
    }
    return undefined;
  }
  return { flows, slots, responses, actions, hasDomain };
}
