import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  ConnectionsRepository,
  type ProviderConnectionEntity,
  type SyncStatusPatch,
} from '@loadwatch/data-access/db';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import type {
  ConnectionView,
  ConnectionsResponse,
  ConnectResponse,
  ProviderName,
} from '@loadwatch/shared/contracts';
import {
  PROVIDER_ADAPTERS,
  ReconsentRequiredError,
  type ConnectedAccount,
  type ProviderAdapterRegistry,
  type ProviderTokens,
} from './provider-adapter';
import { ConnectionLocks } from './locks/connection-locks';
import { TokenCipher } from './token-cipher';

/** How long a connect attempt may take from POST /api/connections to the callback. */
const STATE_TTL_MS = 15 * 60_000;
/** Tokens are refreshed this long before they expire, so no call goes out with a token about to lapse. */
const REFRESH_MARGIN_MS = 10 * 60_000;
const ERROR_LENGTH = 500;

interface OAuthState {
  athleteId: string;
  provider: ProviderName;
  codeVerifier: string | null;
  expiresAtMs: number;
  /** SHA-256 (base64url) of the browser key set as a cookie on the browser that started the attempt. */
  browser: string;
}

/** A started connect: where to send the browser, and the key it must carry back (an HttpOnly cookie). */
export interface StartedConnect {
  response: ConnectResponse;
  browserKey: string;
}

/** What the OAuth callback got from the provider (query parameters). */
export interface CallbackQuery {
  state?: string;
  code?: string;
  error?: string;
  scope?: string;
}

/** The connection is gone or has no usable token: jobs of it stop (for good) with this. */
export class ConnectionUnavailableError extends Error {
  override readonly name = 'ConnectionUnavailableError';
}

/**
 * Provider connections: the OAuth flow (state, PKCE verifier), tokens encrypted at rest and refreshed before
 * they expire (always keeping the newest refresh token), statuses and the sync status the athlete sees.
 * Provider specifics are behind the ProviderAdapter seam; the provider modules' jobs use the methods below.
 *
 * OAuth state: the callback is a plain browser redirect with no access token, so the state itself is the
 * proof of who started the attempt: AES-256-GCM sealed {athlete, provider, PKCE verifier, expiry, browser}.
 * It cannot be forged or read, and binds the code to the athlete who asked; it expires in 15 minutes. The
 * state alone would not stop an attacker from sending their own authorize URL to a victim, whose provider
 * account would then be stored under the attacker's athlete: so the state also holds the hash of a random
 * browser key that the controller sets as an HttpOnly SameSite=Lax cookie on the browser that started the
 * connect, and the callback (a top-level GET from the provider, which Lax lets the cookie ride on) must bring
 * that key back. Another browser finishing the attempt gets `invalid-state` and nothing is stored.
 */
@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger(ConnectionsService.name);
  /**
   * One refresh at a time per connection: in this process callers share the running refresh; across
   * processes (BullMQ workers) ConnectionLocks serializes them, since with refresh-token rotation a second
   * concurrent refresh presents a refresh token the first one just invalidated.
   */
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly cipher: TokenCipher,
    @Inject(PROVIDER_ADAPTERS) private readonly adapters: ProviderAdapterRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly locks: ConnectionLocks,
  ) {}

  async list(athleteId: string): Promise<ConnectionsResponse> {
    const rows = await this.connections.listByAthlete(athleteId);
    return { connections: rows.map(toView), available: this.adapters.providers() };
  }

  async view(athleteId: string, provider: ProviderName): Promise<ConnectionView | null> {
    const row = await this.connections.findByAthlete(athleteId, provider);
    return row ? toView(row) : null;
  }

  /**
   * Starts a connect: the URL of the provider's consent page, carrying a sealed state, and the browser key
   * the caller must hand the browser as a cookie (the callback needs it back).
   */
  startConnect(athleteId: string, provider: ProviderName): StartedConnect {
    const adapter = this.adapters.find(provider);
    if (!adapter) throw new BadRequestException(`${provider} is not configured on this server`);
    const codeVerifier = adapter.usesPkce ? randomBytes(48).toString('base64url') : null;
    const browserKey = randomBytes(32).toString('base64url');
    const state: OAuthState = {
      athleteId,
      provider,
      codeVerifier,
      expiresAtMs: this.clock.now() + STATE_TTL_MS,
      browser: browserHash(browserKey),
    };
    const sealed = this.cipher.seal(JSON.stringify(state), 'oauth-state');
    return {
      response: { authorizeUrl: adapter.authorizeUrl(sealed, codeVerifier ?? undefined) },
      browserKey,
    };
  }

  /**
   * The provider's redirect back: exchanges the code, stores the connection active and starts its sync.
   * Returns the dashboard URL to send the browser to, with `?connected=<provider>` or `?error=<reason>`.
   * `browserKey` is the cookie the browser brought back; without the one the attempt was started with, the
   * state counts as invalid.
   */
  async completeConnect(
    provider: ProviderName,
    query: CallbackQuery,
    browserKey: string | undefined,
  ): Promise<string> {
    const back = (params: Record<string, string>) =>
      `${this.config.publicUrl.replace(/\/+$/, '')}/settings/connections?${new URLSearchParams(params)}`;
    const state = this.openState(query.state);
    if (!state || state.provider !== provider || !sameBrowser(state, browserKey)) {
      return back({ error: 'invalid-state' });
    }
    if (query.error)
      return back({ error: query.error === 'access_denied' ? 'access-denied' : 'provider-error' });
    if (!query.code) return back({ error: 'missing-code' });
    const adapter = this.adapters.find(provider);
    if (!adapter) return back({ error: 'not-configured' });

    let result;
    try {
      const callback: Record<string, string> = query.scope === undefined ? {} : { scope: query.scope };
      result = await adapter.completeAuthorization(query.code, state.codeVerifier ?? undefined, callback);
    } catch (error) {
      this.logger.warn(`The ${provider} code exchange failed: ${(error as Error).message}`);
      return back({ error: 'exchange-failed' });
    }
    const elsewhere = (await this.connections.findByExternal(provider, result.externalAthleteId)).find(
      (row) => row.athleteId !== state.athleteId && row.status !== 'disconnected',
    );
    if (elsewhere) return back({ error: 'account-in-use' });

    const now = this.clock.now();
    const row = await this.connections.saveGrant({
      athleteId: state.athleteId,
      provider,
      externalAthleteId: result.externalAthleteId,
      scopes: result.scopes,
      ...this.sealTokens(result.tokens),
      atMs: now,
    });
    // Another athlete's connect of the same account won the race (the partial unique index).
    if (!row) return back({ error: 'account-in-use' });
    this.logger.log(`Athlete ${state.athleteId} connected ${provider} (connection ${row.id}).`);
    try {
      await adapter.onConnected(toAccount(row));
    } catch (error) {
      // The connection stands; its sync shows the error and the athlete can reconnect to retry.
      await this.recordError(row.id, `Could not start the sync: ${(error as Error).message}`);
    }
    return back({ connected: provider });
  }

  /** Ends a connection at the athlete's request: deregistration at the provider, then the tokens go. */
  async disconnect(athleteId: string, provider: ProviderName): Promise<void> {
    const row = await this.connections.findByAthlete(athleteId, provider);
    if (!row || row.status === 'disconnected') {
      throw new NotFoundException(`No ${provider} connection to disconnect`);
    }
    const adapter = this.adapters.find(provider);
    if (adapter) {
      const token = row.status === 'active' ? await this.accessToken(row.id).catch(() => null) : null;
      try {
        await adapter.onDisconnect(toAccount(row), token);
      } catch (error) {
        this.logger.warn(
          `Deregistering connection ${row.id} at ${provider} failed (${(error as Error).message}); its tokens are deleted anyway.`,
        );
      }
    }
    await this.connections.markDisconnected(row.id, null, this.clock.now());
    this.logger.log(`Athlete ${athleteId} disconnected ${provider} (connection ${row.id}).`);
  }

  findById(connectionId: string): Promise<ProviderConnectionEntity | null> {
    return this.connections.findById(connectionId);
  }

  /** The connection of an account at the provider that is not disconnected (webhooks name the account). */
  async findByExternal(
    provider: ProviderName,
    externalAthleteId: string,
  ): Promise<ProviderConnectionEntity | null> {
    const rows = await this.connections.findByExternal(provider, externalAthleteId);
    return rows.find((row) => row.status !== 'disconnected') ?? null;
  }

  /**
   * A valid access token in clear, refreshed first when it expires within 10 minutes (the rotated refresh
   * token is stored before the new access token is used). Throws ConnectionUnavailableError when the
   * connection is not active or the provider refused the refresh token (then it is marked needs-reconsent).
   */
  async accessToken(connectionId: string): Promise<string> {
    const row = await this.activeRow(connectionId);
    if (!this.expiresSoon(row)) return this.openAccess(row);
    return this.refreshOnce(connectionId, row.accessTokenEnc, false);
  }

  /**
   * Refreshes now whatever the expiry (a provider answered 401 to a token we believed valid). With the
   * `rejected` token, a refresh another process made since that token was read is used instead of a new one.
   */
  async forceRefresh(connectionId: string, rejected?: string): Promise<string> {
    const row = await this.activeRow(connectionId);
    if (rejected !== undefined && this.openAccess(row) !== rejected) return this.openAccess(row);
    return this.refreshOnce(connectionId, row.accessTokenEnc, true);
  }

  async markNeedsReconsent(connectionId: string, message: string): Promise<void> {
    await this.connections.markNeedsReconsent(connectionId, message.slice(0, ERROR_LENGTH), this.clock.now());
    this.logger.warn(`Connection ${connectionId} needs a new consent: ${message}`);
  }

  /** Ends a connection from the provider's side (deauthorization, deregistration): tokens deleted. */
  async markDisconnected(connectionId: string, message: string | null): Promise<void> {
    await this.connections.markDisconnected(connectionId, message, this.clock.now());
    this.logger.log(`Connection ${connectionId} was disconnected by the provider.`);
  }

  /** Sync progress and state (backfill cursor and counts, rate-limited until ...). */
  async recordSync(connectionId: string, patch: SyncStatusPatch): Promise<void> {
    await this.connections.updateSync(connectionId, patch, this.clock.now());
  }

  /**
   * A finished piece of sync: clears the last error and the rate-limit wait, counts what was imported; the
   * state goes back to `backfilling` while the history is not all in, else `idle`.
   */
  /** A sync step succeeded, having brought `imported` activities new to Loadwatch (see isNewSource). */
  async recordSuccess(connectionId: string, imported: number): Promise<void> {
    await this.connections.addImported(connectionId, imported);
    const row = await this.connections.findById(connectionId);
    if (!row) return;
    const now = this.clock.now();
    await this.connections.updateSync(
      connectionId,
      {
        syncState: backfilling(row) ? 'backfilling' : 'idle',
        lastSyncAtMs: now,
        lastErrorMessage: null,
        lastErrorAtMs: null,
        resumesAtMs: null,
      },
      now,
    );
  }

  /** One listed page of a backfill run (ConnectionsRepository.advanceBackfill); false if another took it. */
  advanceBackfill(
    connectionId: string,
    page: { runId: string; fromCursor: string | null; toCursor: string; listed: number; done: number },
  ): Promise<boolean> {
    return this.connections.advanceBackfill(connectionId, page, this.clock.now());
  }

  /**
   * Activities of the backfill processed (ConnectionsRepository.addBackfillDone): with `progress`, the sync
   * reconciler's count of fruitless resumes starts over.
   */
  async addBackfillDone(connectionId: string, count: number, progress = true): Promise<void> {
    await this.connections.addBackfillDone(connectionId, count, progress);
  }

  /** The last failure, shown to the athlete: a sentence of ours, never a token or a response body. */
  async recordError(connectionId: string, message: string): Promise<void> {
    const now = this.clock.now();
    await this.connections.updateSync(
      connectionId,
      { lastErrorMessage: message.slice(0, ERROR_LENGTH), lastErrorAtMs: now },
      now,
    );
  }

  private refreshOnce(connectionId: string, seen: string | null, force: boolean): Promise<string> {
    const running = this.refreshing.get(connectionId);
    if (running) return running;
    const refresh = this.locks
      .exclusive(`refresh:${connectionId}`, () => this.refresh(connectionId, seen, force))
      .finally(() => this.refreshing.delete(connectionId));
    this.refreshing.set(connectionId, refresh);
    return refresh;
  }

  /** Under the lock: `seen` is the sealed access token the caller found expiring (or rejected). */
  private async refresh(connectionId: string, seen: string | null, force: boolean): Promise<string> {
    const row = await this.activeRow(connectionId);
    // Another process renewed it while this one waited for the lock: its token is the valid one.
    if (row.accessTokenEnc !== seen || (!force && !this.expiresSoon(row))) return this.openAccess(row);
    const adapter = this.adapters.get(row.provider);
    const current = this.openTokens(row);
    let tokens: ProviderTokens;
    try {
      tokens = await adapter.refresh(current);
    } catch (error) {
      if (!(error instanceof ReconsentRequiredError)) throw error;
      // Another process may have rotated the refresh token meanwhile: then ours was stale, not refused.
      const latest = await this.connections.findById(connectionId);
      if (latest && latest.status === 'active' && latest.refreshTokenEnc !== row.refreshTokenEnc) {
        return this.openAccess(latest);
      }
      await this.markNeedsReconsent(connectionId, `${row.provider} refused to renew access: connect again.`);
      throw new ConnectionUnavailableError(`Connection ${connectionId} needs a new consent`);
    }
    const stored = { ...tokens, refreshToken: tokens.refreshToken ?? current.refreshToken };
    if (!(await this.connections.saveTokens(connectionId, this.sealTokens(stored), this.clock.now()))) {
      // Disconnected while the refresh was in flight: the new tokens are not kept, and the provider is told
      // once more with them (best effort) so they do not outlive the connection there either.
      await adapter.onDisconnect(toAccount(row), stored.accessToken).catch(() => undefined);
      throw new ConnectionUnavailableError(`Connection ${connectionId} ended while its token was renewed`);
    }
    this.logger.log(`Connection ${connectionId}: access token renewed.`);
    return stored.accessToken;
  }

  private openAccess(row: ProviderConnectionEntity): string {
    return this.cipher.open(row.accessTokenEnc as string, tokenPurpose(row, 'access'));
  }

  private async activeRow(connectionId: string): Promise<ProviderConnectionEntity> {
    const row = await this.connections.findById(connectionId);
    if (!row || row.status !== 'active' || !row.accessTokenEnc) {
      throw new ConnectionUnavailableError(
        `Connection ${connectionId} is ${row ? row.status : 'gone'}; no access token`,
      );
    }
    return row;
  }

  private expiresSoon(row: ProviderConnectionEntity): boolean {
    return row.tokenExpiresAtMs !== null && row.tokenExpiresAtMs - REFRESH_MARGIN_MS <= this.clock.now();
  }

  private sealTokens(tokens: ProviderTokens) {
    return {
      accessTokenEnc: this.cipher.seal(tokens.accessToken, 'access-token'),
      refreshTokenEnc:
        tokens.refreshToken === null ? null : this.cipher.seal(tokens.refreshToken, 'refresh-token'),
      tokenExpiresAtMs: tokens.expiresAt,
    };
  }

  private openTokens(row: ProviderConnectionEntity): ProviderTokens {
    return {
      accessToken: this.cipher.open(row.accessTokenEnc as string, tokenPurpose(row, 'access')),
      refreshToken: row.refreshTokenEnc
        ? this.cipher.open(row.refreshTokenEnc, tokenPurpose(row, 'refresh'))
        : null,
      expiresAt: row.tokenExpiresAtMs,
    };
  }

  private openState(sealed: string | undefined): OAuthState | null {
    if (!sealed) return null;
    try {
      const state = JSON.parse(this.cipher.open(sealed, 'oauth-state')) as OAuthState;
      return state.expiresAtMs > this.clock.now() ? state : null;
    } catch {
      return null;
    }
  }
}

function browserHash(browserKey: string): string {
  return createHash('sha256').update(browserKey).digest('base64url');
}

/** Whether the browser brought back the key its attempt was started with (constant-time compare). */
function sameBrowser(state: OAuthState, browserKey: string | undefined): boolean {
  if (!browserKey || typeof state.browser !== 'string') return false;
  const expected = Buffer.from(state.browser);
  const given = Buffer.from(browserHash(browserKey));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function tokenPurpose(_row: ProviderConnectionEntity, kind: 'access' | 'refresh'): string {
  return `${kind}-token`;
}

/** A backfill run whose listing or activities are not all done. */
export function backfilling(row: ProviderConnectionEntity): boolean {
  if (row.backfillRunId === null) return false;
  return row.backfillFinishedAtMs === null || row.backfillDone < (row.backfillTotal ?? 0);
}

export function toAccount(row: ProviderConnectionEntity): ConnectedAccount {
  return {
    id: row.id,
    athleteId: row.athleteId,
    provider: row.provider,
    externalAthleteId: row.externalAthleteId,
    scopes: row.scopes,
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function toView(row: ProviderConnectionEntity): ConnectionView {
  return {
    id: row.id,
    provider: row.provider,
    status: row.status,
    externalAthleteId: row.externalAthleteId,
    scopes: row.scopes,
    connectedAt: new Date(row.connectedAtMs).toISOString(),
    sync: {
      state: row.syncState,
      lastSyncAt: iso(row.lastSyncAtMs),
      activitiesImported: row.activitiesImported,
      // No run, or one that has not started (nothing listed, counted or finished): no progress to show. A
      // finished run with nothing counted is shown (Garmin's history request: Garmin sends it over time).
      backfill:
        row.backfillRunId === null ||
        (row.backfillDone === 0 &&
          row.backfillTotal === null &&
          !row.backfillCursor &&
          row.backfillFinishedAtMs === null &&
          row.syncState !== 'backfilling')
          ? null
          : { done: row.backfillDone, total: row.backfillTotal, finishedAt: iso(row.backfillFinishedAtMs) },
      lastError: row.lastErrorMessage
        ? { message: row.lastErrorMessage, at: iso(row.lastErrorAtMs) ?? (iso(row.updatedAtMs) as string) }
        : null,
      resumesAt: row.syncState === 'rate-limited' ? iso(row.resumesAtMs) : null,
    },
  };
}

/** The S256 PKCE challenge of a verifier (RFC 7636), for adapters that use PKCE. */
export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/**
 * Whether an import brought a provider activity Loadwatch did not have: stored as a new activity, or merged
 * as a new source into one from another source. What `activitiesImported` counts, the same for every
 * provider; re-deliveries and updates of a known activity do not count.
 */
export function isNewSource(
  outcome: 'created' | 'merged' | 'updated' | 'unchanged' | 'deleted-by-athlete',
): boolean {
  return outcome === 'created' || outcome === 'merged';
}
