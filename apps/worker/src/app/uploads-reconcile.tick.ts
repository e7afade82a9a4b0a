import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicTask } from '@loadwatch/data-access/queue';
import { UploadsReconciler } from '@loadwatch/feature/ingestion';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

/**
 * Enqueues the uploads the queue lost, at start and then every UPLOAD_RECONCILE_INTERVAL_MS (a minute by
 * default), on BullMQ; the inline driver reconciles once at start in the ingestion module.
 */
@Injectable()
export class UploadsReconcileTick implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly reconciler: UploadsReconciler,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask(scheduler, 'reconcile-uploads', new Logger(UploadsReconcileTick.name));
  }

  onApplicationBootstrap(): void {
    const queue = this.config.queue;
    if (queue.driver !== 'bullmq') return;
    this.task.start('Upload reconciliation', queue.reconcileIntervalMs, () => this.reconciler.reconcile());
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
