// Entry point of a lint worker thread: checks batches of files sent by src/lint/pool.ts, or
// (workerData.mode 'project', from src/lint/sole-worker.ts) lints a whole run and sends its report.
import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { loadRules, RULE_IDS } from '../rules/index.js';
import type { ProjectRule } from '../rule-support/types.js';
import { activate, checkSource, type ActiveRule } from './check.js';
import { displayPath } from '../diagnostics/display.js';
import type { RuleSetting } from '../config/types.js';
import type { WorkerBatch, WorkerResult } from './pool.js';
import type { ProjectJob } from './sole-worker.js';
import { FileCatalogue, mayCall } from './catalogue.js';
import { readSourceSync, type ReadResult } from '../load/read.js';
import { contentHash } from './cache.js';
import { mayHaveDirectives } from './directives.js';

// A documented test aid (docs/security.md): makes workers crash, to prove a crash fails the run instead of hanging it.
if (process.env.JOURNEY_TEST_WORKER_CRASH === '1') throw new Error('worker crash requested by JOURNEY_TEST_WORKER_CRASH');

if ((workerData as { mode?: string } | null)?.mode === 'project') await lintWholeRun(workerData as ProjectJob);
else await checkBatches(workerData as { cwd?: string; catalogueFiles?: string[] });

/** The sole worker of a one-thread run: lints every file as the calling thread would, then sends the report. */
async function lintWholeRun(job: ProjectJob): Promise<void> {
  const { lintProject } = await import('./lint.js');
  const { ConfigLookup } = await import('../config/lookup.js');
  const { LintCache } = await import('./cache.js');
  const cache = job.cache ? await LintCache.open(job.cache.path, job.cache.tool) : undefined;
  const report = await lintProject(job.paths, {
    ...(job.rules ? { rules: job.rules } : {}),
    ...(job.config ? { config: job.config } : {}),
    ...(job.configs ? { configs: new ConfigLookup(job.configs.cwd, job.configs.fixed) } : {}),
    ...(job.limits ? { limits: job.limits } : {}),
    ...(job.cwd !== undefined ? { cwd: job.cwd } : {}),
    ...(job.sources ? { sources: job.sources } : {}),
    ...(job.maxErrors !== undefined ? { maxErrors: job.maxErrors } : {}),
    ...(job.catalogueFiles ? { catalogueFiles: job.catalogueFiles } : {}),
    ...(cache ? { cache } : {}),
  });
  parentPort?.postMessage(report);
}

/** A worker of a pool: checks each batch of files it is sent. */
async function checkBatches(data: { cwd?: string; catalogueFiles?: string[] }): Promise<void> {
  // The size limit was applied when the file was read; the other limits are the same for every file.
  const catalogue = new FileCatalogue(data.catalogueFiles ?? []);
  const rules = await loadRules(RULE_IDS);
  const projectRules = rules.filter((r): r is ProjectRule => r.meta.scope === 'project');
  const active = new Map<string, ActiveRule[]>();
  const activeFor = (key: string, settings: WorkerBatch['settings']): ActiveRule[] => {
    let list = active.get(key);
    if (!list) {
      list = activate(rules, new Map<string, RuleSetting>(settings[key] ?? []));
      active.set(key, list);
    }
    return list;
  };

  parentPort?.on('message', ({ jobs, settings }: WorkerBatch) => {
    const out = jobs.map((job): WorkerResult => {
      const read: ReadResult = job.text === undefined ? readSourceSync(job.path, job.limits ?? DEFAULT_LIMITS) : { text: job.text };
      if (read.diagnostic) return { path: job.path, check: { diagnostics: [], items: {} }, read: { diagnostic: read.diagnostic } };
      const text = read.text;
      const label = job.path.startsWith('<') ? job.path : displayPath(job.path, data.cwd);
      const checked = checkSource(label, text, activeFor(job.key, settings), DEFAULT_LIMITS, mayCall(text) ? catalogue : undefined);
      const items: Record<string, unknown> = {};
      if (checked.journey) for (const rule of projectRules) items[rule.meta.id] = rule.collect(checked.journey);
      const check = { diagnostics: checked.diagnostics, items };
      if (job.text !== undefined) return { path: job.path, check };
      // Read here: the text goes back only if the run shows it (findings) or applies disable comments to it.
      const kept = checked.diagnostics.length > 0 || mayHaveDirectives(text);
      return { path: job.path, check, read: kept ? { text } : { hash: contentHash(read.utf8 ?? text) } };
    });
    parentPort?.postMessage(out);
  });
}
