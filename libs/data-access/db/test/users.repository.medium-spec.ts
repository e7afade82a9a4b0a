import { randomUUID } from 'node:crypto';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { DRIVERS, findAccountTraces } from '@loadwatch/testing';
import {
  ActivityEntity,
  ActivitySourceEntity,
  ActivityStreamEntity,
  AuditLogEntity,
  CoachLinkEntity,
  DeletedProviderActivityEntity,
  DeletedRunEntity,
  EmailDeliveryEntity,
  FindingEntity,
  InvitationSendEntity,
  ProviderConnectionEntity,
  RiskProfileVersionEntity,
  SessionEntity,
  SymptomLogEntity,
  UploadEntity,
  UserEntity,
  UsersRepository,
  WeeklyMetricEntity,
} from '../src';
import { openDatabase, rows } from './support/account-rows';

describe.each(DRIVERS)('UsersRepository on %s', (driver) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let users: UsersRepository;
  let make: ReturnType<typeof rows>;

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(driver));
    users = new UsersRepository(dataSource.getRepository(UserEntity));
    make = rows(dataSource);
  });
  afterAll(() => close?.());

  const count = (entity: EntityTarget<ObjectLiteral>, where: Record<string, string>) =>
    dataSource.getRepository(entity).countBy(where);

  /**
   * An athlete with a row in every table (a run merged from a FIT file and Strava, a Strava run they deleted,
   * a Strava connection, emails to the athlete and about them to the coach), a coach on both sides of links,
   * and an audit trail.
   */
  async function athleteWithEverything() {
    const athlete = await make.user({ email: `${Math.random().toString(36).slice(2)}@athlete.test` });
    const coach = await make.user({ role: 'coach' });
    const upload = await make.upload(athlete.id);
    const activity = await make.activity(athlete.id, { uploadId: upload.id });
    await make.stream(activity.id);
    await make.source(athlete.id, activity.id, {
      source: 'fit',
      sourceKey: activity.sourceKey,
      uploadId: upload.id,
    });
    await make.source(athlete.id, activity.id);
    await make.tombstone(athlete.id);
    await make.deletedRun(athlete.id);
    await make.connection(athlete.id);
    await make.email(athlete.id, athlete.id);
    await make.email(coach.id, athlete.id, {
      kind: 'warning-alert',
      naturalKey: `alert:${randomUUID()}:warning:${coach.id}`,
      capKey: `warning-cap:${coach.id}:${athlete.id}:2026-11-21`,
    });
    await make.week(athlete.id, '2026-11-16');
    await make.symptom(athlete.id);
    await make.profile(athlete.id);
    await make.finding(athlete.id);
    await make.audit(coach.id, athlete.id);
    await make.session(athlete.id);
    await make.link(coach.id, { athleteId: athlete.id, inviteEmail: athlete.email, status: 'accepted' });
    await make.link(athlete.id);
    return { athlete, coach, activity };
  }

  it('creates an account with default settings and finds it by email whatever its case', async () => {
    const created = await users.create({
      email: 'Runner@Example.TEST',
      passwordHash: 'h',
      role: 'athlete',
      displayName: 'Runner',
    });
    expect(created).toMatchObject({
      email: 'runner@example.test',
      timeZone: 'UTC',
      weekStart: 'monday',
      units: 'km',
    });
    await expect(users.findByEmail('RUNNER@example.test')).resolves.toMatchObject({ id: created?.id });
    await expect(users.findById(created?.id ?? '')).resolves.toMatchObject({ displayName: 'Runner' });
    const other = await make.user();
    const found = await users.findByIds([other.id, created?.id ?? '', other.id]);
    expect(found.map((u) => u.id).sort()).toEqual([other.id, created?.id].sort());
    await expect(users.findByIds([])).resolves.toEqual([]);
  });

  it('refuses a second account with the same email', async () => {
    await users.create({
      email: 'twice@example.test',
      passwordHash: 'h',
      role: 'athlete',
      displayName: null,
    });
    await expect(
      users.create({ email: 'TWICE@example.test', passwordHash: 'h', role: 'coach', displayName: null }),
    ).resolves.toBeNull();
  });

  it('updates settings and says when the account is gone', async () => {
    const user = await make.user();
    const updated = await users.updateSettings(
      user.id,
      {
        timeZone: 'Europe/Oslo',
        thresholdPaceSPerKm: 245,
        returnToRun: { startDate: '2026-12-01', weeklyPlanM: [5000, 8000] },
      },
      user.createdAtMs + 1000,
    );
    expect(updated).toMatchObject({
      timeZone: 'Europe/Oslo',
      thresholdPaceSPerKm: 245,
      returnToRun: { startDate: '2026-12-01', weeklyPlanM: [5000, 8000] },
      updatedAtMs: user.createdAtMs + 1000,
    });
    await expect(
      users.updateSettings('00000000-0000-4000-8000-000000000000', { units: 'mi' }),
    ).resolves.toBeNull();
  });

  it('reads every row of an account for the export', async () => {
    const { athlete, coach, activity } = await athleteWithEverything();
    const data = await users.findAccountData(athlete.id);
    expect(data?.user.id).toBe(athlete.id);
    expect(data?.uploads).toHaveLength(1);
    expect(data?.activities.map((a) => a.id)).toEqual([activity.id]);
    expect(data?.activityStreams.map((s) => s.activityId)).toEqual([activity.id]);
    expect(data?.weeklyMetrics).toHaveLength(1);
    expect(data?.symptomLogs).toHaveLength(1);
    expect(data?.riskProfileVersions).toHaveLength(1);
    expect(data?.findings).toHaveLength(1);
    expect(data?.coachLinks).toHaveLength(2);
    expect(data?.auditLog).toEqual([expect.objectContaining({ actorId: coach.id, athleteId: athlete.id })]);
    expect(data?.activitySources.map((s) => [s.activityId, s.source])).toEqual([
      [activity.id, 'fit'],
      [activity.id, 'strava'],
    ]);
    expect(data?.providerConnections).toEqual([
      expect.objectContaining({ athleteId: athlete.id, provider: 'strava', status: 'active' }),
    ]);
    // Emails to the athlete only: the coach's alert about the athlete is the coach's.
    expect(data?.emailDeliveries).toEqual([expect.objectContaining({ recipientId: athlete.id })]);
    expect(data?.deletedProviderActivities).toEqual([expect.objectContaining({ athleteId: athlete.id })]);
    expect(data?.deletedRuns).toEqual([expect.objectContaining({ athleteId: athlete.id })]);
    await expect(users.findAccountData(coach.id)).resolves.toMatchObject({ coachLinks: [expect.anything()] });
    await expect(users.findAccountData('00000000-0000-4000-8000-000000000000')).resolves.toBeNull();
  });

  it("deletes an account with all its data in one go, and nobody else's", async () => {
    const { athlete, coach, activity } = await athleteWithEverything();
    const other = await athleteWithEverything();
    const otherCoach = await make.user({ role: 'coach' });
    const pending = await make.link(otherCoach.id, { inviteEmail: athlete.email });

    await expect(users.deleteWithAllData(athlete.id)).resolves.toBe(true);

    const byAthlete = { athleteId: athlete.id };
    for (const entity of [
      UploadEntity,
      ActivityEntity,
      DeletedProviderActivityEntity,
      DeletedRunEntity,
      WeeklyMetricEntity,
      SymptomLogEntity,
      RiskProfileVersionEntity,
      FindingEntity,
      AuditLogEntity,
      CoachLinkEntity,
    ]) {
      await expect(count(entity, byAthlete)).resolves.toBe(0);
    }
    await expect(count(ActivityStreamEntity, { activityId: activity.id })).resolves.toBe(0);
    await expect(count(SessionEntity, { userId: athlete.id })).resolves.toBe(0);
    await expect(count(CoachLinkEntity, { coachId: athlete.id })).resolves.toBe(0);
    await expect(count(CoachLinkEntity, { id: pending.id })).resolves.toBe(0);
    await expect(count(UserEntity, { id: athlete.id })).resolves.toBe(0);

    await expect(count(UserEntity, { id: coach.id })).resolves.toBe(1);
    const kept = await users.findAccountData(other.athlete.id);
    expect(kept?.activityStreams).toHaveLength(1);
    expect(kept?.findings).toHaveLength(1);
    expect(kept?.coachLinks).toHaveLength(2);
    await expect(users.deleteWithAllData(athlete.id)).resolves.toBe(false);
  });

  it('leaves nothing anywhere that names a deleted athlete: every column of every table is searched', async () => {
    const { athlete } = await athleteWithEverything();
    const other = await athleteWithEverything();
    const needles = [athlete.id, athlete.email];
    // The search finds what is there: the new tables of provider connections and provenance included.
    await expect(findAccountTraces(dataSource, needles)).resolves.toEqual(
      expect.arrayContaining([
        'activity_sources.athleteId',
        'coach_links.athleteId',
        'coach_links.inviteEmail',
        'deleted_provider_activities.athleteId',
        'email_deliveries.athleteId',
        'email_deliveries.capKey',
        'email_deliveries.naturalKey',
        'email_deliveries.recipientId',
        'provider_connections.athleteId',
        'users.email',
        'users.id',
      ]),
    );

    await expect(users.deleteWithAllData(athlete.id)).resolves.toBe(true);

    await expect(findAccountTraces(dataSource, needles)).resolves.toEqual([]);
    await expect(count(ActivitySourceEntity, { athleteId: other.athlete.id })).resolves.toBe(2);
    await expect(count(ProviderConnectionEntity, { athleteId: other.athlete.id })).resolves.toBe(1);
    await expect(count(DeletedProviderActivityEntity, { athleteId: other.athlete.id })).resolves.toBe(1);
    await expect(count(EmailDeliveryEntity, { athleteId: other.athlete.id })).resolves.toBe(2);
  });

  it("keeps a deleted coach's reads in the athlete's audit trail under a stand-in id, and nothing else of the coach", async () => {
    const { athlete, coach } = await athleteWithEverything();
    await make.audit(coach.id, athlete.id);
    const otherCoach = await make.user({ role: 'coach' });
    await make.audit(otherCoach.id, athlete.id);
    // The invitation throttle's day of sends names the coach.
    await dataSource.getRepository(InvitationSendEntity).insert({
      id: randomUUID(),
      coachId: coach.id,
      recipientHash: 'a'.repeat(64),
      sentAtMs: Date.now(),
    });
    await expect(findAccountTraces(dataSource, [coach.id])).resolves.toContain('invitation_sends.coachId');

    await expect(users.deleteWithAllData(coach.id)).resolves.toBe(true);

    await expect(findAccountTraces(dataSource, [coach.id, coach.email])).resolves.toEqual([]);
    const reads = await dataSource.getRepository(AuditLogEntity).findBy({ athleteId: athlete.id });
    expect(reads).toHaveLength(3);
    const standIns = new Set(reads.filter((r) => r.actorId !== otherCoach.id).map((r) => r.actorId));
    // One stand-in for both reads of the deleted coach: the athlete still sees one reader twice.
    expect(standIns.size).toBe(1);
    await expect(count(UserEntity, { id: [...standIns][0] })).resolves.toBe(0);
    await expect(count(EmailDeliveryEntity, { athleteId: athlete.id })).resolves.toBe(1);
    await expect(count(ProviderConnectionEntity, { athleteId: athlete.id })).resolves.toBe(1);
  });
});
