import { DateTime } from 'luxon';
import type { FitSegment } from '@loadwatch/domain/fit';
import type { RiskProfileFile, RuleId, SymptomLogsFile } from '@loadwatch/domain/rules';
import { addDays } from '@loadwatch/domain/training-load';

/** The one password of every demo account, printed at the end of the seed. */
export const DEMO_PASSWORD = 'loadwatch-demo';

export const DEMO_COACH = {
  email: 'coach@demo.loadwatch.test',
  displayName: 'Casey (demo coach)',
} as const;

/** A symptom log and a risk-profile version as the API takes them (snake_case, spec/rules.md section 1). */
export type DemoSymptomLog = SymptomLogsFile['logs'][number];
export type DemoProfileVersion = RiskProfileFile['versions'][number];

export interface PlannedRun {
  /** Local calendar date of the start. */
  date: string;
  /** Local start time, `HH:mm`. */
  time: string;
  /** What kind of session, for the file name: `easy`, `long`, `intervals`, `tempo`, `race`. */
  label: string;
  segments: FitSegment[];
}

export interface DemoAthletePlan {
  key: string;
  email: string;
  displayName: string;
  timeZone: string;
  /** Threshold pace, `m:ss` per km, as the settings take it. */
  thresholdPace: string;
  returnToRun: { startDate: string; weeklyDistanceKm: number[] } | null;
  /** Whether the athlete grants the demo coach health-data access. */
  healthAccess: boolean;
  /** Where the activities come from: generated FIT files of `runs`, or the real files of samples/fit. */
  activities: 'generated' | 'samples';
  runs: PlannedRun[];
  symptoms: DemoSymptomLog[];
  profiles: DemoProfileVersion[];
  /** One line for the summary: what the demo shows with this athlete. */
  story: string;
  /** The rules this athlete is designed to trigger (checked by the unit and end-to-end tests). */
  expectedRules: RuleId[];
}

export interface DemoPlan {
  athletes: DemoAthletePlan[];
}

/**
 * The demo's athletes, their settings, runs, symptom logs and risk profiles, dated relative to `nowMs` in
 * each athlete's own time zone: the generated history fills the 18 completed weeks before the current one,
 * where the weekly rules judge it whatever the weekday of the seed, plus the current week's usual runs
 * before today. Deterministic: the same instant gives the same plan, and the distances and paces (from a
 * seeded generator) are the same on any day.
 */
export function planDemo(nowMs: number): DemoPlan {
  return { athletes: [finn(), ada(nowMs), bea(nowMs), cal(nowMs)] };
}

/** The Monday of the week holding `nowMs` in `timeZone` (weeks start on Monday, the default setting). */
export function currentWeekStart(nowMs: number, timeZone: string): string {
  const today = DateTime.fromMillis(nowMs, { zone: timeZone });
  return today.minus({ days: today.weekday - 1 }).toISODate() as string;
}

/** mulberry32: a small seeded generator, so the demo's jitter is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Speed (m/s) of a pace given as seconds per km. */
const pace = (secondsPerKm: number): number => 1000 / secondsPerKm;

type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const DAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Easy runs of one week: km by weekday. */
type WeekRuns = Partial<Record<Day, number>>;

/**
 * Writes one athlete's runs week by week, `weeksAgo` counting back from the current week (1 = last week, 0 =
 * the current week, of which only the days before today are kept). Easy runs get a little jitter in distance
 * (+-1.5 %), pace (+-2 %) and start time; designed sessions none.
 */
class History {
  readonly runs: PlannedRun[] = [];
  private readonly random: () => number;
  private readonly weekStart: string;
  private readonly today: string;

  constructor(
    nowMs: number,
    timeZone: string,
    seed: number,
    private readonly easyMps: number,
  ) {
    this.weekStart = currentWeekStart(nowMs, timeZone);
    this.today = DateTime.fromMillis(nowMs, { zone: timeZone }).toISODate() as string;
    this.random = seededRandom(seed);
  }

  date(weeksAgo: number, day: Day): string {
    return addDays(this.weekStart, -7 * weeksAgo + DAYS.indexOf(day));
  }

  easy(weeksAgo: number, day: Day, km: number, label = km >= 10 ? 'long' : 'easy'): void {
    const distanceM = Math.round(km * 1000 * (1 + (this.random() - 0.5) * 0.03));
    const speedMps = this.easyMps * (1 + (this.random() - 0.5) * 0.04);
    this.add(weeksAgo, day, label, [{ distanceM, speedMps }]);
  }

  week(weeksAgo: number, runs: WeekRuns): void {
    for (const day of DAYS) {
      const km = runs[day];
      if (km !== undefined) this.easy(weeksAgo, day, km);
    }
  }

  /** The same week for each of `from` down to `to` weeks ago. */
  weeks(from: number, to: number, runs: WeekRuns): void {
    for (let weeksAgo = from; weeksAgo >= to; weeksAgo--) this.week(weeksAgo, runs);
  }

  /** A run of segments `[km, m/s]`, without jitter. */
  session(weeksAgo: number, day: Day, label: string, segments: [km: number, mps: number][]): void {
    const fit = segments.map(([km, speedMps]) => ({ distanceM: Math.round(km * 1000), speedMps }));
    this.add(weeksAgo, day, label, fit);
  }

  private add(weeksAgo: number, day: Day, label: string, segments: FitSegment[]): void {
    // Between 06:30 and 07:30, in steps of 5 minutes.
    const minutes = 6 * 60 + 30 + 5 * Math.floor(this.random() * 13);
    const time = DateTime.fromObject({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toFormat(
      'HH:mm',
    );
    const date = this.date(weeksAgo, day);
    if (date < this.today) this.runs.push({ date, time, label, segments });
  }
}

/** Finn: the real watch files of samples/fit (2019-2020), and back pain after their hardest week. */
function finn(): DemoAthletePlan {
  return {
    key: 'finn',
    email: 'finn@demo.loadwatch.test',
    displayName: 'Finn',
    timeZone: 'Europe/Berlin',
    thresholdPace: '5:00',
    returnToRun: null,
    healthAccess: true,
    activities: 'samples',
    runs: [],
    symptoms: [
      { date: '2020-09-02', region: 'low_back', side: 'central', severity: 2, when: 'next_morning' },
      { date: '2020-09-22', region: 'low_back', side: 'central', severity: 2, when: 'after_run' },
    ],
    profiles: [],
    story: 'real watch files (2019-2020): hard running, returns after breaks, back pain after the hard week',
    expectedRules: ['R05', 'R08', 'R09', 'R19'],
  };
}

/**
 * Ada: a steady build, then a ramp, a monotonous week, a week of speed work, a half marathon in a jump week,
 * back pain after it, and a second jump while still in pain.
 */
function ada(nowMs: number): DemoAthletePlan {
  const timeZone = 'Europe/London';
  const easy = pace(330);
  const h = new History(nowMs, timeZone, 0xada, easy);
  h.weeks(18, 12, { tue: 7, thu: 8, sat: 5, sun: 10 });
  // R04 (+23 %) and R01 (the 12 km against the 10 km Sundays).
  h.week(11, { tue: 8, thu: 9, sat: 8, sun: 12 });
  // R06: six equal runs, a week above the 4-week baseline.
  h.week(10, { mon: 6.5, tue: 6.5, wed: 6.5, thu: 6.5, fri: 6.5, sat: 6.5 });
  h.week(9, { tue: 8, thu: 8, sat: 7, sun: 12 });
  // R07 and R08: 9 of 36 km at or above the 4:15/km threshold.
  const repeats = Array.from({ length: 5 }, (): [number, number][] => [
    [1, pace(230)],
    [0.4, easy],
  ]);
  h.session(8, 'tue', 'intervals', [[2, easy], ...repeats.flat(), [1, easy]]);
  h.session(8, 'thu', 'tempo', [
    [2, easy],
    [4, pace(245)],
    [2, easy],
  ]);
  h.week(8, { sat: 6, sun: 12 });
  // R03 (+36 %) and R01: a half marathon at the end of a big week.
  h.week(7, { mon: 6, tue: 8, thu: 9, sat: 5 });
  h.session(7, 'sun', 'race', [[21.1, pace(285)]]);
  h.week(6, { tue: 5, thu: 5, sat: 6 });
  h.week(5, { tue: 5, sat: 6 });
  // R03 again, in the two weeks after back pain of severity 4: R22 (warning).
  h.week(4, { tue: 8, thu: 8, sat: 6, sun: 12 });
  h.weeks(3, 0, { tue: 8, thu: 8, sat: 6, sun: 13 });

  return {
    key: 'ada',
    email: 'ada@demo.loadwatch.test',
    displayName: 'Ada',
    timeZone,
    thresholdPace: '4:15',
    returnToRun: null,
    healthAccess: true,
    activities: 'generated',
    runs: h.runs,
    symptoms: [
      { date: h.date(6, 'tue'), region: 'low_back', side: 'central', severity: 3, when: 'next_morning' },
      { date: h.date(6, 'fri'), region: 'low_back', side: 'central', severity: 3, when: 'after_run' },
      {
        date: h.date(5, 'mon'),
        region: 'low_back',
        side: 'left',
        severity: 4,
        when: 'next_morning',
        aggravators: ['bending_forward'],
      },
      { date: h.date(5, 'thu'), region: 'low_back', side: 'left', severity: 3, when: 'after_run' },
      // More than 14 days after the last log: a new episode, "possibly related" to the second jump.
      { date: h.date(3, 'fri'), region: 'low_back', side: 'central', severity: 2, when: 'after_run' },
      { date: h.date(2, 'sun'), region: 'low_back', side: 'central', severity: 1, when: 'at_rest' },
    ],
    profiles: [],
    story: 'load spikes, monotony and speed work, then back pain after a jump and a second jump in pain',
    expectedRules: ['R01', 'R03', 'R04', 'R06', 'R07', 'R08', 'R09', 'R10', 'R16', 'R22'],
  };
}

/**
 * Bea: bone-stress risk factors in her profile (score 5, vitamin D 16.8 ng/mL), a three-week break, and a
 * return-to-run plan she runs ahead of, with hip pain on weight bearing and rising back pain during runs. She
 * shares no health data with the coach, who sees her load findings only.
 */
function bea(nowMs: number): DemoAthletePlan {
  const timeZone = 'Europe/London';
  const h = new History(nowMs, timeZone, 0xbea, pace(360));
  h.weeks(18, 11, { tue: 6, thu: 6, sun: 10 });
  // Weeks 10 to 8: no running (shin pain). Return-to-run plan from week 7.
  h.week(7, { tue: 6, sat: 2 });
  h.week(6, { tue: 3, thu: 3, sat: 4 });
  // 17 km against a plan of 12 (R20), the 8 km against the 6 km return run (R01, with factors: R21).
  h.week(5, { tue: 3, thu: 3, sat: 3, sun: 8 });
  h.week(4, { tue: 4, thu: 4, sun: 6 });
  h.week(3, { tue: 4, sat: 5 });
  h.week(2, { tue: 4, thu: 4, sun: 5 });
  h.weeks(1, 0, { tue: 5, thu: 5, sun: 7 });

  return {
    key: 'bea',
    email: 'bea@demo.loadwatch.test',
    displayName: 'Bea',
    timeZone,
    thresholdPace: '4:45',
    returnToRun: { startDate: h.date(7, 'mon'), weeklyDistanceKm: [8, 10, 12, 14, 16, 18, 20] },
    healthAccess: false,
    activities: 'generated',
    runs: h.runs,
    symptoms: [
      {
        date: h.date(4, 'wed'),
        region: 'hip',
        side: 'right',
        severity: 3,
        when: 'after_run',
        aggravators: ['weight_bearing', 'night_pain'],
      },
      { date: h.date(3, 'tue'), region: 'low_back', side: 'right', severity: 2, when: 'during_run' },
      { date: h.date(3, 'sat'), region: 'low_back', side: 'right', severity: 4, when: 'during_run' },
    ],
    profiles: [
      {
        date: h.date(16, 'mon'),
        sex: 'female',
        birth_year: 1997,
        height_cm: 165,
        weight_kg: 49,
        weight_change_pct_month: 0,
        vitamin_d: { value: 42, unit: 'nmol/L', date: h.date(17, 'thu') },
        disordered_eating: 'some_restriction_or_past',
        malabsorption: [],
        prior_bsi: { count: 1, sites: ['tibia'] },
        menses_12mo: 8,
        menarche_age: 14,
        hormonal_contraception: false,
        bmd_z: -1.2,
      },
    ],
    story: 'bone-stress risk profile, a break and a return-to-run plan run too fast',
    expectedRules: ['R01', 'R05', 'R09', 'R10', 'R11', 'R17', 'R18', 'R19', 'R20', 'R21'],
  };
}

/**
 * Cal: short runs, a doubling long run, and back pain that lasts for weeks and ends with red flags
 * (saddle numbness, bladder change): the demo's one urgent case.
 */
function cal(nowMs: number): DemoAthletePlan {
  const timeZone = 'America/New_York';
  const h = new History(nowMs, timeZone, 0xca1, pace(345));
  h.weeks(16, 6, { mon: 5, wed: 5, sat: 6 });
  // R02: 13 km against a longest of 6 in the 30 days before (and R03: +44 %).
  h.week(5, { mon: 5, wed: 5 });
  h.easy(5, 'sat', 13, 'long');
  h.weeks(4, 0, { mon: 4, wed: 4, sat: 5 });

  return {
    key: 'cal',
    email: 'cal@demo.loadwatch.test',
    displayName: 'Cal',
    timeZone,
    thresholdPace: '4:30',
    returnToRun: null,
    healthAccess: true,
    activities: 'generated',
    runs: h.runs,
    symptoms: [
      {
        date: h.date(10, 'thu'),
        region: 'low_back',
        side: 'central',
        severity: 2,
        when: 'at_rest',
        aggravators: ['sitting'],
      },
      { date: h.date(8, 'thu'), region: 'low_back', side: 'central', severity: 2, when: 'at_rest' },
      {
        date: h.date(6, 'thu'),
        region: 'low_back',
        side: 'central',
        severity: 3,
        when: 'at_rest',
        systemic: ['recent_trauma'],
        notes: 'Slipped on the stairs.',
      },
      {
        date: h.date(4, 'mon'),
        region: 'low_back',
        side: 'left',
        severity: 5,
        when: 'next_morning',
        neurological: ['leg_numbness_one_side'],
      },
      {
        date: h.date(2, 'fri'),
        region: 'low_back',
        side: 'both',
        severity: 8,
        when: 'at_rest',
        neurological: ['saddle_numbness', 'bladder_or_bowel_change'],
        can_walk_normally: false,
      },
    ],
    profiles: [],
    story: 'a doubling long run, weeks of back pain, then red flags: the one urgent case',
    expectedRules: ['R02', 'R03', 'R05', 'R10', 'R12', 'R13', 'R14', 'R15', 'R16', 'R22'],
  };
}
