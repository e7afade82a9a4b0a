import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import { instantMs, json, localDateKey, real, uuidKey } from './column-types';

/**
 * What a coach sees of a week (spec/rules.md section 7), as the recompute that wrote the week found it:
 * `{ same: true }` when it is the week as stored (the athlete has no run that came only from Strava, or none
 * this week's numbers owe anything to); else `{ week }`, the week computed without those runs, or null when
 * without them there is no such week (it lies before the first run a coach may see).
 */
export type CoachWeekView = { same: true } | { week: WeekMetrics | null };

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
   * The coach's view of this week, written by the same recompute as `metrics`. NULL means never computed:
   * every row older than the column, and any row a writer that knows nothing of coach views leaves; a coach
   * read treats it as unknown (CoachLoadViewService computes the coach's weeks afresh and queues a recompute
   * when the athlete has Strava-only runs), never as "the same". "The same" is an explicit `{ same: true }`,
   * not a NOT NULL `coachViewComputed` flag beside a nullable view: one column holds all three states, so they
   * cannot contradict each other, the default every other writer gets is the safe one, and no schema change
   * is needed (about 15 bytes a row). A column of the week rather than a table of its own: it is written,
   * kept and deleted with its week in the one transaction of each recompute, so the two never disagree, and
   * what already covers weekly_metrics (account export and deletion) covers it.
   */
  @Column(json({ nullable: true }))
  coachView!: CoachWeekView | null;

  @Column(instantMs())
  computedAtMs!: number;
}
