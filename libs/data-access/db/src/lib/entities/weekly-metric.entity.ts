import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import { instantMs, json, localDateKey, real, uuidKey } from './column-types';

/**
 * What a coach sees of a week whose numbers owe something to runs that came only from Strava (spec/rules.md
 * section 7): the week computed without those runs, or null when without them there is no such week (it lies
 * before the first run a coach may see).
 */
export interface CoachWeekView {
  week: WeekMetrics | null;
}

/** A computed week (spec/metrics.md sections 4-8): the headline numbers as columns, all of it as JSON. */
@Entity('weekly_metrics')
export class WeeklyMetricEntity {
  @PrimaryColumn(uuidKey())
  athleteId!: string;

  @PrimaryColumn(localDateKey())
  weekStart!: string;

  @Column({ type: 'integer' })
  runs!: number;

  @Column(real())
  distanceM!: number;

  @Column(real({ nullable: true }))
  ramp!: number | null;

  @Column(real({ nullable: true }))
  ramp4!: number | null;

  @Column(real({ nullable: true }))
  speedShare!: number | null;

  @Column(real({ nullable: true }))
  coverage!: number | null;

  @Column({ type: 'varchar', length: 16 })
  speedMethod!: string;

  @Column({ type: 'boolean' })
  complete!: boolean;

  @Column(json())
  metrics!: WeekMetrics;

  /**
   * The coach's view of this week, written by the same recompute as `metrics`; null when a coach sees the
   * week as it is (the athlete has no Strava-only run, or none this week's numbers owe anything to). A column
   * of the week rather than a table of its own: it is written, kept and deleted with its week in the one
   * transaction of each recompute, so the two never disagree, and what already covers weekly_metrics (account
   * export and deletion) covers it; only the weeks that differ carry JSON.
   */
  @Column(json({ nullable: true }))
  coachView!: CoachWeekView | null;

  @Column(instantMs())
  computedAtMs!: number;
}
