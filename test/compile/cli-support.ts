/**
 * Helpers for the `journey compile` tests: throw-away copies of the example journeys,
 * snapshots of folders, and facts read straight from the YAML. Running the binary is
 * test/support/cli.ts.
 */
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/cli.js';
import { EXAMPLE_NAMES } from '../support/lint.js';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'compile');
export const EXAMPLES = EXAMPLE_NAMES;

/** A fresh temporary folder holding a copy of the example journeys in journeys/. */
export function exampleWorkspace(prefix = 'journey-compile-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'journeys'), join(dir, 'journeys'), { recursive: true });
  return dir;
}

/** Every file under `dir` (recursively, symlinks not followed), relative, with '/' separators, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Path -> `mtimeMs size content` of every file under `dir` (so any write shows, even one with the same text). */
export function snapshot(dir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of listFiles(dir)) {
    const p = join(dir, file);
    const st = lstatSync(p);
    map.set(file, `${st.mtimeMs} ${st.size} ${st.isSymbolicLink() ? 'link' : readFileSync(p, 'utf8')}`);
  }
  return map;
}

/** Every side-effect name (`do`) in a journey file, sorted: read straight from the YAML, independent of src/. */
export function effectsInYaml(path: string): string[] {
  const names = new Set<string>();
  const calls = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'do' && Array.isArray(v)) for (const name of v) names.add(String(name));
        else if (k === 'do' && typeof v === 'string') names.add(v);
        else if (k === 'call' && typeof v === 'string') calls.add(v);
        else visit(v);
      }
    }
  };
  const doc = parse(readFileSync(path, 'utf8')) as { journeys?: Record<string, unknown> };
  visit(doc);
  // A journey of another file that this one calls runs inside it: its side effects are this machine's too.
  const folder = dirname(path);
  const seen = new Set<string>([path]);
  for (const id of calls) {
    if (doc.journeys && Object.hasOwn(doc.journeys, id)) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.journey.yaml'))) {
      const other = join(folder, file);
      if (seen.has(other) || (parse(readFileSync(other, 'utf8')) as { journey?: string }).journey !== id) continue;
      seen.add(other);
      visit(parse(readFileSync(other, 'utf8')));
    }
  }
  return [...names].sort();
}

/** The state ids of a journey file, read straight from the YAML. */
export function statesInYaml(path: string): string[] {
  return Object.keys((parse(readFileSync(path, 'utf8')) as { states: Record<string, unknown> }).states);
}

/** `lost-card` -> `LostCard`, as the ts target names its exports. */
export function pascal(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
