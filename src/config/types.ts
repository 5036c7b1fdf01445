import type { Severity, Span } from '../diagnostics/diagnostic.js';

/** A rule's effective setting: `off`, or a severity with options. */
export type RuleSetting = { readonly severity: 'off' } | { readonly severity: Severity; readonly options: Readonly<Record<string, unknown>> };

/** A rule's setting as written in a config: severity, and options when given. */
export interface RuleEntry {
  readonly severity: 'off' | Severity;
  readonly options?: Readonly<Record<string, unknown>>;
  /** Where it was written (for messages). */
  readonly span: Span;
}

/** Settings for the files matching some globs. */
export interface ConfigOverride {
  readonly files: readonly string[];
  readonly rules: ReadonlyMap<string, RuleEntry>;
}

/** Presets a config can extend. */
export type Preset = 'recommended' | 'strict';

/** A loaded, validated journey.config.yaml (or the built-in default when there is none). */
export interface Config {
  /** Absolute path of the config file, undefined for the built-in default. */
  readonly path?: string;
  /** Folder that globs are relative to: the config file's folder, or the working directory. */
  readonly dir: string;
  readonly extends: Preset;
  readonly rules: ReadonlyMap<string, RuleEntry>;
  readonly overrides: readonly ConfigOverride[];
  readonly ignores: readonly string[];
  /** Severity of disable comments that suppress nothing. */
  readonly reportUnusedDisables: 'off' | Severity;
  /** Largest journey file read, when the config sets it. */
  readonly maxFileBytes?: number;
}

/** Name of the config file, found by walking up from the working directory. */
export const CONFIG_FILE_NAMES = ['journey.config.yaml', 'journey.config.yml'] as const;
