import { FIT_EPOCH_MS, type FitFileContent } from './fit-content';
import { isDeviceRelative, resolveClock } from './fit-clock';

const REAL = Date.UTC(2024, 4, 12, 6, 30);
const RELATIVE = FIT_EPOCH_MS + 3_600_000;

function content(
  activity: { timestampMs: number | null; localTimestampMs: number | null } | null,
  timeCreatedMs: number | null = null,
): FitFileContent {
  return {
    fileType: 'activity',
    hasFileId: true,
    timeCreatedMs,
    device: null,
    activity: activity && { ...activity, totalTimerTimeS: null },
    sessions: [],
    laps: [],
    records: [],
    sportHint: null,
    subSportHint: null,
  };
}

describe('resolveClock (spec/metrics.md section 2)', () => {
  it.each([
    ['exact', 3600, 3600],
    ['written a moment apart', 3599, 3600],
    ['negative', -25_198, -25_200],
    ['a quarter-hour zone', 20_700, 20_700],
    ['off by minutes', 1080, 900],
    ['almost zero', -3, 0],
    ['at the +14 h bound', 50_400, 50_400],
  ])('rounds an offset that is %s to 15 minutes', (_name, rawS, expected) => {
    const clock = resolveClock(content({ timestampMs: REAL, localTimestampMs: REAL + rawS * 1000 }), REAL);
    expect(clock).toEqual({ shiftMs: 0, utcOffsetS: expected, warnings: [] });
    expect(Object.is(clock?.utcOffsetS, -0)).toBe(false);
  });

  it.each([
    ['beyond ±14 h', REAL - 2_326_109_000, 'beyond ±14 h'],
    ['at the FIT epoch (apps writing 0)', FIT_EPOCH_MS, 'not a real local time'],
  ])('drops an offset %s, with a warning', (_name, localTimestampMs, warning) => {
    const clock = resolveClock(content({ timestampMs: REAL, localTimestampMs }), REAL);
    expect(clock).toEqual({ shiftMs: 0, utcOffsetS: null, warnings: [expect.stringContaining(warning)] });
  });

  it('has no offset without an activity message or its local timestamp', () => {
    expect(resolveClock(content(null), REAL)).toEqual({ shiftMs: 0, utcOffsetS: null, warnings: [] });
    expect(resolveClock(content({ timestampMs: REAL, localTimestampMs: null }), REAL)?.utcOffsetS).toBeNull();
  });

  it('anchors device-relative times by the local timestamp, as local wall-clock time with offset 0', () => {
    const localMs = Date.UTC(2012, 1, 13, 12, 21, 3);
    const clock = resolveClock(
      content({ timestampMs: RELATIVE, localTimestampMs: localMs }),
      RELATIVE - 60_000,
    );
    expect(clock).toEqual({ shiftMs: localMs - RELATIVE, utcOffsetS: 0, warnings: [expect.any(String)] });
  });

  it('anchors device-relative times by file_id.time_created when there is no local timestamp', () => {
    const clock = resolveClock(content({ timestampMs: RELATIVE, localTimestampMs: null }, REAL), RELATIVE);
    expect(clock).toEqual({ shiftMs: REAL - RELATIVE, utcOffsetS: null, warnings: [expect.any(String)] });
  });

  it('cannot place device-relative times with no anchor', () => {
    expect(
      resolveClock(content({ timestampMs: RELATIVE, localTimestampMs: null }, RELATIVE), RELATIVE),
    ).toBeNull();
  });

  it('tells device-relative times from real ones at 0x10000000 s after the FIT epoch', () => {
    expect(isDeviceRelative(FIT_EPOCH_MS + 0x0fffffff * 1000)).toBe(true);
    expect(isDeviceRelative(FIT_EPOCH_MS + 0x10000000 * 1000)).toBe(false);
  });
});
