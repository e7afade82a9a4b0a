import { join } from 'node:path';
import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { BullmqJobQueue } from './bullmq/bullmq-job-queue';
import { JobWorkers } from './bullmq/job-workers';
import { InlineJobQueue } from './inline-job-queue';
import { FileJobCarryOver } from './job-carry-over';
import { JOB_OBSERVERS, JOB_QUEUE_ADMIN, type JobObserver } from './job-admin';
import { JOB_QUEUE, type JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';

/** How long start-up waits for Redis before it goes on without it (enqueues fail fast meanwhile). */
const REDIS_START_WAIT_MS = 5000;

/**
 * Provides the JobQueue of the configured driver (also its JobQueueAdmin), the JobRegistry the feature modules
 * register their handlers in, and the JobWorkers a worker process starts. At bootstrap every job must have
 * exactly one handler, or the application refuses to start.
 */
@Global()
@Module({
  providers: [
    JobRegistry,
    JobWorkers,
    {
      provide: JOB_QUEUE,
      inject: [APP_CONFIG, JobRegistry, { token: JOB_OBSERVERS, optional: true }],
      useFactory: (config: AppConfig, registry: JobRegistry, observers?: JobObserver[]): JobQueue => {
        const queue = config.queue;
        if (queue.driver === 'bullmq') {
          return new BullmqJobQueue({
            redisUrl: queue.redisUrl,
            prefix: queue.prefix,
            attempts: queue.attempts,
            backoffMs: queue.backoffMs,
          });
        }
        return new InlineJobQueue(
          registry,
          { maxAttempts: 5, backoffMs: 250 },
          observers ?? [],
          new FileJobCarryOver(join(config.dataDir, 'queue', 'carried-over.json')),
        );
      },
    },
    { provide: JOB_QUEUE_ADMIN, useExisting: JOB_QUEUE },
  ],
  exports: [JOB_QUEUE, JOB_QUEUE_ADMIN, JobRegistry, JobWorkers],
})
export class QueueModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueModule.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly workers: JobWorkers,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry.assertComplete();
    if (this.queue instanceof BullmqJobQueue && !(await this.queue.connected(REDIS_START_WAIT_MS))) {
      this.logger.error(
        `Redis did not answer within ${REDIS_START_WAIT_MS} ms; starting anyway, jobs are enqueued once it does.`,
      );
    }
    // The jobs the last stop of the inline driver could not run (InlineJobQueue.close).
    if (this.queue instanceof InlineJobQueue) await this.queue.restoreCarriedOver();
  }

  /**
   * Before any module shuts down (the database closes in the shutdown phase): the workers finish the jobs
   * they run, then the queue drains (inline) or closes its connection (BullMQ), so jobs still find the
   * database and the queue open.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const started = Date.now();
    await this.workers.close();
    await this.queue.close();
    this.logger.log(`Job queue drained and closed for shutdown in ${Date.now() - started} ms.`);
  }
}
