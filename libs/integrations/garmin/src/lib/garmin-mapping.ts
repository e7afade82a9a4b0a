import { classifyGarminActivityType, type Activity } from '@loadwatch/domain/activity';
import type { GarminActivitySummary } from './garmin-client';

/**
 * The provider's id of a summary's activity: `activityId`, which the activity file of the same activity also
 * carries, so a summary and its file are one provenance (`garmin:<activityId>`). A summary without one
 * falls back to its `summaryId`.
 */
export function garminActivityId(summary: Pick<GarminActivitySummary, 'activityId' | 'summaryId'>): string {
  return summary.activityId !== undefined ? String(summary.activityId) : summary.summaryId;
}

/**
 * A Garmin activity summary as a normalized activity (libs/domain/activity). A summary has no record stream
 * or laps (those come with the activity file); `durationInSeconds` is taken as the moving time, as the
 * Activity type documents, and no elapsed time is known. Null when the summary has no start time.
 */
export function toActivity(summary: GarminActivitySummary): Activity | null {
  if (typeof summary.startTimeInSeconds !== 'number') return null;
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    id: `garmin-${garminActivityId(summary)}`,
    source: 'garmin',
    sport: summary.activityType ?? 'UNKNOWN',
    subSport: null,
    sportClass: classifyGarminActivityType(summary.activityType),
    startMs: summary.startTimeInSeconds * 1000,
    utcOffsetS: num(summary.startTimeOffsetInSeconds),
    distanceM: num(summary.distanceInMeters),
    movingTimeS: num(summary.durationInSeconds),
    elapsedTimeS: null,
    ascentM: num(summary.totalElevationGainInMeters),
    descentM: num(summary.totalElevationLossInMeters),
    avgHeartRateBpm: num(summary.averageHeartRateInBeatsPerMinute),
    avgCadenceSpm: num(summary.averageRunCadenceInStepsPerMinute),
    laps: [],
    stream: null,
    device: summary.deviceName ? { manufacturer: 'garmin', product: summary.deviceName } : null,
  };
}
