import type { SportClass } from './activity';

const FIT_WALKING = new Set(['walking', 'hiking']);

/** FIT `session.sport` to its load class (spec/metrics.md section 1); any sub-sport of running is running. */
export function classifyFitSport(sport: string | number | null | undefined): SportClass {
  if (sport === 'running') return 'running';
  if (typeof sport === 'string' && FIT_WALKING.has(sport)) return 'walking';
  return 'cross-training';
}

const STRAVA_RUNNING = new Set(['Run', 'TrailRun', 'VirtualRun']);
const STRAVA_WALKING = new Set(['Walk', 'Hike']);

/** Strava `sport_type` to its load class (spec/metrics.md section 1); unknown values are cross-training. */
export function classifyStravaSportType(sportType: string | null | undefined): SportClass {
  if (sportType && STRAVA_RUNNING.has(sportType)) return 'running';
  if (sportType && STRAVA_WALKING.has(sportType)) return 'walking';
  return 'cross-training';
}

/**
 * Garmin `activityType` to its load class (spec/metrics.md section 1): any type containing `RUN`
 * (which covers `RUNNING`) is running.
 */
export function classifyGarminActivityType(activityType: string | null | undefined): SportClass {
  const type = (activityType ?? '').toUpperCase();
  if (type.includes('RUN')) return 'running';
  if (type === 'WALKING' || type === 'HIKING') return 'walking';
  return 'cross-training';
}
