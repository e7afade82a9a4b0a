import type { JobName, JobPayloads } from './jobs';

export interface EnqueueOptions {
  /** Delay before the job may run (ms); with the job's natural key this debounces repeats. */
  delayMs?: number;
}

/** The queue driver seam: `inline` (in process) for the embedded default and fast tests, `bullmq` in production. */
export interface JobQueue {
  /** Adds a job keyed by its natural key; a job with the same key still waiting is not added twice. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Resolves when no job is waiting or running (inline driver; tests and the CLI). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface JobContext {
  /** 1 on the first try. */
  attempt: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], context: JobContext) => Promise<void>;

export const JOB_QUEUE = Symbol('JOB_QUEUE');
