import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Strava on 127.0.0.1, written from the public API v3 contract (shared/research/
 * activity-apis.md §1): OAuth authorize (consents at once as the athlete set by `consentAs`) and token
 * exchange/refresh with refresh-token rotation (the old refresh token stops working; a bad one gets 400),
 * deauthorize; paged `GET /athlete/activities` (before/after strict, newest first, per_page ≤ 200);
 * `/activities/:id`, `/laps`, `/streams?key_by_type=true` (404 for manual activities); the X-RateLimit-* and
 * X-ReadRateLimit-* headers ("15-min,daily") on every API answer and 429 past the read limit; webhook
 * subscriptions with the hub.challenge handshake, and event POSTs to the subscribed callback URL exactly as it
 * was registered (Loadwatch's carries a secret last segment). `revokeAccess` is the athlete revoking the app
 * in their Strava settings: their tokens stop working, then `sendEvent` can deliver the deauthorization.
 *
 * Rate windows are multiples of `windows.shortMs` / `windows.longMs` since the epoch, like the limiter's, so a
 * test can run Strava's 15-minute window as one second. Faults are injected per path: a 500, a body that
 * is not JSON, or a 429.
 */
export interface StravaStandInOptions {
  clientId?: string;
  clientSecret?: string;
  readLimits?: [number, number];
  overallLimits?: [number, number];
  windows?: { shortMs: number; longMs: number };
  /** Access token lifetime (default 6 h, as Strava). */
  tokenTtlS?: number;
}

export interface StandInActivity {
  id: number;
  athleteId: number;
  startMs: number;
  movingTimeS: number;
  distanceM: number;
  sportType: string;
  manual: boolean;
}

export type Fault = 500 | 'malformed' | 429;

export interface RequestLog {
  method: string;
  path: string;
  status: number;
  /** `grant_type` of a POST /oauth/token. */
  grant?: string;
}

export class StravaStandIn {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly activities = new Map<number, StandInActivity>();
  readonly requests: RequestLog[] = [];
  readonly subscriptions: { id: number; callbackUrl: string }[] = [];
  readLimits: [number, number];
  overallLimits: [number, number];
  /** How long POST /oauth/token takes to answer (widens the window in which two refreshes can race). */
  tokenDelayMs = 0;
  /** Who the consent page signs in as, and which scopes they accept. */
  consentAs: { athleteId: number; scope: string } = { athleteId: 1001, scope: 'read,activity:read_all' };
  private readonly windows: { shortMs: number; longMs: number };
  private readonly tokenTtlS: number;
  private readonly codes = new Map<string, number>();
  private readonly accessTokens = new Map<string, { athleteId: number; expiresAtMs: number }>();
  private readonly refreshTokens = new Map<string, number>();
  private readonly faults: { pattern: RegExp; fault: Fault; times: number }[] = [];
  private readonly delays: { pattern: RegExp; ms: number }[] = [];
  private expireCountdown: number | null = null;
  private usage = { read: new Map<string, number>(), overall: new Map<string, number>() };
  private server: Server | null = null;
  url = '';

  constructor(options: StravaStandInOptions = {}) {
    this.clientId = options.clientId ?? '4242';
    this.clientSecret = options.clientSecret ?? 'stand-in-client-secret';
    this.readLimits = options.readLimits ?? [100, 1000];
    this.overallLimits = options.overallLimits ?? [200, 2000];
    this.windows = options.windows ?? { shortMs: 15 * 60_000, longMs: 24 * 3600_000 };
    this.tokenTtlS = options.tokenTtlS ?? 6 * 3600;
  }

  get apiUrl(): string {
    return `${this.url}/api/v3`;
  }

  get oauthUrl(): string {
    return `${this.url}/oauth`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: error.message }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `count` activities of the athlete, one a day back from `newestMs`; every `manualEvery`-th is manual. */
  addActivities(athleteId: number, count: number, options: { newestMs?: number; manualEvery?: number } = {}) {
    const newest = options.newestMs ?? Date.UTC(2025, 5, 1, 7, 0, 0);
    const added: StandInActivity[] = [];
    for (let i = 0; i < count; i++) {
      const id = 9_000_000_000 + this.activities.size + 1;
      const activity: StandInActivity = {
        id,
        athleteId,
        startMs: newest - i * 24 * 3600_000,
        movingTimeS: 1800 + (i % 7) * 60,
        distanceM: 5000 + (i % 5) * 500,
        sportType: i % 11 === 10 ? 'Ride' : 'Run',
        manual: options.manualEvery !== undefined && i % options.manualEvery === options.manualEvery - 1,
      };
      this.activities.set(id, activity);
      added.push(activity);
    }
    return added;
  }

  /** The next `times` requests whose path matches fail this way. */
  failNext(pattern: RegExp, fault: Fault, times = 1): void {
    this.faults.push({ pattern, fault, times });
  }

  /**
   * The next request whose path matches is answered `ms` late, with what was true when it arrived (a slow
   * answer overtaken by later requests).
   */
  delayNext(pattern: RegExp, ms: number): void {
    this.delays.push({ pattern, ms });
  }

  /** Every access token expires now (as if six hours had passed). */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAtMs = 0;
  }

  /** After `requests` more API requests, every access token expires (mid-backfill expiry). */
  expireAfter(requests: number): void {
    this.expireCountdown = requests;
  }

  /** The refresh tokens Strava would still accept for the athlete (rotation leaves one). */
  validRefreshTokens(athleteId: number): string[] {
    return [...this.refreshTokens].filter(([, id]) => id === athleteId).map(([token]) => token);
  }

  /** The athlete revokes the app at Strava: every token of theirs stops working (refresh gets 400). */
  revokeAccess(athleteId: number): void {
    this.revokeAthlete(athleteId);
  }

  /** Forgets every refresh token (a revoked app): the next refresh gets 400. */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  count(status: number): number {
    return this.requests.filter((r) => r.status === status).length;
  }

  /** The POST /oauth/token requests of a grant type (`authorization_code`, `refresh_token`). */
  tokenRequests(grant: string): RequestLog[] {
    return this.requests.filter((r) => r.path === '/oauth/token' && r.grant === grant);
  }

  /** POSTs an event to the subscribed callback, as Strava does; resolves with the status and duration. */
  async sendEvent(event: Record<string, unknown>): Promise<{ status: number; ms: number; body: string }> {
    const subscription = this.subscriptions[0];
    if (!subscription) throw new Error('No webhook subscription');
    const started = Date.now();
    const response = await fetch(subscription.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subscription_id: subscription.id, updates: {}, ...event }),
      signal: AbortSignal.timeout(2000),
    });
    const body = await response.text();
    return { status: response.status, ms: Date.now() - started, body };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const form = new URLSearchParams(body);
    const params = (key: string) => url.searchParams.get(key) ?? form.get(key);
    const delayIndex = this.delays.findIndex((d) => d.pattern.test(url.pathname));
    const delayMs = delayIndex < 0 ? 0 : this.delays.splice(delayIndex, 1)[0].ms;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const grant = url.pathname === '/oauth/token' ? (params('grant_type') ?? '') : undefined;
      this.requests.push({ method, path: url.pathname, status, ...(grant === undefined ? {} : { grant }) });
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(body);
      }, delayMs);
    };

    if (url.pathname === '/oauth/authorize') return this.authorize(url, res);
    if (url.pathname === '/oauth/token' && method === 'POST') {
      if (this.tokenDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.tokenDelayMs));
      return this.token(params, send);
    }
    if (url.pathname === '/oauth/deauthorize' && method === 'POST') {
      const token = this.accessTokens.get(params('access_token') ?? '');
      if (!token) return send(401, fault('Authorization Error', 'Athlete', 'access_token', 'invalid'));
      this.revokeAthlete(token.athleteId);
      return send(200, { access_token: params('access_token') });
    }
    if (url.pathname.startsWith('/api/v3/push_subscriptions'))
      return this.subscriptionRoute(method, url, params, send);
    if (!url.pathname.startsWith('/api/v3/')) return send(404, fault('Resource Not Found'));

    if (this.expireCountdown !== null && --this.expireCountdown <= 0) {
      this.expireCountdown = null;
      this.expireAccessTokens();
    }
    const limits = this.countRequest();
    const injected = this.takeFault(url.pathname);
    if (limits.limited || injected === 429) {
      return send(429, fault('Rate Limit Exceeded', 'Application', 'rate limit', 'exceeded'), limits.headers);
    }
    if (injected === 500) return send(500, '<html>Internal Server Error</html>', limits.headers);
    if (injected === 'malformed') return send(200, '{"id": 12, "name": ', limits.headers);

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = auth ? this.accessTokens.get(auth[1]) : undefined;
    if (!token || token.expiresAtMs <= Date.now()) {
      return send(401, fault('Authorization Error', 'Athlete', 'access_token', 'invalid'), limits.headers);
    }
    const path = url.pathname.slice('/api/v3'.length);
    if (path === '/athlete/activities' && method === 'GET') {
      return send(200, this.list(token.athleteId, url.searchParams), limits.headers);
    }
    const match = /^\/activities\/(\d+)(\/laps|\/streams)?$/.exec(path);
    const activity = match ? this.activities.get(Number(match[1])) : undefined;
    if (!match || !activity || activity.athleteId !== token.athleteId) {
      return send(404, fault('Record Not Found', 'Activity', 'id', 'invalid'), limits.headers);
    }
    if (match[2] === '/laps') return send(200, activity.manual ? [] : laps(activity), limits.headers);
    if (match[2] === '/streams') {
      if (activity.manual) return send(404, { message: 'Resource Not Found', errors: [] }, limits.headers);
      return send(200, streams(activity, (url.searchParams.get('keys') ?? '').split(',')), limits.headers);
    }
    return send(
      200,
      { ...summary(activity), resource_state: 3, laps: activity.manual ? [] : laps(activity) },
      limits.headers,
    );
  }

  private authorize(url: URL, res: ServerResponse): void {
    const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, this.consentAs.athleteId);
    redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('scope', this.consentAs.scope);
    this.requests.push({ method: 'GET', path: url.pathname, status: 302 });
    res.writeHead(302, { location: redirect.toString() });
    res.end();
  }

  private token(params: (key: string) => string | null, send: (s: number, p: unknown) => void): void {
    if (params('client_id') !== this.clientId || params('client_secret') !== this.clientSecret) {
      return send(401, fault('Authorization Error', 'Application', '', 'invalid'));
    }
    const grant = params('grant_type');
    let athleteId: number | undefined;
    if (grant === 'authorization_code') {
      athleteId = this.codes.get(params('code') ?? '');
      this.codes.delete(params('code') ?? '');
      if (athleteId === undefined)
        return send(400, fault('Bad Request', 'AuthorizationCode', 'code', 'invalid'));
    } else if (grant === 'refresh_token') {
      athleteId = this.refreshTokens.get(params('refresh_token') ?? '');
      if (athleteId === undefined) {
        return send(400, fault('Bad Request', 'RefreshToken', 'refresh_token', 'invalid'));
      }
      // Rotation: the old refresh token is invalidated at once.
      this.refreshTokens.delete(params('refresh_token') ?? '');
    } else {
      return send(400, fault('Bad Request', 'grant_type', 'grant_type', 'invalid'));
    }
    const accessToken = randomBytes(16).toString('hex');
    const refreshToken = randomBytes(16).toString('hex');
    const expiresAt = Math.floor(Date.now() / 1000) + this.tokenTtlS;
    this.accessTokens.set(accessToken, { athleteId, expiresAtMs: expiresAt * 1000 });
    this.refreshTokens.set(refreshToken, athleteId);
    send(200, {
      token_type: 'Bearer',
      expires_at: expiresAt,
      expires_in: this.tokenTtlS,
      refresh_token: refreshToken,
      access_token: accessToken,
      ...(grant === 'authorization_code' ? { athlete: { id: athleteId, resource_state: 2 } } : {}),
    });
  }

  private async subscriptionRoute(
    method: string,
    url: URL,
    params: (key: string) => string | null,
    send: (s: number, p: unknown) => void,
  ): Promise<void> {
    if (params('client_id') !== this.clientId || params('client_secret') !== this.clientSecret) {
      return send(401, fault('Authorization Error', 'Application', '', 'invalid'));
    }
    // failNext on this path: only a 500 (whether these calls count against the limits is unknown).
    if (this.takeFault(url.pathname) !== null) return send(500, '<html>Internal Server Error</html>');
    if (method === 'GET') {
      return send(
        200,
        this.subscriptions.map((s) => ({ id: s.id, callback_url: s.callbackUrl })),
      );
    }
    if (method === 'DELETE') {
      const id = Number(url.pathname.split('/').pop());
      const index = this.subscriptions.findIndex((s) => s.id === id);
      if (index < 0) return send(404, fault('Resource Not Found'));
      this.subscriptions.splice(index, 1);
      return send(204, '');
    }
    if (this.subscriptions.length > 0) {
      return send(400, fault('Bad Request', 'PushSubscription', 'callback url', 'already exists'));
    }
    const callbackUrl = params('callback_url') ?? '';
    const challenge = randomBytes(8).toString('hex');
    const check = new URL(callbackUrl);
    check.searchParams.set('hub.mode', 'subscribe');
    check.searchParams.set('hub.challenge', challenge);
    check.searchParams.set('hub.verify_token', params('verify_token') ?? '');
    const answer = await fetch(check, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    const echoed = answer?.ok
      ? ((await answer.json()) as Record<string, unknown>)['hub.challenge']
      : undefined;
    if (echoed !== challenge) {
      return send(
        400,
        fault('Bad Request', 'PushSubscription', 'callback url', 'GET to callback URL does not return 200'),
      );
    }
    const subscription = { id: 120_000 + this.subscriptions.length + 1, callbackUrl };
    this.subscriptions.push(subscription);
    send(201, { id: subscription.id, callback_url: callbackUrl, created_at: new Date().toISOString() });
  }

  private list(athleteId: number, query: URLSearchParams): unknown[] {
    const before = query.has('before') ? Number(query.get('before')) * 1000 : Infinity;
    const after = query.has('after') ? Number(query.get('after')) * 1000 : -Infinity;
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 200);
    const page = Number(query.get('page') ?? 1);
    return [...this.activities.values()]
      .filter((a) => a.athleteId === athleteId && a.startMs < before && a.startMs > after)
      .sort((a, b) => b.startMs - a.startMs)
      .slice((page - 1) * perPage, page * perPage)
      .map(summary);
  }

  private revokeAthlete(athleteId: number): void {
    for (const [token, entry] of this.accessTokens)
      if (entry.athleteId === athleteId) this.accessTokens.delete(token);
    for (const [token, id] of this.refreshTokens) if (id === athleteId) this.refreshTokens.delete(token);
  }

  private takeFault(path: string): Fault | null {
    const entry = this.faults.find((f) => f.times > 0 && f.pattern.test(path));
    if (!entry) return null;
    entry.times -= 1;
    return entry.fault;
  }

  /** Counts the request in both windows (a refused one counts too, as at Strava) and builds the headers. */
  private countRequest(): { limited: boolean; headers: Record<string, string> } {
    const now = Date.now();
    const short = `s${Math.floor(now / this.windows.shortMs)}`;
    const long = `l${Math.floor(now / this.windows.longMs)}`;
    const bump = (map: Map<string, number>, key: string) => {
      const value = (map.get(key) ?? 0) + 1;
      map.set(key, value);
      return value;
    };
    const read = [bump(this.usage.read, short), bump(this.usage.read, long)];
    const overall = [bump(this.usage.overall, short), bump(this.usage.overall, long)];
    return {
      limited:
        read[0] > this.readLimits[0] || read[1] > this.readLimits[1] || overall[0] > this.overallLimits[0],
      headers: {
        'X-RateLimit-Limit': this.overallLimits.join(','),
        'X-RateLimit-Usage': overall.join(','),
        'X-ReadRateLimit-Limit': this.readLimits.join(','),
        'X-ReadRateLimit-Usage': read.join(','),
      },
    };
  }
}

function fault(message: string, resource?: string, field?: string, code?: string) {
  return { message, errors: resource === undefined ? [] : [{ resource, field, code }] };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function summary(a: StandInActivity) {
  return {
    id: a.id,
    resource_state: 2,
    athlete: { id: a.athleteId, resource_state: 1 },
    name: `${a.sportType} ${a.id}`,
    distance: a.distanceM,
    moving_time: a.movingTimeS,
    elapsed_time: a.movingTimeS + 60,
    total_elevation_gain: 42,
    sport_type: a.sportType,
    type: a.sportType,
    start_date: iso(a.startMs),
    start_date_local: iso(a.startMs + 7200_000),
    utc_offset: 7200,
    manual: a.manual,
    average_speed: a.distanceM / a.movingTimeS,
    average_cadence: a.manual ? undefined : 85,
    has_heartrate: !a.manual,
    average_heartrate: a.manual ? undefined : 148,
    external_id: a.manual ? null : `${a.id}.fit`,
  };
}

function laps(a: StandInActivity) {
  const half = Math.floor(a.movingTimeS / 2);
  return [0, 1].map((i) => ({
    id: a.id * 10 + i,
    resource_state: 2,
    name: `Lap ${i + 1}`,
    elapsed_time: half,
    moving_time: half,
    start_date: iso(a.startMs + i * half * 1000),
    distance: a.distanceM / 2,
    average_speed: a.distanceM / a.movingTimeS,
    lap_index: i + 1,
  }));
}

/** One sample every 10 s at an even pace, a faster middle third. */
function streams(a: StandInActivity, keys: string[]) {
  const n = Math.floor(a.movingTimeS / 10) + 1;
  const base = a.distanceM / a.movingTimeS;
  const time = Array.from({ length: n }, (_, i) => i * 10);
  const speed = time.map((t) =>
    t > a.movingTimeS / 3 && t < (2 * a.movingTimeS) / 3 ? base * 1.3 : base * 0.85,
  );
  let total = 0;
  const distance = speed.map((v, i) => (i === 0 ? 0 : (total += v * 10)));
  const data: Record<string, unknown[]> = {
    time,
    distance,
    velocity_smooth: speed,
    altitude: time.map((t) => 100 + Math.sin(t / 300) * 5),
    heartrate: time.map((t) => 130 + Math.min(40, t / 30)),
    cadence: time.map(() => 85),
  };
  const wanted = new Set([...keys, 'distance']);
  return Object.fromEntries(
    Object.entries(data)
      .filter(([key]) => wanted.has(key))
      .map(([key, values]) => [
        key,
        { data: values, series_type: 'distance', original_size: n, resolution: 'high' },
      ]),
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
