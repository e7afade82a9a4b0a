import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { StravaApi } from './strava-api.service';

/** A miss (an id that is not the one we know) asks Strava again at most this often. */
export const STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS = 30_000;
/** How long an event waits for that answer: Strava wants ours within 2 s (activity-apis.md §1.8). */
export const STRAVA_SUBSCRIPTION_LOOKUP_DEADLINE_MS = 1_200;

/**
 * Whether a webhook event's `subscription_id` is our subscription: the app's one subscription at Strava
 * whose callback URL is this server's (StravaSubscriptions.status). Strava is where the id is stored: it is
 * read from `GET /push_subscriptions` on the first event and on a miss (at most every
 * STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS, one lookup at a time), and kept in memory; the admin route
 * records the id it creates. Neither the configuration nor the database holds it: the CLI subscribes
 * without the database, an id in the environment is a manual step that goes stale at the next subscribe,
 * and a subscription made by hand (curl, Strava's tools) is found all the same.
 * A lookup that fails or takes longer than STRAVA_SUBSCRIPTION_LOOKUP_DEADLINE_MS is our outage, not the
 * event's fault: the event gets 503, and Strava tries it again (3 attempts in all) while the lookup
 * finishes for the next one.
 */
@Injectable()
export class StravaSubscriptionCheck {
  private readonly logger = new Logger(StravaSubscriptionCheck.name);
  private knownId: number | null = null;
  private lookedUpAtMs = -Infinity;
  private failed = false;
  private lookup: Promise<void> | null = null;

  constructor(
    private readonly api: StravaApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records the subscription this server just made (or found pointing here). */
  remember(subscriptionId: number): void {
    this.knownId = subscriptionId;
    this.failed = false;
  }

  /**
   * True for our subscription's events, false for another's (answered 200 and ignored by the caller).
   * @throws ServiceUnavailableException (503, retried by Strava) when Strava could not say in time.
   */
  async isOurs(subscriptionId: number): Promise<boolean> {
    if (subscriptionId === this.knownId) return true;
    if (!this.lookup && this.clock.now() - this.lookedUpAtMs >= STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS) {
      this.lookup = this.lookUp().finally(() => (this.lookup = null));
    }
    if (this.lookup) await this.withinDeadline(this.lookup);
    if (this.failed) {
      throw new ServiceUnavailableException('Could not confirm the webhook subscription with Strava');
    }
    return subscriptionId === this.knownId;
  }

  private async lookUp(): Promise<void> {
    try {
      const status = await this.api.subscriptions.status();
      this.knownId = status.pointsHere && status.subscription ? status.subscription.id : null;
      this.failed = false;
    } catch (error) {
      this.failed = true;
      this.logger.warn(`Could not read the Strava webhook subscription: ${(error as Error).message}`);
    } finally {
      this.lookedUpAtMs = this.clock.now();
    }
  }

  private async withinDeadline(lookup: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STRAVA_SUBSCRIPTION_LOOKUP_DEADLINE_MS);
    });
    const outcome = await Promise.race([lookup, late]).finally(() => clearTimeout(timer));
    if (outcome === 'late') {
      throw new ServiceUnavailableException('Strava did not say in time which webhook subscription is ours');
    }
  }
}
