import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import { decodeFit } from '@loadwatch/domain/fit';
import { evaluateRules, parseRiskProfile, parseSymptomLogs, type Finding } from '@loadwatch/domain/rules';
import { addDays, computeLoad, daysBetween, localDateOf } from '@loadwatch/domain/training-load';
import { encodePlannedRun, readSampleFiles, startOf, type DemoFile } from './demo-files';
import { currentWeekStart, planDemo, seededRandom, type DemoAthletePlan, type PlannedRun } from './demo-plan';

const SAMPLES = resolve(__dirname, '../../../../samples/fit');

/** Saturday 2026-11-21, 11:00 UTC: the history spans the end of summer time in London and New York. */
const NOW = Date.UTC(2026, 10, 21, 11, 0);
/** Monday 2027-03-29, 00:30 in London, a day after summer time began: the current week has just started. */
const SPRING = Date.UTC(2027, 2, 28, 23, 30);

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function athleteOf(nowMs: number, key: string): DemoAthletePlan {
  const athlete = planDemo(nowMs).athletes.find((a) => a.key === key);
  if (!athlete) throw new Error(`no demo athlete ${key}`);
  return athlete;
}

const km = (run: PlannedRun) => run.segments.reduce((sum, s) => sum + s.distanceM, 0) / 1000;

/** Weeks before the current one (1 = last week) and weekday of a local date. */
function placeOf(date: string, weekStart: string): { weeksAgo: number; weekday: string } {
  const days = daysBetween(weekStart, date);
  return { weeksAgo: -Math.floor(days / 7), weekday: WEEKDAYS[((days % 7) + 7) % 7] };
}

/** An athlete's runs as `weeks ago -> "Tue 8, Thu 9 tempo, ..."` (easy distances to the half km). */
function schedule(athlete: DemoAthletePlan, nowMs: number): Record<number, string> {
  const weekStart = currentWeekStart(nowMs, athlete.timeZone);
  const weeks: Record<number, string[]> = {};
  for (const run of athlete.runs) {
    const { weeksAgo, weekday } = placeOf(run.date, weekStart);
    const distance =
      run.segments.length === 1 && run.label !== 'race' ? Math.round(km(run) * 2) / 2 : km(run);
    const label = run.label === 'easy' || run.label === 'long' ? '' : ` ${run.label}`;
    (weeks[weeksAgo] ??= []).push(`${weekday} ${distance}${label}`);
  }
  return Object.fromEntries(Object.entries(weeks).map(([week, runs]) => [week, runs.join(', ')]));
}

/** What the server computes for one athlete (ingest, recompute-load, evaluate-rules), without a database. */
async function evaluate(
  athlete: DemoAthletePlan,
  nowMs: number,
): Promise<{ findings: Finding[]; localDates: string[] }> {
  const files: DemoFile[] =
    athlete.activities === 'samples'
      ? await readSampleFiles(SAMPLES)
      : athlete.runs.map((run) => encodePlannedRun(run, athlete.timeZone));
  const activities = files.flatMap(
    (file, index) => decodeFit(file.buffer, { idPrefix: `f${index}` }).activities,
  );
  const today = DateTime.fromMillis(nowMs, { zone: athlete.timeZone }).toISODate() as string;
  const [minutes, seconds] = athlete.thresholdPace.split(':').map(Number);
  const logs = parseSymptomLogs({ logs: athlete.symptoms });
  const load = computeLoad(
    activities,
    { timeZone: athlete.timeZone, weekStart: 'monday', thresholdSpeedMps: 1000 / (minutes * 60 + seconds) },
    { asOf: today, extraDates: logs.map((log) => log.date) },
  );
  const findings = evaluateRules({
    athleteId: athlete.key,
    load,
    logs,
    profileVersions: parseRiskProfile({ versions: athlete.profiles }),
    returnToRun: athlete.returnToRun && {
      startDate: athlete.returnToRun.startDate,
      weeklyPlanM: athlete.returnToRun.weeklyDistanceKm.map((distance) => distance * 1000),
    },
    evaluationDate: today,
  });
  return { findings, localDates: activities.map((a) => localDateOf(a, athlete.timeZone)).sort() };
}

const rulesOf = (findings: Finding[]) => [...new Set(findings.map((f) => f.rule))].sort();

describe('planDemo', () => {
  it('is deterministic: the same instant gives the same plan, any day the same distances and paces', () => {
    expect(planDemo(NOW)).toEqual(planDemo(NOW));
    // The runs of the current week depend on the weekday; those of the 18 weeks before do not.
    const segmentsOf = (nowMs: number) =>
      planDemo(nowMs).athletes.map((a) =>
        a.runs
          .filter((run) => run.date < currentWeekStart(nowMs, a.timeZone))
          .map((run) => [run.time, run.label, run.segments]),
      );
    expect(segmentsOf(SPRING)).toEqual(segmentsOf(NOW));
    expect(Array.from({ length: 3 }, seededRandom(0xada))).toEqual(
      Array.from({ length: 3 }, seededRandom(0xada)),
    );
  });

  it('has a coach-visible mix: four athletes, one of them without the health-data grant', () => {
    const { athletes } = planDemo(NOW);
    expect(athletes.map((a) => [a.displayName, a.activities, a.healthAccess])).toEqual([
      ['Finn', 'samples', true],
      ['Ada', 'generated', true],
      ['Bea', 'generated', false],
      ['Cal', 'generated', true],
    ]);
    expect(new Set(athletes.map((a) => a.email)).size).toBe(4);
  });

  it('dates logs and profiles in the 18 completed weeks before the current one, runs up to yesterday', () => {
    for (const nowMs of [NOW, SPRING]) {
      for (const athlete of planDemo(nowMs).athletes.filter((a) => a.activities === 'generated')) {
        const weekStart = currentWeekStart(nowMs, athlete.timeZone);
        const today = DateTime.fromMillis(nowMs, { zone: athlete.timeZone }).toISODate() as string;
        const history = addDays(weekStart, -18 * 7);
        for (const date of [...athlete.symptoms, ...athlete.profiles].map((entry) => entry.date)) {
          expect(date >= history && date < weekStart).toBe(true);
        }
        const runDates = athlete.runs.map((r) => r.date);
        expect(runDates).toEqual([...runDates].sort());
        expect(runDates[0] >= history && runDates[runDates.length - 1] < today).toBe(true);
      }
    }
    expect(currentWeekStart(SPRING, 'Europe/London')).toBe('2027-03-29');
    expect(currentWeekStart(SPRING, 'America/New_York')).toBe('2027-03-22');
  });

  it("plans Ada's weeks: base, ramp, monotony, speed work, a half marathon in a jump week, a second jump", () => {
    const ada = athleteOf(NOW, 'ada');
    const base = 'Tue 7, Thu 8, Sat 5, Sun 10';
    expect(schedule(ada, NOW)).toEqual({
      18: base,
      17: base,
      16: base,
      15: base,
      14: base,
      13: base,
      12: base,
      11: 'Tue 8, Thu 9, Sat 8, Sun 12',
      10: 'Mon 6.5, Tue 6.5, Wed 6.5, Thu 6.5, Fri 6.5, Sat 6.5',
      9: 'Tue 8, Thu 8, Sat 7, Sun 12',
      8: 'Tue 10 intervals, Thu 8 tempo, Sat 6, Sun 12',
      7: 'Mon 6, Tue 8, Thu 9, Sat 5, Sun 21.1 race',
      6: 'Tue 5, Thu 5, Sat 6',
      5: 'Tue 5, Sat 6',
      4: 'Tue 8, Thu 8, Sat 6, Sun 12',
      3: 'Tue 8, Thu 8, Sat 6, Sun 13',
      2: 'Tue 8, Thu 8, Sat 6, Sun 13',
      1: 'Tue 8, Thu 8, Sat 6, Sun 13',
      // This week up to yesterday (Friday).
      0: 'Tue 8, Thu 8',
    });
    // Speed work above the 4:15/km threshold (3.92 m/s): 5 x 1 km and a 4 km tempo, 9 of the week's 36 km.
    const threshold = 1000 / 255;
    const fastKm = ada.runs
      .flatMap((run) => run.segments)
      .filter((s) => s.speedMps >= threshold)
      .reduce((sum, s) => sum + s.distanceM / 1000, 0);
    expect(fastKm).toBe(9);
  });

  it("plans Bea's break and return, and Cal's doubling long run", () => {
    const bea = athleteOf(NOW, 'bea');
    const beaWeeks = schedule(bea, NOW);
    expect([beaWeeks[10], beaWeeks[9], beaWeeks[8]]).toEqual([undefined, undefined, undefined]);
    expect(beaWeeks[7]).toBe('Tue 6, Sat 2');
    expect(bea.returnToRun).toEqual({
      startDate: '2026-09-28',
      weeklyDistanceKm: [8, 10, 12, 14, 16, 18, 20],
    });

    const cal = athleteOf(NOW, 'cal');
    expect(schedule(cal, NOW)[5]).toBe('Mon 5, Wed 5, Sat 13');
    // Saturday 06:00 in New York: this week's Monday and Wednesday runs so far.
    expect(schedule(cal, NOW)[0]).toBe('Mon 4, Wed 4');
    expect(schedule(athleteOf(SPRING, 'cal'), SPRING)[0]).toBe('Mon 4, Wed 4, Sat 5');
    const long = cal.runs.find((run) => km(run) > 10) as PlannedRun;
    const before = cal.runs.filter((run) => run.date < long.date && run.date >= addDays(long.date, -29));
    expect(km(long) / Math.max(...before.map(km))).toBeGreaterThan(2);
  });

  it('writes each run as a FIT file on its local date, with the offset of its zone on that day', () => {
    const cases: [key: string, date: string, offsetS: number][] = [
      ['ada', '2026-10-17', 3600],
      ['ada', '2026-10-25', 0],
      ['cal', '2026-10-31', -4 * 3600],
      ['cal', '2026-11-02', -5 * 3600],
    ];
    for (const [key, date, offsetS] of cases) {
      const athlete = athleteOf(NOW, key);
      const run = athlete.runs.find((r) => r.date === date) as PlannedRun;
      expect(startOf(run, athlete.timeZone).utcOffsetS).toBe(offsetS);
      const [activity] = decodeFit(encodePlannedRun(run, athlete.timeZone).buffer).activities;
      expect(activity.utcOffsetS).toBe(offsetS);
      expect(localDateOf(activity, athlete.timeZone)).toBe(run.date);
      expect(activity.distanceM).toBeCloseTo(km(run) * 1000, 0);
    }
  });
});

describe('the demo, evaluated as the server does', () => {
  it.each([
    ['a Saturday in November', NOW],
    ['a Monday just after midnight in spring', SPRING],
  ])('shows the designed rules of each athlete on %s, every rule across the demo', async (_, nowMs) => {
    const findings = new Map<string, Finding[]>();
    for (const athlete of planDemo(nowMs).athletes) {
      const { findings: own, localDates } = await evaluate(athlete, nowMs);
      findings.set(athlete.key, own);
      if (athlete.activities === 'generated') expect(localDates).toEqual(athlete.runs.map((r) => r.date));
      expect([athlete.key, rulesOf(own)]).toEqual([athlete.key, [...athlete.expectedRules].sort()]);
    }
    const all = [...findings.values()].flat();
    expect(rulesOf(all)).toEqual(Array.from({ length: 22 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`));
    // One urgent case: Cal's red flags.
    expect(
      [...findings].filter(([, own]) => own.some((f) => f.severity === 'urgent')).map(([key]) => key),
    ).toEqual(['cal']);
    // Back pain after spikes, likely and possibly related; R20 on a week and on a log.
    const relations = all.filter((f) => f.rule === 'R09' || f.rule === 'R10').map((f) => f.relation);
    expect(new Set(relations)).toEqual(new Set(['likely', 'possibly']));
    const r20 = (findings.get('bea') ?? []).filter((f) => f.rule === 'R20').map((f) => f.anchor.kind);
    expect(r20.sort()).toEqual(['symptom', 'week']);
  });
});
