import { compareText, makeFinding, round, sum, type EvaluationContext } from './evaluation-context';
import type { Finding, FindingAnchor } from './finding';
import type { SpikeEvent } from './load-rules';
import { addDays, weekStartOf } from './local-date';
import { profileVersionOn } from './risk-profile';
import { assessRiskProfile, type BsiFactor } from './risk-score';
import { isBackPain } from './symptom-log';
import { atMost } from './threshold-compare';

/** R20-R22: rules that combine load with the profile, the symptom logs or a return-to-run plan. */
export function evaluateCombinedRules(ctx: EvaluationContext, spikeEvents: readonly SpikeEvent[]): Finding[] {
  return [...returnToRun(ctx), ...spikeWithFactors(ctx, spikeEvents), ...spikeWhileInPain(ctx, spikeEvents)];
}

/**
 * R20. Logs: a back-pain log `during_run`, `after_run` or `next_morning` inside the mode, more severe than the
 * highest such log of the latest earlier date inside the mode (the first date has nothing to compare with).
 * Weeks: running distance from the start date to the week's end (or the evaluation date) above the plan by
 * more than 10 %, dated as the week's start.
 */
function returnToRun(ctx: EvaluationContext): Finding[] {
  const mode = ctx.returnToRun;
  if (!mode || mode.weeklyPlanM.length === 0) return [];
  const { overPlan } = ctx.config.R20;
  const firstWeek = weekStartOf(mode.startDate, ctx.weekStartDay);
  const modeEnd = addDays(firstWeek, 7 * mode.weeklyPlanM.length - 1);
  const findings: Finding[] = [];

  const byDate = new Map<string, number>();
  const logs = ctx.logs.filter(
    (log) =>
      isBackPain(log) &&
      log.date >= mode.startDate &&
      log.date <= modeEnd &&
      (log.when === 'during_run' || log.when === 'after_run' || log.when === 'next_morning'),
  );
  for (const log of logs) byDate.set(log.date, Math.max(byDate.get(log.date) ?? 0, log.severity));
  const dates = [...byDate.keys()].sort(compareText);
  for (const log of logs) {
    const index = dates.indexOf(log.date);
    if (index === 0) continue;
    const previousDate = dates[index - 1];
    const previousSeverity = byDate.get(previousDate) ?? 0;
    if (log.severity <= previousSeverity) continue;
    findings.push(
      makeFinding(ctx, {
        rule: 'R20',
        severity: 'caution',
        anchor: { kind: 'symptom', id: log.id, date: log.date },
        message:
          `During your return to running, back pain (${log.when?.replaceAll('_', ' ')}) rose from ` +
          `${previousSeverity} to ${log.severity}. Hold or step back one stage.`,
        logIds: [log.id],
        values: { severity: log.severity, previousSeverity, previousDate },
      }),
    );
  }

  mode.weeklyPlanM.forEach((plannedM, index) => {
    const weekStart = addDays(firstWeek, 7 * index);
    if (weekStart > ctx.evaluationDate) return;
    const from = weekStart < mode.startDate ? mode.startDate : weekStart;
    const runs = ctx.runs.filter((run) => run.localDate >= from && run.localDate <= addDays(weekStart, 6));
    const limitM = plannedM * (1 + overPlan);
    let toDateM = 0;
    for (const run of runs) {
      toDateM += run.distanceM;
      if (atMost(toDateM, limitM)) continue;
      const weekM = sum(runs.map((r) => r.distanceM));
      findings.push(
        makeFinding(ctx, {
          rule: 'R20',
          severity: 'caution',
          anchor: { kind: 'week', id: weekStart, date: weekStart },
          message:
            `During your return to running, this week's distance went more than ${Math.round(overPlan * 100)} % ` +
            `beyond plan week ${index + 1}. Hold or step back one stage.`,
          activityIds: runs.map((r) => r.activityId),
          values: {
            planWeek: index + 1,
            plannedM: round(plannedM, 1),
            limitM: round(limitM, 1),
            weekM: round(weekM, 1),
            exceededOn: run.localDate,
          },
        }),
      );
      break;
    }
  });
  return findings;
}

/** Spike events grouped by the week holding their date. */
function byWeek(spikeEvents: readonly SpikeEvent[]): Map<string, SpikeEvent[]> {
  const weeks = new Map<string, SpikeEvent[]>();
  for (const event of spikeEvents) weeks.set(event.weekStart, [...(weeks.get(event.weekStart) ?? []), event]);
  return weeks;
}

const earliestFirst = (a: SpikeEvent, b: SpikeEvent): number =>
  compareText(a.date, b.date) || compareText(a.rule, b.rule) || compareText(a.anchor.id, b.anchor.id);

function weekAnchor(weekStart: string): FindingAnchor {
  return { kind: 'week', id: weekStart, date: weekStart };
}

/**
 * R21: a week with a spike event while the profile version in force on that event's date shows >= 1 BSI
 * factor or a score >= 2; a warning when such a score is >= 6. One finding per week, dated as the earliest
 * qualifying spike event.
 */
function spikeWithFactors(ctx: EvaluationContext, spikeEvents: readonly SpikeEvent[]): Finding[] {
  const { minFactors, cautionScore, warningScore } = ctx.config.R21;
  const findings: Finding[] = [];
  for (const [weekStart, events] of byWeek(spikeEvents)) {
    const qualifying = events
      .map((event) => {
        const profile = profileVersionOn(ctx.profileVersions, event.date);
        return { event, profile, assessment: profile ? assessRiskProfile(profile) : null };
      })
      .filter(
        ({ assessment }) =>
          assessment && (assessment.factors.length >= minFactors || assessment.score >= cautionScore),
      )
      .sort((a, b) => earliestFirst(a.event, b.event));
    if (qualifying.length === 0) continue;
    const score = Math.max(...qualifying.map(({ assessment }) => assessment?.score ?? 0));
    const factors = [
      ...new Set(qualifying.flatMap(({ assessment }) => assessment?.factors ?? [])),
    ].sort() as BsiFactor[];
    findings.push(
      makeFinding(ctx, {
        rule: 'R21',
        severity: score >= warningScore ? 'warning' : 'caution',
        anchor: weekAnchor(weekStart),
        date: qualifying[0].event.date,
        message:
          'Load jumped this week while factors linked to bone stress injury are present in your profile. ' +
          'Consider keeping the coming weeks steady, and mention it at your next sports-medicine visit.',
        activityIds: qualifying.flatMap(({ event }) => event.activityIds),
        values: {
          spikeDates: [...new Set(qualifying.map(({ event }) => event.date))],
          spikeRules: [...new Set(qualifying.map(({ event }) => event.rule))].sort(),
          factors,
          score,
          profileDates: [...new Set(qualifying.map(({ profile }) => profile?.date ?? ''))].sort(),
        },
      }),
    );
  }
  return findings;
}

/**
 * R22: a week with a spike event while back pain was logged 1-14 days before that event; a warning when that
 * pain reached 4. One finding per week, dated as the earliest qualifying spike event.
 */
function spikeWhileInPain(ctx: EvaluationContext, spikeEvents: readonly SpikeEvent[]): Finding[] {
  const { lookbackDays, warningSeverity } = ctx.config.R22;
  const backPain = ctx.logs.filter(isBackPain);
  const findings: Finding[] = [];
  for (const [weekStart, events] of byWeek(spikeEvents)) {
    const qualifying = events
      .map((event) => {
        const from = addDays(event.date, -lookbackDays);
        const to = addDays(event.date, -1);
        return { event, logs: backPain.filter((log) => log.date >= from && log.date <= to) };
      })
      .filter(({ logs }) => logs.length > 0)
      .sort((a, b) => earliestFirst(a.event, b.event));
    if (qualifying.length === 0) continue;
    const logs = qualifying.flatMap(({ logs: l }) => l);
    const maxSeverity = Math.max(...logs.map((log) => log.severity));
    findings.push(
      makeFinding(ctx, {
        rule: 'R22',
        severity: maxSeverity >= warningSeverity ? 'warning' : 'caution',
        anchor: weekAnchor(weekStart),
        date: qualifying[0].event.date,
        message:
          `Load jumped while you were reporting back pain (up to severity ${maxSeverity} in the ${lookbackDays} ` +
          'days before). Consider easing off until the pain settles.',
        activityIds: qualifying.flatMap(({ event }) => event.activityIds),
        logIds: logs.map((log) => log.id),
        values: {
          spikeDates: [...new Set(qualifying.map(({ event }) => event.date))],
          spikeRules: [...new Set(qualifying.map(({ event }) => event.rule))].sort(),
          maxSeverity,
        },
      }),
    );
  }
  return findings;
}
