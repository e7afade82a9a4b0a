export type PaceUnit = 'km' | 'mi';

/** Metres in one unit of pace distance. */
export const METRES_PER: Readonly<Record<PaceUnit, number>> = { km: 1000, mi: 1609.344 };

const PACE = /^\s*(?:(\d+):)?(\d+):(\d{2}(?:\.\d+)?)\s*(?:(?:min\s*)?\/\s*(km|mi|mile)\s*)?$/i;

/**
 * Speed (m/s) of a pace given as seconds per km or per mile (spec/metrics.md section 5: the threshold
 * pace setting, converted). Throws a RangeError unless the pace is a positive finite number.
 */
export function paceSecondsToSpeed(secondsPerUnit: number, unit: PaceUnit = 'km'): number {
  if (!Number.isFinite(secondsPerUnit) || secondsPerUnit <= 0) {
    throw new RangeError(`Not a pace: ${secondsPerUnit} s/${unit}`);
  }
  return METRES_PER[unit] / secondsPerUnit;
}

/**
 * Speed (m/s) of a pace written `m:ss` or `h:mm:ss`, optionally followed by `/km` or `/mi`
 * (`"4:00"`, `"4:00/km"`, `"6:26/mi"`); `unit` applies when the text names none. Throws a RangeError on
 * anything else (spec/metrics.md section 5).
 */
export function paceToSpeed(pace: string, unit: PaceUnit = 'km'): number {
  const match = PACE.exec(pace);
  if (!match) throw new RangeError(`Not a pace (m:ss, optionally /km or /mi): "${pace}"`);
  const [, hours, minutes, seconds, written] = match;
  if (Number(seconds) >= 60 || (hours !== undefined && Number(minutes) >= 60)) {
    throw new RangeError(`Not a pace (seconds or minutes out of range): "${pace}"`);
  }
  const total = Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
  const paceUnit: PaceUnit = written === undefined ? unit : written.toLowerCase() === 'km' ? 'km' : 'mi';
  return paceSecondsToSpeed(total, paceUnit);
}
