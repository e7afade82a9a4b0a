import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Garmin Connect Developer Program on 127.0.0.1, written from the contracts in
 * shared/research/activity-apis.md §2: the OAuth 2 PKCE consent page (consents at once as `consentAs`) and
 * token endpoint (the code is bound to its S256 challenge; every refresh rotates the refresh token and the
 * old one gets 400); `/wellness-api/rest/user/id`, `/user/permissions`, `DELETE /user/registration` (204);
 * backfill requests (202, a duplicate range 409, over 30 days 400); summary pulls at ping callback URLs
 * (each carrying its own `token`); activity files at one-time callback URLs (24 h, one download, then 410).
 * `notify` posts a notification the way Garmin does (JSON, `garmin-client-id` header) to the URL given, which
 * is the URL registered with Garmin (with its secret segment). A user who disconnects in Garmin Connect
 * (`disconnectInConnect`) or withdraws a permission (`changePermissions`) loses the tokens or the permission
 * here first, as at Garmin, and gets the notification body to post. Faults are injected per path: a 500, or a
 * body that is not JSON.
 */
export interface GarminStandInOptions {
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime (default 24 h, as Garmin [S]). */
  tokenTtlS?: number;
  /** The stand-in's clock (file URL expiry); default Date.now. */
  now?: () => number;
}

export interface GarminStandInActivity {
  userId: string;
  activityId: string;
  summary: Record<string, unknown>;
  /** The activity's FIT file, if it has one. */
  fit: Buffer | null;
  uploadedAtS: number;
}

export type GarminFault = 500 | 'malformed';

const REST = '/wellness-api/rest';
const FILE_URL_TTL_MS = 24 * 3600_000;
const MAX_BACKFILL_S = 30 * 86_400;

export class GarminStandIn {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly activities: GarminStandInActivity[] = [];
  readonly requests: { method: string; path: string; status: number }[] = [];
  readonly backfills: { userId: string; startS: number; endS: number }[] = [];
  readonly deregistered: string[] = [];
  /** Who the consent page signs in as, and the permissions they share. */
  consentAs: { userId: string; permissions: string[] } = {
    userId: 'garmin-user-1',
    permissions: ['ACTIVITY_EXPORT', 'HEALTH_EXPORT'],
  };
  private readonly tokenTtlS: number;
  private readonly now: () => number;
  private readonly codes = new Map<string, { userId: string; challenge: string; redirectUri: string }>();
  private readonly accessTokens = new Map<string, { userId: string; expiresAtMs: number }>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly permissions = new Map<string, string[]>();
  private readonly pullTokens = new Map<string, { userId: string; fromS: number; toS: number }>();
  private readonly fileUrls = new Map<
    string,
    { activity: GarminStandInActivity; issuedAtMs: number; used: boolean }
  >();
  private readonly faults: { pattern: RegExp; fault: GarminFault; times: number }[] = [];
  private server: Server | null = null;
  url = '';

  constructor(options: GarminStandInOptions = {}) {
    this.clientId = options.clientId ?? 'garmin-stand-in-client';
    this.clientSecret = options.clientSecret ?? 'garmin-stand-in-secret';
    this.tokenTtlS = options.tokenTtlS ?? 86_400;
    this.now = options.now ?? Date.now;
  }

  get authorizeUrl(): string {
    return `${this.url}/oauth2Confirm`;
  }

  get tokenUrl(): string {
    return `${this.url}/di-oauth2-service/oauth/token`;
  }

  get apiUrl(): string {
    return this.url;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errorMessage: (error as Error).message }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` requests whose path matches get this fault. */
  failNext(pattern: RegExp, fault: GarminFault, times = 1): void {
    this.faults.push({ pattern, fault, times });
  }

  /** Ends every access token of the user now (as if 24 h had passed): the next call gets 401. */
  expireTokens(userId: string): void {
    for (const [token, entry] of this.accessTokens) {
      if (entry.userId === userId) this.accessTokens.set(token, { ...entry, expiresAtMs: 0 });
    }
  }

  /**
   * The user disconnects the app in Garmin Connect: every token of theirs stops working (access and
   * refresh); returns the deregistration notification Garmin then sends.
   */
  disconnectInConnect(userId: string): Record<string, unknown> {
    this.revokeUser(userId);
    return { deregistrations: [{ userId }] };
  }

  /** The user changes what they share: returns the userPermissionsChange notification Garmin then sends. */
  changePermissions(userId: string, permissions: string[]): Record<string, unknown> {
    this.permissions.set(userId, [...permissions]);
    return {
      userPermissionsChange: [
        {
          userId,
          summaryId: randomBytes(4).toString('hex'),
          permissions,
          changeTimeInSeconds: Math.floor(this.now() / 1000),
        },
      ],
    };
  }

  /** Stores an activity of a user: its summary (Garmin's field names) and, optionally, its FIT file. */
  addActivity(
    userId: string,
    summary: Record<string, unknown>,
    fit: Buffer | null = null,
  ): GarminStandInActivity {
    const activityId = String(summary['activityId'] ?? randomBytes(4).readUInt32BE());
    const activity: GarminStandInActivity = {
      userId,
      activityId,
      summary: { summaryId: activityId, activityId: Number(activityId), ...summary },
      fit,
      uploadedAtS: Math.floor(this.now() / 1000),
    };
    this.activities.push(activity);
    return activity;
  }

  /** A ping of the `activities` summary type for the user's uploads in [fromS, toS), as Garmin sends it. */
  activityPing(userId: string, fromS: number, toS: number): Record<string, unknown> {
    const token = randomBytes(12).toString('hex');
    this.pullTokens.set(token, { userId, fromS, toS });
    const params = new URLSearchParams({
      uploadStartTimeInSeconds: String(fromS),
      uploadEndTimeInSeconds: String(toS),
      token,
    });
    return { activities: [{ userId, callbackURL: `${this.url}${REST}/activities?${params}` }] };
  }

  /** An `activityFiles` ping for one activity: a fresh one-time URL (24 h, one download). */
  filePing(activity: GarminStandInActivity, fileType = 'FIT'): Record<string, unknown> {
    const id = randomBytes(8).toString('hex');
    const token = randomBytes(12).toString('hex');
    this.fileUrls.set(`${id}:${token}`, { activity, issuedAtMs: this.now(), used: false });
    return {
      activityFiles: [
        {
          userId: activity.userId,
          summaryId: `${activity.activityId}-file`,
          fileType,
          callbackURL: `${this.url}${REST}/activityFile?id=${id}&token=${token}`,
          activityId: Number(activity.activityId),
          startTimeInSeconds: activity.summary['startTimeInSeconds'],
          activityType: activity.summary['activityType'],
          manual: false,
        },
      ],
    };
  }

  /** Posts a notification to our endpoint the way Garmin does (G1 §4.2). */
  notify(endpoint: string, body: Record<string, unknown>, clientId = this.clientId): Promise<Response> {
    return fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json;charset=UTF-8',
        'user-agent': 'Garmin Health API',
        'garmin-client-id': clientId,
      },
      body: JSON.stringify(body),
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body?: unknown, type = 'application/json') => {
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status });
      res.writeHead(status, body === undefined ? {} : { 'content-type': type });
      res.end(body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
    const fault = this.faults.find((f) => f.times > 0 && f.pattern.test(url.pathname));
    if (fault) {
      fault.times -= 1;
      if (fault.fault === 500) return send(500, { errorMessage: 'stand-in fault' });
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status: 200 });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"activities": [');
      return;
    }

    if (req.method === 'GET' && url.pathname === '/oauth2Confirm') return this.consent(url, res, send);
    if (req.method === 'POST' && url.pathname === '/di-oauth2-service/oauth/token') {
      return this.token(new URLSearchParams(await readBody(req)), send);
    }
    if (req.method === 'GET' && url.pathname === `${REST}/activityFile`) return this.file(url, req, send);

    const userId = this.bearer(req);
    if (!userId) return send(401, { errorMessage: 'Unauthorized' });
    if (req.method === 'GET' && url.pathname === `${REST}/user/id`) return send(200, { userId });
    if (req.method === 'GET' && url.pathname === `${REST}/user/permissions`) {
      return send(200, this.permissions.get(userId) ?? []);
    }
    if (req.method === 'DELETE' && url.pathname === `${REST}/user/registration`) {
      this.deregistered.push(userId);
      this.revokeUser(userId);
      return send(204);
    }
    if (req.method === 'GET' && url.pathname === `${REST}/backfill/activities`) {
      const startS = Number(url.searchParams.get('summaryStartTimeInSeconds'));
      const endS = Number(url.searchParams.get('summaryEndTimeInSeconds'));
      if (!Number.isInteger(startS) || !Number.isInteger(endS) || endS <= startS || startS > 1e11) {
        return send(400, { errorMessage: 'Invalid summary time range' });
      }
      if (endS - startS > MAX_BACKFILL_S) return send(400, { errorMessage: 'Range over 30 days' });
      if (this.backfills.some((b) => b.userId === userId && b.startS === startS && b.endS === endS)) {
        return send(409, { errorMessage: 'Duplicate backfill request' });
      }
      this.backfills.push({ userId, startS, endS });
      return send(202);
    }
    if (req.method === 'GET' && url.pathname === `${REST}/activities`) {
      const pull = this.pullTokens.get(url.searchParams.get('token') ?? '');
      if (!pull || pull.userId !== userId) return send(401, { errorMessage: 'Invalid pull token' });
      const summaries = this.activities
        .filter((a) => a.userId === userId && a.uploadedAtS >= pull.fromS && a.uploadedAtS < pull.toS)
        .map((a) => a.summary);
      return send(200, summaries);
    }
    return send(404, { errorMessage: 'Not found' });
  }

  /** The consent page: the user (consentAs) accepts at once; back to redirect_uri with code and state. */
  private consent(url: URL, res: ServerResponse, send: (status: number, body?: unknown) => void): void {
    const p = url.searchParams;
    if (
      p.get('response_type') !== 'code' ||
      p.get('client_id') !== this.clientId ||
      p.get('code_challenge_method') !== 'S256' ||
      !p.get('code_challenge') ||
      !p.get('redirect_uri')
    ) {
      return send(400, { errorMessage: 'Bad authorization request' });
    }
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, {
      userId: this.consentAs.userId,
      challenge: p.get('code_challenge') as string,
      redirectUri: p.get('redirect_uri') as string,
    });
    this.permissions.set(this.consentAs.userId, [...this.consentAs.permissions]);
    const back = new URL(p.get('redirect_uri') as string);
    back.searchParams.set('code', code);
    back.searchParams.set('state', p.get('state') ?? '');
    this.requests.push({ method: 'GET', path: url.pathname, status: 302 });
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  private token(form: URLSearchParams, send: (status: number, body?: unknown) => void): void {
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return send(401, { error: 'invalid_client' });
    }
    let userId: string | undefined;
    if (form.get('grant_type') === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.challenge !== challenge || code.redirectUri !== form.get('redirect_uri')) {
        return send(400, { error: 'invalid_grant' });
      }
      userId = code.userId;
    } else if (form.get('grant_type') === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      userId = this.refreshTokens.get(refresh);
      // Every refresh rotates the refresh token; the old one is refused from then on.
      this.refreshTokens.delete(refresh);
      if (!userId) return send(400, { error: 'invalid_grant' });
    } else {
      return send(400, { error: 'unsupported_grant_type' });
    }
    const accessToken = randomBytes(16).toString('hex');
    const refreshToken = randomBytes(16).toString('hex');
    this.accessTokens.set(accessToken, { userId, expiresAtMs: this.now() + this.tokenTtlS * 1000 });
    this.refreshTokens.set(refreshToken, userId);
    return send(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.tokenTtlS,
      refresh_token: refreshToken,
      refresh_token_expires_in: 7_776_000,
      scope: (this.permissions.get(userId) ?? []).join(' '),
      jti: randomBytes(8).toString('hex'),
    });
  }

  /** One-time file URLs: 24 h, one download; a used or expired URL answers 410 [C; expiry U]. */
  private file(
    url: URL,
    req: IncomingMessage,
    send: (status: number, body?: unknown, type?: string) => void,
  ): void {
    const userId = this.bearer(req);
    if (!userId) return send(401, { errorMessage: 'Unauthorized' });
    const key = `${url.searchParams.get('id')}:${url.searchParams.get('token')}`;
    const entry = this.fileUrls.get(key);
    if (!entry || entry.activity.userId !== userId) return send(404, { errorMessage: 'Not found' });
    if (entry.used || this.now() - entry.issuedAtMs > FILE_URL_TTL_MS)
      return send(410, { errorMessage: 'Gone' });
    if (!entry.activity.fit) return send(404, { errorMessage: 'No file' });
    entry.used = true;
    return send(200, entry.activity.fit, 'application/octet-stream');
  }

  private revokeUser(userId: string): void {
    for (const [token, entry] of this.accessTokens)
      if (entry.userId === userId) this.accessTokens.delete(token);
    for (const [token, owner] of this.refreshTokens) if (owner === userId) this.refreshTokens.delete(token);
  }

  private bearer(req: IncomingMessage): string | null {
    const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const entry = match ? this.accessTokens.get(match[1]) : undefined;
    return entry && entry.expiresAtMs > this.now() ? entry.userId : null;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
