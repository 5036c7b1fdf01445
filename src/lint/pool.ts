import { Worker } from 'node:worker_threads';
import type { CachedCheck } from './cache.js';
import type { RuleSetting } from '../config/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadLimits } from '../load/limits.js';

/** A file for a worker: its text (or, without one, the limits to read it within) and the key of its settings table. */
export interface WorkerJob {
  readonly path: string;
  readonly text?: string;
  readonly limits?: LoadLimits;
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
  /**
   * For a file the worker read itself: why it could not, or the text's hash, and the text only
   * when a finding or a disable comment needs it (the run holds no other text).
   */
  readonly read?: { readonly diagnostic?: Diagnostic; readonly hash?: string; readonly text?: string };
}

/** A file's result from the pool: the worker's, or word that its worker ran out of memory on its batch (check it elsewhere). */
export type PoolResult = WorkerResult | { readonly path: string; readonly outOfMemory: true };

/**
 * Young generation of a worker's heap, in MiB. V8's default lets each isolate's young generation
 * grow to 48 MiB (three semi-spaces of 16 MiB): with two workers and the main thread that was over
 * 100 MiB of a 10,000-file run's peak memory. Too small costs more than it saves: at 8 MiB a
 * 50-state file's parse outgrew the semi-space, its objects were promoted, and the default lint of
 * 10,000 files took 38 s against 21.5 s in one thread; at 16 MiB it takes 23 s (bench/cache.js).
 */
const WORKER_YOUNG_MB = 16;

/**
 * Old generation of a worker's heap, in MiB. Left to its default, V8 lets an isolate's old
 * generation grow far before it collects it, and each worker of a 10,000-file run held about
 * 80 MiB; a file's check keeps about 10 MiB alive, and a full collection of that costs 5 to 8 ms.
 * At 32 MiB the 10,000-file run peaks at 154 MiB with the young generation above (64 MiB: 180).
 * A file whose check needs more than this (a journey of thousands of states) ends its worker: the
 * pool replaces the worker and hands that batch back, and lint checks it in the main thread,
 * whose heap has Node's usual limits.
 */
const WORKER_OLD_MB = 32;

/** Files sent to a worker at a time: small enough to balance, large enough to keep messages few. */
const BATCH = 16;

interface QueuedBatch {
  readonly batch: WorkerBatch;
  readonly done: (results: readonly PoolResult[]) => void;
}

/**
 * Worker threads that check files, fed batch by batch, so that a run can stream its
 * files through them instead of holding every text at once. Results do not depend on
 * scheduling (each file is checked independently), so the report is byte-identical to
 * a single-threaded run. A worker that runs out of memory is replaced and its batch comes
 * back unchecked; one that crashes otherwise fails every pending and later `check` with an
 * error naming the cause; `close` stops the workers.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: QueuedBatch[] = [];
  private readonly current = new Map<Worker, QueuedBatch>();
  private readonly waiting = new Set<(error: Error) => void>();
  /** Workers that ran out of memory and were replaced: their exit is expected. */
  private readonly retired = new Set<Worker>();
  private failure: Error | undefined;
  private closing = false;

  constructor(
    count: number,
    private readonly settingsOf: (key: string) => readonly [string, RuleSetting][],
    private readonly cwd: string | undefined,
    private readonly catalogueFiles: readonly string[],
  ) {
    for (let i = 0; i < Math.max(1, count); i++) this.start();
  }

  private start(): void {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { cwd: this.cwd, catalogueFiles: this.catalogueFiles },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: WORKER_OLD_MB },
    });
    this.workers.push(worker);
    worker.once('online', () => this.feed(worker));
    worker.on('message', (results: WorkerResult[]) => {
      const queued = this.current.get(worker);
      this.current.delete(worker);
      queued?.done(results);
      this.feed(worker);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory(worker);
      else this.fail(new WorkerCrash(`a lint worker crashed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (!this.closing && !this.retired.has(worker)) this.fail(new WorkerCrash(`a lint worker stopped unexpectedly (exit code ${code})`));
    });
  }

  /** A file too large for a worker's heap: its batch comes back unchecked (for the caller to check) and a new worker takes its place. */
  private outOfMemory(worker: Worker): void {
    if (this.failure || this.closing) return;
    this.retired.add(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    const queued = this.current.get(worker);
    this.current.delete(worker);
    queued?.done(queued.batch.jobs.map((job) => ({ path: job.path, outOfMemory: true })));
    this.start();
  }

  /** Checks the files on the workers; resolves with each file's result, by path. */
  check(jobs: readonly WorkerJob[]): Promise<Map<string, PoolResult>> {
    const results = new Map<string, PoolResult>();
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
            for (const result of out) results.set(result.path, result);
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
