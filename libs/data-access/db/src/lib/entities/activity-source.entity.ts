import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActivitySource, Device, Lap, RecordStream, SportClass } from '@loadwatch/domain/activity';
import { instantMs, json, localDate, real, uuidKey } from './column-types';

/**
 * One provenance of an activity: what one source (a FIT file's session, a Strava activity, a Garmin
 * activity) said about the run, kept whole so the activity's chosen fields can be chosen again when a source
 * is added, changed, removed or split off. `sourceKey` is the natural key every import is idempotent by:
 * `fit:<file sha256>:<session index>`, `strava:<id>`, `garmin:<id>` (libs/domain/activity, sourceKeyOf).
 */
@Entity('activity_sources')
@Index(['athleteId', 'sourceKey'], { unique: true })
@Index(['activityId'])
export class ActivitySourceEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  /** The activity this source is merged into. */
  @Column(uuidKey())
  activityId!: string;

  @Column({ type: 'varchar', length: 200 })
  sourceKey!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: ActivitySource;

  /** The provider's id (Strava or Garmin activity id); `<sha256>:<session index>` for a FIT upload. */
  @Column({ type: 'varchar', length: 100 })
  externalId!: string;

  /** The upload that brought this source's file (FIT uploads, Garmin activity files). */
  @Column({ ...uuidKey(), nullable: true })
  uploadId!: string | null;

  /** Split off by the athlete: never merged with another source again (an undone merge stays undone). */
  @Column({ type: 'boolean', default: false })
  keptApart!: boolean;

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

  /** This source's own record stream; the activity's copy (activity_streams) is the chosen one. */
  @Column(json({ nullable: true }))
  stream!: RecordStream | null;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs())
  updatedAtMs!: number;
}
