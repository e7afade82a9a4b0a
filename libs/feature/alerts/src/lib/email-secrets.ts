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

function sign(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}
