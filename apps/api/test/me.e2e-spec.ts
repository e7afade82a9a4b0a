import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SymptomLogEntity, UploadEntity, UserEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import type { AccountExport } from '@loadwatch/shared/contracts';
import { DRIVERS } from '@loadwatch/testing';
import { linkCoach, registerUser, startTestApp, type TestApp, type TestUser } from './support/test-app';

describe.each(DRIVERS)('/api/me on %s', (driver) => {
  let testApp: TestApp;
  let enqueue: jest.SpyInstance;
  const http = () => request(testApp.server);

  beforeAll(async () => {
    testApp = await startTestApp(driver);
    enqueue = jest.spyOn(testApp.app.get<JobQueue>(JOB_QUEUE), 'enqueue');
  });
  afterAll(() => testApp?.close());
  // Jobs an earlier test queued (a debounced recompute, the rules it queues) run first: each test sees its own.
  beforeEach(async () => {
    await testApp.app.get<JobQueue>(JOB_QUEUE).drain();
    enqueue.mockClear();
  });

  const patch = (user: TestUser, body: object) => http().patch('/api/me').set(user.auth).send(body);

  it('shows the default settings of a new account', async () => {
    const user = await registerUser(testApp.server);
    const response = await http().get('/api/me').set(user.auth).expect(200);
    expect(response.body).toEqual({
      id: user.id,
      email: user.email,
      role: 'athlete',
      displayName: null,
      timeZone: 'UTC',
      weekStart: 'monday',
      units: 'km',
      thresholdPace: null,
      maxHeartRateBpm: null,
      returnToRun: null,
      emailPreferences: {
        warningAlerts: true,
        weeklyDigest: true,
        coachDigest: true,
        urgentAlertsTo: null,
        urgentAlertsToPending: null,
        urgentAlertsToPendingSince: null,
      },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('changes settings, and queues a load recompute only for those that affect load', async () => {
    const user = await registerUser(testApp.server);
    const response = await patch(user, {
      displayName: ' Ada ',
      timeZone: 'europe/oslo',
      weekStart: 'sunday',
      units: 'mi',
      thresholdPace: '4:05',
      maxHeartRateBpm: 188,
      returnToRun: { startDate: '2026-12-01', weeklyDistanceKm: [8, 10, 12.5] },
    }).expect(200);
    expect(response.body).toMatchObject({
      displayName: 'Ada',
      timeZone: 'Europe/Oslo',
      weekStart: 'sunday',
      units: 'mi',
      thresholdPace: '4:05',
      maxHeartRateBpm: 188,
      returnToRun: { startDate: '2026-12-01', weeklyDistanceKm: [8, 10, 12.5] },
    });
    const stored = await testApp.app
      .get(DataSource)
      .getRepository(UserEntity)
      .findOneByOrFail({ id: user.id });
    expect(stored).toMatchObject({
      thresholdPaceSPerKm: 245,
      returnToRun: { startDate: '2026-12-01', weeklyPlanM: [8000, 10000, 12500] },
    });
    expect(enqueue).toHaveBeenCalledWith('recompute-load', { athleteId: user.id });

    enqueue.mockClear();
    await patch(user, { units: 'km', maxHeartRateBpm: null, displayName: null }).expect(200);
    await patch(user, { timeZone: 'Europe/Oslo' }).expect(200);
    expect(enqueue).not.toHaveBeenCalled();

    await patch(user, { thresholdPace: null, returnToRun: null })
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ thresholdPace: null, returnToRun: null }));
    expect(enqueue).toHaveBeenCalledTimes(1);
  });

  it('keeps a new address for urgent alerts pending behind a confirmation email; refuses what it may not take', async () => {
    const user = await registerUser(testApp.server);
    const response = await patch(user, {
      emailPreferences: { urgentAlertsTo: 'partner@example.com' },
    }).expect(200);
    expect(response.body.emailPreferences).toMatchObject({
      urgentAlertsTo: null,
      urgentAlertsToPending: 'partner@example.com',
      urgentAlertsToPendingSince: expect.any(String),
    });
    expect(enqueue).toHaveBeenCalledWith('send-redirect-confirmation', {
      userId: user.id,
      requestId: expect.stringMatching(/^1\./),
    });
    const resent = await http().post('/api/me/urgent-alerts-to/resend').set(user.auth).expect(202);
    expect(resent.body.emailPreferences.urgentAlertsToPending).toBe('partner@example.com');
    expect(enqueue).toHaveBeenLastCalledWith('send-redirect-confirmation', {
      userId: user.id,
      requestId: expect.stringMatching(/^2\./),
    });
    // Only the address is taken: the pending state is the server's.
    await patch(user, { emailPreferences: { urgentAlertsToPending: 'x@example.com' } }).expect(400);

    enqueue.mockClear();
    const own = await patch(user, { emailPreferences: { urgentAlertsTo: user.email } }).expect(200);
    expect(own.body.emailPreferences).toMatchObject({ urgentAlertsTo: null, urgentAlertsToPending: null });
    await http().post('/api/me/urgent-alerts-to/resend').set(user.auth).expect(409);
    expect(enqueue).not.toHaveBeenCalled();
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'timeZone must be an IANA time zone such as Europe/London'],
    [{ timeZone: '+01:00' }, 'timeZone', 'timeZone must be an IANA time zone such as Europe/London'],
    [{ timeZone: null }, 'timeZone', 'timeZone must be an IANA time zone such as Europe/London'],
    [{ weekStart: 'friday' }, 'weekStart', 'weekStart must be monday or sunday'],
    [{ units: 'furlongs' }, 'units', 'units must be km or mi'],
    [
      { thresholdPace: '4:75' },
      'thresholdPace',
      'thresholdPace must be a pace per km written m:ss, from 1:00 to 19:59',
    ],
    [{ thresholdPace: 245 }, 'thresholdPace', 'thresholdPace must be a string'],
    [{ maxHeartRateBpm: 400 }, 'maxHeartRateBpm', 'maxHeartRateBpm must not be greater than 250'],
    [
      { returnToRun: { startDate: '2026-02-30', weeklyDistanceKm: [5] } },
      'returnToRun.startDate',
      'returnToRun.startDate must be a calendar date written YYYY-MM-DD',
    ],
    [
      { returnToRun: { startDate: '2026-02-01', weeklyDistanceKm: [5, -1] } },
      'returnToRun.weeklyDistanceKm',
      'returnToRun.weeklyDistanceKm: each value must not be less than 0',
    ],
    [{ passwordHash: 'x' }, 'passwordHash', 'passwordHash: property passwordHash should not exist'],
  ])('refuses %j with a 400 naming the field', async (body, field, message) => {
    const user = await registerUser(testApp.server);
    const response = await patch(user, body).expect(400);
    expect(response.body.fields).toEqual([field]);
    expect(response.body.message).toContain(message);
    expect(enqueue).not.toHaveBeenCalled();
  });

  describe('export and deletion', () => {
    let owner: TestUser;
    let coach: TestUser;
    let uploadFolder: string;

    beforeAll(async () => {
      owner = await registerUser(testApp.server, 'athlete', 'Owner');
      coach = await registerUser(testApp.server, 'coach');
      await linkCoach(testApp.server, coach, owner, true);
      const dataSource = testApp.app.get(DataSource);
      const now = Date.now();
      const sha256 = 'ab'.repeat(32);
      await dataSource.getRepository(UploadEntity).insert({
        id: randomUUID(),
        athleteId: owner.id,
        fileName: 'run.fit',
        sha256,
        sizeBytes: 3,
        status: 'received',
        reason: null,
        activityCount: 0,
        createdAtMs: now,
        processedAtMs: null,
      });
      await dataSource.getRepository(SymptomLogEntity).insert({
        id: randomUUID(),
        athleteId: owner.id,
        date: '2026-11-20',
        region: 'low_back',
        side: 'central',
        severity: 4,
        when: 'after_run',
        aggravators: [],
        neurological: [],
        systemic: [],
        canWalkNormally: true,
        notes: 'stiff after the long run',
        createdAtMs: now,
        updatedAtMs: now,
      });
      uploadFolder = join(testApp.config.uploads.dir, owner.id);
      mkdirSync(uploadFolder, { recursive: true });
      writeFileSync(join(uploadFolder, sha256), 'FIT');
      // A health read by the coach, which the export must list.
      await http().get('/api/coach/athletes').set(coach.auth).expect(200);
    });

    it('exports everything stored about the account, without secrets', async () => {
      const response = await http().get('/api/me/export').set(owner.auth).expect(200);
      expect(response.headers['content-disposition']).toMatch(/attachment/);
      const data = response.body as AccountExport;
      expect(data).toMatchObject({
        format: 'loadwatch-account-export',
        version: 1,
        account: { id: owner.id, email: owner.email, displayName: 'Owner' },
        uploads: [{ fileName: 'run.fit' }],
        symptomLogs: [{ severity: 4, notes: 'stiff after the long run' }],
        coachLinks: [{ coachId: coach.id, status: 'accepted', healthAccess: true }],
        healthDataReads: [{ actorId: coach.id, action: 'read:roster' }],
      });
      expect(data).toHaveProperty('activities');
      expect(data).toHaveProperty('weeklyMetrics');
      expect(data).toHaveProperty('riskProfileVersions');
      expect(data).toHaveProperty('findings');
      // Provider connections and provenance (apps/api/test/account-deletion.e2e-spec.ts has them filled).
      expect(data).toMatchObject({
        connections: [],
        activitySources: [],
        deletedProviderActivities: [],
        deletedRuns: [],
      });
      expect(data).toHaveProperty('emails');
      const text = JSON.stringify(data);
      expect(text).not.toMatch(/passwordHash|inviteTokenHash|refreshTokenHash|argon2/);
    });

    it('deletes the account, its rows, its links and its stored files', async () => {
      await http().delete('/api/me').set(owner.auth).expect(204);
      expect(existsSync(uploadFolder)).toBe(false);
      const dataSource = testApp.app.get(DataSource);
      await expect(dataSource.getRepository(UserEntity).countBy({ id: owner.id })).resolves.toBe(0);
      await expect(dataSource.getRepository(SymptomLogEntity).countBy({ athleteId: owner.id })).resolves.toBe(
        0,
      );
      await http().get('/api/me').set(owner.auth).expect(401);
      await http().post('/api/auth/refresh').send({ refreshToken: owner.refreshToken }).expect(401);
      await http()
        .get('/api/coach/athletes')
        .set(coach.auth)
        .expect(200)
        .expect((res) => expect(res.body.athletes).toEqual([]));
      await http()
        .get('/api/coach-links')
        .set(coach.auth)
        .expect(200)
        .expect((res) => expect(res.body).toEqual([]));
    });
  });
});
