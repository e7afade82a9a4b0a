import { Inject, Injectable, Logger } from '@nestjs/common';
import { EmailDeliveriesRepository, type EmailClaim } from '@loadwatch/data-access/db';
import { PermanentJobError, RetryLaterError } from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import {
  MailRejectedError,
  stableMessageId,
  type Mailer,
  type OutgoingMail,
} from '@loadwatch/integrations/mailer';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

export const MAILER = Symbol('MAILER');

/** How long a claim holds an email: longer than one SMTP attempt (the mailer's timeouts are 20 s). */
export const CLAIM_LEASE_MS = 60_000;

/**
 * What to send, or why not. `beforeSend` runs once this worker holds the claim, right before the send (on
 * each attempt it makes): the place for audit rows, so that an email capped, already sent or suppressed,
 * or a preview, records nothing.
 */
export type Composed =
  { mail: Omit<OutgoingMail, 'messageId'>; beforeSend?: () => Promise<void> } | { skip: string };

export type DeliveryOutcome = 'sent' | 'already-done' | 'capped' | 'in-progress' | `suppressed: ${string}`;

/**
 * Sends an email at most once per natural key, through the email ledger:
 * 1. a key already sent, suppressed or refused is done (a retried job, a second worker, a repeated fan-out);
 * 2. the email is composed; the recipient may not want it (unsubscribed, access withdrawn): recorded as
 *    suppressed, nothing sent (unless another worker holds a live claim on it: that worker decides);
 * 3. the key is claimed in a transaction (a unique row with a lease; a daily allowance with `capKey`), so of
 *    several workers exactly one sends; one that finds a live lease is put back until the lease ends
 *    (RetryLaterError: no sleeping in the worker, which on the inline driver would hold up every job);
 * 4. sent, then marked sent. A failed send releases the claim and throws: BullMQ retries with backoff and
 *    the job shows as failed once its attempts run out; a 5xx refusal of the message marks the row refused
 *    (giving back its daily allowance) and fails the job for good.
 *
 * The guarantee: never two sends of a key once one is recorded sent. A worker that dies after the SMTP
 * server accepted the message but before the ledger commit (a window of one UPDATE) leaves a claim that
 * expires, and the retried job sends again: SMTP itself is at-least-once, and so is that window. The
 * Message-ID is derived from the key, so such a duplicate carries the same Message-ID as the first.
 */
@Injectable()
export class EmailSender {
  private readonly logger = new Logger(EmailSender.name);

  constructor(
    private readonly ledger: EmailDeliveriesRepository,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(entry: EmailClaim, compose: () => Promise<Composed>): Promise<DeliveryOutcome> {
    const existing = await this.ledger.findByKey(entry.naturalKey);
    if (existing && existing.status !== 'pending') return 'already-done';
    const composed = await compose();
    if ('skip' in composed) {
      if (!(await this.ledger.suppress(entry, composed.skip, this.clock.now()))) {
        this.logger.log(`Email ${entry.naturalKey} is being sent by another worker; it decides.`);
        return 'in-progress';
      }
      this.logger.log(`Email ${entry.naturalKey} not sent: ${composed.skip}.`);
      return `suppressed: ${composed.skip}`;
    }
    const claim = await this.ledger.claim(entry, this.clock.now(), CLAIM_LEASE_MS);
    if (claim.kind === 'done') return 'already-done';
    if (claim.kind === 'capped') {
      this.logger.log(`Email ${entry.naturalKey} not sent: today's allowance is used.`);
      return 'capped';
    }
    if (claim.kind === 'busy') {
      // Another worker holds it (or died holding it): look again once its lease has run out.
      throw new RetryLaterError(
        claim.leaseUntilMs + 50,
        `Email ${entry.naturalKey} is being sent by another worker.`,
      );
    }

    const mail = { ...composed.mail, messageId: stableMessageId(entry.naturalKey, this.config.mail.from) };
    try {
      await composed.beforeSend?.();
      await this.mailer.send(mail);
    } catch (error) {
      const reason = (error as Error).message;
      if (error instanceof MailRejectedError) {
        await this.ledger.refuse(entry.naturalKey, reason.slice(0, 200));
        throw new PermanentJobError(reason);
      }
      await this.ledger.release(entry.naturalKey, reason.slice(0, 200));
      throw new Error(`Sending email ${entry.naturalKey} failed (attempt ${claim.attempts}): ${reason}`);
    }
    await this.ledger.markSent(entry.naturalKey, mail.messageId, this.clock.now());
    this.logger.log(`Email ${entry.naturalKey} sent (${this.mailer.mode}).`);
    return 'sent';
  }
}
