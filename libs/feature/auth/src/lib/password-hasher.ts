import { Injectable } from '@nestjs/common';
import { argon2id, hash, verify } from 'argon2';

/** OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane): strong, and quick enough for a laptop server. */
const OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return verify(passwordHash, password);
  }

  /** Spends the time of a real verification, so a login for an unknown email answers no faster. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= hash('no account has this password', OPTIONS);
    await verify(await this.dummyHash, password);
    return false;
  }
}
