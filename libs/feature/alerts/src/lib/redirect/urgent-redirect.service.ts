import {
  BadRequestException,
  GoneException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { UsersRepository, type UserEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import {
  confirmUrgentRedirect,
  readUrgentRedirect,
  storedUrgentRedirect,
  type UrgentRedirectState,
} from '@loadwatch/feature/athletes';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { readUrgentRedirectToken } from '../email-secrets';

/** What a valid, current confirmation link is about. */
export interface UrgentRedirectRequest {
  /** The account's address only: its display name is free text, and the link goes to any address. */
  account: Pick<UserEntity, 'id' | 'email'>;
  requestId: string;
  address: string;
  /** True once this request was confirmed (the link followed again). */
  confirmed: boolean;
}

/**
 * The confirmation of an address for urgent alerts, by the signed link emailed to it (no sign-in: the token
 * is the authority, and only that mailbox received it). Confirming makes it the address urgent alerts go to
 * and queues a notice to the account's own address.
 */
@Injectable()
export class UrgentRedirectService {
  private readonly logger = new Logger(UrgentRedirectService.name);

  constructor(
    private readonly users: UsersRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The request the token names, while it is the pending one (or the one confirmed). 400: malformed or
   * forged; 410: expired, withdrawn or replaced by a newer link; 404: the account is gone. The token comes
   * from the query string as is (`?token=a&token=b` makes it an array, refused like any bad token).
   */
  async describe(token: unknown): Promise<UrgentRedirectRequest> {
    return (await this.find(token)).request;
  }

  /**
   * Confirms the pending address (`changed`); following the link again changes nothing. The account is read,
   * the link judged against what is stored then, and the confirmation written in one transaction holding the
   * account's row: a PATCH that withdrew or replaced the address first makes the link 410, one that comes
   * after overrides the confirmation, and the other settings saved meanwhile are kept.
   */
  async confirm(token: unknown): Promise<{ request: UrgentRedirectRequest; changed: boolean }> {
    const target = this.verify(token);
    const nowMs = this.clock.now();
    const saved = await this.users.updateSettingsAtomically(
      target.userId,
      (user) => {
        const { request, state } = current(user, target.requestId);
        if (request.confirmed) return { patch: null, result: { request, before: state } };
        const confirmed = confirmUrgentRedirect(state, request.requestId, nowMs) as UrgentRedirectState;
        return {
          patch: { emailPreferences: { ...user.emailPreferences, ...storedUrgentRedirect(confirmed) } },
          result: { request, before: state },
        };
      },
      nowMs,
    );
    if (!saved) throw new NotFoundException('The account of this link no longer exists');
    const { request, before } = saved.result;
    if (request.confirmed) return { request, changed: false };
    try {
      await this.queue.enqueue('send-redirect-notice', {
        userId: target.userId,
        requestId: request.requestId,
      });
    } catch (error) {
      // Without its notice the change could go unseen by the account's owner: undone, to be tried again.
      await this.undo(target.userId, before, request.requestId, nowMs);
      this.logger.error(
        `Confirmation of redirect request ${request.requestId} of ${target.userId} undone, its notice could ` +
          `not be queued: ${(error as Error).message}`,
      );
      throw new ServiceUnavailableException('This cannot be confirmed right now; try again in a few minutes');
    }
    this.logger.log(`Account ${target.userId}: redirect request ${request.requestId} confirmed.`);
    return { request: { ...request, confirmed: true }, changed: true };
  }

  /**
   * Takes back the confirmation of `requestId` while it is still what is stored: the address in force goes
   * back to the one before, and, unless a newer request was made meanwhile, the request waits again (its link
   * works again). Anything else saved since (the switches, a newer address) stays.
   */
  private async undo(
    userId: string,
    before: UrgentRedirectState,
    requestId: string,
    nowMs: number,
  ): Promise<void> {
    await this.users.updateSettingsAtomically(
      userId,
      (user) => {
        const now = readUrgentRedirect(user.emailPreferences);
        if (now.confirmedId !== requestId) return { patch: null, result: undefined };
        const { confirmed, confirmedAtMs, confirmedId, pending, pendingSinceMs, linkSentAtMs } = before;
        const restored: UrgentRedirectState = {
          ...now,
          confirmed,
          confirmedAtMs,
          confirmedId,
          ...(now.requestId === requestId ? { pending, pendingSinceMs, linkSentAtMs } : {}),
        };
        return {
          patch: { emailPreferences: { ...user.emailPreferences, ...storedUrgentRedirect(restored) } },
          result: undefined,
        };
      },
      nowMs,
    );
  }

  private async find(token: unknown): Promise<{ request: UrgentRedirectRequest }> {
    const target = this.verify(token);
    const user = await this.users.findById(target.userId);
    if (!user) throw new NotFoundException('The account of this link no longer exists');
    return current(user, target.requestId);
  }

  /** The token's account and request; 400 when malformed or forged, 410 when expired. */
  private verify(token: unknown): { userId: string; requestId: string } {
    const target =
      typeof token === 'string' && token ? readUrgentRedirectToken(this.config.mail.secret, token) : null;
    if (!target) throw new BadRequestException('token: this confirmation link is invalid or incomplete');
    if (target.expiresAtMs <= this.clock.now()) {
      throw new GoneException(
        'This confirmation link has expired; the account can send a new one from its email settings',
      );
    }
    return target;
  }
}

/** What the link of `requestId` is about, by what is stored now; 410 when it was withdrawn or replaced. */
function current(
  user: UserEntity,
  requestId: string,
): { request: UrgentRedirectRequest; state: UrgentRedirectState } {
  const state = readUrgentRedirect(user.emailPreferences);
  const account = { id: user.id, email: user.email };
  if (state.confirmed !== null && state.confirmedId === requestId) {
    return { request: { account, requestId, address: state.confirmed, confirmed: true }, state };
  }
  if (state.pending === null || state.requestId !== requestId) {
    throw new GoneException(
      'This confirmation link is no longer valid: the address was changed, or a newer link was sent',
    );
  }
  return { request: { account, requestId, address: state.pending, confirmed: false }, state };
}
