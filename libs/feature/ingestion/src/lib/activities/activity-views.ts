import type { ActivityEntity, SourceSummary } from '@loadwatch/data-access/db';
import { byPrecedence, type RecordStream } from '@loadwatch/domain/activity';
import type { ActivityDetail, ActivityProvenanceView, ActivitySummary } from '@loadwatch/shared/contracts';

const iso = (ms: number) => new Date(ms).toISOString();

/** `provenances`: the activity's sources as the viewer may see them (a coach never sees Strava's). */
export function toActivitySummary(
  activity: ActivityEntity,
  provenances: readonly SourceSummary[] = [],
): ActivitySummary {
  return {
    id: activity.id,
    source: activity.source,
    uploadId: activity.uploadId,
    sport: activity.sport,
    subSport: activity.subSport,
    sportClass: activity.sportClass,
    startedAt: iso(activity.startMs),
    utcOffsetS: activity.utcOffsetS,
    localDate: activity.localDate,
    distanceM: activity.distanceM,
    movingTimeS: activity.movingTimeS,
    elapsedTimeS: activity.elapsedTimeS,
    ascentM: activity.ascentM,
    descentM: activity.descentM,
    avgHeartRateBpm: activity.avgHeartRateBpm,
    avgCadenceSpm: activity.avgCadenceSpm,
    device: activity.device,
    recordCount: activity.recordCount,
    provenances: byPrecedence(provenances).map(toProvenanceView),
    fieldSources: activity.fieldSources ?? null,
  };
}

/** `stream`: undefined leaves it out (not asked for); null says the activity has none. */
export function toActivityDetail(
  activity: ActivityEntity,
  provenances: readonly SourceSummary[] = [],
  stream?: RecordStream | null,
): ActivityDetail {
  return {
    ...toActivitySummary(activity, provenances),
    laps: activity.laps.map(({ startMs, ...lap }) => ({ startedAt: iso(startMs), ...lap })),
    ...(stream === undefined ? {} : { stream }),
  };
}

function toProvenanceView(source: SourceSummary): ActivityProvenanceView {
  return {
    id: source.id,
    source: source.source,
    externalId: source.externalId,
    uploadId: source.uploadId,
    keptApart: source.keptApart,
    sport: source.sport,
    startedAt: iso(source.startMs),
    distanceM: source.distanceM,
    movingTimeS: source.movingTimeS,
    elapsedTimeS: source.elapsedTimeS,
    avgHeartRateBpm: source.avgHeartRateBpm,
    recordCount: source.recordCount,
  };
}
