import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import type { Activity } from '@loadwatch/domain/activity';
import { computeLoad } from './compute-load';
import { addDays, daysBetween } from './dates';
import type { LoadReport, LoadSettings } from './types';
import { activity, lap, utcMs } from '../../test/factories';

const zones = [
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Tokyo',
  'America/St_Johns',
  'Pacific/Chatham',
  'Asia/Kathmandu',
];

const fields = fc.record({
  startMs: fc.integer({ min: utcMs('2025-09-01T00:00Z'), max: utcMs('2026-12-31T00:00Z') }),
  utcOffsetS: fc.option(
    fc.integer({ min: -48, max: 56 }).map((quarters) => quarters * 900),
    { nil: null },
  ),
  sportClass: fc.constantFrom('running', 'running', 'running', 'walking', 'cross-training') as fc.Arbitrary<
    Activity['sportClass']
  >,
  distanceM: fc.option(fc.integer({ min: 0, max: 42195 }), { nil: null }),
  movingTimeS: fc.option(fc.integer({ min: 0, max: 20000 }), { nil: null }),
  lapSpeeds: fc.array(fc.integer({ min: 2, max: 6 }), { maxLength: 3 }),
});

const activities = fc
  .array(fields, { maxLength: 40 })
  .map((list) =>
    list.map(({ lapSpeeds, ...rest }, i) =>
      activity({ ...rest, id: `p${i}`, laps: lapSpeeds.map((speed) => lap(speed * 300, 300)) }),
    ),
  );

const settings: fc.Arbitrary<LoadSettings> = fc.record({
  timeZone: fc.constantFrom(...zones),
  weekStart: fc.constantFrom('monday', 'sunday') as fc.Arbitrary<LoadSettings['weekStart']>,
  thresholdSpeedMps: fc.constantFrom(null, 4),
});

const runningDistance = (list: Activity[]) =>
  list.filter((a) => a.sportClass === 'running').reduce((sum, a) => sum + (a.distanceM ?? 0), 0);

describe('computeLoad properties', () => {
  it('sums the weekly distances to the total running distance', () => {
    fc.assert(
      fc.property(activities, settings, (list, s) => {
        const report = computeLoad(list, s);
        expect(report.weeks.reduce((sum, w) => sum + w.distanceM, 0)).toBe(runningDistance(list));
        expect(report.days.reduce((sum, d) => sum + d.loadM, 0)).toBe(runningDistance(list));
        expect(report.runs).toHaveLength(list.filter((a) => a.sportClass === 'running').length);
      }),
    );
  });

  it('lists contiguous weeks of 7 local calendar days, whatever DST does', () => {
    fc.assert(
      fc.property(activities, settings, (list, s) => {
        const report = computeLoad(list, s);
        if (list.length === 0) return expect(report.weeks).toEqual([]);
        expect(report.weeks[0].weekStart).toBe(report.historyStart);
        const firstWeekday = s.weekStart === 'monday' ? 1 : 7;
        const wrong = report.weeks.filter((week, k) => {
          const start = DateTime.fromISO(week.weekStart, { zone: s.timeZone });
          const next = DateTime.fromISO(addDays(week.weekStart, 7), { zone: s.timeZone });
          const daysOfWeek = report.days.slice(7 * k, 7 * k + 7);
          const expectedDays = week.complete ? 7 : daysBetween(week.weekStart, report.asOf ?? '') + 1;
          return !(
            week.weekStart === addDays(report.historyStart ?? '', 7 * k) &&
            week.weekEnd === addDays(week.weekStart, 6) &&
            start.weekday === firstWeekday &&
            next.diff(start, 'days').days === 7 &&
            Math.abs(next.diff(start, 'hours').hours - 168) <= 1 &&
            daysOfWeek.length === expectedDays &&
            daysOfWeek.every((d) => d.date >= week.weekStart && d.date <= week.weekEnd)
          );
        });
        expect(wrong).toEqual([]);
        const last = report.weeks[report.weeks.length - 1];
        expect(report.asOf && report.asOf >= last.weekStart && report.asOf <= last.weekEnd).toBe(true);
        expect(report.days.every((day, i) => day.date === addDays(report.historyStart ?? '', i))).toBe(true);
      }),
    );
  });

  it('places every activity on the local date of its own offset, else of the zone', () => {
    fc.assert(
      fc.property(activities, settings, (list, s) => {
        const report = computeLoad(list, s);
        const byId = new Map(list.map((a) => [a.id, a]));
        for (const run of report.runs) {
          const a = byId.get(run.activityId);
          if (!a) throw new Error('unknown run');
          const zone = a.utcOffsetS === null ? s.timeZone : FixedOffsetZone.instance(a.utcOffsetS / 60);
          const local = DateTime.fromMillis(a.startMs, { zone });
          expect(run.localDate).toBe(local.toISODate());
          expect(run.localStart).toBe(local.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
          const back = s.weekStart === 'monday' ? local.weekday - 1 : local.weekday % 7;
          expect(run.weekStart).toBe(local.minus({ days: back }).toISODate());
        }
      }),
    );
  });

  it('keeps the ratios null during the first 28 days and when the chronic value is 0', () => {
    fc.assert(
      fc.property(activities, settings, (list, s) => {
        const wrong = computeLoad(list, s).days.filter((day, i) => {
          const warm = i >= 28;
          return (
            (day.acwrCoupled === null) !== (!warm || day.chronicCoupledM === 0) ||
            (day.acwrUncoupled === null) !== (!warm || day.chronicUncoupledM === 0) ||
            (day.acwrEwma === null) !== (!warm || day.ewmaChronicM === 0)
          );
        });
        expect(wrong).toEqual([]);
      }),
    );
  });

  it('does not depend on the order of the input', () => {
    const shuffled = activities.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    fc.assert(
      fc.property(shuffled, settings, ([list, other], s) => {
        expect(computeLoad(other, s)).toEqual(computeLoad(list, s));
      }),
    );
  });

  it('with asOf, reports only what happened by then', () => {
    const asOf = fc
      .integer({ min: 0, max: 500 })
      .map((days) => addDays('2025-09-01', days))
      .filter(Boolean);
    fc.assert(
      fc.property(activities, settings, asOf, (list, s, date) => {
        const report: LoadReport = computeLoad(list, s, { asOf: date });
        expect(report.asOf).toBe(date);
        for (const run of report.runs) expect(run.localDate <= date).toBe(true);
        if (report.weeks.length > 0) {
          const last = report.weeks[report.weeks.length - 1];
          expect(last.weekStart <= date && date <= last.weekEnd).toBe(true);
          expect(report.weeks.filter((w) => !w.complete).length).toBe(last.weekEnd === date ? 0 : 1);
          expect(report.days[report.days.length - 1].date).toBe(date);
        }
      }),
    );
  });
});
