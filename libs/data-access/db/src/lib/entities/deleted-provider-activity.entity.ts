import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActivitySource } from '@loadwatch/domain/activity';
import { instantMs, uuidKey } from './column-types';

/**
 * A provider's copy of a run the athlete deleted in Loadwatch (a tombstone): no import brings it back, not a
 * backfill, an `update` webhook, nor a re-delivered Garmin summary or file (ActivitySourcesRepository).
 * Written for Strava and Garmin sources only; a FIT file uploaded again is the athlete's own act.
 * Keyed like activity_sources: (athlete, `strava:<id>` | `garmin:<id>`).
 */
@Entity('deleted_provider_activities')
@Index(['athleteId', 'sourceKey'], { unique: true })
export class DeletedProviderActivityEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  @Column({ type: 'varchar', length: 200 })
  sourceKey!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: ActivitySource;

  /** The provider's activity id. */
  @Column({ type: 'varchar', length: 100 })
  externalId!: string;

  @Column(instantMs())
  deletedAtMs!: number;
}
