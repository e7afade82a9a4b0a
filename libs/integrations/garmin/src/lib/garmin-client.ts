import { createHash } from 'node:crypto';

/**
 * A client of the Garmin Connect Developer Program contracts (shared/research/activity-apis.md §2): OAuth 2
 * with PKCE, the user id and permissions, deregistration, backfill requests, the ping callback URLs and the
 * one-time activity file URLs. Base URLs are options, so the same code talks to Garmin or to a stand-in.
 *
 * Confidence, per the research notes: the delivery model (ping/push, 200 within 30 s, file URLs valid 24 h
 * for one download, a second download 410, backfill 202/409) is confirmed [C]; the OAuth 2 endpoints, token
 * lifetimes and the user/permissions/registration paths are secondary [S]. Assumptions are marked below.
 */

export interface GarminClientOptions {
  /** Consent page, e.g. https://connect.garmin.com/oauth2Confirm */
  authorizeUrl: string;
  /** Token endpoint, e.g. https://diauth.garmin.com/di-oauth2-service/oauth/token */
  tokenUrl: string;
  /** API base, e.g. https://apis.garmin.com (paths under /wellness-api/rest). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per request (default 30 s: activity files reach megabytes). */
  timeoutMs?: number;
}

export type GarminErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'bad-request'
  | 'not-found'
  | 'gone'
  | 'conflict'
  | 'rate-limited'
  | 'server'
  | 'malformed'
  | 'network';

/** A failed call; `message` never carries a token, a callback token or the response body. */
export class GarminApiError extends Error {
  override readonly name = 'GarminApiError';

  constructor(
    readonly kind: GarminErrorKind,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }

  /** A 5xx, a 429, a malformed body, a network failure: worth retrying with backoff. */
  get transient(): boolean {
    return ['server', 'malformed', 'network', 'rate-limited'].includes(this.kind);
  }
}

export interface GarminTokens {
  accessToken: string;
  /** Every refresh issues a new one [S]; the newest must be kept. */
  refreshToken: string;
  /** Epoch ms. */
  expiresAtMs: number;
  scope: string[];
}

/** An activity summary (G1 §7.1 [C]); every field but `summaryId` is optional ("not measured"). */
export interface GarminActivitySummary {
  summaryId: string;
  activityId?: number | string;
  activityName?: string;
  activityType?: string;
  startTimeInSeconds?: number;
  startTimeOffsetInSeconds?: number;
  durationInSeconds?: number;
  distanceInMeters?: number;
  averageSpeedInMetersPerSecond?: number;
  averageHeartRateInBeatsPerMinute?: number;
  averageRunCadenceInStepsPerMinute?: number;
  totalElevationGainInMeters?: number;
  totalElevationLossInMeters?: number;
  deviceName?: string;
  manual?: boolean;
  isParent?: boolean;
  parentSummaryId?: string;
}

/** One entry of an `activityFiles` ping (G1 §3 [C]). */
export interface GarminActivityFileNotice {
  userId: string;
  summaryId: string;
  fileType: string;
  callbackURL: string;
  activityId?: number | string;
  startTimeInSeconds?: number;
  activityType?: string;
  manual?: boolean;
}

/** One entry of a summary ping: the URL to pull the summaries from. */
export interface GarminPing {
  userId: string;
  callbackURL: string;
}

/** A push entry: the full summary with the user it belongs to. */
export type GarminPushedSummary = GarminActivitySummary & { userId: string };

export interface GarminDeregistration {
  userId: string;
}

export interface GarminPermissionChange {
  userId: string;
  permissions: string[];
  changeTimeInSeconds?: number;
}

/** What one notification POST carries; Garmin sends one summary type per POST, but any mix is read. */
export interface GarminNotification {
  activityPings: GarminPing[];
  activityPushes: GarminPushedSummary[];
  activityFiles: GarminActivityFileNotice[];
  deregistrations: GarminDeregistration[];
  permissionChanges: GarminPermissionChange[];
}

/** The S256 PKCE challenge of a verifier (RFC 7636). */
export function pkceS256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

const REST = '/wellness-api/rest';

export class GarminClient {
  private readonly timeoutMs: number;

  constructor(private readonly options: GarminClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The consent page (G3 [S]): `oauth2Confirm?response_type=code&client_id&code_challenge&...&state`. */
  authorizeUrl(input: { redirectUri: string; state: string; codeVerifier: string }): string {
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      code_challenge: pkceS256(input.codeVerifier),
      code_challenge_method: 'S256',
      redirect_uri: input.redirectUri,
      state: input.state,
    });
    return `${this.options.authorizeUrl}?${params}`;
  }

  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<GarminTokens> {
    return this.token({
      grant_type: 'authorization_code',
      code: input.code,
      code_verifier: input.codeVerifier,
      redirect_uri: input.redirectUri,
    });
  }

  refresh(refreshToken: string): Promise<GarminTokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** `GET /user/id` → `{"userId": "..."}` (G3 [S]): the id every notification names the user by. */
  async userId(accessToken: string): Promise<string> {
    const body = await this.json('GET', `${this.options.apiUrl}${REST}/user/id`, accessToken);
    const userId = (body as { userId?: unknown } | null)?.userId;
    if (typeof userId !== 'string' && typeof userId !== 'number') {
      throw new GarminApiError('malformed', 200, 'Garmin answered the user id without a userId');
    }
    return String(userId);
  }

  /** `GET /user/permissions` → e.g. `["ACTIVITY_EXPORT", "HEALTH_EXPORT"]` (G3 [S]). */
  async permissions(accessToken: string): Promise<string[]> {
    const body = await this.json('GET', `${this.options.apiUrl}${REST}/user/permissions`, accessToken);
    if (!Array.isArray(body) || !body.every((p) => typeof p === 'string')) {
      throw new GarminApiError(
        'malformed',
        200,
        'Garmin answered the permissions with something else than a list',
      );
    }
    return body as string[];
  }

  /** `DELETE /user/registration` → 204 (G3 [S]): Garmin then sends a deregistration notification too. */
  async deregister(accessToken: string): Promise<void> {
    await this.call('DELETE', `${this.options.apiUrl}${REST}/user/registration`, accessToken);
  }

  /**
   * `GET /backfill/activities?summaryStartTimeInSeconds&summaryEndTimeInSeconds` → 202, the data arriving
   * later as notifications; at most 30 days per request (G1 §8 [C]). A duplicate range is 409: 'duplicate'.
   */
  async requestBackfill(
    accessToken: string,
    startS: number,
    endS: number,
  ): Promise<'accepted' | 'duplicate'> {
    const params = new URLSearchParams({
      summaryStartTimeInSeconds: String(startS),
      summaryEndTimeInSeconds: String(endS),
    });
    try {
      await this.call('GET', `${this.options.apiUrl}${REST}/backfill/activities?${params}`, accessToken);
      return 'accepted';
    } catch (error) {
      if (error instanceof GarminApiError && error.kind === 'conflict') return 'duplicate';
      throw error;
    }
  }

  /**
   * The summaries a ping points at: its `callbackURL`, called exactly as given (after the OAuth 2 migration
   * it carries its own `token` parameter [S]) with our bearer token.
   */
  async pullSummaries(callbackUrl: string, accessToken: string): Promise<GarminActivitySummary[]> {
    const body = await this.json('GET', this.checkedUrl(callbackUrl), accessToken);
    if (!Array.isArray(body)) {
      throw new GarminApiError(
        'malformed',
        200,
        'Garmin answered a summary pull with something else than a list',
      );
    }
    return body.filter(isSummary);
  }

  /**
   * An activity file from its one-time callback URL (valid 24 h, one download [C]). A second download is
   * 410 'gone', for good; an expired URL is assumed to answer the same [U].
   */
  async downloadFile(callbackUrl: string, accessToken: string): Promise<Buffer> {
    const response = await this.call('GET', this.checkedUrl(callbackUrl), accessToken);
    return Buffer.from(await response.arrayBuffer());
  }

  /**
   * Callback URLs come from notification bodies, which Garmin does not sign: only URLs under the configured
   * API base are fetched with our token, so a forged notification cannot send it elsewhere.
   */
  private checkedUrl(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new GarminApiError('bad-request', null, 'The callback URL is not a URL');
    }
    const base = new URL(this.options.apiUrl);
    if (parsed.origin !== base.origin) {
      throw new GarminApiError('bad-request', null, `The callback URL is not on ${base.origin}`);
    }
    return parsed.toString();
  }

  private async token(fields: Record<string, string>): Promise<GarminTokens> {
    const body = new URLSearchParams({
      ...fields,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    const response = await this.fetch(this.options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    if (!response.ok) throw errorOf(response.status, 'the token endpoint');
    const answer = (await parseJson(response)) as Record<string, unknown> | null;
    const accessToken = answer?.['access_token'];
    const refreshToken = answer?.['refresh_token'];
    const expiresIn = Number(answer?.['expires_in']);
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string' || !Number.isFinite(expiresIn)) {
      throw new GarminApiError('malformed', response.status, 'Garmin answered the token call without tokens');
    }
    const scope = typeof answer?.['scope'] === 'string' ? (answer['scope'] as string).split(/[\s,]+/) : [];
    return {
      accessToken,
      refreshToken,
      expiresAtMs: Date.now() + expiresIn * 1000,
      scope: scope.filter(Boolean),
    };
  }

  private async json(method: 'GET', url: string, accessToken: string): Promise<unknown> {
    return parseJson(await this.call(method, url, accessToken));
  }

  private async call(method: 'GET' | 'DELETE', url: string, accessToken: string): Promise<Response> {
    const response = await this.fetch(url, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    if (!response.ok) throw errorOf(response.status, `${method} ${new URL(url).pathname}`);
    return response;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new GarminApiError('network', null, `Garmin could not be reached: ${(error as Error).message}`);
    }
  }
}

/**
 * Reads a notification body (G1 §3-5 [C]; deregistrations and permission changes [S]). Entries without a
 * `userId` are dropped; a body that is not an object at all is refused.
 */
export function parseNotification(body: unknown): GarminNotification {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GarminApiError('bad-request', null, 'A Garmin notification is a JSON object');
  }
  const lists = body as Record<string, unknown>;
  const entries = (key: string) =>
    (Array.isArray(lists[key]) ? (lists[key] as unknown[]) : []).filter(
      (e): e is Record<string, unknown> =>
        typeof e === 'object' && e !== null && typeof (e as { userId?: unknown }).userId === 'string',
    );
  const activities = entries('activities');
  return {
    activityPings: activities
      .filter((e) => typeof e['callbackURL'] === 'string')
      .map((e) => ({ userId: e['userId'] as string, callbackURL: e['callbackURL'] as string })),
    activityPushes: activities
      .filter((e) => typeof e['callbackURL'] !== 'string' && isSummary(e))
      .map((e) => e as unknown as GarminPushedSummary),
    activityFiles: entries('activityFiles')
      .filter((e) => typeof e['callbackURL'] === 'string' && typeof e['summaryId'] === 'string')
      .map((e) => e as unknown as GarminActivityFileNotice),
    deregistrations: entries('deregistrations').map((e) => ({ userId: e['userId'] as string })),
    permissionChanges: entries('userPermissionsChange').map((e) => ({
      userId: e['userId'] as string,
      permissions: Array.isArray(e['permissions']) ? (e['permissions'] as unknown[]).map(String) : [],
      ...(typeof e['changeTimeInSeconds'] === 'number'
        ? { changeTimeInSeconds: e['changeTimeInSeconds'] }
        : {}),
    })),
  };
}

function isSummary(value: unknown): value is GarminActivitySummary {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { summaryId?: unknown }).summaryId === 'string'
  );
}

async function parseJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new GarminApiError('malformed', response.status, 'Garmin answered with a body that is not JSON');
  }
}

function errorOf(status: number, what: string): GarminApiError {
  const kind: GarminErrorKind =
    status === 401
      ? 'unauthorized'
      : status === 403 || status === 412
        ? 'forbidden'
        : status === 404
          ? 'not-found'
          : status === 409
            ? 'conflict'
            : status === 410
              ? 'gone'
              : status === 429
                ? 'rate-limited'
                : status >= 500
                  ? 'server'
                  : 'bad-request';
  return new GarminApiError(kind, status, `Garmin answered ${status} to ${what}`);
}
