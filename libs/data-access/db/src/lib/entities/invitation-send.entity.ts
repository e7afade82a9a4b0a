import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, uuidKey } from './column-types';

/**
 * One invitation email a coach asked for, kept a day for the invitation throttle (per coach, per address).
 * The address is kept as its sha256 only: the throttle needs to match it, not to read it.
 */
@Entity('invitation_sends')
@Index(['coachId', 'sentAtMs'])
@Index(['recipientHash', 'sentAtMs'])
export class InvitationSendEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  coachId!: string;

  /** sha256 hex of the lower-cased invited address. */
  @Column({ type: 'varchar', length: 64 })
  recipientHash!: string;

  @Column(instantMs())
  sentAtMs!: number;
}
