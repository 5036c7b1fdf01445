import { Worker } from 'node:worker_threads';
import type { Config, RuleSetting } from '../config/types.js';
import type { LoadLimits } from '../load/limits.js';
import type { LintCache } from './cache.js';
import type { LintReport } from './lint.js';
import { WorkerCrash } from './pool.js';

/**
 * Heap of the worker a one-thread lint runs on, in MiB. On the main thread V8's defaults
 * let the old generation grow to four or five times what is alive before a full collection:
 * a 10,000-file lint there peaked at 200-440 MiB, 140-355 MB of it V8's heap, in 36-39 s.
 * On one worker the same lint peaked at 155 MiB in 37.9 s with a 32 MiB young generation,
 * 154 MiB in 40.3 s with 48, and 151-193 MiB in 30-47 s with 64 (old generation 96 MiB each
 * time). 48 is the main thread's own default; on 2,000 files it ran 9.3-11.1 s against 12.3 s with 32.
 */
const SOLE_YOUNG_MB = 48;
const SOLE_OLD_MB = 96;

/** What the worker needs to lint the files as the calling thread would: everything in it can be copied to another thread. */
export interface ProjectJob {
  readonly mode: 'project';
  readonly paths: readonly string[];
  readonly catalogueFiles?: readonly string[];
  readonly rules?: ReadonlyMap<string, RuleSetting>;
  readonly config?: Config;
  /** The nearest-config lookup of the run, made again in the worker. */
  readonly configs?: { readonly cwd: string; readonly fixed?: Config };
  readonly limits?: LoadLimits;
  readonly cwd?: string;
  readonly sources?: 'all' | 'findings';
  readonly maxErrors?: number;
  /** The cache file of the run, opened (and saved) by the worker. */
  readonly cache?: { readonly path: string; readonly tool: string };
}

/** A lint run's options as `lintProject` takes them (the ones a sole worker can carry). */
export interface SoleWorkerOptions {
  readonly rules?: ReadonlyMap<string, RuleSetting>;
  readonly config?: Config;
  readonly configs?: { readonly cwd: string; readonly fixed?: Config };
  readonly limits?: LoadLimits;
  readonly cwd?: string;
  readonly sources?: 'all' | 'findings';
  readonly maxErrors?: number;
  readonly cache?: LintCache;
  readonly catalogueFiles?: readonly string[];
}

/**
 * Lints `paths` on one worker thread whose heap is bounded, as `lintProject` would in this
 * thread, and returns its report; undefined when the worker ran out of memory (a journey of
 * many thousands of states), for the caller to lint in its own thread. A worker that fails
 * otherwise rejects with a WorkerCrash naming the cause.
 */
export function lintOnSoleWorker(paths: readonly string[], options: SoleWorkerOptions): Promise<LintReport | undefined> {
  const cacheFile = options.cache?.file;
  const job: ProjectJob = {
    mode: 'project',
    paths,
    ...(options.catalogueFiles ? { catalogueFiles: options.catalogueFiles } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.configs ? { configs: { cwd: options.configs.cwd, ...(options.configs.fixed ? { fixed: options.configs.fixed } : {}) } } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.sources ? { sources: options.sources } : {}),
    ...(options.maxErrors !== undefined ? { maxErrors: options.maxErrors } : {}),
    ...(cacheFile ? { cache: cacheFile } : {}),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: SOLE_YOUNG_MB, maxOldGenerationSizeMb: SOLE_OLD_MB },
    });
    let outOfMemory = false;
    let failure: Error | undefined;
    // The report settles the run at once; the worker then ends by itself.
    worker.once('message', (report: LintReport) => resolve(report));
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') outOfMemory = true;
      else failure = new WorkerCrash(`the lint worker crashed: ${error.message}`);
    });
    worker.once('exit', (code) => {
      if (failure) reject(failure);
      else if (outOfMemory) resolve(undefined);
      else reject(new WorkerCrash(`the lint worker stopped without a report (exit code ${code})`));
    });
  });
}
