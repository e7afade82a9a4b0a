import { timingSafeEqual } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { Public, Roles } from '@loadwatch/feature/auth';
import { ConnectionsService } from '../connections.service';
import { StravaApi } from './strava-api.service';
import { StravaSubscriptionCheck } from './strava-subscription-check';
import { StravaSubscriptionError, stravaWebhookSecret } from './strava-subscriptions';

interface StravaEvent {
  object_type: 'activity' | 'athlete';
  object_id: number;
  aspect_type: 'create' | 'update' | 'delete';
  owner_id: number;
  subscription_id: number;
  event_time: number;
  updates?: Record<string, unknown>;
}

/**
 * Strava's webhook (activity-apis.md §1.8): the subscription handshake, and events answered at once (Strava
 * wants 200 within 2 s): each is only mapped to a job of the `sync` queue, whose natural key makes an event
 * delivered twice one job. Events are not signed, so the route carries a secret last segment (the callback
 * URL registered with Strava, stravaWebhookSecret): a request without it gets 404 on the handshake and on
 * events alike, as does every request while STRAVA_WEBHOOK_VERIFY_TOKEN is unset. Even then an event is
 * only a hint: the jobs confirm it with the athlete's own token before acting (a delete only when Strava
 * no longer shows the activity to its owner, a deauthorization only when the tokens stopped working).
 * An event must name our subscription (`subscription_id`, StravaSubscriptionCheck): one of another
 * subscription (an old one deleted while Strava still retries its events, another app's posting to a URL
 * that leaked) is answered 200 and ignored, since a 4xx would only make Strava send it twice more; an
 * event without a subscription id is not Strava's (400).
 */
@ApiExcludeController()
@Controller('connections/strava')
export class StravaWebhookController {
  private readonly logger = new Logger(StravaWebhookController.name);

  constructor(
    private readonly api: StravaApi,
    private readonly subscription: StravaSubscriptionCheck,
    private readonly connections: ConnectionsService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Public()
  @Get('webhook/:secret')
  handshake(@Param('secret') secret: string, @Query() query: Record<string, string>): Record<string, string> {
    this.checkSecret(secret);
    const expected = this.api.settings.webhookVerifyToken;
    if (query['hub.mode'] !== 'subscribe' || !query['hub.challenge']) {
      throw new BadRequestException('Expected hub.mode=subscribe and a hub.challenge');
    }
    if (!expected || query['hub.verify_token'] !== expected)
      throw new ForbiddenException('Wrong verify token');
    return { 'hub.challenge': query['hub.challenge'] };
  }

  @Public()
  @Post('webhook/:secret')
  @HttpCode(HttpStatus.OK)
  async event(@Param('secret') secret: string, @Body() body: unknown): Promise<Record<string, never>> {
    this.checkSecret(secret);
    const event = parseEvent(body);
    if (!(await this.subscription.isOurs(event.subscription_id))) {
      this.logger.warn(`Ignored a Strava event of subscription ${event.subscription_id}, which is not ours.`);
      return {};
    }
    const owner = String(event.owner_id);
    if (event.object_type === 'athlete') {
      if (event.aspect_type === 'update' && String(event.updates?.['authorized']) === 'false') {
        await this.queue.enqueue('strava-deauthorize', {
          externalAthleteId: owner,
          eventTime: String(event.event_time),
        });
      }
      return {};
    }
    const connection = await this.connections.findByExternal('strava', owner);
    if (!connection || connection.status !== 'active') return {};
    const activityId = String(event.object_id);
    if (event.aspect_type === 'delete') {
      await this.queue.enqueue('strava-activity-delete', { connectionId: connection.id, activityId });
    } else {
      await this.queue.enqueue('strava-activity', {
        connectionId: connection.id,
        activityId,
        revision: `event-${event.event_time}`,
      });
    }
    return {};
  }

  /** 404 unless the path's secret segment is ours (constant-time compare); never says which part was wrong. */
  private checkSecret(given: string): void {
    const verifyToken = this.api.isConfigured ? this.api.settings.webhookVerifyToken : null;
    const expected = Buffer.from(verifyToken ? stravaWebhookSecret(verifyToken) : '');
    const actual = Buffer.from(given);
    const ok = expected.length > 0 && expected.length === actual.length && timingSafeEqual(expected, actual);
    if (!ok) throw new NotFoundException();
  }

  /**
   * Creates the app's webhook subscription at Strava (admins; once per deployment; also `loadwatch strava
   * subscribe`). The callback URL is PUBLIC_URL's webhook route.
   */
  @Roles('admin')
  @Post('subscription')
  async subscribe(): Promise<{ id: number; created: boolean }> {
    try {
      const subscriptions = this.api.subscriptions;
      const { id, created, callbackUrl } = await subscriptions.subscribe();
      if (callbackUrl === subscriptions.callbackUrl) this.subscription.remember(id);
      return { id, created };
    } catch (error) {
      if (error instanceof StravaSubscriptionError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}

function parseEvent(body: unknown): StravaEvent {
  const event = body as Partial<StravaEvent> | null;
  const ok =
    event !== null &&
    typeof event === 'object' &&
    (event.object_type === 'activity' || event.object_type === 'athlete') &&
    (event.aspect_type === 'create' || event.aspect_type === 'update' || event.aspect_type === 'delete') &&
    Number.isSafeInteger(event.object_id) &&
    Number.isSafeInteger(event.owner_id) &&
    Number.isSafeInteger(event.subscription_id) &&
    Number.isSafeInteger(event.event_time);
  if (!ok) throw new BadRequestException('Not a Strava webhook event');
  return event as StravaEvent;
}
