import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { RetryLaterError } from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { StravaApiError, StravaClient, type RateLimitHeaders } from '@loadwatch/integrations/strava';
import {
  APP_CONFIG,
  DEFAULT_STRAVA_BACKFILL_BUDGET_SHARE,
  type AppConfig,
  type StravaConfig,
} from '@loadwatch/shared/config';
import { ConnectionsService } from '../connections.service';
import {
  STRAVA_WINDOWS,
  windowEnd,
  type RateLimiter,
  type RatePriority,
  type RateWindows,
} from '../rate-limit/rate-limiter';
import { RateLimiterFactory } from '../rate-limit/rate-limiter.factory';
import { StravaSubscriptions } from './strava-subscriptions';

/**
 * Strava API calls of a connection under the shared read limit: each call reserves its request first (none
 * goes out over the budget), reports the `X-ReadRateLimit-*` counts back, renews the token on a 401 once,
 * and turns a 429 or an exhausted budget into RetryLaterError until the next quarter hour (or UTC midnight
 * when the daily budget is gone), so the job waits as a delayed job instead of retrying hot. A backfill's
 * calls may fill each window only up to STRAVA_BACKFILL_BUDGET_SHARE; live work (webhook events, delete
 * confirmations) may use the rest as well.
 */
@Injectable()
export class StravaApi {
  private readonly logger = new Logger(StravaApi.name);
  private readonly configured: { client: StravaClient; settings: StravaConfig; limiter: RateLimiter } | null;
  readonly windows: RateWindows;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    limiters: RateLimiterFactory,
    private readonly connections: ConnectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const strava = config.connections.strava;
    this.windows = strava?.rateWindows ?? STRAVA_WINDOWS;
    this.configured = strava
      ? {
          settings: strava,
          client: new StravaClient(strava, (headers) => this.observe(headers)),
          limiter: limiters.get(
            'strava-read',
            { short: strava.readLimits.perQuarterHour, long: strava.readLimits.perDay },
            this.windows,
            strava.backfillBudgetShare ?? DEFAULT_STRAVA_BACKFILL_BUDGET_SHARE,
          ),
        }
      : null;
  }

  get publicUrl(): string {
    return this.config.publicUrl.replace(/\/+$/, '');
  }

  get isConfigured(): boolean {
    return this.configured !== null;
  }

  get client(): StravaClient {
    return this.strava().client;
  }

  get settings(): StravaConfig {
    return this.strava().settings;
  }

  /** Made on each use: PUBLIC_URL is read when the subscription is made (tests set it once listening). */
  get subscriptions(): StravaSubscriptions {
    const { client, settings } = this.strava();
    return new StravaSubscriptions(client, settings, this.config.publicUrl);
  }

  private get limiter(): RateLimiter {
    return this.strava().limiter;
  }

  private strava() {
    if (!this.configured) throw new NotFoundException('Strava is not configured on this server');
    return this.configured;
  }

  /** Runs `call` with a valid access token of the connection, under the rate limit for `priority`. */
  async call<T>(
    connectionId: string,
    what: string,
    priority: RatePriority,
    call: (token: string) => Promise<T>,
  ): Promise<T> {
    let token = await this.connections.accessToken(connectionId);
    for (let renewed = false; ; renewed = true) {
      await this.reserve(connectionId, what, priority);
      try {
        return await call(token);
      } catch (error) {
        if (!(error instanceof StravaApiError)) throw error;
        if (error.kind === 'rate-limited') return this.rateLimited(connectionId, what, error.rateLimit);
        if (error.kind === 'unauthorized' && !renewed) {
          token = await this.connections.forceRefresh(connectionId, token);
          continue;
        }
        throw error;
      }
    }
  }

  private async reserve(connectionId: string, what: string, priority: RatePriority): Promise<void> {
    const acquired = await this.limiter.acquire(this.clock.now(), priority);
    if (acquired.ok) return;
    await this.connections.recordSync(connectionId, {
      syncState: 'rate-limited',
      resumesAtMs: acquired.untilMs,
    });
    const share = priority === 'backfill' ? " (the backfill's share)" : '';
    throw new RetryLaterError(acquired.untilMs, `Strava read budget${share} used up before ${what}`);
  }

  private async rateLimited(
    connectionId: string,
    what: string,
    headers: RateLimitHeaders | null,
  ): Promise<never> {
    const now = this.clock.now();
    const read = headers?.read ?? headers?.overall ?? null;
    const daily = read !== null && read.usage[1] >= read.limit[1];
    const untilMs = windowEnd(now, daily ? this.windows.longMs : this.windows.shortMs);
    await this.limiter.block(untilMs);
    await this.connections.recordSync(connectionId, { syncState: 'rate-limited', resumesAtMs: untilMs });
    this.logger.warn(`Strava answered 429 to ${what}; calls wait until ${new Date(untilMs).toISOString()}.`);
    throw new RetryLaterError(untilMs, `Strava rate limit reached at ${what}`);
  }

  private async observe(headers: RateLimitHeaders): Promise<void> {
    const read = headers.read ?? headers.overall;
    if (!read) return;
    await this.limiter.observe(
      { short: read.limit[0], long: read.limit[1] },
      { short: read.usage[0], long: read.usage[1] },
      this.clock.now(),
    );
  }
}
