import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Severity } from '../diagnostics/diagnostic.js';
import type { RuleMeta } from '../rule-support/types.js';
import type { Config, RuleEntry, RuleSetting } from './types.js';

/** Effective settings of every rule for one file. */
export type EffectiveRules = ReadonlyMap<string, RuleSetting>;

type Matcher = (path: string) => boolean;
const matchers = new WeakMap<readonly string[], Matcher>();

function matcherFor(globs: readonly string[]): Matcher {
  let m = matchers.get(globs);
  if (!m) {
    m = picomatch(globs as string[], { dot: true });
    matchers.set(globs, m);
  }
  return m;
}

/** A file's path relative to the config folder, with forward slashes (what globs match). */
export function configRelative(config: Config, file: string): string {
  const rel = relative(config.dir, file);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** True when the config's `ignores` globs match the file. */
export function isIgnored(config: Config, file: string): boolean {
  return config.ignores.length > 0 && matcherFor(config.ignores)(configRelative(config, file));
}

/**
 * Settings of every rule for a file: the preset (`recommended`: each rule's default
 * severity; `strict`: every rule an error), then `rules`, then each matching override
 * in order. A severity given without options keeps the options set before it.
 */
export function rulesFor(config: Config, metas: readonly RuleMeta[], file: string): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>();
  const options = new Map<string, Readonly<Record<string, unknown>>>();
  for (const meta of metas) {
    options.set(meta.id, { ...(meta.defaultOptions ?? {}) });
    out.set(meta.id, { severity: config.extends === 'strict' ? 'error' : meta.severity, options: options.get(meta.id) ?? {} });
  }
  const apply = (entries: ReadonlyMap<string, RuleEntry>): void => {
    for (const [id, entry] of entries) {
      if (entry.options) options.set(id, { ...(options.get(id) ?? {}), ...entry.options });
      out.set(id, entry.severity === 'off' ? { severity: 'off' } : { severity: entry.severity as Severity, options: options.get(id) ?? {} });
    }
  };
  apply(config.rules);
  if (config.overrides.length > 0) {
    const rel = configRelative(config, file);
    for (const override of config.overrides) if (matcherFor(override.files)(rel)) apply(override.rules);
  }
  return out;
}

/** Which of the config's overrides match a file, as a key (`''` when the config has none): files with the same key share their settings. */
export function matchingOverrides(config: Config, file: string): string {
  if (config.overrides.length === 0) return '';
  const rel = configRelative(config, file);
  let key = '';
  for (const override of config.overrides) key += matcherFor(override.files)(rel) ? '1' : '0';
  return key;
}

/** A stable text key of effective settings (for caching and grouping files with equal settings). */
export function settingsKey(rules: EffectiveRules): string {
  return JSON.stringify([...rules].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The effective configuration of one file, as `--print-config` shows it. */
export function describeEffectiveConfig(config: Config, metas: readonly RuleMeta[], file: string): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const [id, setting] of [...rulesFor(config, metas, file)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const word = setting.severity === 'off' ? 'off' : setting.severity === 'warning' ? 'warn' : 'error';
    rules[id] = setting.severity !== 'off' && Object.keys(setting.options).length > 0 ? [word, setting.options] : word;
  }
  return {
    file,
    config: config.path ?? null,
    extends: config.extends,
    ignored: isIgnored(config, file),
    'report-unused-disables': config.reportUnusedDisables === 'warning' ? 'warn' : config.reportUnusedDisables,
    ...(config.maxFileBytes !== undefined ? { 'max-file-size': config.maxFileBytes } : {}),
    rules,
  };
}

/** Settings from each rule's defaults: every rule on, at its default severity (no config file). */
export function defaultSettings(metas: readonly { readonly meta: RuleMeta }[]): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>();
  for (const { meta } of metas) out.set(meta.id, { severity: meta.severity, options: { ...(meta.defaultOptions ?? {}) } });
  return out;
}
