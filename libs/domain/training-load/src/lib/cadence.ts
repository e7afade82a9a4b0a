/**
 * `cadence(k)` (steps/min), spec/metrics.md section 8: the moving-time-weighted mean of the average cadence
 * of the runs having one. By decision a run without moving time weighs by its elapsed time, and when no run
 * with a cadence has any time the plain mean is taken; null when no run has a cadence.
 */
export function weightedCadence(
  runs: readonly { avgCadenceSpm: number | null; movingTimeS: number | null; elapsedTimeS?: number | null }[],
): number | null {
  let weighted = 0;
  let weights = 0;
  let plain = 0;
  let count = 0;
  for (const run of runs) {
    if (run.avgCadenceSpm === null || !Number.isFinite(run.avgCadenceSpm)) continue;
    const weight = run.movingTimeS ?? run.elapsedTimeS ?? 0;
    if (weight > 0) {
      weighted += run.avgCadenceSpm * weight;
      weights += weight;
    }
    plain += run.avgCadenceSpm;
    count++;
  }
  if (count === 0) return null;
  return weights > 0 ? weighted / weights : plain / count;
}
