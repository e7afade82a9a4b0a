import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GoneException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import {
  CoachLinksRepository,
  InvitationSendsRepository,
  UsersRepository,
  type InvitationLimits,
  type InvitationRefusal,
  type CoachLinkEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import {
  INVITATION_TOKEN_SEAL,
  JOB_QUEUE,
  sealPayloadSecret,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import { newOpaqueToken, sha256Hex, type AuthUser } from '@loadwatch/feature/auth';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import type {
  CoachLinkListItem,
  CoachLinkView,
  InvitationPreview,
  InvitationResponse,
  LinkParty,
} from '@loadwatch/shared/contracts';
import { toCoachLinkView } from './coach-link-view';

/** How long an invitation can be accepted; sending it again renews it. */
export const INVITATION_TTL_MS = 14 * 24 * 3600 * 1000;

/**
 * Invitations email any address a coach types, and anyone can register as a coach, so they are throttled
 * (HTTP 429): 20 an hour per coach, 3 a day per invited address (from all coaches together), and at most 100
 * open invitations per coach (sending an open one again does not count as a new one). Only invitations made
 * or sent again count: a refused one (a limit, an athlete already linked) does not.
 */
export const INVITATION_LIMITS: InvitationLimits = {
  perCoach: { count: 20, windowMs: 3600 * 1000 },
  perRecipient: { count: 3, windowMs: 24 * 3600 * 1000 },
  pending: 100,
  pendingTtlMs: INVITATION_TTL_MS,
};

/** The 429 message of the per-address limit: the same whoever sent the earlier invitations. */
export const RECIPIENT_LIMIT_MESSAGE = 'This invitation cannot be sent now; try again later';

/**
 * Coach links (spec/rules.md section 7): a coach invites an email, the athlete of that email accepts, the
 * athlete alone grants or withdraws health-data access, and either of them can end the link.
 */
@Injectable()
export class CoachLinksService {
  private readonly logger = new Logger(CoachLinksService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: CoachLinksRepository,
    private readonly users: UsersRepository,
    private readonly sends: InvitationSendsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async invite(coach: AuthUser, email: string, nowMs = Date.now()): Promise<InvitationResponse> {
    if (email === coach.email) throw new BadRequestException('email: you cannot invite yourself');
    const token = newOpaqueToken();
    const result = await this.sends.inviteIfAllowed(
      { coachId: coach.id, inviteEmail: email, inviteTokenHash: sha256Hex(token) },
      INVITATION_LIMITS,
      nowMs,
    );
    if (result.kind === 'already-linked')
      throw new ConflictException('This athlete is already linked to you');
    if (result.kind !== 'invited') throw this.refusal(coach, result, nowMs);
    this.logger.log(`Coach ${coach.id} sent invitation ${result.link.id}.`);
    await this.enqueueInvitationEmail(result.link.id, token);
    return {
      link: toCoachLinkView(result.link),
      token,
      acceptUrl: `${this.config.publicUrl.replace(/\/+$/, '')}/invite/${token}`,
    };
  }

  /**
   * The 429 of a throttled invitation. The per-address limit counts every coach's invitations, so its
   * message says nothing about them (neither that there were any, nor how many, nor when the limit ends): a
   * coach who never invited that address learns no more than "not now".
   */
  private refusal(coach: AuthUser, refusal: InvitationRefusal, nowMs: number): HttpException {
    this.logger.warn(`Coach ${coach.id} was refused an invitation: ${refusal.kind}.`);
    const inMinutes = (atMs: number) => `try again in ${Math.max(1, Math.ceil((atMs - nowMs) / 60_000))} min`;
    const { perCoach, pending } = INVITATION_LIMITS;
    const message =
      refusal.kind === 'coach-rate'
        ? `Too many invitations: at most ${perCoach.count} an hour; ${inMinutes(refusal.retryAtMs)}`
        : refusal.kind === 'recipient-rate'
          ? RECIPIENT_LIMIT_MESSAGE
          : `You have ${pending} open invitations: withdraw some, or wait until they are accepted or expire`;
    return new HttpException(message, HttpStatus.TOO_MANY_REQUESTS);
  }

  /**
   * The invitation email goes out from the notify queue, never inside the request. Should the queue be
   * unavailable the invitation still stands and its response carries the link: the coach can pass it on
   * or send the invitation again.
   */
  private async enqueueInvitationEmail(linkId: string, token: string): Promise<void> {
    try {
      await this.queue.enqueue('send-invitation', {
        linkId,
        tokenTag: sha256Hex(token).slice(0, 16),
        sealedToken: sealPayloadSecret(this.config.mail.secret, INVITATION_TOKEN_SEAL, token),
      });
    } catch (error) {
      this.logger.error(`Could not enqueue the email of invitation ${linkId}: ${(error as Error).message}`);
    }
  }

  /** The signed-in athlete accepts an invitation sent to their email. Accepting twice is harmless. */
  async accept(athlete: AuthUser, token: string, nowMs = Date.now()): Promise<CoachLinkView> {
    const link = await this.links.findByInviteTokenHash(sha256Hex(token));
    if (!link) throw new NotFoundException('No invitation has this token');
    if (link.inviteEmail !== athlete.email) {
      throw new ForbiddenException('This invitation was sent to another email address');
    }
    if (link.status === 'accepted' && link.athleteId === athlete.id) return toCoachLinkView(link);
    if (link.status !== 'invited') throw new GoneException('This invitation was withdrawn');
    if (link.createdAtMs + INVITATION_TTL_MS <= nowMs) {
      throw new GoneException('This invitation has expired: ask your coach to send it again');
    }
    const accepted = await this.links.accept(link.id, athlete.id, nowMs);
    if (!accepted) throw new GoneException('This invitation was withdrawn');
    this.logger.log(`Athlete ${athlete.id} accepted coach link ${link.id}.`);
    return toCoachLinkView(accepted);
  }

  /** Who invites whom, for the page where the athlete signs in and accepts. */
  async preview(token: string): Promise<InvitationPreview> {
    const link = await this.links.findByInviteTokenHash(sha256Hex(token));
    const coach = link && (await this.users.findById(link.coachId));
    if (!link || !coach) throw new NotFoundException('No invitation has this token');
    return {
      coach: { displayName: coach.displayName, email: coach.email },
      inviteEmail: link.inviteEmail,
      status: link.status,
      expiresAt: new Date(link.createdAtMs + INVITATION_TTL_MS).toISOString(),
    };
  }

  /** The user's links on either side, with both parties named. */
  async list(user: AuthUser): Promise<CoachLinkListItem[]> {
    const links = await this.links.listForUser(user.id);
    const ids = links.flatMap((link) => (link.athleteId ? [link.coachId, link.athleteId] : [link.coachId]));
    const users = new Map((await this.users.findByIds(ids)).map((u) => [u.id, u]));
    return links.map((link) => ({
      ...toCoachLinkView(link),
      coach: party(users.get(link.coachId)),
      athlete: link.athleteId ? party(users.get(link.athleteId)) : null,
    }));
  }

  async setHealthAccess(athlete: AuthUser, linkId: string, healthAccess: boolean): Promise<CoachLinkView> {
    const link = await this.findOwnLink(athlete, linkId);
    if (link.athleteId !== athlete.id) {
      throw new ForbiddenException('Only the athlete can grant or withdraw health-data access');
    }
    const updated = await this.links.setHealthAccess(link.id, healthAccess);
    if (!updated) throw new ConflictException('Health-data access needs an accepted link');
    this.logger.log(
      `Athlete ${athlete.id} ${healthAccess ? 'granted' : 'withdrew'} health-data access on link ${link.id}.`,
    );
    return toCoachLinkView(updated);
  }

  /** Ends a link, by either side; ending an ended link changes nothing. */
  async revoke(user: AuthUser, linkId: string): Promise<CoachLinkView> {
    const link = await this.findOwnLink(user, linkId);
    const revoked = await this.links.revoke(link.id);
    if (revoked)
      this.logger.log(
        `Coach link ${link.id} ended by ${user.id === link.coachId ? 'the coach' : 'the athlete'}.`,
      );
    return toCoachLinkView(revoked ?? link);
  }

  /** A link the user is a party to; any other is "not found", so ids of others' links reveal nothing. */
  private async findOwnLink(user: AuthUser, linkId: string): Promise<CoachLinkEntity> {
    const link = await this.links.findById(linkId);
    if (!link || (link.coachId !== user.id && link.athleteId !== user.id)) {
      throw new NotFoundException('No coach link of yours has this id');
    }
    return link;
  }
}

function party(user: UserEntity | undefined): LinkParty | null {
  return user ? { id: user.id, displayName: user.displayName, email: user.email } : null;
}
