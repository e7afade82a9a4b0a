import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';

const VERSION = 'v1';

/**
 * AES-256-GCM for provider tokens at rest (and OAuth state): `v1.<iv>.<tag>.<ciphertext>`, base64url, with a
 * fresh 96-bit IV per value. `purpose` is authenticated data, so a value sealed for one use (a refresh token)
 * cannot be passed off as another (an OAuth state).
 */
@Injectable()
export class TokenCipher {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = config.connections.tokenKey;
    if (this.key.length !== 32) throw new Error('The connections token key must be 32 bytes');
  }

  seal(plain: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data].map(encode).join('.');
  }

  /** Throws when the value was not sealed with this key and purpose (tampered, or another key). */
  open(sealed: string, purpose: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
