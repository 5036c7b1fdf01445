import { Worker } from 'node:worker_threads';
import type { CachedCheck } from './cache.js';
import type { RuleSetting } from '../config/types.js';

/** A file for a worker: its text and the key of its settings table. */
export interface WorkerJob {
  readonly path: string;
  readonly text: string;
  readonly key: string;
}

/** What a worker receives: files, and the settings tables their keys name (a worker keeps each table it was sent). */
export interface WorkerBatch {
  readonly jobs: readonly WorkerJob[];
  readonly settings: Readonly<Record<string, readonly [string, RuleSetting][]>>;
}

/** What a worker sends back for one file. */
export interface WorkerResult {
  readonly path: string;
  readonly check: CachedCheck;
}

/** Files sent to a worker at a time: small enough to balance, large enough to keep messages few. */
const BATCH = 16;

interface QueuedBatch {
  readonly batch: WorkerBatch;
  readonly done: (results: readonly WorkerResult[]) => void;
}

/**
 * Worker threads that check files, fed batch by batch, so that a run can stream its
 * files through them instead of holding every text at once. Results do not depend on
 * scheduling (each file is checked independently), so the report is byte-identical to
 * a single-threaded run. A worker that crashes fails every pending and later `check`
 * with an error naming the cause; `close` stops the workers.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: QueuedBatch[] = [];
  private readonly current = new Map<Worker, QueuedBatch>();
  private readonly waiting = new Set<(error: Error) => void>();
  private failure: Error | undefined;
  private closing = false;

  constructor(
    count: number,
    private readonly settingsOf: (key: string) => readonly [string, RuleSetting][],
    cwd: string | undefined,
    catalogueFiles: readonly string[],
  ) {
    const url = new URL('./worker.js', import.meta.url);
    for (let i = 0; i < Math.max(1, count); i++) {
      const worker = new Worker(url, { workerData: { cwd, catalogueFiles } });
      this.workers.push(worker);
      worker.once('online', () => this.feed(worker));
      worker.on('message', (results: WorkerResult[]) => {
        const queued = this.current.get(worker);
        this.current.delete(worker);
        queued?.done(results);
        this.feed(worker);
      });
      worker.on('error', (error) => this.fail(new WorkerCrash(`a lint worker crashed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new WorkerCrash(`a lint worker stopped unexpectedly (exit code ${code})`));
      });
    }
  }

  /** Checks the files on the workers; resolves with each file's check, by path. */
  check(jobs: readonly WorkerJob[]): Promise<Map<string, CachedCheck>> {
    const results = new Map<string, CachedCheck>();
    if (jobs.length === 0) return Promise.resolve(results);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      let left = Math.ceil(jobs.length / BATCH);
      this.waiting.add(reject);
      for (let at = 0; at < jobs.length; at += BATCH) {
        const slice = jobs.slice(at, at + BATCH);
        const settings: Record<string, readonly [string, RuleSetting][]> = {};
        for (const job of slice) settings[job.key] ??= this.settingsOf(job.key);
        this.queue.push({
          batch: { jobs: slice, settings },
          done: (out) => {
            for (const { path, check } of out) results.set(path, check);
            if (--left > 0) return;
            this.waiting.delete(reject);
            resolve(results);
          },
        });
      }
      for (const worker of this.idle.splice(0)) this.feed(worker);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private feed(worker: Worker): void {
    if (this.failure || this.closing) return;
    const next = this.queue.shift();
    if (!next) {
      this.idle.push(worker);
      return;
    }
    this.current.set(worker, next);
    worker.postMessage(next.batch);
  }

  private fail(error: Error): void {
    if (this.failure || this.closing) return;
    this.failure = error;
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }
}

/** A worker thread failed; the run cannot be trusted and stops. */
export class WorkerCrash extends Error {
  override readonly name = 'WorkerCrash';
}
