/** Monotony is capped here, and is this value when the daily loads do not vary (spec/metrics.md 7). */
export const MONOTONY_CAP = 10;

/**
 * Foster monotony of a week (dimensionless), spec/metrics.md section 7: `min(mean / sd, 10)` over its 7
 * daily loads (m; days without runs count as 0) with the population standard deviation, 10 when `sd = 0`;
 * null for a week without runs.
 */
export function monotony(dailyLoadsM: readonly number[], hasRuns: boolean): number | null {
  if (!hasRuns || dailyLoadsM.length === 0) return null;
  let sum = 0;
  for (const load of dailyLoadsM) sum += load;
  const mean = sum / dailyLoadsM.length;
  let squares = 0;
  for (const load of dailyLoadsM) squares += (load - mean) ** 2;
  const sd = Math.sqrt(squares / dailyLoadsM.length);
  return sd === 0 ? MONOTONY_CAP : Math.min(mean / sd, MONOTONY_CAP);
}

/** Foster strain (km), spec/metrics.md section 7: `W(k)` in km times monotony; null with monotony null. */
export function strain(weekDistanceM: number, weekMonotony: number | null): number | null {
  return weekMonotony === null ? null : (weekDistanceM / 1000) * weekMonotony;
}
