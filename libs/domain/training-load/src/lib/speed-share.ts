/** A share whose coverage is below this is shown but marked, and no rule fires on it (spec/metrics.md 5). */
export const LOW_COVERAGE_BELOW = 0.5;

export interface SpeedShare {
  /** F(k): fast distance of the runs whose fast distance is known (m). */
  fastM: number;
  /** C(k): distance of those same runs (m). */
  coveredM: number;
  /** F(k) / C(k); null when C(k) = 0. */
  speedShare: number | null;
  /** C(k) / W(k); 0 when runs exist but none has a known fast distance; null when W(k) = 0. */
  coverage: number | null;
  lowCoverage: boolean;
}

/**
 * Weekly speed-work share of a week's runs (spec/metrics.md section 5), from each run's distance (m) and
 * fast distance (m, null when unknown). W(k) is the sum of all the runs' distances.
 */
export function speedShare(runs: readonly { distanceM: number; fastM: number | null }[]): SpeedShare {
  let weekM = 0;
  let fastM = 0;
  let coveredM = 0;
  for (const run of runs) {
    weekM += run.distanceM;
    if (run.fastM === null) continue;
    fastM += run.fastM;
    coveredM += run.distanceM;
  }
  const coverage = weekM === 0 ? null : coveredM / weekM;
  return {
    fastM,
    coveredM,
    speedShare: coveredM === 0 ? null : fastM / coveredM,
    coverage,
    lowCoverage: coverage !== null && coverage < LOW_COVERAGE_BELOW,
  };
}
