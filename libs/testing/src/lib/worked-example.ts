import { DateTime } from 'luxon';
import { encodeActivityFit, type FitSegment } from '@loadwatch/domain/fit';

const EASY = 1000 / 300; // 5:00/km, below the example's 4:00/km threshold
const FAST = 1000 / 225; // 3:45/km
const ZONE = 'Europe/London';

/** The runs of spec/metrics.md section 9 (local date, km; the 12 km run holds 3 km at 3:45/km). */
const RUNS: [date: string, km: number, segments?: FitSegment[]][] = [
  ['2026-09-29', 8],
  ['2026-10-01', 10],
  ['2026-10-04', 12],
  ['2026-10-06', 8],
  ['2026-10-08', 10],
  ['2026-10-11', 14],
  ['2026-10-13', 10],
  [
    '2026-10-15',
    12,
    [
      { distanceM: 4500, speedMps: EASY },
      { distanceM: 3000, speedMps: FAST },
      { distanceM: 4500, speedMps: EASY },
    ],
  ],
  ['2026-10-18', 20],
  ['2026-10-31', 10],
];

export interface WorkedExampleOptions {
  /**
   * Days added to every run's date (default 0: the dates of the spec). A multiple of 7 keeps the weekdays, the
   * calendar weeks and so every metric and finding of the example.
   */
  shiftDays?: number;
}

/**
 * The worked example of spec/metrics.md section 9 (continued in spec/rules.md section 4) as real FIT files:
 * 07:00 London time on Tuesdays, Thursdays and Sundays (week of 2026-10-26: Saturday only), named `<date>.fit`.
 */
export function workedExampleFitFiles(
  options: WorkedExampleOptions = {},
): { date: string; name: string; bytes: Uint8Array }[] {
  const shiftDays = options.shiftDays ?? 0;
  if (!Number.isInteger(shiftDays)) throw new Error(`shiftDays must be a whole number, not ${shiftDays}`);
  return RUNS.map(([specDate, km, segments]) => {
    // 07:00 on the shifted day in London: BST (+01:00) or GMT, whichever is in force on that day.
    const start = DateTime.fromISO(`${specDate}T07:00:00`, { zone: ZONE }).plus({ days: shiftDays });
    const date = start.toISODate();
    if (!start.isValid || !date) throw new Error(`No 07:00 London time ${shiftDays} days after ${specDate}`);
    const bytes = encodeActivityFit({
      start: start.toJSDate(),
      utcOffsetS: start.offset * 60,
      segments: segments ?? [{ distanceM: km * 1000, speedMps: EASY }],
    });
    return { date, name: `${date}.fit`, bytes };
  });
}
