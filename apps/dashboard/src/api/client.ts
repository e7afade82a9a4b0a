import type { AuthTokensResponse } from '@loadwatch/shared/contracts';

/** An API answer other than 2xx, with the server's message (NestJS: `message` is a string or a list). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's messages one by one (NestJS sends a list for several problems). */
    readonly messages: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function messagesOf(message: unknown): string[] | null {
  if (Array.isArray(message)) return message.map(String);
  return typeof message === 'string' ? [message] : null;
}

/** Where the refresh token is kept between page loads. */
const REFRESH_KEY = 'loadwatch.refreshToken';

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

/**
 * The refresh token lives in localStorage so a session survives reloads and new tabs; the access token (15
 * minutes) only in memory. The refresh token rotates on every use and the server retires the old one, so a
 * stolen copy works at most once and ends the session of whoever presents it second.
 */
export const localTokenStore: TokenStore = {
  get: () => window.localStorage.getItem(REFRESH_KEY),
  set: (token) =>
    token === null
      ? window.localStorage.removeItem(REFRESH_KEY)
      : window.localStorage.setItem(REFRESH_KEY, token),
};

async function errorOf(response: Response): Promise<ApiError> {
  let messages = [response.statusText || `HTTP ${response.status}`];
  try {
    const body = (await response.json()) as { message?: unknown };
    messages = messagesOf(body.message) ?? messages;
  } catch {
    // Not JSON: keep the status text.
  }
  return new ApiError(response.status, messages.join('; '), messages);
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * fetch() against /api with the bearer token. A 401 refreshes the token once and repeats the request; the
 * refresh is shared by concurrent callers, because a rotating refresh token can be presented only once.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<AuthTokensResponse | null> | null = null;
  /** Called when the session ends (refresh refused, sign-out). */
  onSignedOut: () => void = () => undefined;

  constructor(
    private readonly tokens: TokenStore = localTokenStore,
    private readonly baseUrl = '',
  ) {}

  get hasSession(): boolean {
    return this.accessToken !== null || this.tokens.get() !== null;
  }

  async register(body: {
    email: string;
    password: string;
    displayName?: string;
    role?: 'athlete' | 'coach';
  }): Promise<AuthTokensResponse> {
    return this.signIn(await this.send<AuthTokensResponse>('POST', '/api/auth/register', body, false));
  }

  async login(email: string, password: string): Promise<AuthTokensResponse> {
    return this.signIn(
      await this.send<AuthTokensResponse>('POST', '/api/auth/login', { email, password }, false),
    );
  }

  async logout(): Promise<void> {
    const refreshToken = this.tokens.get();
    this.accessToken = null;
    this.tokens.set(null);
    if (refreshToken)
      await this.send('POST', '/api/auth/logout', { refreshToken }, false).catch(() => undefined);
    this.onSignedOut();
  }

  /** Resumes a stored session: a fresh token pair and the account, or null when there is none. */
  refresh(): Promise<AuthTokensResponse | null> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.send<T>('DELETE', path);
  }

  /** GET as a Blob (the account export). */
  async blob(path: string): Promise<Blob> {
    const response = await this.authorized(() => fetch(this.baseUrl + path, { headers: this.headers() }));
    if (!response.ok) throw await errorOf(response);
    return response.blob();
  }

  /** A multipart POST with upload progress, which fetch() cannot report. */
  async upload<T>(path: string, form: FormData, onProgress: (p: UploadProgress) => void): Promise<T> {
    const attempt = () =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', this.baseUrl + path);
        if (this.accessToken) xhr.setRequestHeader('Authorization', `Bearer ${this.accessToken}`);
        xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.total });
        xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
        xhr.onerror = () => reject(new ApiError(0, 'The upload was interrupted: check your connection.'));
        xhr.send(form);
      });
    let result = await attempt();
    if (result.status === 401 && (await this.refresh())) result = await attempt();
    const body = result.text ? (JSON.parse(result.text) as unknown) : undefined;
    if (result.status >= 200 && result.status < 300) return body as T;
    const messages = messagesOf((body as { message?: unknown } | undefined)?.message) ?? [
      `HTTP ${result.status}`,
    ];
    throw new ApiError(result.status, messages.join('; '), messages);
  }

  private signIn(tokens: AuthTokensResponse): AuthTokensResponse {
    this.accessToken = tokens.accessToken;
    this.tokens.set(tokens.refreshToken);
    return tokens;
  }

  private async doRefresh(): Promise<AuthTokensResponse | null> {
    const refreshToken = this.tokens.get();
    if (!refreshToken) return null;
    try {
      return this.signIn(
        await this.send<AuthTokensResponse>('POST', '/api/auth/refresh', { refreshToken }, false),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.accessToken = null;
        this.tokens.set(null);
        this.onSignedOut();
        return null;
      }
      throw error;
    }
  }

  private headers(json = false): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    if (this.accessToken) headers['Authorization'] = `Bearer ${this.accessToken}`;
    return headers;
  }

  private async authorized(request: () => Promise<Response>): Promise<Response> {
    if (!this.accessToken && this.tokens.get()) await this.refresh();
    const response = await request();
    if (response.status !== 401 || !this.tokens.get()) return response;
    return (await this.refresh()) ? request() : response;
  }

  private async send<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const request = () =>
      fetch(this.baseUrl + path, {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const response = auth ? await this.authorized(request) : await request();
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
