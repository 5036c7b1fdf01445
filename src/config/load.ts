import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { config as validateConfigDocument } from '../generated/validators.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { parseDocumentText, type DocumentKind } from '../load/document.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readSource, readSourceSync } from '../load/read.js';
import type { SourceMap } from '../load/source-map.js';
import { RULE_IDS } from '../rules/index.js';
import { CONFIG_FILE_NAMES, type Config, type ConfigOverride, type Preset, type RuleEntry } from './types.js';

/** A config file's text, and the config or the findings that prevent using it. */
export interface LoadedConfig {
  readonly path: string;
  readonly source: string;
  readonly config?: Config;
  readonly diagnostics: readonly Diagnostic[];
}

/** The built-in configuration used when no config file is found. */
export function defaultConfig(cwd: string): Config {
  return { dir: cwd, extends: 'recommended', rules: new Map(), overrides: [], ignores: [], reportUnusedDisables: 'warning' };
}

/** The nearest journey.config.yaml (or .yml) in `start` or a folder above it. */
export function findConfigFile(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** How config files are validated and described (the one document pipeline, src/load/document.ts). */
const CONFIG_DOCUMENT: DocumentKind = { validate: validateConfigDocument, describe: describeConfigPath, keysAt: configKeys };

/** Reads and validates a config file; every problem is a positioned diagnostic, nothing throws. */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  const read = await readSource(path, DEFAULT_LIMITS);
  if (read.diagnostic) return { path, source: '', diagnostics: [read.diagnostic] };
  return parseConfig(path, read.text);
}

/** `loadConfigFile` without waiting: configs are looked up while folders are walked. */
export function loadConfigFileSync(path: string): LoadedConfig {
  const read = readSourceSync(path, DEFAULT_LIMITS);
  if (read.diagnostic) return { path, source: '', diagnostics: [read.diagnostic] };
  return parseConfig(path, read.text);
}

/** Validates config text (exported for tests and `--print-config`). */
export function parseConfig(path: string, text: string): LoadedConfig {
  // An empty config file (or one of comments only) is a valid config that changes nothing.
  if (text.replace(/^\s*#.*$/gm, '').trim() === '') return { path, source: text, config: { ...defaultConfig(dirname(path)), path }, diagnostics: [] };
  const loaded = parseDocumentText(path, text, CONFIG_DOCUMENT);
  if (!loaded.data || !loaded.sourceMap) return { path, source: text, diagnostics: loaded.diagnostics.map(toConfigFinding) };
  return { path, source: text, config: buildConfig(path, loaded.data as Record<string, unknown>, loaded.sourceMap), diagnostics: [] };
}

function buildConfig(path: string, data: Record<string, unknown>, map: SourceMap): Config {
  const rules = (holder: unknown): Map<string, RuleEntry> => {
    const out = new Map<string, RuleEntry>();
    if (typeof holder !== 'object' || holder === null) return out;
    for (const [id, value] of Object.entries(holder)) {
      const [severity, options] = Array.isArray(value) ? value : [value];
      out.set(id, {
        severity: toSeverity(severity as string | number),
        ...(options !== undefined ? { options: options as Record<string, unknown> } : {}),
        span: map.valueSpan(holder, id),
      });
    }
    return out;
  };
  const overrides: ConfigOverride[] = ((data.overrides ?? []) as Record<string, unknown>[]).map((o) => ({
    files: o.files as string[],
    rules: rules(o.rules),
  }));
  const maxSize = data['max-file-size'];
  return {
    path,
    dir: dirname(path),
    extends: (data.extends ?? 'recommended') as Preset,
    rules: rules(data.rules),
    overrides,
    ignores: (data.ignores ?? []) as string[],
    reportUnusedDisables:
      data['report-unused-disables'] === undefined ? (data.extends === 'strict' ? 'error' : 'warning') : toSeverity(data['report-unused-disables'] as string | number),
    ...(maxSize !== undefined ? { maxFileBytes: typeof maxSize === 'number' ? maxSize : parseSizeText(maxSize as string) } : {}),
  };
}

/** `off`/`warn`/`error` (or 0/1/2) as a severity. */
export function toSeverity(value: string | number): 'off' | Severity {
  if (value === 'off' || value === 0) return 'off';
  if (value === 'warn' || value === 1) return 'warning';
  return 'error';
}

/** Bytes from `2MB`, `500k`, `1048576` (already validated by the schema). */
export function parseSizeText(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg])?/i.exec(text.trim());
  const unit = m?.[2]?.toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m?.[1] ?? 0) * factor);
}


function toConfigFinding(d: Diagnostic): Diagnostic {
  if (d.code !== 'not-a-mapping') return d;
  return { ...d, message: 'A config file must be a mapping of settings (`extends`, `rules`, `overrides`, `ignores`...).' };
}

const CONFIG_KEYS = ['extends', 'rules', 'overrides', 'ignores', 'report-unused-disables', 'max-file-size'];

function configKeys(path: readonly (string | number)[]): readonly string[] | undefined {
  if (path.length === 0) return CONFIG_KEYS;
  if (path[path.length - 1] === 'rules') return RULE_IDS;
  if (path[0] === 'overrides' && path.length === 2) return ['files', 'rules'];
  return undefined;
}

function describeConfigPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'The config';
  const [head, a, b, c] = path;
  if (head === 'rules') return a === undefined ? '`rules`' : `Rule \`${String(a)}\`${b !== undefined ? (b === 0 ? ', severity' : ', options') : ''}${c !== undefined ? ` \`${String(c)}\`` : ''}`;
  if (head === 'overrides' && typeof a === 'number') {
    const where = `Override ${a + 1}`;
    if (b === 'rules' && c !== undefined) return `${where}, rule \`${String(c)}\`${path[4] !== undefined ? (path[4] === 0 ? ', severity' : ', options') : ''}`;
    return b === undefined ? where : `${where}, \`${path.slice(2).join('.')}\``;
  }
  return `\`${path.join('.')}\``;
}
