import { Logger } from '@nestjs/common';
import { Queue, type Job, type KeepJobs } from 'bullmq';
import { Redis } from 'ioredis';
import type { FailedJob, JobQueueAdmin, QueueCounts } from '../job-admin';
import { QueueUnavailableError } from '../job-errors';
import type { EnqueueOptions, EnsureOutcome, JobQueue } from '../job-queue';
import { JOB_DEBOUNCE_MS, JOBS, QUEUES, type JobName, type JobPayloads, type QueueName } from '../jobs';
import { bullmqAdd, bullmqJobId } from './bullmq-job-ids';

export interface BullmqQueueOptions {
  redisUrl: string;
  prefix: string;
  attempts: number;
  /** First retry delay (ms); BullMQ's exponential backoff doubles it on each further attempt. */
  backoffMs: number;
  /** How long one Redis call may take before an enqueue gives up (default 2 s). */
  commandTimeoutMs?: number;
  /** How long `drain()` waits before it throws (default 2 min). */
  drainTimeoutMs?: number;
  removeOnComplete?: KeepJobs;
  removeOnFail?: KeepJobs;
}

const DAY_S = 24 * 3600;

/**
 * The BullMQ driver's producer side, and what admins see of the queues: one BullMQ Queue per queue name
 * under the configured prefix, on one Redis connection of its own. It never waits for Redis: the connection
 * has no offline queue and a command timeout, so when Redis is down `enqueue` throws at once and the caller
 * (an HTTP request) answers anyway; a reconciler enqueues the work later. Jobs are added one by one with
 * `add()` and their natural key as jobId (see `bullmqAdd` for the debounced ones), with exponential backoff,
 * completed jobs kept a day and failed ones two weeks.
 */
export class BullmqJobQueue implements JobQueue, JobQueueAdmin {
  private readonly logger = new Logger(BullmqJobQueue.name);
  private readonly connection: Redis;
  private readonly queues: Map<QueueName, Queue>;
  private readonly commandTimeoutMs: number;
  private redisDown = false;
  private closed = false;

  constructor(private readonly options: BullmqQueueOptions) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2000;
    this.connection = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: this.commandTimeoutMs,
      connectTimeout: this.commandTimeoutMs,
      retryStrategy: (times) => Math.min(times * 250, 2000),
    });
    this.connection.on('error', (error) => this.onRedisError(error));
    this.connection.on('ready', () => {
      if (this.redisDown) this.logger.log('Redis is reachable again; jobs are enqueued again.');
      this.redisDown = false;
    });
    this.queues = new Map(
      QUEUES.map((name) => {
        const queue = new Queue(name, {
          connection: this.connection,
          prefix: options.prefix,
          defaultJobOptions: {
            attempts: options.attempts,
            backoff: { type: 'exponential', delay: options.backoffMs },
            removeOnComplete: options.removeOnComplete ?? { age: DAY_S, count: 10_000 },
            removeOnFail: options.removeOnFail ?? { age: 14 * DAY_S, count: 10_000 },
          },
        });
        // The connection's own listener reports outages; an unhandled 'error' event would crash the process.
        queue.on('error', () => undefined);
        return [name, queue] as const;
      }),
    );
  }

  /** Resolves true once Redis answers, false after the timeout (start-up logs it and goes on). */
  async connected(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.connection.status !== 'ready') {
      if (Date.now() >= deadline || this.closed) return false;
      await sleep(50);
    }
    return true;
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    const queue = this.queueOf(name);
    const { jobId, opts } = bullmqAdd(name, payload, options.delayMs);
    await this.call(`add ${jobId}`, () => queue.add(name, payload, opts));
  }

  async ensure<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<EnsureOutcome> {
    // A debounced job is added unless one waits; one running keeps the add for afterwards (bullmqAdd).
    if (JOB_DEBOUNCE_MS[name] !== undefined) {
      await this.enqueue(name, payload);
      return 'added';
    }
    const queue = this.queueOf(name);
    const jobId = bullmqJobId(JOBS[name].jobId(payload));
    const state = await this.call(`state of ${jobId}`, () => queue.getJobState(jobId));
    if (state === 'completed') return 'completed';
    if (state !== 'unknown' && state !== 'failed') return 'pending';
    const job = state === 'failed' ? await this.call(`get ${jobId}`, () => queue.getJob(jobId)) : undefined;
    if (!job) {
      await this.enqueue(name, payload);
      return 'added';
    }
    // A permanent failure stays for a person to see. A transient one whose attempts ran out (Redis or the
    // database down for the whole backoff, a worker killed twice) runs once more per call, keeping its
    // attempt count so it does not back off all over again, and no more than `attempts` extra times.
    if (isPermanentFailure(job) || job.attemptsStarted >= 2 * this.options.attempts) return 'failed';
    const reason = job.failedReason;
    try {
      await this.call(`retry ${jobId}`, () => job.retry('failed'));
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error;
      // Another pass or an admin retried it first.
      this.logger.warn(`Job ${jobId} could not be retried: ${(error as Error).message}`);
      return 'pending';
    }
    this.logger.log(`Job ${jobId} failed earlier (${reason}) and runs again.`);
    return 'retried';
  }

  /**
   * Waits until no job waits, is delayed or runs in any queue (tests, the CLI); debounced jobs are promoted
   * so the wait is short (jobs backing off keep their delay). Queues are read in flow order (ingest, load,
   * rules: jobs only enqueue downstream) and twice in a row, so work handed on is never missed between reads.
   * Throws after the drain timeout, or at once when Redis is down.
   */
  ready(timeoutMs: number): Promise<boolean> {
    return this.connected(timeoutMs);
  }

  async drain(): Promise<void> {
    const timeoutMs = this.options.drainTimeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    let emptyReads = 0;
    while (emptyReads < 2) {
      let pending = 0;
      for (const queue of this.queues.values()) {
        const counts = await this.call('counts', () =>
          queue.getJobCounts('wait', 'prioritized', 'waiting-children', 'active', 'delayed'),
        );
        pending += Object.values(counts).reduce((sum, n) => sum + n, 0);
        if ((counts['delayed'] ?? 0) > 0) await this.promoteDebounced(queue);
      }
      emptyReads = pending === 0 ? emptyReads + 1 : 0;
      if (pending > 0 && Date.now() > deadline) {
        throw new Error(`The queues still hold ${pending} jobs after ${timeoutMs} ms: is a worker running?`);
      }
      if (emptyReads < 2) await sleep(pending === 0 ? 10 : 50);
    }
  }

  /** Closes the Redis connection; jobs stay in Redis for the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.connection.status !== 'ready') this.connection.disconnect();
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      [...this.queues].map(async ([name, queue]) => {
        const c = await this.call('counts', () => queue.getJobCounts());
        return {
          queue: name,
          waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0) + (c['waiting-children'] ?? 0),
          active: c['active'] ?? 0,
          delayed: c['delayed'] ?? 0,
          failed: c['failed'] ?? 0,
          completed: c['completed'] ?? 0,
        };
      }),
    );
  }

  /** Failed jobs of every queue, the latest failure first. */
  async failed(limit: number, offset: number): Promise<FailedJob[]> {
    const lists = await Promise.all(
      [...this.queues].map(async ([name, queue]) => {
        const jobs = await this.call('failed', () => queue.getFailed(0, offset + limit - 1));
        return jobs.filter((job): job is Job => Boolean(job)).map((job) => toFailedJob(name, job));
      }),
    );
    return lists
      .flat()
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt) || a.jobId.localeCompare(b.jobId))
      .slice(offset, offset + limit);
  }

  /** Runs a failed job again with all its attempts; false when the queue has no such failed job. */
  async retry(queue: string, jobId: string): Promise<boolean> {
    const target = this.queues.get(queue as QueueName);
    if (!target) return false;
    const job = await this.call(`get ${jobId}`, () => target.getJob(jobId));
    if (!job || !(await this.call(`state of ${jobId}`, () => job.isFailed()))) return false;
    await this.call(`retry ${jobId}`, () =>
      job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }),
    );
    this.logger.log(`Job ${jobId} of queue ${queue} runs again on request.`);
    return true;
  }

  private async promoteDebounced(queue: Queue): Promise<void> {
    const delayed = await this.call('delayed', () => queue.getDelayed());
    for (const job of delayed) {
      if (job.attemptsMade > 0) continue;
      // It may have become due, or been promoted by another drain, since it was read.
      await this.call(`promote ${job.id}`, () => job.promote()).catch(() => undefined);
    }
  }

  private queueOf(name: JobName): Queue {
    if (this.closed) throw new Error('The job queue is closed');
    return this.queues.get(JOBS[name].queue) as Queue;
  }

  /**
   * One Redis round trip that fails fast: at once when the connection is not ready (BullMQ would wait for it),
   * else after the command timeout.
   */
  private async call<T>(what: string, command: () => Promise<T>): Promise<T> {
    if (this.connection.status !== 'ready') {
      throw new QueueUnavailableError(
        `Redis is not connected (${this.connection.status}); could not ${what}.`,
      );
    }
    const running = command();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new QueueUnavailableError(`Redis did not answer in ${this.commandTimeoutMs} ms (${what}).`)),
        this.commandTimeoutMs,
      );
    });
    // A command that settles after the timeout must not become an unhandled rejection.
    running.catch(() => undefined);
    try {
      return await Promise.race([running, timeout]);
    } catch (error) {
      // The connection dropped under the command (ioredis rejects it, or it timed out): Redis is unavailable.
      if (!(error instanceof QueueUnavailableError) && this.connection.status !== 'ready') {
        throw new QueueUnavailableError(`Redis went away (${(error as Error).message}); could not ${what}.`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private onRedisError(error: Error): void {
    if (this.redisDown || this.closed) return;
    this.redisDown = true;
    this.logger.error(`Redis is unreachable (${error.message}); enqueues fail until it is back.`);
  }
}

/** BullMQ records the error of each failed attempt; an UnrecoverableError is a permanent failure. */
export function isPermanentFailure(job: Job): boolean {
  return job.stacktrace?.at(-1)?.startsWith('UnrecoverableError') ?? false;
}

function toFailedJob(queue: string, job: Job): FailedJob {
  return {
    queue,
    jobId: job.id as string,
    name: job.name as JobName,
    payload: job.data as Record<string, string>,
    reason: job.failedReason,
    attemptsMade: job.attemptsMade,
    failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
