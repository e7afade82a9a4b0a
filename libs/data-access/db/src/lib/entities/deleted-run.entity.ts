import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, real, uuidKey } from './column-types';

/**
 * A run the athlete deleted in Loadwatch, by its time window: a provider copy of it that Loadwatch never
 * held (Strava's copy of a Garmin-only or FIT-only run, arriving later) is refused like one it did hold
 * (DeletedProviderActivityEntity), unless the run is back (the athlete uploaded a file of it again: the copy
 * then merges into that). Matched as the merge matches (libs/domain/activity isSameRun).
 */
@Entity('deleted_runs')
@Index(['athleteId', 'startMs'])
export class DeletedRunEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  /** The id the deleted activity had. */
  @Column(uuidKey())
  activityId!: string;

  @Column(instantMs())
  startMs!: number;

  @Column(real({ nullable: true }))
  movingTimeS!: number | null;

  @Column(real({ nullable: true }))
  elapsedTimeS!: number | null;

  @Column(instantMs())
  deletedAtMs!: number;
}
