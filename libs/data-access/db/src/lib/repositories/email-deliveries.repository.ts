import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, type Repository } from 'typeorm';
import { EmailDeliveryEntity } from '../entities/email-delivery.entity';
import { isUniqueViolation, runTransaction } from '../transactions';

export interface EmailClaim {
  naturalKey: string;
  kind: string;
  recipientId: string | null;
  athleteId: string | null;
  /** A per-recipient allowance this email uses up (the daily warning cap); null: none. */
  capKey: string | null;
}

/**
 * - `claimed`: this caller holds the lease and must send, then `markSent` (or `release` on failure);
 * - `done`: already sent, suppressed or refused, nothing to do;
 * - `busy`: another worker holds a lease until `leaseUntilMs`;
 * - `capped`: the allowance of `capKey` is used up; the email is recorded as suppressed.
 */
export type ClaimOutcome =
  | { kind: 'claimed'; attempts: number }
  | { kind: 'done'; status: string }
  | { kind: 'busy'; leaseUntilMs: number }
  | { kind: 'capped' };

/**
 * The email ledger. Claims are transactions keyed by unique columns, so two workers claiming one email (or one
 * allowance) at once get one `claimed` between them, on PostgreSQL and SQLite alike.
 */
@Injectable()
export class EmailDeliveriesRepository {
  constructor(
    @InjectRepository(EmailDeliveryEntity) private readonly deliveries: Repository<EmailDeliveryEntity>,
  ) {}

  findByKey(naturalKey: string): Promise<EmailDeliveryEntity | null> {
    return this.deliveries.findOneBy({ naturalKey });
  }

  /** Of these natural keys, those the ledger holds (any status). */
  async existingKeys(naturalKeys: readonly string[]): Promise<Set<string>> {
    if (naturalKeys.length === 0) return new Set();
    const rows = await this.deliveries.find({
      select: { naturalKey: true },
      where: { naturalKey: In([...naturalKeys]) },
    });
    return new Set(rows.map((row) => row.naturalKey));
  }

  /** The natural keys of the emails sent (or being sent) to the account or about it, of any status. */
  async keysOfAccount(userId: string): Promise<string[]> {
    const rows = await this.deliveries.find({
      select: { naturalKey: true },
      where: [{ recipientId: userId }, { athleteId: userId }],
    });
    return rows.map((row) => row.naturalKey);
  }

  async claim(entry: EmailClaim, nowMs: number, leaseMs: number): Promise<ClaimOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryClaim(entry, nowMs, leaseMs);
      } catch (error) {
        // Another worker inserted the same key (or took the same allowance) first: read what it wrote.
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Records an email decided against (unsubscribed, inactive...). A row already sent or suppressed is left as
   * it is, and so is a pending one whose lease is live: another worker holds it and is sending (its
   * `markSent` must find the row pending), so the decision is that worker's. Returns false in that case.
   */
  async suppress(entry: EmailClaim, reason: string, nowMs: number): Promise<boolean> {
    try {
      await this.deliveries.insert(this.row(entry, 'suppressed', nowMs, 0, { capKey: null, reason }));
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const taken = await this.deliveries.update(
        { naturalKey: entry.naturalKey, status: 'pending', leaseUntilMs: LessThanOrEqual(nowMs) },
        { status: 'suppressed', reason, capKey: null, leaseUntilMs: 0 },
      );
      if (taken.affected) return true;
      const row = await this.findByKey(entry.naturalKey);
      return row !== null && row.status !== 'pending';
    }
  }

  /**
   * The SMTP server refused the message for good (5xx): the row is done, as `refused`, and gives back the
   * allowance it took (`capKey`), so the day's one warning email is not spent on an email never delivered.
   */
  async refuse(naturalKey: string, reason: string): Promise<void> {
    await this.deliveries.update(
      { naturalKey, status: 'pending' },
      { status: 'refused', reason, capKey: null, leaseUntilMs: 0 },
    );
  }

  async markSent(naturalKey: string, messageId: string, nowMs: number): Promise<void> {
    await this.deliveries.update(
      { naturalKey, status: 'pending' },
      { status: 'sent', messageId, sentAtMs: nowMs, leaseUntilMs: 0 },
    );
  }

  /** Gives a claimed email back (the send failed): the next attempt may claim it at once. */
  async release(naturalKey: string, reason: string): Promise<void> {
    await this.deliveries.update({ naturalKey, status: 'pending' }, { leaseUntilMs: 0, reason });
  }

  private tryClaim(entry: EmailClaim, nowMs: number, leaseMs: number): Promise<ClaimOutcome> {
    return runTransaction(this.deliveries.manager, async (em): Promise<ClaimOutcome> => {
      const repository = em.getRepository(EmailDeliveryEntity);
      const row = await repository.findOneBy({ naturalKey: entry.naturalKey });
      if (row && row.status !== 'pending') return { kind: 'done', status: row.status };
      if (row) {
        if (row.leaseUntilMs > nowMs) return { kind: 'busy', leaseUntilMs: row.leaseUntilMs };
        const taken = await repository.update(
          { naturalKey: entry.naturalKey, status: 'pending', leaseUntilMs: row.leaseUntilMs },
          { leaseUntilMs: nowMs + leaseMs, attempts: row.attempts + 1 },
        );
        if (!taken.affected) return { kind: 'busy', leaseUntilMs: nowMs + leaseMs };
        return { kind: 'claimed', attempts: row.attempts + 1 };
      }
      if (entry.capKey !== null && (await repository.existsBy({ capKey: entry.capKey }))) {
        await repository.insert(
          this.row(entry, 'suppressed', nowMs, 0, { capKey: null, reason: `cap ${entry.capKey} used` }),
        );
        return { kind: 'capped' };
      }
      await repository.insert(this.row(entry, 'pending', nowMs, 1, { leaseUntilMs: nowMs + leaseMs }));
      return { kind: 'claimed', attempts: 1 };
    });
  }

  private row(
    entry: EmailClaim,
    status: EmailDeliveryEntity['status'],
    nowMs: number,
    attempts: number,
    over: Partial<EmailDeliveryEntity> = {},
  ): EmailDeliveryEntity {
    return Object.assign(new EmailDeliveryEntity(), {
      id: randomUUID(),
      naturalKey: entry.naturalKey,
      kind: entry.kind,
      recipientId: entry.recipientId,
      athleteId: entry.athleteId,
      capKey: entry.capKey,
      status,
      reason: null,
      attempts,
      leaseUntilMs: 0,
      messageId: null,
      createdAtMs: nowMs,
      sentAtMs: null,
      ...over,
    });
  }
}
