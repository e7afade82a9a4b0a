import { timingSafeEqual } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { callbackUrlHash, JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { Public } from '@loadwatch/feature/auth';
import { GarminApiError, parseNotification, type GarminNotification } from '@loadwatch/integrations/garmin';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { TokenCipher } from '../token-cipher';
import { GarminApi } from './garmin-api.service';
import { CALLBACK_URL_PURPOSE } from './garmin-sync.jobs';

/**
 * Where Garmin posts notifications (under the API's /api prefix), followed by the secret segment
 * GARMIN_NOTIFICATION_TOKEN: the URL registered with Garmin is `PUBLIC_URL${GARMIN_NOTIFICATIONS_PATH}/<token>`.
 */
export const GARMIN_NOTIFICATIONS_PATH = '/api/connections/garmin/notifications';

/**
 * Garmin's payloads "reach 10 MB" (activity-apis.md §2.2); the API's default JSON limit (100 kB) stays for
 * every other route, and the app mounts a parser with this limit on GARMIN_NOTIFICATIONS_PATH alone.
 */
export const GARMIN_NOTIFICATION_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Garmin's notification endpoint (activity-apis.md §2.2, §2.5): summary pings and pushes, activity file
 * pings, deregistrations and permission changes, all at one URL (the body's key names the kind). Garmin wants
 * 200 within 30 s; each entry only becomes a job of the `sync` queue, so the answer is immediate.
 * Notifications are not signed and user ids are not secret, so the URL registered with Garmin carries a
 * secret last segment (GARMIN_NOTIFICATION_TOKEN, constant-time compare, 404 without it); the
 * `garmin-client-id` header must also name our client [C, G1 §4.2]. Pings only say what to fetch with our
 * own tokens, from URLs on Garmin's API host; pushed summaries are taken as data only through that secret
 * URL; deregistrations and permission changes are confirmed with our token in their jobs.
 */
@ApiExcludeController()
@Controller('connections/garmin')
export class GarminNotificationsController {
  constructor(
    private readonly api: GarminApi,
    private readonly cipher: TokenCipher,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Public()
  @Post('notifications/:token')
  @HttpCode(HttpStatus.OK)
  async notify(
    @Param('token') token: string,
    @Headers('garmin-client-id') clientId: string | undefined,
    @Body() body: unknown,
  ): Promise<Record<string, never>> {
    if (!this.api.isConfigured) throw new NotFoundException('Garmin is not configured on this server');
    if (!sameSecret(this.api.settings.notificationToken, token)) throw new NotFoundException();
    if (clientId !== this.api.settings.clientId) {
      throw new ForbiddenException('The garmin-client-id header does not name this application');
    }
    let notification: GarminNotification;
    try {
      notification = parseNotification(body);
    } catch (error) {
      if (error instanceof GarminApiError) throw new BadRequestException(error.message);
      throw error;
    }
    await this.enqueue(notification);
    return {};
  }

  private async enqueue(n: GarminNotification): Promise<void> {
    const seal = (url: string) => this.cipher.seal(url, CALLBACK_URL_PURPOSE);
    for (const ping of n.activityPings) {
      await this.queue.enqueue('garmin-pull', {
        userId: ping.userId,
        sealedCallbackUrl: seal(ping.callbackURL),
        urlHash: callbackUrlHash(ping.callbackURL),
      });
    }
    for (const summary of n.activityPushes) {
      const { userId, ...rest } = summary;
      await this.queue.enqueue('garmin-summary', {
        userId,
        summaryId: summary.summaryId,
        summaryJson: JSON.stringify(rest),
      });
    }
    for (const file of n.activityFiles) {
      await this.queue.enqueue('garmin-file', {
        userId: file.userId,
        summaryId: file.summaryId,
        activityId: String(file.activityId ?? file.summaryId.replace(/-file$/, '')),
        fileType: file.fileType ?? 'FIT',
        sealedCallbackUrl: seal(file.callbackURL),
      });
    }
    for (const deregistration of n.deregistrations) {
      await this.queue.enqueue('garmin-deregister', {
        userId: deregistration.userId,
        receivedAtMs: String(this.clock.now()),
      });
    }
    for (const change of n.permissionChanges) {
      await this.queue.enqueue('garmin-permissions', {
        userId: change.userId,
        permissions: change.permissions.join(','),
        changeTimeS: String(change.changeTimeInSeconds ?? Math.floor(this.clock.now() / 1000)),
      });
    }
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}
