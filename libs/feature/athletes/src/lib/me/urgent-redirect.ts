import { randomBytes } from 'node:crypto';
import { resolveEmailPreferences, URGENT_REDIRECT_LINK_TTL_MS } from '@loadwatch/shared/contracts';

/** How long the link of a confirmation email works. */
export const URGENT_REDIRECT_TTL_MS = URGENT_REDIRECT_LINK_TTL_MS;

/**
 * Confirmation emails an account may ask for in any 24 hours: each goes to an address the account typed,
 * so without a limit the setting could be used to send mail to anyone.
 */
export const URGENT_REDIRECT_REQUEST_LIMIT = { count: 5, windowMs: 24 * 3600 * 1000 };

/**
 * Where urgent alerts go, as kept in the users table's `emailPreferences` JSON (flat keys, next to the
 * switches). `confirmed` is the only address they are ever sent to (with `confirmedAtMs` null: one saved
 * before addresses were confirmed, kept until the account changes it); `pending` waits for its owner to
 * follow the link emailed to it, which names `requestId`. A request id is `<n>.<random>`: `n` counts the account's
 * requests, and the email ledger holds one email per `n` (its allowance key), so two requests racing from one
 * state cannot both be emailed.
 */
export interface UrgentRedirectState {
  confirmed: string | null;
  /** null with `confirmed` set: saved before confirmations existed, never confirmed. */
  confirmedAtMs: number | null;
  /** The request that was confirmed: its link then says so instead of failing. */
  confirmedId: string | null;
  pending: string | null;
  /** When its confirmation email was asked for (its link works URGENT_REDIRECT_TTL_MS from then). */
  pendingSinceMs: number | null;
  /** When that email went out (recordLinkSent); null while it has not. */
  linkSentAtMs: number | null;
  /** The latest request; names the pending one while `pending` is set. */
  requestId: string | null;
  /** The instants of the requests of the last URGENT_REDIRECT_REQUEST_LIMIT window, oldest first. */
  requestTimesMs: number[];
}

export type UrgentRedirectChange =
  | { kind: 'unchanged' }
  /** Nothing waits any more, and no email is due (null, the account's own address, or the confirmed one). */
  | { kind: 'settled' }
  /** A confirmation email is due for this request. */
  | { kind: 'requested'; requestId: string }
  | { kind: 'limited'; retryAtMs: number };

export function readUrgentRedirect(stored: Record<string, unknown> | null): UrgentRedirectState {
  const saved = stored ?? {};
  const view = resolveEmailPreferences(saved);
  const text = (key: string) => {
    const value = saved[key];
    return typeof value === 'string' && value.length > 0 ? value : null;
  };
  const instant = (key: string) => {
    const value = text(key);
    const ms = value === null ? NaN : Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  };
  return {
    confirmed: view.urgentAlertsTo,
    confirmedAtMs: view.urgentAlertsTo === null ? null : instant('urgentAlertsToConfirmedAt'),
    confirmedId: view.urgentAlertsTo === null ? null : text('urgentAlertsToConfirmedId'),
    pending: view.urgentAlertsToPending,
    pendingSinceMs: view.urgentAlertsToPending === null ? null : instant('urgentAlertsToPendingSince'),
    linkSentAtMs: view.urgentAlertsToPending === null ? null : instant('urgentAlertsToLinkSentAt'),
    requestId: text('urgentAlertsToRequestId'),
    requestTimesMs: (text('urgentAlertsToRequests') ?? '')
      .split(',')
      .map(Number)
      .filter((ms) => Number.isSafeInteger(ms) && ms > 0),
  };
}

/** The stored keys of the state, to be saved over the JSON's others. */
export function storedUrgentRedirect(state: UrgentRedirectState): Record<string, string | null> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    urgentAlertsTo: state.confirmed,
    urgentAlertsToConfirmedAt: state.confirmed === null ? null : iso(state.confirmedAtMs),
    urgentAlertsToConfirmedId: state.confirmed === null ? null : state.confirmedId,
    urgentAlertsToPending: state.pending,
    urgentAlertsToPendingSince: state.pending === null ? null : iso(state.pendingSinceMs),
    urgentAlertsToLinkSentAt: state.pending === null ? null : iso(state.linkSentAtMs),
    urgentAlertsToRequestId: state.requestId,
    urgentAlertsToRequests: state.requestTimesMs.length > 0 ? state.requestTimesMs.join(',') : null,
  };
}

/**
 * The account asks for urgent alerts to go to `to` (lower-cased; null: its own address). Its own address,
 * null and the confirmed address take effect at once and withdraw a pending one; the pending address again
 * changes nothing (sending its email again is `requestAgain`); any other address becomes pending, within the
 * request limit.
 */
export function changeUrgentRedirect(
  state: UrgentRedirectState,
  to: string | null,
  accountEmail: string,
  nowMs: number,
): { state: UrgentRedirectState; change: UrgentRedirectChange } {
  const target = to === null || to === accountEmail.toLowerCase() ? null : to;
  if (target === null || target === state.confirmed) {
    if (target === state.confirmed && state.pending === null) return { state, change: { kind: 'unchanged' } };
    const confirmed = target === null ? { confirmed: null, confirmedAtMs: null, confirmedId: null } : {};
    return {
      state: { ...state, ...confirmed, pending: null, pendingSinceMs: null, linkSentAtMs: null },
      change: { kind: 'settled' },
    };
  }
  if (target === state.pending) return { state, change: { kind: 'unchanged' } };
  return request(state, target, nowMs);
}

/** The pending address's confirmation email once more, with a new link (the old one stops working). */
export function requestAgain(
  state: UrgentRedirectState,
  nowMs: number,
): { state: UrgentRedirectState; change: UrgentRedirectChange } | null {
  return state.pending === null ? null : request(state, state.pending, nowMs);
}

/** The pending request `requestId` confirmed: its address is where urgent alerts go from now. */
export function confirmUrgentRedirect(
  state: UrgentRedirectState,
  requestId: string,
  nowMs: number,
): UrgentRedirectState | null {
  if (state.pending === null || state.requestId !== requestId) return null;
  return {
    ...state,
    confirmed: state.pending,
    confirmedAtMs: nowMs,
    confirmedId: requestId,
    pending: null,
    pendingSinceMs: null,
    linkSentAtMs: null,
  };
}

/**
 * The confirmation email of request `requestId` went out at `sentAtMs`; null when that request is no longer
 * the pending one (nothing to record).
 */
export function recordLinkSent(
  state: UrgentRedirectState,
  requestId: string,
  sentAtMs: number,
): UrgentRedirectState | null {
  if (state.pending === null || state.requestId !== requestId || state.linkSentAtMs !== null) return null;
  return { ...state, linkSentAtMs: sentAtMs };
}

/** The number `n` of a request id `<n>.<random>`, or null. */
export function requestNumber(requestId: string): number | null {
  const match = /^(\d{1,9})\.[A-Za-z0-9_-]+$/.exec(requestId);
  return match ? Number(match[1]) : null;
}

function request(
  state: UrgentRedirectState,
  address: string,
  nowMs: number,
): { state: UrgentRedirectState; change: UrgentRedirectChange } {
  const { count, windowMs } = URGENT_REDIRECT_REQUEST_LIMIT;
  const recent = state.requestTimesMs.filter((ms) => ms > nowMs - windowMs && ms <= nowMs);
  if (recent.length >= count) {
    return { state, change: { kind: 'limited', retryAtMs: recent[recent.length - count] + windowMs } };
  }
  const requestId = `${(state.requestId ? (requestNumber(state.requestId) ?? 0) : 0) + 1}.${randomBytes(9).toString('base64url')}`;
  return {
    state: {
      ...state,
      pending: address,
      pendingSinceMs: nowMs,
      linkSentAtMs: null,
      requestId,
      requestTimesMs: [...recent, nowMs],
    },
    change: { kind: 'requested', requestId },
  };
}
