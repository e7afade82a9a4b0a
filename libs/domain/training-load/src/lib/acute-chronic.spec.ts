import { acuteChronicDays, acuteChronicRatio } from './acute-chronic';

describe('acute:chronic ratios (spec/metrics.md section 6)', () => {
  it('is null during the first 28 days of history', () => {
    const days = acuteChronicDays('2026-09-28', new Array(40).fill(1000));
    expect(days[27]).toMatchObject({
      date: '2026-10-25',
      acwrCoupled: null,
      acwrUncoupled: null,
      acwrEwma: null,
    });
    expect(days[28]).toMatchObject({ date: '2026-10-26', acwrCoupled: 1, acwrUncoupled: 1 });
    expect(days[28].acwrEwma).toBeCloseTo(days[28].ewmaAcuteM / days[28].ewmaChronicM, 12);
  });

  it('runs the EWMAs from 0 before the first day', () => {
    const days = acuteChronicDays('2026-01-05', [1000, 0, 2000]);
    expect(days.map((d) => d.ewmaAcuteM)).toEqual([250, 187.5, 0.25 * 2000 + 0.75 * 187.5]);
    const ec0 = (2 / 29) * 1000;
    const ec1 = (27 / 29) * ec0;
    expect(days[1].ewmaChronicM).toBeCloseTo(ec1, 12);
    expect(days[2].ewmaChronicM).toBeCloseTo((2 / 29) * 2000 + (27 / 29) * ec1, 12);
  });

  it('uses t-6..t, t-27..t and t-27..t-7, days before history counting 0', () => {
    const loads = Array.from({ length: 35 }, (_, i) => i + 1);
    const days = acuteChronicDays('2026-01-05', loads);
    const sum = (from: number, to: number) =>
      to < 0 ? 0 : loads.slice(Math.max(from, 0), to + 1).reduce((a, b) => a + b, 0);
    for (const t of [0, 6, 27, 30, 34]) {
      expect(days[t].acuteM).toBeCloseTo(sum(t - 6, t) / 7, 12);
      expect(days[t].chronicCoupledM).toBeCloseTo(sum(t - 27, t) / 28, 12);
      expect(days[t].chronicUncoupledM).toBeCloseTo(sum(t - 27, t - 7) / 21, 12);
    }
    expect(days[30].acwrCoupled).toBeCloseTo(sum(24, 30) / 7 / (sum(3, 30) / 28), 12);
  });

  it('is null when the chronic value is 0', () => {
    const loads = new Array(31).fill(0);
    loads[30] = 5000;
    const last = acuteChronicDays('2026-01-05', loads)[30];
    expect(last.acwrCoupled).toBeCloseTo(4, 12);
    expect(last.acwrUncoupled).toBeNull();
    expect(last.acwrEwma).toBeCloseTo(0.25 / (2 / 29), 12);
    expect(acuteChronicDays('2026-01-05', new Array(31).fill(0))[30].acwrEwma).toBeNull();
  });

  it('divides', () => {
    expect(acuteChronicRatio(10, 0)).toBeNull();
    expect(acuteChronicRatio(0, 10)).toBe(0);
  });
});
