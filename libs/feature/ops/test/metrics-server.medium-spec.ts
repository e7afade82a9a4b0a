import { Test } from '@nestjs/testing';
import { JOB_OBSERVERS, type JobObserver } from '@loadwatch/data-access/queue';
import { MetricsServer, OpsModule } from '../src';

describe('OpsModule.forWorker', () => {
  it('gives the driver its observer and serves what it observed on /metrics', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [OpsModule.forWorker({ port: 0, host: '127.0.0.1' })],
    }).compile();
    const app = await moduleRef.init();
    try {
      const observers = app.get<JobObserver[]>(JOB_OBSERVERS);
      observers.forEach((o) =>
        o.onAttempt({
          queue: 'ingest',
          name: 'ingest-fit',
          jobId: 'x',
          attempt: 1,
          durationMs: 25,
          outcome: 'completed',
        }),
      );
      const base = `http://127.0.0.1:${app.get(MetricsServer).port()}`;
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
      const text = await response.text();
      expect(text).toContain('loadwatch_jobs_total{queue="ingest",name="ingest-fit",outcome="completed"} 1');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
