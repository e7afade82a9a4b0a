/** The spike window: 30 days as 720 hours of real time (spec/metrics.md section 4). */
export const SPIKE_WINDOW_MS = 720 * 3_600_000;
/** Fewer runs than this in the window give no spike. */
export const SPIKE_MIN_RUNS = 3;

/**
 * Session spike (fraction of the longest recent run), spec/metrics.md section 4: `distance / max(window)`
 * where `windowDistancesM` are the distances (m) of the runs starting in `[t - 720 h, t)`. Null with fewer
 * than 3 runs in the window, and (by decision) when the longest of them is 0 m.
 */
export function sessionSpike(distanceM: number, windowDistancesM: readonly number[]): number | null {
  if (windowDistancesM.length < SPIKE_MIN_RUNS) return null;
  const reference = windowDistancesM.reduce((max, distance) => Math.max(max, distance), -Infinity);
  return reference > 0 ? distanceM / reference : null;
}

export interface SpikeResult {
  spike: number | null;
  /** Longest run in the window (m); null when the window is empty. */
  referenceM: number | null;
  /** Runs starting in the window. */
  windowRuns: number;
}

/**
 * Session spikes of many runs (spec/metrics.md section 4), in the order given. The window `[t - 720 h, t)`
 * is real time: its lower bound is included, and runs starting at the same instant as `t` are not in it.
 * Two pointers and a monotonic queue over the runs sorted by start keep this linear after the sort.
 */
export function sessionSpikes(runs: readonly { startMs: number; distanceM: number }[]): SpikeResult[] {
  const order = runs.map((_, i) => i).sort((a, b) => runs[a].startMs - runs[b].startMs || a - b);
  const results: SpikeResult[] = new Array(runs.length);
  const queue: number[] = [];
  let head = 0;
  let lo = 0;
  let hi = 0;
  for (const index of order) {
    const t = runs[index].startMs;
    while (hi < order.length && runs[order[hi]].startMs < t) {
      const distance = runs[order[hi]].distanceM;
      while (queue.length > head && runs[order[queue[queue.length - 1]]].distanceM <= distance) queue.pop();
      queue.push(hi++);
    }
    while (lo < hi && runs[order[lo]].startMs < t - SPIKE_WINDOW_MS) lo++;
    while (queue.length > head && queue[head] < lo) head++;
    const windowRuns = hi - lo;
    const referenceM = windowRuns > 0 ? runs[order[queue[head]]].distanceM : null;
    const spike =
      windowRuns >= SPIKE_MIN_RUNS && referenceM !== null && referenceM > 0
        ? runs[index].distanceM / referenceM
        : null;
    results[index] = { spike, referenceM, windowRuns };
  }
  return results;
}
