import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isIgnored } from '../config/resolve.js';
import { emit, outputName, TARGETS, type Target } from '../compile/emit.js';
import { UnsafeNameError } from '../compile/source-text.js';
import { visible } from '../diagnostics/display.js';
import { discoverFiles } from '../lint/discover.js';
import { lintFiles, type FileResult } from '../lint/lint.js';
import { loadRules } from '../rules/index.js';
import type { RuleMeta } from '../rule-support/types.js';
import { EXIT, UsageError } from './exit-codes.js';
import { lintSettings, loadRunSettings, reportConfigProblems } from './config.js';
import type { Io } from './io.js';
import { journeysBeside, writeProblems } from './problems.js';
import { writeOutput } from './write.js';

/** Options of `journey compile`. */
export interface CompileCommandOptions {
  out?: string;
  target?: string;
  check?: boolean;
  force?: boolean;
  config?: string;
  maxFileSize?: string;
}

/**
 * Findings that stop compilation even with `--force`: the machine would be unsafe
 * (no way to a person), impossible (unknown targets, unparsable or untyped
 * expressions) or could spin (always loops), or two journeys would share a file.
 */
export const ALWAYS_BLOCKING = new Set([
  'syntax',
  'schema',
  'human-exit',
  'unknown-target',
  'unknown-context',
  'invalid-expression',
  'always-loop',
  'duplicate-journey',
  'handoff-hours',
]);

/** `journey compile`: lint, then write one machine per journey (atomically), or check that the written ones are current. */
export async function runCompile(paths: readonly string[], options: CompileCommandOptions, io: Io): Promise<number> {
  if (!options.out) throw new UsageError('compile needs --out DIR, the folder to write machines to.');
  const target = (options.target ?? 'json') as Target;
  if (!TARGETS.includes(target)) throw new UsageError(`unknown target "${options.target}"; use ${TARGETS.join(', ')}.`);
  const out = resolve(io.cwd, options.out);
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;

  const discovery = await discoverFiles(paths.length > 0 ? paths : ['journeys/'], { cwd: io.cwd, isIgnored: (p) => isIgnored(settings.configs.forFile(p), p) });
  if (!reportConfigProblems(settings, io)) return EXIT.USAGE;
  if (discovery.problems.length > 0) {
    for (const p of discovery.problems) io.stderr.write(`journey: ${visible(p.message)}\n`);
    return EXIT.USAGE;
  }
  // A bot must never ship without a way to a person: human-exit is an error here whatever the config says.
  const results = await lintFiles(discovery.files, {
    ...lintSettings(settings),
    keepModels: true,
    cwd: io.cwd,
    catalogueFiles: await journeysBeside(discovery.files, io.cwd),
    rules: new Map([['human-exit', { severity: 'error', options: {} }]]),
  });
  const blocking = results.map((r) => ({
    ...r,
    diagnostics: r.diagnostics.filter((d) => d.severity === 'error' && (!options.force || ALWAYS_BLOCKING.has(d.ruleId) || d.ruleId === 'directive')),
  }));
  if (blocking.some((r) => r.diagnostics.length > 0)) {
    const metas = new Map<string, RuleMeta>((await loadRules()).map((r) => [r.meta.id, r.meta]));
    const shown = blocking.filter((r) => r.diagnostics.length > 0);
    writeProblems(io, shown, { summary: true, rules: metas, fileCount: results.length });
    io.stderr.write(`journey: nothing was compiled: fix the errors above${options.force ? ' (--force does not skip these)' : ', or use --force to compile despite rule errors that do not make the machine unsafe'}.\n`);
    return EXIT.FINDINGS;
  }

  const planned = plan(results, target, out, io.cwd);
  if (options.check) {
    const stale: string[] = [];
    for (const file of planned) {
      const current = await readFile(file.path, 'utf8').catch(() => undefined);
      if (current === undefined) stale.push(`${relative(io.cwd, file.path)} is missing`);
      else if (current !== file.text) stale.push(`${relative(io.cwd, file.path)} is out of date with ${visible(file.source)}`);
    }
    if (stale.length > 0) {
      io.stderr.write(`${stale.map((s) => `journey: ${s}`).join('\n')}\njourney: run \`journey compile ${paths.join(' ')}${paths.length ? ' ' : ''}--out ${options.out}${target !== 'json' ? ` --target ${target}` : ''}\` and commit the result.\n`);
      return EXIT.FINDINGS;
    }
    io.stdout.write(`✔ ${planned.length} compiled machine${planned.length === 1 ? '' : 's'} in ${relative(io.cwd, out) || '.'} match${planned.length === 1 ? 'es' : ''} ${planned.length === 1 ? 'its journey' : 'their journeys'}\n`);
    return EXIT.OK;
  }
  for (const file of planned) await writeOutput(file.path, file.text, 'machine');
  io.stdout.write(`Compiled ${planned.length} journey${planned.length === 1 ? '' : 's'} to ${relative(io.cwd, out) || '.'}:\n${planned.map((f) => `  ${relative(io.cwd, f.path)}`).join('\n')}\n`);
  return EXIT.OK;
}

function plan(results: readonly FileResult[], target: Target, out: string, cwd: string): { path: string; text: string; source: string }[] {
  return results.map((r) => {
    const journey = r.journey;
    if (!journey) throw new Error(`${r.filePath} has no model after a clean lint`);
    const name = outputName(journey.id.value, target);
    const path = name ? resolve(out, name) : undefined;
    // Names come from validated ids; this check makes writing outside --out impossible even so.
    if (!name || !path || !(path.startsWith(out + sep) || path === join(out, name))) throw new UsageError(`journey id ${JSON.stringify(journey.id.value)} cannot be used as a file name.`);
    const source = relative(cwd, r.filePath).split(sep).join('/');
    try {
      return { path, text: emit(journey, target, source), source };
    } catch (error) {
      if (error instanceof UnsafeNameError) throw new UsageError(error.message);
      throw error;
    }
  });
}
