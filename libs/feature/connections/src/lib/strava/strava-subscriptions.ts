import { createHmac } from 'node:crypto';
import { StravaApiError, StravaClient, type StravaSubscription } from '@loadwatch/integrations/strava';
import type { StravaConfig } from '@loadwatch/shared/config';

/** Where Strava posts the events: StravaWebhookController's route, followed by the secret segment. */
export const STRAVA_WEBHOOK_PATH = '/api/connections/strava/webhook';

/**
 * The secret last segment of the callback URL registered with Strava. Strava does not sign its events and
 * athlete and activity ids are public, so the URL itself is the credential: only Strava (and this server)
 * know it. Derived from STRAVA_WEBHOOK_VERIFY_TOKEN (HMAC-SHA256, 192 bits, base64url), so no further key
 * is needed; changing that token changes the URL, and the subscription must then be made again.
 */
export function stravaWebhookSecret(verifyToken: string): string {
  return createHmac('sha256', verifyToken)
    .update('loadwatch strava webhook callback')
    .digest('base64url')
    .slice(0, 32);
}

/** The subscription cannot be set up as asked; the message says what to do. */
export class StravaSubscriptionError extends Error {
  override readonly name = 'StravaSubscriptionError';
}

export interface StravaSubscriptionStatus {
  /** Our webhook URL (PUBLIC_URL + the webhook route + its secret segment). */
  callbackUrl: string;
  /** The app's subscription at Strava (Strava allows one per app), or null. */
  subscription: { id: number; callbackUrl: string | null } | null;
  /** Whether that subscription posts to our webhook URL. */
  pointsHere: boolean;
}

/**
 * The app's webhook subscription at Strava (activity-apis.md §1.8): one per app, created with a callback URL
 * that Strava checks at once with the hub.challenge handshake, so the API must be up and reachable at
 * PUBLIC_URL when it is created. Plain class over the client (no Nest), used alike by the admin route and by
 * `loadwatch strava subscribe|unsubscribe|status`; the app credentials authenticate it, no athlete token.
 */
export class StravaSubscriptions {
  readonly callbackUrl: string;

  constructor(
    private readonly client: StravaClient,
    private readonly settings: StravaConfig,
    publicUrl: string,
  ) {
    const secret = settings.webhookVerifyToken
      ? stravaWebhookSecret(settings.webhookVerifyToken)
      : '<set STRAVA_WEBHOOK_VERIFY_TOKEN>';
    this.callbackUrl = `${publicUrl.replace(/\/+$/, '')}${STRAVA_WEBHOOK_PATH}/${secret}`;
  }

  async status(): Promise<StravaSubscriptionStatus> {
    const [first] = await this.client.listSubscriptions();
    const subscription = first ? { id: first.id, callbackUrl: first.callback_url ?? null } : null;
    return {
      callbackUrl: this.callbackUrl,
      subscription,
      pointsHere: subscription?.callbackUrl === this.callbackUrl,
    };
  }

  /**
   * Creates the subscription unless the app has one (then says which, `created: false`: to move it to
   * another URL, unsubscribe first). Needs STRAVA_WEBHOOK_VERIFY_TOKEN, which the handshake echoes.
   */
  async subscribe(): Promise<{ id: number; created: boolean; callbackUrl: string }> {
    const verifyToken = this.settings.webhookVerifyToken;
    if (!verifyToken) {
      throw new StravaSubscriptionError('Set STRAVA_WEBHOOK_VERIFY_TOKEN first (the handshake echoes it).');
    }
    const existing: StravaSubscription[] = await this.client.listSubscriptions();
    if (existing.length > 0) {
      return { id: existing[0].id, created: false, callbackUrl: existing[0].callback_url ?? '' };
    }
    try {
      const created = await this.client.createSubscription(this.callbackUrl, verifyToken);
      return { id: created.id, created: true, callbackUrl: this.callbackUrl };
    } catch (error) {
      if (error instanceof StravaApiError && error.kind === 'bad-request') {
        throw new StravaSubscriptionError(
          `Strava refused the subscription: it could not verify ${this.callbackUrl}. The API must be ` +
            'running and reachable there (PUBLIC_URL), with the same STRAVA_WEBHOOK_VERIFY_TOKEN.',
        );
      }
      throw error;
    }
  }

  /** Deletes the app's subscription(s); the ids deleted (none when there was none). */
  async unsubscribe(): Promise<number[]> {
    const existing = await this.client.listSubscriptions();
    for (const subscription of existing) await this.client.deleteSubscription(subscription.id);
    return existing.map((subscription) => subscription.id);
  }
}
