import { runTransaction } from '../transactions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, LessThanOrEqual, MoreThanOrEqual, Repository, type FindOperator } from 'typeorm';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import { WeeklyMetricEntity } from '../entities/weekly-metric.entity';

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
   * holds (history now starts later, or ends earlier) are deleted.
   */
  replaceForAthlete(athleteId: string, weeks: readonly WeekMetrics[], nowMs: number): Promise<WeeksReplaced> {
    return runTransaction(this.weeks.manager, async (manager) => {
      const stored = await manager.find(WeeklyMetricEntity, { where: { athleteId } });
      const before = new Map(stored.map((row) => [row.weekStart, row]));
      const keep = new Set(weeks.map((week) => week.weekStart));
      const changed = weeks
        .filter((week) => {
          const row = before.get(week.weekStart);
          return !row || JSON.stringify(row.metrics) !== JSON.stringify(week);
        })
        .map((week) => toRow(athleteId, week, nowMs));
      if (changed.length > 0) await manager.save(WeeklyMetricEntity, changed, { chunk: 100 });
      const gone = stored.filter((row) => !keep.has(row.weekStart)).map((row) => row.weekStart);
      if (gone.length > 0) await manager.delete(WeeklyMetricEntity, { athleteId, weekStart: In(gone) });
      return { written: changed.length, deleted: gone.length, unchanged: weeks.length - changed.length };
    });
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

function toRow(athleteId: string, week: WeekMetrics, nowMs: number): WeeklyMetricEntity {
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
    computedAtMs: nowMs,
  });
}
