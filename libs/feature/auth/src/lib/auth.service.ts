import { ConflictException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  SessionsRepository,
  UsersRepository,
  type SessionEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import type { AuthTokensResponse } from '@loadwatch/shared/contracts';
import { ACCESS_TOKEN_TYPE, type AccessTokenPayload } from './access-token';
import type { LoginDto, RegisterDto } from './auth.dto';
import { newOpaqueToken, sha256Hex } from './opaque-token';
import { PasswordHasher } from './password-hasher';

const INVALID_LOGIN = 'Invalid email or password';
const INVALID_REFRESH = 'The refresh token is not valid: sign in again';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
  ) {}

  async register(input: RegisterDto): Promise<AuthTokensResponse> {
    const user = await this.users.create({
      email: input.email,
      passwordHash: await this.hasher.hash(input.password),
      role: input.role ?? 'athlete',
      displayName: input.displayName?.trim() || null,
    });
    if (!user) throw new ConflictException('An account with this email already exists: sign in instead');
    this.logger.log(`Account ${user.id} registered as ${user.role}.`);
    return this.openSession(user);
  }

  /** One answer for an unknown email and a wrong password, taking the same time. */
  async login(input: LoginDto): Promise<AuthTokensResponse> {
    const user = await this.users.findByEmail(input.email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, input.password)
      : await this.hasher.verifyNothing(input.password);
    if (!user || !valid) throw new UnauthorizedException(INVALID_LOGIN);
    return this.openSession(user);
  }

  /**
   * Trades a refresh token for a new pair and retires it. A retired token presented again means it was copied:
   * the whole session family is revoked, so the copy stops working (and its owner signs in again).
   */
  async refresh(refreshToken: string, nowMs = Date.now()): Promise<AuthTokensResponse> {
    const session = await this.sessions.findByTokenHash(sha256Hex(refreshToken));
    if (!session) throw new UnauthorizedException(INVALID_REFRESH);
    if (session.replacedById !== null) await this.rejectReuse(session);
    if (session.revokedAtMs !== null) throw new UnauthorizedException('The session has ended: sign in again');
    if (session.expiresAtMs <= nowMs)
      throw new UnauthorizedException('The refresh token has expired: sign in again');
    const user = await this.users.findById(session.userId);
    if (!user) throw new UnauthorizedException(INVALID_REFRESH);

    const next = newOpaqueToken();
    const expiresAtMs = nowMs + this.config.auth.refreshTokenTtlS * 1000;
    const rotated = await this.sessions.rotate(
      session.id,
      { userId: user.id, refreshTokenHash: sha256Hex(next), expiresAtMs },
      nowMs,
    );
    if (!rotated) await this.rejectReuse(session);
    return this.tokens(user, next, expiresAtMs);
  }

  /** Ends the session of this refresh token (and any it was rotated into). Unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<void> {
    const session = await this.sessions.findByTokenHash(sha256Hex(refreshToken));
    if (!session) return;
    await this.sessions.revokeFamilyFrom(session.id);
    this.logger.log(`Session ${session.id} of account ${session.userId} ended by logout.`);
  }

  private async rejectReuse(session: SessionEntity): Promise<never> {
    const revoked = await this.sessions.revokeFamilyFrom(session.id);
    this.logger.warn(
      `A rotated refresh token of account ${session.userId} was presented again (session ${session.id}); ` +
        `${revoked} session(s) of its family revoked.`,
    );
    throw new UnauthorizedException(
      'This refresh token was already used, so the session was ended: sign in again',
    );
  }

  private async openSession(user: UserEntity): Promise<AuthTokensResponse> {
    const refreshToken = newOpaqueToken();
    const expiresAtMs = Date.now() + this.config.auth.refreshTokenTtlS * 1000;
    await this.sessions.create({ userId: user.id, refreshTokenHash: sha256Hex(refreshToken), expiresAtMs });
    return this.tokens(user, refreshToken, expiresAtMs);
  }

  private async tokens(
    user: UserEntity,
    refreshToken: string,
    expiresAtMs: number,
  ): Promise<AuthTokensResponse> {
    const payload: AccessTokenPayload = { sub: user.id, typ: ACCESS_TOKEN_TYPE };
    return {
      tokenType: 'Bearer',
      accessToken: await this.jwt.signAsync(payload),
      expiresInS: this.config.auth.accessTokenTtlS,
      refreshToken,
      refreshTokenExpiresAt: new Date(expiresAtMs).toISOString(),
      user: { id: user.id, email: user.email, role: user.role, displayName: user.displayName },
    };
  }
}
