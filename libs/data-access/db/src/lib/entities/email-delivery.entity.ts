import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, uuidKey } from './column-types';

/**
 * `pending`: claimed by a worker (until `leaseUntilMs`); `sent`: the SMTP server (or the outbox) took it;
 * `suppressed`: decided not to send (`reason`: unsubscribed, daily cap, inactive, access withdrawn...);
 * `refused`: the SMTP server refused the message for good (a 5xx reply, in `reason`).
 */
export type EmailDeliveryStatus = 'pending' | 'sent' | 'suppressed' | 'refused';

/**
 * The email ledger: one row per email's natural key (recipient + finding, recipient + week, invitation +
 * token), claimed before sending and marked sent after, so no email is sent twice across retries and workers.
 * `capKey` (unique when set) holds one per-recipient daily allowance: the load-related warning cap.
 */
@Entity('email_deliveries')
@Index(['recipientId', 'createdAtMs'])
// The reconciler's scan for pending rows whose send gave up.
@Index(['status', 'createdAtMs'])
export class EmailDeliveryEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  naturalKey!: string;

  /** EmailKind, or `invitation`. */
  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  /** The account it goes to; null for an invitation to an address without one. */
  @Column({ ...uuidKey(), nullable: true })
  recipientId!: string | null;

  /** The athlete it is about, if any. */
  @Column({ ...uuidKey(), nullable: true })
  athleteId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true, unique: true })
  capKey!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: EmailDeliveryStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column(instantMs())
  leaseUntilMs!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId!: string | null;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs({ nullable: true }))
  sentAtMs!: number | null;
}
