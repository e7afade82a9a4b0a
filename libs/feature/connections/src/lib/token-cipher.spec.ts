import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@loadwatch/shared/config';
import { TokenCipher } from './token-cipher';

function cipherWith(key: Buffer): TokenCipher {
  return new TokenCipher({ connections: { tokenKey: key, strava: null } } as unknown as AppConfig);
}

/** Flips one bit of the base64url part `index` (1: IV, 2: tag, 3: ciphertext) of a sealed value. */
function flip(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('TokenCipher (AES-256-GCM, tokens at rest)', () => {
  const key = randomBytes(32);
  const cipher = cipherWith(key);

  it.each([
    ['an access token', 'a4b945687g...ba0d6e6b1f1b8', 'access-token'],
    ['an empty value', '', 'refresh-token'],
    ['non-ASCII text', 'Läufer 🏃 über 42,195 km', 'oauth-state'],
    ['a long value', 'x'.repeat(10_000), 'oauth-state'],
  ])('round-trips %s', (_case, plain, purpose) => {
    const sealed = cipher.seal(plain, purpose);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
    expect(plain !== '' && sealed.includes(plain)).toBe(false);
    expect(cipher.open(sealed, purpose)).toBe(plain);
  });

  it('seals the same value differently each time (a fresh IV), both opening to it', () => {
    const first = cipher.seal('same token', 'access-token');
    const second = cipher.seal('same token', 'access-token');
    expect(first).not.toBe(second);
    expect([cipher.open(first, 'access-token'), cipher.open(second, 'access-token')]).toEqual([
      'same token',
      'same token',
    ]);
  });

  it('opens with another instance on the same key (another process)', () => {
    const sealed = cipher.seal('shared', 'refresh-token');
    expect(cipherWith(Buffer.from(key)).open(sealed, 'refresh-token')).toBe('shared');
  });

  it.each([
    ['the IV', 1],
    ['the tag', 2],
    ['the ciphertext', 3],
  ])('detects a change of %s', (_case, index) => {
    const sealed = cipher.seal('refresh me', 'refresh-token');
    expect(() => cipher.open(flip(sealed, index), 'refresh-token')).toThrow();
  });

  it.each([
    ['another purpose (a refresh token passed off as an OAuth state)', (s: string) => s, 'oauth-state'],
    ['another version', (s: string) => s.replace(/^v1\./, 'v2.'), 'refresh-token'],
    ['a truncated value', (s: string) => s.split('.').slice(0, 2).join('.'), 'refresh-token'],
    ['not a sealed value at all', () => 'plain-token', 'refresh-token'],
    ['an empty string', () => '', 'refresh-token'],
  ])('refuses %s', (_case, change, purpose) => {
    const sealed = cipher.seal('refresh me', 'refresh-token');
    expect(() => cipher.open(change(sealed), purpose)).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const sealed = cipherWith(randomBytes(32)).seal('refresh me', 'refresh-token');
    expect(() => cipher.open(sealed, 'refresh-token')).toThrow();
  });

  it.each([0, 16, 31, 33, 64])('refuses a key of %i bytes', (length) => {
    expect(() => cipherWith(randomBytes(length))).toThrow(/must be 32 bytes/);
  });
});
