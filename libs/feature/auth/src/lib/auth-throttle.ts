/** Limits of login and registration, per client IP. */
export interface AuthThrottle {
  limit: number;
  ttlMs: number;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottle = { limit: 10, ttlMs: 60_000 };
