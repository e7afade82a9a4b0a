import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { Queue } from 'bullmq';
import type { AppConfig } from '@loadwatch/shared/config';
import {
  BullmqJobQueue,
  isPermanentFailure,
  JOB_NAMES,
  JobRegistry,
  JobWorkers,
  PermanentJobError,
  QUEUE_NAMES,
  QueueUnavailableError,
  type JobAttempt,
  type JobName,
  type QueueName,
} from '../src';
import { obliterateQueues, REDIS_URL, requireRedis, testConfig, testPrefix } from '@loadwatch/testing';

jest.setTimeout(30_000);

type Handlers = Partial<Record<JobName, jest.Mock>>;

interface Harness {
  prefix: string;
  queue: BullmqJobQueue;
  workers: JobWorkers;
  attempts: JobAttempt[];
  /** A plain BullMQ Queue on the same prefix, to look at jobs as BullMQ stores them. */
  raw(name: QueueName): Queue;
  close(): Promise<void>;
}

const harnesses: Harness[] = [];

function bullmqConfig(prefix: string, attempts: number): AppConfig {
  return testConfig({ type: 'sqlite', path: ':memory:', runMigrations: false }, tmpdir(), {
    queue: {
      driver: 'bullmq',
      redisUrl: REDIS_URL,
      prefix,
      concurrency: { ingest: 2, load: 2, rules: 2 },
      attempts,
      backoffMs: 50,
      lockMs: 5000,
      reconcileIntervalMs: 60_000,
      workerMetrics: { port: 0, host: '127.0.0.1' },
    },
  });
}

/** A driver and workers on a prefix of their own, with the given handlers (the others do nothing). */
async function harness(handlers: Handlers, options: { attempts?: number } = {}): Promise<Harness> {
  const prefix = testPrefix();
  const attemptsAllowed = options.attempts ?? 3;
  const registry = new JobRegistry();
  for (const name of JOB_NAMES) {
    registry.register(name, handlers[name] ?? jest.fn().mockResolvedValue(undefined));
  }
  const queue = new BullmqJobQueue({ redisUrl: REDIS_URL, prefix, attempts: attemptsAllowed, backoffMs: 50 });
  await expect(queue.connected(5000)).resolves.toBe(true);
  const attempts: JobAttempt[] = [];
  const workers = new JobWorkers(bullmqConfig(prefix, attemptsAllowed), registry, [
    { onAttempt: (attempt) => attempts.push(attempt) },
  ]);
  const raws = new Map<QueueName, Queue>();
  const h: Harness = {
    prefix,
    queue,
    workers,
    attempts,
    raw: (name) => {
      const existing = raws.get(name);
      if (existing) return existing;
      const created = new Queue(name, { connection: { url: REDIS_URL }, prefix });
      raws.set(name, created);
      return created;
    },
    close: async () => {
      await workers.close();
      await queue.close();
      await Promise.all([...raws.values()].map((q) => q.close()));
      await obliterateQueues(prefix, QUEUE_NAMES);
    },
  };
  harnesses.push(h);
  return h;
}

/** Polls until `done` holds; the deadline only guards against a hang. */
async function until<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

beforeAll(() => requireRedis());

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

describe('BullmqJobQueue', () => {
  // First: ioredis keeps a timer of the refused connection for about two seconds after it is closed.
  it('fails fast when Redis is unreachable, instead of holding the caller', async () => {
    const port = await freePort();
    const queue = new BullmqJobQueue({
      redisUrl: `redis://127.0.0.1:${port}`,
      prefix: testPrefix(),
      attempts: 1,
      backoffMs: 1,
    });
    try {
      await expect(queue.enqueue('ingest-fit', { uploadId: 'u5' })).rejects.toBeInstanceOf(
        QueueUnavailableError,
      );
      await expect(queue.ensure('ingest-fit', { uploadId: 'u5' })).rejects.toBeInstanceOf(
        QueueUnavailableError,
      );
      await expect(queue.connected(100)).resolves.toBe(false);
    } finally {
      await queue.close();
    }
  });

  it('adds a job once per natural key, its jobId, whatever its state', async () => {
    const ingest = jest.fn().mockResolvedValue(undefined);
    const h = await harness({ 'ingest-fit': ingest });
    for (let i = 0; i < 3; i++) await h.queue.enqueue('ingest-fit', { uploadId: 'u1' });
    const counts = await h.queue.counts();
    expect(counts.find((c) => c.queue === 'ingest')).toMatchObject({ waiting: 1, active: 0, failed: 0 });

    const job = await h.raw('ingest').getJob('ingest-fit.u1');
    expect(job?.data).toEqual({ uploadId: 'u1' });
    expect(job?.opts).toMatchObject({
      attempts: 3,
      backoff: { type: 'exponential', delay: 50 },
      removeOnFail: { age: 14 * 24 * 3600 },
    });

    await h.workers.start();
    await h.queue.drain();
    expect(ingest).toHaveBeenCalledTimes(1);
    // The completed job is kept: the same upload is not ingested again.
    await h.queue.enqueue('ingest-fit', { uploadId: 'u1' });
    await h.queue.drain();
    expect(ingest).toHaveBeenCalledTimes(1);
  });

  it('debounces per athlete: a burst of enqueues is one delayed job', async () => {
    const recompute = jest.fn().mockResolvedValue(undefined);
    const h = await harness({ 'recompute-load': recompute });
    for (let i = 0; i < 50; i++) await h.queue.enqueue('recompute-load', { athleteId: 'a' });
    await h.queue.enqueue('recompute-load', { athleteId: 'b' });
    expect((await h.queue.counts()).find((c) => c.queue === 'load')).toMatchObject({
      delayed: 2,
      waiting: 0,
    });
    await h.workers.start();
    await h.queue.drain();
    expect(recompute.mock.calls.map(([p]) => p.athleteId).sort()).toEqual(['a', 'b']);
  });

  it('recomputes again when a change is enqueued while the recompute runs', async () => {
    const running = gate();
    const seen: string[] = [];
    const recompute = jest.fn(async ({ athleteId }: { athleteId: string }) => {
      seen.push(athleteId);
      if (seen.length === 1) await running.wait;
    });
    const h = await harness({ 'recompute-load': recompute });
    await h.workers.start();
    await h.queue.enqueue('recompute-load', { athleteId: 'a' }, { delayMs: 0 });
    await until(
      () => seen.length,
      (n) => n === 1,
      'the first recompute to start',
    );

    // New data commits while the first run has already read its inputs: these must not be dropped.
    await h.queue.enqueue('recompute-load', { athleteId: 'a' }, { delayMs: 0 });
    await h.queue.enqueue('recompute-load', { athleteId: 'a' }, { delayMs: 0 });
    running.open();
    await h.queue.drain();
    expect(recompute).toHaveBeenCalledTimes(2);
  });

  it('retries a transient failure with exponential backoff and reports every attempt', async () => {
    const at: number[] = [];
    const ingest = jest.fn(async () => {
      at.push(Date.now());
      if (at.length < 3) throw new Error('database is locked');
    });
    const h = await harness({ 'ingest-fit': ingest });
    await h.workers.start();
    await h.queue.enqueue('ingest-fit', { uploadId: 'u1' });
    await until(
      () => h.attempts.length,
      (n) => n === 3,
      'three attempts',
    );
    expect(h.attempts.map(({ attempt, outcome }) => [attempt, outcome])).toEqual([
      [1, 'retrying'],
      [2, 'retrying'],
      [3, 'completed'],
    ]);
    expect(h.attempts[0]).toMatchObject({ queue: 'ingest', name: 'ingest-fit', jobId: 'ingest-fit.u1' });
    expect(h.attempts.every((a) => a.durationMs >= 0)).toBe(true);
    // BullMQ's exponential backoff waits at least 50 ms, then 100 ms.
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(50);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(100);
    expect(await h.raw('ingest').getJobState('ingest-fit.u1')).toBe('completed');
  });

  it('stops a permanent failure at once, keeps it visible with its reason, and retries it on request', async () => {
    const ingest = jest
      .fn()
      .mockRejectedValueOnce(new PermanentJobError('Upload u2 rejected: bad CRC'))
      .mockResolvedValue(undefined);
    const h = await harness({ 'ingest-fit': ingest });
    await h.workers.start();
    await h.queue.enqueue('ingest-fit', { uploadId: 'u2' });
    const [failed] = await until(
      () => h.queue.failed(10, 0),
      (jobs) => jobs.length === 1,
      'the failed job',
    );
    expect(ingest).toHaveBeenCalledTimes(1);
    expect(failed).toEqual({
      queue: 'ingest',
      jobId: 'ingest-fit.u2',
      name: 'ingest-fit',
      payload: { uploadId: 'u2' },
      reason: 'Upload u2 rejected: bad CRC',
      attemptsMade: 1,
      failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(h.attempts.map((a) => a.outcome)).toEqual(['failed']);
    const stored = await h.raw('ingest').getJob('ingest-fit.u2');
    expect(stored && isPermanentFailure(stored)).toBe(true);
    expect((await h.queue.counts()).find((c) => c.queue === 'ingest')).toMatchObject({ failed: 1 });
    // A reconciler leaves a permanent failure to a person.
    await expect(h.queue.ensure('ingest-fit', { uploadId: 'u2' })).resolves.toBe('failed');

    await expect(h.queue.retry('ingest', 'ingest-fit.u2')).resolves.toBe(true);
    await h.queue.drain();
    expect(ingest).toHaveBeenCalledTimes(2);
    await expect(h.queue.failed(10, 0)).resolves.toEqual([]);
    await expect(h.queue.retry('ingest', 'ingest-fit.u2')).resolves.toBe(false);
    await expect(h.queue.retry('nowhere', 'ingest-fit.u2')).resolves.toBe(false);
  });

  it('lets a reconciler retry a job whose attempts ran out, a bounded number of times', async () => {
    const ingest = jest.fn().mockRejectedValue(new Error('the database is down'));
    const h = await harness({ 'ingest-fit': ingest }, { attempts: 2 });
    await h.workers.start();
    await h.queue.enqueue('ingest-fit', { uploadId: 'u3' });
    await until(
      () => h.queue.failed(10, 0),
      (jobs) => jobs.length === 1,
      'the job to fail',
    );
    expect(h.attempts.map((a) => a.outcome)).toEqual(['retrying', 'failed']);

    let retries = 0;
    for (let round = 0; round < 10; round++) {
      const outcome = await h.queue.ensure('ingest-fit', { uploadId: 'u3' });
      if (outcome === 'failed') break;
      expect(outcome).toBe('retried');
      retries += 1;
      const calls = ingest.mock.calls.length;
      await until(
        async () => [ingest.mock.calls.length, await h.raw('ingest').getJobState('ingest-fit.u3')] as const,
        ([n, state]) => n > calls && state === 'failed',
        'the retried job to fail again',
      );
    }
    // Each reconciler retry is one more attempt, no new backoff series; at most `attempts` of them.
    expect(retries).toBe(2);
    expect(ingest).toHaveBeenCalledTimes(4);
  });

  it('ensures a job: adds a missing one, leaves a waiting or completed one', async () => {
    const ingest = jest.fn().mockResolvedValue(undefined);
    const h = await harness({ 'ingest-fit': ingest });
    await expect(h.queue.ensure('ingest-fit', { uploadId: 'u4' })).resolves.toBe('added');
    await expect(h.queue.ensure('ingest-fit', { uploadId: 'u4' })).resolves.toBe('pending');
    await h.workers.start();
    await h.queue.drain();
    await expect(h.queue.ensure('ingest-fit', { uploadId: 'u4' })).resolves.toBe('completed');
    expect(ingest).toHaveBeenCalledTimes(1);
  });
});

describe('JobWorkers', () => {
  it('runs as many jobs of a queue at once as its concurrency', async () => {
    const release = gate();
    let running = 0;
    let most = 0;
    const ingest = jest.fn(async () => {
      running += 1;
      most = Math.max(most, running);
      await release.wait;
      running -= 1;
    });
    const h = await harness({ 'ingest-fit': ingest });
    await h.workers.start();
    for (const uploadId of ['c1', 'c2', 'c3']) await h.queue.enqueue('ingest-fit', { uploadId });
    await until(
      () => running,
      (n) => n === 2,
      'two jobs running',
    );
    release.open();
    await h.queue.drain();
    expect(most).toBe(2);
    expect(ingest).toHaveBeenCalledTimes(3);
  });

  it('waits for the jobs in flight when closed (SIGTERM drains)', async () => {
    const release = gate();
    let started = false;
    const ingest = jest.fn(async () => {
      started = true;
      await release.wait;
    });
    const h = await harness({ 'ingest-fit': ingest });
    await h.workers.start();
    await h.queue.enqueue('ingest-fit', { uploadId: 'g1' });
    await until(
      () => started,
      (s) => s,
      'the job to start',
    );
    let closed = false;
    const closing = h.workers.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    release.open();
    await closing;
    expect(await h.raw('ingest').getJobState('ingest-fit.g1')).toBe('completed');
  });

  it('refuses to start without the BullMQ driver, or with a job that has no handler', async () => {
    const inline = testConfig({ type: 'sqlite', path: ':memory:', runMigrations: false }, tmpdir());
    await expect(new JobWorkers(inline, new JobRegistry()).start()).rejects.toThrow('QUEUE_DRIVER=bullmq');
    const registry = new JobRegistry();
    registry.register('ingest-fit', async () => undefined);
    await expect(new JobWorkers(bullmqConfig(testPrefix(), 1), registry).start()).rejects.toThrow(
      /^Jobs without a handler: .*recompute-load, evaluate-rules/,
    );
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
