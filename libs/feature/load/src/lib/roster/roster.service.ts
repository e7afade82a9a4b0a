import { Injectable } from '@nestjs/common';
import {
  AuditLogRepository,
  FindingsRepository,
  RosterRepository,
  type LinkedAthlete,
  type RosterWeek,
  type SeverityCount,
} from '@loadwatch/data-access/db';
import { dayNumberAt, isoDate, weekStartOf, zoneOffsetS } from '@loadwatch/domain/training-load';
import { LOAD_FINDING_RULES } from '@loadwatch/feature/athletes';
import type { AuthUser } from '@loadwatch/feature/auth';
import {
  compareSeverity,
  FINDING_SEVERITY_ORDER,
  type FindingSeverity,
  type RosterAthlete,
  type RosterResponse,
} from '@loadwatch/shared/contracts';
import {
  coachFindingFacts,
  CoachLoadViewService,
  HIDDEN_FROM_COACHES,
  hiddenFromCoaches,
} from '../coach-load-view.service';

/**
 * A coach's roster: one row per linked athlete with this week's numbers and the most serious open finding the
 * coach may see. Health-derived values (health findings, the last back-pain date) only with the athlete's
 * grant, and each such read is audited. For an athlete with runs that came only from Strava, the week and the
 * findings are those a coach may see (spec/rules.md section 7): the week without those runs (the coach view
 * `recompute-load` stored with the athlete's weeks; computed afresh only for a week stored without one,
 * CoachLoadViewService), and no finding, load or health, resting on one of them (`hiddenFromCoaches`, as on
 * every coach surface).
 */
@Injectable()
export class RosterService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly audit: AuditLogRepository,
    private readonly findings: FindingsRepository,
    private readonly coachView: CoachLoadViewService,
  ) {}

  async list(coach: AuthUser, nowMs = Date.now()): Promise<RosterResponse> {
    const athletes = await this.roster.findLinkedAthletes(coach.id);
    if (athletes.length === 0) return { athletes: [] };
    const ids = athletes.map((a) => a.athleteId);
    const granted = athletes.filter((a) => a.healthAccess).map((a) => a.athleteId);
    const weekStarts = new Map(athletes.map((a) => [a.athleteId, currentWeekStart(a, nowMs)]));

    const [stored, storedCounts, backPain, latest] = await Promise.all([
      this.roster.findWeeks(ids, [...weekStarts.values()]),
      this.roster.countOpenFindings(ids, granted, LOAD_FINDING_RULES),
      this.roster.findLastBackPainDates(granted),
      this.roster.findLatestActivityStarts(ids, [...HIDDEN_FROM_COACHES]),
    ]);
    const { weeks, counts } = await this.withoutStravaOnlyRuns(athletes, weekStarts, stored, storedCounts);
    await this.audit.record(
      granted.map((athleteId) => ({ actorId: coach.id, athleteId, action: 'read:roster' })),
    );

    const rows = athletes.map((athlete): RosterAthlete => {
      const weekStart = weekStarts.get(athlete.athleteId) as string;
      const week = weeks.find((w) => w.athleteId === athlete.athleteId && w.weekStart === weekStart);
      const own = counts.filter((c) => c.athleteId === athlete.athleteId);
      const severities = own
        .map((c) => c.severity)
        .filter(isSeverity)
        .sort(compareSeverity);
      const latestStart = latest.get(athlete.athleteId);
      return {
        athleteId: athlete.athleteId,
        linkId: athlete.linkId,
        displayName: athlete.displayName,
        email: athlete.email,
        healthAccess: athlete.healthAccess,
        weekStart,
        weekDistanceM: week?.distanceM ?? null,
        weekRuns: week?.runs ?? null,
        ramp: week?.ramp ?? null,
        speedShare: week?.speedShare ?? null,
        highestOpenSeverity: severities[0] ?? null,
        openFindings: own.reduce((sum, c) => sum + c.count, 0),
        lastBackPainDate: athlete.healthAccess ? (backPain.get(athlete.athleteId) ?? null) : null,
        latestActivityStart: latestStart === undefined ? null : new Date(latestStart).toISOString(),
      };
    });
    rows.sort(
      (a, b) =>
        compareSeverity(a.highestOpenSeverity, b.highestOpenSeverity) ||
        (a.displayName ?? a.email).localeCompare(b.displayName ?? b.email),
    );
    return { athletes: rows };
  }

  /** Stored weeks and finding counts, with the athletes who have Strava-only runs seen as a coach may. */
  private async withoutStravaOnlyRuns(
    athletes: readonly LinkedAthlete[],
    weekStarts: ReadonlyMap<string, string>,
    weeks: RosterWeek[],
    counts: SeverityCount[],
  ): Promise<{ weeks: RosterWeek[]; counts: SeverityCount[] }> {
    const adjusted = await Promise.all(
      athletes.map(async (athlete) => {
        const hidden = await this.coachView.hiddenRuns(athlete.athleteId);
        if (hidden.ids.size === 0 && hidden.dates.length === 0) return null;
        const weekStart = weekStarts.get(athlete.athleteId) as string;
        const [coachWeeks, open] = await Promise.all([
          this.coachView.weeksWithoutHidden(athlete.athleteId, weekStart, weekStart, hidden),
          this.findings.list(athlete.athleteId, {
            status: 'open',
            rules: athlete.healthAccess ? undefined : LOAD_FINDING_RULES,
          }),
        ]);
        const week = coachWeeks?.[0];
        const shown = open.filter((f) => !hiddenFromCoaches(coachFindingFacts(f), hidden));
        const bySeverity = new Map<string, number>();
        for (const f of shown) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
        return {
          athleteId: athlete.athleteId,
          week: week
            ? {
                athleteId: athlete.athleteId,
                weekStart,
                runs: week.runs,
                distanceM: week.distanceM,
                ramp: week.ramp,
                speedShare: week.speedShare,
                coverage: week.coverage,
                complete: week.complete,
              }
            : null,
          counts: [...bySeverity].map(([severity, count]) => ({
            athleteId: athlete.athleteId,
            severity,
            count,
          })),
        };
      }),
    );
    const changed = new Map(adjusted.filter((a) => a !== null).map((a) => [a.athleteId, a]));
    if (changed.size === 0) return { weeks, counts };
    return {
      weeks: [
        ...weeks.filter((w) => !changed.has(w.athleteId)),
        ...[...changed.values()].flatMap((a) => (a.week ? [a.week] : [])),
      ],
      counts: [
        ...counts.filter((c) => !changed.has(c.athleteId)),
        ...[...changed.values()].flatMap((a) => a.counts),
      ],
    };
  }
}

/** First date of the athlete's week holding today, in their own zone (spec/metrics.md section 2). */
export function currentWeekStart(
  athlete: Pick<LinkedAthlete, 'timeZone' | 'weekStart'>,
  nowMs: number,
): string {
  const today = isoDate(dayNumberAt(nowMs, zoneOffsetS(nowMs, athlete.timeZone)));
  return weekStartOf(today, athlete.weekStart);
}

function isSeverity(value: string): value is FindingSeverity {
  return (FINDING_SEVERITY_ORDER as readonly string[]).includes(value);
}
