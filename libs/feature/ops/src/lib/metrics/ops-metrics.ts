import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { JobAttempt, JobObserver } from '@loadwatch/data-access/queue';

/** From a few milliseconds (an evaluation) to minutes (a large file's decode on a busy worker). */
const JOB_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The Prometheus registry of one process: Node's default process metrics, and the duration and outcome of
 * every job attempt this process ran, reported by the queue driver through JOB_OBSERVERS. A registry of its
 * own (not prom-client's global one), so several applications in one process (tests) never collide.
 */
@Injectable()
export class OpsMetrics implements JobObserver {
  private readonly logger = new Logger(OpsMetrics.name);
  readonly registry = new Registry();

  private readonly jobSeconds = new Histogram({
    name: 'loadwatch_job_duration_seconds',
    help: 'Duration of job attempts run by this process, by queue, job name and outcome.',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: JOB_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly jobs = new Counter({
    name: 'loadwatch_jobs_total',
    help: 'Job attempts run by this process, by queue, job name and outcome (completed, retrying, failed).',
    labelNames: ['queue', 'name', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly collectErrors = new Counter({
    name: 'loadwatch_metrics_collect_errors_total',
    help: 'Scrapes where a source of scrape-time metrics (queue counts, upload counts) did not answer.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  onAttempt(attempt: JobAttempt): void {
    const labels = { queue: attempt.queue, name: attempt.name, outcome: attempt.outcome };
    this.jobSeconds.observe(labels, attempt.durationMs / 1000);
    this.jobs.inc(labels);
  }

  /**
   * Runs a scrape-time collection; when its source fails, the scrape still answers (without that family)
   * and the failure is counted and logged, so a Redis outage does not also blind the process metrics.
   */
  async collectSafely(source: string, collect: () => Promise<void>): Promise<void> {
    try {
      await collect();
    } catch (error) {
      this.collectErrors.inc({ source });
      this.logger.warn(`Metrics from ${source} are missing from this scrape: ${(error as Error).message}`);
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
