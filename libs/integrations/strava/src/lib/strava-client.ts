/**
 * A client of the public Strava API v3 contract (shared/research/activity-apis.md §1): OAuth token exchange,
 * refresh and deauthorization, the athlete's activities in pages, one activity, its laps and streams, and the
 * webhook subscription. Base URLs are options, so the same code talks to Strava or to a stand-in.
 * It keeps no state: every call reports the rate-limit headers to `onRateLimit`, and the caller decides.
 */

export interface StravaClientOptions {
  /** e.g. https://www.strava.com/api/v3 */
  apiUrl: string;
  /** e.g. https://www.strava.com/oauth */
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per request (default 15 s). */
  timeoutMs?: number;
}

/** A "15-min,daily" header pair. */
export interface WindowPair {
  limit: [number, number];
  usage: [number, number];
}

/** `X-RateLimit-*` (all requests) and `X-ReadRateLimit-*` (everything but uploads), as far as present. */
export interface RateLimitHeaders {
  overall: WindowPair | null;
  read: WindowPair | null;
}

export type StravaErrorKind =
  'unauthorized' | 'bad-request' | 'not-found' | 'rate-limited' | 'server' | 'malformed' | 'network';

/** A failed call; `message` never carries a token or the response body. */
export class StravaApiError extends Error {
  override readonly name = 'StravaApiError';

  constructor(
    readonly kind: StravaErrorKind,
    readonly status: number | null,
    message: string,
    readonly rateLimit: RateLimitHeaders | null = null,
  ) {
    super(message);
  }

  /** A 5xx, a malformed body, a network failure: worth retrying with backoff. */
  get transient(): boolean {
    return this.kind === 'server' || this.kind === 'malformed' || this.kind === 'network';
  }
}

export interface StravaTokenAnswer {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAtMs: number;
  /** Present on the code exchange only. */
  athleteId: string | null;
}

/** SummaryActivity (resource_state 2), only the fields we read; everything is optional but `id`. */
export interface StravaSummaryActivity {
  id: number;
  /** The owner (`resource_state` 1: the id only). */
  athlete?: { id?: number };
  name?: string;
  sport_type?: string;
  type?: string;
  start_date?: string;
  utc_offset?: number;
  distance?: number;
  moving_time?: number;
  elapsed_time?: number;
  total_elevation_gain?: number;
  average_heartrate?: number;
  average_cadence?: number;
  manual?: boolean;
  device_name?: string;
  laps?: StravaLap[];
}

export interface StravaLap {
  start_date?: string;
  moving_time?: number;
  elapsed_time?: number;
  distance?: number;
  average_speed?: number;
}

export interface StravaStream {
  data: unknown[];
}

/** `key_by_type=true`: streams by type; a type the activity lacks is absent. */
export type StravaStreamSet = Partial<Record<string, StravaStream>>;

export const STREAM_KEYS = [
  'time',
  'distance',
  'velocity_smooth',
  'altitude',
  'heartrate',
  'cadence',
] as const;

export interface StravaSubscription {
  id: number;
  callback_url?: string;
}

type Method = 'GET' | 'POST' | 'DELETE';

export class StravaClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly options: StravaClientOptions,
    /** Called with the rate-limit headers of every API answer (429s included). */
    private readonly onRateLimit: (headers: RateLimitHeaders, status: number) => Promise<void> | void = () =>
      undefined,
  ) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  authorizeUrl(input: { redirectUri: string; state: string; scope: string[] }): string {
    const query = new URLSearchParams({
      client_id: this.options.clientId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      approval_prompt: 'auto',
      scope: input.scope.join(','),
      state: input.state,
    });
    return `${this.options.oauthUrl}/authorize?${query}`;
  }

  async exchangeCode(code: string): Promise<StravaTokenAnswer> {
    return this.token({ grant_type: 'authorization_code', code });
  }

  /** A 400 means the refresh token was refused (rotated away or revoked): kind `bad-request`. */
  async refresh(refreshToken: string): Promise<StravaTokenAnswer> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async deauthorize(accessToken: string): Promise<void> {
    await this.request('POST', `${this.options.oauthUrl}/deauthorize`, {
      form: { access_token: accessToken },
    });
  }

  /** One page of `GET /athlete/activities`; `before`/`after` are epoch seconds, `perPage` at most 200. */
  async listActivities(
    accessToken: string,
    query: { before?: number; after?: number; page?: number; perPage: number },
  ): Promise<StravaSummaryActivity[]> {
    const params = new URLSearchParams({ per_page: String(Math.min(query.perPage, 200)) });
    if (query.before !== undefined) params.set('before', String(query.before));
    if (query.after !== undefined) params.set('after', String(query.after));
    if (query.page !== undefined) params.set('page', String(query.page));
    const body = await this.api('GET', `/athlete/activities?${params}`, accessToken);
    if (!Array.isArray(body) || !body.every(isActivity)) throw malformed('athlete activities');
    return body;
  }

  async getActivity(accessToken: string, id: string): Promise<StravaSummaryActivity> {
    const body = await this.api('GET', `/activities/${encodeURIComponent(id)}`, accessToken);
    if (!isActivity(body)) throw malformed('activity');
    return body;
  }

  async getLaps(accessToken: string, id: string): Promise<StravaLap[]> {
    const body = await this.api('GET', `/activities/${encodeURIComponent(id)}/laps`, accessToken);
    if (!Array.isArray(body)) throw malformed('laps');
    return body as StravaLap[];
  }

  /** The streams by type; null for an activity without streams (manual: Strava answers 404). */
  async getStreams(accessToken: string, id: string): Promise<StravaStreamSet | null> {
    const keys = STREAM_KEYS.join(',');
    try {
      const body = await this.api(
        'GET',
        `/activities/${encodeURIComponent(id)}/streams?keys=${keys}&key_by_type=true`,
        accessToken,
      );
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw malformed('streams');
      return body as StravaStreamSet;
    } catch (error) {
      if (error instanceof StravaApiError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  /** Creates the app's webhook subscription; Strava validates the callback with a GET handshake first. */
  async createSubscription(callbackUrl: string, verifyToken: string): Promise<StravaSubscription> {
    const body = await this.request('POST', `${this.options.apiUrl}/push_subscriptions`, {
      form: {
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        callback_url: callbackUrl,
        verify_token: verifyToken,
      },
    });
    if (!body || typeof (body as StravaSubscription).id !== 'number') throw malformed('subscription');
    return body as StravaSubscription;
  }

  async listSubscriptions(): Promise<StravaSubscription[]> {
    const query = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    const body = await this.request('GET', `${this.options.apiUrl}/push_subscriptions?${query}`, {});
    if (!Array.isArray(body)) throw malformed('subscriptions');
    return body as StravaSubscription[];
  }

  async deleteSubscription(id: number): Promise<void> {
    const query = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    await this.request('DELETE', `${this.options.apiUrl}/push_subscriptions/${id}?${query}`, {});
  }

  private async token(form: Record<string, string>): Promise<StravaTokenAnswer> {
    const body = (await this.request('POST', `${this.options.oauthUrl}/token`, {
      form: { client_id: this.options.clientId, client_secret: this.options.clientSecret, ...form },
    })) as Record<string, unknown> | null;
    const athlete = body?.['athlete'] as { id?: unknown } | undefined;
    if (
      !body ||
      typeof body['access_token'] !== 'string' ||
      typeof body['refresh_token'] !== 'string' ||
      typeof body['expires_at'] !== 'number'
    ) {
      throw malformed('token');
    }
    return {
      accessToken: body['access_token'],
      refreshToken: body['refresh_token'],
      expiresAtMs: body['expires_at'] * 1000,
      athleteId: athlete && athlete.id !== undefined ? String(athlete.id) : null,
    };
  }

  private api(method: Method, path: string, accessToken: string): Promise<unknown> {
    return this.request(method, `${this.options.apiUrl}${path}`, { accessToken });
  }

  private async request(
    method: Method,
    url: string,
    input: { accessToken?: string; form?: Record<string, string> },
  ): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (input.accessToken) headers['authorization'] = `Bearer ${input.accessToken}`;
    let body: string | undefined;
    if (input.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(input.form).toString();
    }
    const what = `${method} ${new URL(url).pathname}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new StravaApiError('network', null, `${what} failed: ${(error as Error).name}`);
    }
    const rateLimit = readRateLimit(response.headers);
    if (rateLimit.overall || rateLimit.read) await this.onRateLimit(rateLimit, response.status);
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new StravaApiError(
        kindOf(response.status),
        response.status,
        `${what} answered ${response.status}`,
        rateLimit,
      );
    }
    if (response.status === 204 || text === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new StravaApiError(
        'malformed',
        response.status,
        `${what} answered a body that is not JSON`,
        rateLimit,
      );
    }
  }
}

function kindOf(status: number): StravaErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-request';
}

function malformed(what: string): StravaApiError {
  return new StravaApiError('malformed', null, `Strava answered a malformed ${what}`);
}

function isActivity(value: unknown): value is StravaSummaryActivity {
  return value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'number';
}

/** Header names are case-insensitive (Strava's own examples write `X-Ratelimit-*`). */
export function readRateLimit(headers: Headers): RateLimitHeaders {
  return {
    overall: pair(headers.get('x-ratelimit-limit'), headers.get('x-ratelimit-usage')),
    read: pair(headers.get('x-readratelimit-limit'), headers.get('x-readratelimit-usage')),
  };
}

function pair(limit: string | null, usage: string | null): WindowPair | null {
  const l = numbers(limit);
  const u = numbers(usage);
  return l && u ? { limit: l, usage: u } : null;
}

function numbers(value: string | null): [number, number] | null {
  const parts = (value ?? '').split(',').map((part) => Number(part.trim()));
  return parts.length === 2 && parts.every((n) => Number.isFinite(n) && n >= 0) ? [parts[0], parts[1]] : null;
}
