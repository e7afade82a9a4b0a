import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, uuidKey } from './column-types';

export type UploadStatus = 'received' | 'processing' | 'processed' | 'duplicate' | 'rejected' | 'failed';

/**
 * A raw upload. Its bytes are stored (content-addressed, under the data folder) before the row is committed
 * and before any processing, so nothing is lost when a later step fails; the status says why.
 */
@Entity('uploads')
@Index(['athleteId', 'sha256'], { unique: true })
export class UploadEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Index()
  @Column(uuidKey())
  athleteId!: string;

  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  sizeBytes!: number;

  @Index()
  @Column({ type: 'varchar', length: 16, default: 'received' })
  status!: UploadStatus;

  /** Why a file was rejected or failed (a decode error's message), or a note on success. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'integer', default: 0 })
  activityCount!: number;

  /** The provider that delivered the file (a Garmin activity file); null for the athlete's own upload. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  provider?: 'garmin' | null;

  /** The provider's activity id, which names the file's provenance (`garmin:<id>`). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  externalId?: string | null;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs({ nullable: true }))
  processedAtMs!: number | null;
}
