/**
 * Imports point one way (docs/architecture.md): each folder of src/ sits on a tier and
 * may import only from its own tier or lower ones, and folders of one tier never import
 * each other in a circle. The runtime that bots import stays small: xstate, the
 * expression evaluator, opening hours and its own modules. This test reads every
 * import of every source file, static, dynamic and type-only, and fails on one that
 * points the wrong way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/lint.js';

/** Tier of each folder of src/, lowest first (docs/architecture.md). */
export const TIERS: Readonly<Record<string, number>> = {
  diagnostics: 0,
  spec: 0,
  expr: 0,
  util: 0,
  generated: 0,
  load: 1,
  model: 2,
  behaviour: 3,
  runtime: 3,
  graph: 4,
  interpret: 4,
  'rule-support': 5,
  rules: 5,
  config: 6,
  lint: 7,
  compile: 7,
  sim: 7,
  import: 7,
  format: 8,
  show: 8,
  tui: 8,
  lsp: 9,
  cli: 9,
};

/** What the bots' runtime may import besides its own folder. */
const RUNTIME_ALLOWED = [/^xstate$/, /^src\/expr\//, /^src\/model\/hours\.ts$/, /^src\/runtime\//];

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier a file imports: `import ... from`, `export ... from`, `import('...')`, `import '...'`. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm];
  for (const p of patterns) for (const m of text.matchAll(p)) out.push(m[1] as string);
  return out;
}

/** `src/<folder>/...` for a relative specifier, the package name for a bare one. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? spec : (spec.split('/')[0] as string).startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
  const abs = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
  return relative(ROOT, abs).split(sep).join('/');
}

const folderOf = (path: string): string | undefined => (path.startsWith('src/') && path.split('/').length > 2 ? path.split('/')[1] : undefined);

const edges = sourceFiles(SRC).flatMap((file) => {
  const from = relative(ROOT, file).split(sep).join('/');
  return importsOf(readFileSync(file, 'utf8')).map((spec) => ({ from, to: target(file, spec), spec }));
});

describe('imports point one way', () => {
  it('every folder of src/ has a tier', () => {
    const folders = [...new Set(edges.map((e) => folderOf(e.from)).filter((f): f is string => f !== undefined))];
    expect(folders.filter((f) => TIERS[f] === undefined)).toEqual([]);
  });

  it('no module imports from a higher tier', () => {
    const wrong = edges.filter((e) => {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      if (!a || !b) return false;
      return (TIERS[b] as number) > (TIERS[a] as number);
    });
    expect(wrong.map((e) => `${e.from} imports ${e.spec} (tier ${TIERS[folderOf(e.to) as string]} above ${TIERS[folderOf(e.from) as string]})`)).toEqual([]);
  });

  it('folders of one tier do not import each other in a circle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      if (a && b && a !== b) graph.set(a, (graph.get(a) ?? new Set()).add(b));
    }
    const circles: string[] = [];
    for (const [a, targets] of graph) for (const b of targets) if (graph.get(b)?.has(a) && a < b) circles.push(`${a} <-> ${b}`);
    expect(circles).toEqual([]);
  });

  it('the runtime imports only xstate, the expression evaluator, opening hours and itself', () => {
    const wrong = edges.filter((e) => e.from.startsWith('src/runtime/') && !RUNTIME_ALLOWED.some((r) => r.test(e.to)));
    expect(wrong.map((e) => `${e.from} imports ${e.spec}`)).toEqual([]);
  });

  it('only the language server imports vscode-languageserver, and the CLI loads the server only when `journey lsp` runs', () => {
    const protocol = edges.filter((e) => e.to.startsWith('vscode-languageserver'));
    expect(protocol.length).toBeGreaterThan(0);
    expect(protocol.filter((e) => !e.from.startsWith('src/lsp/')).map((e) => `${e.from} imports ${e.spec}`)).toEqual([]);
    const server = edges.filter((e) => e.to.startsWith('src/lsp/') && !e.from.startsWith('src/lsp/'));
    expect(server.map((e) => e.from)).toEqual(['src/cli/lsp.ts']);
    expect(readFileSync(join(ROOT, 'src/cli/lsp.ts'), 'utf8')).toMatch(/await import\('\.\.\/lsp\/server\.js'\)/);
  });

  it('the check sees a wrong import: a rule importing the lint engine is caught', () => {
    const from = 'src/rules/x.ts';
    const to = target(join(ROOT, from), '../lint/lint.js');
    expect((TIERS[folderOf(to) as string] as number) > (TIERS[folderOf(from) as string] as number)).toBe(true);
    expect(importsOf("import type { A } from '../lint/lint.js';\nconst m = await import('../cli/main.js');\nexport { b } from './b.js';")).toEqual(['../lint/lint.js', './b.js', '../cli/main.js']);
  });
});
