import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, Repository, type EntityManager, type FindOptionsSelect } from 'typeorm';
import {
  findMergeTarget,
  isSameRun,
  MATCH_START_TOLERANCE_MS,
  mergeSources,
  sourceKeyOf,
  type ActivitySource,
  type SourceActivity,
} from '@loadwatch/domain/activity';
import { localDateOf } from '@loadwatch/domain/training-load';
import { ActivitySourceEntity } from '../entities/activity-source.entity';
import { ActivityStreamEntity } from '../entities/activity-stream.entity';
import { ActivityEntity } from '../entities/activity.entity';
import { DeletedProviderActivityEntity } from '../entities/deleted-provider-activity.entity';
import { DeletedRunEntity } from '../entities/deleted-run.entity';
import { runTransaction } from '../transactions';
import { holdAthlete } from './athlete-lock';
import { hasTombstone, writeTombstones } from './tombstones';

/** One source's activity to store: a FIT session, a Strava activity, a Garmin summary or file. */
export interface SourceImport {
  athleteId: string;
  source: ActivitySource;
  /** The provider's id, or `<sha256>:<session index>` for a FIT upload. */
  externalId: string;
  uploadId: string | null;
  activity: SourceActivity;
}

/** `deleted-by-athlete`: a provider's copy of a run the athlete deleted; nothing is stored. */
export type ImportOutcome = 'created' | 'merged' | 'updated' | 'unchanged' | 'deleted-by-athlete';

export type SourceImported =
  | { activityId: string; outcome: Exclude<ImportOutcome, 'deleted-by-athlete'> }
  | { activityId: null; outcome: 'deleted-by-athlete' };

export type SplitResult =
  | { kind: 'split'; activityId: string; splitActivityId: string }
  | { kind: 'not-found' }
  | { kind: 'only-source' };

/** A provenance as lists show it: everything but the record stream. */
export type SourceSummary = Omit<ActivitySourceEntity, 'stream'>;

const SOURCE_SUMMARY_COLUMNS: FindOptionsSelect<ActivitySourceEntity> = {
  id: true,
  athleteId: true,
  activityId: true,
  sourceKey: true,
  source: true,
  externalId: true,
  uploadId: true,
  keptApart: true,
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
  laps: false,
  device: true,
  recordCount: true,
  createdAtMs: true,
  updatedAtMs: true,
};

const IN_CHUNK = 500;

/**
 * Provenances and the merged activities built from them (libs/domain/activity merge.ts). Every write takes
 * the athlete's lock (a row lock on PostgreSQL; SQLite runs one transaction at a time), so two sources of one
 * run arriving at once still meet in one activity. Imports are idempotent by (athlete, sourceKey).
 */
@Injectable()
export class ActivitySourcesRepository {
  constructor(
    @InjectRepository(ActivitySourceEntity) private readonly sources: Repository<ActivitySourceEntity>,
  ) {}

  /**
   * Stores one source's activity and merges it: an unchanged source changes nothing, a changed one is
   * rewritten and its activity's fields chosen again (and, when its start or duration moved and it was
   * alone, matched again: rematchTarget), a new one joins the stored activity of the same run or becomes an
   * activity of its own. `timeZone` places the activity on the calendar (spec/metrics.md 2). A provider's
   * copy of a run the athlete deleted (a tombstone, ActivitiesRepository.deleteOwned) stores nothing.
   */
  importSource(input: SourceImport, timeZone: string, nowMs: number): Promise<SourceImported> {
    return runTransaction(this.sources.manager, async (manager) => {
      await lockAthlete(manager, input.athleteId);
      const sourceKey = sourceKeyOf(input.source, input.externalId);
      if (await hasTombstone(manager, input.athleteId, input)) {
        return { activityId: null, outcome: 'deleted-by-athlete' };
      }
      const values = sourceColumns(input, timeZone);
      const existing = await manager.findOneBy(ActivitySourceEntity, {
        athleteId: input.athleteId,
        sourceKey,
      });
      if (existing) {
        // A file's decode beats a provider's summary of the same activity (a Garmin summary after its file).
        const summaryAfterFile = existing.uploadId !== null && input.uploadId === null;
        if (summaryAfterFile || sameValues(existing, values)) {
          return { activityId: existing.activityId, outcome: 'unchanged' };
        }
        await manager.update(ActivitySourceEntity, { id: existing.id }, { ...values, updatedAtMs: nowMs });
        const target = windowMoved(existing, values)
          ? await this.rematchTarget(manager, input, existing)
          : null;
        if (target) {
          await manager.update(ActivitySourceEntity, { id: existing.id }, { activityId: target });
          // The activity it leaves has no source left and goes.
          await rebuild(manager, input.athleteId, existing.activityId, timeZone, nowMs);
        }
        await rebuild(manager, input.athleteId, target ?? existing.activityId, timeZone, nowMs);
        return { activityId: target ?? existing.activityId, outcome: 'updated' };
      }
      const target = await this.mergeTarget(manager, input);
      if (!target && input.source !== 'fit' && (await this.isDeletedRun(manager, input))) {
        // A provider's copy of a run the athlete deleted, which Loadwatch never held from this provider: refused,
        // and remembered by its key, so a backfill skips it from now on.
        await writeTombstones(manager, input.athleteId, [input], nowMs);
        return { activityId: null, outcome: 'deleted-by-athlete' };
      }
      const activityId = target ?? randomUUID();
      await manager.insert(ActivitySourceEntity, {
        ...values,
        id: randomUUID(),
        athleteId: input.athleteId,
        activityId,
        sourceKey,
        source: input.source,
        externalId: input.externalId,
        keptApart: false,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      });
      await rebuild(manager, input.athleteId, activityId, timeZone, nowMs);
      return { activityId, outcome: target ? 'merged' : 'created' };
    });
  }

  /**
   * Removes one source; its activity keeps its other sources (fields chosen again) or goes when it has
   * none left. Returns the activity it belonged to, or null when no such source is stored.
   */
  removeSource(
    athleteId: string,
    source: ActivitySource,
    externalId: string,
    timeZone: string,
    nowMs: number,
  ): Promise<{ activityId: string } | null> {
    return runTransaction(this.sources.manager, async (manager) => {
      await lockAthlete(manager, athleteId);
      const sourceKey = sourceKeyOf(source, externalId);
      const existing = await manager.findOneBy(ActivitySourceEntity, { athleteId, sourceKey });
      if (!existing) return null;
      await manager.delete(ActivitySourceEntity, { id: existing.id });
      await rebuild(manager, athleteId, existing.activityId, timeZone, nowMs);
      return { activityId: existing.activityId };
    });
  }

  /**
   * Undoes a merge: the source becomes an activity of its own, marked kept apart so that no later sync or
   * upload merges it again, and the activity it left has its fields chosen again from the rest.
   */
  split(
    athleteId: string,
    activityId: string,
    sourceId: string,
    timeZone: string,
    nowMs: number,
  ): Promise<SplitResult> {
    return runTransaction(this.sources.manager, async (manager) => {
      await lockAthlete(manager, athleteId);
      const sources = await manager.find(ActivitySourceEntity, {
        where: { athleteId, activityId },
        select: { id: true },
      });
      if (!sources.some((s) => s.id === sourceId)) return { kind: 'not-found' };
      if (sources.length < 2) return { kind: 'only-source' };
      const splitActivityId = randomUUID();
      await manager.update(
        ActivitySourceEntity,
        { id: sourceId },
        { activityId: splitActivityId, keptApart: true, updatedAtMs: nowMs },
      );
      // The activity left behind first: it may have been named by the source's key, which moves on.
      await rebuild(manager, athleteId, activityId, timeZone, nowMs);
      await rebuild(manager, athleteId, splitActivityId, timeZone, nowMs);
      return { kind: 'split', activityId, splitActivityId };
    });
  }

  /** The provenances of the given activities, without streams, by activity id in precedence order. */
  async listByActivities(activityIds: readonly string[]): Promise<Map<string, SourceSummary[]>> {
    const byActivity = new Map<string, SourceSummary[]>();
    for (let i = 0; i < activityIds.length; i += IN_CHUNK) {
      const rows = await this.sources.find({
        where: { activityId: In(activityIds.slice(i, i + IN_CHUNK)) },
        select: SOURCE_SUMMARY_COLUMNS,
        order: { createdAtMs: 'ASC', id: 'ASC' },
      });
      for (const row of rows)
        byActivity.set(row.activityId, [...(byActivity.get(row.activityId) ?? []), row]);
    }
    return byActivity;
  }

  /** Whether the athlete deleted this provider activity in Loadwatch (a tombstone): imports refuse it. */
  isDeletedByAthlete(athleteId: string, source: ActivitySource, externalId: string): Promise<boolean> {
    return hasTombstone(this.sources.manager, athleteId, { source, externalId });
  }

  /**
   * Which of these external ids of a source the athlete already holds, or deleted (a tombstone): a backfill
   * fetches neither.
   */
  async findStoredExternalIds(
    athleteId: string,
    source: ActivitySource,
    externalIds: readonly string[],
  ): Promise<Set<string>> {
    const stored = new Set<string>();
    for (let i = 0; i < externalIds.length; i += IN_CHUNK) {
      const chunk = externalIds.slice(i, i + IN_CHUNK);
      const rows = await this.sources.find({
        where: { athleteId, source, externalId: In(chunk) },
        select: { externalId: true },
      });
      const deleted = await this.sources.manager.find(DeletedProviderActivityEntity, {
        where: { athleteId, sourceKey: In(chunk.map((id) => sourceKeyOf(source, id))) },
        select: { externalId: true },
      });
      for (const row of [...rows, ...deleted]) stored.add(row.externalId);
    }
    return stored;
  }

  /** The ids of an athlete's activities whose only source is the given one (Strava-only runs). */
  async findSingleSourceActivityIds(athleteId: string, source: ActivitySource): Promise<string[]> {
    const rows = await this.sources.manager
      .createQueryBuilder(ActivityEntity, 'a')
      .select('a.id', 'id')
      .where('a.athleteId = :athleteId AND a.source = :source', { athleteId, source })
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /**
   * Where a stored source whose start or duration changed (a Strava `update`: athletes edit the start time)
   * goes, or null to stay. Only a source alone in its activity is matched again, since its run may now be
   * another activity's, which would otherwise count twice. A source that shares its activity stays merged:
   * the match was true when made, the device file's fields win the merged activity anyway, and taking it
   * apart is the athlete's undo (split), not a side effect of an edit on Strava. A source the athlete split
   * off (kept apart) never merges again, whatever it becomes.
   */
  private async rematchTarget(
    manager: EntityManager,
    input: SourceImport,
    existing: ActivitySourceEntity,
  ): Promise<string | null> {
    if (existing.keptApart) return null;
    const siblings = await manager.countBy(ActivitySourceEntity, { activityId: existing.activityId });
    if (siblings > 1) return null;
    return this.mergeTarget(manager, input, existing.activityId);
  }

  /** The stored activity of the same run this source merges into, if any (libs/domain/activity). */
  private async mergeTarget(
    manager: EntityManager,
    input: SourceImport,
    ownActivityId: string | null = null,
  ): Promise<string | null> {
    const { startMs } = input.activity;
    const near = (
      await manager.find(ActivityEntity, {
        where: {
          athleteId: input.athleteId,
          startMs: Between(startMs - MATCH_START_TOLERANCE_MS, startMs + MATCH_START_TOLERANCE_MS),
        },
        select: { id: true, startMs: true, movingTimeS: true, elapsedTimeS: true },
      })
    ).filter((activity) => activity.id !== ownActivityId);
    if (near.length === 0) return null;
    const sources = await manager.find(ActivitySourceEntity, {
      where: { activityId: In(near.map((a) => a.id)) },
      select: { activityId: true, source: true, keptApart: true },
    });
    const candidates = near
      .map((activity) => {
        const own = sources.filter((s) => s.activityId === activity.id);
        return {
          activityId: activity.id,
          startMs: activity.startMs,
          movingTimeS: activity.movingTimeS,
          elapsedTimeS: activity.elapsedTimeS,
          sources: own.map((s) => s.source),
          keptApart: own.some((s) => s.keptApart),
          // An activity written without provenances (by hand, in tests) is never merged into.
          known: own.length > 0,
        };
      })
      .filter((candidate) => candidate.known);
    return findMergeTarget({ ...input.activity, source: input.source }, candidates)?.activityId ?? null;
  }

  /** Whether the incoming source is the same run (isSameRun) as one the athlete deleted. */
  private async isDeletedRun(manager: EntityManager, input: SourceImport): Promise<boolean> {
    const { startMs } = input.activity;
    const deleted = await manager.find(DeletedRunEntity, {
      where: {
        athleteId: input.athleteId,
        startMs: Between(startMs - MATCH_START_TOLERANCE_MS, startMs + MATCH_START_TOLERANCE_MS),
      },
      select: { startMs: true, movingTimeS: true, elapsedTimeS: true },
    });
    return deleted.some((run) => isSameRun(input.activity, run));
  }
}

/**
 * Holds the athlete's row for the transaction (PostgreSQL; SQLite's transactions run one at a time), so two
 * sources of one run arriving together meet, and an account deletion (which holds the same row) either
 * comes first, and then this refuses, or waits: no activity is written for an athlete who is gone.
 */
async function lockAthlete(manager: EntityManager, athleteId: string): Promise<void> {
  if (!(await holdAthlete(manager, athleteId))) throw new AthleteGoneError(athleteId);
}

/** The athlete was deleted while an import was on its way (a job already running, a file in flight). */
export class AthleteGoneError extends Error {
  override readonly name = 'AthleteGoneError';
  constructor(athleteId: string) {
    super(`Athlete ${athleteId} no longer exists.`);
  }
}

type SourceColumns = Omit<
  ActivitySourceEntity,
  | 'id'
  | 'athleteId'
  | 'activityId'
  | 'sourceKey'
  | 'source'
  | 'externalId'
  | 'keptApart'
  | 'createdAtMs'
  | 'updatedAtMs'
>;

function sourceColumns({ activity, uploadId }: SourceImport, timeZone: string): SourceColumns {
  return {
    uploadId,
    sport: activity.sport,
    subSport: activity.subSport,
    sportClass: activity.sportClass,
    startMs: activity.startMs,
    utcOffsetS: activity.utcOffsetS,
    localDate: localDateOf(activity, timeZone),
    distanceM: activity.distanceM,
    movingTimeS: activity.movingTimeS,
    elapsedTimeS: activity.elapsedTimeS,
    ascentM: activity.ascentM,
    descentM: activity.descentM,
    avgHeartRateBpm: activity.avgHeartRateBpm,
    avgCadenceSpm: activity.avgCadenceSpm,
    laps: activity.laps,
    device: activity.device,
    recordCount: activity.stream?.timeS.length ?? 0,
    stream: activity.stream,
  };
}

function toSourceActivity(row: ActivitySourceEntity): SourceActivity {
  return {
    source: row.source,
    sport: row.sport,
    subSport: row.subSport,
    sportClass: row.sportClass,
    startMs: row.startMs,
    utcOffsetS: row.utcOffsetS,
    distanceM: row.distanceM,
    movingTimeS: row.movingTimeS,
    elapsedTimeS: row.elapsedTimeS,
    ascentM: row.ascentM,
    descentM: row.descentM,
    avgHeartRateBpm: row.avgHeartRateBpm,
    avgCadenceSpm: row.avgCadenceSpm,
    laps: row.laps,
    device: row.device,
    stream: row.stream,
  };
}

/**
 * Chooses the activity's fields again from its sources and writes the activity and its stream (deleting
 * both when no source is left). Leaves an activity whose values did not change untouched.
 */
async function rebuild(
  manager: EntityManager,
  athleteId: string,
  activityId: string,
  timeZone: string,
  nowMs: number,
): Promise<void> {
  const sources = await manager.find(ActivitySourceEntity, { where: { activityId }, order: { id: 'ASC' } });
  if (sources.length === 0) {
    await manager.delete(ActivityEntity, { id: activityId, athleteId });
    await manager.delete(ActivityStreamEntity, { activityId });
    return;
  }
  const merged = mergeSources(sources.map(toSourceActivity));
  const { stream, fieldSources, primary: primarySource, ...fields } = merged;
  const primary = sources.find((s) => s.source === primarySource) ?? sources[0];
  const values: Omit<ActivityEntity, 'id' | 'createdAtMs' | 'updatedAtMs'> = {
    ...fields,
    athleteId,
    sourceKey: primary.sourceKey,
    source: primary.source,
    uploadId: primary.uploadId ?? sources.find((s) => s.uploadId !== null)?.uploadId ?? null,
    localDate: localDateOf(fields, timeZone),
    recordCount: stream?.timeS.length ?? 0,
    fieldSources: sources.length > 1 ? fieldSources : null,
  };
  const existing = await manager.findOneBy(ActivityEntity, { id: activityId });
  if (existing && sameValues(existing, values)) {
    const stored = await manager.findOneBy(ActivityStreamEntity, { activityId });
    if (JSON.stringify(stored?.stream ?? null) === JSON.stringify(stream)) return;
  }
  if (existing) await manager.update(ActivityEntity, { id: activityId }, { ...values, updatedAtMs: nowMs });
  else
    await manager.insert(ActivityEntity, {
      ...values,
      id: activityId,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    });
  if (stream) await manager.save(ActivityStreamEntity, { activityId, stream });
  else await manager.delete(ActivityStreamEntity, { activityId });
}

/** Whether an update moved what matching looks at: the start or a duration. */
function windowMoved(stored: ActivitySourceEntity, values: SourceColumns): boolean {
  return (
    stored.startMs !== values.startMs ||
    stored.movingTimeS !== values.movingTimeS ||
    stored.elapsedTimeS !== values.elapsedTimeS
  );
}

function sameValues<T extends object>(stored: T, values: Partial<T>): boolean {
  return (Object.keys(values) as (keyof T)[]).every(
    (key) => JSON.stringify(stored[key] ?? null) === JSON.stringify(values[key] ?? null),
  );
}
