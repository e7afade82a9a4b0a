import type { SpeedMethod } from './types';

/** Windows (s) of the two best mean speeds behind the critical speed (spec/metrics.md section 5). */
export const CS_SHORT_WINDOW_S = 180;
export const CS_LONG_WINDOW_S = 720;
/** Local days of runs feeding the critical speed, ending on (and including) the week's last day. */
export const CS_LOOKBACK_DAYS = 90;

/**
 * Critical speed (m/s) from the best 180 s and 720 s mean speeds (m/s), spec/metrics.md section 5:
 * `CS = (v12 * 720 - v3 * 180) / 540`, the slope of distance over time between the two efforts.
 * Null when either input is missing or `CS <= 0`.
 */
export function criticalSpeed(v3Mps: number | null, v12Mps: number | null): number | null {
  if (v3Mps === null || v12Mps === null) return null;
  const cs = (v12Mps * CS_LONG_WINDOW_S - v3Mps * CS_SHORT_WINDOW_S) / (CS_LONG_WINDOW_S - CS_SHORT_WINDOW_S);
  return Number.isFinite(cs) && cs > 0 ? cs : null;
}

export interface Threshold {
  speedMethod: SpeedMethod;
  thresholdSpeedMps: number | null;
  v3Mps: number | null;
  v12Mps: number | null;
}

/**
 * The threshold speed `vT` of a week (spec/metrics.md section 5): the athlete's setting (m/s) when it is a
 * positive number, else the critical speed of the window's best mean speeds, else unknown. `v3Mps` and
 * `v12Mps` are reported whenever they were looked at, including when the critical speed came out `<= 0`.
 */
export function resolveThreshold(
  settingMps: number | null | undefined,
  v3Mps: number | null,
  v12Mps: number | null,
): Threshold {
  if (hasThresholdSetting(settingMps)) {
    return { speedMethod: 'setting', thresholdSpeedMps: settingMps, v3Mps: null, v12Mps: null };
  }
  const cs = criticalSpeed(v3Mps, v12Mps);
  return {
    speedMethod: cs === null ? 'unknown' : 'critical-speed',
    thresholdSpeedMps: cs,
    v3Mps,
    v12Mps,
  };
}

/** Whether the settings carry a usable threshold speed, so that no critical speed is needed. */
export function hasThresholdSetting(settingMps: number | null | undefined): settingMps is number {
  return typeof settingMps === 'number' && Number.isFinite(settingMps) && settingMps > 0;
}
