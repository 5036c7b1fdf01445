import type { Span } from '../diagnostics/diagnostic.js';

/** Where one mapping entry or sequence item sits in the file. */
export interface EntryLocation {
  /** The key of a mapping entry (absent for sequence items). */
  readonly key?: Span;
  /** The value node. */
  readonly value: Span;
}

/** Where a mapping or sequence sits, and where each of its entries sits. */
export interface ContainerLocation {
  readonly span: Span;
  readonly entries: ReadonlyMap<string | number, EntryLocation>;
}

/**
 * Positions for a plain value tree produced by the loader. Positions live beside
 * the data (not inside it) so that the data stays a plain JSON value for ajv and
 * for anyone who reads the raw document.
 */
export class SourceMap {
  private readonly containers = new WeakMap<object, ContainerLocation>();

  constructor(readonly rootSpan: Span) {}

  /** Records the location of a container produced by the loader. */
  set(container: object, location: ContainerLocation): void {
    this.containers.set(container, location);
  }

  /** The location of a container, if the loader produced it. */
  container(value: unknown): ContainerLocation | undefined {
    return typeof value === 'object' && value !== null ? this.containers.get(value) : undefined;
  }

  /** Location of `parent[key]`, or undefined when the loader did not see it. */
  entry(parent: unknown, key: string | number): EntryLocation | undefined {
    return this.container(parent)?.entries.get(key);
  }

  /** Span of the value at `parent[key]`, falling back to the parent's own span. */
  valueSpan(parent: unknown, key: string | number): Span {
    return this.entry(parent, key)?.value ?? this.container(parent)?.span ?? this.rootSpan;
  }

  /** Span of the key `key` in `parent`, falling back to the value and then the parent. */
  keySpan(parent: unknown, key: string | number): Span {
    const entry = this.entry(parent, key);
    return entry?.key ?? entry?.value ?? this.container(parent)?.span ?? this.rootSpan;
  }

  /**
   * Follows a path of keys from `root` and returns the deepest location found:
   * `key` and `value` of the last segment, and `owner`, the key under which the
   * last container that exists hangs (where a missing property is reported).
   */
  resolve(root: unknown, path: readonly (string | number)[]): { key?: Span; value: Span; owner: Span; found: boolean } {
    let node: unknown = root;
    let owner: Span = { start: 0, end: 0 };
    let last: EntryLocation = { value: this.container(root)?.span ?? this.rootSpan };
    for (const segment of path) {
      const key = Array.isArray(node) && typeof segment === 'string' && /^\d+$/.test(segment) ? Number(segment) : segment;
      const entry = this.entry(node, key);
      if (!entry || typeof node !== 'object' || node === null) return { ...last, owner, found: false };
      owner = entry.key ?? entry.value;
      last = entry;
      node = (node as Record<string | number, unknown>)[key];
    }
    return { ...last, owner, found: true };
  }
}
