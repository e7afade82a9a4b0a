import type { Activity, Lap, RecordStream } from '@loadwatch/domain/activity';
import { cleanPairs, hasUsableStream } from './record-pairs';

/** A stretch of fast pairs counts only from this duration (s) on (spec/metrics.md section 5). */
export const MIN_STRETCH_S = 10;
/** Slack for time sums in floating point (`0, 3.3, 6.6, 9.9` is 9.9 s, not 9.899999). */
const TIME_EPSILON_S = 1e-9;

/**
 * Distance (m) covered at or above the threshold speed `thresholdMps` in a record stream
 * (spec/metrics.md section 5): consecutive fast pairs form a stretch, a gap or noise pair ends one, and a
 * stretch counts only when its time deltas add up to at least 10 s.
 */
export function fastDistanceFromStream(stream: RecordStream, thresholdMps: number): number {
  const pairs = cleanPairs(stream);
  let total = 0;
  let stretchStartS = 0;
  let stretchEndS = 0;
  let stretchM = 0;
  let inStretch = false;
  const close = (): void => {
    if (inStretch && stretchEndS - stretchStartS >= MIN_STRETCH_S - TIME_EPSILON_S) total += stretchM;
    inStretch = false;
    stretchM = 0;
  };
  for (let k = 0; k < pairs.count; k++) {
    if (pairs.breakBefore[k]) close();
    const dt = pairs.endS[k] - pairs.startS[k];
    const dd = pairs.distanceM[k];
    if (dd / dt >= thresholdMps) {
      if (!inStretch) {
        inStretch = true;
        stretchStartS = pairs.startS[k];
      }
      stretchEndS = pairs.endS[k];
      stretchM += dd;
    } else {
      close();
    }
  }
  close();
  return total;
}

/**
 * Fast distance (m) from laps, for a run without a record stream (spec/metrics.md section 5): a lap whose
 * average speed is at least `thresholdMps` counts whole. A lap's speed is its average speed, else its
 * distance over its timer (else elapsed) time; null when no lap has a known speed.
 */
export function fastDistanceFromLaps(laps: readonly Lap[], thresholdMps: number): number | null {
  let known = false;
  let total = 0;
  for (const lap of laps) {
    const timeS = lap.timerTimeS ?? lap.elapsedTimeS;
    const speed =
      lap.avgSpeedMps ??
      (lap.distanceM !== null && timeS !== null && timeS > 0 ? lap.distanceM / timeS : null);
    if (speed === null || !Number.isFinite(speed)) continue;
    known = true;
    if (speed >= thresholdMps) total += lap.distanceM ?? (timeS !== null ? speed * timeS : 0);
  }
  return known ? total : null;
}

/**
 * Fast distance of one run (m), spec/metrics.md section 5: from its record stream, else its laps; null for
 * a run with neither (a manual entry) and whenever the threshold speed is unknown (`thresholdMps` null).
 * A stream without distance or speed (heart rate only) counts as no stream.
 */
export function fastDistance(
  run: Pick<Activity, 'stream' | 'laps'>,
  thresholdMps: number | null,
): number | null {
  if (thresholdMps === null) return null;
  if (hasUsableStream(run.stream)) return fastDistanceFromStream(run.stream, thresholdMps);
  if (run.laps.length > 0) return fastDistanceFromLaps(run.laps, thresholdMps);
  return null;
}
