import { Logger } from '@nestjs/common';
import { PermanentJobError } from './job-errors';
import type { EnqueueOptions, JobQueue } from './job-queue';
import type { JobRegistry } from './job-registry';
import { JOB_DEBOUNCE_MS, JOBS, type JobName, type JobPayloads } from './jobs';

export interface InlineQueueOptions {
  maxAttempts: number;
  /** First retry delay (ms); doubled on each further attempt. */
  backoffMs: number;
}

interface Waiting {
  run: () => void;
  timer: NodeJS.Timeout;
}

/**
 * The in-process driver of the embedded default: the same handlers as BullMQ, run one at a time (SQLite has a
 * single writer), keyed by each job's natural key so a job still waiting is not added twice (that, with the
 * job's delay, is the debounce), retried with exponential backoff unless the error is permanent.
 */
export class InlineJobQueue implements JobQueue {
  private readonly logger = new Logger(InlineJobQueue.name);
  private readonly waiting = new Map<string, Waiting>();
  private tail: Promise<void> = Promise.resolve();
  private outstanding = 0;
  private idle: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly registry: JobRegistry,
    private readonly options: InlineQueueOptions = { maxAttempts: 5, backoffMs: 250 },
  ) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    if (this.closed) throw new Error('The job queue is closed');
    const jobId = JOBS[name].jobId(payload);
    if (this.waiting.has(jobId)) return;
    this.outstanding += 1;
    const run = () => {
      clearTimeout(timer);
      this.waiting.delete(jobId);
      this.tail = this.tail.then(() => this.execute(name, jobId, payload)).finally(() => this.settle());
    };
    const timer = setTimeout(run, options.delayMs ?? JOB_DEBOUNCE_MS[name] ?? 0);
    this.waiting.set(jobId, { run, timer });
  }

  /** Runs waiting jobs now instead of at the end of their delay, and resolves once nothing is left. */
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

  private settle(): void {
    this.outstanding -= 1;
    if (this.outstanding === 0 || this.waiting.size === this.outstanding) {
      const resolvers = this.idle;
      this.idle = [];
      resolvers.forEach((resolve) => resolve());
    }
  }

  private async execute<N extends JobName>(name: N, jobId: string, payload: JobPayloads[N]): Promise<void> {
    const handler = this.registry.get(name);
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      this.logger.log(`Job ${jobId} started (attempt ${attempt}).`);
      try {
        await handler(payload, { attempt });
        this.logger.log(`Job ${jobId} finished in ${Date.now() - started} ms.`);
        return;
      } catch (error) {
        const reason = (error as Error).message;
        if (error instanceof PermanentJobError || attempt >= this.options.maxAttempts) {
          this.logger.error(`Job ${jobId} failed for good after ${attempt} attempts: ${reason}`);
          return;
        }
        const delay = this.options.backoffMs * 2 ** (attempt - 1);
        this.logger.warn(`Job ${jobId} failed (attempt ${attempt}), retrying in ${delay} ms: ${reason}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
