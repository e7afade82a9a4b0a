import { awaitRecompute, RECOMPUTE_POLL, type AwaitRecomputeOptions } from './await-recompute';

/** Answers `values[i]` on the i-th call, then the last value for ever. */
function sequence<T>(values: T[]) {
  let calls = 0;
  const load = () => Promise.resolve(values[Math.min(calls++, values.length - 1)]);
  return { load, calls: () => calls };
}

function options(over: Partial<AwaitRecomputeOptions> = {}) {
  const pauses: number[] = [];
  return {
    pauses,
    options: {
      ...RECOMPUTE_POLL,
      sleep: async (ms: number) => {
        pauses.push(ms);
      },
      ...over,
    },
  };
}

describe('awaitRecompute', () => {
  it('asks every second until the weeks change, then shows the changed findings and stops', async () => {
    const weeks = sequence([['old'], ['old'], ['new']]);
    const findings = sequence([['R01'], ['R01'], ['R01'], ['R01', 'R03']]);
    const shown: unknown[] = [];
    const { pauses, options: opts } = options();
    const outcome = awaitRecompute(
      { weeks: weeks.load, findings: findings.load },
      { weeks: ['old'], findings: ['R01'] },
      { weeks: (w) => shown.push({ weeks: w }), findings: (f) => shown.push({ findings: f }) },
      opts,
    );
    await expect(outcome).resolves.toBe('updated');
    expect(shown).toEqual([{ weeks: ['new'] }, { findings: ['R01', 'R03'] }]);
    // The weeks are not asked for again once they changed.
    expect(weeks.calls()).toBe(3);
    expect(findings.calls()).toBe(4);
    expect(pauses).toEqual([1000, 1000, 1000, 1000]);
  });

  it('stops a few requests after the weeks changed when the findings stay as they were', async () => {
    const weeks = sequence([['new']]);
    const findings = sequence([['R01']]);
    const shown: unknown[] = [];
    const { pauses, options: opts } = options();
    await expect(
      awaitRecompute(
        { weeks: weeks.load, findings: findings.load },
        { weeks: ['old'], findings: ['R01'] },
        { weeks: (w) => shown.push(w), findings: (f) => shown.push(f) },
        opts,
      ),
    ).resolves.toBe('updated');
    expect(shown).toEqual([['new']]);
    expect(pauses).toHaveLength(1 + RECOMPUTE_POLL.findingsTicks);
  });

  it('gives up after the bounded number of requests and shows the latest answers', async () => {
    const weeks = sequence([['old']]);
    const findings = sequence([['R01']]);
    const shown: unknown[] = [];
    const { pauses, options: opts } = options({ maxTicks: 5 });
    await expect(
      awaitRecompute(
        { weeks: weeks.load, findings: findings.load },
        { weeks: ['old'], findings: ['R01'] },
        { weeks: (w) => shown.push(w), findings: (f) => shown.push(f) },
        opts,
      ),
    ).resolves.toBe('unchanged');
    expect(pauses).toHaveLength(5);
    expect(weeks.calls()).toBe(5);
    expect(shown).toEqual([['old'], ['R01']]);
  });

  it('compares by content: the same weeks in a new object are no change', async () => {
    const weeks = sequence([[{ weekStart: '2026-10-12', distanceM: 42_000 }]]);
    const findings = sequence([[]]);
    const { options: opts } = options({ maxTicks: 2 });
    await expect(
      awaitRecompute(
        { weeks: weeks.load, findings: findings.load },
        { weeks: [{ weekStart: '2026-10-12', distanceM: 42_000 }], findings: [] },
        { weeks: () => undefined, findings: () => undefined },
        opts,
      ),
    ).resolves.toBe('unchanged');
  });

  it('stops without showing anything once aborted', async () => {
    const controller = new AbortController();
    const weeks = sequence([['new']]);
    const findings = sequence([['R03']]);
    const shown: unknown[] = [];
    const { options: opts } = options({
      signal: controller.signal,
      sleep: async () => controller.abort(),
    });
    await expect(
      awaitRecompute(
        { weeks: weeks.load, findings: findings.load },
        { weeks: ['old'], findings: ['R01'] },
        { weeks: (w) => shown.push(w), findings: (f) => shown.push(f) },
        opts,
      ),
    ).resolves.toBe('aborted');
    expect(shown).toEqual([]);
    expect(weeks.calls()).toBe(0);
  });

  it('rejects with the error of a failed request', async () => {
    const { options: opts } = options();
    await expect(
      awaitRecompute(
        { weeks: () => Promise.reject(new Error('offline')), findings: () => Promise.resolve([]) },
        { weeks: [], findings: [] },
        { weeks: () => undefined, findings: () => undefined },
        opts,
      ),
    ).rejects.toThrow('offline');
  });
});
