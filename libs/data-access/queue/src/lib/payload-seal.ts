import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * A secret that a job must carry (an invitation token, which the database keeps only hashed), sealed with
 * AES-256-GCM under a key derived from a configured secret: Redis and the failed-jobs list admins see hold
 * only the sealed form. `purpose` separates the keys of different payloads.
 */
export function sealPayloadSecret(secret: string, purpose: string, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, purpose), iv);
  const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

/** Throws when the value was sealed under another secret or purpose, or was altered. */
export function unsealPayloadSecret(secret: string, purpose: string, sealed: string): string {
  const [iv, tag, data, extra] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !data || extra) throw new Error('A sealed value has three parts');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, purpose), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

function keyOf(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`payload-seal:${purpose}`).digest();
}
