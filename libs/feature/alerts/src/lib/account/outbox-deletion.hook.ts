import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EmailDeliveriesRepository } from '@loadwatch/data-access/db';
import { AccountDeletionHooks, type AccountDeletionHook } from '@loadwatch/feature/athletes';
import { stableMessageId, type Mailer } from '@loadwatch/integrations/mailer';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { MAILER } from '../email-sender.service';

/**
 * Before an account is deleted, the outbox files (no SMTP_URL: every email is an .eml file in
 * DATA_DIR/outbox) of the emails sent to it or about it go too: a warning or a digest holds health details,
 * also the copies its coaches got. They are found through the email ledger, whose rows are deleted with the
 * account right after: each file name ends with a hash of the Message-ID, which derives from the row's
 * natural key. Not purged: invitation emails (they name the coach, not the athlete), an email written in the
 * moment between this hook and the deletion, and anything sent over SMTP (it has left Loadwatch).
 */
@Injectable()
export class OutboxDeletionHook implements AccountDeletionHook, OnModuleInit {
  readonly name = 'email outbox';
  private readonly logger = new Logger(OutboxDeletionHook.name);

  constructor(
    private readonly hooks: AccountDeletionHooks,
    private readonly ledger: EmailDeliveriesRepository,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async beforeAccountDeletion(userId: string): Promise<void> {
    if (this.mailer.mode !== 'outbox') return;
    const keys = await this.ledger.keysOfAccount(userId);
    const removed = await this.mailer.removeFromOutbox(
      keys.map((key) => stableMessageId(key, this.config.mail.from)),
    );
    this.logger.log(`Removed ${removed} outbox emails of account ${userId} before its deletion.`);
  }
}
