import { Logger } from '@nestjs/common';
import type { FailedJob, JobObserver, JobOutcome, JobQueueAdmin, QueueCounts } from './job-admin';
import { PermanentJobError } from './job-errors';
import type { EnqueueOptions, EnsureOutcome, JobQueue } from './job-queue';
import type { JobRegistry } from './job-registry';
import { JOB_DEBOUNCE_MS, JOBS, QUEUES, type JobName, type JobPayloads, type QueueName } from './jobs';

export interface InlineQueueOptions {
  maxAttempts: number;
  /** First retry delay (ms); doubled on each further attempt. */
  backoffMs: number;
  /** Failed jobs kept for admins, newest first (default 1000). */
  failedLimit?: number;
}

interface Waiting {
  run: () => void;
  timer: NodeJS.Timeout;
}

interface InlineFailedJob extends FailedJob {
  permanent: boolean;
}

interface QueueTally {
  waiting: number;
  active: number;
  completed: number;
}

/**
 * The in-process driver of the embedded default: the same handlers as BullMQ, run one at a time (SQLite has a
 * single writer), keyed by each job's natural key so a job still waiting is not added twice (that, with the
 * job's delay, is the debounce), retried with exponential backoff unless the error is permanent. Jobs that
 * failed for good are kept in memory (a bounded list) for admins to see and retry.
 */
export class InlineJobQueue implements JobQueue, JobQueueAdmin {
  private readonly logger = new Logger(InlineJobQueue.name);
  private readonly waiting = new Map<string, Waiting & { queue: QueueName }>();
  private readonly failedJobs: InlineFailedJob[] = [];
  private readonly retriedByEnsure = new Set<string>();
  private readonly tally = new Map<QueueName, QueueTally>(
    QUEUES.map((queue) => [queue, { waiting: 0, active: 0, completed: 0 }]),
  );
  private tail: Promise<void> = Promise.resolve();
  private outstanding = 0;
  private idle: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly registry: JobRegistry,
    private readonly options: InlineQueueOptions = { maxAttempts: 5, backoffMs: 250 },
    private readonly observers: readonly JobObserver[] = [],
  ) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    if (this.closed) throw new Error('The job queue is closed');
    const jobId = JOBS[name].jobId(payload);
    if (this.waiting.has(jobId)) return;
    this.schedule(name, jobId, payload, options.delayMs ?? JOB_DEBOUNCE_MS[name] ?? 0);
  }

  /** In process, only a crash loses jobs; a job that failed transiently runs again once per process. */
  async ensure<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<EnsureOutcome> {
    const jobId = JOBS[name].jobId(payload);
    if (this.waiting.has(jobId)) return 'pending';
    const failed = this.failedJobs.find((job) => job.jobId === jobId);
    if (failed && (failed.permanent || this.retriedByEnsure.has(jobId))) return 'failed';
    if (failed) {
      this.retriedByEnsure.add(jobId);
      return (await this.retry(failed.queue, jobId)) ? 'retried' : 'failed';
    }
    await this.enqueue(name, payload);
    return 'added';
  }

  /** Runs waiting jobs now instead of at the end of their delay, and resolves once nothing is left. */
  async ready(): Promise<boolean> {
    return !this.closed;
  }

  async drain(): Promise<void> {
    while (this.outstanding > 0) {
      for (const waiting of [...this.waiting.values()]) waiting.run();
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  async counts(): Promise<QueueCounts[]> {
    return QUEUES.map((queue) => {
      const tally = this.tally.get(queue) as QueueTally;
      return {
        queue,
        waiting: tally.waiting,
        active: tally.active,
        delayed: [...this.waiting.values()].filter((w) => w.queue === queue).length,
        failed: this.failedJobs.filter((job) => job.queue === queue).length,
        completed: tally.completed,
      };
    });
  }

  async failed(limit: number, offset: number): Promise<FailedJob[]> {
    return this.failedJobs.slice(offset, offset + limit).map(({ permanent: _permanent, ...job }) => job);
  }

  async retry(queue: string, jobId: string): Promise<boolean> {
    const index = this.failedJobs.findIndex((job) => job.queue === queue && job.jobId === jobId);
    if (index < 0 || this.closed) return false;
    const [job] = this.failedJobs.splice(index, 1);
    this.logger.log(`Job ${jobId} runs again on request.`);
    if (this.waiting.has(jobId)) return true;
    this.schedule(job.name, jobId, job.payload as unknown as JobPayloads[JobName], 0);
    return true;
  }

  private schedule<N extends JobName>(
    name: N,
    jobId: string,
    payload: JobPayloads[N],
    delayMs: number,
  ): void {
    const queue = JOBS[name].queue;
    this.outstanding += 1;
    const run = () => {
      clearTimeout(timer);
      this.waiting.delete(jobId);
      this.tallyOf(queue).waiting += 1;
      this.tail = this.tail.then(() => this.execute(name, jobId, payload)).finally(() => this.settle());
    };
    const timer = setTimeout(run, delayMs);
    this.waiting.set(jobId, { run, timer, queue });
  }

  private tallyOf(queue: QueueName): QueueTally {
    return this.tally.get(queue) as QueueTally;
  }

  private settle(): void {
    this.outstanding -= 1;
    if (this.outstanding === 0 || this.waiting.size === this.outstanding) {
      const resolvers = this.idle;
      this.idle = [];
      resolvers.forEach((resolve) => resolve());
    }
  }

  private async execute<N extends JobName>(name: N, jobId: string, payload: JobPayloads[N]): Promise<void> {
    const queue = JOBS[name].queue;
    const tally = this.tallyOf(queue);
    tally.waiting -= 1;
    tally.active += 1;
    try {
      await this.attempts(name, jobId, payload);
    } finally {
      tally.active -= 1;
    }
  }

  private async attempts<N extends JobName>(name: N, jobId: string, payload: JobPayloads[N]): Promise<void> {
    const handler = this.registry.get(name);
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      this.logger.log(`Job ${jobId} started (attempt ${attempt}).`);
      try {
        await handler(payload, { attempt });
        this.observe(name, jobId, attempt, started, 'completed');
        this.tallyOf(JOBS[name].queue).completed += 1;
        this.logger.log(`Job ${jobId} finished in ${elapsed(started)} ms.`);
        return;
      } catch (error) {
        const reason = (error as Error).message;
        const permanent = error instanceof PermanentJobError;
        if (permanent || attempt >= this.options.maxAttempts) {
          this.observe(name, jobId, attempt, started, 'failed');
          this.keepFailed({ name, jobId, payload, reason, attempt, permanent });
          this.logger.error(`Job ${jobId} failed for good after ${attempt} attempts: ${reason}`);
          return;
        }
        this.observe(name, jobId, attempt, started, 'retrying');
        const delay = this.options.backoffMs * 2 ** (attempt - 1);
        this.logger.warn(`Job ${jobId} failed (attempt ${attempt}), retrying in ${delay} ms: ${reason}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private keepFailed<N extends JobName>(failure: {
    name: N;
    jobId: string;
    payload: JobPayloads[N];
    reason: string;
    attempt: number;
    permanent: boolean;
  }): void {
    const { name, jobId, payload, reason, attempt, permanent } = failure;
    const kept = this.failedJobs.findIndex((job) => job.jobId === jobId);
    if (kept >= 0) this.failedJobs.splice(kept, 1);
    this.failedJobs.unshift({
      queue: JOBS[name].queue,
      jobId,
      name,
      payload: { ...payload },
      reason,
      attemptsMade: attempt,
      failedAt: new Date().toISOString(),
      permanent,
    });
    this.failedJobs.length = Math.min(this.failedJobs.length, this.options.failedLimit ?? 1000);
  }

  private observe(name: JobName, jobId: string, attempt: number, started: number, outcome: JobOutcome): void {
    notifyObservers(this.observers, this.logger, {
      queue: JOBS[name].queue,
      name,
      jobId,
      attempt,
      durationMs: performance.now() - started,
      outcome,
    });
  }
}

/** Observers (metrics) never decide a job's fate: one that throws is logged and skipped. */
export function notifyObservers(
  observers: readonly JobObserver[],
  logger: Logger,
  attempt: Parameters<JobObserver['onAttempt']>[0],
): void {
  for (const observer of observers) {
    try {
      observer.onAttempt(attempt);
    } catch (error) {
      logger.warn(`A job observer failed on job ${attempt.jobId}: ${(error as Error).message}`);
    }
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
