/**
 * Return-to-run mode (spec/rules.md R20): set by the athlete or a granted coach. Plan week `i` is the
 * `i`-th calendar week (the athlete's week start) counted from the week holding `startDate`; the mode ends
 * with the plan's last week.
 */
export interface ReturnToRun {
  /** Local ISO date on which the mode starts. */
  startDate: string;
  /** Planned running distance (m) of each week, the first entry for the week holding `startDate`. */
  weeklyPlanM: readonly number[];
}
