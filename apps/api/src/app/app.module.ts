import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule, AlertsReconcileTick, DigestTick } from '@loadwatch/feature/alerts';
import { ConnectionsModule, SyncReconcileTick } from '@loadwatch/feature/connections';
import { OpsModule } from '@loadwatch/feature/ops';
import { PlatformModule, type PlatformOptions } from '@loadwatch/feature/platform';
import type { AppConfig } from '@loadwatch/shared/config';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { loggerParams } from './logging';

export type AppOptions = PlatformOptions;

/** The whole server: HTTP API and, on the inline queue driver, the job handlers in the same process. */
@Module({})
export class AppModule {
  static with(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config)),
        PlatformModule.with(config, options),
        OpsModule.forApi(),
        // On the inline driver this process runs the jobs, so it also ticks the weekly digests (and
        // reconciles the alerts, and resumes interrupted provider backfills, once at start).
        ...(config.queue.driver === 'inline'
          ? [ScheduleModule.forRoot(), AlertsModule, ConnectionsModule]
          : []),
      ],
      controllers: [HealthController],
      providers: [
        HealthService,
        ...(config.queue.driver === 'inline' ? [DigestTick, AlertsReconcileTick, SyncReconcileTick] : []),
      ],
    };
  }
}
