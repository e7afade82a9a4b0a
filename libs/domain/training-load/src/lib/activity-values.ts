import type { Activity } from '@loadwatch/domain/activity';

/**
 * An activity's distance (m), spec/metrics.md section 3: its summary distance, else the last record's
 * distance, else (by decision) 0, so that a manual entry without distance still counts as a run.
 */
export function activityDistance(activity: Pick<Activity, 'distanceM' | 'stream'>): number {
  if (activity.distanceM !== null && Number.isFinite(activity.distanceM)) return activity.distanceM;
  const records = activity.stream?.distanceM ?? [];
  for (let i = records.length - 1; i >= 0; i--) {
    const distance = records[i];
    if (distance !== null && Number.isFinite(distance)) return distance;
  }
  return 0;
}

/** An activity's time (s) for cross-training: moving time, else elapsed time, else 0 (spec/metrics.md 1, 3). */
export function activityTime(activity: Pick<Activity, 'movingTimeS' | 'elapsedTimeS'>): number {
  return activity.movingTimeS ?? activity.elapsedTimeS ?? 0;
}
