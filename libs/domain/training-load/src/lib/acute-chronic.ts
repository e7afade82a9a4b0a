import type { DayLoad } from './types';
import { dayNumber, isoDate } from './dates';

/** Days at the start of history on which every ratio is null (spec/metrics.md section 6). */
export const RATIO_WARM_UP_DAYS = 28;
const ACUTE_DAYS = 7;
const CHRONIC_DAYS = 28;
const EWMA_ACUTE = 2 / (ACUTE_DAYS + 1);
const EWMA_CHRONIC = 2 / (CHRONIC_DAYS + 1);

/**
 * Acute:chronic ratios per day (spec/metrics.md section 6), context only. `dailyLoadsM[i]` is the running
 * distance (m) on local date `historyStart + i`, day 0 being the first day of history. Rolling means are
 * m/day over fixed spans (7, 28 and the 21 days t-27..t-7), days before history counting as 0; the EWMAs
 * start from 0. Every ratio is null on days 0..27 and when its chronic value is 0.
 */
export function acuteChronicDays(historyStart: string, dailyLoadsM: readonly number[]): DayLoad[] {
  const days: DayLoad[] = new Array(dailyLoadsM.length);
  let ewmaAcute = 0;
  let ewmaChronic = 0;
  const first = dayNumber(historyStart);
  for (let t = 0; t < dailyLoadsM.length; t++) {
    const load = dailyLoadsM[t];
    const recentM = windowSum(dailyLoadsM, t - 6, t);
    const acuteM = recentM / ACUTE_DAYS;
    const olderM = windowSum(dailyLoadsM, t - 27, t - 7);
    const chronicCoupledM = (recentM + olderM) / CHRONIC_DAYS;
    const chronicUncoupledM = olderM / (CHRONIC_DAYS - ACUTE_DAYS);
    ewmaAcute = EWMA_ACUTE * load + (1 - EWMA_ACUTE) * ewmaAcute;
    ewmaChronic = EWMA_CHRONIC * load + (1 - EWMA_CHRONIC) * ewmaChronic;
    const warm = t >= RATIO_WARM_UP_DAYS;
    days[t] = {
      date: isoDate(first + t),
      loadM: load,
      acuteM,
      chronicCoupledM,
      chronicUncoupledM,
      ewmaAcuteM: ewmaAcute,
      ewmaChronicM: ewmaChronic,
      acwrCoupled: warm ? acuteChronicRatio(acuteM, chronicCoupledM) : null,
      acwrUncoupled: warm ? acuteChronicRatio(acuteM, chronicUncoupledM) : null,
      acwrEwma: warm ? acuteChronicRatio(ewmaAcute, ewmaChronic) : null,
    };
  }
  return days;
}

/** An acute:chronic ratio (fraction); null when the chronic value is 0 (spec/metrics.md section 6). */
export function acuteChronicRatio(acuteM: number, chronicM: number): number | null {
  return chronicM === 0 ? null : acuteM / chronicM;
}

function windowSum(loads: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = Math.max(from, 0); i <= to; i++) sum += loads[i];
  return sum;
}
