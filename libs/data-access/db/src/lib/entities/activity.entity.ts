import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActivitySource, Device, FieldSources, Lap, SportClass } from '@loadwatch/domain/activity';
import { instantMs, json, localDate, real, uuidKey } from './column-types';

/**
 * A normalized activity (libs/domain/activity): the fields chosen from its provenances (activity_sources,
 * merged by libs/domain/activity mergeSources). `source`, `sourceKey` and `uploadId` are those of its
 * primary source, the first in precedence (fit, garmin, strava): so `source` is 'strava' exactly when Strava
 * is the only source, which is what coach views hide (spec/rules.md section 7).
 */
@Entity('activities')
@Index(['athleteId', 'sourceKey'], { unique: true })
@Index(['athleteId', 'startMs'])
export class ActivityEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  @Column({ type: 'varchar', length: 200 })
  sourceKey!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: ActivitySource;

  @Column({ ...uuidKey(), nullable: true })
  uploadId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  sport!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subSport!: string | null;

  @Column({ type: 'varchar', length: 16 })
  sportClass!: SportClass;

  @Column(instantMs())
  startMs!: number;

  @Column({ type: 'integer', nullable: true })
  utcOffsetS!: number | null;

  /** Local calendar date of the start, as computed with the athlete's zone when the activity was stored. */
  @Column(localDate())
  localDate!: string;

  @Column(real({ nullable: true }))
  distanceM!: number | null;

  @Column(real({ nullable: true }))
  movingTimeS!: number | null;

  @Column(real({ nullable: true }))
  elapsedTimeS!: number | null;

  @Column(real({ nullable: true }))
  ascentM!: number | null;

  @Column(real({ nullable: true }))
  descentM!: number | null;

  @Column(real({ nullable: true }))
  avgHeartRateBpm!: number | null;

  @Column(real({ nullable: true }))
  avgCadenceSpm!: number | null;

  @Column(json())
  laps!: Lap[];

  @Column(json({ nullable: true }))
  device!: Device | null;

  @Column({ type: 'integer', default: 0 })
  recordCount!: number;

  /** Which source each chosen field came from; null (or left out on insert) for an activity of one source. */
  @Column(json({ nullable: true }))
  fieldSources?: FieldSources | null;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs())
  updatedAtMs!: number;
}
