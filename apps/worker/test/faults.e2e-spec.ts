import request from 'supertest';
import { DataSource } from 'typeorm';
import { FindingEntity, UploadEntity } from '@loadwatch/data-access/db';
import { INGEST_QUEUE, JOB_QUEUE_ADMIN, type JobQueueAdmin } from '@loadwatch/data-access/queue';
import { PrivateRedis } from './support/redis';
import { startStack, type Stack } from './support/stack';
import { activityFacts, registerUser, runFiles, statusCounts, until, upload } from './support/training';

jest.setTimeout(120_000);

describe('a worker killed in the middle of ingesting (SIGKILL), then started again', () => {
  let stack: Stack;
  afterAll(() => stack?.close());

  it('ends with every one of 200 files processed exactly once: no duplicate, no half-written activity', async () => {
    stack = await startStack({ workers: 0 });
    const runner = await registerUser(stack.server);
    const accepted = await upload(stack, runner.auth, runFiles(200));
    expect(accepted.uploads.filter((u) => u.status === 'received')).toHaveLength(200);

    const first = await stack.addWorker();
    const admin = stack.app.get<JobQueueAdmin>(JOB_QUEUE_ADMIN);
    await until(
      async () =>
        [
          (await statusCounts(stack)).processed ?? 0,
          (await admin.counts()).find((c) => c.queue === INGEST_QUEUE)?.active ?? 0,
        ] as const,
      ([processed, active]) => processed >= 20 && active > 0,
      'the first worker to be in the middle of its ingests',
    );
    await first.kill();
    const atKill = await statusCounts(stack);
    expect(atKill.processed ?? 0).toBeLessThan(200);

    // The killed worker's jobs keep their lock until it expires; then the new worker runs them again.
    const second = await stack.addWorker();
    await until(
      () => statusCounts(stack),
      (counts) => counts.processed === 200,
      'all 200 uploads processed',
    );
    await until(
      async () => (await admin.counts()).reduce((n, c) => n + c.waiting + c.active + c.delayed, 0),
      (pending) => pending === 0,
      'the load and rules jobs to finish',
    );

    expect(second.messages(/stalled \(its worker stopped\)/).length).toBeGreaterThan(0);
    const uploads = await stack.app.get(DataSource).getRepository(UploadEntity).find();
    expect(uploads.every((u) => u.status === 'processed' && u.activityCount === 1)).toBe(true);
    await expect(activityFacts(stack)).resolves.toEqual({ rows: 200, keys: 200, withoutStream: 0 });
    await expect(admin.failed(10, 0)).resolves.toEqual([]);
    const weeks = await request(stack.server).get('/api/weeks').set(runner.auth).expect(200);
    expect(weeks.body.weeks.reduce((n: number, w: { runs: number }) => n + w.runs, 0)).toBe(200);
  });
});

describe('Redis stopped during uploads, then started again (empty)', () => {
  let redis: PrivateRedis;
  let stack: Stack;
  afterAll(async () => {
    await stack?.close();
    await redis?.remove();
  });

  it('answers every upload 202 and loses none: the reconciler enqueues what Redis never got', async () => {
    redis = await PrivateRedis.start();
    stack = await startStack({ redisUrl: redis.url, workers: 1 });
    const runner = await registerUser(stack.server);
    const files = runFiles(30);

    const before = await upload(stack, runner.auth, files.slice(0, 10));
    await redis.stop();
    const during = [
      await upload(stack, runner.auth, files.slice(10, 20)),
      await upload(stack, runner.auth, files.slice(20, 30)),
    ];
    for (const accepted of [before, ...during]) {
      expect(accepted.uploads.map((u) => u.status)).toEqual(Array(10).fill('received'));
    }
    // The uploads are committed and readable while Redis is away.
    const listed = await request(stack.server).get('/api/uploads?limit=100').set(runner.auth).expect(200);
    expect(listed.body.total).toBe(30);

    await redis.start();
    await until(
      () => statusCounts(stack),
      (counts) => counts.processed === 30,
      'all 30 uploads processed after Redis came back',
    );
    await expect(activityFacts(stack)).resolves.toEqual({ rows: 30, keys: 30, withoutStream: 0 });
    expect(stack.workers[0].messages(/Reconciled \d+ unfinished uploads/).length).toBeGreaterThan(0);
  });
});

describe('three worker processes on the same queues', () => {
  let stack: Stack;
  afterAll(() => stack?.close());

  it('process every job once: no duplicate activity or finding', async () => {
    stack = await startStack({ workers: 3 });
    const athletes = await Promise.all([0, 1, 2].map(() => registerUser(stack.server)));
    await Promise.all(athletes.map((athlete, i) => upload(stack, athlete.auth, runFiles(20, `a${i}`))));
    const today = new Date().toISOString().slice(0, 10);
    for (const athlete of athletes) {
      await request(stack.server)
        .post('/api/symptoms')
        .set(athlete.auth)
        .send({ date: today, region: 'low_back', side: 'central', severity: 2, when: 'after_run' })
        .expect(201);
    }
    await until(
      () => statusCounts(stack),
      (counts) => counts.processed === 60,
      'all 60 uploads processed',
    );
    await drainQueues(stack);

    await expect(activityFacts(stack)).resolves.toEqual({ rows: 60, keys: 60, withoutStream: 0 });
    const findings = await stack.app.get(DataSource).getRepository(FindingEntity).find();
    const keys = findings.map((f) => `${f.athleteId}/${f.rule}/${f.anchorKind}/${f.anchorId}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The three athletes uploaded the same runs and logged the same symptom: the same findings, once each.
    const [first, ...others] = athletes.map((athlete) =>
      findings
        .filter((f) => f.athleteId === athlete.id && f.status === 'open')
        .map((f) => `${f.rule}/${f.anchorKind}/${f.anchorDate}`)
        .sort(),
    );
    expect(first.length).toBeGreaterThan(0);
    for (const other of others) expect(other).toEqual(first);
    await expect(stack.app.get<JobQueueAdmin>(JOB_QUEUE_ADMIN).failed(10, 0)).resolves.toEqual([]);
    const ran = stack.workers.map((worker) => worker.messages(/^Job .* started/).length);
    expect(ran.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60);
  });
});

async function drainQueues(stack: Stack): Promise<void> {
  await until(
    async () =>
      (await stack.app.get<JobQueueAdmin>(JOB_QUEUE_ADMIN).counts()).reduce(
        (n, c) => n + c.waiting + c.active + c.delayed,
        0,
      ),
    (pending) => pending === 0,
    'the queues to empty',
  );
}
