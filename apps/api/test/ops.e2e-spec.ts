import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UserEntity } from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  JobWorkers,
  QUEUE_NAMES,
  type FailedJob,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import type { FailedJobsPage } from '@loadwatch/feature/ops';
import type { BullmqConfig } from '@loadwatch/shared/config';
import type { UploadView } from '@loadwatch/shared/contracts';
import { DRIVERS } from '@loadwatch/testing';
import { describeAccessMatrix, type AccessRoute, type Expected } from './support/access-matrix';
import { DEVICE_FILE, drain, recentRuns, uploadFiles } from './support/owner-training';
import { registerUser, startTestApp, type TestApp, type TestUser } from './support/test-app';

jest.setTimeout(120_000);

const BAD_CRC = resolve(
  __dirname,
  '../../../libs/domain/fit/test/fixtures/not-ok/fitparse-invalid-bad-crc.fit',
);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Admin routes: every persona of the matrix is refused; the admin persona is checked below. */
const ADMIN_ONLY: Expected = {
  owner: 403,
  coachWithHealth: 403,
  coachWithoutHealth: 403,
  unlinkedCoach: 403,
  otherAthlete: 403,
  anonymous: 401,
};

const OPS_ROUTES: AccessRoute[] = [
  {
    name: 'GET /api/admin/jobs/failed',
    request: () => ({ method: 'get', path: '/api/admin/jobs/failed' }),
    expect: ADMIN_ONLY,
  },
  {
    name: 'POST /api/admin/jobs/:queue/:jobId/retry',
    request: () => ({ method: 'post', path: '/api/admin/jobs/ingest/ingest-fit:none/retry' }),
    expect: ADMIN_ONLY,
  },
  {
    name: 'GET /metrics',
    request: () => ({ method: 'get', path: '/metrics' }),
    expect: {
      owner: 200,
      coachWithHealth: 200,
      coachWithoutHealth: 200,
      unlinkedCoach: 200,
      otherAthlete: 200,
      anonymous: 200,
    },
  },
];

/** There is no public way to become admin: the test sets the role in the database. */
async function registerAdmin(testApp: TestApp): Promise<TestUser> {
  const user = await registerUser(testApp.server, 'athlete', 'Operator');
  await testApp.app.get(DataSource).getRepository(UserEntity).update({ id: user.id }, { role: 'admin' });
  return { ...user, role: 'admin' };
}

/** One sample of a metric in the Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(testApp: TestApp): Promise<string> {
  const response = await request(testApp.server).get('/metrics').expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return response.text;
}

async function failedJobs(testApp: TestApp, admin: TestUser): Promise<FailedJob[]> {
  const response = await request(testApp.server).get('/api/admin/jobs/failed').set(admin.auth).expect(200);
  return (response.body as FailedJobsPage).items;
}

async function uploadView(testApp: TestApp, user: TestUser, id: string): Promise<UploadView> {
  return (await request(testApp.server).get(`/api/uploads/${id}`).set(user.auth).expect(200))
    .body as UploadView;
}

/** Hides an upload's stored bytes (as a lost disk would); returns how to put them back. */
function hideStoredFile(testApp: TestApp, upload: UploadView, athlete: TestUser): () => void {
  const path = join(testApp.config.uploads.dir, athlete.id, upload.sha256);
  renameSync(path, `${path}.hidden`);
  return () => renameSync(`${path}.hidden`, path);
}

describe.each(DRIVERS)('operations on %s with the inline queue', (driver) => {
  let testApp: TestApp;
  let admin: TestUser;
  let runner: TestUser;

  beforeAll(async () => {
    testApp = await startTestApp(driver);
    admin = await registerAdmin(testApp);
    runner = await registerUser(testApp.server, 'athlete', 'Runner');
  });
  afterAll(() => testApp?.close());

  describe('access', () => {
    describeAccessMatrix(OPS_ROUTES, () => testApp.server);

    it('lets the admin list failed jobs and answers 404 to a retry of an unknown job or queue', async () => {
      const page = await request(testApp.server)
        .get('/api/admin/jobs/failed?limit=5')
        .set(admin.auth)
        .expect(200);
      expect(page.body).toMatchObject({ items: expect.any(Array), limit: 5, offset: 0 });
      await request(testApp.server)
        .post('/api/admin/jobs/ingest/ingest-fit:none/retry')
        .set(admin.auth)
        .expect(404);
      await request(testApp.server).post('/api/admin/jobs/nope/x/retry').set(admin.auth).expect(404);
      await request(testApp.server).get('/api/admin/jobs/failed?limit=0').set(admin.auth).expect(400);
    });

    it('mounts no Bull Board on the inline driver', async () => {
      await request(testApp.server).get('/admin/queues').set(admin.auth).expect(404);
    });
  });

  it('exposes /metrics outside /api: queue depths, job attempts and upload results', async () => {
    const [run] = recentRuns();
    await uploadFiles(testApp.server, runner, [
      run,
      { name: 'device.fit', bytes: readFileSync(DEVICE_FILE) },
      { name: 'broken.fit', bytes: readFileSync(BAD_CRC) },
      { name: 'notes.txt', bytes: Buffer.from('not a FIT file') },
    ]);
    await uploadFiles(testApp.server, runner, [run]);
    await drain(testApp);

    await request(testApp.server).get('/api/metrics').expect(404);
    const text = await scrape(testApp);
    for (const family of [
      'loadwatch_queue_jobs',
      'loadwatch_job_duration_seconds',
      'loadwatch_jobs_total',
      'loadwatch_ingest_results_total',
      'loadwatch_uploads_pending',
      'loadwatch_upload_files_total',
      'process_cpu_seconds_total',
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    expect(sample(text, 'loadwatch_ingest_results_total{result="processed",reason=""}')).toBe(2);
    expect(sample(text, 'loadwatch_ingest_results_total{result="rejected",reason="crc"}')).toBe(1);
    expect(sample(text, 'loadwatch_upload_files_total{result="received"}')).toBe(3);
    expect(sample(text, 'loadwatch_upload_files_total{result="duplicate"}')).toBe(1);
    expect(sample(text, 'loadwatch_upload_files_total{result="skipped"}')).toBe(1);
    expect(sample(text, 'loadwatch_uploads_pending{status="received"}')).toBe(0);
    expect(sample(text, 'loadwatch_jobs_total{queue="ingest",name="ingest-fit",outcome="completed"}')).toBe(
      2,
    );
    expect(sample(text, 'loadwatch_jobs_total{queue="ingest",name="ingest-fit",outcome="failed"}')).toBe(1);
    expect(
      sample(
        text,
        'loadwatch_job_duration_seconds_count{queue="load",name="recompute-load",outcome="completed"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loadwatch_queue_jobs{queue="ingest",state="failed"}')).toBe(1);
    expect(sample(text, 'loadwatch_queue_jobs{queue="ingest",state="waiting"}')).toBe(0);
  });

  it('lists a job that failed for good with its reason, and runs it again on request', async () => {
    const accepted = await uploadFiles(testApp.server, runner, [recentRuns()[1]]);
    await drain(testApp);
    const uploadId = accepted.uploads[0].id;
    const restore = hideStoredFile(testApp, await uploadView(testApp, runner, uploadId), runner);
    // The same job again, now without its file: it fails at once, for good.
    await testApp.app.get<JobQueue>(JOB_QUEUE).enqueue('ingest-fit', { uploadId });
    await drain(testApp);
    expect(await uploadView(testApp, runner, uploadId)).toMatchObject({ status: 'failed' });

    const failed = (await failedJobs(testApp, admin)).find((job) => job.payload['uploadId'] === uploadId);
    expect(failed).toMatchObject({
      queue: 'ingest',
      name: 'ingest-fit',
      reason: expect.stringContaining('the stored file is missing'),
      attemptsMade: 1,
    });
    const text = await scrape(testApp);
    expect(sample(text, 'loadwatch_ingest_results_total{result="failed",reason="missing-file"}')).toBe(1);

    restore();
    const jobId = encodeURIComponent((failed as FailedJob).jobId);
    const retried = await request(testApp.server)
      .post(`/api/admin/jobs/ingest/${jobId}/retry`)
      .set(admin.auth);
    expect({ status: retried.status, body: retried.body }).toEqual({
      status: 202,
      body: { queue: 'ingest', jobId: (failed as FailedJob).jobId, status: 'queued' },
    });
    await drain(testApp);
    expect(await uploadView(testApp, runner, uploadId)).toMatchObject({
      status: 'processed',
      activityCount: 1,
    });
    expect((await failedJobs(testApp, admin)).map((job) => job.jobId)).not.toContain(
      (failed as FailedJob).jobId,
    );
  });
});

/**
 * The same on the BullMQ driver (PostgreSQL, a queue prefix of its own): the API runs the workers in its own
 * process here, so the test controls when jobs start. Bull Board is mounted, for admins only.
 */
describe('operations on postgres with BullMQ', () => {
  const prefix = `lw-test-ops-${randomBytes(4).toString('hex')}`;
  const queue: BullmqConfig = {
    driver: 'bullmq',
    redisUrl: REDIS_URL,
    prefix,
    concurrency: { ingest: 2, load: 1, rules: 1 },
    attempts: 3,
    backoffMs: 100,
    lockMs: 5000,
    reconcileIntervalMs: 60_000,
    workerMetrics: { port: 0, host: '127.0.0.1' },
  };
  let testApp: TestApp;
  let admin: TestUser;
  let runner: TestUser;

  beforeAll(async () => {
    testApp = await startTestApp('postgres', { config: { queue } });
    admin = await registerAdmin(testApp);
    runner = await registerUser(testApp.server, 'athlete', 'Runner');
  });
  afterAll(async () => {
    await testApp?.close();
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    for (const name of QUEUE_NAMES) {
      const q = new Queue(name, { connection, prefix });
      await q.obliterate({ force: true });
      await q.close();
    }
    await connection.quit();
  });

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('serves Bull Board at /admin/queues to admins only', async () => {
    await request(testApp.server).get('/admin/queues').expect(401);
    await request(testApp.server).get('/admin/queues').set(runner.auth).expect(403);
    const page = await request(testApp.server).get('/admin/queues').set(admin.auth).expect(200);
    expect(page.text).toContain('<base href="/admin/queues/"');
    const queues = await request(testApp.server).get('/admin/queues/api/queues').set(admin.auth).expect(200);
    expect((queues.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(
      [...QUEUE_NAMES].sort(),
    );
  });

  it('lists a job that failed for good in Redis and runs it again on request', async () => {
    // Stored and queued while no worker runs; then its file goes missing and the workers start.
    const accepted = await uploadFiles(testApp.server, runner, [recentRuns()[2]]);
    const uploadId = accepted.uploads[0].id;
    const depth = await scrape(testApp);
    expect(sample(depth, 'loadwatch_queue_jobs{queue="ingest",state="waiting"}')).toBe(1);
    const restore = hideStoredFile(testApp, await uploadView(testApp, runner, uploadId), runner);
    await testApp.app.get(JobWorkers).start();

    const failed = await until('the failed job', async () =>
      (await failedJobs(testApp, admin)).find((job) => job.payload['uploadId'] === uploadId),
    );
    expect(failed).toMatchObject({
      queue: 'ingest',
      name: 'ingest-fit',
      reason: expect.stringContaining('the stored file is missing'),
    });
    const text = await scrape(testApp);
    expect(sample(text, 'loadwatch_queue_jobs{queue="ingest",state="failed"}')).toBe(1);
    expect(sample(text, 'loadwatch_jobs_total{queue="ingest",name="ingest-fit",outcome="failed"}')).toBe(1);

    restore();
    await request(testApp.server)
      .post(`/api/admin/jobs/ingest/${encodeURIComponent(failed.jobId)}/retry`)
      .set(admin.auth)
      .expect(202);
    await until('the upload to be processed', async () => {
      const view = await uploadView(testApp, runner, uploadId);
      return view.status === 'processed' ? view : undefined;
    });
    expect((await failedJobs(testApp, admin)).map((job) => job.jobId)).not.toContain(failed.jobId);
  });
});
