// Values derived from an object (a journey's behaviour table, a state's index of handlers),
// computed once and kept on the object itself, in a non-enumerable symbol-keyed property.
//
// Not a WeakMap: V8's young-generation collector keeps every value of a WeakMap whose key is
// still young, so each file's tables outlived the collections that should have freed them and
// were promoted to the old generation. Linting 1,000 journeys that way promoted 254 MB in 104
// scavenges (900 ms of pauses, a quarter of the run); a value kept on its object dies with it.
// The property is invisible to JSON, structuredClone, key listings and deep equality.

/** A value derived from objects of one kind, computed on first use and kept on each object. */
export class Derived<K extends object, V> {
  private readonly slot: symbol;
  // The object asked for last and its value: engines ask about the same journey at every step, and
  // the slot's lookup is shared by every kind of object, so V8 cannot make it a plain field read.
  private lastKey: K | undefined;
  private lastValue: V | undefined;

  /** `name` only labels the slot (it shows in a debugger); `compute` runs once per object. */
  constructor(
    name: string,
    private readonly compute: (key: K) => V,
  ) {
    this.slot = Symbol(name);
  }

  /** The value derived from `key`, computed now if it was not yet. */
  of(key: K): V {
    if (key === this.lastKey) return this.lastValue as V;
    let value = (key as Record<symbol, V | undefined>)[this.slot];
    if (value === undefined) {
      value = this.compute(key);
      // A frozen object cannot hold it: then it is computed again each time it is not the last one asked for.
      if (Object.isExtensible(key)) Object.defineProperty(key, this.slot, { value, enumerable: false, writable: false, configurable: false });
    }
    this.lastKey = key;
    this.lastValue = value;
    return value;
  }
}
