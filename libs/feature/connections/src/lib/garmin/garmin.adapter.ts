import { Inject, Injectable } from '@nestjs/common';
import type { ProviderConnectionEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { GarminApiError, type GarminTokens } from '@loadwatch/integrations/garmin';
import {
  ReconsentRequiredError,
  type AuthorizationResult,
  type ConnectedAccount,
  type ProviderAdapter,
  type ProviderTokens,
} from '../provider-adapter';
import { ConnectionsService } from '../connections.service';
import { GarminApi } from './garmin-api.service';
import { GarminFileStash } from './garmin-file-stash';

/** The Garmin permission without which no activity reaches us (G3 [S]). */
export const ACTIVITY_EXPORT = 'ACTIVITY_EXPORT';

/** Garmin accepts backfill requests of at most 30 days each (G1 §8 [C]). */
export const BACKFILL_WINDOW_S = 30 * 86_400;

/**
 * Garmin behind the ProviderAdapter seam: OAuth 2 with PKCE (activity-apis.md §2.1). The connection is keyed
 * by Garmin's `userId`, which every notification names; the permissions the user granted are its scopes.
 */
@Injectable()
export class GarminAdapter implements ProviderAdapter {
  readonly provider = 'garmin' as const;
  readonly usesPkce = true;

  constructor(
    private readonly api: GarminApi,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly connections: ConnectionsService,
    private readonly stash: GarminFileStash,
  ) {}

  authorizeUrl(state: string, codeVerifier?: string): string {
    if (!codeVerifier) throw new Error('Garmin needs a PKCE code verifier');
    return this.api.client.authorizeUrl({ redirectUri: this.api.redirectUri, state, codeVerifier });
  }

  /** Without ACTIVITY_EXPORT nothing could sync, so such a connect is refused. */
  async completeAuthorization(code: string, codeVerifier?: string): Promise<AuthorizationResult> {
    if (!codeVerifier) throw new Error('Garmin needs a PKCE code verifier');
    const tokens = await this.api.client.exchangeCode({
      code,
      codeVerifier,
      redirectUri: this.api.redirectUri,
    });
    const userId = await this.api.client.userId(tokens.accessToken);
    const permissions = await this.api.client.permissions(tokens.accessToken);
    if (!permissions.includes(ACTIVITY_EXPORT)) {
      throw new Error('The athlete did not share activities (ACTIVITY_EXPORT) with us');
    }
    return { tokens: toTokens(tokens), externalAthleteId: userId, scopes: permissions };
  }

  /** Garmin rotates the refresh token on every refresh; a refused one (400/401) needs a new consent. */
  async refresh(tokens: ProviderTokens): Promise<ProviderTokens> {
    if (!tokens.refreshToken) throw new ReconsentRequiredError('No Garmin refresh token');
    try {
      return toTokens(await this.api.client.refresh(tokens.refreshToken));
    } catch (error) {
      if (
        error instanceof GarminApiError &&
        (error.kind === 'bad-request' || error.kind === 'unauthorized')
      ) {
        throw new ReconsentRequiredError(`Garmin refused the refresh token (${error.status})`);
      }
      throw error;
    }
  }

  /** Asks Garmin for the recent history, in 30-day windows; it arrives later as ordinary notifications. */
  async onConnected(connection: ConnectedAccount): Promise<void> {
    const row = await this.connections.findById(connection.id);
    if (!row) return;
    await this.queue.enqueue('garmin-backfill', {
      connectionId: connection.id,
      ...garminBackfillWindow(row, this.api.settings.backfillDays),
    });
  }

  /**
   * `DELETE /user/registration`: Garmin stops sending, and confirms with a deregistration notification.
   * Files downloaded and not yet taken in are deleted, whether or not Garmin answered.
   */
  async onDisconnect(connection: ConnectedAccount, accessToken: string | null): Promise<void> {
    try {
      if (accessToken) await this.api.client.deregister(accessToken);
    } finally {
      await this.stash.removeAll(connection.athleteId);
    }
  }
}

function toTokens(tokens: GarminTokens): ProviderTokens {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAtMs,
  };
}

/**
 * The history a connection's backfill asks for: the `days` before it was connected (epoch s, as job payload
 * strings). Derived from the stored connection, so the sync reconciler names the same job as the connect did.
 */
export function garminBackfillWindow(
  row: Pick<ProviderConnectionEntity, 'connectedAtMs'>,
  days: number,
): { fromS: string; toS: string } {
  const toS = Math.floor(row.connectedAtMs / 1000);
  return { fromS: String(toS - days * 86_400), toS: String(toS) };
}
