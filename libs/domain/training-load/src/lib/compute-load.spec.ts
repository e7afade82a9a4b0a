import type { Activity } from '@loadwatch/domain/activity';
import { computeLoad } from './compute-load';
import { criticalSpeed } from './critical-speed';
import { fastDistance } from './fast-distance';
import type { LoadSettings } from './types';
import { activity, lap, localMs, stream, streamOf, utcMs } from '../../test/factories';

const london: LoadSettings = { timeZone: 'Europe/London', weekStart: 'monday', thresholdSpeedMps: 4 };
const at = (local: string, fields: Partial<Activity> = {}, zone = 'Europe/London') =>
  activity({ startMs: localMs(local, zone), distanceM: 10000, movingTimeS: 3000, ...fields });
const byWeek = (report: ReturnType<typeof computeLoad>, weekStart: string) => {
  const week = report.weeks.find((w) => w.weekStart === weekStart);
  if (!week) throw new Error(`no week ${weekStart}`);
  return week;
};

describe('computeLoad: history and range (spec/metrics.md section 2)', () => {
  it('is empty without activities', () => {
    expect(computeLoad([], london)).toEqual({
      settings: london,
      historyStart: null,
      asOf: null,
      weeks: [],
      runs: [],
      days: [],
    });
    expect(computeLoad([], london, { extraDates: ['2026-10-01', '2026-10-03'] }).asOf).toBe('2026-10-03');
  });

  it('starts history on the week of the first activity of any sport', () => {
    const report = computeLoad(
      [
        at('2026-09-02T18:00', {
          sportClass: 'cross-training',
          sport: 'cycling',
          distanceM: 30000,
          movingTimeS: 3600,
        }),
        at('2026-09-16T07:00'),
      ],
      london,
    );
    expect(report.historyStart).toBe('2026-08-31');
    expect(report.weeks.map((w) => [w.weekStart, w.runs, w.distanceM, w.ramp, w.base, w.ramp4])).toEqual([
      ['2026-08-31', 0, 0, null, null, null],
      ['2026-09-07', 0, 0, null, 0, null],
      ['2026-09-14', 1, 10000, null, 0, null],
    ]);
    expect(report.weeks[0].crossTrainingTimeS).toBe(3600);
    expect(report.days[0].date).toBe('2026-08-31');
    expect(report.days[report.days.length - 1].date).toBe('2026-09-16');
  });

  it('counts only running as load, and shows walking distance and cross-training time', () => {
    const report = computeLoad(
      [
        at('2026-10-13T07:00'),
        at('2026-10-14T07:00', { sportClass: 'walking', sport: 'walking', distanceM: 5000 }),
        at('2026-10-15T07:00', { sportClass: 'walking', sport: 'hiking', distanceM: 7000 }),
        at('2026-10-16T07:00', { sportClass: 'cross-training', sport: 'swimming', movingTimeS: 1800 }),
        at('2026-10-17T07:00', {
          sportClass: 'cross-training',
          sport: 'rowing',
          movingTimeS: null,
          elapsedTimeS: 600,
        }),
      ],
      london,
    );
    expect(report.runs).toHaveLength(1);
    expect(report.weeks).toHaveLength(1);
    expect(report.weeks[0]).toMatchObject({
      runs: 1,
      distanceM: 10000,
      walkingDistanceM: 12000,
      crossTrainingTimeS: 2400,
    });
    // Days run to asOf, the last data date (a Saturday).
    expect(report.days.map((d) => d.loadM)).toEqual([0, 10000, 0, 0, 0, 0]);
  });

  it('runs to a later asOf, with zero weeks and the running week incomplete', () => {
    const report = computeLoad([at('2026-10-13T07:00')], london, { asOf: '2026-10-28' });
    expect(report.asOf).toBe('2026-10-28');
    expect(report.weeks.map((w) => [w.weekStart, w.complete, w.distanceM])).toEqual([
      ['2026-10-12', true, 10000],
      ['2026-10-19', true, 0],
      ['2026-10-26', false, 0],
    ]);
    expect(report.days[report.days.length - 1].date).toBe('2026-10-28');
  });

  it('leaves out what happened after an earlier asOf and counts the running week so far', () => {
    const activities = [
      at('2026-10-13T07:00'),
      at('2026-10-15T07:00', { distanceM: 12000 }),
      at('2026-10-20T07:00'),
    ];
    const report = computeLoad(activities, london, { asOf: '2026-10-14', extraDates: ['2026-10-30'] });
    expect(report.asOf).toBe('2026-10-14');
    expect(report.runs).toHaveLength(1);
    expect(report.weeks).toHaveLength(1);
    expect(report.weeks[0]).toMatchObject({ complete: false, distanceM: 10000 });
    expect(report.days).toHaveLength(3);
  });

  it('extends the report to the last extra date, which never starts history', () => {
    const report = computeLoad([at('2026-10-13T07:00')], london, {
      extraDates: ['2026-09-01', '2026-10-27'],
    });
    expect(report.historyStart).toBe('2026-10-12');
    expect(report.asOf).toBe('2026-10-27');
    expect(report.weeks.map((w) => w.weekStart)).toEqual(['2026-10-12', '2026-10-19', '2026-10-26']);
  });

  it('takes the week ratios on the last day, or on asOf for the running week', () => {
    const activities = Array.from({ length: 30 }, (_, i) =>
      at(`2026-09-${String(1 + i).padStart(2, '0')}T07:00`, { distanceM: 5000 + i * 100 }),
    );
    const report = computeLoad(activities, london, { asOf: '2026-10-07' });
    const last = report.weeks[report.weeks.length - 1];
    expect(last.weekStart).toBe('2026-10-05');
    expect(last.acwrCoupled).toBe(report.days.find((d) => d.date === '2026-10-07')?.acwrCoupled);
    const complete = byWeek(report, '2026-09-28');
    const sunday = report.days.find((d) => d.date === '2026-10-04');
    expect([complete.acwrCoupled, complete.acwrUncoupled, complete.acwrEwma]).toEqual([
      sunday?.acwrCoupled,
      sunday?.acwrUncoupled,
      sunday?.acwrEwma,
    ]);
    const weekDays = report.days.filter((d) => d.date >= '2026-09-28' && d.date <= '2026-10-04');
    expect(complete.maxAcwrEwma).toBe(Math.max(...weekDays.map((d) => d.acwrEwma ?? -Infinity)));
  });

  it('rejects an unknown zone and a malformed date', () => {
    expect(() => computeLoad([], { ...london, timeZone: 'Nowhere/Else' })).toThrow(RangeError);
    expect(() => computeLoad([at('2026-10-13T07:00')], london, { asOf: '13/10/2026' })).toThrow(RangeError);
  });
});

describe('computeLoad: local dates and weeks (spec/metrics.md section 2)', () => {
  it('counts a run in Tokyo on the Tokyo date through its own offset', () => {
    const start = utcMs('2026-10-11T16:00Z');
    const report = computeLoad(
      [
        activity({ id: 'tokyo', startMs: start, utcOffsetS: 9 * 3600, distanceM: 10000 }),
        activity({ id: 'home', startMs: start + 1000, utcOffsetS: null, distanceM: 5000 }),
      ],
      london,
    );
    const [tokyo, home] = report.runs;
    expect([tokyo.localDate, tokyo.localStart, tokyo.weekStart, tokyo.utcOffsetS]).toEqual([
      '2026-10-12',
      '2026-10-12T01:00:00',
      '2026-10-12',
      32400,
    ]);
    expect([home.localDate, home.localStart, home.weekStart, home.utcOffsetS]).toEqual([
      '2026-10-11',
      '2026-10-11T17:00:01',
      '2026-10-05',
      3600,
    ]);
    expect(report.weeks.map((w) => w.distanceM)).toEqual([5000, 10000]);
  });

  it.each([
    [
      'monday',
      [
        ['2026-10-19', 2, 20000],
        ['2026-10-26', 1, 10000],
      ],
    ],
    ['sunday', [['2026-10-25', 3, 30000]]],
  ] as const)('places runs around the end of BST in %s-start weeks', (weekStart, expected) => {
    const activities = [
      activity({ startMs: utcMs('2026-10-24T23:30Z'), distanceM: 10000 }),
      activity({ startMs: utcMs('2026-10-25T23:30Z'), distanceM: 10000 }),
      activity({ startMs: utcMs('2026-10-26T00:30Z'), distanceM: 10000 }),
    ];
    const report = computeLoad(activities, { ...london, weekStart });
    expect(report.runs.map((r) => r.localStart)).toEqual([
      '2026-10-25T00:30:00',
      '2026-10-25T23:30:00',
      '2026-10-26T00:30:00',
    ]);
    expect(report.weeks.map((w) => [w.weekStart, w.runs, w.distanceM])).toEqual(expected);
  });

  it('keeps 7 days in the New York week where DST ends, with Sunday as first day', () => {
    const ny: LoadSettings = { timeZone: 'America/New_York', weekStart: 'sunday', thresholdSpeedMps: 4 };
    const activities = [
      activity({ startMs: utcMs('2026-10-31T12:00Z'), distanceM: 1000 }),
      activity({ startMs: utcMs('2026-11-01T04:30Z'), distanceM: 2000 }),
      activity({ startMs: utcMs('2026-11-02T04:30Z'), distanceM: 4000 }),
      activity({ startMs: utcMs('2026-11-08T04:30Z'), distanceM: 8000 }),
    ];
    const report = computeLoad(activities, ny);
    expect(report.runs.map((r) => r.localStart)).toEqual([
      '2026-10-31T08:00:00',
      '2026-11-01T00:30:00',
      '2026-11-01T23:30:00',
      '2026-11-07T23:30:00',
    ]);
    expect(report.weeks.map((w) => [w.weekStart, w.weekEnd, w.distanceM])).toEqual([
      ['2026-10-25', '2026-10-31', 1000],
      ['2026-11-01', '2026-11-07', 14000],
    ]);
    expect(report.days.filter((d) => d.date >= '2026-11-01').map((d) => d.loadM)).toEqual([
      6000, 0, 0, 0, 0, 0, 8000,
    ]);
    expect(
      computeLoad(activities, { ...ny, weekStart: 'monday' }).weeks.map((w) => [w.weekStart, w.distanceM]),
    ).toEqual([
      ['2026-10-26', 7000],
      ['2026-11-02', 8000],
    ]);
  });
});

describe('computeLoad: per-run values (spec/metrics.md sections 3-5)', () => {
  it('takes a missing distance from the last record', () => {
    const report = computeLoad(
      [at('2026-10-13T07:00', { distanceM: null, stream: streamOf([{ pairs: 400, dtS: 5, ddM: 15 }]) })],
      london,
    );
    expect(report.runs[0].distanceM).toBe(6000);
    expect(report.weeks[0].distanceM).toBe(6000);
  });

  it('mixes streams, laps and manual entries into the coverage', () => {
    const report = computeLoad(
      [
        at('2026-10-13T07:00', { distanceM: 3000, stream: streamOf([{ pairs: 150, dtS: 4, ddM: 20 }]) }),
        at('2026-10-14T07:00', { distanceM: 2000, laps: [lap(1000, 200), lap(1000, 300)] }),
        at('2026-10-15T07:00', { distanceM: 5000 }),
      ],
      london,
    );
    expect(report.runs.map((r) => r.fastM)).toEqual([3000, 1000, null]);
    expect(report.weeks[0]).toMatchObject({
      fastM: 4000,
      coveredM: 5000,
      speedShare: 0.8,
      coverage: 0.5,
      lowCoverage: false,
    });
  });

  it('marks a week whose runs have no known fast distance: coverage 0, low', () => {
    const report = computeLoad([at('2026-10-13T07:00')], london);
    expect(report.weeks[0]).toMatchObject({
      fastM: 0,
      coveredM: 0,
      speedShare: null,
      coverage: 0,
      lowCoverage: true,
    });
  });
});

describe('computeLoad: threshold speed from the critical speed (spec/metrics.md section 5)', () => {
  const estimate: LoadSettings = { timeZone: 'Europe/London', weekStart: 'monday' };
  // 300 s at 5 m/s, then 700 s at 3 m/s: v3 = 5, v12 = (1500 + 1260) / 720.
  const effort = streamOf([
    { pairs: 300, dtS: 1, ddM: 5 },
    { pairs: 700, dtS: 1, ddM: 3 },
  ]);
  const v12 = (1500 + 1260) / 720;
  const cs = criticalSpeed(5, v12) ?? NaN;

  it('estimates vT from the runs of the 90 local days ending on the week end, that day 89 back included', () => {
    const report = computeLoad([at('2026-01-06T07:00', { distanceM: 3600, stream: effort })], estimate, {
      asOf: '2026-04-12',
    });
    expect(byWeek(report, '2026-01-05')).toMatchObject({
      speedMethod: 'critical-speed',
      v3Mps: 5,
      fastM: 1500,
    });
    expect(byWeek(report, '2026-01-05').thresholdSpeedMps).toBeCloseTo(cs, 12);
    expect(byWeek(report, '2026-01-05').v12Mps).toBeCloseTo(v12, 12);
    expect(byWeek(report, '2026-03-30').speedMethod).toBe('critical-speed');
    expect(byWeek(report, '2026-04-06')).toMatchObject({
      speedMethod: 'unknown',
      thresholdSpeedMps: null,
      v3Mps: null,
    });
    expect(report.runs[0].fastM).toBe(1500);
  });

  it('leaves out a run 90 days before the week end', () => {
    const report = computeLoad([at('2026-01-05T07:00', { distanceM: 3600, stream: effort })], estimate, {
      asOf: '2026-04-05',
    });
    expect(byWeek(report, '2026-03-23').speedMethod).toBe('critical-speed');
    expect(byWeek(report, '2026-03-30').speedMethod).toBe('unknown');
  });

  it('uses the vT of the week holding the run, including later runs of that week', () => {
    const steady = streamOf([{ pairs: 1000, dtS: 1, ddM: 3.5 }]);
    const activities = [
      at('2026-01-05T07:00', { distanceM: 3500, stream: steady }),
      at('2026-01-10T07:00', { distanceM: 3600, stream: effort }),
    ];
    const report = computeLoad(activities, estimate);
    const week = report.weeks[0];
    expect(week.speedMethod).toBe('critical-speed');
    expect(report.runs[0].fastM).toBe(fastDistance(activities[0], week.thresholdSpeedMps));
    expect(report.runs[0].fastM).toBe(3500);
  });

  it.each([
    {
      label: 'fewer than 720 s of records',
      s: streamOf([{ pairs: 700, dtS: 1, ddM: 4 }]),
      method: 'unknown',
    },
    {
      label: '720 s of moving records',
      s: streamOf([{ pairs: 720, dtS: 1, ddM: 4 }]),
      method: 'critical-speed',
    },
    {
      label: '720 s elapsed but a pause',
      s: streamOf([
        { pairs: 400, dtS: 1, ddM: 4 },
        { pairs: 1, dtS: 30, ddM: 0 },
        { pairs: 300, dtS: 1, ddM: 4 },
      ]),
      method: 'unknown',
    },
    {
      label: 'CS <= 0',
      s: streamOf([
        { pairs: 180, dtS: 1, ddM: 10 },
        { pairs: 540, dtS: 1, ddM: 0 },
      ]),
      method: 'unknown',
    },
  ])('with $label the method is $method', ({ s, method }) => {
    const report = computeLoad([at('2026-01-06T07:00', { stream: s })], estimate);
    expect(report.weeks[0].speedMethod).toBe(method);
    if (method === 'unknown') {
      expect(report.runs[0].fastM).toBeNull();
      expect(report.weeks[0]).toMatchObject({ speedShare: null, coverage: 0, lowCoverage: true });
    }
  });
});

describe('computeLoad: monotony, descent, cadence (spec/metrics.md sections 7-8)', () => {
  const activities = [
    at('2026-10-05T07:00', { distanceM: 10000, descentM: 100, avgCadenceSpm: 170, movingTimeS: 3000 }),
    at('2026-10-07T07:00', { distanceM: 10000, descentM: null, avgCadenceSpm: 180, movingTimeS: 1000 }),
    at('2026-10-13T07:00', {
      distanceM: 10000,
      descentM: null,
      stream: stream({ timeS: [0, 1, 2, 3], altitudeM: [100, 60, 80, 40] }),
    }),
    at('2026-10-28T07:00', { descentM: null }),
    at('2026-11-03T07:00', { descentM: 40 }),
  ];
  const report = computeLoad(activities, london);

  it('computes monotony and strain per week', () => {
    const week = report.weeks[0];
    const loads = [10000, 0, 10000, 0, 0, 0, 0];
    const mean = 20000 / 7;
    const sd = Math.sqrt(loads.reduce((a, b) => a + (b - mean) ** 2, 0) / 7);
    expect(week.monotony).toBeCloseTo(mean / sd, 12);
    expect(week.strain).toBeCloseTo(20 * (mean / sd), 12);
    expect(byWeek(report, '2026-10-19')).toMatchObject({ monotony: null, strain: null });
  });

  it('sums descent over the runs having it, from the altitude stream where needed', () => {
    expect(report.runs.map((r) => r.descentM)).toEqual([100, null, 80, null, 40]);
    expect(report.weeks.map((w) => [w.weekStart, w.descentM])).toEqual([
      ['2026-10-05', 100],
      ['2026-10-12', 80],
      ['2026-10-19', null],
      ['2026-10-26', null],
      ['2026-11-02', 40],
    ]);
    // A week without runs descends 0 m; a week whose runs have no descent is left out of the baseline.
    const ramps = report.weeks.map((w) => w.descentRamp4);
    expect([ramps[0], ramps[2], ramps[3]]).toEqual([null, -1, null]);
    expect(ramps[1]).toBeCloseTo(-0.2, 12);
    expect(ramps[4]).toBeCloseTo(40 / 60 - 1, 12);
  });

  it('weighs cadence by moving time', () => {
    expect(report.weeks[0].cadenceSpm).toBe((170 * 3000 + 180 * 1000) / 4000);
    expect(report.weeks[1].cadenceSpm).toBeNull();
  });
});
