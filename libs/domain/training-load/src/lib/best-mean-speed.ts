import type { RecordStream } from '@loadwatch/domain/activity';
import { cleanPairs, hasUsableStream } from './record-pairs';

const TIME_EPSILON_S = 1e-9;

/**
 * A run's moving timeline: its usable record pairs joined end to end, so that gaps (pauses) and noise pairs
 * take no time and cover no distance (spec/metrics.md section 5). `timeS[i]` and `distanceM[i]` are
 * cumulative moving time (s) and distance (m) at breakpoint `i`; both start at 0.
 */
export interface MovingTimeline {
  timeS: Float64Array;
  distanceM: Float64Array;
}

/** The moving timeline of a record stream; empty (one breakpoint at 0) without usable pairs. */
export function movingTimeline(stream: RecordStream): MovingTimeline {
  const pairs = cleanPairs(stream);
  const timeS = new Float64Array(pairs.count + 1);
  const distanceM = new Float64Array(pairs.count + 1);
  for (let k = 0; k < pairs.count; k++) {
    timeS[k + 1] = timeS[k] + (pairs.endS[k] - pairs.startS[k]);
    distanceM[k + 1] = distanceM[k] + pairs.distanceM[k];
  }
  return { timeS, distanceM };
}

/**
 * Best mean speed (m/s) over any `windowS` seconds of moving time (spec/metrics.md section 5, the `v3` and
 * `v12` inputs of the critical speed); null when the timeline is shorter than the window. Windows may start
 * or end inside a pair, whose distance is then taken pro rata (linear interpolation); the best window starts
 * or ends on a record, so two pointers over the breakpoints find it in linear time.
 */
export function bestMeanSpeedOnTimeline(timeline: MovingTimeline, windowS: number): number | null {
  const { timeS: tau, distanceM: dist } = timeline;
  const n = tau.length - 1;
  const total = tau[n];
  if (!(windowS > 0) || total < windowS - TIME_EPSILON_S) return null;
  const at = (x: number, j: number): number => {
    if (x <= tau[j]) return dist[j];
    if (j >= n || x >= tau[j + 1]) return dist[Math.min(j + 1, n)];
    return dist[j] + ((dist[j + 1] - dist[j]) * (x - tau[j])) / (tau[j + 1] - tau[j]);
  };
  let best = -Infinity;
  let j = 0;
  for (let i = 0; i <= n && tau[i] + windowS <= total + TIME_EPSILON_S; i++) {
    const end = tau[i] + windowS;
    while (j < n && tau[j + 1] < end) j++;
    best = Math.max(best, at(end, j) - dist[i]);
  }
  let i = 0;
  for (let k = 0; k <= n; k++) {
    const start = tau[k] - windowS;
    if (start < -TIME_EPSILON_S) continue;
    while (i < n && tau[i + 1] <= start) i++;
    best = Math.max(best, dist[k] - at(start, i));
  }
  return best / windowS;
}

/** Best mean speed (m/s) of a record stream over `windowS` seconds of moving time (spec/metrics.md section 5). */
export function bestMeanSpeed(stream: RecordStream | null | undefined, windowS: number): number | null {
  if (!hasUsableStream(stream)) return null;
  return bestMeanSpeedOnTimeline(movingTimeline(stream), windowS);
}

/** Best mean speeds of one stream over several windows, building its timeline once. */
export function bestMeanSpeeds(
  stream: RecordStream | null | undefined,
  windowsS: readonly number[],
): (number | null)[] {
  if (!hasUsableStream(stream)) return windowsS.map(() => null);
  const timeline = movingTimeline(stream);
  return windowsS.map((windowS) => bestMeanSpeedOnTimeline(timeline, windowS));
}
