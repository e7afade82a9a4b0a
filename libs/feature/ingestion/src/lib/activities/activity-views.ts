import type { ActivityEntity } from '@loadwatch/data-access/db';
import type { RecordStream } from '@loadwatch/domain/activity';
import type { ActivityDetail, ActivitySummary } from '@loadwatch/shared/contracts';

const iso = (ms: number) => new Date(ms).toISOString();

export function toActivitySummary(activity: ActivityEntity): ActivitySummary {
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
  };
}

/** `stream`: undefined leaves it out (not asked for); null says the activity has none. */
export function toActivityDetail(activity: ActivityEntity, stream?: RecordStream | null): ActivityDetail {
  return {
    ...toActivitySummary(activity),
    laps: activity.laps.map(({ startMs, ...lap }) => ({ startedAt: iso(startMs), ...lap })),
    ...(stream === undefined ? {} : { stream }),
  };
}
