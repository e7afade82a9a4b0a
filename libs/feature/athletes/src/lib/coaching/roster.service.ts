import { Injectable } from '@nestjs/common';
import { AuditLogRepository, RosterRepository, type LinkedAthlete } from '@loadwatch/data-access/db';
import { dayNumberAt, isoDate, weekStartOf, zoneOffsetS } from '@loadwatch/domain/training-load';
import type { AuthUser } from '@loadwatch/feature/auth';
import {
  compareSeverity,
  FINDING_SEVERITY_ORDER,
  type FindingSeverity,
  type RosterAthlete,
  type RosterResponse,
} from '@loadwatch/shared/contracts';
import { LOAD_FINDING_RULES } from '../access/athlete-access';

/** Strava's terms let an app show a user's Strava data to that user only (spec/rules.md section 7). */
const HIDDEN_FROM_COACHES = ['strava'];

/**
 * A coach's roster: one row per linked athlete with this week's numbers and the most serious open finding the
 * coach may see. Health-derived values (health findings, the last back-pain date) only with the athlete's
 * grant, and each such read is audited.
 */
@Injectable()
export class RosterService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async list(coach: AuthUser, nowMs = Date.now()): Promise<RosterResponse> {
    const athletes = await this.roster.findLinkedAthletes(coach.id);
    if (athletes.length === 0) return { athletes: [] };
    const ids = athletes.map((a) => a.athleteId);
    const granted = athletes.filter((a) => a.healthAccess).map((a) => a.athleteId);
    const weekStarts = new Map(athletes.map((a) => [a.athleteId, currentWeekStart(a, nowMs)]));

    const [weeks, counts, backPain, latest] = await Promise.all([
      this.roster.findWeeks(ids, [...weekStarts.values()]),
      this.roster.countOpenFindings(ids, granted, LOAD_FINDING_RULES),
      this.roster.findLastBackPainDates(granted),
      this.roster.findLatestActivityStarts(ids, HIDDEN_FROM_COACHES),
    ]);
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
