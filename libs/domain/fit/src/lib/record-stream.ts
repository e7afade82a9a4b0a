import type { RecordStream } from '@loadwatch/domain/activity';
import type { FitRecordSample } from './fit-content';

/**
 * The compact stream of one session's records (sorted by time, none before `startMs`). With `stepCadence`,
 * FIT cadence (strides/min) plus its fractional part is doubled into steps/min; otherwise cadence is left
 * out, since rpm or strokes/min are not steps. Values are rounded to their FIT resolution to shed float noise.
 * An array whose every entry is null is returned empty.
 */
export function buildRecordStream(
  records: readonly FitRecordSample[],
  startMs: number,
  stepCadence: boolean,
): RecordStream | null {
  if (records.length === 0) return null;
  const timeS: number[] = [];
  const distanceM: (number | null)[] = [];
  const speedMps: (number | null)[] = [];
  const altitudeM: (number | null)[] = [];
  const heartRateBpm: (number | null)[] = [];
  const cadenceSpm: (number | null)[] = [];
  for (const record of records) {
    timeS.push(round((record.timeMs - startMs) / 1000, 3));
    distanceM.push(roundOrNull(record.distanceM, 2));
    speedMps.push(roundOrNull(record.speedMps, 3));
    altitudeM.push(roundOrNull(record.altitudeM, 2));
    heartRateBpm.push(record.heartRateBpm);
    cadenceSpm.push(stepCadence ? stepsPerMinute(record.cadence, record.fractionalCadence) : null);
  }
  return {
    timeS,
    distanceM: emptyIfAllNull(distanceM),
    speedMps: emptyIfAllNull(speedMps),
    altitudeM: emptyIfAllNull(altitudeM),
    heartRateBpm: emptyIfAllNull(heartRateBpm),
    cadenceSpm: emptyIfAllNull(cadenceSpm),
  };
}

/** FIT strides/min (+ fractional strides) to steps/min (spec/metrics.md section 3). */
export function stepsPerMinute(cadence: number | null, fractional: number | null): number | null {
  if (cadence === null) return null;
  return round(2 * (cadence + (fractional ?? 0)), 2);
}

/** Total rise and drop (m) along an altitude stream; null with fewer than two altitudes. */
export function altitudeChange(
  altitudeM: readonly (number | null)[],
): { ascentM: number; descentM: number } | null {
  let previous: number | null = null;
  let count = 0;
  let ascentM = 0;
  let descentM = 0;
  for (const altitude of altitudeM) {
    if (altitude === null) continue;
    if (previous !== null) {
      if (altitude > previous) ascentM += altitude - previous;
      else descentM += previous - altitude;
    }
    previous = altitude;
    count += 1;
  }
  return count < 2 ? null : { ascentM: round(ascentM, 1), descentM: round(descentM, 1) };
}

/** The last non-null value, else null. */
export function lastValue(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const value = values[i];
    if (value !== null) return value;
  }
  return null;
}

/** Mean of the values above 0 (a stopped sensor reads 0), else null. */
export function positiveMean(values: readonly (number | null)[], decimals: number): number | null {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value !== null && value > 0) {
      sum += value;
      count += 1;
    }
  }
  return count === 0 ? null : round(sum / count, decimals);
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function roundOrNull(value: number | null, decimals: number): number | null {
  return value === null ? null : round(value, decimals);
}

function emptyIfAllNull<T>(values: (T | null)[]): (T | null)[] {
  return values.some((value) => value !== null) ? values : [];
}
