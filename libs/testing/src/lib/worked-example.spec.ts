import { encodeActivityFit, type FitSegment } from '@loadwatch/domain/fit';
import { workedExampleFitFiles } from './worked-example';

const EASY = 1000 / 300;

/** A run of 07:00 local time as the example writes it: `start` in UTC and London's offset on that day. */
function run(start: string, utcOffsetS: number, segments: FitSegment[]): Uint8Array {
  return encodeActivityFit({ start: new Date(start), utcOffsetS, segments });
}

// Encoding the ten files takes a moment: once per shift.
const files = new Map<number, ReturnType<typeof workedExampleFitFiles>>();
function filesShiftedBy(shiftDays: number): ReturnType<typeof workedExampleFitFiles> {
  const found = files.get(shiftDays) ?? workedExampleFitFiles({ shiftDays });
  files.set(shiftDays, found);
  return found;
}

describe('workedExampleFitFiles', () => {
  it('gives the files it always gave without a shift (BST before 2026-10-25, GMT after)', () => {
    const unshifted = workedExampleFitFiles();
    expect(unshifted.map((f) => f.name)).toEqual([
      '2026-09-29.fit',
      '2026-10-01.fit',
      '2026-10-04.fit',
      '2026-10-06.fit',
      '2026-10-08.fit',
      '2026-10-11.fit',
      '2026-10-13.fit',
      '2026-10-15.fit',
      '2026-10-18.fit',
      '2026-10-31.fit',
    ]);
    expect(filesShiftedBy(0)).toEqual(unshifted);
    // The bytes of the former fixed-date code, byte for byte.
    const easy = (km: number) => [{ distanceM: km * 1000, speedMps: EASY }];
    expect(Buffer.from(unshifted[0].bytes).equals(run('2026-09-29T06:00:00Z', 3600, easy(8)))).toBe(true);
    expect(Buffer.from(unshifted[8].bytes).equals(run('2026-10-18T06:00:00Z', 3600, easy(20)))).toBe(true);
    expect(Buffer.from(unshifted[9].bytes).equals(run('2026-10-31T07:00:00Z', 0, easy(10)))).toBe(true);
  });

  it.each([
    // 52 weeks on: 2027-10-30 is still BST (it ends on 2027-10-31), unlike 2026-10-31.
    [364, '2026-09-29', 8, '2027-09-28', '2027-09-28T06:00:00Z', 3600],
    [364, '2026-10-18', 20, '2027-10-17', '2027-10-17T06:00:00Z', 3600],
    [364, '2026-10-31', 10, '2027-10-30', '2027-10-30T06:00:00Z', 3600],
    // 30 weeks back: 2026-03-03 is before BST began (2026-03-29), 2026-04-04 after.
    [-210, '2026-09-29', 8, '2026-03-03', '2026-03-03T07:00:00Z', 0],
    [-210, '2026-10-31', 10, '2026-04-04', '2026-04-04T06:00:00Z', 3600],
    // 3 weeks back across the autumn change: 2026-10-10 is BST.
    [-21, '2026-10-31', 10, '2026-10-10', '2026-10-10T06:00:00Z', 3600],
  ])(
    'shifted by %i days, the run of %s (%i km) is on %s at 07:00 London time (%s, offset %i s)',
    (shiftDays, specDate, km, date, start, offsetS) => {
      const index = filesShiftedBy(0).findIndex((f) => f.date === specDate);
      const file = filesShiftedBy(shiftDays)[index];
      expect(file.date).toBe(date);
      expect(file.name).toBe(`${date}.fit`);
      expect(new Date(`${date}T12:00:00Z`).getUTCDay()).toBe(new Date(`${specDate}T12:00:00Z`).getUTCDay());
      expect(
        Buffer.from(file.bytes).equals(run(start, offsetS, [{ distanceM: km * 1000, speedMps: EASY }])),
      ).toBe(true);
    },
  );

  it('refuses a shift that is not a whole number of days', () => {
    expect(() => workedExampleFitFiles({ shiftDays: 0.5 })).toThrow(/whole number/);
  });
});
