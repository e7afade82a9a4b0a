import type { JobName } from './jobs';

/** How many jobs of a queue are in each state (for /metrics and the admin API). */
export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** A job that failed for good (a permanent error, or its last attempt), kept so a person can see and retry it. */
export interface FailedJob {
  queue: string;
  jobId: string;
  name: JobName;
  /** The job's payload: ids only. */
  payload: Record<string, string>;
  reason: string;
  attemptsMade: number;
  failedAt: string;
}

/** What admins and monitoring see of the queues, from either driver. */
export interface JobQueueAdmin {
  counts(): Promise<QueueCounts[]>;
  failed(limit: number, offset: number): Promise<FailedJob[]>;
  /** Runs a failed job again; false when there is no such failed job. */
  retry(queue: string, jobId: string): Promise<boolean>;
}

export const JOB_QUEUE_ADMIN = Symbol('JOB_QUEUE_ADMIN');

export type JobOutcome = 'completed' | 'retrying' | 'failed';

/** One finished attempt of a job, as the driver reports it to observers (metrics). */
export interface JobAttempt {
  queue: string;
  name: JobName;
  jobId: string;
  attempt: number;
  durationMs: number;
  outcome: JobOutcome;
}

/** Optional observers of job attempts, provided under this token as an array (e.g. Prometheus metrics). */
export interface JobObserver {
  onAttempt(attempt: JobAttempt): void;
}

export const JOB_OBSERVERS = Symbol('JOB_OBSERVERS');
