import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ActivityEntity,
  EmailDeliveryEntity,
  ProviderConnectionEntity,
  UserEntity,
  type ActivitySourceEntity,
} from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import { ACCOUNT_DELETION_HOOKS_TIMEOUT_MS } from '@loadwatch/feature/athletes';
import type { AccountExport, ExportedConnection } from '@loadwatch/shared/contracts';
import { DRIVERS, findAccountTraces, StravaStandIn, type StandInActivity } from '@loadwatch/testing';
import {
  linkCoach,
  registerUser,
  startTestApp,
  stravaStandInConnections,
  type TestApp,
  type TestUser,
} from './support/test-app';

jest.setTimeout(120_000);

/** A symptom log with a red flag (R12): urgent emails to the athlete and the granted coach at once. */
const RED_FLAG_LOG = {
  region: 'low_back',
  side: 'central',
  severity: 3,
  when: 'during_run',
  aggravators: [],
  neurological: ['bladder_or_bowel_change'],
  systemic: [],
  can_walk_normally: true,
};

/**
 * The right to erasure with a provider connected: an athlete with a Strava connection (against the stand-in
 * on 127.0.0.1), a run merged from a FIT upload and its Strava copy, more Strava-only runs, urgent emails to
 * the athlete and to a coach with the health grant, exports their data and deletes the account. Strava is
 * deauthorized first, and afterwards no column of any table holds the account's id or email.
 */
describe.each(DRIVERS)('account export and deletion with a provider connection on %s', (driver) => {
  let testApp: TestApp;
  let stand: StravaStandIn;
  const http = () => request(testApp.server);

  beforeAll(async () => {
    stand = await new StravaStandIn().start();
    testApp = await startTestApp(driver, { config: stravaStandInConnections(stand, 5) });
  });

  afterAll(async () => {
    await testApp?.close();
    await stand?.stop();
  });

  const queue = () => testApp.app.get<JobQueue>(JOB_QUEUE);
  const db = () => testApp.app.get(DataSource);

  /** The browser's round trip: our authorize URL, the stand-in's consent, our callback with the cookie. */
  async function connectStrava(user: TestUser, stravaAthleteId: number): Promise<string> {
    stand.consentAs = { athleteId: stravaAthleteId, scope: 'read,activity:read_all' };
    const started = await http()
      .post('/api/connections')
      .set(user.auth)
      .send({ provider: 'strava' })
      .expect(200);
    const cookies = ([] as string[]).concat(started.headers['set-cookie'] ?? []);
    const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') as string);
    const back = await http()
      .get(callback.pathname + callback.search)
      .set('Cookie', cookies.map((cookie) => cookie.split(';')[0]).join('; '))
      .expect(302);
    await queue().drain();
    return back.headers['location'] as string;
  }

  /** The stand-in's run as a FIT file of the same start, distance and time: the two merge. */
  function fitOf(run: StandInActivity): Buffer {
    return Buffer.from(
      encodeActivityFit({
        start: new Date(run.startMs),
        utcOffsetS: 0,
        segments: [{ distanceM: run.distanceM, speedMps: run.distanceM / run.movingTimeS }],
      }),
    );
  }

  async function athleteWithEverything(stravaAthleteId: number) {
    const athlete = await registerUser(testApp.server, 'athlete', 'Erased');
    const coach = await registerUser(testApp.server, 'coach');
    await linkCoach(testApp.server, coach, athlete, true);
    const runs = stand.addActivities(stravaAthleteId, 3, { newestMs: Date.now() - 2 * 24 * 3600_000 });
    await http()
      .post('/api/uploads')
      .set(athlete.auth)
      .attach('files', fitOf(runs[0]), 'run.fit')
      .expect(202);
    await queue().drain();
    await expect(connectStrava(athlete, stravaAthleteId)).resolves.toMatch(/\?connected=strava$/);
    await http()
      .post('/api/symptoms')
      .set(athlete.auth)
      .send({ date: new Date().toISOString().slice(0, 10), ...RED_FLAG_LOG })
      .expect(201);
    await queue().drain();
    // The coach reads the athlete's health data: a row of the athlete's audit trail.
    await http().get(`/api/athletes/${athlete.id}/symptoms`).set(coach.auth).expect(200);
    return { athlete, coach };
  }

  it('exports the connection without tokens and every provenance, then deletes it all after deauthorizing Strava', async () => {
    const { athlete, coach } = await athleteWithEverything(1001);
    const connection = await db().getRepository(ProviderConnectionEntity).findOneByOrFail({
      athleteId: athlete.id,
    });
    // One Strava-only run deleted in Loadwatch: its tombstone is the athlete's data too.
    const stravaOnly = await db().getRepository(ActivityEntity).findOneByOrFail({
      athleteId: athlete.id,
      source: 'strava',
    });
    await http().delete(`/api/activities/${stravaOnly.id}`).set(athlete.auth).expect(204);
    // What the search below must find before the deletion, so its empty answer after means something.
    await expect(findAccountTraces(db(), [athlete.id, athlete.email])).resolves.toEqual(
      expect.arrayContaining([
        'activity_sources.athleteId',
        'audit_log.athleteId',
        'coach_links.athleteId',
        'deleted_provider_activities.athleteId',
        'deleted_runs.athleteId',
        'email_deliveries.athleteId',
        'email_deliveries.recipientId',
        'provider_connections.athleteId',
        'symptom_logs.athleteId',
      ]),
    );

    const exported = await http().get('/api/me/export').set(athlete.auth).expect(200);
    const data = exported.body as AccountExport;
    expect(data.connections).toEqual([
      {
        provider: 'strava',
        status: 'active',
        externalAthleteId: '1001',
        scopes: ['read', 'activity:read_all'],
        connectedAt: expect.any(String),
        updatedAt: expect.any(String),
        lastSyncAt: expect.any(String),
        activitiesImported: expect.any(Number),
        backfillFinishedAt: expect.any(String),
        lastError: null,
        lastErrorAt: null,
      } satisfies Record<keyof ExportedConnection, unknown>,
    ]);
    const sources = data.activitySources as unknown as ActivitySourceEntity[];
    expect(sources.filter((s) => s.source === 'strava')).toHaveLength(2);
    const merged = sources.find((s) => s.source === 'fit');
    expect(sources.filter((s) => s.activityId === merged?.activityId).map((s) => s.source)).toEqual(
      expect.arrayContaining(['fit', 'strava']),
    );
    expect(data.activities).toHaveLength(2);
    expect(data.deletedProviderActivities).toEqual([
      { source: 'strava', externalId: expect.any(String), deletedAt: expect.any(String) },
    ]);
    expect(data.deletedRuns).toEqual([
      {
        start: new Date(stravaOnly.startMs).toISOString(),
        movingTimeS: stravaOnly.movingTimeS,
        elapsedTimeS: stravaOnly.elapsedTimeS,
        deletedAt: expect.any(String),
      },
    ]);
    expect(data.emails).toEqual([
      expect.objectContaining({ kind: 'urgent-alert', status: 'sent', sentAt: expect.any(String) }),
    ]);
    const text = JSON.stringify(data);
    for (const secret of [
      ...stand.validRefreshTokens(1001),
      connection.accessTokenEnc as string,
      connection.refreshTokenEnc as string,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/tokenEnc|accessToken|refreshToken|passwordHash/i);

    await http().delete('/api/me').set(athlete.auth).expect(204);

    expect(stand.requests).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/oauth/deauthorize', status: 200 }),
    );
    expect(stand.validRefreshTokens(1001)).toEqual([]);
    await expect(findAccountTraces(db(), [athlete.id, athlete.email])).resolves.toEqual([]);
    await expect(db().getRepository(UserEntity).countBy({ id: coach.id })).resolves.toBe(1);
    // The coach's own urgent email about the athlete went with the athlete's data.
    await expect(db().getRepository(EmailDeliveryEntity).countBy({ recipientId: coach.id })).resolves.toBe(0);

    // The same Strava account can be connected to a new Loadwatch account: nothing holds it any more.
    const again = await registerUser(testApp.server);
    await expect(connectStrava(again, 1001)).resolves.toMatch(/\?connected=strava$/);
  });

  it('waits for a Strava that does not answer no longer than the time bound, then deletes', async () => {
    const { athlete } = await athleteWithEverything(2002);
    // Strava answers 20 s after the bound: a deletion that waited for it would take that long.
    stand.delayNext(/^\/oauth\/deauthorize$/, ACCOUNT_DELETION_HOOKS_TIMEOUT_MS + 20_000);

    const started = Date.now();
    await http().delete('/api/me').set(athlete.auth).expect(204);
    const elapsedMs = Date.now() - started;

    expect(elapsedMs).toBeGreaterThanOrEqual(ACCOUNT_DELETION_HOOKS_TIMEOUT_MS - 100);
    expect(elapsedMs).toBeLessThan(ACCOUNT_DELETION_HOOKS_TIMEOUT_MS + 15_000);
    await expect(findAccountTraces(db(), [athlete.id, athlete.email])).resolves.toEqual([]);
  });

  // Last: it stops the stand-in.
  it('deletes the account at once when Strava cannot be reached', async () => {
    const { athlete } = await athleteWithEverything(3003);
    await stand.stop();

    const started = Date.now();
    await http().delete('/api/me').set(athlete.auth).expect(204);

    expect(Date.now() - started).toBeLessThan(ACCOUNT_DELETION_HOOKS_TIMEOUT_MS);
    await expect(findAccountTraces(db(), [athlete.id, athlete.email])).resolves.toEqual([]);
    await http().get('/api/me').set(athlete.auth).expect(401);
  });
});
