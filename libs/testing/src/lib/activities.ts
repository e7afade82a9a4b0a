import type { Activity, ActivitySource } from '@loadwatch/domain/activity';

/**
 * A normalized run as a provider or file delivers it: steady at 3 m/s (distance / 3 seconds), no stream,
 * laps or device unless given. For tests of provenance, coach visibility and alerts that need runs without
 * writing FIT files.
 */
export function runActivity(
  source: ActivitySource,
  id: string,
  start: number | string,
  distanceM: number,
  over: Partial<Activity> = {},
): Activity {
  return {
    id,
    source,
    sport: source === 'strava' ? 'Run' : source === 'garmin' ? 'RUNNING' : 'running',
    subSport: null,
    sportClass: 'running',
    startMs: typeof start === 'string' ? Date.parse(start) : start,
    utcOffsetS: 0,
    distanceM,
    movingTimeS: distanceM / 3,
    elapsedTimeS: distanceM / 3,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: null,
    avgCadenceSpm: null,
    laps: [],
    device: null,
    stream: null,
    ...over,
  };
}
