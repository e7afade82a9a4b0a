import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { JOB_QUEUE_ADMIN, type JobQueueAdmin, type QueueCounts } from '@loadwatch/data-access/queue';
import { OpsMetrics } from './ops-metrics';

const STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
] as const satisfies readonly (keyof QueueCounts)[];

/** Queue depths, asked of the queue driver at scrape time (shared Redis: aggregate replicas with max). */
@Injectable()
export class QueueMetrics {
  constructor(@Inject(OpsMetrics) metrics: OpsMetrics, @Inject(JOB_QUEUE_ADMIN) admin: JobQueueAdmin) {
    const depth = new Gauge({
      name: 'loadwatch_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed, completed), at scrape time.',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      collect: async () => {
        depth.reset();
        await metrics.collectSafely('queue', async () => {
          for (const counts of await admin.counts()) {
            for (const state of STATES) depth.set({ queue: counts.queue, state }, counts[state]);
          }
        });
      },
    });
  }
}
