import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import { instantMs, json, localDateKey, real, uuidKey } from './column-types';

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

  @Column(instantMs())
  computedAtMs!: number;
}
