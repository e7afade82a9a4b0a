import { Logger } from '@nestjs/common';
import type { FailedJob, JobObserver, JobOutcome, JobQueueAdmin, QueueCounts } from './job-admin';
import type { CarriedJob, JobCarryOver } from './job-carry-over';
import { PermanentJobError, RetryLaterError } from './job-errors';
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
  /** False for a job put back by RetryLaterError: `drain` waits for it rather than running it early. */
  promotable: boolean;
  /** Enqueued to run later than its debounce (a scheduled check): `close` does not run it early. */
  scheduled: boolean;
  /** A reconciler enqueues it again after a stop (JobSpec.resumable): `close` drops it. */
  resumable: boolean;
  job: CarriedJob;
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
  private closing = false;
  private closed = false;
  /** Resumable jobs `close` dropped: the reconcilers enqueue them again at the next start. */
  private droppedForReconcilers = 0;
  /** Other jobs `close` could not run: kept for the next start (`carryOver`). */
  private readonly carried: CarriedJob[] = [];

  constructor(
    private readonly registry: JobRegistry,
    private readonly options: InlineQueueOptions = { maxAttempts: 5, backoffMs: 250 },
    private readonly observers: readonly JobObserver[] = [],
    /** Where jobs a stop would lose are kept until the next start; without one they are lost (and logged). */
    private readonly carryOver: JobCarryOver | null = null,
  ) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    if (this.closed) throw new Error('The job queue is closed');
    const jobId = JOBS[name].jobId(payload);
    if (this.waiting.has(jobId)) return;
    const debounceMs = JOB_DEBOUNCE_MS[name] ?? 0;
    const delayMs = options.delayMs ?? debounceMs;
    this.schedule(name, jobId, payload, delayMs, { scheduled: delayMs > debounceMs });
  }

  /**
   * Enqueues the jobs the last stop kept (`close`), each at its time or now if that has passed; run once at
   * start, when every handler is registered. The number of jobs.
   */
  async restoreCarriedOver(): Promise<number> {
    if (!this.carryOver) return 0;
    const jobs = await this.carryOver.take();
    for (const job of jobs) {
      await this.enqueue(job.name, job.payload, { delayMs: Math.max(0, job.runAtMs - Date.now()) });
    }
    if (jobs.length > 0) this.logger.log(`${jobs.length} jobs kept by the last stop are queued again.`);
    return jobs.length;
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
      for (const waiting of [...this.waiting.values()]) if (waiting.promotable) waiting.run();
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  /**
   * Stops without losing work and without being held up. The job running finishes; then what is due or
   * debounced runs, as `drain` does, and so does what those jobs enqueue, except:
   * - resumable jobs (JobSpec.resumable: provider backfills, due or not) are dropped, whether waiting or
   *   enqueued meanwhile: the reconcilers enqueue them again from the database at the next start
   *   (SyncReconciler), so a stop during a backfill does not run the rest of the backfill first;
   * - jobs that wait for a later time (a RetryLaterError's rate limit: up to a quarter hour, or until UTC
   *   midnight; a scheduled check) are neither waited for nor run early (that would only hit the limit
   *   again): they are kept (`carryOver`) and queued again at the next start (`restoreCarriedOver`), so a
   *   provider event (a Strava create, update, delete or deauthorization; a Garmin notification) waiting
   *   for a rate limit is not lost.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    while (this.outstanding > 0) {
      for (const [jobId, waiting] of [...this.waiting]) {
        if (waiting.promotable && !waiting.scheduled && !waiting.resumable) {
          waiting.run();
          continue;
        }
        clearTimeout(waiting.timer);
        this.waiting.delete(jobId);
        this.setAside(waiting.job, waiting.resumable);
        this.settle();
      }
      if (this.outstanding === 0) break;
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    this.closed = true;
    await this.keepCarried();
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
    kind: { promotable?: boolean; scheduled?: boolean } = {},
  ): void {
    const queue = JOBS[name].queue;
    const resumable = (JOBS[name] as JobSpecOf<N>).resumable?.(payload) ?? false;
    this.outstanding += 1;
    const run = () => {
      clearTimeout(timer);
      this.waiting.delete(jobId);
      this.tallyOf(queue).waiting += 1;
      this.tail = this.tail.then(() => this.execute(name, jobId, payload)).finally(() => this.settle());
    };
    const timer = setTimeout(run, delayMs);
    this.waiting.set(jobId, {
      run,
      timer,
      queue,
      promotable: kind.promotable ?? true,
      scheduled: kind.scheduled ?? false,
      resumable,
      job: { name, payload, runAtMs: Date.now() + delayMs } as CarriedJob,
    });
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
        await handler(payload, { attempt, final: attempt >= this.options.maxAttempts });
        this.observe(name, jobId, attempt, started, 'completed');
        this.tallyOf(JOBS[name].queue).completed += 1;
        this.logger.log(`Job ${jobId} finished in ${elapsed(started)} ms.`);
        return;
      } catch (error) {
        if (error instanceof RetryLaterError && this.closing) {
          this.logger.log(`Job ${jobId} would wait for a rate limit; it is left for the next start.`);
          const resumable = (JOBS[name] as JobSpecOf<N>).resumable?.(payload) ?? false;
          this.setAside({ name, payload, runAtMs: error.untilMs } as CarriedJob, resumable);
          return;
        }
        if (error instanceof RetryLaterError) {
          // Put back as a delayed job (not a sleep here: this queue runs one job at a time).
          this.logger.log(
            `Job ${jobId} waits until ${new Date(error.untilMs).toISOString()}: ${error.message}`,
          );
          if (!this.waiting.has(jobId))
            this.schedule(name, jobId, payload, error.untilMs - Date.now(), { promotable: false });
          return;
        }
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

  private setAside(job: CarriedJob, resumable: boolean): void {
    if (resumable) this.droppedForReconcilers += 1;
    else this.carried.push(job);
  }

  private async keepCarried(): Promise<void> {
    if (this.droppedForReconcilers > 0) {
      this.logger.log(
        `${this.droppedForReconcilers} backfill job${this.droppedForReconcilers === 1 ? ' was' : 's were'} ` +
          'left for the next start, whose sync reconciler resumes them.',
      );
    }
    if (this.carried.length === 0) return;
    if (!this.carryOver) {
      this.logger.warn(
        `${this.carried.length} waiting jobs are lost: this queue keeps nothing across a stop.`,
      );
      return;
    }
    try {
      await this.carryOver.save(this.carried);
      this.logger.log(`${this.carried.length} waiting jobs are kept for the next start.`);
    } catch (error) {
      this.logger.error(`${this.carried.length} waiting jobs could not be kept: ${(error as Error).message}`);
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

type JobSpecOf<N extends JobName> = { resumable?: (payload: JobPayloads[N]) => boolean };

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
