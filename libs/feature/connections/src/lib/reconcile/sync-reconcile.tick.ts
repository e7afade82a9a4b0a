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
import { SyncReconciler } from './sync-reconciler.service';

/**
 * Runs the sync reconciler at start and then every SYNC_RECONCILE_INTERVAL_MS (a minute by default) on
 * BullMQ, where the worker provides it (job ids and the run id's compare-and-set make replicas agree). On the
 * inline driver the API provides it and it runs once at start as a fresh pass: the jobs of the process that
 * stopped are gone, so every unfinished backfill is resumed.
 */
@Injectable()
export class SyncReconcileTick implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly reconciler: SyncReconciler,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask(scheduler, 'reconcile-sync', new Logger(SyncReconcileTick.name));
  }

  onApplicationBootstrap(): void {
    if (this.config.queue.driver !== 'bullmq') {
      this.task.start('Sync reconciliation', null, () => this.reconciler.reconcile({ fresh: true }));
      return;
    }
    const intervalMs = this.config.connections.reconcileMs ?? 60_000;
    this.task.start('Sync reconciliation', intervalMs, () => this.reconciler.reconcile({ fresh: false }));
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
