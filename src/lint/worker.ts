// Entry point of a lint worker thread: checks batches of files sent by src/lint/pool.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { loadRules, RULE_IDS } from '../rules/index.js';
import type { ProjectRule } from '../rule-support/types.js';
import { activate, checkSource, type ActiveRule } from './check.js';
import { displayPath } from '../diagnostics/display.js';
import type { RuleSetting } from '../config/types.js';
import type { WorkerBatch, WorkerResult } from './pool.js';
import { FileCatalogue, mayCall } from './catalogue.js';

// The size limit was applied when the file was read; the other limits are the same for every file.
const data = workerData as { cwd?: string; catalogueFiles?: string[] };
const catalogue = new FileCatalogue(data.catalogueFiles ?? []);

// A documented test aid (docs/security.md): makes workers crash, to prove a crash fails the run instead of hanging it.
if (process.env.JOURNEY_TEST_WORKER_CRASH === '1') throw new Error('worker crash requested by JOURNEY_TEST_WORKER_CRASH');

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
    const label = job.path.startsWith('<') ? job.path : displayPath(job.path, data.cwd);
    const checked = checkSource(label, job.text, activeFor(job.key, settings), DEFAULT_LIMITS, mayCall(job.text) ? catalogue : undefined);
    const items: Record<string, unknown> = {};
    if (checked.journey) for (const rule of projectRules) items[rule.meta.id] = rule.collect(checked.journey);
    return { path: job.path, check: { diagnostics: checked.diagnostics, items } };
  });
  parentPort?.postMessage(out);
});
