/** Resource limits applied to every input file; see docs/security.md. */
export interface LoadLimits {
  /** Largest file read, in bytes. */
  readonly maxFileBytes: number;
  /** Most YAML nodes that aliases may expand to in one document (alias-bomb guard). */
  readonly maxAliasNodes: number;
  /** Deepest nesting of mappings and sequences accepted. */
  readonly maxDepth: number;
}

/** Defaults: generous for hand-written journeys (a 2 MiB journey has thousands of states). */
export const DEFAULT_LIMITS: LoadLimits = Object.freeze({
  maxFileBytes: 2 * 1024 * 1024,
  maxAliasNodes: 10_000,
  maxDepth: 64,
});
