import { runTransaction } from '../transactions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, LessThanOrEqual, MoreThanOrEqual, Repository, type FindOperator } from 'typeorm';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import { ActivityEntity } from '../entities/activity.entity';
import { WeeklyMetricEntity, type CoachWeekView } from '../entities/weekly-metric.entity';

export interface WeeksReplaced {
  written: number;
  deleted: number;
  unchanged: number;
}

/** The computed weeks of each athlete, replaced whole by every recompute. */
@Injectable()
export class WeeklyMetricsRepository {
  constructor(@InjectRepository(WeeklyMetricEntity) private readonly weeks: Repository<WeeklyMetricEntity>) {}

  /**
   * Makes the stored weeks of an athlete those of a fresh report, in one transaction: weeks whose numbers
   * changed are written (with `computedAtMs`), unchanged ones are left alone, and weeks the report no longer
   * holds (history now starts later, or ends earlier) are deleted. `coachWeeks`: the same report without the
   * runs a coach may not see, when the athlete has any (null: a coach sees the weeks as they are); it holds a
   * part of `weeks` (the same evaluation date, a history that starts no earlier). Every week written stores
   * its coach view (`coachView`: the week without those runs where it differs, else `{ same: true }`), and a
   * week whose coach view was never computed (NULL) is written even when its numbers did not change.
   */
  replaceForAthlete(
    athleteId: string,
    weeks: readonly WeekMetrics[],
    nowMs: number,
    coachWeeks: readonly WeekMetrics[] | null = null,
  ): Promise<WeeksReplaced> {
    const coach = coachWeeks && new Map(coachWeeks.map((week) => [week.weekStart, week]));
    return runTransaction(this.weeks.manager, async (manager) => {
      const stored = await manager.find(WeeklyMetricEntity, { where: { athleteId } });
      const before = new Map(stored.map((row) => [row.weekStart, row]));
      const keep = new Set(weeks.map((week) => week.weekStart));
      const changed = weeks
        .map((week) => toRow(athleteId, week, coachViewOf(week, coach), nowMs))
        .filter((row) => {
          const old = before.get(row.weekStart);
          return (
            !old ||
            JSON.stringify(old.metrics) !== JSON.stringify(row.metrics) ||
            JSON.stringify(old.coachView) !== JSON.stringify(row.coachView)
          );
        });
      if (changed.length > 0) await manager.save(WeeklyMetricEntity, changed, { chunk: 100 });
      const gone = stored.filter((row) => !keep.has(row.weekStart)).map((row) => row.weekStart);
      if (gone.length > 0) await manager.delete(WeeklyMetricEntity, { athleteId, weekStart: In(gone) });
      return { written: changed.length, deleted: gone.length, unchanged: weeks.length - changed.length };
    });
  }

  /**
   * Athletes, after `afterId` in id order, with a stored week whose coach view was never computed and an
   * activity whose primary source is one of `sources` (what a coach may not see): whose stored weeks a coach
   * may not read as they are. At most `limit`.
   */
  async findAthletesWithoutCoachViews(
    sources: readonly string[],
    { afterId, limit }: { afterId?: string; limit: number },
  ): Promise<string[]> {
    if (sources.length === 0) return [];
    const query = this.weeks
      .createQueryBuilder('week')
      .select('DISTINCT week.athleteId', 'athleteId')
      .where('week.coachView IS NULL')
      .andWhere(
        (sub) =>
          'EXISTS ' +
          sub
            .subQuery()
            .select('1')
            .from(ActivityEntity, 'activity')
            .where('activity.athleteId = week.athleteId')
            .andWhere('activity.source IN (:...sources)')
            .getQuery(),
        { sources: [...sources] },
      )
      .orderBy('week.athleteId', 'ASC')
      .limit(limit);
    if (afterId !== undefined) query.andWhere('week.athleteId > :afterId', { afterId });
    const rows = await query.getRawMany<{ athleteId: string }>();
    return rows.map((row) => row.athleteId);
  }

  /** Stored weeks whose first date lies in [from, to] (either end open when absent), oldest first. */
  findRange(athleteId: string, from?: string, to?: string): Promise<WeeklyMetricEntity[]> {
    return this.weeks.find({
      where: { athleteId, ...(from || to ? { weekStart: dateRange(from, to) } : {}) },
      order: { weekStart: 'ASC' },
    });
  }
}

function dateRange(from?: string, to?: string): FindOperator<string> {
  if (from && to) return Between(from, to);
  return from ? MoreThanOrEqual(from) : LessThanOrEqual(to as string);
}

/** Whether the recompute that wrote this week also computed what a coach sees of it. */
export function hasCoachView(row: Pick<WeeklyMetricEntity, 'coachView'>): boolean {
  return row.coachView !== null && row.coachView !== undefined;
}

/**
 * A stored week as a coach sees it (spec/rules.md section 7); null when a coach has no such week. A week
 * whose coach view was never computed (`hasCoachView`) comes as stored: right only for an athlete without
 * runs that came only from Strava, which the caller checks.
 */
export function coachWeekOf(row: Pick<WeeklyMetricEntity, 'metrics' | 'coachView'>): WeekMetrics | null {
  const view = row.coachView;
  return !view || 'same' in view ? row.metrics : view.week;
}

function coachViewOf(week: WeekMetrics, coach: ReadonlyMap<string, WeekMetrics> | null): CoachWeekView {
  if (!coach) return { same: true };
  const seen = coach.get(week.weekStart) ?? null;
  return seen && JSON.stringify(seen) === JSON.stringify(week) ? { same: true } : { week: seen };
}

function toRow(
  athleteId: string,
  week: WeekMetrics,
  coachView: CoachWeekView,
  nowMs: number,
): WeeklyMetricEntity {
  return Object.assign(new WeeklyMetricEntity(), {
    athleteId,
    weekStart: week.weekStart,
    runs: week.runs,
    distanceM: week.distanceM,
    ramp: week.ramp,
    ramp4: week.ramp4,
    speedShare: week.speedShare,
    coverage: week.coverage,
    speedMethod: week.speedMethod,
    complete: week.complete,
    metrics: week,
    coachView,
    computedAtMs: nowMs,
  });
}
