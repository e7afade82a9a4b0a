import { OpsMetrics } from './ops-metrics';

describe('OpsMetrics', () => {
  it('counts and times job attempts by queue, name and outcome', async () => {
    const metrics = new OpsMetrics();
    metrics.onAttempt({
      queue: 'ingest',
      name: 'ingest-fit',
      jobId: 'a',
      attempt: 1,
      durationMs: 40,
      outcome: 'retrying',
    });
    metrics.onAttempt({
      queue: 'ingest',
      name: 'ingest-fit',
      jobId: 'a',
      attempt: 2,
      durationMs: 1500,
      outcome: 'completed',
    });
    metrics.onAttempt({
      queue: 'rules',
      name: 'evaluate-rules',
      jobId: 'b',
      attempt: 1,
      durationMs: 3,
      outcome: 'failed',
    });
    const text = await metrics.metrics();
    expect(text).toContain('loadwatch_jobs_total{queue="ingest",name="ingest-fit",outcome="retrying"} 1');
    expect(text).toContain('loadwatch_jobs_total{queue="ingest",name="ingest-fit",outcome="completed"} 1');
    expect(text).toContain('loadwatch_jobs_total{queue="rules",name="evaluate-rules",outcome="failed"} 1');
    expect(text).toContain(
      'loadwatch_job_duration_seconds_bucket{le="2.5",queue="ingest",name="ingest-fit",outcome="completed"} 1',
    );
    expect(text).toContain(
      'loadwatch_job_duration_seconds_sum{queue="ingest",name="ingest-fit",outcome="completed"} 1.5',
    );
    expect(text).toContain('process_cpu_seconds_total');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('keeps answering when a scrape-time source fails, and counts the failure', async () => {
    const metrics = new OpsMetrics();
    await metrics.collectSafely('queue', () => Promise.reject(new Error('connect ECONNREFUSED')));
    await expect(metrics.metrics()).resolves.toContain(
      'loadwatch_metrics_collect_errors_total{source="queue"} 1',
    );
  });

  it('gives each instance a registry of its own', async () => {
    const one = new OpsMetrics();
    const two = new OpsMetrics();
    one.onAttempt({
      queue: 'load',
      name: 'recompute-load',
      jobId: 'c',
      attempt: 1,
      durationMs: 10,
      outcome: 'completed',
    });
    await expect(two.metrics()).resolves.not.toContain('recompute-load');
  });
});
