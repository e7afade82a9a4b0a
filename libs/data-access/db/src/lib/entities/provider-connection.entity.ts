import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, json, uuidKey } from './column-types';

export type ConnectionProvider = 'strava' | 'garmin';
export type ConnectionStatusValue = 'active' | 'needs-reconsent' | 'disconnected';
export type SyncStateValue = 'idle' | 'backfilling' | 'syncing' | 'rate-limited' | 'error';

/**
 * An athlete's account at a provider (Strava, Garmin): one row per athlete and provider, kept after a
 * disconnect (tokens deleted) so the athlete sees why it ended. Tokens are AES-256-GCM ciphertext
 * (`v1.<iv>.<tag>.<data>`, base64url), never clear text. Sync status and history-backfill progress live
 * here so the athlete can see them and a backfill resumes where it stopped.
 *
 * One account at a provider belongs to one athlete at a time: the partial unique index over the connections
 * that are not disconnected makes the second of two athletes connecting the same account at the same moment
 * fail (the service answers `account-in-use`), while disconnected rows of past owners may stay.
 */
@Entity('provider_connections')
@Index(['athleteId', 'provider'], { unique: true })
@Index(['provider', 'externalAthleteId'])
@Index('UQ_provider_connections_live_account', ['provider', 'externalAthleteId'], {
  unique: true,
  where: `"status" <> 'disconnected'`,
})
export class ProviderConnectionEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  @Column({ type: 'varchar', length: 16 })
  provider!: ConnectionProvider;

  @Column({ type: 'varchar', length: 16 })
  status!: ConnectionStatusValue;

  @Column({ type: 'varchar', length: 64, nullable: true })
  externalAthleteId!: string | null;

  @Column(json())
  scopes!: string[];

  @Column({ type: 'text', nullable: true })
  accessTokenEnc!: string | null;

  @Column({ type: 'text', nullable: true })
  refreshTokenEnc!: string | null;

  @Column(instantMs({ nullable: true }))
  tokenExpiresAtMs!: number | null;

  @Column(instantMs())
  connectedAtMs!: number;

  @Column(instantMs())
  updatedAtMs!: number;

  @Column({ type: 'varchar', length: 16, default: 'idle' })
  syncState!: SyncStateValue;

  @Column(instantMs({ nullable: true }))
  lastSyncAtMs!: number | null;

  @Column({ type: 'integer', default: 0 })
  activitiesImported!: number;

  /** A new id per backfill run: part of its jobs' natural keys, so a reconnect runs a fresh backfill. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  backfillRunId!: string | null;

  @Column({ type: 'integer', default: 0 })
  backfillDone!: number;

  @Column({ type: 'integer', nullable: true })
  backfillTotal!: number | null;

  /** Where the backfill goes on (provider-specific, e.g. Strava's `before` epoch seconds); null when none. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  backfillCursor!: string | null;

  @Column(instantMs({ nullable: true }))
  backfillFinishedAtMs!: number | null;

  /**
   * How often the sync reconciler resumed this backfill since an activity was last imported: it gives up
   * at a bound, so a backfill that fails every time is not resumed forever (0 on a new run).
   */
  @Column({ type: 'integer', default: 0 })
  backfillResumes!: number;

  /** The last failure, safe to show (no tokens or response bodies). */
  @Column({ type: 'text', nullable: true })
  lastErrorMessage!: string | null;

  @Column(instantMs({ nullable: true }))
  lastErrorAtMs!: number | null;

  @Column(instantMs({ nullable: true }))
  resumesAtMs!: number | null;
}
