import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { DRIVERS } from '@loadwatch/testing';
import {
  ActivityEntity,
  ActivityStreamEntity,
  AuditLogEntity,
  CoachLinkEntity,
  FindingEntity,
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

  /** An athlete with a row in every table, a coach on both sides of links, and an audit trail. */
  async function athleteWithEverything() {
    const athlete = await make.user({ email: `${Math.random().toString(36).slice(2)}@athlete.test` });
    const coach = await make.user({ role: 'coach' });
    const upload = await make.upload(athlete.id);
    const activity = await make.activity(athlete.id, { uploadId: upload.id });
    await make.stream(activity.id);
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
});
