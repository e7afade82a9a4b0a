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
import { AlertsReconciler } from './alerts-reconciler.service';

/**
 * Runs the alerts reconciler at start and then every ALERT_RECONCILE_INTERVAL_MS (5 minutes by default) on
 * BullMQ, where the worker provides it. On the inline driver the API provides it and it runs once at start,
 * with no minimum age: nothing of this fresh process is in flight, and what a crash left is all there is to
 * find.
 */
@Injectable()
export class AlertsReconcileTick implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly reconciler: AlertsReconciler,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask(scheduler, 'reconcile-alerts', new Logger(AlertsReconcileTick.name));
  }

  onApplicationBootstrap(): void {
    if (this.config.queue.driver !== 'bullmq') {
      this.task.start('Alert reconciliation', null, () => this.reconciler.reconcile({ minAgeMs: 0 }));
      return;
    }
    this.task.start('Alert reconciliation', this.config.mail.reconcileMs, () =>
      this.reconciler.reconcile({}),
    );
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
