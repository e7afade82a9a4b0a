import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a URL or a body: 256 bits, base64url (43 characters). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How opaque tokens are stored: only their sha256, so a database leak yields no usable token. */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const OPAQUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
