import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ProviderConnectionEntity, UploadEntity, UserEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, PermanentJobError, type JobQueue } from '@loadwatch/data-access/queue';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import { UploadsService } from '@loadwatch/feature/ingestion';
import { type AppConfig } from '@loadwatch/shared/config';
import type { ActivitySummary, ConnectionsResponse, Page } from '@loadwatch/shared/contracts';
import {
  createTestDatabase,
  DRIVERS,
  GarminStandIn,
  testConfig,
  type GarminStandInActivity,
  type TestDatabase,
} from '@loadwatch/testing';
import { TokenCipher } from '../src';
import { compileConnections, listenWithTestUser } from './support/connections-app';
import { GarminFileStash } from '../src/lib/garmin/garmin-file-stash';
import { CALLBACK_URL_PURPOSE, GarminSyncJobs } from '../src/lib/garmin/garmin-sync.jobs';

jest.setTimeout(60_000);

const USER = 'garmin-user-1';
const START = '2026-10-18T06:00:00Z';
const START_S = Date.parse(START) / 1000;
/** The secret segment of the notification URL registered with Garmin (GARMIN_NOTIFICATION_TOKEN). */
const NOTIFICATION_TOKEN = 'garmin-notification-secret-0123456789';

interface Harness {
  app: INestApplication;
  url: string;
  stand: GarminStandIn;
  db: DataSource;
  queue: JobQueue;
  athleteId: string;
  dataDir: string;
  close(): Promise<void>;
}

async function harness(driver: (typeof DRIVERS)[number]): Promise<Harness> {
  const stand = await new GarminStandIn().start();
  const database: TestDatabase = await createTestDatabase(driver);
  const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-garmin-'));
  const config: AppConfig = testConfig(database.db, dataDir);
  config.connections.garmin = {
    clientId: stand.clientId,
    clientSecret: stand.clientSecret,
    authorizeUrl: stand.authorizeUrl,
    tokenUrl: stand.tokenUrl,
    apiUrl: stand.apiUrl,
    backfillDays: 75,
    notificationToken: NOTIFICATION_TOKEN,
  };
  const app = await listenWithTestUser(await compileConnections(config), config);
  const db = app.get(DataSource);
  const athleteId = randomUUID();
  await db.getRepository(UserEntity).insert({
    id: athleteId,
    email: `${athleteId}@example.test`,
    passwordHash: 'x',
    role: 'athlete',
    timeZone: 'Europe/Berlin',
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  });
  return {
    app,
    url: config.publicUrl,
    stand,
    db,
    queue: app.get<JobQueue>(JOB_QUEUE),
    athleteId,
    dataDir,
    close: async () => {
      await app.close();
      await stand.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The browser's round trip: our authorize URL (with the PKCE challenge), the consent redirect, our callback. */
async function connect(h: Harness): Promise<string> {
  const browser = request.agent(h.app.getHttpServer());
  const started = await browser
    .post('/api/connections')
    .set('x-test-user', h.athleteId)
    .send({ provider: 'garmin' })
    .expect(200);
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location') as string);
  const back = await browser.get(callback.pathname + callback.search).expect(302);
  await h.queue.drain();
  return back.headers['location'] as string;
}

/** 5 km at 3.2 m/s (1562.5 s), as a FIT file; `recordEveryS` makes another device's different bytes. */
function fitRun(recordEveryS = 1): Buffer {
  return Buffer.from(
    encodeActivityFit({
      start: new Date(START),
      utcOffsetS: 7200,
      segments: [{ distanceM: 5000, speedMps: 3.2 }],
      recordEveryS,
    }),
  );
}

function garminRun(h: Harness, activityId = 7001): GarminStandInActivity {
  return h.stand.addActivity(
    USER,
    {
      activityId,
      activityName: 'Morning Run',
      activityType: 'RUNNING',
      startTimeInSeconds: START_S + 3,
      startTimeOffsetInSeconds: 7200,
      durationInSeconds: 1562,
      distanceInMeters: 4990,
      averageHeartRateInBeatsPerMinute: 151,
      deviceName: 'Forerunner 965',
    },
    fitRun(2),
  );
}

describe.each(DRIVERS)('Garmin sync on %s', (driver) => {
  let h: Harness;
  const http = () => request(h.app.getHttpServer());
  const notifications = () => `${h.url}/api/connections/garmin/notifications/${NOTIFICATION_TOKEN}`;
  const activities = async () =>
    (await http().get('/api/activities').set('x-test-user', h.athleteId).expect(200))
      .body as Page<ActivitySummary>;
  const connection = () =>
    h.db.getRepository(ProviderConnectionEntity).findOneByOrFail({ athleteId: h.athleteId });

  beforeEach(async () => {
    h = await harness(driver);
  });
  afterEach(async () => {
    await h.close();
  });

  it('connects with PKCE, keeps the user id and permissions, and requests the history in 30-day windows', async () => {
    await expect(connect(h)).resolves.toBe(`${h.url}/settings/connections?connected=garmin`);
    const view = (
      (await http().get('/api/connections').set('x-test-user', h.athleteId).expect(200))
        .body as ConnectionsResponse
    ).connections.find((c) => c.provider === 'garmin');
    expect(view).toMatchObject({
      status: 'active',
      externalAthleteId: USER,
      scopes: ['ACTIVITY_EXPORT', 'HEALTH_EXPORT'],
    });
    const spans = h.stand.backfills.map((b) => b.endS - b.startS);
    expect(spans).toEqual([30 * 86_400, 30 * 86_400, 15 * 86_400]);
    expect(h.stand.backfills[2].endS - h.stand.backfills[0].startS).toBe(75 * 86_400);
  });

  it('ping, fetch, FIT ingested and merged with the upload of the same run; the used file URL is then gone for good', async () => {
    await connect(h);
    await http()
      .post('/api/uploads')
      .set('x-test-user', h.athleteId)
      .attach('files', fitRun(), 'run.fit')
      .expect(202);
    await h.queue.drain();

    const run = garminRun(h);
    const pinged = Date.now();
    const ping = await h.stand.notify(
      notifications(),
      h.stand.activityPing(USER, run.uploadedAtS - 60, run.uploadedAtS + 60),
    );
    expect(ping.status).toBe(200);
    expect(Date.now() - pinged).toBeLessThan(2000);
    await h.queue.drain();
    let page = await activities();
    expect(page.total).toBe(1);
    expect(page.items[0].provenances.map((p) => [p.source, p.recordCount > 0])).toEqual([
      ['fit', true],
      ['garmin', false],
    ]);
    // The file gives what it has; the Garmin summary fills what it lacks (heart rate).
    expect(page.items[0]).toMatchObject({
      source: 'fit',
      avgHeartRateBpm: 151,
      fieldSources: { distanceM: 'fit', avgHeartRateBpm: 'garmin' },
    });

    const filePing = h.stand.filePing(run);
    expect((await h.stand.notify(notifications(), filePing)).status).toBe(200);
    await h.queue.drain();
    const garminUpload = await h.db
      .getRepository(UploadEntity)
      .findOneByOrFail({ athleteId: h.athleteId, provider: 'garmin' });
    expect(garminUpload).toMatchObject({ externalId: run.activityId, status: 'processed', activityCount: 1 });
    page = await activities();
    expect(page.total).toBe(1);
    const garmin = page.items[0].provenances.find((p) => p.source === 'garmin');
    expect(garmin).toMatchObject({ externalId: run.activityId, uploadId: garminUpload.id });
    expect(garmin?.recordCount).toBeGreaterThan(0);
    // The file's decode replaced the summary (the file beats a provider's summary).
    expect(garmin?.distanceM).toBeCloseTo(5000, 0);
    // One run from Garmin, as a summary and as a file: imported once.
    await expect(connection()).resolves.toMatchObject({ activitiesImported: 1 });

    // The same URL again: Garmin answers 410. The file is stored, so that is a success...
    const jobs = h.app.get(GarminSyncJobs);
    const entry = (filePing['activityFiles'] as { callbackURL: string }[])[0];
    const sealed = h.app.get(TokenCipher).seal(entry.callbackURL, CALLBACK_URL_PURPOSE);
    const payload = {
      userId: USER,
      summaryId: `${run.activityId}-file`,
      activityId: run.activityId,
      fileType: 'FIT',
    };
    await expect(jobs.handleFile({ ...payload, sealedCallbackUrl: sealed })).resolves.toBeUndefined();
    expect(h.stand.requests.filter((r) => r.path.endsWith('/activityFile')).map((r) => r.status)).toEqual([
      200, 410,
    ]);

    // ...but a file never stored whose URL was used is lost for good, with the reason shown to the athlete.
    const other = garminRun(h, 7002);
    const lost = (h.stand.filePing(other)['activityFiles'] as { callbackURL: string }[])[0].callbackURL;
    const token = await h.app
      .get(TokenCipher)
      .open((await connection()).accessTokenEnc as string, 'access-token');
    await fetch(lost, { headers: { authorization: `Bearer ${token}` } });
    const failure = jobs.handleFile({
      ...payload,
      summaryId: '7002-file',
      activityId: '7002',
      sealedCallbackUrl: h.app.get(TokenCipher).seal(lost, CALLBACK_URL_PURPOSE),
    });
    await expect(failure).rejects.toBeInstanceOf(PermanentJobError);
    await expect(failure).rejects.toThrow(/already used or has expired \(410\)/);
    await expect(connection()).resolves.toMatchObject({ lastErrorMessage: expect.stringMatching(/410/) });
  });

  it('retries a 500 and a malformed body from a summary pull, and renews an expired token', async () => {
    await connect(h);
    garminRun(h, 7101);
    h.stand.failNext(/\/activities$/, 500);
    h.stand.failNext(/\/activities$/, 'malformed');
    h.stand.expireTokens(USER);
    const now = Math.floor(Date.now() / 1000);
    expect(
      (await h.stand.notify(notifications(), h.stand.activityPing(USER, now - 600, now + 600))).status,
    ).toBe(200);
    await h.queue.drain();
    const page = await activities();
    expect(page.items.map((a) => [a.source, a.provenances[0].externalId])).toEqual([['garmin', '7101']]);
    // The malformed body was a 200; the 401 renewed the token.
    const pulls = h.stand.requests.filter((r) => r.path === '/wellness-api/rest/activities');
    expect(pulls.map((r) => r.status)).toEqual([500, 200, 401, 200]);
    await expect(connection()).resolves.toMatchObject({ status: 'active', lastErrorMessage: null });
  });

  it('imports pushed summaries once, however often they are pushed', async () => {
    await connect(h);
    const summary = { ...garminRun(h, 7201).summary, userId: USER };
    for (let i = 0; i < 2; i += 1) {
      expect((await h.stand.notify(notifications(), { activities: [summary] })).status).toBe(200);
      await h.queue.drain();
    }
    const page = await activities();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ source: 'garmin', sport: 'RUNNING', avgHeartRateBpm: 151 });
  });

  it('ends the connection on deregistration, and needs a new consent when activity sharing is withdrawn', async () => {
    await connect(h);
    const change = h.stand.changePermissions(USER, ['HEALTH_EXPORT']);
    expect((await h.stand.notify(notifications(), change)).status).toBe(200);
    await h.queue.drain();
    await expect(connection()).resolves.toMatchObject({ status: 'needs-reconsent' });

    expect((await h.stand.notify(notifications(), h.stand.disconnectInConnect(USER))).status).toBe(200);
    await h.queue.drain();
    await expect(connection()).resolves.toMatchObject({
      status: 'disconnected',
      accessTokenEnc: null,
      refreshTokenEnc: null,
    });
  });

  it('deregisters at Garmin when the athlete disconnects', async () => {
    await connect(h);
    await http().delete('/api/connections/garmin').set('x-test-user', h.athleteId).expect(204);
    expect(h.stand.deregistered).toEqual([USER]);
    await expect(connection()).resolves.toMatchObject({ status: 'disconnected', accessTokenEnc: null });
  });

  it('refuses notifications without the secret segment of the registered URL (404): no run added, nothing ended', async () => {
    await connect(h);
    const summary = { ...garminRun(h, 7301).summary, userId: USER };
    const base = `${h.url}/api/connections/garmin/notifications`;
    for (const url of [base, `${base}/wrong-token`, `${base}/${NOTIFICATION_TOKEN}x`]) {
      expect((await h.stand.notify(url, { activities: [summary] })).status).toBe(404);
      expect((await h.stand.notify(url, h.stand.changePermissions(USER, ['ACTIVITY_EXPORT']))).status).toBe(
        404,
      );
      expect((await h.stand.notify(url, { deregistrations: [{ userId: USER }] })).status).toBe(404);
    }
    await h.queue.drain();
    await expect(activities()).resolves.toMatchObject({ total: 0 });
    await expect(connection()).resolves.toMatchObject({ status: 'active' });
  });

  it('confirms permission changes with our token; honours a deregistration even while our token still works, unless it is stale', async () => {
    await connect(h);
    // Garmin still shares activities with our token, whatever the notification says.
    const untrue = {
      userPermissionsChange: [{ userId: USER, permissions: ['HEALTH_EXPORT'], changeTimeInSeconds: 1 }],
    };
    expect((await h.stand.notify(notifications(), untrue)).status).toBe(200);
    await h.queue.drain();
    await expect(connection()).resolves.toMatchObject({ status: 'active', lastErrorMessage: null });

    // A deregistration received before this connection was made (a late retry) is ignored.
    const connectedAtMs = (await connection()).connectedAtMs;
    await h.app
      .get(GarminSyncJobs)
      .handleDeregister({ userId: USER, receivedAtMs: String(connectedAtMs - 1) });
    await expect(connection()).resolves.toMatchObject({ status: 'active' });

    // A current one ends the connection although Garmin still answers our token (withdrawn consent).
    const userIdCalls = h.stand.requests.filter((r) => r.path.endsWith('/user/id')).length;
    expect((await h.stand.notify(notifications(), { deregistrations: [{ userId: USER }] })).status).toBe(200);
    await h.queue.drain();
    await expect(connection()).resolves.toMatchObject({
      status: 'disconnected',
      accessTokenEnc: null,
      refreshTokenEnc: null,
      lastErrorMessage: 'Garmin Connect ended the connection.',
    });
    expect(h.stand.requests.filter((r) => r.path.endsWith('/user/id')).length).toBe(userIdCalls);
  });

  it('keeps a downloaded file across a transient failure: the retry ingests it without a second download', async () => {
    await connect(h);
    const run = garminRun(h, 7401);
    const entry = (h.stand.filePing(run)['activityFiles'] as { callbackURL: string }[])[0];
    const payload = {
      userId: USER,
      summaryId: `${run.activityId}-file`,
      activityId: run.activityId,
      fileType: 'FIT',
      sealedCallbackUrl: h.app.get(TokenCipher).seal(entry.callbackURL, CALLBACK_URL_PURPOSE),
    };
    const jobs = h.app.get(GarminSyncJobs);
    const accept = jest
      .spyOn(h.app.get(UploadsService), 'acceptProviderFile')
      .mockRejectedValueOnce(new Error('the database went away'));
    await expect(jobs.handleFile(payload)).rejects.toThrow('the database went away');
    await expect(jobs.handleFile(payload)).resolves.toBeUndefined();
    accept.mockRestore();
    await h.queue.drain();
    expect(h.stand.requests.filter((r) => r.path.endsWith('/activityFile')).map((r) => r.status)).toEqual([
      200,
    ]);
    await expect(
      h.db.getRepository(UploadEntity).findOneByOrFail({ athleteId: h.athleteId, provider: 'garmin' }),
    ).resolves.toMatchObject({ externalId: run.activityId, status: 'processed', activityCount: 1 });
    await expect(activities()).resolves.toMatchObject({ total: 1 });
  });

  it('neither downloads nor keeps the file of a run the athlete deleted in Loadwatch', async () => {
    await connect(h);
    const run = garminRun(h, 7451);
    const summary = { ...run.summary, userId: USER };
    expect((await h.stand.notify(notifications(), { activities: [summary] })).status).toBe(200);
    await h.queue.drain();
    const [stored] = (await activities()).items;
    await http().delete(`/api/activities/${stored.id}`).set('x-test-user', h.athleteId).expect(204);
    await h.queue.drain();

    // Garmin then offers the run's file (GPS, heart rate): not fetched, no upload stored, no activity.
    expect((await h.stand.notify(notifications(), h.stand.filePing(run))).status).toBe(200);
    await h.queue.drain();
    expect(h.stand.requests.filter((r) => r.path.endsWith('/activityFile'))).toEqual([]);
    await expect(h.db.getRepository(UploadEntity).countBy({ athleteId: h.athleteId })).resolves.toBe(0);
    await expect(activities()).resolves.toMatchObject({ total: 0 });
  });

  it('counts a run delivered as a file first, then as a summary, and the file delivered again, once', async () => {
    await connect(h);
    const run = garminRun(h, 7501);
    const filePing = h.stand.filePing(run);
    expect((await h.stand.notify(notifications(), filePing)).status).toBe(200);
    await h.queue.drain();
    const summary = { ...run.summary, userId: USER };
    expect((await h.stand.notify(notifications(), { activities: [summary] })).status).toBe(200);
    await h.queue.drain();
    // Garmin delivers the file notification again.
    expect((await h.stand.notify(notifications(), filePing)).status).toBe(200);
    await h.queue.drain();
    await expect(activities()).resolves.toMatchObject({ total: 1 });
    await expect(connection()).resolves.toMatchObject({ activitiesImported: 1 });
  });

  it('deletes stashed files when a file job fails for good, and all of them when the connection ends', async () => {
    await connect(h);
    const stashDir = join(h.dataDir, 'uploads', h.athleteId, '.provider-files', 'garmin');
    const run = garminRun(h, 7601);
    const entry = (h.stand.filePing(run)['activityFiles'] as { callbackURL: string }[])[0];
    const payload = {
      userId: USER,
      summaryId: `${run.activityId}-file`,
      activityId: run.activityId,
      fileType: 'FIT',
      sealedCallbackUrl: h.app.get(TokenCipher).seal(entry.callbackURL, CALLBACK_URL_PURPOSE),
    };
    const jobs = h.app.get(GarminSyncJobs);
    const accept = jest
      .spyOn(h.app.get(UploadsService), 'acceptProviderFile')
      .mockRejectedValue(new Error('the database went away'));
    // Not the last attempt: the downloaded file stays for the retry.
    await expect(jobs.handleFile(payload, { attempt: 1, final: false })).rejects.toThrow('went away');
    expect(existsSync(join(stashDir, `${run.activityId}.fit`))).toBe(true);
    // The last attempt: no retry will take it in.
    await expect(jobs.handleFile(payload, { attempt: 5, final: true })).rejects.toThrow('went away');
    expect(existsSync(join(stashDir, `${run.activityId}.fit`))).toBe(false);
    accept.mockRestore();

    await h.app.get(GarminFileStash).write(h.athleteId, '7602', Buffer.from('not taken in yet'));
    expect(existsSync(join(stashDir, '7602.fit'))).toBe(true);
    await http().delete('/api/connections/garmin').set('x-test-user', h.athleteId).expect(204);
    expect(existsSync(stashDir)).toBe(false);
  });

  it('refuses notifications not addressed to this client, and bodies that are not notifications', async () => {
    expect(
      (await h.stand.notify(notifications(), { deregistrations: [{ userId: USER }] }, 'someone-else')).status,
    ).toBe(403);
    const bad = await fetch(notifications(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'garmin-client-id': h.stand.clientId },
      body: '[1, 2]',
    });
    expect(bad.status).toBe(400);
  });
});
