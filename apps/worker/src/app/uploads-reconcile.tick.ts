import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { UploadsReconciler } from '@loadwatch/feature/ingestion';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

const TICK = 'reconcile-uploads';

/**
 * Enqueues the uploads the queue lost, at start and then every UPLOAD_RECONCILE_INTERVAL_MS (a minute by
 * default). It only enqueues; every worker replica ticks, and the jobIds make them agree.
 */
@Injectable()
export class UploadsReconcileTick implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UploadsReconcileTick.name);
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reconciler: UploadsReconciler,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const queue = this.config.queue;
    if (queue.driver !== 'bullmq') return;
    this.handleTick();
    this.scheduler.addInterval(
      TICK,
      setInterval(() => this.handleTick(), queue.reconcileIntervalMs),
    );
  }

  /** Stops ticking, and lets a pass in flight end, before the workers and the queue close. */
  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', TICK)) this.scheduler.deleteInterval(TICK);
    await this.running;
  }

  handleTick(): void {
    this.running = this.reconciler
      .reconcile()
      .catch((error: unknown) =>
        this.logger.error(`Upload reconciliation failed: ${(error as Error).message}`),
      );
  }
}
