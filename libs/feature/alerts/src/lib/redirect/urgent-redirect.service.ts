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
  account: Pick<UserEntity, 'id' | 'email' | 'displayName'>;
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

  /** Confirms the pending address (`changed`); following the link again changes nothing. */
  async confirm(token: unknown): Promise<{ request: UrgentRedirectRequest; changed: boolean }> {
    const { request, user, state } = await this.find(token);
    if (request.confirmed) return { request, changed: false };
    const nowMs = this.clock.now();
    const confirmed = confirmUrgentRedirect(state, request.requestId, nowMs);
    if (!confirmed) throw new GoneException('This confirmation link is no longer valid');
    const saved = await this.users.updateSettings(
      user.id,
      { emailPreferences: { ...user.emailPreferences, ...storedUrgentRedirect(confirmed) } },
      nowMs,
    );
    if (!saved) throw new NotFoundException('The account of this link no longer exists');
    try {
      await this.queue.enqueue('send-redirect-notice', { userId: user.id, requestId: request.requestId });
    } catch (error) {
      // Without its notice the change could go unseen by the account's owner: undone, to be tried again.
      await this.users.updateSettings(user.id, { emailPreferences: user.emailPreferences }, nowMs);
      this.logger.error(
        `Confirmation of redirect request ${request.requestId} of ${user.id} undone, its notice could not be ` +
          `queued: ${(error as Error).message}`,
      );
      throw new ServiceUnavailableException('This cannot be confirmed right now; try again in a few minutes');
    }
    this.logger.log(`Account ${user.id}: redirect request ${request.requestId} confirmed.`);
    return { request: { ...request, confirmed: true }, changed: true };
  }

  private async find(
    token: unknown,
  ): Promise<{ request: UrgentRedirectRequest; user: UserEntity; state: UrgentRedirectState }> {
    const target =
      typeof token === 'string' && token ? readUrgentRedirectToken(this.config.mail.secret, token) : null;
    if (!target) throw new BadRequestException('token: this confirmation link is invalid or incomplete');
    if (target.expiresAtMs <= this.clock.now()) {
      throw new GoneException(
        'This confirmation link has expired; the account can send a new one from its email settings',
      );
    }
    const user = await this.users.findById(target.userId);
    if (!user) throw new NotFoundException('The account of this link no longer exists');
    const state = readUrgentRedirect(user.emailPreferences);
    const account = { id: user.id, email: user.email, displayName: user.displayName };
    const { requestId } = target;
    if (state.confirmed !== null && state.confirmedId === requestId) {
      return { request: { account, requestId, address: state.confirmed, confirmed: true }, user, state };
    }
    if (state.pending === null || state.requestId !== requestId) {
      throw new GoneException(
        'This confirmation link is no longer valid: the address was changed, or a newer link was sent',
      );
    }
    return { request: { account, requestId, address: state.pending, confirmed: false }, user, state };
  }
}
