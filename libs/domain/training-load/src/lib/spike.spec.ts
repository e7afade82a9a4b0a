import { SPIKE_WINDOW_MS, sessionSpike, sessionSpikes } from './spike';

const day = 86_400_000;

describe('session spike (spec/metrics.md section 4)', () => {
  it.each([
    [14000, [8000, 10000, 12000], 14000 / 12000],
    [8000, [12000, 10000], null],
    [8000, [0, 0, 0], null],
    [10000, [20000, 10000, 12000, 8000], 0.5],
  ])('%d against %j is %p', (distance, window, expected) => {
    expect(sessionSpike(distance, window)).toBe(expected);
  });

  it('needs exactly 3 runs in the window', () => {
    const runs = [0, 1, 2, 3].map((i) => ({ startMs: i * day, distanceM: 10000 + i * 1000 }));
    expect(sessionSpikes(runs).map((r) => [r.spike, r.windowRuns, r.referenceM])).toEqual([
      [null, 0, null],
      [null, 1, 10000],
      [null, 2, 11000],
      [13000 / 12000, 3, 12000],
    ]);
  });

  it('includes the lower bound t - 720 h and excludes t itself', () => {
    const t = 100 * day;
    const runs = [
      { startMs: t - SPIKE_WINDOW_MS - 1, distanceM: 50000 },
      { startMs: t - SPIKE_WINDOW_MS, distanceM: 20000 },
      { startMs: t - 10 * day, distanceM: 8000 },
      { startMs: t - day, distanceM: 8000 },
      { startMs: t, distanceM: 30000 },
      { startMs: t, distanceM: 10000 },
    ];
    const [, , , , first, second] = sessionSpikes(runs);
    expect(first).toEqual({ spike: 1.5, referenceM: 20000, windowRuns: 3 });
    expect(second).toEqual({ spike: 0.5, referenceM: 20000, windowRuns: 3 });
  });

  it('keeps the order given and drops a run that has left the window', () => {
    const runs = [
      { startMs: 40 * day, distanceM: 5000 },
      { startMs: 0, distanceM: 42000 },
      { startMs: 20 * day, distanceM: 5000 },
      { startMs: 30 * day, distanceM: 5000 },
      { startMs: 35 * day, distanceM: 6000 },
    ];
    const results = sessionSpikes(runs);
    expect(results[0]).toEqual({ spike: 5000 / 6000, referenceM: 6000, windowRuns: 3 });
    expect(results[4]).toEqual({ spike: null, referenceM: 5000, windowRuns: 2 });
  });
});
