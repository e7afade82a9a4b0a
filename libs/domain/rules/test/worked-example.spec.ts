import type { Activity, RecordStream } from '@loadwatch/domain/activity';
import { computeLoad } from '@loadwatch/domain/training-load';
import { DateTime } from 'luxon';
import { evaluateRules } from '../src/lib/evaluate-rules';
import { ATHLETE } from './rules-input.factory';
import {
  WORKED_EXAMPLE_FINDINGS,
  WORKED_EXAMPLE_LOG,
  WORKED_EXAMPLE_PROFILE,
} from './worked-example.fixture';

/**
 * spec/rules.md section 4 end to end: real activities through `computeLoad`, then `evaluateRules`.
 * Europe/London, runs at 07:00 local on Tue/Thu/Sun (week of 2026-10-26: Saturday only), threshold 4:00/km.
 */
const ZONE = 'Europe/London';

/** A record stream of segments: `pairs` records `dtS` seconds and `ddM` metres apart. */
function stream(segments: { pairs: number; dtS: number; ddM: number }[]): RecordStream {
  const timeS = [0];
  const distanceM: number[] = [0];
  const speedMps: number[] = [segments[0].ddM / segments[0].dtS];
  for (const { pairs, dtS, ddM } of segments) {
    for (let i = 0; i < pairs; i++) {
      timeS.push(timeS[timeS.length - 1] + dtS);
      distanceM.push(distanceM[distanceM.length - 1] + ddM);
      speedMps.push(ddM / dtS);
    }
  }
  return { timeS, distanceM, speedMps, altitudeM: [], heartRateBpm: [], cadenceSpm: [] };
}

function run(date: string, km: number, segments = [{ pairs: (km * 1000) / 30, dtS: 10, ddM: 30 }]): Activity {
  const records = stream(segments);
  return {
    id: `run-${date}`,
    source: 'fit',
    sport: 'running',
    subSport: null,
    sportClass: 'running',
    startMs: DateTime.fromISO(`${date}T07:00`, { zone: ZONE }).toMillis(),
    utcOffsetS: null,
    distanceM: km * 1000,
    movingTimeS: records.timeS[records.timeS.length - 1],
    elapsedTimeS: records.timeS[records.timeS.length - 1],
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: null,
    avgCadenceSpm: null,
    laps: [],
    stream: records,
    device: null,
  };
}

// 12 km: 4.5 km at 3 m/s, then 3 km at 3:45/km (40 m every 9 s), then 4.5 km at 3 m/s.
const intervals = [
  { pairs: 150, dtS: 10, ddM: 30 },
  { pairs: 75, dtS: 9, ddM: 40 },
  { pairs: 150, dtS: 10, ddM: 30 },
];

const activities: Activity[] = [
  run('2026-09-29', 8),
  run('2026-10-01', 10),
  run('2026-10-04', 12),
  run('2026-10-06', 8),
  run('2026-10-08', 10),
  run('2026-10-11', 14),
  run('2026-10-13', 10),
  run('2026-10-15', 12, intervals),
  run('2026-10-18', 20),
  run('2026-10-31', 10),
];

describe('the worked example through computeLoad (spec/rules.md section 4)', () => {
  it('gives exactly the seven findings', () => {
    const load = computeLoad(
      activities,
      { timeZone: ZONE, weekStart: 'monday', thresholdSpeedMps: 1000 / 240 },
      { extraDates: [WORKED_EXAMPLE_LOG.date] },
    );
    expect(load.asOf).toBe('2026-10-31');
    const findings = evaluateRules({
      athleteId: ATHLETE,
      load,
      logs: [WORKED_EXAMPLE_LOG],
      profileVersions: [WORKED_EXAMPLE_PROFILE],
      evaluationDate: load.asOf ?? '',
    });
    expect(
      findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        anchor: `${f.anchor.kind}:${f.anchor.id}`,
        date: f.date,
      })),
    ).toEqual(WORKED_EXAMPLE_FINDINGS);
    const week = load.weeks.find((w) => w.weekStart === '2026-10-12');
    expect(week?.speedShare).toBeCloseTo(3 / 42, 3);
  });
});
