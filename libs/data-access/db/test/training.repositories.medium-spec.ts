import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Finding } from '@loadwatch/domain/rules';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import { createTestDatabase, DRIVERS, type TestDatabase } from '@loadwatch/testing';
import {
  ActivitiesRepository,
  ActivityEntity,
  ActivityStreamEntity,
  dataSourceOptions,
  FindingEntity,
  FindingsRepository,
  RiskProfilesRepository,
  RiskProfileVersionEntity,
  SymptomLogConflictError,
  SymptomLogEntity,
  SymptomLogsRepository,
  UploadEntity,
  UploadsRepository,
  WeeklyMetricEntity,
  WeeklyMetricsRepository,
  coachWeekOf,
  hasCoachView,
  type ActivityUpsert,
  type SymptomLogValues,
} from '../src';

const NOW = Date.UTC(2026, 9, 25, 12);
const sha = (n: number) => n.toString(16).padStart(64, '0');

function activityUpsert(
  athleteId: string,
  sourceKey: string,
  over: Partial<ActivityUpsert> = {},
): ActivityUpsert {
  return {
    athleteId,
    sourceKey,
    source: 'fit',
    uploadId: null,
    sport: 'running',
    subSport: null,
    sportClass: 'running',
    startMs: Date.UTC(2026, 9, 18, 6),
    utcOffsetS: 3600,
    localDate: '2026-10-18',
    distanceM: 20000,
    movingTimeS: 6000,
    elapsedTimeS: 6100,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: null,
    avgCadenceSpm: null,
    laps: [
      {
        startMs: Date.UTC(2026, 9, 18, 6),
        timerTimeS: 6000,
        elapsedTimeS: 6100,
        distanceM: 20000,
        avgSpeedMps: 3.33,
        intensity: 'active',
      },
    ],
    device: { manufacturer: 'development', product: null },
    recordCount: 2,
    stream: {
      timeS: [0, 1],
      distanceM: [0, 3.3],
      speedMps: [3.3, 3.3],
      altitudeM: [],
      heartRateBpm: [],
      cadenceSpm: [],
    },
    ...over,
  };
}

function week(weekStart: string, distanceM: number): WeekMetrics {
  return {
    weekStart,
    distanceM,
    runs: 3,
    ramp: null,
    ramp4: 0.25,
    speedShare: 0.071,
    coverage: 1,
    speedMethod: 'setting',
    complete: true,
  } as WeekMetrics;
}

function finding(
  athleteId: string,
  rule: Finding['rule'],
  anchorId: string,
  over: Partial<Finding> = {},
): Finding {
  return {
    id: `${athleteId}:${rule}:run:${anchorId}`,
    rule,
    severity: 'caution',
    athleteId,
    anchor: { kind: 'run', id: anchorId, date: '2026-10-18' },
    date: '2026-10-18',
    message: 'A run longer than the longest of the last 30 days.',
    evidence: { activityIds: [anchorId], logIds: [], spike: 1.429 },
    source: 'Nielsen 2014',
    ...over,
  };
}

const log = (over: Partial<SymptomLogValues> = {}): SymptomLogValues => ({
  date: '2026-10-21',
  region: 'low_back',
  side: 'central',
  severity: 5,
  when: 'after_run',
  aggravators: [],
  neurological: [],
  systemic: [],
  canWalkNormally: true,
  notes: null,
  ...over,
});

describe.each(DRIVERS)('training repositories on %s', (driver) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    dataSource = new DataSource(dataSourceOptions(database.db));
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  describe('UploadsRepository', () => {
    let uploads: UploadsRepository;
    beforeAll(() => (uploads = new UploadsRepository(dataSource.getRepository(UploadEntity))));

    it('inserts an upload once per athlete and content, returning the stored row to the second caller', async () => {
      const athleteId = randomUUID();
      const input = { athleteId, fileName: 'run.fit', sha256: sha(1), sizeBytes: 100, createdAtMs: NOW };
      const first = await uploads.insertIfAbsent(input);
      const again = await uploads.insertIfAbsent({ ...input, fileName: 'copy.fit' });
      const other = await uploads.insertIfAbsent({ ...input, athleteId: randomUUID() });
      expect(first.created).toBe(true);
      expect(first.upload).toMatchObject({
        status: 'received',
        fileName: 'run.fit',
        activityCount: 0,
        reason: null,
      });
      expect(again).toEqual({ upload: first.upload, created: false });
      expect(other.created).toBe(true);
      expect(await dataSource.getRepository(UploadEntity).countBy({ athleteId })).toBe(1);
    });

    it('survives two requests racing with the same file', async () => {
      const athleteId = randomUUID();
      const input = { athleteId, fileName: 'run.fit', sha256: sha(2), sizeBytes: 100, createdAtMs: NOW };
      const results = await Promise.all([uploads.insertIfAbsent(input), uploads.insertIfAbsent(input)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.upload.id)).size).toBe(1);
    });

    it('moves through its statuses, and finds the received ones oldest first for the reconciler', async () => {
      const athleteId = randomUUID();
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { upload } = await uploads.insertIfAbsent({
          athleteId,
          fileName: `${i}.fit`,
          sha256: sha(100 + i),
          sizeBytes: 10,
          createdAtMs: NOW + i,
        });
        ids.push(upload.id);
      }
      await uploads.markProcessing(ids[0]);
      await uploads.markProcessed(ids[0], 2, NOW + 10, 'skipped a settings file');
      await uploads.markRejected(ids[1], 'file CRC mismatch', NOW + 11);
      expect(await uploads.findOwned(athleteId, ids[0])).toMatchObject({
        status: 'processed',
        activityCount: 2,
        reason: 'skipped a settings file',
        processedAtMs: NOW + 10,
      });
      expect(await uploads.findOwned(athleteId, ids[1])).toMatchObject({
        status: 'rejected',
        reason: 'file CRC mismatch',
      });
      expect(await uploads.findOwned(randomUUID(), ids[1])).toBeNull();
      const received = (await uploads.findReceived({ limit: 1000 })).filter((u) => u.athleteId === athleteId);
      expect(received.map((u) => u.id)).toEqual([ids[2], ids[3]]);
      expect(
        (await uploads.findReceived({ createdBeforeMs: NOW + 2, limit: 1000 })).map((u) => u.id),
      ).toContain(ids[2]);
      expect(
        (await uploads.findReceived({ createdBeforeMs: NOW + 2, limit: 1000 })).map((u) => u.id),
      ).not.toContain(ids[3]);
      const page = await uploads.listByAthlete(athleteId, { limit: 3, offset: 0 });
      expect(page.total).toBe(4);
      expect(page.items.map((u) => u.fileName)).toEqual(['3.fit', '2.fit', '1.fit']);
    });
  });

  describe('ActivitiesRepository', () => {
    let activities: ActivitiesRepository;
    beforeAll(() => (activities = new ActivitiesRepository(dataSource.getRepository(ActivityEntity))));

    it('upserts by natural key with the stream: storing the same file again changes nothing but the values', async () => {
      const athleteId = randomUUID();
      const [id] = await activities.upsertMany([activityUpsert(athleteId, 'fit:a:0')], NOW);
      const [again] = await activities.upsertMany(
        [activityUpsert(athleteId, 'fit:a:0', { distanceM: 20001 })],
        NOW + 5,
      );
      expect(again).toBe(id);
      expect(await dataSource.getRepository(ActivityEntity).countBy({ athleteId })).toBe(1);
      const stored = await activities.findOwned(athleteId, id);
      expect(stored).toMatchObject({
        distanceM: 20001,
        createdAtMs: NOW,
        updatedAtMs: NOW + 5,
        localDate: '2026-10-18',
      });
      expect(stored?.laps[0].avgSpeedMps).toBe(3.33);
      expect(await activities.findStream(id)).toMatchObject({ timeS: [0, 1] });
      await activities.upsertMany([activityUpsert(athleteId, 'fit:a:0', { distanceM: 20001 })], NOW + 9);
      expect(await activities.findOwned(athleteId, id)).toMatchObject({ updatedAtMs: NOW + 5 });
    });

    it('writes an activity and its stream in one transaction', async () => {
      const athleteId = randomUUID();
      const broken = activityUpsert(athleteId, 'fit:b:1', { sport: null as unknown as string });
      const streamsBefore = await dataSource.getRepository(ActivityStreamEntity).count();
      await expect(
        activities.upsertMany([activityUpsert(athleteId, 'fit:b:0'), broken], NOW),
      ).rejects.toThrow();
      expect(await dataSource.getRepository(ActivityEntity).countBy({ athleteId })).toBe(0);
      expect(await dataSource.getRepository(ActivityStreamEntity).count()).toBe(streamsBefore);
    });

    it('lists newest first without laps, hides sources, and loads streams for runs only', async () => {
      const athleteId = randomUUID();
      const [run, ride, strava] = await activities.upsertMany(
        [
          activityUpsert(athleteId, 'fit:c:0', { startMs: NOW - 3000 }),
          activityUpsert(athleteId, 'fit:c:1', {
            startMs: NOW - 2000,
            sport: 'cycling',
            sportClass: 'cross-training',
          }),
          activityUpsert(athleteId, 'strava:1', { startMs: NOW - 1000, source: 'strava' }),
        ],
        NOW,
      );
      const page = await activities.listByAthlete(athleteId, { limit: 10, offset: 0 });
      expect(page.items.map((a) => a.id)).toEqual([strava, ride, run]);
      expect(page.items[0].laps).toBeUndefined();
      const coachPage = await activities.listByAthlete(athleteId, {
        limit: 10,
        offset: 0,
        excludeSources: ['strava'],
      });
      expect(coachPage).toMatchObject({ total: 2 });
      const forLoad = await activities.findAllForLoad(athleteId);
      expect(forLoad.map(({ activity, stream }) => [activity.id, stream !== null])).toEqual([
        [run, true],
        [ride, false],
        [strava, true],
      ]);
    });

    it('deletes an activity with its stream, for its owner only', async () => {
      const athleteId = randomUUID();
      const [id] = await activities.upsertMany([activityUpsert(athleteId, 'fit:d:0')], NOW);
      expect(await activities.deleteOwned(randomUUID(), id, NOW)).toBe(false);
      expect(await activities.deleteOwned(athleteId, id, NOW)).toBe(true);
      expect(await activities.deleteOwned(athleteId, id, NOW)).toBe(false);
      expect(await dataSource.getRepository(ActivityStreamEntity).countBy({ activityId: id })).toBe(0);
    });
  });

  describe('WeeklyMetricsRepository', () => {
    let weeks: WeeklyMetricsRepository;
    beforeAll(() => (weeks = new WeeklyMetricsRepository(dataSource.getRepository(WeeklyMetricEntity))));

    it('replaces an athlete’s weeks: writes the changed ones, keeps the rest, deletes those gone', async () => {
      const athleteId = randomUUID();
      const first = [week('2026-09-28', 30000), week('2026-10-05', 32000), week('2026-10-12', 42000)];
      expect(await weeks.replaceForAthlete(athleteId, first, NOW)).toEqual({
        written: 3,
        deleted: 0,
        unchanged: 0,
      });
      expect(await weeks.replaceForAthlete(athleteId, first, NOW + 1)).toEqual({
        written: 0,
        deleted: 0,
        unchanged: 3,
      });
      const second = [week('2026-10-05', 32000), week('2026-10-12', 22000)];
      expect(await weeks.replaceForAthlete(athleteId, second, NOW + 2)).toEqual({
        written: 1,
        deleted: 1,
        unchanged: 1,
      });
      const stored = await weeks.findRange(athleteId);
      expect(stored.map((w) => [w.weekStart, w.distanceM, w.computedAtMs])).toEqual([
        ['2026-10-05', 32000, NOW],
        ['2026-10-12', 22000, NOW + 2],
      ]);
      expect(stored[1]).toMatchObject({ ramp4: 0.25, speedShare: 0.071, complete: true, metrics: second[1] });
      expect((await weeks.findRange(athleteId, '2026-10-06')).map((w) => w.weekStart)).toEqual([
        '2026-10-12',
      ]);
      expect((await weeks.findRange(athleteId, undefined, '2026-10-06')).map((w) => w.weekStart)).toEqual([
        '2026-10-05',
      ]);
      expect(await weeks.findRange(athleteId, '2026-10-06', '2026-10-11')).toEqual([]);
    });

    it('stores a coach view with every week, and rewrites a week when only its coach view changed', async () => {
      const athleteId = randomUUID();
      const own = [week('2026-09-28', 30000), week('2026-10-05', 32000), week('2026-10-12', 42000)];
      // Without the Strava-only runs: no week 2026-09-28, the same 2026-10-05, a shorter 2026-10-12.
      const coach = [week('2026-10-05', 32000), week('2026-10-12', 21000)];
      expect(await weeks.replaceForAthlete(athleteId, own, NOW)).toMatchObject({ written: 3 });
      expect(await weeks.replaceForAthlete(athleteId, own, NOW + 1, coach)).toEqual({
        written: 2,
        deleted: 0,
        unchanged: 1,
      });
      const stored = await weeks.findRange(athleteId);
      expect(stored.map((w) => w.coachView)).toEqual([{ week: null }, { same: true }, { week: coach[1] }]);
      expect(stored.map(coachWeekOf)).toEqual([null, own[1], coach[1]]);
      expect(stored.map((w) => w.metrics)).toEqual(own);
      expect(await weeks.replaceForAthlete(athleteId, own, NOW + 2, coach)).toMatchObject({ written: 0 });
      // No run hidden any more: a coach sees every week as it is.
      expect(await weeks.replaceForAthlete(athleteId, own, NOW + 3)).toMatchObject({ written: 2 });
      const same = await weeks.findRange(athleteId);
      expect(same.map((w) => w.coachView)).toEqual([{ same: true }, { same: true }, { same: true }]);
      expect(same.every(hasCoachView)).toBe(true);
    });

    it('tells a week whose coach view was never computed from one a coach sees as it is, and computes it', async () => {
      const athleteId = randomUUID();
      const own = [week('2026-10-05', 32000), week('2026-10-12', 42000)];
      await weeks.replaceForAthlete(athleteId, own, NOW);
      // As written before weekly_metrics.coachView existed.
      await dataSource.getRepository(WeeklyMetricEntity).update({ athleteId }, { coachView: null });
      const before = await weeks.findRange(athleteId);
      expect(before.map((w) => w.coachView)).toEqual([null, null]);
      expect(before.some(hasCoachView)).toBe(false);
      // The same numbers: only the coach view is new, and it is written.
      expect(await weeks.replaceForAthlete(athleteId, own, NOW + 1)).toEqual({
        written: 2,
        deleted: 0,
        unchanged: 0,
      });
      expect((await weeks.findRange(athleteId)).map((w) => w.coachView)).toEqual([
        { same: true },
        { same: true },
      ]);
    });
  });

  describe('SymptomLogsRepository', () => {
    let logs: SymptomLogsRepository;
    beforeAll(() => (logs = new SymptomLogsRepository(dataSource.getRepository(SymptomLogEntity))));

    it('keeps one log per date and region, on create and on edit', async () => {
      const athleteId = randomUUID();
      const first = await logs.create(athleteId, log(), NOW);
      await expect(logs.create(athleteId, log({ severity: 2 }), NOW)).rejects.toBeInstanceOf(
        SymptomLogConflictError,
      );
      const hip = await logs.create(athleteId, log({ region: 'hip' }), NOW);
      await expect(logs.update(athleteId, hip.id, log({ region: 'low_back' }), NOW)).rejects.toBeInstanceOf(
        SymptomLogConflictError,
      );
      const edited = await logs.update(
        athleteId,
        first.id,
        log({ severity: 7, aggravators: ['sitting'] }),
        NOW + 1,
      );
      expect(edited).toMatchObject({
        severity: 7,
        aggravators: ['sitting'],
        createdAtMs: NOW,
        updatedAtMs: NOW + 1,
      });
      expect(await logs.update(randomUUID(), first.id, log(), NOW)).toBeNull();
      expect(await logs.findOwned(athleteId, first.id)).toMatchObject({
        severity: 7,
        aggravators: ['sitting'],
      });
      await logs.create(randomUUID(), log(), NOW);
    });

    it('lists, dates and deletes an athlete’s logs', async () => {
      const athleteId = randomUUID();
      await logs.create(athleteId, log({ date: '2026-10-01' }), NOW);
      const b = await logs.create(athleteId, log({ date: '2026-10-21', region: 'hip' }), NOW);
      await logs.create(athleteId, log({ date: '2026-10-21' }), NOW);
      expect((await logs.listByAthlete(athleteId)).map((l) => `${l.date} ${l.region}`)).toEqual([
        '2026-10-21 hip',
        '2026-10-21 low_back',
        '2026-10-01 low_back',
      ]);
      expect(await logs.listByAthlete(athleteId, { from: '2026-10-02', to: '2026-10-20' })).toEqual([]);
      expect(await logs.findDates(athleteId)).toEqual(['2026-10-01', '2026-10-21']);
      expect(await logs.deleteOwned(randomUUID(), b.id)).toBe(false);
      expect(await logs.deleteOwned(athleteId, b.id)).toBe(true);
      expect(await logs.findAllForAthlete(athleteId)).toHaveLength(2);
    });
  });

  describe('RiskProfilesRepository', () => {
    let profiles: RiskProfilesRepository;
    beforeAll(
      () => (profiles = new RiskProfilesRepository(dataSource.getRepository(RiskProfileVersionEntity))),
    );

    it('replaces the version of the same date and adds one for another date, latest first', async () => {
      const athleteId = randomUUID();
      const first = await profiles.saveVersion(
        athleteId,
        '2026-09-28',
        { vitamin_d: { value: 18, unit: 'ng/mL' } },
        NOW,
      );
      const replaced = await profiles.saveVersion(
        athleteId,
        '2026-09-28',
        { vitamin_d: { value: 25, unit: 'ng/mL' } },
        NOW + 1,
      );
      const added = await profiles.saveVersion(athleteId, '2026-10-10', { sex: 'female' }, NOW + 2);
      expect([first.replaced, replaced.replaced, added.replaced]).toEqual([false, true, false]);
      expect(replaced.version.id).toBe(first.version.id);
      const versions = await profiles.listByAthlete(athleteId);
      expect(versions.map((v) => [v.effectiveDate, v.answers, v.createdAtMs])).toEqual([
        ['2026-10-10', { sex: 'female' }, NOW + 2],
        ['2026-09-28', { vitamin_d: { value: 25, unit: 'ng/mL' } }, NOW + 1],
      ]);
    });
  });

  describe('FindingsRepository', () => {
    let findings: FindingsRepository;
    beforeAll(() => (findings = new FindingsRepository(dataSource.getRepository(FindingEntity))));

    it('upserts by athlete, rule and anchor; retracts with the reason; reopens', async () => {
      const athleteId = randomUUID();
      const r01 = finding(athleteId, 'R01', 'run-1');
      const r03 = finding(athleteId, 'R03', 'run-2', {
        anchor: { kind: 'week', id: '2026-10-12', date: '2026-10-12' },
      });
      expect(await findings.apply(athleteId, { upsert: [r01, r03], retract: [] }, NOW)).toEqual({
        inserted: 2,
        updated: 0,
        retracted: 0,
        severityChanges: [
          { id: expect.any(String), severity: r01.severity, previous: null },
          { id: expect.any(String), severity: r03.severity, previous: null },
        ],
      });
      const [stored] = await findings.list(athleteId, { rules: ['R01'] });
      expect(stored).toMatchObject({
        rule: 'R01',
        anchorKind: 'run',
        anchorId: 'run-1',
        status: 'open',
        relation: null,
        evidence: { activityIds: ['run-1'], logIds: [], spike: 1.429 },
      });
      await findings.acknowledge(athleteId, stored.id, NOW + 1);

      const changed = { ...r01, message: 'Reworded.' };
      expect(await findings.apply(athleteId, { upsert: [changed], retract: [] }, NOW + 2)).toMatchObject({
        updated: 1,
      });
      expect(await findings.acknowledge(athleteId, stored.id, NOW + 3)).toMatchObject({
        message: 'Reworded.',
        acknowledgedAtMs: NOW + 1,
      });

      const reason = 'cause removed: activity run-1 deleted';
      expect(
        await findings.apply(athleteId, { upsert: [], retract: [{ finding: r01, reason }] }, NOW + 4),
      ).toMatchObject({
        retracted: 1,
      });
      expect(await findings.list(athleteId)).toHaveLength(1);
      const all = await findings.list(athleteId, { status: 'all' });
      expect(all).toHaveLength(2);
      expect(all.find((f) => f.id === stored.id)).toMatchObject({
        status: 'retracted',
        retractedReason: reason,
      });

      await findings.apply(athleteId, { upsert: [changed], retract: [] }, NOW + 5);
      expect(await findings.findAllForAthlete(athleteId)).toHaveLength(2);
      expect((await findings.list(athleteId, { rules: ['R01'] }))[0]).toMatchObject({
        id: stored.id,
        status: 'open',
        retractedReason: null,
        acknowledgedAtMs: null,
        createdAtMs: NOW,
        updatedAtMs: NOW + 5,
      });
      expect(await findings.acknowledge(randomUUID(), stored.id, NOW)).toBeNull();
    });
  });
});
