import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { StravaApi } from './strava-api.service';

/**
 * A miss (an id that is neither the one we know nor one Strava just denied) asks Strava again at most this
 * often, counted from the last lookup that found nothing new; and a denial holds this long.
 */
export const STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS = 30_000;
/** How long an event waits for that answer: Strava wants ours within 2 s (activity-apis.md §1.8). */
export const STRAVA_SUBSCRIPTION_LOOKUP_DEADLINE_MS = 1_200;
/** Ids denied at once, at most (each held for the lookup interval): bounds memory under forged events. */
const DENIED_LIMIT = 1_000;

/**
 * Whether a webhook event's `subscription_id` is our subscription: the app's one subscription at Strava
 * whose callback URL is this server's (StravaSubscriptions.status). Strava is where the id is stored: it is
 * read from `GET /push_subscriptions` and kept in memory; the admin route records the id it creates.
 * Neither the configuration nor the database holds it: the CLI subscribes without the database, an id in
 * the environment is a manual step that goes stale at the next subscribe, and a subscription made by hand
 * (curl, Strava's tools) is found all the same.
 *
 * An event naming another id than the known one (the subscription was made again, or it is not ours) is
 * refused only on the word of a lookup made after it arrived: it starts one, unless Strava was asked within
 * STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS by a lookup that found nothing new (a lookup that found a new
 * subscription does not count, so the events of one made again right after a lookup pass at once). An id
 * that lookup denies is refused (200, ignored) without asking again for the interval: the retries of an
 * old subscription's events. An id no such lookup has seen, while Strava may not be asked yet (forged ids
 * cannot make us ask more often), gets 503 rather than being dropped: Strava tries it again later (about
 * two minutes), when a lookup can say. A lookup that fails or takes longer than
 * STRAVA_SUBSCRIPTION_LOOKUP_DEADLINE_MS is our outage, not the event's fault: 503 as well, and the lookup
 * finishes for the next attempt.
 */
@Injectable()
export class StravaSubscriptionCheck {
  private readonly logger = new Logger(StravaSubscriptionCheck.name);
  private knownId: number | null = null;
  /** When the last lookup that found nothing new (no other id, or an error) was made. */
  private quietLookupAtMs = -Infinity;
  private failed = false;
  private lookup: { done: Promise<void>; startedAtMs: number } | null = null;
  /** Ids a lookup made after their event arrived said are not ours, and when. */
  private readonly denied = new Map<number, number>();

  constructor(
    private readonly api: StravaApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records the subscription this server just made (or found pointing here). */
  remember(subscriptionId: number): void {
    this.knownId = subscriptionId;
    this.denied.delete(subscriptionId);
    this.failed = false;
  }

  /**
   * True for our subscription's events, false for another's (answered 200 and ignored by the caller).
   * @throws ServiceUnavailableException (503, retried by Strava) when Strava could not say, or not yet.
   */
  async isOurs(subscriptionId: number): Promise<boolean> {
    if (subscriptionId === this.knownId) return true;
    const arrivedAtMs = this.clock.now();
    if (this.isDenied(subscriptionId, arrivedAtMs)) return false;
    if (!this.lookup && arrivedAtMs - this.quietLookupAtMs >= STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS) {
      const lookup = { done: this.lookUp(arrivedAtMs), startedAtMs: arrivedAtMs };
      this.lookup = lookup;
      void lookup.done.finally(() => {
        if (this.lookup === lookup) this.lookup = null;
      });
    }
    const lookup = this.lookup;
    if (!lookup) {
      throw new ServiceUnavailableException(
        'Strava was asked which webhook subscription is ours moments ago; this one is not known yet',
      );
    }
    await this.withinDeadline(lookup.done);
    if (this.failed) {
      throw new ServiceUnavailableException('Could not confirm the webhook subscription with Strava');
    }
    if (subscriptionId === this.knownId) return true;
    if (lookup.startedAtMs < arrivedAtMs) {
      // The answer may predate this subscription: Strava tries the event again, and a lookup then says.
      throw new ServiceUnavailableException('Strava has not confirmed this webhook subscription yet');
    }
    this.deny(subscriptionId, lookup.startedAtMs);
    return false;
  }

  private async lookUp(startedAtMs: number): Promise<void> {
    const before = this.knownId;
    try {
      const status = await this.api.subscriptions.status();
      this.knownId = status.pointsHere && status.subscription ? status.subscription.id : null;
      this.failed = false;
      if (this.knownId !== null) this.denied.delete(this.knownId);
      if (this.knownId === before) this.quietLookupAtMs = startedAtMs;
    } catch (error) {
      this.failed = true;
      this.quietLookupAtMs = startedAtMs;
      this.logger.warn(`Could not read the Strava webhook subscription: ${(error as Error).message}`);
    }
  }

  private isDenied(subscriptionId: number, nowMs: number): boolean {
    const deniedAtMs = this.denied.get(subscriptionId);
    if (deniedAtMs === undefined) return false;
    if (nowMs - deniedAtMs < STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS) return true;
    this.denied.delete(subscriptionId);
    return false;
  }

  private deny(subscriptionId: number, atMs: number): void {
    this.denied.delete(subscriptionId);
    this.denied.set(subscriptionId, atMs);
    // Oldest first (insertion order): past the limit, the oldest denials are forgotten.
    for (const id of this.denied.keys()) {
      if (this.denied.size <= DENIED_LIMIT) break;
      this.denied.delete(id);
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
