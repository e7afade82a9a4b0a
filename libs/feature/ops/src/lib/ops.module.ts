import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { JOB_OBSERVERS, type JobObserver } from '@loadwatch/data-access/queue';
import { AdminQueuesBoard } from './bull-board/admin-queues-board';
import { AdminJobsController } from './jobs/admin-jobs.controller';
import { MetricsController } from './metrics/metrics.controller';
import { METRICS_SERVER_OPTIONS, MetricsServer, type MetricsServerOptions } from './metrics/metrics-server';
import { OpsMetrics } from './metrics/ops-metrics';
import { QueueMetrics } from './metrics/queue-metrics';
import { UploadMetrics } from './metrics/upload-metrics';
import { UploadResultsInterceptor } from './metrics/upload-results.interceptor';

/** The queue driver reports every job attempt to the observers under JOB_OBSERVERS (an array). */
const JOB_OBSERVER_PROVIDER: Provider = {
  provide: JOB_OBSERVERS,
  useFactory: (metrics: OpsMetrics): JobObserver[] => [metrics],
  inject: [OpsMetrics],
};

/**
 * Operations: Prometheus metrics, failed jobs for admins, Bull Board. Global, so the queue driver (in the
 * global QueueModule) finds JOB_OBSERVERS.
 */
@Module({})
export class OpsModule {
  /**
   * The API: GET /metrics (process, queue depths, job attempts run here, upload results), the admin job
   * routes under /api/admin/jobs, and Bull Board, which createApp mounts with `mountAdminQueues`.
   */
  static forApi(): DynamicModule {
    return {
      module: OpsModule,
      global: true,
      controllers: [MetricsController, AdminJobsController],
      providers: [
        OpsMetrics,
        JOB_OBSERVER_PROVIDER,
        QueueMetrics,
        UploadMetrics,
        { provide: APP_INTERCEPTOR, useClass: UploadResultsInterceptor },
        AdminQueuesBoard,
      ],
      exports: [JOB_OBSERVERS, OpsMetrics],
    };
  }

  /** A worker: the job attempts it runs, and the process metrics, on a /metrics server of its own. */
  static forWorker(server: MetricsServerOptions): DynamicModule {
    return {
      module: OpsModule,
      global: true,
      providers: [
        OpsMetrics,
        JOB_OBSERVER_PROVIDER,
        { provide: METRICS_SERVER_OPTIONS, useValue: server },
        MetricsServer,
      ],
      exports: [JOB_OBSERVERS, OpsMetrics, MetricsServer],
    };
  }
}
