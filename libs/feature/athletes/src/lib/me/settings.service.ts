import {
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { UsersRepository, type UserEntity, type UserSettingsPatch } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { resolveEmailPreferences, type MeResponse } from '@loadwatch/shared/contracts';
import { toMeResponse } from './me-view';
import type { UpdateSettingsDto } from './settings.dto';
import { parseThresholdPace } from './threshold-pace';
import {
  changeUrgentRedirect,
  readUrgentRedirect,
  requestAgain,
  storedUrgentRedirect,
  URGENT_REDIRECT_REQUEST_LIMIT,
  URGENT_REDIRECT_TTL_MS,
  type UrgentRedirectChange,
} from './urgent-redirect';

/** Settings that change how load is computed or judged: changing one rebuilds the athlete's weeks. */
const LOAD_SETTINGS = ['timeZone', 'weekStart', 'thresholdPaceSPerKm', 'returnToRun'] as const;

@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);

  constructor(
    private readonly users: UsersRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /**
   * The account's settings. While an address waits for a confirmation email that has not gone out, its job
   * is ensured again (by its job id: never a second email): an enqueue that failed when it was asked for is
   * retried here, the next time the account looks.
   */
  async get(userId: string, nowMs = Date.now()): Promise<MeResponse> {
    const user = await this.find(userId);
    const state = readUrgentRedirect(user.emailPreferences);
    if (
      state.pending !== null &&
      state.requestId !== null &&
      state.linkSentAtMs === null &&
      state.pendingSinceMs !== null &&
      state.pendingSinceMs + URGENT_REDIRECT_TTL_MS > nowMs
    ) {
      await this.ensureConfirmation(userId, state.requestId);
    }
    return toMeResponse(user);
  }

  /**
   * A new address for urgent alerts only waits for confirmation (UrgentRedirectState): its email is queued
   * once the settings are saved. Over the request limit the whole change is refused (429). The account is
   * read and written in one transaction holding its row, so a confirmation, an unsubscribe or another PATCH
   * landing meanwhile is neither lost nor overwritten.
   */
  async update(userId: string, input: UpdateSettingsDto, nowMs = Date.now()): Promise<MeResponse> {
    const saved = await this.users.updateSettingsAtomically(
      userId,
      (current) => {
        const { patch, redirect } = toPatch(input, current, nowMs);
        if (redirect.kind === 'limited') throw this.limited(userId, redirect.retryAtMs, nowMs);
        const changed = (Object.keys(patch) as (keyof UserSettingsPatch)[]).filter(
          (key) => JSON.stringify(patch[key]) !== JSON.stringify(current[key]),
        );
        return { patch: changed.length > 0 ? patch : null, result: { redirect, changed } };
      },
      nowMs,
    );
    if (!saved) throw new NotFoundException('The account no longer exists');
    const { redirect, changed } = saved.result;
    if (redirect.kind === 'requested') await this.enqueueConfirmation(userId, redirect.requestId);
    const loadChanged = changed.filter((key) => (LOAD_SETTINGS as readonly string[]).includes(key));
    if (loadChanged.length > 0) {
      try {
        await this.queue.enqueue('recompute-load', { athleteId: userId });
        this.logger.log(`Settings of ${userId} changed (${loadChanged.join(', ')}): load recompute queued.`);
      } catch (error) {
        // The settings are saved; the answer must not say otherwise. The next upload or change recomputes.
        this.logger.error(`Could not enqueue recompute-load for ${userId}: ${(error as Error).message}`);
      }
    }
    return toMeResponse(saved.user);
  }

  /**
   * The confirmation email of the pending address once more, with a new link (the earlier link stops
   * working); 409 when no address waits, 429 over the request limit.
   */
  async resendUrgentRedirect(userId: string, nowMs = Date.now()): Promise<MeResponse> {
    const saved = await this.users.updateSettingsAtomically(
      userId,
      (current) => {
        const again = requestAgain(readUrgentRedirect(current.emailPreferences), nowMs);
        if (!again) throw new ConflictException('No address is waiting for confirmation');
        if (again.change.kind === 'limited') throw this.limited(userId, again.change.retryAtMs, nowMs);
        return {
          patch: { emailPreferences: { ...current.emailPreferences, ...storedUrgentRedirect(again.state) } },
          result: again.change,
        };
      },
      nowMs,
    );
    if (!saved) throw new NotFoundException('The account no longer exists');
    if (saved.result.kind === 'requested') await this.enqueueConfirmation(userId, saved.result.requestId);
    return toMeResponse(saved.user);
  }

  /**
   * The email goes out from the notify queue, never inside the request. Should the queue be unavailable the
   * address still waits with no email sent (`urgentAlertsToLinkSentAt` null, as the settings page says), the
   * next GET /api/me tries again, and the page offers to send the email again.
   */
  private async enqueueConfirmation(userId: string, requestId: string): Promise<void> {
    try {
      await this.queue.enqueue('send-redirect-confirmation', { userId, requestId });
      this.logger.log(`Account ${userId} asked to send urgent alerts elsewhere (request ${requestId}).`);
    } catch (error) {
      this.logger.error(
        `Could not enqueue the confirmation email of request ${requestId} of ${userId}: ${(error as Error).message}`,
      );
    }
  }

  private async ensureConfirmation(userId: string, requestId: string): Promise<void> {
    try {
      const outcome = await this.queue.ensure('send-redirect-confirmation', { userId, requestId });
      if (outcome === 'added' || outcome === 'retried') {
        this.logger.warn(`The confirmation email of request ${requestId} of ${userId} was queued again.`);
      }
    } catch (error) {
      this.logger.error(
        `Could not queue the confirmation email of request ${requestId} of ${userId} again: ${(error as Error).message}`,
      );
    }
  }

  private limited(userId: string, retryAtMs: number, nowMs: number): HttpException {
    this.logger.warn(`Account ${userId} was refused another urgent-alert confirmation email.`);
    const { count } = URGENT_REDIRECT_REQUEST_LIMIT;
    const minutes = Math.max(1, Math.ceil((retryAtMs - nowMs) / 60_000));
    return new HttpException(
      `Too many confirmation emails: at most ${count} in 24 hours; try again in ${minutes} min`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private async find(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundException('The account no longer exists');
    return user;
  }
}

function toPatch(
  input: UpdateSettingsDto,
  current: UserEntity,
  nowMs: number,
): { patch: UserSettingsPatch; redirect: UrgentRedirectChange } {
  const patch: UserSettingsPatch = {};
  let redirect: UrgentRedirectChange = { kind: 'unchanged' };
  if (input.emailPreferences !== undefined) {
    const { urgentAlertsTo, ...switches } = definedOnly(input.emailPreferences);
    let state = readUrgentRedirect(current.emailPreferences);
    if (urgentAlertsTo !== undefined) {
      ({ state, change: redirect } = changeUrgentRedirect(state, urgentAlertsTo, current.email, nowMs));
    }
    const { warningAlerts, weeklyDigest, coachDigest } = resolveEmailPreferences(current.emailPreferences);
    // Saved whole (the given keys over what is in force), so a later change of a default changes nothing.
    patch.emailPreferences = {
      warningAlerts,
      weeklyDigest,
      coachDigest,
      ...switches,
      ...storedUrgentRedirect(state),
    };
  }
  if (input.displayName !== undefined) patch.displayName = input.displayName;
  if (input.timeZone !== undefined) patch.timeZone = input.timeZone;
  if (input.weekStart !== undefined) patch.weekStart = input.weekStart;
  if (input.units !== undefined) patch.units = input.units;
  if (input.maxHeartRateBpm !== undefined) patch.maxHeartRateBpm = input.maxHeartRateBpm;
  if (input.thresholdPace !== undefined) {
    patch.thresholdPaceSPerKm = input.thresholdPace === null ? null : parseThresholdPace(input.thresholdPace);
  }
  if (input.returnToRun !== undefined) {
    patch.returnToRun = input.returnToRun && {
      startDate: input.returnToRun.startDate,
      weeklyPlanM: input.returnToRun.weeklyDistanceKm.map((km) => Math.round(km * 1000)),
    };
  }
  return { patch, redirect };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
