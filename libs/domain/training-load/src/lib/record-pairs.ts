import type { RecordStream } from '@loadwatch/domain/activity';

/** A pair of records more than this far apart (s) is a gap (spec/metrics.md section 5). */
export const MAX_PAIR_GAP_S = 10;
/** A pair faster than this (m/s) is GPS noise (spec/metrics.md section 5). */
export const MAX_PAIR_SPEED_MPS = 12;

/**
 * The usable pairs of a record stream, in order, as parallel arrays (spec/metrics.md section 5).
 * `breakBefore[i]` is 1 for the first pair and where a gap, noise or unusable pair lies between pair `i - 1` and
 * pair `i`.
 */
export interface CleanPairs {
  count: number;
  startS: Float64Array;
  endS: Float64Array;
  distanceM: Float64Array;
  breakBefore: Uint8Array;
}

/**
 * Whether a stream can say anything about speed: at least two records and a distance or speed field.
 * A run without one falls back to its laps (spec/metrics.md section 5).
 */
export function hasUsableStream(stream: RecordStream | null | undefined): stream is RecordStream {
  if (!stream || stream.timeS.length < 2) return false;
  return stream.distanceM.some(isFiniteNumber) || stream.speedMps.some(isFiniteNumber);
}

/**
 * Walks consecutive record pairs (spec/metrics.md section 5). A pair's speed is its distance delta over its
 * time delta; where either record lacks a distance, the later record's speed, and the pair covers that speed
 * times its time delta. Left out, each ending a stretch: gaps (more than 10 s), noise (above 12 m/s), and,
 * by decision, pairs with no usable speed, a negative distance delta or time running backwards.
 * Pairs with a zero time delta (duplicate records) are dropped without ending a stretch.
 */
export function cleanPairs(stream: RecordStream): CleanPairs {
  const { timeS, distanceM, speedMps } = stream;
  const capacity = Math.max(timeS.length - 1, 0);
  const startS = new Float64Array(capacity);
  const endS = new Float64Array(capacity);
  const pairDistanceM = new Float64Array(capacity);
  const breakBefore = new Uint8Array(capacity);
  let count = 0;
  let pendingBreak = true;
  for (let i = 1; i < timeS.length; i++) {
    const t0 = timeS[i - 1];
    const t1 = timeS[i];
    const dt = t1 - t0;
    if (dt === 0) continue;
    if (!(dt > 0) || dt > MAX_PAIR_GAP_S) {
      pendingBreak = true;
      continue;
    }
    const d0 = distanceM[i - 1];
    const d1 = distanceM[i];
    let dd: number;
    if (isFiniteNumber(d0) && isFiniteNumber(d1)) {
      dd = d1 - d0;
    } else {
      const speed = speedMps[i];
      if (!isFiniteNumber(speed)) {
        pendingBreak = true;
        continue;
      }
      dd = speed * dt;
    }
    if (!(dd >= 0) || dd / dt > MAX_PAIR_SPEED_MPS) {
      pendingBreak = true;
      continue;
    }
    startS[count] = t0;
    endS[count] = t1;
    pairDistanceM[count] = dd;
    breakBefore[count] = pendingBreak ? 1 : 0;
    pendingBreak = false;
    count++;
  }
  return { count, startS, endS, distanceM: pairDistanceM, breakBefore };
}

function isFiniteNumber(value: number | null | undefined): value is number {
  return value != null && value - value === 0;
}
