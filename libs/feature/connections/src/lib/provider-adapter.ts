import type { ProviderName } from '@loadwatch/shared/contracts';

/** A provider's OAuth 2 tokens, in clear (only ever in memory; encrypted at rest by the ConnectionsService). */
export interface ProviderTokens {
  accessToken: string;
  /** Null when the provider issues none; a refresh then needs a new consent. */
  refreshToken: string | null;
  /** When the access token expires (epoch ms); null when the provider does not say. */
  expiresAt: number | null;
}

/** What a completed OAuth authorization yields. */
export interface AuthorizationResult {
  tokens: ProviderTokens;
  /** The athlete's id at the provider (Strava athlete id, Garmin user id). */
  externalAthleteId: string;
  /** The scopes or permissions the athlete actually granted (may be fewer than requested). */
  scopes: string[];
}

/** A connection as adapters see it: ids only, no tokens (get those from ConnectionsService.accessToken). */
export interface ConnectedAccount {
  id: string;
  athleteId: string;
  provider: ProviderName;
  externalAthleteId: string | null;
  scopes: string[];
}

/**
 * The refresh token was refused for good (Strava answers 400, OAuth `invalid_grant`): the connection needs a
 * new consent. Adapters throw it from `refresh` (and may throw it from `onDisconnect`); any other error is
 * treated as transient.
 */
export class ReconsentRequiredError extends Error {
  override readonly name = 'ReconsentRequiredError';
}

/**
 * The seam every provider plugs into (Strava in ./strava, Garmin in ./garmin). The ConnectionsService runs
 * the flow (state, PKCE verifier, token storage, status) and calls the adapter for what is provider-specific.
 */
export interface ProviderAdapter {
  readonly provider: ProviderName;
  /** Whether the flow uses PKCE (RFC 7636, S256): then a code verifier is made per attempt and passed in. */
  readonly usesPkce: boolean;
  /**
   * The provider's authorization URL the browser is sent to. `state` is opaque and must come back unchanged;
   * `codeVerifier` is given when `usesPkce` (the adapter derives the S256 challenge from it).
   */
  authorizeUrl(state: string, codeVerifier?: string): string;
  /**
   * Exchanges the code the provider sent back to the callback. `callback` holds the callback's other query
   * parameters (Strava reports the scopes the athlete accepted there as `scope`, not in the token answer).
   */
  completeAuthorization(
    code: string,
    codeVerifier?: string,
    callback?: Record<string, string>,
  ): Promise<AuthorizationResult>;
  /**
   * New tokens for expiring ones. Returns the provider's newest refresh token (rotation: the caller always
   * stores what this returns). Throws ReconsentRequiredError when the provider refuses the refresh token.
   */
  refresh(tokens: ProviderTokens): Promise<ProviderTokens>;
  /** After the connection is stored active (e.g. enqueue the history backfill). Never awaits queue work. */
  onConnected(connection: ConnectedAccount): Promise<void>;
  /**
   * Before the tokens are deleted when the athlete disconnects: deregister/deauthorize at the provider.
   * `accessToken` is null when no valid token could be had; failures are logged, the disconnect goes on.
   */
  onDisconnect(connection: ConnectedAccount, accessToken: string | null): Promise<void>;
}

/**
 * The injection token of the ProviderAdapterRegistry. Nest has no multi-providers, so provider modules
 * register their adapter in it at init:
 *
 *   constructor(@Inject(PROVIDER_ADAPTERS) registry: ProviderAdapterRegistry, adapter: GarminAdapter) {}
 *   onModuleInit() { this.registry.register(this.adapter); }
 *
 * A provider counts as available (ConnectionsResponse.available) when its adapter is registered.
 */
export const PROVIDER_ADAPTERS = Symbol('PROVIDER_ADAPTERS');

/** The registered adapters by provider name; a second adapter for one provider is refused. */
export class ProviderAdapterRegistry {
  private readonly adapters = new Map<ProviderName, ProviderAdapter>();

  register(adapter: ProviderAdapter): void {
    if (this.adapters.has(adapter.provider))
      throw new Error(`Provider '${adapter.provider}' has two adapters`);
    this.adapters.set(adapter.provider, adapter);
  }

  find(provider: ProviderName): ProviderAdapter | undefined {
    return this.adapters.get(provider);
  }

  get(provider: ProviderName): ProviderAdapter {
    const adapter = this.adapters.get(provider);
    if (!adapter) throw new Error(`Provider '${provider}' is not configured`);
    return adapter;
  }

  providers(): ProviderName[] {
    return [...this.adapters.keys()].sort();
  }
}
