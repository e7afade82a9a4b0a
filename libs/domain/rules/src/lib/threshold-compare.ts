/**
 * Threshold comparisons that tolerate floating-point rounding (1e-9, relative to the threshold), so that a
 * ramp of 55 km / 50 km - 1 counts as exactly 10 % and an exact boundary behaves as spec/rules.md states.
 */
const EPSILON = 1e-9;

const tolerance = (limit: number): number => EPSILON * Math.max(1, Math.abs(limit));

/** `value > limit`. */
export function above(value: number, limit: number): boolean {
  return value - limit > tolerance(limit);
}

/** `value >= limit`. */
export function atLeast(value: number, limit: number): boolean {
  return value - limit >= -tolerance(limit);
}

/** `value < limit`. */
export function below(value: number, limit: number): boolean {
  return !atLeast(value, limit);
}

/** `value <= limit`. */
export function atMost(value: number, limit: number): boolean {
  return !above(value, limit);
}
