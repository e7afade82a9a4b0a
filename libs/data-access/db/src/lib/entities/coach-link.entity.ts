import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, uuidKey } from './column-types';

export type CoachLinkStatus = 'invited' | 'accepted' | 'revoked';

/**
 * A coach's link to an athlete: invited by email, accepted by the athlete, revocable by either. Health data
 * (symptoms, risk profile, the findings built on them) only with `healthAccess` (spec/rules.md section 7).
 */
@Entity('coach_links')
@Index(['coachId', 'inviteEmail'], { unique: true })
export class CoachLinkEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Index()
  @Column(uuidKey())
  coachId!: string;

  /** Set when the invitation is accepted. */
  @Index()
  @Column({ ...uuidKey(), nullable: true })
  athleteId!: string | null;

  @Column({ type: 'varchar', length: 320 })
  inviteEmail!: string;

  /** sha256 of the invitation token. */
  @Column({ type: 'varchar', length: 64, unique: true })
  inviteTokenHash!: string;

  @Column({ type: 'varchar', length: 16, default: 'invited' })
  status!: CoachLinkStatus;

  @Column({ type: 'boolean', default: false })
  healthAccess!: boolean;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs({ nullable: true }))
  acceptedAtMs!: number | null;

  @Column(instantMs({ nullable: true }))
  revokedAtMs!: number | null;
}
