import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { UsersRepository } from '@loadwatch/data-access/db';
import type { EmailKind } from '@loadwatch/shared/contracts';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { PREFERENCE_OF_KIND, resolvePreferences } from '../email-preferences';
import { readUnsubscribeToken } from '../email-secrets';

export const KIND_LABEL: Record<EmailKind, string> = {
  'urgent-alert': 'urgent alerts',
  'warning-alert': 'warning alerts',
  'weekly-digest': 'the weekly digest',
  'coach-digest': "the coach's weekly digest",
};

/** One-click unsubscribe (RFC 8058) by a signed token per recipient and email kind. */
@Injectable()
export class UnsubscribeService {
  private readonly logger = new Logger(UnsubscribeService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
  ) {}

  /**
   * The valid token's recipient and kind (for the confirmation page); throws 400 or 404. The token comes
   * from the query string as is: `?token=a&token=b` makes it an array, refused like any bad token.
   */
  async describe(token: unknown): Promise<{ recipientId: string; kind: EmailKind }> {
    const target =
      typeof token === 'string' && token ? readUnsubscribeToken(this.config.mail.secret, token) : null;
    if (!target) throw new BadRequestException('token: this unsubscribe link is invalid or incomplete');
    if (target.kind === 'urgent-alert') {
      throw new BadRequestException(
        'Urgent alerts cannot be switched off; you can send them to another address in your settings',
      );
    }
    if (!(await this.users.findById(target.recipientId))) {
      throw new NotFoundException('The account of this link no longer exists');
    }
    return target;
  }

  /**
   * Switches the kind off; doing it again changes nothing. Read and written in one transaction holding the
   * account's row, so a settings change or an address confirmation landing meanwhile is kept.
   */
  async unsubscribe(token: unknown): Promise<EmailKind> {
    const { recipientId, kind } = await this.describe(token);
    const preference = PREFERENCE_OF_KIND[kind as keyof typeof PREFERENCE_OF_KIND];
    const saved = await this.users.updateSettingsAtomically(recipientId, (user) => {
      const preferences = resolvePreferences(user.emailPreferences);
      if (!preferences[preference]) return { patch: null, result: false };
      const { warningAlerts, weeklyDigest, coachDigest } = preferences;
      // Over what is stored: the urgent-alert redirect's state (UrgentRedirectState) is kept as it is.
      return {
        patch: {
          emailPreferences: {
            ...user.emailPreferences,
            warningAlerts,
            weeklyDigest,
            coachDigest,
            [preference]: false,
          },
        },
        result: true,
      };
    });
    if (!saved) throw new NotFoundException('The account of this link no longer exists');
    if (saved.result) this.logger.log(`Account ${recipientId} unsubscribed from ${kind}.`);
    return kind;
  }
}
