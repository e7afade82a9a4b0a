import { runTransaction } from '../transactions';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository, type FindOptionsSelect } from 'typeorm';
import type { ActivitySource, RecordStream } from '@loadwatch/domain/activity';
import { ActivitySourceEntity } from '../entities/activity-source.entity';
import { ActivityStreamEntity } from '../entities/activity-stream.entity';
import { ActivityEntity } from '../entities/activity.entity';
import { DeletedRunEntity } from '../entities/deleted-run.entity';
import { holdAthlete } from './athlete-lock';
import { writeTombstones } from './tombstones';
import type { PageOf, PageRequest } from './uploads.repository';

/** An activity to store by its natural key, with its record stream (null when the source has none). */
export type ActivityUpsert = Omit<ActivityEntity, 'id' | 'createdAtMs' | 'updatedAtMs'> & {
  stream: RecordStream | null;
};

/** An activity as the load computation needs it: the stream only for runs. */
export interface ActivityWithStream {
  activity: ActivityEntity;
  stream: RecordStream | null;
}

export interface ActivityListOptions extends PageRequest {
  /** Sources to leave out (a coach may not see activities that came only from Strava). */
  excludeSources?: readonly ActivitySource[];
}

/** Columns of an activity list: everything but the laps. */
const SUMMARY_COLUMNS: FindOptionsSelect<ActivityEntity> = {
  id: true,
  athleteId: true,
  sourceKey: true,
  source: true,
  uploadId: true,
  sport: true,
  subSport: true,
  sportClass: true,
  startMs: true,
  utcOffsetS: true,
  localDate: true,
  distanceM: true,
  movingTimeS: true,
  elapsedTimeS: true,
  ascentM: true,
  descentM: true,
  avgHeartRateBpm: true,
  avgCadenceSpm: true,
  device: true,
  recordCount: true,
  fieldSources: true,
  createdAtMs: true,
  updatedAtMs: true,
};

/** The sources whose deletion is remembered: a provider would otherwise send the run again. */
const TOMBSTONED_SOURCES: readonly ActivitySource[] = ['strava', 'garmin'];

/** Keeps `IN (...)` lists well under every driver's bound-parameter limit. */
const IN_CHUNK = 500;

/** Activities and their record streams; an activity and its stream are always written together. */
@Injectable()
export class ActivitiesRepository {
  constructor(@InjectRepository(ActivityEntity) private readonly activities: Repository<ActivityEntity>) {}

  /**
   * Stores activities by their natural key (athlete, sourceKey) in one transaction with their streams. The
   * key names the source's content (a FIT file's sha256 and session index), so an activity stored again
   * with the same values is left as it is, `updatedAtMs` included: a retried or repeated job changes
   * nothing. Changed values are written with the stream, keeping the id and creation time. Returns the ids
   * in input order.
   */
  upsertMany(items: readonly ActivityUpsert[], nowMs: number): Promise<string[]> {
    if (items.length === 0) return Promise.resolve([]);
    return runTransaction(this.activities.manager, async (manager) => {
      const ids: string[] = [];
      for (const { stream, ...values } of items) {
        const existing = await manager.findOneBy(ActivityEntity, {
          athleteId: values.athleteId,
          sourceKey: values.sourceKey,
        });
        if (existing && sameValues(existing, values)) {
          ids.push(existing.id);
          continue;
        }
        const id = existing?.id ?? randomUUID();
        if (existing) await manager.update(ActivityEntity, { id }, { ...values, updatedAtMs: nowMs });
        else await manager.insert(ActivityEntity, { ...values, id, createdAtMs: nowMs, updatedAtMs: nowMs });
        if (stream) await manager.save(ActivityStreamEntity, { activityId: id, stream });
        else await manager.delete(ActivityStreamEntity, { activityId: id });
        ids.push(id);
      }
      return ids;
    });
  }

  /** An athlete's activities, newest first, without laps or streams. */
  async listByAthlete(athleteId: string, options: ActivityListOptions): Promise<PageOf<ActivityEntity>> {
    const excluded = options.excludeSources ?? [];
    const where = { athleteId, ...(excluded.length > 0 ? { source: Not(In([...excluded])) } : {}) };
    // Counted apart: findAndCount with a column selection counts distinct rows of every selected column,
    // which SQLite turns into NULL for any row with a NULL column.
    const [items, total] = await Promise.all([
      this.activities.find({
        where,
        select: SUMMARY_COLUMNS,
        order: { startMs: 'DESC', id: 'ASC' },
        take: options.limit,
        skip: options.offset,
      }),
      this.activities.countBy(where),
    ]);
    return { items, total };
  }

  findOwned(athleteId: string, id: string): Promise<ActivityEntity | null> {
    return this.activities.findOneBy({ id, athleteId });
  }

  async findStream(activityId: string): Promise<RecordStream | null> {
    const row = await this.activities.manager.findOneBy(ActivityStreamEntity, { activityId });
    return row?.stream ?? null;
  }

  /**
   * Deletes an athlete's activity with its stream and provenances; false when the athlete has no such
   * activity. Each Strava or Garmin provenance leaves a tombstone, so that no later import of that
   * provider activity brings the run back (ActivitySourcesRepository.importSource). A FIT upload leaves
   * none: uploading a file is the athlete's own act. The run's time window is kept too (DeletedRunEntity),
   * so a provider's copy Loadwatch never held (Strava's copy of a Garmin-only run, arriving later) is
   * refused as well. Holds the athlete's row like an import does, so the two never interleave.
   */
  deleteOwned(athleteId: string, id: string, nowMs: number): Promise<boolean> {
    return runTransaction(this.activities.manager, async (manager) => {
      await holdAthlete(manager, athleteId);
      const activity = await manager.findOne(ActivityEntity, {
        where: { id, athleteId },
        select: { id: true, startMs: true, movingTimeS: true, elapsedTimeS: true },
      });
      if (!activity) return false;
      await manager.delete(ActivityEntity, { id, athleteId });
      await manager.insert(DeletedRunEntity, {
        id: randomUUID(),
        athleteId,
        activityId: id,
        startMs: activity.startMs,
        movingTimeS: activity.movingTimeS,
        elapsedTimeS: activity.elapsedTimeS,
        deletedAtMs: nowMs,
      });
      const providerSources = await manager.find(ActivitySourceEntity, {
        where: { activityId: id, athleteId, source: In([...TOMBSTONED_SOURCES]) },
        select: { source: true, externalId: true },
      });
      await writeTombstones(manager, athleteId, providerSources, nowMs);
      await manager.delete(ActivityStreamEntity, { activityId: id });
      await manager.delete(ActivitySourceEntity, { activityId: id, athleteId });
      return true;
    });
  }

  /** The distinct local dates of an athlete's activities whose primary source is this one, oldest first. */
  async findLocalDatesBySource(athleteId: string, source: ActivitySource): Promise<string[]> {
    const rows = await this.activities
      .createQueryBuilder('a')
      .select('DISTINCT a.localDate', 'localDate')
      .where('a.athleteId = :athleteId AND a.source = :source', { athleteId, source })
      .orderBy('a.localDate', 'ASC')
      .getRawMany<{ localDate: string }>();
    return rows.map((row) => row.localDate);
  }

  /**
   * Every activity of an athlete in start order, with the record streams of the runs (spec/metrics.md
   * section 5 reads speed only from runs; other sports never need theirs).
   */
  async findAllForLoad(
    athleteId: string,
    options: { excludeSources?: readonly ActivitySource[] } = {},
  ): Promise<ActivityWithStream[]> {
    const excluded = options.excludeSources ?? [];
    const activities = await this.activities.find({
      where: { athleteId, ...(excluded.length > 0 ? { source: Not(In([...excluded])) } : {}) },
      order: { startMs: 'ASC', id: 'ASC' },
    });
    const runIds = activities.filter((a) => a.sportClass === 'running').map((a) => a.id);
    const streams = new Map<string, RecordStream>();
    for (let i = 0; i < runIds.length; i += IN_CHUNK) {
      const rows = await this.activities.manager.findBy(ActivityStreamEntity, {
        activityId: In(runIds.slice(i, i + IN_CHUNK)),
      });
      for (const row of rows) streams.set(row.activityId, row.stream);
    }
    return activities.map((activity) => ({ activity, stream: streams.get(activity.id) ?? null }));
  }
}

function sameValues(stored: ActivityEntity, values: Omit<ActivityUpsert, 'stream'>): boolean {
  return (Object.keys(values) as (keyof typeof values)[]).every(
    (key) => JSON.stringify(stored[key]) === JSON.stringify(values[key]),
  );
}
