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
import { readSourceSync, type ReadResult } from '../load/read.js';
import { contentHash } from './cache.js';
import { mayHaveDirectives } from './directives.js';

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
