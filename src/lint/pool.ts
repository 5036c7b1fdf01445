import { Worker } from 'node:worker_threads';
import type { CachedCheck } from './cache.js';
import type { RuleSetting } from '../config/types.js';

/** A file for a worker: its text and the key of its settings table. */
export interface WorkerJob {
  readonly path: string;
  readonly text: string;
  readonly key: string;
}

/** Files sent to a worker at a time: small enough to balance, large enough to keep messages few. */
const BATCH = 16;

/**
 * Checks files on worker threads and returns each file's check, by path. Results do
 * not depend on scheduling (each file is checked independently), so the report is
 * byte-identical to a single-threaded run. A worker that crashes fails the whole
 * run with an error naming the cause, and the other workers are stopped.
 */
export async function checkInWorkers(
  jobs: readonly WorkerJob[],
  settings: Record<string, [string, RuleSetting][]>,
  concurrency: number,
  cwd: string | undefined,
  catalogueFiles: readonly string[] = [],
): Promise<Map<string, CachedCheck>> {
  const results = new Map<string, CachedCheck>();
  if (jobs.length === 0) return results;
  const count = Math.max(1, Math.min(concurrency, Math.ceil(jobs.length / BATCH)));
  const url = new URL('./worker.js', import.meta.url);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = count;
      let failed = false;
      const retired = new Set<Worker>();
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(url, { workerData: { settings, cwd, catalogueFiles } });
        workers.push(worker);
        const feed = (): void => {
          if (failed) return;
          if (next >= jobs.length) {
            running--;
            retired.add(worker);
            void worker.terminate();
            if (running === 0) resolve();
            return;
          }
          const batch = jobs.slice(next, next + BATCH);
          next += batch.length;
          worker.postMessage(batch);
        };
        worker.on('message', (message: { path: string; check: CachedCheck }[]) => {
          for (const { path, check } of message) results.set(path, check);
          feed();
        });
        worker.on('error', (error) => fail(new WorkerCrash(`a lint worker crashed: ${error.message}`)));
        worker.on('exit', (code) => {
          if (!retired.has(worker) && !failed) {
            fail(new WorkerCrash(`a lint worker stopped unexpectedly (exit code ${code})`));
          }
        });
        worker.once('online', feed);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** A worker thread failed; the run cannot be trusted and stops. */
export class WorkerCrash extends Error {
  override readonly name = 'WorkerCrash';
}
