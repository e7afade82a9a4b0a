import type { JobName, JobPayloads } from './jobs';

export interface EnqueueOptions {
  /** Delay before the job may run (ms); with the job's natural key this debounces repeats. */
  delayMs?: number;
}

/**
 * What `ensure` found for a job's natural key: it was missing and is added, it had failed for a transient
 * reason and runs again, or it is still waiting or running, done, or failed for good (left for a person).
 */
export type EnsureOutcome = 'added' | 'retried' | 'pending' | 'completed' | 'failed';

/** The queue driver seam: `inline` (in process) for the embedded default and fast tests, `bullmq` in production. */
export interface JobQueue {
  /**
   * Adds a job keyed by its natural key; a job with the same key still waiting is not added twice. Throws at
   * once when the queue cannot take it (Redis down): the caller's own work is committed before, and a
   * reconciler enqueues it later.
   */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /**
   * Makes sure the job of this natural key will run or has run (reconcilers): adds it when the queue has no
   * such job, runs it again when it failed for a transient reason (a bounded number of times), else leaves it.
   */
  ensure<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<EnsureOutcome>;
  /** Resolves when no job is waiting or running (tests and the CLI); waiting jobs are run without delay. */
  drain(): Promise<void>;
  /** Whether the queue can take jobs now (the inline driver always; BullMQ when Redis answers in time). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface JobContext {
  /** 1 on the first try. */
  attempt: number;
  /**
   * The last attempt: if it fails (for a transient reason too), no retry follows, so a handler that counts
   * what it processed can count the failure as processed (a backfill that must come to an end). Both
   * drivers set it; absent (a handler called directly), the attempt is not known to be the last.
   */
  final?: boolean;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], context: JobContext) => Promise<void>;

export const JOB_QUEUE = Symbol('JOB_QUEUE');
