/**
 * Week-over-week ramp `W(k) / W(k-1) - 1` (fraction), spec/metrics.md section 4. `previous` is null when
 * week k-1 lies before history start; the ramp is null then and when `previous` is 0.
 */
export function weekOverWeekRamp(current: number, previous: number | null): number | null {
  if (previous === null || previous === 0) return null;
  return current / previous - 1;
}

/**
 * 4-week baseline `base(k)` (same unit as the inputs, m for distance), spec/metrics.md section 4: the mean
 * of the previous weeks given, which are those of k-1..k-4 inside history; null when none is.
 */
export function baseline(previousWeeks: readonly number[]): number | null {
  if (previousWeeks.length === 0) return null;
  let sum = 0;
  for (const value of previousWeeks) sum += value;
  return sum / previousWeeks.length;
}

/** Ramp against the baseline `W(k) / base(k) - 1` (fraction), spec/metrics.md section 4; null when base is 0 or null. */
export function rampVsBaseline(current: number, base: number | null): number | null {
  if (base === null || base === 0) return null;
  return current / base - 1;
}
