import type { Activity } from '@loadwatch/domain/activity';

/**
 * Descent (m) of an altitude stream (spec/metrics.md section 8): the sum of its drops between consecutive
 * known altitudes; null with fewer than two.
 */
export function descentFromAltitude(altitudeM: readonly (number | null)[]): number | null {
  let previous: number | null = null;
  let known = 0;
  let total = 0;
  for (const altitude of altitudeM) {
    if (altitude === null || !Number.isFinite(altitude)) continue;
    if (previous !== null && altitude < previous) total += previous - altitude;
    previous = altitude;
    known++;
  }
  return known >= 2 ? total : null;
}

/** A run's descent (m): its summary total, else its altitude stream's drops, else null (spec/metrics.md 8). */
export function runDescent(run: Pick<Activity, 'descentM' | 'stream'>): number | null {
  if (run.descentM !== null) return run.descentM;
  return run.stream ? descentFromAltitude(run.stream.altitudeM) : null;
}

/** `descent(k)` (m), spec/metrics.md section 8: sum over the runs having a descent; null when none has. */
export function weekDescent(descentsM: readonly (number | null)[]): number | null {
  let total: number | null = null;
  for (const descent of descentsM) if (descent !== null) total = (total ?? 0) + descent;
  return total;
}
