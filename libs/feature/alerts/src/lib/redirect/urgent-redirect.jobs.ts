import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EmailDeliveriesRepository, UsersRepository, type UserEntity } from '@loadwatch/data-access/db';
import { JobRegistry, PermanentJobError, type UrgentRedirectPayload } from '@loadwatch/data-access/queue';
import {
  readUrgentRedirect,
  recordLinkSent,
  requestNumber,
  storedUrgentRedirect,
  URGENT_REDIRECT_TTL_MS,
} from '@loadwatch/feature/athletes';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { urgentRedirectKey, type RedirectEmailKind } from '../email-keys';
import { urgentRedirectToken } from '../email-secrets';
import { EmailSender, type Composed } from '../email-sender.service';
import { layout } from '../render/html';
import { redirectConfirmationBody, redirectNoticeBody } from '../render/redirect-email';
import { appUrl, urgentRedirectUrl } from '../urls';

/**
 * The emails of an urgent-alert redirect (PATCH /api/me `urgentAlertsTo`, UrgentRedirectState):
 * - `send-redirect-confirmation`: to the pending address, a link (UrgentRedirectController) that confirms it;
 *   sent only while that request is the pending one and unexpired, once per request, and once per request
 *   number (the ledger's allowance key), so two requests made from the same state never both send;
 * - `send-redirect-notice`: to the account's own address once the address confirmed, while it still holds.
 * Both are transactional: no unsubscribe, no health detail, and their ledger rows belong to the account.
 */
@Injectable()
export class UrgentRedirectJobs implements OnModuleInit {
  private readonly logger = new Logger(UrgentRedirectJobs.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly users: UsersRepository,
    private readonly ledger: EmailDeliveriesRepository,
    private readonly sender: EmailSender,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register('send-redirect-confirmation', (payload) => this.handleSendConfirmation(payload));
    this.registry.register('send-redirect-notice', (payload) => this.handleSendNotice(payload));
  }

  async handleSendConfirmation({ userId, requestId }: UrgentRedirectPayload): Promise<void> {
    const number = requestNumber(requestId);
    if (number === null) throw new PermanentJobError(`'${requestId}' is not a redirect request id.`);
    const outcome = await this.deliver(
      'urgent-redirect',
      userId,
      requestId,
      `redirect-request:${userId}:${number}`,
      (user) => this.composeConfirmation(user, requestId),
    );
    this.logger.log(`Confirmation email of redirect request ${requestId} of ${userId}: ${outcome}.`);
    if (outcome === 'sent' || outcome === 'already-done') await this.recordSent(userId, requestId);
  }

  /**
   * Stores when the confirmation email went out (`urgentAlertsToLinkSentAt`), so the settings page says it
   * was emailed only once it was. Taken from the ledger: also after a retry that found it already sent.
   */
  private async recordSent(userId: string, requestId: string): Promise<void> {
    const row = await this.ledger.findByKey(urgentRedirectKey('urgent-redirect', userId, requestId));
    const sentAtMs = row?.status === 'sent' ? row.sentAtMs : null;
    if (sentAtMs === null) return;
    await this.users.updateSettingsAtomically(
      userId,
      (user) => {
        const sent = recordLinkSent(readUrgentRedirect(user.emailPreferences), requestId, sentAtMs);
        return {
          patch: sent && { emailPreferences: { ...user.emailPreferences, ...storedUrgentRedirect(sent) } },
          result: undefined,
        };
      },
      this.clock.now(),
    );
  }

  async handleSendNotice({ userId, requestId }: UrgentRedirectPayload): Promise<void> {
    const outcome = await this.deliver('urgent-redirect-notice', userId, requestId, null, (user) =>
      this.composeNotice(user, requestId),
    );
    this.logger.log(`Notice of confirmed redirect request ${requestId} to ${userId}: ${outcome}.`);
  }

  private deliver(
    kind: RedirectEmailKind,
    userId: string,
    requestId: string,
    capKey: string | null,
    compose: (user: UserEntity) => Composed,
  ) {
    return this.sender.deliver(
      {
        naturalKey: urgentRedirectKey(kind, userId, requestId),
        kind,
        recipientId: userId,
        athleteId: null,
        capKey,
      },
      async () => {
        const user = await this.users.findById(userId);
        return user ? compose(user) : { skip: 'the account no longer exists' };
      },
    );
  }

  private composeConfirmation(user: UserEntity, requestId: string): Composed {
    const state = readUrgentRedirect(user.emailPreferences);
    if (state.pending === null || state.requestId !== requestId || state.pendingSinceMs === null) {
      return { skip: 'the request was withdrawn or replaced' };
    }
    const expiresAtMs = state.pendingSinceMs + URGENT_REDIRECT_TTL_MS;
    if (expiresAtMs <= this.clock.now()) return { skip: 'the request expired' };
    const confirmUrl = urgentRedirectUrl(
      this.config,
      urgentRedirectToken(this.config.mail.secret, user.id, requestId, expiresAtMs),
    );
    const body = redirectConfirmationBody({
      accountEmail: user.email,
      address: state.pending,
      confirmUrl,
      expiresOn: utcMinute(expiresAtMs),
    });
    const { html, text } = layout(body, {
      unsubscribeUrl: null,
      withoutUnsubscribe: 'No alerts are sent to this address unless it is confirmed.',
      settingsUrl: appUrl(this.config, '/settings'),
      reason: `You get this one email because ${user.email} entered your address for their urgent alerts on Loadwatch.`,
    });
    return { mail: { to: state.pending, subject: body.subject, html, text, unsubscribeUrl: null } };
  }

  private composeNotice(user: UserEntity, requestId: string): Composed {
    const state = readUrgentRedirect(user.emailPreferences);
    if (state.confirmed === null || state.confirmedId !== requestId) {
      return { skip: 'the address of urgent alerts changed again since' };
    }
    const settingsUrl = appUrl(this.config, '/settings');
    const body = redirectNoticeBody({
      address: state.confirmed,
      accountEmail: user.email,
      confirmedAt: utcMinute(state.confirmedAtMs ?? this.clock.now()),
      settingsUrl,
    });
    const { html, text } = layout(body, {
      unsubscribeUrl: null,
      withoutUnsubscribe: 'This notice is sent each time another address confirms for your urgent alerts.',
      settingsUrl,
      reason: 'You get this because the address of your urgent alerts on Loadwatch changed.',
    });
    return { mail: { to: user.email, subject: body.subject, html, text, unsubscribeUrl: null } };
  }
}

/** "2026-05-01 14:03 UTC". */
function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
