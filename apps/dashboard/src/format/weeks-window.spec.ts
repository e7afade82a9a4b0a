import type { WeekMetricsView } from '@loadwatch/shared/contracts';
import { weeksWindow } from './weeks-window';

const week = (weekStart: string, distanceM: number) =>
  ({ weekStart, distanceM, runs: 3, complete: true, acwrEwma: 1.1 }) as WeekMetricsView;

describe('the 16 weeks of the athlete view', () => {
  const stored = ['2026-09-07', '2026-09-14', '2026-09-21'].map((d, i) => week(d, 20_000 + i * 1000));

  it('ends with the week holding today, filling the quiet weeks after the last run with empty weeks', () => {
    const { weeks, beforeHistory, lastStored } = weeksWindow(stored, '2026-11-21');
    expect(weeks).toHaveLength(16);
    expect(weeks[15]).toMatchObject({
      weekStart: '2026-11-16',
      weekEnd: '2026-11-22',
      runs: 0,
      distanceM: 0,
    });
    expect(weeks[15].complete).toBe(false);
    expect(weeks[15].acwrEwma).toBeNull();
    expect(weeks.map((w) => w.weekStart)).toContain('2026-09-21');
    expect(weeks.find((w) => w.weekStart === '2026-09-14')?.distanceM).toBe(21_000);
    expect(lastStored?.weekStart).toBe('2026-09-21');
    // 16 weeks back from 2026-11-16 start on 2026-08-03; the history starts 5 weeks later.
    expect(weeks[0].weekStart).toBe('2026-08-03');
    expect(beforeHistory).toBe(5);
  });

  it('keeps the stored weeks as they are when they reach the current week', () => {
    const { weeks, beforeHistory, lastStored } = weeksWindow(stored, '2026-09-27');
    expect(weeks[15]).toBe(stored[2]);
    expect(lastStored).toBeNull();
    expect(beforeHistory).toBe(13);
  });

  it('follows the week start of the stored weeks (Sunday weeks)', () => {
    const { weeks } = weeksWindow([week('2026-10-04', 5000)], '2026-10-14');
    expect(weeks[15].weekStart).toBe('2026-10-11');
    expect(weeks[14]).toMatchObject({ weekStart: '2026-10-04', distanceM: 5000 });
  });

  it('is empty without any stored week', () => {
    expect(weeksWindow([], '2026-10-14').weeks).toEqual([]);
  });
});
