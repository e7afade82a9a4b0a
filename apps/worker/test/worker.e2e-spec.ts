import { tmpdir } from 'node:os';
import { JOB_QUEUE_ADMIN, type JobQueueAdmin } from '@loadwatch/data-access/queue';
import { startStack, type Stack } from './support/stack';
import { activityFacts, registerUser, runFiles, statusCounts, until, upload } from './support/training';
import { WorkerProcess } from './support/worker-process';

jest.setTimeout(120_000);

describe('the worker process', () => {
  it('refuses to start unless QUEUE_DRIVER=bullmq', async () => {
    const worker = WorkerProcess.spawn({ DATA_DIR: tmpdir(), QUEUE_DRIVER: 'inline' });
    await expect(worker.exited).resolves.toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain(
      'The worker runs jobs from Redis: set QUEUE_DRIVER=bullmq and REDIS_URL',
    );
  });

  it('refuses a bad configuration, listing every bad key', async () => {
    const worker = WorkerProcess.spawn({
      DATA_DIR: tmpdir(),
      QUEUE_DRIVER: 'bullmq',
      QUEUE_CONCURRENCY_INGEST: '0',
      JOB_ATTEMPTS: 'often',
    });
    await expect(worker.exited).resolves.toEqual({ code: 1, signal: null });
    expect(worker.output()).toMatch(/REDIS_URL: required when QUEUE_DRIVER=bullmq/);
    expect(worker.output()).toMatch(/QUEUE_CONCURRENCY_INGEST/);
    expect(worker.output()).toMatch(/JOB_ATTEMPTS/);
  });
});

describe('a worker stopped with SIGTERM in the middle of an upload of 200 files', () => {
  let stack: Stack;
  afterAll(() => stack?.close());

  it('finishes the jobs in flight before it exits; the next worker does the rest, recomputing a handful of times', async () => {
    stack = await startStack({ workers: 0 });
    const runner = await registerUser(stack.server);
    await upload(stack, runner.auth, runFiles(200));

    const first = await stack.addWorker();
    await until(
      async () => (await statusCounts(stack)).processed ?? 0,
      (processed) => processed >= 20,
      'the first uploads to be processed',
    );
    await first.stop();
    expect(first.messages(/Workers stopped after their running jobs/)).toHaveLength(1);
    const afterStop = await statusCounts(stack);
    // Nothing was left half done: every upload is processed or still waits untouched.
    expect(afterStop.processing).toBeUndefined();
    expect((afterStop.processed ?? 0) + (afterStop.received ?? 0)).toBe(200);
    expect(afterStop.received).toBeGreaterThan(0);

    const second = await stack.addWorker();
    await until(
      () => statusCounts(stack),
      (counts) => counts.processed === 200,
      'all 200 uploads processed',
    );
    const admin = stack.app.get<JobQueueAdmin>(JOB_QUEUE_ADMIN);
    await until(
      async () => (await admin.counts()).reduce((n, c) => n + c.waiting + c.active + c.delayed, 0),
      (pending) => pending === 0,
      'the load and rules jobs to finish',
    );
    await expect(activityFacts(stack)).resolves.toEqual({ rows: 200, keys: 200, withoutStream: 0 });

    // Jobs run in workers, so each worker serves their durations and outcomes on its own /metrics.
    const [metricsAt] = second.messages(/^Metrics at http:\/\/127\.0\.0\.1:\d+\/metrics\.$/);
    const metrics = await (await fetch(metricsAt.slice('Metrics at '.length, -1))).text();
    expect(metrics).toMatch(
      /^loadwatch_jobs_total\{queue="ingest",name="ingest-fit",outcome="completed"\} [1-9]\d*$/m,
    );
    expect(metrics).toMatch(
      /^loadwatch_job_duration_seconds_count\{queue="ingest",name="ingest-fit",outcome="completed"\} [1-9]/m,
    );

    // recompute-load is debounced per athlete: 200 ingests ask for it 200 times, and it runs far fewer times
    // (about once per debounce window while ingests go on, so the count grows on a slow machine: no tight bound).
    const recomputes = [first, second].flatMap((w) => w.messages(/^Job recompute-load\..* started/));
    expect(recomputes.length).toBeGreaterThanOrEqual(1);
    expect(recomputes.length).toBeLessThan(100);
  });
});
