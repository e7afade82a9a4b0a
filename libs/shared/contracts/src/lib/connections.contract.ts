/**
 * Provider connections (Strava, Garmin): GET/POST/DELETE /api/connections, shared with the dashboard.
 * Instants are ISO 8601 strings in UTC.
 */

export type ProviderName = 'strava' | 'garmin';

/**
 * `active`: tokens valid, activities arrive. `needs-reconsent`: the provider refused our refresh token or the
 * athlete withdrew a permission; connect again. `disconnected`: ended by the athlete or the provider; tokens
 * deleted.
 */
export type ConnectionStatus = 'active' | 'needs-reconsent' | 'disconnected';

/** What the sync is doing now. */
export type SyncState = 'idle' | 'backfilling' | 'syncing' | 'rate-limited' | 'error';

export interface SyncStatusView {
  state: SyncState;
  /** When the last sync job finished successfully. */
  lastSyncAt: string | null;
  /**
   * Activities this provider brought that Loadwatch did not have: stored new, or merged into an activity from
   * another source. Re-deliveries and updates do not count.
   */
  activitiesImported: number;
  /** History backfill progress; null when none has run. */
  backfill: { done: number; total: number | null; finishedAt: string | null } | null;
  /** The last failure, kept until a later success; safe to show (no tokens, no response bodies). */
  lastError: { message: string; at: string } | null;
  /** While rate-limited: when calls resume. */
  resumesAt: string | null;
}

export interface ConnectionView {
  id: string;
  provider: ProviderName;
  status: ConnectionStatus;
  /** The athlete's id at the provider. */
  externalAthleteId: string | null;
  /** Scopes or permissions the athlete actually granted. */
  scopes: string[];
  connectedAt: string;
  sync: SyncStatusView;
}

/** GET /api/connections. */
export interface ConnectionsResponse {
  connections: ConnectionView[];
  /** Providers configured on this server (others cannot be connected). */
  available: ProviderName[];
}

/** POST /api/connections. */
export interface ConnectRequest {
  provider: ProviderName;
}

/** The browser goes to `authorizeUrl`; the provider sends it back to the API's callback, which redirects to the dashboard. */
export interface ConnectResponse {
  authorizeUrl: string;
}
