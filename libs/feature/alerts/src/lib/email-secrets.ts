import { createHmac, timingSafeEqual } from 'node:crypto';
import { OPTIONAL_EMAIL_KINDS, type EmailKind } from '@loadwatch/shared/contracts';

/**
 * Signed one-click unsubscribe tokens, one per recipient and email kind: `<payload>.<HMAC-SHA256>`, both
 * base64url. They do not expire (an old email's link keeps working) and carry no email address.
 */
export function unsubscribeToken(secret: string, recipientId: string, kind: EmailKind): string {
  const payload = Buffer.from(`${recipientId}:${kind}`).toString('base64url');
  return `${payload}.${sign(secret, `unsubscribe:${payload}`)}`;
}

export type UnsubscribeKind = (typeof OPTIONAL_EMAIL_KINDS)[number];

/** The recipient and kind of a valid token; null when it is malformed or its signature is wrong. */
export function readUnsubscribeToken(
  secret: string,
  token: string,
): { recipientId: string; kind: EmailKind } | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, `unsubscribe:${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [recipientId, kind] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  const kinds: readonly string[] = ['urgent-alert', ...OPTIONAL_EMAIL_KINDS];
  if (!recipientId || !kinds.includes(kind)) return null;
  return { recipientId, kind: kind as EmailKind };
}

/**
 * The link of an urgent-alert redirect's confirmation email: the account, its request and when the link
 * expires, signed like the unsubscribe tokens under their own prefix (neither kind passes for the other). No
 * email address: the request id names the pending one, and a later request makes this one stale.
 */
export function urgentRedirectToken(
  secret: string,
  userId: string,
  requestId: string,
  expiresAtMs: number,
): string {
  const payload = Buffer.from(`${userId}:${requestId}:${expiresAtMs}`).toString('base64url');
  return `${payload}.${sign(secret, `urgent-redirect:${payload}`)}`;
}

/** What a valid token names (expired or not: the caller says which); null when malformed or forged. */
export function readUrgentRedirectToken(
  secret: string,
  token: string,
): { userId: string; requestId: string; expiresAtMs: number } | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  if (!signatureMatches(sign(secret, `urgent-redirect:${payload}`), signature)) return null;
  const [userId, requestId, expires, more] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  const expiresAtMs = Number(expires);
  if (!userId || !requestId || more !== undefined || !Number.isSafeInteger(expiresAtMs)) return null;
  return { userId, requestId, expiresAtMs };
}

function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sign(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}
