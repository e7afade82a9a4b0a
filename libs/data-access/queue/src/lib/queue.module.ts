import {
  Global,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
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
export class QueueModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly registry: JobRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.assertComplete();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
