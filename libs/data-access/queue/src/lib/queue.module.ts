import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { InlineJobQueue } from './inline-job-queue';
import { JOB_QUEUE, type JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';

/**
 * Provides the JobQueue of the configured driver and the JobRegistry the feature modules register their
 * handlers in. At bootstrap every job must have exactly one handler, or the application refuses to start.
 */
@Global()
@Module({
  providers: [
    JobRegistry,
    {
      provide: JOB_QUEUE,
      inject: [APP_CONFIG, JobRegistry],
      useFactory: (config: AppConfig, registry: JobRegistry): JobQueue => {
        if (config.queue.driver !== 'inline') {
          throw new Error(`QUEUE_DRIVER=${config.queue.driver} is not available in this build yet`);
        }
        return new InlineJobQueue(registry);
      },
    },
  ],
  exports: [JOB_QUEUE, JobRegistry],
})
export class QueueModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueModule.name);

  constructor(
    private readonly registry: JobRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.assertComplete();
  }

  /** Drains before any module shuts down (the database closes in the shutdown phase), so jobs still find it open. */
  async beforeApplicationShutdown(): Promise<void> {
    const started = Date.now();
    await this.queue.close();
    this.logger.log(`Job queue drained for shutdown in ${Date.now() - started} ms.`);
  }
}
