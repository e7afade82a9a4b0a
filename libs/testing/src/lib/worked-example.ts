import { encodeActivityFit, type FitSegment } from '@loadwatch/domain/fit';

const EASY = 1000 / 300; // 5:00/km, below the example's 4:00/km threshold
const FAST = 1000 / 225; // 3:45/km

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

/**
 * The worked example of spec/metrics.md section 9 (continued in spec/rules.md section 4) as real FIT files:
 * 07:00 London time on Tuesdays, Thursdays and Sundays (week of 2026-10-26: Saturday only), named `<date>.fit`.
 */
export function workedExampleFitFiles(): { date: string; name: string; bytes: Uint8Array }[] {
  return RUNS.map(([date, km, segments]) => {
    // British Summer Time ends on 2026-10-25: 07:00 local is 06:00 UTC before, 07:00 UTC after.
    const bst = date < '2026-10-25';
    const bytes = encodeActivityFit({
      start: new Date(`${date}T${bst ? '06' : '07'}:00:00Z`),
      utcOffsetS: bst ? 3600 : 0,
      segments: segments ?? [{ distanceM: km * 1000, speedMps: EASY }],
    });
    return { date, name: `${date}.fit`, bytes };
  });
}
