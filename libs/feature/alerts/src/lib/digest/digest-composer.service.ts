import { Injectable } from '@nestjs/common';
import {
  FindingsRepository,
  RosterRepository,
  UsersRepository,
  WeeklyMetricsRepository,
  type FindingEntity,
  type UserEntity,
  type WeeklyMetricEntity,
} from '@loadwatch/data-access/db';
import { LOAD_FINDING_RULES } from '@loadwatch/domain/rules';
import { coachFindingFacts, CoachLoadViewService, hiddenFromCoaches } from '@loadwatch/feature/load';
import { compareSeverity, type FindingSeverity } from '@loadwatch/shared/contracts';
import { addDays, lastCompleteWeek } from './digest-schedule';

/** Weeks in the digest's chart, the week itself included. */
export const CHART_WEEKS = 8;
/** No runs in this many weeks (the digest's week included) and no open finding: no digest. */
export const INACTIVE_WEEKS = 4;

export interface AthleteDigest {
  athlete: UserEntity;
  week: string;
  weekEnd: string;
  /** The week's stored metrics; null when it holds no runs and was never computed. */
  metrics: WeeklyMetricEntity | null;
  /** The last CHART_WEEKS weeks, oldest first, missing weeks at 0 m. */
  chart: { weekStart: string; distanceM: number }[];
  /** Open findings dated in the week, most serious first. */
  findings: FindingEntity[];
  /** Open findings of any date. */
  openFindings: number;
  /** Whether any run falls in the last INACTIVE_WEEKS weeks. */
  active: boolean;
}

export interface CoachDigestRow {
  athleteId: string;
  name: string;
  week: string;
  /** The numbers a coach may see: without runs that came only from Strava (spec/rules.md section 7). */
  metrics: Pick<WeeklyMetricEntity, 'distanceM' | 'ramp' | 'speedShare'> | null;
  healthAccess: boolean;
  /** Open findings the coach may see (load findings only without the health grant), most serious first. */
  findings: FindingEntity[];
  worst: FindingSeverity | null;
}

export interface CoachDigest {
  coach: UserEntity;
  rows: CoachDigestRow[];
}

/**
 * What a digest says, from the stored weekly metrics and findings (the load and rules features keep them
 * current): the athlete's week, and a coach's roster within each athlete's grant (spec/rules.md section 7).
 * Used by the `weekly-digest` job and by `loadwatch digest --preview`.
 */
@Injectable()
export class DigestComposer {
  constructor(
    private readonly users: UsersRepository,
    private readonly weeks: WeeklyMetricsRepository,
    private readonly findings: FindingsRepository,
    private readonly roster: RosterRepository,
    private readonly coachView: CoachLoadViewService,
  ) {}

  async athleteDigest(athlete: UserEntity, week: string): Promise<AthleteDigest> {
    const first = addDays(week, -7 * (CHART_WEEKS - 1));
    const stored = new Map(
      (await this.weeks.findRange(athlete.id, first, week)).map((row) => [row.weekStart, row]),
    );
    const chart = Array.from({ length: CHART_WEEKS }, (_, i) => {
      const weekStart = addDays(first, 7 * i);
      return { weekStart, distanceM: stored.get(weekStart)?.distanceM ?? 0 };
    });
    const activeSince = addDays(week, -7 * (INACTIVE_WEEKS - 1));
    const active = [...stored.values()].some((row) => row.weekStart >= activeSince && row.runs > 0);
    const open = await this.findings.list(athlete.id, { status: 'open' });
    const weekEnd = addDays(week, 6);
    return {
      athlete,
      week,
      weekEnd,
      metrics: stored.get(week) ?? null,
      chart,
      findings: bySeverity(open.filter((f) => f.date >= week && f.date <= weekEnd)),
      openFindings: open.length,
      active,
    };
  }

  /**
   * A coach's roster as of `nowMs`: each athlete's last complete week in their own zone and week start. As on
   * the dashboard, an athlete's runs that came only from Strava stay out: the week is the coach's view that
   * `recompute-load` stored (computed without them; computed afresh only for a week stored without one,
   * CoachLoadViewService.coachWeeks) and findings (load or health) resting on one are withheld
   * (`hiddenFromCoaches`, spec/rules.md section 7).
   */
  async coachDigest(coach: UserEntity, nowMs: number): Promise<CoachDigest> {
    const linked = await this.roster.findLinkedAthletes(coach.id);
    const rows = await Promise.all(
      linked.map(async (athlete): Promise<CoachDigestRow> => {
        const week = lastCompleteWeek(nowMs, athlete.timeZone, athlete.weekStart);
        const hidden = await this.coachView.hiddenRuns(athlete.athleteId);
        const [metrics] = await this.coachView.coachWeeks(athlete.athleteId, week, week, hidden);
        const visible = await this.findings.list(athlete.athleteId, {
          status: 'open',
          ...(athlete.healthAccess ? {} : { rules: LOAD_FINDING_RULES }),
        });
        const findings = bySeverity(visible.filter((f) => !hiddenFromCoaches(coachFindingFacts(f), hidden)));
        return {
          athleteId: athlete.athleteId,
          name: athlete.displayName ?? athlete.email,
          week,
          metrics: metrics ?? null,
          healthAccess: athlete.healthAccess,
          findings,
          worst: (findings[0]?.severity as FindingSeverity | undefined) ?? null,
        };
      }),
    );
    rows.sort((a, b) => compareSeverity(a.worst, b.worst) || a.name.localeCompare(b.name));
    return { coach, rows };
  }

  findUser(idOrEmail: string): Promise<UserEntity | null> {
    return idOrEmail.includes('@') ? this.users.findByEmail(idOrEmail) : this.users.findById(idOrEmail);
  }
}

function bySeverity(findings: FindingEntity[]): FindingEntity[] {
  return [...findings].sort(
    (a, b) =>
      compareSeverity(a.severity as FindingSeverity, b.severity as FindingSeverity) ||
      a.date.localeCompare(b.date) ||
      a.rule.localeCompare(b.rule),
  );
}
