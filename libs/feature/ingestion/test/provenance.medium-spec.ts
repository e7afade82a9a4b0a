import request from 'supertest';
import {
  ActivityEntity,
  ActivitySourceEntity,
  ActivityStreamEntity,
  UploadEntity,
  type SourceImported,
  type UserEntity,
} from '@loadwatch/data-access/db';
import type { Activity } from '@loadwatch/domain/activity';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import type { ActivitySummary, Page } from '@loadwatch/shared/contracts';
import { DRIVERS } from '@loadwatch/testing';
import { ProviderActivitiesService, UploadsService, UploadStorage } from '../src';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/** A 5 km run at 3.2 m/s: 1562.5 s. */
function fitRun(start: string): Buffer {
  return Buffer.from(
    encodeActivityFit({
      start: new Date(start),
      utcOffsetS: 7200,
      segments: [{ distanceM: 5000, speedMps: 3.2 }],
    }),
  );
}

/** Strava's summary of the same run: a little longer and later, with a heart rate. */
function stravaRun(start: string, over: Partial<Activity> = {}): Activity {
  return {
    id: 'strava-1',
    source: 'strava',
    sport: 'Run',
    subSport: null,
    sportClass: 'running',
    startMs: Date.parse(start) + 20_000,
    utcOffsetS: 7200,
    distanceM: 5040,
    movingTimeS: 1540,
    elapsedTimeS: 1590,
    ascentM: 12,
    descentM: null,
    avgHeartRateBpm: 148,
    avgCadenceSpm: 172,
    laps: [],
    device: { manufacturer: null, product: 'Garmin Forerunner' },
    stream: null,
    ...over,
  };
}

describe.each(DRIVERS)('activity provenance and merging on %s', (driver) => {
  let t: TestApp;
  let providers: ProviderActivitiesService;

  beforeAll(async () => {
    t = await createTestApp(driver);
    providers = t.app.get(ProviderActivitiesService);
  });
  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());
  const uploadFit = async (athlete: UserEntity, bytes: Buffer) => {
    await http().post('/api/uploads').set(t.as(athlete.id)).attach('files', bytes, 'run.fit').expect(202);
    await t.queue.drain();
  };
  const list = async (athlete: UserEntity, asUser = athlete.id) => {
    const path = asUser === athlete.id ? '/api/activities' : `/api/athletes/${athlete.id}/activities`;
    const res = await http().get(path).set(t.as(asUser)).expect(200);
    return res.body as Page<ActivitySummary>;
  };
  const importStrava = (athlete: UserEntity, activity: Activity, externalId = '9001') =>
    providers.importProviderActivity({ athleteId: athlete.id, provider: 'strava', externalId, activity });
  /** The activity an import stored the run in (every import but one of a deleted run stores it). */
  const storedIn = ({ activityId }: SourceImported): string => {
    if (activityId === null) throw new Error('The import stored nothing.');
    return activityId;
  };

  it('merges a Strava copy into the uploaded run: one activity, both provenances, the file fields', async () => {
    const athlete = await t.athlete({ timeZone: 'Europe/Berlin' });
    await uploadFit(athlete, fitRun('2026-10-18T06:00:00Z'));
    const [uploaded] = (await list(athlete)).items;

    const result = await importStrava(athlete, stravaRun('2026-10-18T06:00:00Z'));
    expect(result).toEqual({ activityId: uploaded.id, outcome: 'merged' });
    await expect(importStrava(athlete, stravaRun('2026-10-18T06:00:00Z'))).resolves.toEqual({
      activityId: uploaded.id,
      outcome: 'unchanged',
    });

    const page = await list(athlete);
    expect(page.total).toBe(1);
    const [merged] = page.items;
    expect(merged).toMatchObject({
      id: uploaded.id,
      source: 'fit',
      startedAt: '2026-10-18T06:00:00.000Z',
      distanceM: uploaded.distanceM,
      // Strava fills nothing of an activity that has a file: a coach sees it (spec/rules.md section 7).
      avgHeartRateBpm: uploaded.avgHeartRateBpm,
      localDate: '2026-10-18',
    });
    expect(merged.provenances.map((p) => [p.source, p.externalId])).toEqual([
      ['fit', expect.stringMatching(/^[0-9a-f]{64}:0$/)],
      ['strava', '9001'],
    ]);
    expect(merged.fieldSources).toMatchObject({ distanceM: 'fit', stream: 'fit' });
    expect(Object.values(merged.fieldSources ?? {})).not.toContain('strava');
    const detail = await http()
      .get(`/api/activities/${merged.id}?stream=true`)
      .set(t.as(athlete.id))
      .expect(200);
    expect(detail.body.stream.timeS.length).toBe(merged.recordCount);
  });

  it('merges a later upload into a Strava-only run, which then reaches the coach', async () => {
    const athlete = await t.athlete();
    const coach = await t.athlete({ role: 'coach' });
    await t.link(coach.id, athlete.id, false);
    const created = await importStrava(athlete, stravaRun('2026-10-20T17:00:00Z'), '9002');
    expect(created.outcome).toBe('created');

    expect((await list(athlete)).items.map((a) => a.source)).toEqual(['strava']);
    expect((await list(athlete, coach.id)).total).toBe(0);
    await http()
      .get(`/api/athletes/${athlete.id}/activities/${created.activityId}`)
      .set(t.as(coach.id))
      .expect(404);

    await uploadFit(athlete, fitRun('2026-10-20T17:00:00Z'));
    const [merged] = (await list(athlete)).items;
    expect(merged).toMatchObject({ id: created.activityId, source: 'fit', avgHeartRateBpm: null });
    expect(merged.provenances.map((p) => p.source)).toEqual(['fit', 'strava']);

    const coachView = await list(athlete, coach.id);
    expect(coachView.total).toBe(1);
    expect(coachView.items[0].provenances.map((p) => p.source)).toEqual(['fit']);
  });

  it("recomputes a coach's weeks without Strava-only runs, and leaves the athlete's as stored", async () => {
    const athlete = await t.athlete();
    const coach = await t.athlete({ role: 'coach' });
    await t.link(coach.id, athlete.id, false);
    await uploadFit(athlete, fitRun('2026-09-07T06:00:00Z'));
    await importStrava(athlete, stravaRun('2026-09-09T06:00:00Z'), '9100');
    await t.queue.drain();

    const weekOf = async (path: string, userId: string) => {
      const res = await http().get(path).set(t.as(userId)).expect(200);
      return res.body.weeks.find((w: { weekStart: string }) => w.weekStart === '2026-09-07');
    };
    const own = await weekOf('/api/weeks', athlete.id);
    const coachWeek = await weekOf(`/api/athletes/${athlete.id}/weeks`, coach.id);
    expect(own).toMatchObject({ runs: 2 });
    expect(coachWeek).toMatchObject({ runs: 1 });
    expect(own.distanceM - coachWeek.distanceM).toBeCloseTo(5040, 0);
  });

  it('keeps two runs apart when their durations differ by more than 5 %', async () => {
    const athlete = await t.athlete();
    await uploadFit(athlete, fitRun('2026-10-22T06:00:00Z'));
    const other = await importStrava(
      athlete,
      stravaRun('2026-10-22T06:00:00Z', { movingTimeS: 1300, elapsedTimeS: 1350 }),
      '9003',
    );
    expect(other.outcome).toBe('created');
    expect((await list(athlete)).total).toBe(2);
  });

  it('undoes a merge with a split that a re-sync does not redo', async () => {
    const athlete = await t.athlete();
    await uploadFit(athlete, fitRun('2026-10-24T06:00:00Z'));
    const { activityId } = await importStrava(athlete, stravaRun('2026-10-24T06:00:00Z'), '9004');
    const [merged] = (await list(athlete)).items;
    const strava = merged.provenances.find((p) => p.source === 'strava');
    const fit = merged.provenances.find((p) => p.source === 'fit');

    const res = await http()
      .post(`/api/activities/${activityId}/sources/${strava?.id}/split`)
      .set(t.as(athlete.id))
      .expect(200);
    expect(res.body.activity).toMatchObject({ id: activityId, source: 'fit', fieldSources: null });
    expect(res.body.activity.provenances.map((p: { id: string }) => p.id)).toEqual([fit?.id]);
    expect(res.body.split).toMatchObject({ source: 'strava', avgHeartRateBpm: 148, distanceM: 5040 });
    expect(res.body.split.provenances).toEqual([
      expect.objectContaining({ id: strava?.id, keptApart: true }),
    ]);

    const resynced = await importStrava(
      athlete,
      stravaRun('2026-10-24T06:00:00Z', { distanceM: 5050 }),
      '9004',
    );
    expect(resynced).toEqual({ activityId: res.body.split.id, outcome: 'updated' });
    expect((await list(athlete)).total).toBe(2);

    await http()
      .post(`/api/activities/${activityId}/sources/${fit?.id}/split`)
      .set(t.as(athlete.id))
      .expect(409);
    await http()
      .post(`/api/activities/${activityId}/sources/${strava?.id}/split`)
      .set(t.as(athlete.id))
      .expect(404);
    const stranger = await t.athlete();
    await http()
      .post(`/api/activities/${res.body.split.id}/sources/${strava?.id}/split`)
      .set(t.as(stranger.id))
      .expect(404);
  });

  describe('a provider update that moves the start or duration', () => {
    const weekOf = async (athlete: UserEntity, weekStart: string) => {
      await t.queue.drain();
      const res = await http().get('/api/weeks').set(t.as(athlete.id)).expect(200);
      return res.body.weeks.find((w: { weekStart: string }) => w.weekStart === weekStart);
    };

    it('merges a Strava-only run whose start is corrected into the uploaded run, counted once in its week', async () => {
      const athlete = await t.athlete();
      await uploadFit(athlete, fitRun('2026-08-04T06:00:00Z'));
      const [uploaded] = (await list(athlete)).items;
      // Synced with the start an hour off (a wrong time zone on the phone): a run of its own.
      const wrong = await importStrava(athlete, stravaRun('2026-08-04T07:00:00Z'), '9201');
      expect(wrong.outcome).toBe('created');
      await expect(weekOf(athlete, '2026-08-03')).resolves.toMatchObject({ runs: 2 });

      const corrected = await importStrava(athlete, stravaRun('2026-08-04T06:00:00Z'), '9201');
      expect(corrected).toEqual({ activityId: uploaded.id, outcome: 'updated' });
      const page = await list(athlete);
      expect(page.items.map((a) => [a.id, a.source])).toEqual([[uploaded.id, 'fit']]);
      expect(page.items[0].provenances.map((p) => [p.source, p.externalId])).toEqual([
        ['fit', expect.any(String)],
        ['strava', '9201'],
      ]);
      await expect(
        t.dataSource.getRepository(ActivityEntity).existsBy({ id: storedIn(wrong) }),
      ).resolves.toBe(false);
      await expect(
        t.dataSource.getRepository(ActivityStreamEntity).existsBy({ activityId: storedIn(wrong) }),
      ).resolves.toBe(false);
      const week = await weekOf(athlete, '2026-08-03');
      expect(week).toMatchObject({ runs: 1 });
      expect(week.distanceM).toBeCloseTo(uploaded.distanceM ?? 0, 0);

      // Re-delivered as is: nothing moves.
      await expect(importStrava(athlete, stravaRun('2026-08-04T06:00:00Z'), '9201')).resolves.toEqual({
        activityId: uploaded.id,
        outcome: 'unchanged',
      });
    });

    it('merges a Strava-only run whose duration is corrected (a trimmed recording) into the upload', async () => {
      const athlete = await t.athlete();
      await uploadFit(athlete, fitRun('2026-08-06T06:00:00Z'));
      const [uploaded] = (await list(athlete)).items;
      const untrimmed = stravaRun('2026-08-06T06:00:00Z', { movingTimeS: 2100, elapsedTimeS: 2200 });
      expect((await importStrava(athlete, untrimmed, '9202')).outcome).toBe('created');
      await expect(importStrava(athlete, stravaRun('2026-08-06T06:00:00Z'), '9202')).resolves.toEqual({
        activityId: uploaded.id,
        outcome: 'updated',
      });
      expect((await list(athlete)).total).toBe(1);
    });

    it('keeps a Strava-only run in place when it matches nothing, and its id with it', async () => {
      const athlete = await t.athlete();
      const created = await importStrava(athlete, stravaRun('2026-08-08T06:00:00Z'), '9203');
      const moved = await importStrava(athlete, stravaRun('2026-08-08T08:00:00Z'), '9203');
      expect(moved).toEqual({ activityId: created.activityId, outcome: 'updated' });
      const [activity] = (await list(athlete)).items;
      expect(activity).toMatchObject({ id: created.activityId, startedAt: '2026-08-08T08:00:20.000Z' });
    });

    it('never merges a run the athlete split off again, wherever its start moves', async () => {
      const athlete = await t.athlete();
      await uploadFit(athlete, fitRun('2026-08-10T06:00:00Z'));
      const { activityId } = await importStrava(athlete, stravaRun('2026-08-10T06:00:00Z'), '9204');
      const [merged] = (await list(athlete)).items;
      const strava = merged.provenances.find((p) => p.source === 'strava');
      const res = await http()
        .post(`/api/activities/${activityId}/sources/${strava?.id}/split`)
        .set(t.as(athlete.id))
        .expect(200);
      const splitId: string = res.body.split.id;

      for (const start of ['2026-08-10T07:00:00Z', '2026-08-10T06:00:00Z', '2026-08-10T06:00:30Z']) {
        await expect(importStrava(athlete, stravaRun(start), '9204')).resolves.toEqual({
          activityId: splitId,
          outcome: 'updated',
        });
      }
      expect((await list(athlete)).total).toBe(2);
      await expect(weekOf(athlete, '2026-08-10')).resolves.toMatchObject({ runs: 2 });
    });

    it('leaves a merged Strava copy merged when its start moves away (taking it apart is the athlete’s undo)', async () => {
      const athlete = await t.athlete();
      await uploadFit(athlete, fitRun('2026-08-12T06:00:00Z'));
      const merged = await importStrava(athlete, stravaRun('2026-08-12T06:00:00Z'), '9205');
      expect(merged.outcome).toBe('merged');
      await expect(importStrava(athlete, stravaRun('2026-08-12T09:00:00Z'), '9205')).resolves.toEqual({
        activityId: merged.activityId,
        outcome: 'updated',
      });
      const page = await list(athlete);
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({ source: 'fit', startedAt: '2026-08-12T06:00:00.000Z' });
    });

    it('does not merge a moved run into an activity that already has a Strava copy', async () => {
      const athlete = await t.athlete();
      await importStrava(athlete, stravaRun('2026-08-14T06:00:00Z'), '9206');
      await importStrava(athlete, stravaRun('2026-08-14T09:00:00Z'), '9207');
      const moved = await importStrava(athlete, stravaRun('2026-08-14T06:00:00Z'), '9207');
      expect(moved.outcome).toBe('updated');
      expect((await list(athlete)).total).toBe(2);
    });
  });

  it('removes a provider copy: the merged activity stays with its file, a provider-only one goes', async () => {
    const athlete = await t.athlete();
    await uploadFit(athlete, fitRun('2026-10-26T06:00:00Z'));
    const merged = await importStrava(athlete, stravaRun('2026-10-26T06:00:00Z'), '9005');
    const alone = await importStrava(athlete, stravaRun('2026-10-27T06:00:00Z'), '9006');
    expect(alone.outcome).toBe('created');

    const remove = (externalId: string) =>
      providers.removeProviderActivity({ athleteId: athlete.id, provider: 'strava', externalId });
    await expect(remove('9005')).resolves.toEqual({ removed: true });
    await expect(remove('9006')).resolves.toEqual({ removed: true });
    await expect(remove('9006')).resolves.toEqual({ removed: false });

    const page = await list(athlete);
    expect(page.items.map((a) => [a.id, a.source, a.provenances.length])).toEqual([
      [merged.activityId, 'fit', 1],
    ]);
    await expect(
      t.dataSource.getRepository(ActivityStreamEntity).existsBy({ activityId: storedIn(alone) }),
    ).resolves.toBe(false);
  });

  describe('an activity the athlete deleted', () => {
    const weekOf = async (athlete: UserEntity, weekStart: string) => {
      await t.queue.drain();
      const res = await http().get('/api/weeks').set(t.as(athlete.id)).expect(200);
      return res.body.weeks.find((w: { weekStart: string }) => w.weekStart === weekStart);
    };
    const count = (entity: typeof ActivityEntity | typeof ActivitySourceEntity, athlete: UserEntity) =>
      t.dataSource.getRepository(entity).countBy({ athleteId: athlete.id });

    it('stays deleted: the Strava copy of the run is not imported again, nor counted in its week', async () => {
      const athlete = await t.athlete();
      await uploadFit(athlete, fitRun('2026-10-28T06:00:00Z'));
      await uploadFit(athlete, fitRun('2026-10-29T06:00:00Z'));
      const merged = await importStrava(athlete, stravaRun('2026-10-28T06:00:00Z'), '9007');
      expect(merged.outcome).toBe('merged');
      await expect(weekOf(athlete, '2026-10-26')).resolves.toMatchObject({ runs: 2 });
      const [kept] = (await list(athlete)).items;
      expect(kept.startedAt).toBe('2026-10-29T06:00:00.000Z');

      await http().delete(`/api/activities/${merged.activityId}`).set(t.as(athlete.id)).expect(204);
      await expect(count(ActivitySourceEntity, athlete)).resolves.toBe(1);

      // A webhook `update`, a backfill run again: the copy as it was, and edited at Strava.
      for (const run of [stravaRun('2026-10-28T06:00:00Z'), stravaRun('2026-10-28T06:30:00Z')]) {
        await expect(importStrava(athlete, run, '9007')).resolves.toEqual({
          activityId: null,
          outcome: 'deleted-by-athlete',
        });
      }
      await expect(providers.storedExternalIds(athlete.id, 'strava', ['9007', '9010'])).resolves.toEqual(
        new Set(['9007']),
      );
      await expect(count(ActivitySourceEntity, athlete)).resolves.toBe(1);
      expect((await list(athlete)).items.map((a) => a.id)).toEqual([kept.id]);
      const week = await weekOf(athlete, '2026-10-26');
      expect(week).toMatchObject({ runs: 1 });
      expect(week.distanceM).toBeCloseTo(kept.distanceM ?? 0, 0);

      // The same FIT file uploaded again is a duplicate: the deletion stands there too.
      const again = await http()
        .post('/api/uploads')
        .set(t.as(athlete.id))
        .attach('files', fitRun('2026-10-28T06:00:00Z'), 'run.fit')
        .expect(202);
      expect(again.body.uploads).toEqual([expect.objectContaining({ status: 'duplicate' })]);
      await t.queue.drain();
      await expect(count(ActivityEntity, athlete)).resolves.toBe(1);
    });

    it('stores no Garmin file of a deleted run: the upload is processed with the reason, its bytes removed', async () => {
      const athlete = await t.athlete();
      const summary = await providers.importProviderActivity({
        athleteId: athlete.id,
        provider: 'garmin',
        externalId: '9301',
        activity: stravaRun('2026-11-03T06:00:00Z', {
          id: 'garmin-9301',
          source: 'garmin',
          sport: 'RUNNING',
        }),
      });
      expect(summary.outcome).toBe('created');
      await http().delete(`/api/activities/${summary.activityId}`).set(t.as(athlete.id)).expect(204);

      const bytes = fitRun('2026-11-03T06:00:00Z');
      const accepted = await t.app.get(UploadsService).acceptProviderFile({
        athleteId: athlete.id,
        provider: 'garmin',
        externalId: '9301',
        fileName: 'garmin-9301.fit',
        bytes,
      });
      expect(accepted.status).toBe('received');
      await t.queue.drain();

      const upload = await http().get(`/api/uploads/${accepted.id}`).set(t.as(athlete.id)).expect(200);
      expect(upload.body).toMatchObject({
        status: 'processed',
        activityCount: 0,
        reason: 'Not imported: you deleted this activity in Loadwatch; its file was not kept.',
      });
      await expect(count(ActivityEntity, athlete)).resolves.toBe(0);
      await expect(count(ActivitySourceEntity, athlete)).resolves.toBe(0);
      const stored = await t.dataSource.getRepository(UploadEntity).findOneByOrFail({ id: accepted.id });
      await expect(t.app.get(UploadStorage).read(athlete.id, stored.sha256)).rejects.toMatchObject({
        code: 'ENOENT',
      });
    });
  });

  it('never merges into an activity stored without provenances', async () => {
    const athlete = await t.athlete();
    const startMs = Date.parse('2026-10-30T06:00:00Z');
    await t.dataSource.getRepository(ActivityEntity).insert({
      id: '00000000-0000-4000-8000-00000000abcd',
      athleteId: athlete.id,
      sourceKey: 'fit:legacy:0',
      source: 'fit',
      uploadId: null,
      sport: 'running',
      subSport: null,
      sportClass: 'running',
      startMs,
      utcOffsetS: 0,
      localDate: '2026-10-30',
      distanceM: 5000,
      movingTimeS: 1540,
      elapsedTimeS: 1590,
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
    const result = await importStrava(athlete, stravaRun('2026-10-30T06:00:00Z'), '9008');
    expect(result.outcome).toBe('created');
  });

  it('queues the recompute of the athlete for every import and removal', async () => {
    const athlete = await t.athlete();
    const enqueue = jest.spyOn(t.queue, 'enqueue');
    await importStrava(athlete, stravaRun('2026-11-01T06:00:00Z'), '9009');
    await providers.removeProviderActivity({ athleteId: athlete.id, provider: 'strava', externalId: '9009' });
    expect(enqueue.mock.calls.filter(([name]) => name === 'recompute-load')).toEqual([
      ['recompute-load', { athleteId: athlete.id }],
      ['recompute-load', { athleteId: athlete.id }],
    ]);
    enqueue.mockRestore();
    await t.queue.drain();
  });
});
