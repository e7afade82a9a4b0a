import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CoachLinksRepository, UsersRepository } from '@loadwatch/data-access/db';
import {
  INVITATION_TOKEN_SEAL,
  JobRegistry,
  PermanentJobError,
  unsealPayloadSecret,
  type SendInvitationPayload,
} from '@loadwatch/data-access/queue';
import { sha256Hex } from '@loadwatch/feature/auth';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { invitationKey } from '../email-keys';
import { EmailSender, type Composed } from '../email-sender.service';
import { invitationBody } from '../render/alert-email';
import { layout } from '../render/html';
import { appUrl } from '../urls';

/**
 * `send-invitation`: a coach's invitation, emailed to the invited address with the dashboard's page
 * `${PUBLIC_URL}/invite/<token>`. Transactional: it goes to an address that may have no account, so it has
 * no unsubscribe; it is sent once per invitation token (sending the invitation again makes a new token, and
 * a new email). An invitation withdrawn or replaced before the job runs is not sent.
 */
@Injectable()
export class InvitationEmailJob implements OnModuleInit {
  private readonly logger = new Logger(InvitationEmailJob.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly links: CoachLinksRepository,
    private readonly users: UsersRepository,
    private readonly sender: EmailSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register('send-invitation', (payload) => this.handleSendInvitation(payload));
  }

  async handleSendInvitation({ linkId, tokenTag, sealedToken }: SendInvitationPayload): Promise<void> {
    let token: string;
    try {
      token = unsealPayloadSecret(this.config.mail.secret, INVITATION_TOKEN_SEAL, sealedToken);
    } catch {
      throw new PermanentJobError(
        `The token of invitation ${linkId} cannot be unsealed (the secret changed?).`,
      );
    }
    const outcome = await this.sender.deliver(
      {
        naturalKey: invitationKey(linkId, tokenTag),
        kind: 'invitation',
        recipientId: null,
        athleteId: null,
        capKey: null,
      },
      () => this.compose(linkId, token),
    );
    this.logger.log(`Invitation ${linkId}: ${outcome}.`);
  }

  private async compose(linkId: string, token: string): Promise<Composed> {
    const link = await this.links.findById(linkId);
    if (!link || link.status !== 'invited' || link.inviteTokenHash !== sha256Hex(token)) {
      return { skip: 'the invitation was withdrawn, accepted or sent again' };
    }
    const coach = await this.users.findById(link.coachId);
    if (!coach) return { skip: 'the coach no longer exists' };
    const body = invitationBody(coach.displayName ?? coach.email, appUrl(this.config, `/invite/${token}`));
    const { html, text } = layout(body, {
      unsubscribeUrl: null,
      withoutUnsubscribe:
        'No account was made for you; nothing more is sent unless your coach invites you again.',
      settingsUrl: appUrl(this.config, '/settings'),
      reason: `You get this one email because ${coach.email} entered your address as a coach on Loadwatch.`,
    });
    return { mail: { to: link.inviteEmail, subject: body.subject, html, text, unsubscribeUrl: null } };
  }
}
