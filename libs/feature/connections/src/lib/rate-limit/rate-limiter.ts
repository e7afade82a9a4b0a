/**
 * A provider's request budget in two fixed windows (Strava: 15 minutes aligned to :00/:15/:30/:45, and the
 * UTC day), shared by every worker. `acquire` reserves one request or says until when to wait (a backfill
 * may fill each window only up to its share, live work all of it: RatePriority); `observe`
 * takes the provider's own counts from its headers (they also count calls made elsewhere); `block` stops all
 * calls until an instant (after a 429). Windows are multiples of their length since the epoch, so the
 * default lengths give exactly the quarter hours and UTC midnight; tests pass short windows (a second) to
 * run a 15-minute limit in seconds, with the stand-in server using the same lengths.
 */
export interface RateWindows {
  shortMs: number;
  longMs: number;
}

export const STRAVA_WINDOWS: RateWindows = { shortMs: 15 * 60_000, longMs: 24 * 3600_000 };

export interface RateLimits {
  short: number;
  long: number;
}

export type Acquired = { ok: true } | { ok: false; untilMs: number };

/**
 * Who asks for a request. `live` work (webhook events and their confirmations) may use the whole budget of
 * a window; a `backfill` (the history import) only its share of it (`backfillShare`), so one athlete's
 * import never leaves everyone's new activities waiting for the next window or UTC midnight.
 */
export type RatePriority = 'live' | 'backfill';

export interface RateLimiter {
  /** Reserves one request for `priority`, atomically against every other reservation of the budget. */
  acquire(nowMs: number, priority: RatePriority): Promise<Acquired>;
  /** The provider's limits and usage in the current windows (usage includes the call just answered). */
  observe(limits: RateLimits, usage: RateLimits, nowMs: number): Promise<void>;
  block(untilMs: number): Promise<void>;
}

export function windowEnd(nowMs: number, lengthMs: number): number {
  return (Math.floor(nowMs / lengthMs) + 1) * lengthMs;
}

/**
 * A request reserved this close to the end of its window may reach the provider in the next one (it is in
 * flight, or the clocks differ a little), where the provider counts it: such a reservation counts in both
 * windows, so a window never gets its full budget plus what spilled over from the one before. A tenth of
 * the window, at most 2 s (a 15-minute window loses at most 0.2 % of its budget, a 1-second test window 10 %).
 */
export function spillMs(lengthMs: number): number {
  return Math.min(2000, Math.floor(lengthMs / 10));
}

/** Whether a reservation at `nowMs` also counts toward the next window. */
export function spillsOver(nowMs: number, lengthMs: number): boolean {
  return windowEnd(nowMs, lengthMs) - nowMs <= spillMs(lengthMs);
}

/** A share (0 < share <= 1) in ten-thousandths, so the limiters here and in Lua round it alike. */
export function shareBasisPoints(share: number): number {
  if (!(share > 0 && share <= 1)) throw new RangeError(`A budget share must be in (0, 1], not ${share}`);
  return Math.round(share * 10_000);
}

/**
 * The requests of a window `limit` that a share in ten-thousandths may use: rounded down, but at least one
 * of a limit above 0, so a small share or a small limit from the headers slows a backfill, never stops it.
 */
export function capOf(limit: number, basisPoints: number): number {
  return limit > 0 ? Math.max(1, Math.floor((limit * basisPoints) / 10_000)) : 0;
}

/** The in-process limiter of the inline driver (one process does all the calls). */
export class MemoryRateLimiter implements RateLimiter {
  private limits: RateLimits;
  private short = { window: -1, used: 0 };
  private long = { window: -1, used: 0 };
  /** Reservations already counted toward the next windows (spillsOver). */
  private spilled = { short: { window: -1, used: 0 }, long: { window: -1, used: 0 } };
  private blockedUntilMs = 0;
  private readonly backfillBasisPoints: number;

  constructor(
    defaults: RateLimits,
    private readonly windows: RateWindows,
    /** The part of each window a backfill may use (1: all of it). */
    backfillShare = 1,
  ) {
    this.limits = { ...defaults };
    this.backfillBasisPoints = shareBasisPoints(backfillShare);
  }

  async acquire(nowMs: number, priority: RatePriority): Promise<Acquired> {
    if (this.blockedUntilMs > nowMs) return { ok: false, untilMs: this.blockedUntilMs };
    const share = priority === 'backfill' ? this.backfillBasisPoints : 10_000;
    const short = this.counter('short', nowMs);
    const long = this.counter('long', nowMs);
    if (long.used >= capOf(this.limits.long, share))
      return { ok: false, untilMs: windowEnd(nowMs, this.windows.longMs) };
    if (short.used >= capOf(this.limits.short, share))
      return { ok: false, untilMs: windowEnd(nowMs, this.windows.shortMs) };
    short.used += 1;
    long.used += 1;
    this.spill('short', nowMs);
    this.spill('long', nowMs);
    return { ok: true };
  }

  async observe(limits: RateLimits, usage: RateLimits, nowMs: number): Promise<void> {
    this.limits = { ...limits };
    const short = this.counter('short', nowMs);
    const long = this.counter('long', nowMs);
    short.used = Math.max(short.used, usage.short);
    long.used = Math.max(long.used, usage.long);
  }

  async block(untilMs: number): Promise<void> {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, untilMs);
  }

  private counter(which: 'short' | 'long', nowMs: number): { window: number; used: number } {
    const length = this.length(which);
    const window = Math.floor(nowMs / length);
    if (this[which].window !== window) {
      const carried = this.spilled[which];
      this[which] = { window, used: carried.window === window ? carried.used : 0 };
    }
    return this[which];
  }

  private spill(which: 'short' | 'long', nowMs: number): void {
    const length = this.length(which);
    if (!spillsOver(nowMs, length)) return;
    const next = Math.floor(nowMs / length) + 1;
    const carried = this.spilled[which];
    this.spilled[which] = { window: next, used: (carried.window === next ? carried.used : 0) + 1 };
  }

  private length(which: 'short' | 'long'): number {
    return which === 'short' ? this.windows.shortMs : this.windows.longMs;
  }
}
