import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule, AlertsReconcileTick, DigestTick } from '@loadwatch/feature/alerts';
import { ConnectionsModule, SyncReconcileTick } from '@loadwatch/feature/connections';
import { IngestionModule } from '@loadwatch/feature/ingestion';
import { OpsModule } from '@loadwatch/feature/ops';
import { PlatformModule } from '@loadwatch/feature/platform';
import type { AppConfig } from '@loadwatch/shared/config';
import { UploadsReconcileTick } from './uploads-reconcile.tick';

/**
 * The worker process: every bounded context (their job handlers) without HTTP, JSON logs, and the schedule of
 * the ticks that only enqueue. main.ts starts the BullMQ workers once the context is up.
 */
@Module({})
export class WorkerModule {
  static with(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        ScheduleModule.forRoot(),
        PlatformModule.with(config),
        // Already in the platform; imported here for the reconciler it exports.
        IngestionModule,
        // Likewise, for the digest jobs its tick enqueues and the alerts reconciler.
        AlertsModule,
        // Likewise, for the reconciler that resumes interrupted provider backfills.
        ConnectionsModule,
        // Jobs run here: this process serves their durations and outcomes on its own /metrics.
        ...(config.queue.driver === 'bullmq' ? [OpsModule.forWorker(config.queue.workerMetrics)] : []),
      ],
      providers: [UploadsReconcileTick, DigestTick, AlertsReconcileTick, SyncReconcileTick],
    };
  }
}
