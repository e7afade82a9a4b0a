import type { RunMetrics, WeekMetrics } from '@loadwatch/domain/training-load';
import {
  isCompleteWeek,
  makeFinding,
  percent,
  previousWeekStart,
  round,
  runsOfWeek,
  sum,
  weekDistanceM,
  type EvaluationContext,
} from './evaluation-context';
import type { Finding, FindingAnchor } from './finding';
import { addDays, daysBetween } from './local-date';
import { RULE_CATALOGUE, type RuleId } from './rule-catalogue';
import { above, atLeast, atMost } from './threshold-compare';

export type SpikeEventRule = 'R01' | 'R02' | 'R03' | 'R07' | 'R08';

/** A spike event (spec/rules.md section 2) with its date and the week holding that date. */
export interface SpikeEvent {
  rule: SpikeEventRule;
  date: string;
  weekStart: string;
  anchor: FindingAnchor;
  activityIds: string[];
}

export interface LoadRulesResult {
  findings: Finding[];
  spikeEvents: SpikeEvent[];
}

const HOUR_MS = 3_600_000;

/**
 * R01-R08 and R19: the rules on load alone (spec/rules.md section 3). Every run and week of the report up to
 * the evaluation date is judged, not only the latest, so a re-evaluation finds the same findings again;
 * R04, R06, R07 and R08 judge completed weeks (ended on or before the evaluation date) only. Weekly distances
 * are summed from the report's runs so that the week to date and its crossing day agree.
 */
export function evaluateLoadRules(ctx: EvaluationContext): LoadRulesResult {
  const findings = [
    ...sessionSpikes(ctx),
    ...weeklyJumps(ctx),
    ...weeklyRamps(ctx),
    ...ewmaRatios(ctx),
    ...monotony(ctx),
    ...speedWork(ctx),
    ...returnsAfterBreak(ctx),
  ];
  const spikeEvents: SpikeEvent[] = [];
  for (const finding of findings) {
    if (!isSpikeEventRule(finding.rule)) continue;
    const weekStart = finding.evidence['weekStart'];
    spikeEvents.push({
      rule: finding.rule,
      date: finding.date,
      weekStart: typeof weekStart === 'string' ? weekStart : finding.anchor.id,
      anchor: finding.anchor,
      activityIds: finding.evidence.activityIds,
    });
  }
  return { findings, spikeEvents };
}

function isSpikeEventRule(rule: RuleId): rule is SpikeEventRule {
  return RULE_CATALOGUE[rule].spikeEvent;
}

/** R01 and R02: one run against the longest of the 30 days before it (spike of spec/metrics.md section 4). */
function sessionSpikes(ctx: EvaluationContext): Finding[] {
  const { R01, R02 } = ctx.config;
  const findings: Finding[] = [];
  for (const run of ctx.runs) {
    const spike = run.spike;
    if (spike === null) continue;
    const anchor: FindingAnchor = { kind: 'run', id: run.activityId, date: run.localDate };
    const values = {
      weekStart: run.weekStart,
      spike: round(spike),
      distanceM: round(run.distanceM, 1),
      longestPrior30DaysM: run.spikeReferenceM === null ? null : round(run.spikeReferenceM, 1),
      runsInWindow: run.spikeWindowRuns,
    };
    if (above(spike, R01.lower) && atMost(spike, R01.upper)) {
      findings.push(
        makeFinding(ctx, {
          rule: 'R01',
          severity: 'caution',
          anchor,
          message:
            `This run was ${percent(spike - 1)} % longer than your longest run in the last 30 days. ` +
            'In a large study of runners, runs well beyond the recent longest were associated with more ' +
            'injuries; consider building distance gradually.',
          activityIds: [run.activityId],
          values,
        }),
      );
    }
    if (above(spike, R02.lower)) {
      findings.push(
        makeFinding(ctx, {
          rule: 'R02',
          severity: 'caution',
          anchor,
          message:
            'This run was more than double your longest run in the last 30 days. In a large study of ' +
            'runners, jumps of this size were associated with the most injuries; consider building distance ' +
            'gradually.',
          activityIds: [run.activityId],
          values,
        }),
      );
    }
  }
  return findings;
}

/**
 * R03: the week to date against the whole previous week. Judged on every week, the running one included;
 * its date is that of the run with which the week to date first met all three conditions.
 */
function weeklyJumps(ctx: EvaluationContext): Finding[] {
  const { ratio, minPreviousM, minIncreaseM } = ctx.config.R03;
  const findings: Finding[] = [];
  for (const week of ctx.weeks) {
    const previousM = previousWeekInsideHistoryM(ctx, week.weekStart);
    if (previousM === null || !atLeast(previousM, minPreviousM)) continue;
    let weekToDateM = 0;
    const counted: string[] = [];
    for (const run of runsOfWeek(ctx, week.weekStart)) {
      weekToDateM += run.distanceM;
      counted.push(run.activityId);
      if (above(weekToDateM, ratio * previousM) && atLeast(weekToDateM - previousM, minIncreaseM)) {
        findings.push(
          makeFinding(ctx, {
            rule: 'R03',
            severity: 'caution',
            anchor: weekAnchor(week),
            date: run.localDate,
            message:
              `Weekly distance rose more than ${percent(ratio - 1)} %: by ${run.localDate} this week was ` +
              `${percent(weekToDateM / previousM - 1)} % above last week. Research has associated sharp ` +
              'weekly increases with running injuries, though the evidence is weak; consider a steadier build.',
            activityIds: counted,
            values: {
              weekStart: week.weekStart,
              crossedOn: run.localDate,
              weekToDateM: round(weekToDateM, 1),
              previousWeekM: round(previousM, 1),
              ratio: round(weekToDateM / previousM),
            },
          }),
        );
        break;
      }
    }
  }
  return findings;
}

/** R04: completed weeks whose ramp lies in the band below R03, with R03's guards. */
function weeklyRamps(ctx: EvaluationContext): Finding[] {
  const { lower, upper, minPreviousM, minIncreaseM } = ctx.config.R04;
  const findings: Finding[] = [];
  for (const week of ctx.weeks) {
    if (!isCompleteWeek(ctx, week)) continue;
    const previousM = previousWeekInsideHistoryM(ctx, week.weekStart);
    if (previousM === null || !atLeast(previousM, minPreviousM)) continue;
    const weekM = weekDistanceM(ctx, week.weekStart);
    const ramp = weekM / previousM - 1;
    if (!atLeast(weekM - previousM, minIncreaseM) || !(above(ramp, lower) && atMost(ramp, upper))) continue;
    findings.push(
      makeFinding(ctx, {
        rule: 'R04',
        severity: 'info',
        anchor: weekAnchor(week),
        message:
          `Weekly distance rose ${percent(ramp)} % on the week before. The "10 % rule" is a rule of thumb ` +
          'without trial support; this is shown so you can see the trend.',
        activityIds: runsOfWeek(ctx, week.weekStart).map((run) => run.activityId),
        values: { weekM: round(weekM, 1), previousWeekM: round(previousM, 1), ramp: round(ramp) },
      }),
    );
  }
  return findings;
}

/** R05: any day of the week (up to the evaluation date) with an EWMA ratio at or above the threshold. */
function ewmaRatios(ctx: EvaluationContext): Finding[] {
  const { ratio } = ctx.config.R05;
  const findings: Finding[] = [];
  for (const week of ctx.weeks) {
    const high = ctx.days.filter(
      (day) =>
        day.date >= week.weekStart &&
        day.date <= week.weekEnd &&
        day.acwrEwma !== null &&
        atLeast(day.acwrEwma, ratio),
    );
    if (high.length === 0) continue;
    const maxRatio = Math.max(...high.map((day) => day.acwrEwma ?? 0));
    findings.push(
      makeFinding(ctx, {
        rule: 'R05',
        severity: 'info',
        anchor: weekAnchor(week),
        message:
          `Your recent running load reached ${round(maxRatio, 2)} times your longer-term load this week ` +
          '(EWMA ratio). This is context only: research disputes what the ratio means, and Loadwatch never ' +
          'warns on it alone.',
        values: { firstDate: high[0].date, days: high.length, maxAcwrEwma: round(maxRatio) },
      }),
    );
  }
  return findings;
}

/**
 * R06: completed weeks with high monotony and a distance at or above the 4-week baseline; a running week is
 * not judged because its monotony counts the days still to come as rest days.
 */
function monotony(ctx: EvaluationContext): Finding[] {
  const threshold = ctx.config.R06.monotony;
  const findings: Finding[] = [];
  for (const week of ctx.weeks) {
    if (!isCompleteWeek(ctx, week) || week.monotony === null || week.base === null) continue;
    const weekM = weekDistanceM(ctx, week.weekStart);
    if (!above(week.monotony, threshold) || !atLeast(weekM, week.base)) continue;
    findings.push(
      makeFinding(ctx, {
        rule: 'R06',
        severity: 'info',
        anchor: weekAnchor(week),
        message:
          `Little difference between easy and hard days this week (monotony ${round(week.monotony, 2)}). ` +
          'Some research links very uniform training to more strain; consider varying easy and hard days.',
        activityIds: runsOfWeek(ctx, week.weekStart).map((run) => run.activityId),
        values: { monotony: round(week.monotony), weekM: round(weekM, 1), baseM: round(week.base, 1) },
      }),
    );
  }
  return findings;
}

interface WeekTotals {
  /** W: all running distance (m). */
  distanceM: number;
  /** F: fast distance of runs whose fast distance is known (m). */
  fastM: number;
  /** C: distance of those runs (m). */
  coveredM: number;
}

function totals(runs: readonly RunMetrics[]): WeekTotals {
  const known = runs.filter((run) => run.fastM !== null);
  return {
    distanceM: sum(runs.map((run) => run.distanceM)),
    fastM: sum(known.map((run) => run.fastM ?? 0)),
    coveredM: sum(known.map((run) => run.distanceM)),
  };
}

const coverage = (t: WeekTotals): number | null => (t.distanceM > 0 ? t.coveredM / t.distanceM : null);
const speedShare = (t: WeekTotals): number | null => (t.coveredM > 0 ? t.fastM / t.coveredM : null);

/**
 * R07 and R08 on completed weeks (spec/metrics.md section 5), from the runs' fast distances. Their spike-event
 * date is the first day of the week from which the week-to-date condition held through the week's end.
 */
function speedWork(ctx: EvaluationContext): Finding[] {
  const { R07, R08 } = ctx.config;
  const findings: Finding[] = [];
  for (const week of ctx.weeks) {
    if (!isCompleteWeek(ctx, week)) continue;
    const runs = runsOfWeek(ctx, week.weekStart);
    const prior = priorFastMean(ctx, week.weekStart);

    const r07 = (t: WeekTotals): boolean => {
      const share = speedShare(t);
      return (
        atLeast(coverage(t) ?? 0, R07.minCoverage) &&
        share !== null &&
        above(share, R07.share) &&
        atLeast(t.distanceM, R07.minWeekM)
      );
    };
    const r08 = (t: WeekTotals): 'share' | 'rising' | null => {
      const share = speedShare(t);
      if (!atLeast(coverage(t) ?? 0, R08.minCoverage) || share === null) return null;
      if (above(share, R08.share)) return 'share';
      if (
        prior !== null &&
        above(share, R08.risingShare) &&
        above(t.fastM, R08.fastRatio * prior.meanFastM)
      ) {
        return 'rising';
      }
      return null;
    };

    const weekTotals = totals(runs);
    const values = {
      weekStart: week.weekStart,
      speedShare: round(speedShare(weekTotals) ?? 0),
      coverage: round(coverage(weekTotals) ?? 0),
      fastM: round(weekTotals.fastM, 1),
      coveredM: round(weekTotals.coveredM, 1),
      weekM: round(weekTotals.distanceM, 1),
    };
    const fastRuns = runs.filter((run) => (run.fastM ?? 0) > 0).map((run) => run.activityId);
    const sharePct = percent(speedShare(weekTotals) ?? 0);

    if (r07(weekTotals)) {
      findings.push(
        makeFinding(ctx, {
          rule: 'R07',
          severity: 'info',
          anchor: weekAnchor(week),
          date: conditionStart(week, runs, r07),
          message:
            `Fast running was ${sharePct} % of this week's distance; physical therapists advise keeping speed ` +
            'sessions to about 10 % of weekly mileage.',
          activityIds: fastRuns,
          values,
        }),
      );
    }
    const branch = r08(weekTotals);
    if (branch !== null) {
      findings.push(
        makeFinding(ctx, {
          rule: 'R08',
          severity: 'caution',
          anchor: weekAnchor(week),
          date: conditionStart(week, runs, (t) => r08(t) !== null),
          message:
            branch === 'share'
              ? `Hard running rose sharply: ${sharePct} % of this week's distance was at or above your threshold ` +
                'pace. Research has associated sudden increases in hard running with injury; consider spreading ' +
                'hard sessions out.'
              : `Hard running rose sharply: this week's fast distance was ${round(weekTotals.fastM / Math.max(prior?.meanFastM ?? 0, 1), 1)} ` +
                'times the mean of the weeks before. Research has associated sudden increases in hard running ' +
                'with injury; consider spreading hard sessions out.',
          activityIds: fastRuns,
          values: {
            ...values,
            branch,
            priorWeeks: prior?.weeks ?? 0,
            priorMeanFastM: prior === null ? null : round(prior.meanFastM, 1),
          },
        }),
      );
    }
  }
  return findings;
}

/**
 * Mean F of the up to `R08.priorWeeks` weeks before `weekStart` inside history (weeks without runs count
 * F = 0); null when there is no such week or one of them has runs but low coverage.
 */
function priorFastMean(
  ctx: EvaluationContext,
  weekStart: string,
): { meanFastM: number; weeks: number } | null {
  const { priorWeeks, minCoverage } = ctx.config.R08;
  const fast: number[] = [];
  for (let back = 1; back <= priorWeeks; back++) {
    const start = previousWeekStart(weekStart, back);
    if (ctx.historyStart === null || start < ctx.historyStart) break;
    const t = totals(runsOfWeek(ctx, start));
    if (t.distanceM > 0 && !atLeast(coverage(t) ?? 0, minCoverage)) return null;
    fast.push(t.fastM);
  }
  return fast.length === 0 ? null : { meanFastM: sum(fast) / fast.length, weeks: fast.length };
}

/** First day of the week from which `holds` was true of the week to date through the week's last day. */
function conditionStart(
  week: WeekMetrics,
  runs: readonly RunMetrics[],
  holds: (t: WeekTotals) => boolean,
): string {
  let start: string | null = null;
  for (let offset = 0; offset < 7; offset++) {
    const day = addDays(week.weekStart, offset);
    if (holds(totals(runs.filter((run) => run.localDate <= day)))) start ??= day;
    else start = null;
  }
  return start ?? week.weekStart;
}

/**
 * R19: a run 14 or more days (by start date) after the previous run, longer than half the longest run of the
 * 30 days (as 720 h, like the spike window) that end with that previous run, the previous run included.
 */
function returnsAfterBreak(ctx: EvaluationContext): Finding[] {
  const { gapDays, fraction, windowDays } = ctx.config.R19;
  const findings: Finding[] = [];
  ctx.runs.forEach((run, index) => {
    if (index === 0) return;
    const previous = ctx.runs[index - 1];
    const gap = daysBetween(previous.localDate, run.localDate);
    if (gap < gapDays) return;
    const windowStartMs = previous.startMs - windowDays * 24 * HOUR_MS;
    const window = ctx.runs.filter(
      (other) => other.startMs >= windowStartMs && other.startMs <= previous.startMs,
    );
    const longest = window.reduce(
      (best, other) => (other.distanceM > best.distanceM ? other : best),
      previous,
    );
    if (!above(run.distanceM, fraction * longest.distanceM)) return;
    findings.push(
      makeFinding(ctx, {
        rule: 'R19',
        severity: 'caution',
        anchor: { kind: 'run', id: run.activityId, date: run.localDate },
        message:
          `This run came ${gap} days after your previous one and was more than ${percent(fraction)} % of your ` +
          'longest run before the break. Coming back after a break: consider walk-run and a gradual build.',
        activityIds: [run.activityId, previous.activityId, longest.activityId],
        values: {
          gapDays: gap,
          distanceM: round(run.distanceM, 1),
          longestBeforeBreakM: round(longest.distanceM, 1),
          previousRunDate: previous.localDate,
        },
      }),
    );
  });
  return findings;
}

/** W(k-1) from the runs when week k-1 lies inside history; null before history start. */
function previousWeekInsideHistoryM(ctx: EvaluationContext, weekStart: string): number | null {
  const start = previousWeekStart(weekStart);
  if (ctx.historyStart === null || start < ctx.historyStart) return null;
  return weekDistanceM(ctx, start);
}

function weekAnchor(week: WeekMetrics): FindingAnchor {
  return { kind: 'week', id: week.weekStart, date: week.weekStart };
}
