import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ActivityEntity,
  AuditLogEntity,
  FindingEntity,
  SymptomLogEntity,
  WeeklyMetricEntity,
} from '@loadwatch/data-access/db';
import type { CoachLinkView, RosterAthlete, RosterResponse } from '@loadwatch/shared/contracts';
import { DRIVERS } from '@loadwatch/testing';
import { currentWeekStartOf } from './support/roster-week';
import { registerUser, startTestApp, type TestApp, type TestUser } from './support/test-app';

describe.each(DRIVERS)('coach links and the roster on %s', (driver) => {
  let testApp: TestApp;
  let coach: TestUser;
  let athlete: TestUser;
  const http = () => request(testApp.server);

  beforeAll(async () => {
    testApp = await startTestApp(driver);
    coach = await registerUser(testApp.server, 'coach', 'Coach');
    athlete = await registerUser(testApp.server, 'athlete', 'Ada');
  });
  afterAll(() => testApp?.close());

  const roster = async (): Promise<RosterAthlete[]> =>
    ((await http().get('/api/coach/athletes').set(coach.auth).expect(200)).body as RosterResponse).athletes;

  /** Load and health data of this week, written as the other features would. */
  async function seedTrainingData(): Promise<{ latestStart: number }> {
    const dataSource = testApp.app.get(DataSource);
    const now = Date.now();
    const weekStart = currentWeekStartOf('UTC', 'monday', now);
    await dataSource.getRepository(WeeklyMetricEntity).insert({
      athleteId: athlete.id,
      weekStart,
      runs: 3,
      distanceM: 32000,
      ramp: 0.35,
      ramp4: null,
      speedShare: 0.12,
      coverage: 1,
      speedMethod: 'setting',
      complete: false,
      metrics: { weekStart } as WeeklyMetricEntity['metrics'],
      computedAtMs: now,
    });
    const finding = (rule: string, severity: string): FindingEntity =>
      Object.assign(new FindingEntity(), {
        id: randomUUID(),
        athleteId: athlete.id,
        rule,
        severity,
        anchorKind: 'week',
        anchorId: `${rule}-${weekStart}`,
        anchorDate: weekStart,
        date: weekStart,
        relation: null,
        message: 'x',
        evidence: { activityIds: [], logIds: [] },
        source: 'x',
        status: 'open',
        retractedReason: null,
        acknowledgedAtMs: null,
        createdAtMs: now,
        updatedAtMs: now,
      });
    await dataSource.manager.save([finding('R03', 'caution'), finding('R12', 'urgent')]);
    await dataSource.getRepository(SymptomLogEntity).insert({
      id: randomUUID(),
      athleteId: athlete.id,
      date: weekStart,
      region: 'low_back',
      side: 'central',
      severity: 3,
      when: 'after_run',
      aggravators: [],
      neurological: [],
      systemic: [],
      canWalkNormally: true,
      notes: null,
      createdAtMs: now,
      updatedAtMs: now,
    });
    const latestStart = now - 86_400_000;
    await dataSource
      .getRepository(ActivityEntity)
      .insert(activity(athlete.id, weekStart, 'fit', latestStart));
    return { latestStart };
  }

  const activity = (
    athleteId: string,
    localDate: string,
    source: 'fit' | 'strava',
    startMs: number,
  ): ActivityEntity => ({
    id: randomUUID(),
    athleteId,
    sourceKey: `${source}:${randomUUID()}`,
    source,
    uploadId: null,
    sport: 'running',
    subSport: null,
    sportClass: 'running',
    startMs,
    utcOffsetS: 0,
    localDate,
    distanceM: 10000,
    movingTimeS: 3000,
    elapsedTimeS: 3000,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: null,
    avgCadenceSpm: null,
    laps: [],
    device: null,
    recordCount: 0,
    createdAtMs: startMs,
    updatedAtMs: startMs,
  });

  it('goes from invitation to roster to grant to revocation', async () => {
    const invitation = await http()
      .post('/api/coach/invitations')
      .set(coach.auth)
      .send({ email: athlete.email.toUpperCase() })
      .expect(201);
    expect(invitation.body.acceptUrl).toBe(`http://localhost:3000/invite/${invitation.body.token}`);
    expect(invitation.body.link).toMatchObject({
      status: 'invited',
      inviteEmail: athlete.email,
      athleteId: null,
    });
    expect(await roster()).toEqual([]);
    const preview = await http().get(`/api/invitations/${invitation.body.token}`).expect(200);
    expect(preview.body).toMatchObject({
      coach: { displayName: 'Coach', email: coach.email },
      inviteEmail: athlete.email,
      status: 'invited',
    });

    const accepted = await http()
      .post(`/api/invitations/${invitation.body.token}/accept`)
      .set(athlete.auth)
      .expect(200);
    const link = accepted.body as CoachLinkView;
    expect(link).toMatchObject({ status: 'accepted', athleteId: athlete.id, healthAccess: false });
    await http().post('/api/coach/invitations').set(coach.auth).send({ email: athlete.email }).expect(409);
    const links = await http().get('/api/coach-links').set(athlete.auth).expect(200);
    expect(links.body).toEqual([
      expect.objectContaining({
        id: link.id,
        coach: { id: coach.id, displayName: 'Coach', email: coach.email },
        athlete: { id: athlete.id, displayName: 'Ada', email: athlete.email },
      }),
    ]);

    const { latestStart } = await seedTrainingData();
    const loadOnly = await roster();
    expect(loadOnly).toEqual([
      expect.objectContaining({
        athleteId: athlete.id,
        displayName: 'Ada',
        healthAccess: false,
        weekDistanceM: 32000,
        weekRuns: 3,
        ramp: 0.35,
        speedShare: 0.12,
        highestOpenSeverity: 'caution',
        openFindings: 1,
        lastBackPainDate: null,
        latestActivityStart: new Date(latestStart).toISOString(),
      }),
    ]);
    const audit = testApp.app.get(DataSource).getRepository(AuditLogEntity);
    await expect(audit.countBy({ athleteId: athlete.id })).resolves.toBe(0);

    await http()
      .patch(`/api/coach-links/${link.id}`)
      .set(athlete.auth)
      .send({ healthAccess: true })
      .expect(200);
    const granted = await roster();
    expect(granted[0]).toMatchObject({
      healthAccess: true,
      highestOpenSeverity: 'urgent',
      openFindings: 2,
      lastBackPainDate: currentWeekStartOf('UTC', 'monday', Date.now()),
    });
    await expect(audit.findBy({ athleteId: athlete.id })).resolves.toEqual([
      expect.objectContaining({ actorId: coach.id, action: 'read:roster' }),
    ]);

    await http()
      .patch(`/api/coach-links/${link.id}`)
      .set(athlete.auth)
      .send({ healthAccess: false })
      .expect(200);
    expect((await roster())[0]).toMatchObject({ highestOpenSeverity: 'caution', lastBackPainDate: null });

    await http()
      .patch(`/api/coach-links/${link.id}`)
      .set(athlete.auth)
      .send({ healthAccess: true })
      .expect(200);
    await http()
      .delete(`/api/coach-links/${link.id}`)
      .set(athlete.auth)
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ status: 'revoked', healthAccess: false }));
    expect(await roster()).toEqual([]);
    await http().get(`/api/athletes/${athlete.id}/weeks`).set(coach.auth).expect(404);
    await http()
      .patch(`/api/coach-links/${link.id}`)
      .set(athlete.auth)
      .send({ healthAccess: true })
      .expect(409);
    await http().post(`/api/invitations/${invitation.body.token}/accept`).set(athlete.auth).expect(410);
  });

  it('shows a coach the week without runs that came only from Strava (rules.md §7)', async () => {
    const bo = await registerUser(testApp.server, 'athlete', 'Bo');
    const invitation = await http()
      .post('/api/coach/invitations')
      .set(coach.auth)
      .send({ email: bo.email })
      .expect(201);
    await http().post(`/api/invitations/${invitation.body.token}/accept`).set(bo.auth).expect(200);
    const now = Date.now();
    const weekStart = currentWeekStartOf('UTC', 'monday', now);
    const dataSource = testApp.app.get(DataSource);
    // The athlete's own week holds both runs; the Strava one is the latest. The coach's view of the week, as
    // recompute-load stores it, holds the FIT run alone.
    await dataSource.getRepository(WeeklyMetricEntity).insert({
      athleteId: bo.id,
      weekStart,
      runs: 2,
      distanceM: 20000,
      ramp: null,
      ramp4: null,
      speedShare: null,
      coverage: 0,
      speedMethod: 'setting',
      complete: false,
      metrics: { weekStart } as WeeklyMetricEntity['metrics'],
      coachView: { week: { weekStart, runs: 1, distanceM: 10000 } as WeeklyMetricEntity['metrics'] },
      computedAtMs: now,
    });
    // Both runs in this week so far (on a Monday at 00:30 "a day ago" would be last week), the Strava one later.
    const weekStartMs = Date.parse(`${weekStart}T00:00:00Z`);
    const fitStart = weekStartMs + Math.floor((now - weekStartMs) / 3);
    const stravaStart = weekStartMs + Math.floor(((now - weekStartMs) * 2) / 3);
    await dataSource
      .getRepository(ActivityEntity)
      .insert([
        activity(bo.id, weekStart, 'fit', fitStart),
        activity(bo.id, weekStart, 'strava', stravaStart),
      ]);

    expect(await roster()).toEqual([
      expect.objectContaining({
        athleteId: bo.id,
        weekDistanceM: 10000,
        weekRuns: 1,
        latestActivityStart: new Date(fitStart).toISOString(),
      }),
    ]);
  });

  it('refuses bad invitations and bad link ids with a 400 naming the field', async () => {
    const badEmail = await http()
      .post('/api/coach/invitations')
      .set(coach.auth)
      .send({ email: 'nope' })
      .expect(400);
    expect(badEmail.body.fields).toEqual(['email']);
    const self = await http()
      .post('/api/coach/invitations')
      .set(coach.auth)
      .send({ email: coach.email })
      .expect(400);
    expect(self.body.message).toMatch(/email: you cannot invite yourself/);
    const badId = await http()
      .patch('/api/coach-links/42')
      .set(athlete.auth)
      .send({ healthAccess: true })
      .expect(400);
    expect(badId.body.fields).toEqual(['id']);
    const badBody = await http()
      .patch(`/api/coach-links/${randomUUID()}`)
      .set(athlete.auth)
      .send({ healthAccess: 'yes' })
      .expect(400);
    expect(badBody.body.message).toEqual(['healthAccess must be true or false']);
    const badToken = await http().post('/api/invitations/short/accept').set(athlete.auth).expect(400);
    expect(badToken.body.fields).toEqual(['token']);
    await http()
      .post(`/api/invitations/${'A'.repeat(43)}/accept`)
      .set(athlete.auth)
      .expect(404);
  });
});
