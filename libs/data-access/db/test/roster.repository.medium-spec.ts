import type { DataSource } from 'typeorm';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import { DRIVERS } from '@loadwatch/testing';
import {
  ActivityEntity,
  CoachLinkEntity,
  FindingEntity,
  RosterRepository,
  SymptomLogEntity,
  UserEntity,
  WeeklyMetricEntity,
} from '../src';
import { openDatabase, rows } from './support/account-rows';

const LOAD_RULES = ['R01', 'R02'];

describe.each(DRIVERS)('RosterRepository on %s', (driver) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let roster: RosterRepository;
  let make: ReturnType<typeof rows>;

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(driver));
    roster = new RosterRepository(
      dataSource.getRepository(CoachLinkEntity),
      dataSource.getRepository(UserEntity),
      dataSource.getRepository(WeeklyMetricEntity),
      dataSource.getRepository(FindingEntity),
      dataSource.getRepository(SymptomLogEntity),
      dataSource.getRepository(ActivityEntity),
    );
    make = rows(dataSource);
  });
  afterAll(() => close?.());

  it('lists only athletes whose link is accepted', async () => {
    const coach = await make.user({ role: 'coach' });
    const linked = await make.user({ displayName: 'Ada', timeZone: 'Europe/Oslo', weekStart: 'sunday' });
    const revoked = await make.user();
    await make.link(coach.id, {
      athleteId: linked.id,
      inviteEmail: linked.email,
      status: 'accepted',
      healthAccess: true,
      acceptedAtMs: 5,
    });
    await make.link(coach.id, { athleteId: revoked.id, inviteEmail: revoked.email, status: 'revoked' });
    await make.link(coach.id);
    await expect(roster.findLinkedAthletes(coach.id)).resolves.toEqual([
      expect.objectContaining({
        athleteId: linked.id,
        displayName: 'Ada',
        timeZone: 'Europe/Oslo',
        weekStart: 'sunday',
        healthAccess: true,
        acceptedAtMs: 5,
      }),
    ]);
    await expect(roster.findLinkedAthletes(linked.id)).resolves.toEqual([]);
  });

  it('reads the asked weeks of many athletes at once', async () => {
    const [a, b] = [await make.user(), await make.user()];
    await make.week(a.id, '2026-11-16', { distanceM: 42000, ramp: 0.25, speedShare: 0.1 });
    await make.week(a.id, '2026-11-09');
    await make.week(b.id, '2026-11-15');
    const weeks = await roster.findWeeks([a.id, b.id], ['2026-11-16', '2026-11-15']);
    expect(weeks.sort((x, y) => x.weekStart.localeCompare(y.weekStart))).toEqual([
      expect.objectContaining({ athleteId: b.id, weekStart: '2026-11-15' }),
      expect.objectContaining({ athleteId: a.id, weekStart: '2026-11-16', distanceM: 42000, ramp: 0.25 }),
    ]);
    await expect(roster.findWeeks([], ['2026-11-16'])).resolves.toEqual([]);
  });

  it('reads the weeks as a coach sees them: the stored coach view where there is one', async () => {
    const [a, b, c] = [await make.user(), await make.user(), await make.user()];
    const coachWeek = { weekStart: '2026-11-16', runs: 2, distanceM: 20000, ramp: 0.05, speedShare: 0 };
    await make.week(a.id, '2026-11-16', {
      distanceM: 42000,
      coachView: { week: { ...coachWeek, coverage: 1, complete: false } as WeekMetrics },
    });
    await make.week(b.id, '2026-11-16', { coachView: { week: null } });
    await make.week(c.id, '2026-11-16', { distanceM: 31000, coachView: { same: true } });
    const weeks = await roster.findWeeks([a.id, b.id, c.id], ['2026-11-16']);
    expect(weeks.sort((x, y) => x.distanceM - y.distanceM)).toEqual([
      { athleteId: a.id, ...coachWeek, coverage: 1, complete: false },
      expect.objectContaining({ athleteId: c.id, weekStart: '2026-11-16', distanceM: 31000 }),
    ]);
  });

  it('counts open findings per severity, all rules only where allowed', async () => {
    const [granted, loadOnly] = [await make.user(), await make.user()];
    for (const athlete of [granted, loadOnly]) {
      await make.finding(athlete.id, { rule: 'R01', severity: 'caution' });
      await make.finding(athlete.id, { rule: 'R02', severity: 'caution' });
      await make.finding(athlete.id, { rule: 'R12', severity: 'urgent' });
      await make.finding(athlete.id, { rule: 'R02', severity: 'warning', status: 'retracted' });
    }
    const counts = await roster.countOpenFindings([granted.id, loadOnly.id], [granted.id], LOAD_RULES);
    expect(
      counts.sort((x, y) => `${x.athleteId}${x.severity}`.localeCompare(`${y.athleteId}${y.severity}`)),
    ).toEqual(
      [
        { athleteId: granted.id, severity: 'caution', count: 2 },
        { athleteId: granted.id, severity: 'urgent', count: 1 },
        { athleteId: loadOnly.id, severity: 'caution', count: 2 },
      ].sort((x, y) => `${x.athleteId}${x.severity}`.localeCompare(`${y.athleteId}${y.severity}`)),
    );
    await expect(roster.countOpenFindings([loadOnly.id], [], LOAD_RULES)).resolves.toEqual([
      { athleteId: loadOnly.id, severity: 'caution', count: 2 },
    ]);
  });

  it('finds the last back-pain date: low back or sacrum, severity 1 or more', async () => {
    const athlete = await make.user();
    await make.symptom(athlete.id, { date: '2026-11-10', region: 'low_back', severity: 2 });
    await make.symptom(athlete.id, { date: '2026-11-12', region: 'sacrum_buttock', severity: 1 });
    await make.symptom(athlete.id, { date: '2026-11-14', region: 'low_back', severity: 0 });
    await make.symptom(athlete.id, { date: '2026-11-15', region: 'hip', severity: 5 });
    const none = await make.user();
    const dates = await roster.findLastBackPainDates([athlete.id, none.id]);
    expect([...dates]).toEqual([[athlete.id, '2026-11-12']]);
  });

  it('finds the latest activity start, leaving out the given sources', async () => {
    const athlete = await make.user();
    await make.activity(athlete.id, { startMs: 1_700_000_000_000, source: 'fit' });
    await make.activity(athlete.id, { startMs: 1_800_000_000_000, source: 'strava' });
    const starts = await roster.findLatestActivityStarts([athlete.id], ['strava']);
    expect(starts.get(athlete.id)).toBe(1_700_000_000_000);
    const all = await roster.findLatestActivityStarts([athlete.id], []);
    expect(all.get(athlete.id)).toBe(1_800_000_000_000);
  });
});
