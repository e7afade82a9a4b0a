import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicTask } from '@loadwatch/data-access/queue';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { DigestJobs } from './digest.jobs';

/**
 * Every DIGEST_TICK_INTERVAL_MS (15 minutes by default) and at start: enqueues the digest fan-out of the
 * current time slot, nothing more. The worker app provides it (every replica ticks; the job ids agree), and
 * the API provides it on the inline driver, where it runs the jobs itself (the embedded default).
 */
@Injectable()
export class DigestTick implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly digests: DigestJobs,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask(scheduler, 'weekly-digests', new Logger(DigestTick.name));
  }

  onApplicationBootstrap(): void {
    this.task.start('The digest tick', this.config.mail.digestTickMs, () => this.digests.tick());
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
