import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ActivitiesRepository,
  ActivitySourcesRepository,
  coachWeekOf,
  hasCoachView,
  SymptomLogsRepository,
  UsersRepository,
  WeeklyMetricsRepository,
  type FindingEntity,
} from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import type { ActivitySource } from '@loadwatch/domain/activity';
import { LOAD_FINDING_RULES } from '@loadwatch/domain/rules';
import type { WeekMetricsView } from '@loadwatch/shared/contracts';
import { LoadReportService } from './load-report.service';

/** Sources whose only-source activities a coach may not see (spec/rules.md section 7: Strava's terms). */
export const HIDDEN_FROM_COACHES: readonly ActivitySource[] = ['strava'];

/** How far back a spike or a load finding compares: R01/R02's 30-day longest run, 4-week baselines (R06, R08). */
const BASELINE_LOOK_BACK_DAYS = 35;

/** EWMA ratios (R05) carry the whole history, so any earlier Strava-only run is in them. */
const WHOLE_HISTORY_RULES: readonly string[] = ['R05'];

/** R19 compares with the longest run of the 30 days ending with the run before the break. */
const R19_WINDOW_DAYS = 30;

/** Health rules that always rest on a spike event (their evidence names its date and runs; R11 may not). */
const SPIKE_HEALTH_RULES: readonly string[] = ['R09', 'R10', 'R21', 'R22'];

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** What of an athlete's data a coach may not see: the activities whose only source is Strava. */
export interface HiddenRuns {
  ids: ReadonlySet<string>;
  /** Their local dates, oldest first. */
  dates: readonly string[];
}

export const NOTHING_HIDDEN: HiddenRuns = { ids: new Set(), dates: [] };

/** The parts of a finding (a stored row or its API view) the coach policy reads. */
export interface CoachFindingFacts {
  rule: string;
  anchor: { kind: string; id: string; date: string };
  evidence?: { [key: string]: unknown } | null;
}

/**
 * What a coach sees of an athlete's load when some runs came only from Strava (spec/rules.md section 7).
 * Weeks: computed without those runs (the same computation as the athlete's weeks, on the other activities),
 * so a coach gets real numbers that owe nothing to Strava. They are computed by `recompute-load`, which every
 * change of which runs are Strava-only queues, and stored with the athlete's weeks in the same transaction
 * (weekly_metrics.coachView); a coach read (the roster, the coach's weeks route, the coach digest) reads them.
 * Like the athlete's own stored weeks, they are as of the last recompute. A week whose coach view was never
 * computed (written before the column existed, or by a writer that knows nothing of it) is not read as the
 * coach's: for an athlete with Strava-only runs, that read computes the coach's weeks afresh (as every coach
 * read did before they were stored) and queues `recompute-load`, which stores them for the next read.
 * Findings: the stored findings were evaluated with those runs, so every surface where a coach sees findings
 * (the findings route, the roster, the coach digest, coach alert emails) filters them with
 * `hiddenFromCoaches`, from the hidden runs as they are now (two small queries per read); re-evaluating the
 * rules per coach was judged too heavy.
 */
@Injectable()
export class CoachLoadViewService {
  private readonly logger = new Logger(CoachLoadViewService.name);

  constructor(
    private readonly activities: ActivitiesRepository,
    private readonly sources: ActivitySourcesRepository,
    private readonly weeklyMetrics: WeeklyMetricsRepository,
    private readonly users: UsersRepository,
    private readonly symptomLogs: SymptomLogsRepository,
    private readonly loadReports: LoadReportService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** The athlete's Strava-only activities: their ids and dates. */
  async hiddenRuns(athleteId: string): Promise<HiddenRuns> {
    const bySource = await Promise.all(
      HIDDEN_FROM_COACHES.map((source) =>
        Promise.all([
          this.sources.findSingleSourceActivityIds(athleteId, source),
          this.activities.findLocalDatesBySource(athleteId, source),
        ]),
      ),
    );
    return {
      ids: new Set(bySource.flatMap(([ids]) => ids)),
      dates: [...new Set(bySource.flatMap(([, dates]) => dates))].sort(),
    };
  }

  /** The findings of this list a coach may see. */
  async visibleToCoaches<F extends CoachFindingFacts>(athleteId: string, findings: F[]): Promise<F[]> {
    if (findings.length === 0) return findings;
    const hidden = await this.hiddenRuns(athleteId);
    return findings.filter((finding) => !hiddenFromCoaches(finding, hidden));
  }

  /**
   * The weeks in [from, to] without Strava-only runs (`coachWeeks`); null when there are none (the stored
   * weeks hold). `hidden`: the athlete's hidden runs when the caller has them already.
   */
  async weeksWithoutHidden(
    athleteId: string,
    from?: string,
    to?: string,
    hidden?: HiddenRuns,
  ): Promise<WeekMetricsView[] | null> {
    const known = hidden ?? (await this.hiddenRuns(athleteId));
    if (!hidesAny(known)) return null;
    return this.coachWeeks(athleteId, from, to, known);
  }

  /**
   * The weeks in [from, to] as a coach sees them, oldest first: each stored week's coach view, as the last
   * recompute stored it (one range read, nothing computed). When one of those weeks has no coach view yet and
   * the athlete has Strava-only runs, the stored weeks may not be shown: the coach's weeks are computed afresh
   * for this read and `recompute-load` is queued so that the next read finds them stored. `hidden`: the
   * athlete's hidden runs when the caller has them already.
   */
  async coachWeeks(
    athleteId: string,
    from?: string,
    to?: string,
    hidden?: HiddenRuns,
  ): Promise<WeekMetricsView[]> {
    const rows = await this.weeklyMetrics.findRange(athleteId, from, to);
    if (rows.every(hasCoachView) || !hidesAny(hidden ?? (await this.hiddenRuns(athleteId)))) {
      return rows.map(coachWeekOf).filter((week) => week !== null);
    }
    const [weeks] = await Promise.all([
      this.computeCoachWeeks(athleteId, from, to),
      this.queueRecompute(athleteId),
    ]);
    return weeks;
  }

  /** The coach's weeks in [from, to] computed from the stored activities, without Strava-only runs. */
  private async computeCoachWeeks(athleteId: string, from?: string, to?: string): Promise<WeekMetricsView[]> {
    const athlete = await this.users.findById(athleteId);
    if (!athlete) return [];
    const { report } = await this.loadReports.build(athlete, await this.symptomLogs.findDates(athleteId), {
      excludeSources: HIDDEN_FROM_COACHES,
    });
    return report.weeks.filter((week) => (!from || week.weekStart >= from) && (!to || week.weekStart <= to));
  }

  /** A read goes on when the queue is away: the weeks stay without a coach view, and the next read tries again. */
  private async queueRecompute(athleteId: string): Promise<void> {
    try {
      await this.queue.enqueue('recompute-load', { athleteId });
      this.logger.log(`Queued a recompute of athlete ${athleteId}: stored weeks without a coach view.`);
    } catch (error) {
      this.logger.warn(
        `Could not queue a recompute of athlete ${athleteId} (stored weeks without a coach view): ` +
          (error instanceof Error ? error.message : String(error)),
      );
    }
  }
}

function hidesAny(hidden: HiddenRuns): boolean {
  return hidden.ids.size > 0 || hidden.dates.length > 0;
}

/** A stored finding's facts for `hiddenFromCoaches`. */
export function coachFindingFacts(finding: FindingEntity): CoachFindingFacts {
  return {
    rule: finding.rule,
    anchor: { kind: finding.anchorKind, id: finding.anchorId, date: finding.anchorDate },
    evidence: finding.evidence,
  };
}

/**
 * The one policy for every surface where a coach sees findings (spec/rules.md section 7: Strava data is
 * shown to the athlete alone). A finding, load or health, is hidden from coaches when
 * 1. its evidence (or its run anchor) names a Strava-only activity: the spike run of an R10, the runs of
 *    an R21 week, the run, previous run and longest run of an R19; or
 * 2. a Strava-only run lies in what it was compared with, which evidence does not name: a spike or a load
 *    finding is judged against the runs before it (the longest of 30 days, the weeks before), so the date
 *    window of BASELINE_LOOK_BACK_DAYS before the load finding's anchor (a week's: its last day), or before
 *    each spike date a health finding names (to the end of that spike's week, where R07/R08 judged the
 *    completed week), is checked for Strava-only dates; R05 looks back over the whole history.
 *    As a fallback for evidence without activity ids, R19 looks back to 30 days before the run before its
 *    break (the whole history when even that is missing), a spike-based health rule to the whole history.
 * Findings that draw on no runs (R12-R18, R20 on logs, R11 on profile factors alone) are never hidden.
 */
export function hiddenFromCoaches(finding: CoachFindingFacts, hidden: HiddenRuns): boolean {
  if (hidden.ids.size === 0 && hidden.dates.length === 0) return false;
  const evidenceIds = evidenceActivityIds(finding);
  const named = finding.anchor.kind === 'run' ? [...evidenceIds, finding.anchor.id] : evidenceIds;
  if (named.some((id) => hidden.ids.has(id))) return true;
  return lookBackWindows(finding, evidenceIds.length > 0).some(([from, to]) =>
    hidden.dates.some((date) => {
      const day = dayOf(date);
      return day >= from && day <= to;
    }),
  );
}

function evidenceActivityIds(finding: CoachFindingFacts): string[] {
  const ids = finding.evidence?.['activityIds'];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** Day-number ranges (inclusive) whose Strava-only runs the finding may owe something to. */
function lookBackWindows(finding: CoachFindingFacts, named: boolean): [number, number][] {
  const { rule, anchor } = finding;
  const anchorEnd = dayOf(anchor.date) + (anchor.kind === 'week' ? 6 : 0);
  if (WHOLE_HISTORY_RULES.includes(rule)) return [[-Infinity, anchorEnd]];
  if (rule === 'R19') {
    if (named) return [];
    const previous = finding.evidence?.['previousRunDate'];
    const from = typeof previous === 'string' ? dayOf(previous) - R19_WINDOW_DAYS : -Infinity;
    return [[Number.isNaN(from) ? -Infinity : from, anchorEnd]];
  }
  if ((LOAD_FINDING_RULES as readonly string[]).includes(rule)) {
    return [[anchorEnd - BASELINE_LOOK_BACK_DAYS, anchorEnd]];
  }
  const spikeDates = spikeDatesOf(finding);
  if (spikeDates.length > 0) {
    return spikeDates.map((date): [number, number] => [
      dayOf(date) - BASELINE_LOOK_BACK_DAYS,
      dayOf(date) + 6,
    ]);
  }
  if (SPIKE_HEALTH_RULES.includes(rule) && !named) return [[-Infinity, anchorEnd]];
  if (rule === 'R20' && anchor.kind === 'week' && !named) return [[dayOf(anchor.date), anchorEnd]];
  return [];
}

function spikeDatesOf(finding: CoachFindingFacts): string[] {
  const one = finding.evidence?.['spikeDate'];
  const many = finding.evidence?.['spikeDates'];
  return [
    ...(typeof one === 'string' ? [one] : []),
    ...(Array.isArray(many) ? many.filter((d): d is string => typeof d === 'string') : []),
  ].filter((date) => !Number.isNaN(dayOf(date)));
}
