import type {
  DayLoad,
  LoadReport,
  RunMetrics,
  WeekMetrics,
  WeekStartDay,
} from '@loadwatch/domain/training-load';
import {
  findingId,
  type Finding,
  type FindingAnchor,
  type FindingEvidence,
  type Relation,
  type Severity,
} from './finding';
import { addDays } from './local-date';
import type { ReturnToRun } from './return-to-run';
import type { RiskProfileVersion } from './risk-profile';
import { ruleSource, type RuleId } from './rule-catalogue';
import type { RulesConfig } from './rules-config';
import type { SymptomLog } from './symptom-log';

/** The input narrowed to the evaluation date and put in a canonical order, so that input order never matters. */
export interface EvaluationContext {
  athleteId: string;
  evaluationDate: string;
  config: RulesConfig;
  weekStartDay: WeekStartDay;
  historyStart: string | null;
  /** Runs started on or before the evaluation date, by start then id. */
  runs: readonly RunMetrics[];
  /** Weeks started on or before the evaluation date, by start. */
  weeks: readonly WeekMetrics[];
  days: readonly DayLoad[];
  /** Logs dated on or before the evaluation date, by date then id. */
  logs: readonly SymptomLog[];
  /** Versions dated on or before the evaluation date, by date. */
  profileVersions: readonly RiskProfileVersion[];
  returnToRun: ReturnToRun | null;
}

export function buildEvaluationContext(args: {
  athleteId: string;
  evaluationDate: string;
  config: RulesConfig;
  load: LoadReport;
  logs: readonly SymptomLog[];
  profileVersions: readonly RiskProfileVersion[];
  returnToRun: ReturnToRun | null;
}): EvaluationContext {
  const { evaluationDate, load } = args;
  return {
    athleteId: args.athleteId,
    evaluationDate,
    config: args.config,
    weekStartDay: load.settings.weekStart,
    historyStart: load.historyStart,
    runs: load.runs
      .filter((run) => run.localDate <= evaluationDate)
      .sort((a, b) => a.startMs - b.startMs || compareText(a.activityId, b.activityId)),
    weeks: load.weeks
      .filter((week) => week.weekStart <= evaluationDate)
      .sort((a, b) => compareText(a.weekStart, b.weekStart)),
    days: load.days.filter((day) => day.date <= evaluationDate).sort((a, b) => compareText(a.date, b.date)),
    logs: args.logs
      .filter((log) => log.date <= evaluationDate)
      .sort((a, b) => compareText(a.date, b.date) || compareText(a.id, b.id)),
    profileVersions: args.profileVersions
      .filter((version) => version.date <= evaluationDate)
      .sort((a, b) => compareText(a.date, b.date)),
    returnToRun: args.returnToRun,
  };
}

/** True when the week ended on or before the evaluation date. */
export function isCompleteWeek(ctx: EvaluationContext, week: WeekMetrics): boolean {
  return week.weekEnd <= ctx.evaluationDate;
}

export function runsOfWeek(ctx: EvaluationContext, weekStart: string): RunMetrics[] {
  return ctx.runs.filter((run) => run.weekStart === weekStart);
}

/** W(k) from the runs (m), counting only runs up to the evaluation date (spec/metrics.md section 4). */
export function weekDistanceM(ctx: EvaluationContext, weekStart: string): number {
  return sum(runsOfWeek(ctx, weekStart).map((run) => run.distanceM));
}

/** The report's week starting `weekStart`, if inside history. */
export function weekAt(ctx: EvaluationContext, weekStart: string): WeekMetrics | null {
  return ctx.weeks.find((week) => week.weekStart === weekStart) ?? null;
}

export function previousWeekStart(weekStart: string, weeksBack = 1): string {
  return addDays(weekStart, -7 * weeksBack);
}

export interface FindingDraft {
  rule: RuleId;
  severity: Severity;
  anchor: FindingAnchor;
  /** Defaults to the anchor's date. */
  date?: string;
  relation?: Relation;
  message: string;
  activityIds?: readonly string[];
  logIds?: readonly string[];
  values?: Omit<FindingEvidence, 'activityIds' | 'logIds'>;
}

export function makeFinding(ctx: EvaluationContext, draft: FindingDraft): Finding {
  const finding: Finding = {
    id: findingId(ctx.athleteId, draft.rule, draft.anchor),
    rule: draft.rule,
    severity: draft.severity,
    athleteId: ctx.athleteId,
    anchor: draft.anchor,
    date: draft.date ?? draft.anchor.date,
    message: draft.message,
    evidence: {
      activityIds: [...new Set(draft.activityIds ?? [])].sort(),
      logIds: [...new Set(draft.logIds ?? [])].sort(),
      ...draft.values,
    },
    source: ruleSource(draft.rule),
  };
  if (draft.relation) finding.relation = draft.relation;
  return finding;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Rounds evidence numbers so that stored findings compare equal across runs. */
export function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/** A whole percentage for messages. */
export function percent(fraction: number): number {
  return Math.round(fraction * 100);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
