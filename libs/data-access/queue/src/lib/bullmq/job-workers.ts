import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig, type BullmqConfig } from '@loadwatch/shared/config';
import { JOB_OBSERVERS, type JobObserver, type JobOutcome } from '../job-admin';
import { PermanentJobError, RetryLaterError } from '../job-errors';
import { JobRegistry } from '../job-registry';
import { notifyObservers } from '../inline-job-queue';
import { JOBS, QUEUES, type JobName, type JobPayloads, type QueueName } from '../jobs';

/**
 * The BullMQ consumers: one Worker per queue with the configured concurrency, running the registry's
 * handlers. Nothing runs until `start()` (the worker app calls it; the API only produces). A
 * PermanentJobError becomes BullMQ's UnrecoverableError, so the job fails at once with its reason stored;
 * any other error is retried with exponential backoff. `close()` waits for the jobs in flight.
 */
@Injectable()
export class JobWorkers {
  private readonly logger = new Logger(JobWorkers.name);
  private workers: Worker[] = [];
  private readonly observers: readonly JobObserver[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    @Optional() @Inject(JOB_OBSERVERS) observers: JobObserver[] | null = null,
  ) {
    this.observers = observers ?? [];
  }

  get running(): boolean {
    return this.workers.length > 0;
  }

  async start(): Promise<void> {
    const config = this.config.queue;
    if (config.driver !== 'bullmq') {
      throw new Error('Job workers run on the BullMQ driver only: set QUEUE_DRIVER=bullmq and REDIS_URL.');
    }
    if (this.running) return;
    this.registry.assertComplete();
    this.workers = QUEUES.map((queue) => this.worker(queue, config));
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
    this.logger.log(
      `Workers started on ${config.prefix}: ` +
        QUEUES.map((queue) => `${queue} x${config.concurrency[queue] ?? 1}`).join(', ') +
        '.',
    );
  }

  /** Stops taking jobs and waits for the ones running to finish (SIGTERM drains). */
  async close(): Promise<void> {
    if (!this.running) return;
    const started = Date.now();
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.close()));
    this.logger.log(`Workers stopped after their running jobs, in ${Date.now() - started} ms.`);
  }

  private worker(queue: QueueName, config: BullmqConfig): Worker {
    const worker = new Worker(queue, (job: Job, token?: string) => this.process(queue, job, token), {
      connection: { url: config.redisUrl, maxRetriesPerRequest: null },
      prefix: config.prefix,
      // Queues added later may be left out of a hand-made config (tests): one job at a time then.
      concurrency: config.concurrency[queue] ?? 1,
      // A job whose worker died (its lock not renewed) runs again after about two lock periods.
      lockDuration: config.lockMs,
      stalledInterval: config.lockMs,
      maxStalledCount: 1,
    });
    let down = false;
    worker.on('error', (error) => {
      if (down) return;
      down = true;
      this.logger.error(`Worker of queue ${queue} lost Redis (${error.message}); it reconnects.`);
    });
    worker.on('ready', () => (down = false));
    worker.on('stalled', (jobId) =>
      this.logger.warn(`Job ${jobId} of queue ${queue} stalled (its worker stopped); it runs again.`),
    );
    return worker;
  }

  private async process(queue: QueueName, job: Job, token?: string): Promise<void> {
    const name = job.name as JobName;
    if (JOBS[name]?.queue !== queue) throw new Error(`Job ${job.id} has an unknown name '${job.name}'.`);
    const handler = this.registry.get(name);
    const attempt = job.attemptsMade + 1;
    const attempts = job.opts.attempts ?? 1;
    const started = performance.now();
    const of = attempt <= attempts ? ` of ${attempts}` : ', retried after its attempts ran out';
    this.logger.log(`Job ${job.id} (${name}) started, attempt ${attempt}${of}.`);
    try {
      await handler(job.data as JobPayloads[typeof name], { attempt, final: attempt >= attempts });
    } catch (error) {
      if (error instanceof RetryLaterError) {
        // Back to the delayed set until then; BullMQ counts no failed attempt for a DelayedError.
        await job.moveToDelayed(error.untilMs, token);
        this.logger.log(
          `Job ${job.id} waits until ${new Date(error.untilMs).toISOString()}: ${error.message}`,
        );
        throw new DelayedError();
      }
      const reason = (error as Error).message;
      const permanent = error instanceof PermanentJobError;
      const last = permanent || attempt >= attempts;
      this.observe(queue, name, job, attempt, started, last ? 'failed' : 'retrying');
      if (permanent) {
        this.logger.warn(`Job ${job.id} failed for good in ${elapsed(started)} ms: ${reason}`);
        throw new UnrecoverableError(reason);
      }
      const next = last ? 'no attempts left' : 'retrying with backoff';
      this.logger.warn(
        `Job ${job.id} failed in ${elapsed(started)} ms, attempt ${attempt} (${next}): ${reason}`,
      );
      throw error;
    }
    this.observe(queue, name, job, attempt, started, 'completed');
    this.logger.log(`Job ${job.id} (${name}) finished in ${elapsed(started)} ms.`);
  }

  private observe(
    queue: QueueName,
    name: JobName,
    job: Job,
    attempt: number,
    started: number,
    outcome: JobOutcome,
  ): void {
    notifyObservers(this.observers, this.logger, {
      queue,
      name,
      jobId: job.id as string,
      attempt,
      durationMs: performance.now() - started,
      outcome,
    });
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
