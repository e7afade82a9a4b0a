export * from './lib/bull-board/admin-queues-board';
export * from './lib/jobs/admin-jobs.controller';
export * from './lib/metrics/ingest-reason';
export * from './lib/metrics/metrics-server';
export * from './lib/metrics/ops-metrics';
export * from './lib/ops.module';
