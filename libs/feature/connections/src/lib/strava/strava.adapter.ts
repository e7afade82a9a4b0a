import { Inject, Injectable } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { StravaApiError } from '@loadwatch/integrations/strava';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { ConnectionsService } from '../connections.service';
import {
  ReconsentRequiredError,
  type AuthorizationResult,
  type ConnectedAccount,
  type ProviderAdapter,
  type ProviderTokens,
} from '../provider-adapter';
import { StravaApi } from './strava-api.service';
import { stravaBackfillStep } from './strava-sync.jobs';

/** `activity:read_all` also brings "Only You" activities; `read` is Strava's base scope. */
export const STRAVA_SCOPES = ['read', 'activity:read_all'];

/** Strava behind the ProviderAdapter seam: OAuth 2 without PKCE (activity-apis.md §1.1). */
@Injectable()
export class StravaAdapter implements ProviderAdapter {
  readonly provider = 'strava' as const;
  readonly usesPkce = false;

  constructor(
    private readonly api: StravaApi,
    private readonly connections: ConnectionsService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  authorizeUrl(state: string): string {
    const redirectUri = `${this.config.publicUrl.replace(/\/+$/, '')}/api/connections/strava/callback`;
    return this.api.client.authorizeUrl({ redirectUri, state, scope: STRAVA_SCOPES });
  }

  /** The athlete may untick scopes: without an activity scope nothing can sync, so the connect is refused. */
  async completeAuthorization(
    code: string,
    _codeVerifier?: string,
    callback: Record<string, string> = {},
  ): Promise<AuthorizationResult> {
    const scopes = (callback['scope'] ?? '').split(',').filter(Boolean);
    if (!scopes.includes('activity:read') && !scopes.includes('activity:read_all')) {
      throw new Error('The athlete did not grant an activity scope');
    }
    const answer = await this.api.client.exchangeCode(code);
    if (!answer.athleteId) throw new Error('The Strava code exchange named no athlete');
    return {
      tokens: toTokens(answer),
      externalAthleteId: answer.athleteId,
      scopes,
    };
  }

  async refresh(tokens: ProviderTokens): Promise<ProviderTokens> {
    if (!tokens.refreshToken) throw new ReconsentRequiredError('No Strava refresh token');
    try {
      return toTokens(await this.api.client.refresh(tokens.refreshToken));
    } catch (error) {
      if (
        error instanceof StravaApiError &&
        (error.kind === 'bad-request' || error.kind === 'unauthorized')
      ) {
        throw new ReconsentRequiredError(`Strava refused the refresh token (${error.status})`);
      }
      throw error;
    }
  }

  async onConnected(connection: ConnectedAccount): Promise<void> {
    const row = await this.connections.findById(connection.id);
    if (!row?.backfillRunId) return;
    await this.connections.recordSync(connection.id, { syncState: 'backfilling' });
    await this.queue.enqueue('strava-backfill', {
      connectionId: row.id,
      runId: row.backfillRunId,
      step: stravaBackfillStep(row),
    });
  }

  /** Deauthorization invalidates every token of ours for that athlete at Strava. */
  async onDisconnect(_connection: ConnectedAccount, accessToken: string | null): Promise<void> {
    if (accessToken) await this.api.client.deauthorize(accessToken);
  }
}

function toTokens(answer: {
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
}): ProviderTokens {
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    expiresAt: answer.expiresAtMs,
  };
}
